// The shift planner: one weekly pattern of hours with breaks for many calendars at once.

import { dateSchema, idSchema, shiftPatternRowSchema } from "@bookwell/engine";
import { z } from "zod";
import { planCalendarShifts } from "../../commands/shift-plan.js";
import { ok } from "../responses.js";
import { integer } from "../schemas/common.js";
import { MANAGER, staffRoute } from "./shared.js";

/** `POST /v1/staff/calendars/shift-plan` body. */
const shiftPlanBody = z
  .strictObject({
    calendarIds: z.array(idSchema).min(1, "must list at least one calendar").max(500),
    pattern: z.array(shiftPatternRowSchema).min(1, "must have at least one row").max(50),
    startDate: dateSchema,
    weeks: integer.min(1, "must be at least 1").max(520).optional(),
    until: dateSchema.optional(),
    scope: z.enum(["all-days", "pattern-weekdays"]).optional().meta({
      description:
        "`all-days` (default): in the window the pattern is the whole week; `pattern-weekdays`: only the weekdays it lists change",
    }),
    apply: z
      .boolean()
      .default(false)
      .meta({ description: "false (default): a dry run; true: store the new shifts" }),
    acceptConflicts: z
      .boolean()
      .default(false)
      .meta({ description: "Apply even though booked visits fall outside the new hours" }),
  })
  .superRefine((body, ctx) => {
    if (body.weeks !== undefined && body.until !== undefined) {
      ctx.addIssue({ code: "custom", path: ["until"], message: "give weeks or until, not both" });
    }
    if (body.until !== undefined && body.until < body.startDate) {
      ctx.addIssue({ code: "custom", path: ["until"], message: "must not be before startDate" });
    }
  });

const conflict = z.object({
  appointmentId: z.string(),
  status: z.string(),
  start: z.string(),
  end: z.string(),
  date: z.string(),
  reason: z.enum(["OUTSIDE_HOURS", "IN_BREAK"]),
  newlyOutside: z.boolean(),
});

const planResponse = z.object({
  applied: z.boolean(),
  validFrom: z.string(),
  validUntil: z.string().optional(),
  calendars: z.array(
    z.object({
      calendarId: z.string(),
      weekly: z.array(z.record(z.string(), z.unknown())),
      conflicts: z.array(conflict),
    }),
  ),
  summary: z.object({
    calendars: integer,
    conflicts: integer,
    calendarsWithConflicts: integer,
  }),
});

/** `POST /v1/staff/calendars/shift-plan` */
export const shiftPlan = staffRoute({
  method: "post",
  path: "/v1/staff/calendars/shift-plan",
  operationId: "staffPlanShifts",
  summary: "Apply a weekly pattern of hours with breaks to many calendars (dry run by default)",
  description:
    "The engine's shift planner: the pattern replaces each calendar's weekly shifts for the window (older shifts are clipped around it; overrides and time off still apply). The answer lists, per calendar, the new shifts and the booked visits that would fall outside the new hours or into a break. With `apply: true` the shifts are stored (audited `calendar.shifts_planned`); while visits would be stranded the answer is 409 (`reason: VISITS_OUTSIDE_NEW_HOURS`, the visits in `conflicts`) unless `acceptConflicts` is true.",
  roles: MANAGER,
  body: shiftPlanBody,
  responses: ok("The plan, and whether it was stored", planResponse),
  command: ({ body }, work) => {
    const { apply, acceptConflicts, ...request } = body;
    return planCalendarShifts(work, request, { apply, acceptConflicts });
  },
  reply: ({ plan, applied }) => ({
    status: 200,
    body: {
      applied,
      validFrom: plan.validFrom,
      ...(plan.validUntil === undefined ? {} : { validUntil: plan.validUntil }),
      calendars: plan.calendars.map((c) => ({
        calendarId: c.calendarId,
        weekly: c.weekly,
        conflicts: c.conflicts,
      })),
      summary: plan.summary,
    },
  }),
  runs: "catalog",
});
