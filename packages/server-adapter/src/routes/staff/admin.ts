// Staff administration: who am I, day/range views with status counts, audit trail, API keys,
// clinic settings.

import { type AppointmentStatus, countStatuses } from "@bookwell/engine";
import { z } from "zod";
import { canAccessCalendar } from "../../auth/principal.js";
import { clinicCountry } from "../../commands/public-holidays.js";
import { changeSettings, createApiKey, revokeApiKey } from "../../commands/setup.js";
import { DEFAULT_WAITLIST_HOLD_MINUTES } from "../../commands/waitlist.js";
import type { RequestContext } from "../../services/context.js";
import { setFields } from "../../services/fields.js";
import { presentStaffAppointment, principalOf } from "../../services/staff-appointments.js";
import type { ApiKeyRecord, ClinicSettings } from "../../storage/storage.js";
import { each, jsonAnswer } from "../command-reply.js";
import { created, ok } from "../responses.js";
import { integer } from "../schemas/common.js";
import { idParam } from "../schemas/public.js";
import {
  auditQuery,
  createApiKeyBody,
  dayViewQuery,
  patchSettingsBody,
  rangeViewQuery,
  settingsResponse,
  staffAppointment,
} from "../schemas/staff.js";
import { DESK, MANAGER, staffRoute } from "./shared.js";

/** `GET /v1/staff/me` */
export const me = staffRoute({
  method: "get",
  path: "/v1/staff/me",
  operationId: "staffMe",
  summary:
    "Who the credentials belong to: clinic (zone, locale, currency), role, granted calendars",
  responses: ok(
    "The principal",
    z.object({
      clinicId: z.string(),
      role: z.string(),
      actorId: z.string(),
      calendarIds: z.array(z.string()).nullable(),
      clinic: z
        .object({ timeZone: z.string(), locale: z.string(), currency: z.string() })
        .meta({ description: "The clinic's zone, locale and currency, for dates and money" }),
    }),
  ),
  handler: async (_input, ctx) => {
    const p = principalOf(ctx);
    return {
      status: 200,
      body: {
        clinicId: p.clinicId,
        role: p.role,
        actorId: p.actorId,
        calendarIds: p.role === "provider" ? [...(p.calendarIds ?? [])] : null,
        clinic: {
          timeZone: ctx.clinic.timeZone,
          locale: ctx.clinic.locale,
          currency: ctx.clinic.currency,
        },
      },
    };
  },
});

const viewResponse = z.object({
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  calendars: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.string(),
      member: z
        .object({ id: z.string(), name: z.string() })
        .optional()
        .meta({ description: "The team member a provider calendar belongs to" }),
    }),
  ),
  appointments: z.array(staffAppointment),
  counts: z.object({
    total: integer,
    statuses: z.array(z.object({ status: z.string(), count: integer })),
    days: z.array(z.unknown()),
  }),
});

async function view(
  ctx: RequestContext,
  from: string,
  to: string,
  calendarParam: string | undefined,
  includeHidden: boolean,
) {
  const principal = principalOf(ctx);
  const zone = ctx.clinic.timeZone;
  const all = await ctx.app.storage.listCalendars(ctx.clinic.id);
  const wanted = calendarParam ? new Set(calendarParam.split(",").map((s) => s.trim())) : null;
  const calendars = all.filter(
    (c) => canAccessCalendar(principal, c.id) && (!wanted || wanted.has(c.id)),
  );
  const fromMs = Date.parse(`${from}T00:00:00Z`) - 86_400_000;
  const toMs = Date.parse(`${to}T00:00:00Z`) + 2 * 86_400_000;
  const [appointments, services] = await Promise.all([
    calendars.length === 0
      ? Promise.resolve([])
      : ctx.app.storage.listAppointments(ctx.clinic.id, {
          calendarIds: calendars.map((c) => c.id),
          from: new Date(fromMs),
          to: new Date(toMs),
        }),
    ctx.app.storage.listServices(ctx.clinic.id),
  ]);
  const memberIds = [...new Set(calendars.flatMap((c) => (c.memberId ? [c.memberId] : [])))];
  const names = new Map(
    (memberIds.length === 0
      ? []
      : await ctx.app.storage.listMembers(ctx.clinic.id, { ids: memberIds })
    ).map((m) => [m.id, m.name]),
  );
  const counts = countStatuses({
    appointments: appointments.map((a) => ({ id: a.id, start: a.start, status: a.status })),
    from,
    to,
    timeZone: zone,
    includeHidden,
  });
  const byId = new Map(services.map((s) => [s.id, s]));
  const hidden = new Set<AppointmentStatus>(includeHidden ? [] : ["canceled", "rebooked"]);
  // A visit is shown on every local day it occupies: one running past midnight also appears on
  // the next day (from 00:00); one ending exactly at midnight does not. Counts go by start day.
  const occupiesRange = (start: string, end: string) => {
    const endDay = end.slice(0, 10);
    const endsAtMidnight = end.slice(11, 19) === "00:00:00";
    return start.slice(0, 10) <= to && (endDay > from || (endDay === from && !endsAtMidnight));
  };
  const shown = appointments
    .filter((a) => !hidden.has(a.status))
    .map((a) => presentStaffAppointment(a, byId.get(a.serviceId), zone))
    .filter((a) => occupiesRange(String(a.start), String(a.end)));
  return {
    status: 200,
    body: {
      timeZone: zone,
      from,
      to,
      calendars: calendars.map((c) => ({
        id: c.id,
        name: c.name,
        kind: c.kind,
        ...(c.memberId !== undefined && names.has(c.memberId)
          ? { member: { id: c.memberId, name: names.get(c.memberId) as string } }
          : {}),
      })),
      appointments: shown,
      counts: { total: counts.total, statuses: counts.statuses, days: counts.days },
    },
  };
}

/** A calendar view of local days (`day`: one, `range`: several): calendars, appointments, counts. */
function viewRoute(
  kind: "day" | "range",
  summary: string,
  query: typeof dayViewQuery | typeof rangeViewQuery,
) {
  return staffRoute({
    method: "get",
    path: `/v1/staff/views/${kind}`,
    operationId: kind === "day" ? "staffDayView" : "staffRangeView",
    summary,
    query,
    responses: ok(`The ${kind}`, viewResponse),
    handler: async ({ query: q }, ctx) => {
      const [from, to] = "date" in q ? [q.date, q.date] : [q.from, q.to];
      return view(ctx, from, to, q.calendarIds, q.includeHidden === "true");
    },
  });
}

/** `GET /v1/staff/views/day` */
export const dayView = viewRoute(
  "day",
  "One local day: calendars, appointments and counts by status",
  dayViewQuery,
);

/** `GET /v1/staff/views/range` */
export const rangeView = viewRoute(
  "range",
  "Several local days: calendars, appointments and counts by status per day",
  rangeViewQuery,
);

/** `GET /v1/staff/audit` */
export const listAudit = staffRoute({
  method: "get",
  path: "/v1/staff/audit",
  operationId: "staffListAudit",
  summary: "The audit trail, oldest first; page with afterSeq",
  roles: DESK,
  query: auditQuery,
  responses: ok(
    "Audit entries",
    z.object({
      entries: z.array(
        z.object({
          seq: integer,
          at: z.string(),
          actor: z.string(),
          action: z.string(),
          entityType: z.string(),
          entityId: z.string(),
          detail: z.record(z.string(), z.unknown()),
        }),
      ),
      nextAfterSeq: integer.nullable(),
    }),
  ),
  handler: async ({ query }, ctx) => {
    const entries = await ctx.app.storage.listAudit(ctx.clinic.id, {
      ...setFields(query, [
        "entityType",
        "entityId",
        "actor",
        "appointmentId",
        "clientId",
        "from",
        "to",
      ]),
      ...(query.afterSeq !== undefined ? { afterSeq: query.afterSeq } : {}),
      limit: query.limit,
    });
    const last = entries.at(-1);
    return {
      status: 200,
      body: {
        entries: entries.map(({ clinicId: _c, ...e }) => e),
        nextAfterSeq: entries.length === query.limit && last ? last.seq : null,
      },
    };
  },
});

const apiKeyOut = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  calendarIds: z.array(z.string()),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
});

function presentKey(k: ApiKeyRecord) {
  return {
    id: k.id,
    name: k.name,
    role: k.role,
    calendarIds: k.calendarIds,
    createdAt: k.createdAt,
    ...(k.revokedAt ? { revokedAt: k.revokedAt } : {}),
  };
}

/** `GET /v1/staff/api-keys` */
export const listKeys = staffRoute({
  method: "get",
  path: "/v1/staff/api-keys",
  operationId: "staffListApiKeys",
  summary: "API keys (never their secrets)",
  roles: MANAGER,
  ...jsonAnswer(200, "Keys", { apiKeys: z.array(apiKeyOut) }, each(presentKey)),
  load: (_input, ctx) => ctx.app.storage.listApiKeys(ctx.clinic.id),
});

/** `POST /v1/staff/api-keys` */
export const createKey = staffRoute({
  method: "post",
  path: "/v1/staff/api-keys",
  operationId: "staffCreateApiKey",
  summary: "Create an API key; the secret is shown once",
  roles: MANAGER,
  body: createApiKeyBody,
  responses: created(
    "The key and its secret (store it now: only its SHA-256 is kept)",
    z.object({ apiKey: apiKeyOut, secret: z.string() }),
  ),
  command: ({ body }, work) => createApiKey(work, body),
  reply: ({ key, secret }) => ({
    status: 201,
    headers: { "cache-control": "no-store" },
    body: { apiKey: presentKey(key), secret },
  }),
});

/** `DELETE /v1/staff/api-keys/:id` */
export const revokeKey = staffRoute({
  method: "delete",
  path: "/v1/staff/api-keys/:id",
  operationId: "staffRevokeApiKey",
  summary: "Revoke an API key at once",
  roles: MANAGER,
  params: idParam,
  responses: { 204: "Revoked" },
  command: ({ params }, work) => revokeApiKey(work, params.id),
  reply: () => ({ status: 204 }),
});

function presentSettings(c: ClinicSettings & { id: string; version: number }) {
  return {
    id: c.id,
    name: c.name,
    timeZone: c.timeZone,
    locale: c.locale,
    currency: c.currency,
    allowedOrigins: c.allowedOrigins,
    ...setFields(c, ["taxId", "address", "phone", "email", "brandColor", "logoUrl", "country"]),
    ...setFields({ holidayCountry: clinicCountry(c) }, ["holidayCountry"]),
    waitlistMode: c.waitlistMode ?? "first_in_line",
    waitlistHoldMinutes: c.waitlistHoldMinutes ?? DEFAULT_WAITLIST_HOLD_MINUTES,
    refundOnFreeCancel: c.refundOnFreeCancel ?? true,
    version: c.version,
  };
}

const settingsAnswer = jsonAnswer(200, "Settings", settingsResponse.shape, presentSettings);

/** `GET /v1/staff/settings` */
export const getSettings = staffRoute({
  method: "get",
  path: "/v1/staff/settings",
  operationId: "staffGetSettings",
  summary: "The clinic's settings (name, zone, locale, currency, allowed origins…)",
  roles: MANAGER,
  ...settingsAnswer,
  load: async (_input, ctx) => ctx.clinic,
});

/** `PATCH /v1/staff/settings` */
export const patchSettings = staffRoute({
  method: "patch",
  path: "/v1/staff/settings",
  operationId: "staffPatchSettings",
  summary: "Change the clinic's settings (only the fields sent; null clears)",
  roles: MANAGER,
  body: patchSettingsBody,
  ...settingsAnswer,
  command: ({ body }, work) => changeSettings(work, body),
  runs: "catalog",
});
