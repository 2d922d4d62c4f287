// Staff calendars: providers, rooms and equipment with weekly shifts, date overrides and time off.

import { z } from "zod";
import { canAccessCalendar } from "../../auth/principal.js";
import {
  addCalendar,
  addCalendarOverride,
  addCalendarTimeOff,
  changeCalendar,
  removeCalendarOverrides,
} from "../../commands/setup.js";
import type { Command } from "../../commands/unit-of-work.js";
import type { RequestContext } from "../../services/context.js";
import { principalOf } from "../../services/staff-appointments.js";
import { visibleCalendar } from "../../services/visibility.js";
import type { CalendarRecord } from "../../storage/storage.js";
import { catalogReply, replyAs } from "../command-reply.js";
import { idParam } from "../schemas/public.js";
import {
  addOverrideBody,
  addTimeOffBody,
  createCalendarBody,
  listCalendarsQuery,
  overrideDateParams,
  patchCalendarBody,
  staffCalendar,
} from "../schemas/staff.js";
import { DESK, namedFields, staffRoute } from "./shared.js";

const calendarResponse = z.object({ calendar: staffCalendar });

function present(c: CalendarRecord) {
  const { clinicId: _c, ...rest } = c;
  return rest;
}

/** Runs a calendar command through {@link catalogReply} and answers the saved calendar. */
function saved(ctx: RequestContext, command: Command<CalendarRecord>, status = 200) {
  return catalogReply(ctx, command, (calendar) => ({
    status,
    body: { calendar: present(calendar) },
  }));
}

/** `GET /v1/staff/calendars` */
export const listCalendars = staffRoute({
  method: "get",
  path: "/v1/staff/calendars",
  operationId: "staffListCalendars",
  summary: "Calendars you may see (providers: only those granted to you)",
  query: listCalendarsQuery,
  responses: {
    200: { description: "Calendars", schema: z.object({ calendars: z.array(staffCalendar) }) },
  },
  handler: async ({ query }, ctx) => {
    const principal = principalOf(ctx);
    const all = await ctx.app.storage.listCalendars(ctx.clinic.id, {
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.active === "true" ? { activeOnly: true } : {}),
    });
    const shown = all
      .filter((c) => canAccessCalendar(principal, c.id))
      .filter((c) => query.active !== "false" || !c.active);
    return { status: 200, body: { calendars: shown.map(present) } };
  },
});

/** `POST /v1/staff/calendars` */
export const createCalendar = staffRoute({
  method: "post",
  path: "/v1/staff/calendars",
  operationId: "staffCreateCalendar",
  summary: "Create a calendar (provider, room or equipment)",
  roles: DESK,
  body: createCalendarBody,
  idempotent: true,
  responses: { 201: { description: "The calendar", schema: calendarResponse } },
  handler: async ({ body }, ctx) => saved(ctx, (work) => addCalendar(work, body), 201),
});

/** `GET /v1/staff/calendars/:id` */
export const getCalendar = staffRoute({
  method: "get",
  path: "/v1/staff/calendars/:id",
  operationId: "staffGetCalendar",
  summary: "One calendar",
  params: idParam,
  responses: { 200: { description: "The calendar", schema: calendarResponse } },
  load: ({ params }, ctx) => visibleCalendar(ctx, ctx.app.storage, params.id),
  reply: replyAs(200, "calendar", present),
});

/** `PATCH /v1/staff/calendars/:id` */
export const patchCalendar = staffRoute({
  method: "patch",
  path: "/v1/staff/calendars/:id",
  operationId: "staffPatchCalendar",
  summary: "Change a calendar: name, shifts, overrides, time off, active… (only the fields sent)",
  params: idParam,
  body: patchCalendarBody,
  responses: { 200: { description: "The calendar", schema: calendarResponse } },
  handler: async ({ params, body, raw }, ctx) => {
    const changes = namedFields(body, raw);
    return saved(ctx, (work) => changeCalendar(work, params.id, changes));
  },
});

/** `POST /v1/staff/calendars/:id/overrides` */
export const addOverride = staffRoute({
  method: "post",
  path: "/v1/staff/calendars/:id/overrides",
  operationId: "staffAddOverride",
  summary: "Add a date override (closed, replaced hours, extra hours)",
  params: idParam,
  body: addOverrideBody,
  responses: { 200: { description: "The calendar", schema: calendarResponse } },
  handler: async ({ params, body }, ctx) =>
    saved(ctx, (work) => addCalendarOverride(work, params.id, body)),
});

/** `DELETE /v1/staff/calendars/:id/overrides/:date` */
export const removeOverrides = staffRoute({
  method: "delete",
  path: "/v1/staff/calendars/:id/overrides/:date",
  operationId: "staffRemoveOverrides",
  summary: "Remove every override of one date",
  params: overrideDateParams,
  responses: { 200: { description: "The calendar", schema: calendarResponse } },
  handler: async ({ params }, ctx) =>
    saved(ctx, (work) => removeCalendarOverrides(work, params.id, params.date)),
});

/** `POST /v1/staff/calendars/:id/time-off` */
export const addTimeOff = staffRoute({
  method: "post",
  path: "/v1/staff/calendars/:id/time-off",
  operationId: "staffAddTimeOff",
  summary: "Add time off (vacation, training) between two instants",
  params: idParam,
  body: addTimeOffBody,
  responses: { 200: { description: "The calendar", schema: calendarResponse } },
  handler: async ({ params, body }, ctx) =>
    saved(ctx, (work) => addCalendarTimeOff(work, params.id, body)),
});
