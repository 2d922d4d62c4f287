import { z } from "zod";
import { EngineError } from "../errors.js";
import {
  type AppointmentStatus,
  appointmentStatusSchema,
  dateSchema,
  instantSchema,
  timeZoneSchema,
} from "../model.js";
import { clockFor, formatDay, parseDay, parseInstant } from "../time/zoned.js";
import { parseInput } from "../validate.js";

/** Statuses a status bar hides unless asked: the visit no longer takes place there. */
export const HIDDEN_BY_DEFAULT: readonly AppointmentStatus[] = ["canceled", "rebooked"];

const countsInputSchema = z.object({
  appointments: z.array(
    z
      .object({
        id: z.string(),
        start: instantSchema,
        status: appointmentStatusSchema.default("booked"),
      })
      .passthrough(),
  ),
  /** First local day, `YYYY-MM-DD`, inclusive. */
  from: dateSchema,
  /** Last local day, inclusive; default `from` (one day). */
  to: dateSchema.optional(),
  /** The calendar's zone: days start at its local midnight. */
  timeZone: timeZoneSchema,
  /** `true` = also count canceled and rebooked visits. */
  includeHidden: z.boolean().default(false),
});
/** What {@link countStatuses} needs. */
export type StatusCountsInput = z.input<typeof countsInputSchema>;

/** One status and how many visits have it. */
export interface StatusCount {
  status: AppointmentStatus;
  count: number;
}

/** Counts for a status bar, overall and per local day. */
export interface StatusCounts {
  from: string;
  to: string;
  timeZone: string;
  total: number;
  /** Every shown status in workflow order, zeros included. */
  statuses: StatusCount[];
  days: { date: string; total: number; statuses: StatusCount[] }[];
}

/**
 * Counts visits per status for a day or a range of local days (a visit counts on the local day of
 * its start, in `timeZone`, so DST days are 23 or 25 hours long). Canceled and rebooked visits are
 * hidden unless `includeHidden` is set.
 *
 * @example
 * countStatuses({ appointments, from: "2026-03-29", timeZone: "Europe/Lisbon" }).statuses;
 * // [{ status: "booked", count: 3 }, { status: "confirmed", count: 5 }, ..., { status: "no_show", count: 1 }]
 */
export function countStatuses(raw: StatusCountsInput): StatusCounts {
  const input = parseInput(countsInputSchema, raw, "statusCounts");
  const first = parseDay(input.from) as number;
  const last = parseDay(input.to ?? input.from) as number;
  if (last < first || last - first > 366) {
    const message = "must be on or after from, at most 366 days later";
    throw new EngineError("INVALID_INPUT", `statusCounts.to: ${message}`, [
      { field: "statusCounts.to", message },
    ]);
  }
  const shown = appointmentStatusSchema.options.filter(
    (s) => input.includeHidden || !HIDDEN_BY_DEFAULT.includes(s),
  );
  const clock = clockFor(input.timeZone);
  const startMs = clock.dayStart(first);
  const endMs = clock.dayStart(last + 1);
  const perDay = new Map<number, Map<AppointmentStatus, number>>();
  for (const a of input.appointments) {
    const at = parseInstant(a.start) as number;
    if (at < startMs || at >= endMs || !shown.includes(a.status)) continue;
    const day = clock.dayOf(at);
    const counts = perDay.get(day) ?? new Map<AppointmentStatus, number>();
    counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
    perDay.set(day, counts);
  }
  const list = (counts: Map<AppointmentStatus, number> | undefined) =>
    shown.map((status) => ({ status, count: counts?.get(status) ?? 0 }));
  const days = [];
  const overall = new Map<AppointmentStatus, number>();
  for (let day = first; day <= last; day += 1) {
    const statuses = list(perDay.get(day));
    for (const s of statuses) overall.set(s.status, (overall.get(s.status) ?? 0) + s.count);
    days.push({ date: formatDay(day), total: statuses.reduce((n, s) => n + s.count, 0), statuses });
  }
  const statuses = list(overall);
  return {
    from: formatDay(first),
    to: formatDay(last),
    timeZone: input.timeZone,
    total: statuses.reduce((n, s) => n + s.count, 0),
    statuses,
    days,
  };
}
