import { z } from "zod";
import { openHours } from "../availability/open-hours.js";
import { EngineError } from "../errors.js";
import {
  type AppointmentStatus,
  appointmentSchema,
  type Calendar,
  calendarSchema,
  dateSchema,
  hoursSchema,
  idSchema,
  type WeeklyShift,
  weekdaySchema,
} from "../model.js";
import { containingSpan, overlapsAny } from "../time/intervals.js";
import { clockFor, formatDay, parseDay, parseInstant } from "../time/zoned.js";
import { parseInput } from "../validate.js";

/** Statuses of visits that still need the calendar's time: these are checked for conflicts. */
export const ACTIVE_STATUSES: ReadonlySet<AppointmentStatus> = new Set([
  "booked",
  "confirmed",
  "arrived",
  "started",
]);

/** One row of a shift pattern: hours with breaks on one or more weekdays. */
export const shiftPatternRowSchema = hoursSchema.and(
  z.object({
    /** ISO weekdays (1 = Monday … 7 = Sunday) these hours apply on. */
    weekdays: z
      .array(weekdaySchema)
      .min(1, "must list at least one weekday")
      .max(7)
      .refine((v) => new Set(v).size === v.length, "must not repeat a weekday"),
  }),
);

/** Input of {@link planShifts}. */
export const planShiftsSchema = z
  .object({
    /** Every calendar involved (the targets are picked by `calendarIds`). */
    calendars: z.array(calendarSchema).max(5000),
    /** The calendars to apply the pattern to: providers, rooms or equipment. */
    calendarIds: z.array(idSchema).min(1, "must list at least one calendar").max(5000),
    /** Appointments on those calendars; the active ones are checked against the new hours. */
    appointments: z.array(appointmentSchema).max(500_000),
    /** The weekly pattern: hours with breaks, by weekday. */
    pattern: z.array(shiftPatternRowSchema).min(1, "must have at least one row").max(50),
    /** First date the pattern applies (inclusive, local to each calendar). */
    startDate: dateSchema,
    /** For this many weeks from `startDate`… */
    weeks: z.number().int().min(1, "must be at least 1").max(520).optional(),
    /** …or until this date (inclusive). Neither: from `startDate` on, with no end. */
    until: dateSchema.optional(),
    /**
     * `all-days` (default): during the window the pattern is the whole week (weekdays it does not
     * list are days off). `pattern-weekdays`: only the weekdays it lists change.
     */
    scope: z.enum(["all-days", "pattern-weekdays"]).default("all-days"),
  })
  .superRefine((r, ctx) => {
    if (r.weeks !== undefined && r.until !== undefined) {
      ctx.addIssue({ code: "custom", path: ["until"], message: "give weeks or until, not both" });
    }
    if (r.until !== undefined && r.until < r.startDate) {
      ctx.addIssue({ code: "custom", path: ["until"], message: "must not be before startDate" });
    }
  });
/** Input of {@link planShifts}. */
export type PlanShiftsRequest = z.input<typeof planShiftsSchema>;

/** An active appointment that the new hours would leave outside working time. */
export interface ShiftConflict {
  appointmentId: string;
  status: AppointmentStatus;
  start: string;
  end: string;
  /** Local date of the start in the calendar's zone. */
  date: string;
  /** `IN_BREAK` when it touches a break of the new hours, `OUTSIDE_HOURS` otherwise. */
  reason: "OUTSIDE_HOURS" | "IN_BREAK";
  /** True when the visit was inside the calendar's hours before the change (the change causes it). */
  newlyOutside: boolean;
}

/** The new hours of one calendar and the visits they would strand. */
export interface CalendarShiftPlan {
  calendarId: string;
  /** The calendar with its new weekly shifts (validated, ready to store). */
  calendar: Calendar;
  /** Its new weekly shifts: old ones clipped around the window, plus the pattern for the window. */
  weekly: WeeklyShift[];
  conflicts: ShiftConflict[];
}

/** The outcome of {@link planShifts}. */
export interface ShiftPlan {
  validFrom: string;
  /** Last date of the window (inclusive); absent for an open-ended change. */
  validUntil?: string;
  calendars: CalendarShiftPlan[];
  summary: { calendars: number; conflicts: number; calendarsWithConflicts: number };
}

type Shift = Calendar["weekly"][number];

/** The parts of `shift` outside the window `[from, until]` (dates, inclusive). */
function clip(shift: Shift, from: string, until: string | undefined): Shift[] {
  const out: Shift[] = [];
  const fromDay = parseDay(from) as number;
  if (shift.validFrom === undefined || shift.validFrom < from) {
    const before: Shift = { ...shift, validUntil: formatDay(fromDay - 1) };
    if (shift.validUntil !== undefined && shift.validUntil < from)
      before.validUntil = shift.validUntil;
    out.push(before);
  }
  if (until !== undefined && (shift.validUntil === undefined || shift.validUntil > until)) {
    const after: Shift = { ...shift, validFrom: formatDay((parseDay(until) as number) + 1) };
    if (shift.validFrom !== undefined && shift.validFrom > until) after.validFrom = shift.validFrom;
    out.push(after);
  }
  return out;
}

/**
 * Applies a weekly shift pattern (hours with breaks, by weekday) to many calendars at once for a
 * window of weeks, and reports per calendar the active visits that would fall outside the new
 * hours or into a break. The pattern becomes weekly shifts with `validFrom`/`validUntil` (one row
 * per weekday, not one override per date); older shifts are clipped around the window, and date
 * overrides and time off keep applying on top.
 *
 * @example
 * // Mon–Fri 08:00–16:00 with lunch 12:00–13:00, for 4 weeks from 6 April, for Ana and Bob
 * const plan = planShifts({
 *   calendars, appointments, calendarIds: ["ana", "bob"],
 *   pattern: [{ weekdays: [1, 2, 3, 4, 5], start: "08:00", end: "16:00", breaks: [{ start: "12:00", end: "13:00" }] }],
 *   startDate: "2026-04-06", weeks: 4,
 * });
 * plan.calendars[0].conflicts; // [{ appointmentId: "a7", date: "2026-04-08", reason: "OUTSIDE_HOURS", … }]
 */
export function planShifts(request: PlanShiftsRequest): ShiftPlan {
  const r = parseInput(planShiftsSchema, request, "request");
  const validFrom = r.startDate;
  const validUntil =
    r.weeks !== undefined
      ? formatDay((parseDay(r.startDate) as number) + 7 * r.weeks - 1)
      : r.until;
  const window = { validFrom, ...(validUntil === undefined ? {} : { validUntil }) };
  const patternWeekdays = new Set(r.pattern.flatMap((row) => row.weekdays));
  const rows: Shift[] = r.pattern.flatMap(({ weekdays, ...hours }) =>
    weekdays.map((weekday) => ({ ...hours, weekday, ...window })),
  );
  const byId = new Map(r.calendars.map((c) => [c.id, c]));
  const seen = new Set<string>();
  const results = r.calendarIds.map((id, i): CalendarShiftPlan => {
    const field = `request.calendarIds.${i}`;
    const before = byId.get(id);
    if (!before) return invalid(field, `no calendar ${id} in calendars`);
    if (seen.has(id)) invalid(field, `calendar ${id} is listed twice`);
    seen.add(id);
    const weekly = [
      ...before.weekly.flatMap((shift) =>
        r.scope === "pattern-weekdays" && !patternWeekdays.has(shift.weekday)
          ? [shift]
          : clip(shift, validFrom, validUntil),
      ),
      ...rows,
    ];
    const parsed = calendarSchema.safeParse({ ...before, weekly });
    if (!parsed.success) {
      invalid(
        "request.pattern",
        `calendar ${id} would not be valid: ${parsed.error.issues[0]?.message}`,
      );
    }
    const after = parsed.data as Calendar;
    return {
      calendarId: id,
      calendar: after,
      weekly: after.weekly,
      conflicts: conflictsOf(r.appointments, before, after, validFrom, validUntil),
    };
  });
  const conflicts = results.reduce((n, c) => n + c.conflicts.length, 0);
  return {
    ...window,
    calendars: results,
    summary: {
      calendars: results.length,
      conflicts,
      calendarsWithConflicts: results.filter((c) => c.conflicts.length > 0).length,
    },
  };
}

function invalid(field: string, message: string): never {
  throw new EngineError("INVALID_INPUT", `Invalid request: ${field}: ${message}`, [
    { field, message },
  ]);
}

/** Active visits of `after` starting in the window that its hours do not hold. */
function conflictsOf(
  appointments: readonly z.output<typeof appointmentSchema>[],
  before: Calendar,
  after: Calendar,
  from: string,
  until: string | undefined,
): ShiftConflict[] {
  const clock = clockFor(after.timeZone);
  const fromMs = clock.dayStart(parseDay(from) as number);
  const toMs =
    until === undefined
      ? Number.POSITIVE_INFINITY
      : clock.dayStart((parseDay(until) as number) + 1);
  const out: ShiftConflict[] = [];
  const visits = appointments
    .filter((a) => ACTIVE_STATUSES.has(a.status) && a.calendarIds.includes(after.id))
    .map((a) => ({ a, s: parseInstant(a.start) as number, e: parseInstant(a.end) as number }))
    .filter((v) => v.s >= fromMs && v.s < toMs)
    .sort((x, y) => x.s - y.s || (x.a.id < y.a.id ? -1 : 1));
  for (const { a, s, e } of visits) {
    const now = openHours(after, s, e);
    if (containingSpan(now.open, s, e)) continue;
    const then = openHours(before, s, e);
    out.push({
      appointmentId: a.id,
      status: a.status,
      start: clock.format(s),
      end: clock.format(e),
      date: formatDay(clock.dayOf(s)),
      reason: overlapsAny(now.breaks, s, e) ? "IN_BREAK" : "OUTSIDE_HOURS",
      newlyOutside: containingSpan(then.open, s, e) !== undefined,
    });
  }
  return out;
}
