// Staff routes over notifications: the clinic's message settings, messages that could not be
// delivered (dead letters) and retrying them, and a booking's own message choices (the
// per-booking override).

import { bookingPreferencesSchema } from "@bookwell/engine";
import { z } from "zod";
import {
  previewMessage,
  retryDeadMessage,
  saveNotificationSettings,
  setVisitNotifications,
} from "../../commands/notifications.js";
import { listDeadLetters } from "../../notify/dead-letters.js";
import { bookingPreferences } from "../../notify/planner.js";
import {
  messageSettingsSchema,
  storedMessageSettings,
  templateOverridesSchema,
} from "../../notify/stored-settings.js";
import type { TemplateOverrides } from "../../notify/templates.js";
import { visibleAppointment } from "../../services/staff-appointments.js";
import { asBody, commandReply, jsonAnswer } from "../command-reply.js";
import { routesAt } from "../group.js";
import { ok } from "../responses.js";
import { integer, limit } from "../schemas/common.js";
import { appointmentRoutes, DESK, MANAGER, staffRoute } from "./shared.js";

const deadLetter = z.object({
  id: z.string(),
  type: z.string(),
  kind: z.string().optional(),
  channel: z.string().optional(),
  appointmentId: z.string().optional(),
  attempts: integer,
  lastError: z.string().optional(),
  dueAt: z.string(),
  createdAt: z.string(),
  retriedAs: z.string().optional(),
});

/** The staff routes under `/v1/staff/notifications`. */
const notifications = routesAt(staffRoute, "/v1/staff/notifications");

/** `GET /v1/staff/notifications/dead` */
export const listDead = notifications.get("/dead", {
  operationId: "staffListDeadLetters",
  summary: "Messages that failed every attempt (no tokens or contact data shown)",
  roles: MANAGER,
  query: z.object({ limit }),
  ...jsonAnswer(200, "Dead letters, newest first", { deadLetters: z.array(deadLetter) }),
  load: ({ query }, ctx) => listDeadLetters(ctx.app.storage, ctx.clinic.id, { limit: query.limit }),
});

/** `POST /v1/staff/notifications/dead/:id/retry` */
export const retryDead = staffRoute({
  method: "post",
  path: "/v1/staff/notifications/dead/:id/retry",
  operationId: "staffRetryDeadLetter",
  summary: "Queue a dead message again (same delivery id, so receivers can drop duplicates)",
  description:
    "While an earlier retry of the message is queued, being sent or delivered, answers that retry's id and queues nothing.",
  roles: MANAGER,
  params: z.object({ id: z.string().min(1).max(400) }),
  ...jsonAnswer(202, "Queued", { queuedAs: z.string() }, (row: { id: string }) => row.id),
  command: ({ params }, work) => retryDeadMessage(work, params.id),
});

const preferencesBody = z.strictObject(bookingPreferencesSchema.shape);
const preferencesOut = z.object({
  appointmentId: z.string(),
  notifications: z
    .object({
      send: z.boolean().optional(),
      reminderOffsetsMinutes: z.array(integer).optional(),
      channels: z.array(z.string()).optional(),
    })
    .meta({
      description: "The booking's own choices; absent fields follow the provider and clinic",
    }),
});

/** The answer naming a booking's own message choices. */
function choicesReply(choices: { appointmentId: string; preferences: unknown }) {
  return {
    status: 200,
    body: { appointmentId: choices.appointmentId, notifications: choices.preferences },
  };
}

/** `GET /v1/staff/appointments/:id/notifications` */
export const getBookingNotifications = appointmentRoutes.get("/notifications", {
  operationId: "staffGetBookingNotifications",
  summary: "A booking's own message choices (send flag, reminder offsets, channels)",
  responses: ok("The choices", preferencesOut),
  load: async ({ params }, ctx) => {
    const appointment = await visibleAppointment(ctx, ctx.app.storage, params.id);
    return { appointmentId: appointment.id, preferences: bookingPreferences(appointment) };
  },
  reply: choicesReply,
});

/** `PUT /v1/staff/appointments/:id/notifications` */
export const putBookingNotifications = appointmentRoutes.put("/notifications", {
  operationId: "staffPutBookingNotifications",
  summary: "Replace a booking's own message choices; reminders are planned again at once",
  description:
    "`{}` clears them (the provider's and clinic's settings apply). `send: false` stops every message of the booking not yet sent, a confirmation still in its coalescing delay included; `reminderOffsetsMinutes` and `channels` replace the reminders planned so far.",
  body: preferencesBody,
  responses: ok("The stored choices", preferencesOut),
  command: ({ params, body }, work) =>
    setVisitNotifications(work, params.id, Object.keys(body).length === 0 ? null : body),
  reply: choicesReply,
});

const settingsOut = z.object({
  settings: z.record(z.string(), z.unknown()),
  providers: z.array(z.record(z.string(), z.unknown())),
  templates: z.record(z.string(), z.unknown()),
  version: integer.meta({ description: "0 while nothing is stored" }),
  updatedAt: z.string().nullable(),
});

/** `GET /v1/staff/notifications/settings` */
export const getMessageSettingsRoute = notifications.get("/settings", {
  operationId: "staffGetMessageSettings",
  summary: "The clinic's message settings, provider preferences and own texts (only what it set)",
  roles: DESK,
  responses: ok("The stored settings", settingsOut),
  handler: async (_input, ctx) => {
    const record = await ctx.app.storage.getMessageSettings(ctx.clinic.id);
    const stored = storedMessageSettings(record);
    return {
      status: 200,
      body: {
        settings: stored?.settings ?? {},
        providers: stored?.providers ?? [],
        templates: stored?.templates ?? {},
        version: record?.version ?? 0,
        updatedAt: record?.updatedAt ?? null,
      },
    };
  },
});

/** `PUT /v1/staff/notifications/settings` */
export const putMessageSettingsRoute = notifications.put("/settings", {
  operationId: "staffPutMessageSettings",
  summary: "Replace the clinic's message settings, provider preferences and own texts",
  description:
    "What is left out follows the server's defaults and the engine's. `expectedVersion` (0 = nothing stored yet) makes a concurrent change a 409. Applies to messages planned and sent from now on; a switched-off type or send flag also stops messages already planned.",
  roles: MANAGER,
  body: messageSettingsSchema.extend({
    expectedVersion: integer.min(0).optional(),
  }),
  responses: ok("The stored settings", settingsOut),
  handler: async ({ body }, ctx) => {
    const { expectedVersion, ...settings } = body;
    return commandReply(
      ctx,
      (work) => saveNotificationSettings(work, settings, expectedVersion),
      (record) => ({
        status: 200,
        body: {
          settings: record.settings,
          providers: record.providers,
          templates: record.templates,
          version: record.version,
          updatedAt: record.updatedAt,
        },
      }),
    );
  },
});

/** `POST /v1/staff/notifications/preview` body. */
const previewBody = z.strictObject({
  kind: z.enum(["new", "rescheduled", "canceled", "no_show", "reminder"]),
  language: z.enum(["en", "pt", "es"]),
  templates: templateOverridesSchema.optional().meta({
    description: "Texts not saved yet, laid over the clinic's stored ones",
  }),
});

/** `POST /v1/staff/notifications/preview` */
export const previewMessageRoute = notifications.post("/preview", {
  operationId: "staffPreviewMessage",
  summary: "The real message of one kind in one language, for a sample visit (nothing is sent)",
  description:
    "Rendered by the templates the outbox worker sends with: the clinic's name and contacts, its first service and therapist, a visit tomorrow at 10:00 in the clinic's zone, the clinic's stored texts with `templates` laid over them. For the setup wizard's live preview while a manager types.",
  roles: MANAGER,
  body: previewBody,
  responses: ok(
    "The message",
    z.object({
      subject: z.string(),
      text: z.string(),
      html: z.string(),
      short: z.string().meta({ description: "The SMS / WhatsApp text" }),
    }),
  ),
  // The schema's optional parts read `| undefined`; the texts are the same shape.
  command: ({ body }, work) =>
    previewMessage(work, { ...body, templates: body.templates as TemplateOverrides | undefined }),
  reply: asBody(200),
});
