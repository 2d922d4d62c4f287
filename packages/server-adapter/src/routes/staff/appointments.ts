// Staff appointments: list, create with overrides, status actions, move, copy, repeat, notes.

import { z } from "zod";
import { canAccessCalendar } from "../../auth/principal.js";
import { addVisitNote, readVisitNotes } from "../../commands/notes.js";
import { BookwellError } from "../../errors.js";
import { localizePlanResult, localizeViolations } from "../../problems-i18n/index.js";
import type { RequestContext } from "../../services/context.js";
import { setFields } from "../../services/fields.js";
import {
  changeStatus,
  createStaffAppointment,
  moveAppointment,
  type Planned,
  planCopies,
  presentStaffAppointment,
  principalOf,
  repeatStarts,
  type StaffCreated,
  type StaffMoved,
  type StatusChanged,
  violationsJson,
  visibleAppointment,
} from "../../services/staff-appointments.js";
import { jsonAnswer, replyTo, requestLocale } from "../command-reply.js";
import type { Reply } from "../define.js";
import { created, ok } from "../responses.js";
import { integer } from "../schemas/common.js";
import {
  copyBody,
  createAppointmentBody,
  encodeAppointmentCursor,
  listAppointmentsQuery,
  moveBody,
  noteBody,
  planResult,
  repeatBody,
  staffAppointment,
  staffNote,
  statusBody,
} from "../schemas/staff.js";
import { appointmentRoutes, notesReply, presentNote, staffRoute } from "./shared.js";

const appointmentResponse = z.object({ appointment: staffAppointment });
const violationList = z.array(
  z.object({ code: z.string(), severity: z.string(), message: z.string() }),
);
const planResponse = z.object({
  results: z.array(planResult),
  summary: z.object({ total: integer, ok: integer, conflicts: integer }),
  dryRun: z.boolean(),
});

/** `GET /v1/staff/appointments` */
export const listAppointments = staffRoute({
  method: "get",
  path: "/v1/staff/appointments",
  operationId: "staffListAppointments",
  summary: "Appointments overlapping a time range, by start",
  query: listAppointmentsQuery,
  responses: ok(
    "Appointments",
    z.object({
      appointments: z.array(staffAppointment),
      nextCursor: z.string().nullable().meta({
        description:
          "More appointments match: pass this as `cursor` for the next page; null on the last page",
      }),
    }),
  ),
  handler: async ({ query }, ctx) => {
    const principal = principalOf(ctx);
    let calendarIds: string[] | undefined;
    if (query.calendarId) {
      if (!canAccessCalendar(principal, query.calendarId))
        return { status: 200, body: { appointments: [], nextCursor: null } };
      calendarIds = [query.calendarId];
    } else if (principal.role === "provider") {
      calendarIds = [...(principal.calendarIds ?? [])];
    }
    const [appointments, services] = await Promise.all([
      ctx.app.storage.listAppointments(ctx.clinic.id, {
        ...(calendarIds ? { calendarIds } : {}),
        ...setFields(query, ["from", "to"]),
        ...(query.status ? { statuses: [query.status] } : {}),
        ...(query.clientId ? { clientId: query.clientId } : {}),
        ...(query.cursor ? { after: query.cursor } : {}),
        // One more than a page tells whether there is a next page.
        limit: query.limit + 1,
      }),
      ctx.app.storage.listServices(ctx.clinic.id),
    ]);
    const byId = new Map(services.map((s) => [s.id, s]));
    const page = appointments.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      status: 200,
      body: {
        appointments: page.map((a) =>
          presentStaffAppointment(a, byId.get(a.serviceId), ctx.clinic.timeZone),
        ),
        nextCursor:
          appointments.length > query.limit && last
            ? encodeAppointmentCursor({ start: last.start, id: last.id })
            : null,
      },
    };
  },
});

/** `POST /v1/staff/appointments` */
export const createAppointment = staffRoute({
  method: "post",
  path: "/v1/staff/appointments",
  operationId: "staffCreateAppointment",
  summary: "Book a visit as staff, naming the soft violations you accept",
  description:
    "Hard violations (discipline or location mismatch, unknown calendar…) always refuse. Soft ones (OVERLAP, OUTSIDE_SHIFT, BUFFER, LEAD_TIME…) refuse unless listed in `overrides`.",
  body: createAppointmentBody,
  idempotent: true,
  responses: created(
    "The appointment and the violations overridden",
    appointmentResponse.extend({ overridden: violationList }),
    {
      409: "SLOT_TAKEN (overridable with OVERLAP / CAPACITY / BUFFER)",
      422: "BOOKING_RULE_VIOLATED with the violations and their severity",
    },
  ),
  run: ({ body }, ctx, respond) => createStaffAppointment(ctx, body, respond),
  reply: (made: StaffCreated, ctx: RequestContext) => ({
    status: 201,
    body: {
      appointment: presentStaffAppointment(made.appointment, made.service, ctx.clinic.timeZone),
      overridden: violationsIn(ctx, violationsJson(made.violations)),
    },
  }),
});

/** `GET /v1/staff/appointments/:id` */
export const getAppointment = appointmentRoutes.get("", {
  operationId: "staffGetAppointment",
  summary: "One appointment (without notes)",
  responses: ok("The appointment", appointmentResponse),
  handler: async ({ params }, ctx) => {
    const a = await visibleAppointment(ctx, ctx.app.storage, params.id);
    const service = await ctx.app.storage.getService(ctx.clinic.id, a.serviceId);
    return {
      status: 200,
      body: { appointment: presentStaffAppointment(a, service, ctx.clinic.timeZone) },
    };
  },
});

/** `POST /v1/staff/appointments/:id/status` */
export const setStatus = appointmentRoutes.post("/status", {
  operationId: "staffChangeStatus",
  summary: "Confirm, arrive, start, complete, no-show, cancel or roll back a visit",
  description: "Runs the engine's status machine; illegal pairs are 409 ILLEGAL_TRANSITION.",
  body: statusBody,
  idempotent: true,
  responses: ok(
    "The appointment after the change and its effects",
    appointmentResponse.extend({ effects: z.array(z.unknown()) }),
  ),
  run: ({ params, body }, ctx, respond) => changeStatus(ctx, params.id, body, respond),
  reply: (changed: StatusChanged, ctx: RequestContext) => ({
    status: 200,
    body: {
      appointment: presentStaffAppointment(changed.updated, changed.service, ctx.clinic.timeZone),
      effects: changed.effects,
    },
  }),
});

/** `POST /v1/staff/appointments/:id/move` */
export const move = appointmentRoutes.post("/move", {
  operationId: "staffMoveAppointment",
  summary: "Move or resize a visit (the old one becomes rebooked, a new one is created)",
  description:
    "The new visit keeps the old one's length unless `end` or `durationMinutes` resizes it. Checked like a staff booking: soft violations refuse unless listed in `overrides`, hard ones always refuse.",
  body: moveBody,
  idempotent: true,
  responses: ok(
    "The new visit and the old one",
    appointmentResponse.extend({ previous: staffAppointment, overridden: violationList }),
    {
      409: "SLOT_TAKEN (overridable with OVERLAP / CAPACITY / BUFFER)",
      422: "BOOKING_RULE_VIOLATED with the violations and their severity",
    },
  ),
  run: ({ params, body }, ctx, respond) => moveAppointment(ctx, params.id, body, respond),
  reply: ({ moved, service, violations }: StaffMoved, ctx: RequestContext) => ({
    status: 200,
    body: {
      appointment: presentStaffAppointment(moved.appointment, service, ctx.clinic.timeZone),
      previous: presentStaffAppointment(moved.previous, service, ctx.clinic.timeZone),
      overridden: violationsIn(ctx, violationsJson(violations)),
    },
  }),
});

/** The answers of a copy or a repeat: the dry run's plan, what it booked, or the conflicts that stopped it. */
function planResponses(dryRun: string, booked: string) {
  return {
    200: { description: dryRun, schema: planResponse },
    201: { description: booked, schema: planResponse },
    409: "CONFLICT (all-or-nothing with conflicts) with `results`",
  };
}

/** `POST /v1/staff/appointments/:id/copy` */
export const copy = appointmentRoutes.post("/copy", {
  operationId: "staffCopyAppointment",
  summary: "Copy a visit to other starts, with a result per date",
  body: copyBody,
  idempotent: true,
  responses: planResponses(
    "Dry run: what would be booked",
    "Booked: each date's result and new appointment id",
  ),
  handler: async ({ params, body }, ctx) =>
    replyTo((respond) => planCopies(ctx, params.id, body, respond), presentPlan(body.dryRun, ctx)),
});

/** `POST /v1/staff/appointments/:id/repeat` */
export const repeat = appointmentRoutes.post("/repeat", {
  operationId: "staffRepeatAppointment",
  summary: "Repeat a visit on weekdays × N weeks at the same local time, with a result per date",
  body: repeatBody,
  idempotent: true,
  responses: planResponses("Dry run", "Booked"),
  handler: async ({ params, body }, ctx) => {
    const source = await visibleAppointment(ctx, ctx.app.storage, params.id);
    const provider = await ctx.app.storage.getCalendar(ctx.clinic.id, source.calendarIds[0] ?? "");
    const zone = provider?.timeZone ?? ctx.clinic.timeZone;
    const starts = repeatStarts(source.start, zone, body.weekdays, body.weeks);
    if (starts.length === 0) {
      throw new BookwellError("VALIDATION_FAILED", "No date to repeat on", {
        errors: [{ field: "weekdays", message: "gives no date after the visit" }],
      });
    }
    const plan = { starts, overrides: body.overrides, mode: body.mode, dryRun: body.dryRun };
    return replyTo(
      (respond) => planCopies(ctx, params.id, plan, respond),
      presentPlan(body.dryRun, ctx),
    );
  },
});

/** The answer of a copy or repeat: 200 for a dry run, 201 once booked; reasons in its language. */
function presentPlan(dryRun: boolean, ctx: RequestContext) {
  return ({ results, summary }: Planned): Reply => ({
    status: dryRun ? 200 : 201,
    body: {
      results: results.map((r) => localizePlanResult(r, requestLocale(ctx))),
      summary,
      dryRun,
    },
  });
}

/** The engine's violations of an answer worded in the request's language. */
function violationsIn<T>(ctx: RequestContext, list: readonly T[]): T[] {
  return localizeViolations(list, requestLocale(ctx));
}

/** `GET /v1/staff/appointments/:id/notes` */
export const listNotes = appointmentRoutes.get("/notes", {
  operationId: "staffListNotes",
  summary: "The private notes of a visit (the read is audited)",
  responses: ok("Notes, oldest first", z.object({ notes: z.array(staffNote) })),
  command: ({ params }, work) => readVisitNotes(work, params.id),
  reply: notesReply,
  runs: "read",
});

/** `POST /v1/staff/appointments/:id/notes` */
export const addNote = appointmentRoutes.post("/notes", {
  operationId: "staffAddNote",
  summary: "Add a private note to a visit (audited)",
  body: noteBody,
  idempotent: true,
  ...jsonAnswer(201, "The note", { note: staffNote }, presentNote),
  command: ({ params, body }, work) => addVisitNote(work, params.id, body.text),
});
