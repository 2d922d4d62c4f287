// The shift planner as a command: a weekly pattern of hours with breaks applied to many calendars
// at once for a window of weeks (the engine's `planShifts`). A dry run answers the new hours and
// the visits they would strand; applying stores every calendar's new shifts in one unit of work,
// audited, and refuses while visits would be stranded unless the caller accepts them.

import { type PlanShiftsRequest, planShifts, type ShiftPlan } from "@bookwell/engine";
import { canAccessCalendar } from "../auth/principal.js";
import { BookwellError } from "../errors.js";
import { toEngineAppointment } from "../services/scheduling.js";
import { principalOf } from "../services/staff-appointments.js";
import type { UnitOfWork } from "./unit-of-work.js";
import { offerOpenedTimes } from "./waitlist.js";

/** What the planner is asked: the engine's request without the data the server loads itself. */
export type ShiftPlanRequest = Omit<PlanShiftsRequest, "calendars" | "appointments">;

/** The outcome of {@link planCalendarShifts}: the engine's plan and whether it was stored. */
export interface ShiftPlanOutcome {
  plan: ShiftPlan;
  applied: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Plans (and with `apply`, stores) a weekly shift pattern for the listed calendars the caller may
 * see. The visits checked are every active visit of those calendars from `startDate` on; with
 * `apply` and stranded visits, answers 409 CONFLICT (naming them) unless `acceptConflicts` is set.
 *
 * @example
 * const { plan } = await planCalendarShifts(work, {
 *   calendarIds: ["ana", "bruno"], startDate: "2026-04-06", weeks: 4,
 *   pattern: [{ weekdays: [1, 2, 3, 4, 5], start: "08:00", end: "16:00", breaks: [{ start: "12:00", end: "13:00" }] }],
 * }, { apply: false });
 */
export async function planCalendarShifts(
  work: UnitOfWork,
  request: ShiftPlanRequest,
  options: { apply: boolean; acceptConflicts?: boolean | undefined },
): Promise<ShiftPlanOutcome> {
  const { tx, clinicId } = work;
  const principal = principalOf(work.request);
  const hidden = request.calendarIds.findIndex((id) => !canAccessCalendar(principal, id));
  if (hidden >= 0) {
    throw new BookwellError("NOT_FOUND", `No calendar ${request.calendarIds[hidden]}`, {
      errors: [{ field: `calendarIds.${hidden}`, message: "is not a calendar you may see" }],
    });
  }
  // Applying locks the calendars first, so no booking lands between the check and the change.
  if (options.apply) await tx.lockCalendars(clinicId, request.calendarIds);
  const calendars = await tx.listCalendars(clinicId, {});
  const known = new Set(calendars.map((c) => c.id));
  const unknown = request.calendarIds.findIndex((id) => !known.has(id));
  if (unknown >= 0) {
    throw new BookwellError("NOT_FOUND", `No calendar ${request.calendarIds[unknown]}`, {
      errors: [{ field: `calendarIds.${unknown}`, message: "is not a calendar of this clinic" }],
    });
  }
  // Visits from a day before the start date (zones) on: the engine picks those in the window.
  const from = Date.parse(`${request.startDate}T00:00:00Z`) - DAY_MS;
  const visits = await tx.listAppointments(clinicId, {
    calendarIds: [...request.calendarIds],
    from: new Date(from).toISOString(),
    activeOnly: true,
  });
  const plan = planShifts({
    ...request,
    calendars,
    appointments: visits.map(toEngineAppointment),
  });
  if (!options.apply) return { plan, applied: false };
  if (plan.summary.conflicts > 0 && !options.acceptConflicts) {
    const stranded = plan.calendars.flatMap((c) =>
      c.conflicts.map((conflict) => ({ calendarId: c.calendarId, ...conflict })),
    );
    throw new BookwellError(
      "CONFLICT",
      `The new hours would leave ${plan.summary.conflicts} visit(s) outside working time; move them first or send acceptConflicts: true`,
      {
        errors: [{ field: "acceptConflicts", message: "must be true to strand booked visits" }],
        extensions: { reason: "VISITS_OUTSIDE_NEW_HOURS", conflicts: stranded },
      },
    );
  }
  for (const planned of plan.calendars) {
    const current = calendars.find((c) => c.id === planned.calendarId);
    // New hours are offered to the waitlist (the same hook as every calendar save).
    const saved = await offerOpenedTimes(work, planned.calendar.id, () =>
      tx.putCalendar(clinicId, { ...planned.calendar }),
    );
    await work.audit({
      action: "calendar.shifts_planned",
      entityType: "calendar",
      entityId: saved.id,
      detail: {
        version: saved.version,
        ...(current ? { previousVersion: current.version } : {}),
        validFrom: plan.validFrom,
        ...(plan.validUntil === undefined ? {} : { validUntil: plan.validUntil }),
        conflicts: planned.conflicts.length,
      },
    });
  }
  return { plan, applied: true };
}
