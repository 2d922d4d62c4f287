// The outbox row contract between the booking service (which writes change rows in its
// transaction) and the notification worker (which plans, renders and delivers them).
// Documented in docs/server/notifications.md; keep the two in step.

import { z } from "zod";
import type { JsonObject, OutboxRecord } from "../storage/storage.js";

/** What a message is about. `new` is the booking confirmation. */
export type NotificationKind = "new" | "rescheduled" | "canceled" | "no_show" | "reminder";

/** Where a message goes out. */
export type ChannelName = "email" | "sms" | "whatsapp";

/** Every kind, in a stable order. */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  "new",
  "rescheduled",
  "canceled",
  "no_show",
  "reminder",
];

/**
 * Change rows the booking service writes in the booking transaction, and the change each stands
 * for. The `email.` prefix is historical: the channels come from the clinic's settings.
 */
export const CHANGE_ROW_TYPES = {
  "email.booking_confirmed": "created",
  "email.booking_rescheduled": "rescheduled",
  "email.booking_canceled": "canceled",
  "email.booking_no_show": "no_show",
} as const satisfies Record<string, "created" | "rescheduled" | "canceled" | "no_show">;

/** A change row type (see {@link CHANGE_ROW_TYPES}). */
export type ChangeRowType = keyof typeof CHANGE_ROW_TYPES;

/** A planned delivery: one message on one channel (written by the worker). */
export const MESSAGE_ROW_TYPE = "notify.message";
/** A wake-up at the end of a coalescing window (written by the worker). */
export const WAKE_ROW_TYPE = "notify.wake";

/**
 * Tells whether an outbox type is a change row the worker plans messages from.
 *
 * @example
 * isChangeRowType("email.booking_confirmed"); // true
 */
export function isChangeRowType(type: string): type is ChangeRowType {
  return Object.hasOwn(CHANGE_ROW_TYPES, type);
}

const money = z.object({ amount: z.number().int(), currency: z.string().min(3).max(3) });

/**
 * The payload of a change row. Only `appointmentId` is required; everything the message shows is
 * read fresh from storage at planning time. Unknown fields are ignored (never copied into a
 * message), so a payload can never leak notes into a rendered message.
 */
export const changePayloadSchema = z.object({
  appointmentId: z.string().min(1),
  /** The patient's manage token (plain), so the message can carry the manage link. */
  manageToken: z.string().min(1).optional(),
  /** BCP 47 locale the patient chose (else the appointment's `locale`, else the clinic's). */
  locale: z.string().min(2).optional(),
  /** A cancellation / no-show fee to state in the message. */
  fee: money.nullable().optional(),
  /**
   * The visit was booked with others of a series, and one `notify.series` e-mail confirms them
   * all: no e-mail confirmation of its own (its reminders, other channels and provider notices
   * are planned as for any visit).
   */
  inSeries: z.boolean().optional(),
});
/** The payload of a change row. */
export type ChangePayload = z.infer<typeof changePayloadSchema>;

/** The payload of a `notify.wake` row: the change row's fields plus where planning resumes. */
export const wakePayloadSchema = changePayloadSchema.extend({
  v: z.literal(1),
  /** Messages of bursts that ended before this instant were planned by earlier rows. */
  since: z.string(),
});
/** The payload of a `notify.wake` row. */
export type WakePayload = z.infer<typeof wakePayloadSchema>;

/** The payload of a `notify.message` row: one message on one channel. */
export const messagePayloadSchema = z.object({
  v: z.literal(1),
  kind: z.enum(["new", "rescheduled", "canceled", "no_show", "reminder"]),
  channel: z.enum(["email", "sms", "whatsapp"]),
  /** The first appointment of the booking's reschedule chain: the calendar UID comes from it. */
  rootId: z.string().min(1),
  /** The appointment the message is about (the chain's head when it was planned). */
  appointmentId: z.string().min(1),
  /** The start the message states (UTC ISO). */
  start: z.string().optional(),
  /** The start the client knew before (rescheduled). */
  previousStart: z.string().optional(),
  /** Calendar SEQUENCE: grows with every change of the booking. */
  sequence: z.number().int().min(0),
  /** The engine's key of the message (change burst or reminder). */
  key: z.string().min(1),
  /** How many changes the burst stood for when planned: sending checks it still does. */
  changes: z.number().int().min(1).optional(),
  offsetMinutes: z.number().int().optional(),
  /** `provider`: a notice to the visit's provider (staff texts, no manage link, no invite). */
  audience: z.enum(["client", "provider"]).optional(),
  /** Stable id used for the Message-ID and the webhook's Idempotency-Key (default: the row id). */
  deliveryId: z.string().min(1).optional(),
  manageToken: z.string().min(1).optional(),
  locale: z.string().min(2).optional(),
  fee: money.nullable().optional(),
});
/** The payload of a `notify.message` row. */
export type MessagePayload = z.infer<typeof messagePayloadSchema>;

/**
 * Strips an outbox row's payload down to what staff may see (no manage token, no contact data),
 * for a dead-letter list on a staff route.
 *
 * @example
 * redactPayload({ appointmentId: "apt_1", manageToken: "secret" }); // { appointmentId: "apt_1" }
 */
export function redactPayload(payload: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of ["appointmentId", "kind", "channel", "rootId", "start", "offsetMinutes"]) {
    const value = payload[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** A stored row with its payload redacted (see {@link redactPayload}). */
export type RedactedOutboxRecord = Omit<OutboxRecord, "payload"> & { payload: JsonObject };
