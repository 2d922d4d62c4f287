// Staff calendars: providers, rooms and equipment with weekly shifts, date overrides and time off.

import type { z } from "zod";
import { canAccessCalendar } from "../../auth/principal.js";
import { removeCalendar } from "../../commands/remove.js";
import {
  addCalendar,
  addCalendarOverride,
  addCalendarTimeOff,
  changeCalendar,
  removeCalendarOverrides,
} from "../../commands/setup.js";
import type { UnitOfWork } from "../../commands/unit-of-work.js";
import { principalOf } from "../../services/staff-appointments.js";
import { visibleCalendar } from "../../services/visibility.js";
import type { CalendarRecord } from "../../storage/storage.js";
import { jsonAnswer } from "../command-reply.js";
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
import { staffResource, withoutClinic } from "./resource.js";
import { ANY_ROLE, DESK, namedFields, staffRoute } from "./shared.js";

const calendars = staffResource({
  path: "/v1/staff/calendars",
  one: "calendar",
  name: "Calendar",
  schema: staffCalendar,
  present: (calendar: CalendarRecord) => withoutClinic(calendar),
  runs: "catalog",
  changedBy: DESK,
});

/** The answer of a calendar route: the calendar (saved through the catalog, for a change). */
const calendarAnswer = (status: number) =>
  jsonAnswer(status, "The calendar", { calendar: staffCalendar }, withoutClinic<CalendarRecord>);

/** `GET /v1/staff/calendars` */
export const listCalendars = calendars.list({
  summary: "Calendars you may see (providers: only those granted to you)",
  query: listCalendarsQuery,
  load: async ({ query }, ctx) => {
    const principal = principalOf(ctx);
    const all = await ctx.app.storage.listCalendars(ctx.clinic.id, {
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.active === "true" ? { activeOnly: true } : {}),
    });
    return all
      .filter((c) => canAccessCalendar(principal, c.id))
      .filter((c) => query.active !== "false" || !c.active);
  },
});

/** `POST /v1/staff/calendars` */
export const createCalendar = calendars.create({
  summary: "Create a calendar (provider, room or equipment)",
  body: createCalendarBody,
  command: ({ body }, work) => addCalendar(work, body),
});

/** `GET /v1/staff/calendars/:id` */
export const getCalendar = calendars.get({
  load: ({ params }, ctx) => visibleCalendar(ctx, ctx.app.storage, params.id),
});

/** `PATCH /v1/staff/calendars/:id` */
export const patchCalendar = calendars.update({
  roles: ANY_ROLE,
  summary: "Change a calendar: name, shifts, overrides, time off, active… (only the fields sent)",
  body: patchCalendarBody,
  command: ({ params, body, raw }, work) => changeCalendar(work, params.id, namedFields(body, raw)),
});

/** `DELETE /v1/staff/calendars/:id` */
export const deleteCalendar = calendars.remove({
  summary:
    "Remove a calendar: archived (inactive), refused while it holds booked visits from now on",
  description:
    "A calendar with booked visits from now on is `409` (`reason: FUTURE_VISITS`, `visits`: how many): move or cancel them first. Otherwise it is archived (`active: false`), not deleted, so past visits keep naming it; a `PATCH` with `active: true` brings it back.",
  command: ({ params }, work) => removeCalendar(work, params.id),
});

/**
 * A route that adds to a calendar's dates at `POST /v1/staff/calendars/:id/<part>`: the body
 * `add`ed as a catalog change, answered with the calendar.
 */
function addToCalendar<B extends z.ZodType>(
  part: string,
  operationId: string,
  summary: string,
  body: B,
  add: (work: UnitOfWork, id: string, body: z.output<B>) => Promise<CalendarRecord>,
) {
  return staffRoute({
    method: "post",
    path: `/v1/staff/calendars/:id/${part}`,
    operationId,
    summary,
    params: idParam,
    body,
    ...calendarAnswer(200),
    command: ({ params, body }, work) => add(work, params.id, body),
    runs: "catalog",
  });
}

/** `POST /v1/staff/calendars/:id/overrides` */
export const addOverride = addToCalendar(
  "overrides",
  "staffAddOverride",
  "Add a date override (closed, replaced hours, extra hours)",
  addOverrideBody,
  addCalendarOverride,
);

/** `DELETE /v1/staff/calendars/:id/overrides/:date` */
export const removeOverrides = staffRoute({
  method: "delete",
  path: "/v1/staff/calendars/:id/overrides/:date",
  operationId: "staffRemoveOverrides",
  summary: "Remove every override of one date",
  params: overrideDateParams,
  ...calendarAnswer(200),
  command: ({ params }, work) => removeCalendarOverrides(work, params.id, params.date),
  runs: "catalog",
});

/** `POST /v1/staff/calendars/:id/time-off` */
export const addTimeOff = addToCalendar(
  "time-off",
  "staffAddTimeOff",
  "Add time off (vacation, training) between two instants",
  addTimeOffBody,
  addCalendarTimeOff,
);
