// Staff calendars: providers, rooms and equipment with weekly shifts, date overrides and time off.

import { calendarSchema } from "@bookwell/engine";
import { z } from "zod";
import { randomId } from "../../auth/api-keys.js";
import { canAccessCalendar } from "../../auth/principal.js";
import { BookwellError } from "../../errors.js";
import type { RequestContext } from "../../services/context.js";
import { principalOf } from "../../services/staff-appointments.js";
import type { CalendarRecord } from "../../storage/storage.js";
import { defineRoute } from "../define.js";
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
import { ANY_ROLE, DESK, namedFields, STAFF_TAGS, visibleCalendar, withoutMeta } from "./shared.js";

const calendarResponse = z.object({ calendar: staffCalendar });

function present(c: CalendarRecord) {
  const { clinicId: _c, ...rest } = c;
  return rest;
}

async function save(
  ctx: RequestContext,
  calendar: Record<string, unknown>,
  action: string,
  status = 200,
) {
  const parsed = calendarSchema.parse(calendar);
  const saved = await ctx.app.storage.transaction(async (tx) => {
    const record = await tx.putCalendar(ctx.clinic.id, parsed);
    await tx.appendAudit(ctx.clinic.id, {
      at: ctx.now,
      actor: ctx.actor,
      action,
      entityType: "calendar",
      entityId: record.id,
      detail: { version: record.version },
    });
    return record;
  });
  ctx.app.cache.invalidate(ctx.clinic.id);
  return { status, body: { calendar: present(saved) } };
}

/** `GET /v1/staff/calendars` */
export const listCalendars = defineRoute({
  method: "get",
  path: "/v1/staff/calendars",
  operationId: "staffListCalendars",
  summary: "Calendars you may see (providers: only those granted to you)",
  tags: STAFF_TAGS,
  access: "staff",
  roles: ANY_ROLE,
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
export const createCalendar = defineRoute({
  method: "post",
  path: "/v1/staff/calendars",
  operationId: "staffCreateCalendar",
  summary: "Create a calendar (provider, room or equipment)",
  tags: STAFF_TAGS,
  access: "staff",
  roles: DESK,
  body: createCalendarBody,
  idempotent: true,
  responses: { 201: { description: "The calendar", schema: calendarResponse } },
  handler: async ({ body }, ctx) => {
    const id = body.id ?? randomId("cal");
    if (await ctx.app.storage.getCalendar(ctx.clinic.id, id)) {
      throw new BookwellError("CONFLICT", `A calendar with id ${id} exists`, {
        errors: [{ field: "id", message: "is already used" }],
      });
    }
    return save(ctx, { ...body, id }, "calendar.created", 201);
  },
});

/** `GET /v1/staff/calendars/:id` */
export const getCalendar = defineRoute({
  method: "get",
  path: "/v1/staff/calendars/:id",
  operationId: "staffGetCalendar",
  summary: "One calendar",
  tags: STAFF_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: idParam,
  responses: { 200: { description: "The calendar", schema: calendarResponse } },
  handler: async ({ params }, ctx) => ({
    status: 200,
    body: { calendar: present(await visibleCalendar(ctx, params.id)) },
  }),
});

/** `PATCH /v1/staff/calendars/:id` */
export const patchCalendar = defineRoute({
  method: "patch",
  path: "/v1/staff/calendars/:id",
  operationId: "staffPatchCalendar",
  summary: "Change a calendar: name, shifts, overrides, time off, active… (only the fields sent)",
  tags: STAFF_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: idParam,
  body: patchCalendarBody,
  responses: { 200: { description: "The calendar", schema: calendarResponse } },
  handler: async ({ params, body, raw }, ctx) => {
    const current = await visibleCalendar(ctx, params.id);
    return save(ctx, { ...withoutMeta(current), ...namedFields(body, raw) }, "calendar.updated");
  },
});

/** `POST /v1/staff/calendars/:id/overrides` */
export const addOverride = defineRoute({
  method: "post",
  path: "/v1/staff/calendars/:id/overrides",
  operationId: "staffAddOverride",
  summary: "Add a date override (closed, replaced hours, extra hours)",
  tags: STAFF_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: idParam,
  body: addOverrideBody,
  responses: { 200: { description: "The calendar", schema: calendarResponse } },
  handler: async ({ params, body }, ctx) => {
    const current = await visibleCalendar(ctx, params.id);
    return save(
      ctx,
      { ...withoutMeta(current), overrides: [...current.overrides, body] },
      "calendar.override_added",
    );
  },
});

/** `DELETE /v1/staff/calendars/:id/overrides/:date` */
export const removeOverrides = defineRoute({
  method: "delete",
  path: "/v1/staff/calendars/:id/overrides/:date",
  operationId: "staffRemoveOverrides",
  summary: "Remove every override of one date",
  tags: STAFF_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: overrideDateParams,
  responses: { 200: { description: "The calendar", schema: calendarResponse } },
  handler: async ({ params }, ctx) => {
    const current = await visibleCalendar(ctx, params.id);
    return save(
      ctx,
      {
        ...withoutMeta(current),
        overrides: current.overrides.filter((o) => o.date !== params.date),
      },
      "calendar.override_removed",
    );
  },
});

/** `POST /v1/staff/calendars/:id/time-off` */
export const addTimeOff = defineRoute({
  method: "post",
  path: "/v1/staff/calendars/:id/time-off",
  operationId: "staffAddTimeOff",
  summary: "Add time off (vacation, training) between two instants",
  tags: STAFF_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: idParam,
  body: addTimeOffBody,
  responses: { 200: { description: "The calendar", schema: calendarResponse } },
  handler: async ({ params, body }, ctx) => {
    const current = await visibleCalendar(ctx, params.id);
    return save(
      ctx,
      { ...withoutMeta(current), timeOff: [...current.timeOff, body] },
      "calendar.time_off_added",
    );
  },
});
