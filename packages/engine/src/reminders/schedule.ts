import type { z } from "zod";
import { wallMinutes } from "../availability/open-hours.js";
import { appointmentSchema, instantSchema } from "../model.js";
import { wallOf } from "../series/wall-time.js";
import { clockFor, MINUTE, parseInstant, type ZoneClock } from "../time/zoned.js";
import { parseInput } from "../validate.js";
import {
  type MessageChannel,
  messageContextSchema,
  providerFor,
  resolveChannels,
  type SuppressReason,
} from "./settings.js";

/** Statuses whose visits still get reminders. */
export const REMINDABLE_STATUSES: ReadonlySet<string> = new Set(["booked", "confirmed"]);

/** Input of {@link scheduleReminders}. */
export const reminderRequestSchema = messageContextSchema.extend({
  appointment: appointmentSchema,
  /** The current instant: nothing is scheduled before it. */
  now: instantSchema,
  /**
   * When the visit was booked or last moved (its confirmation went out then): reminders due less
   * than `settings.reminderGapAfterBookingMinutes` after it are skipped.
   */
  bookedAt: instantSchema.optional(),
});
/** Input of {@link scheduleReminders}. */
export type ReminderRequest = z.input<typeof reminderRequestSchema>;

/** One reminder to send. */
export interface ScheduledReminder {
  /** Stable id for the outbox: appointment, offset and the start it reminds of. */
  key: string;
  appointmentId: string;
  type: "reminder";
  /** Minutes before the start it was asked for. */
  offsetMinutes: number;
  /** When to send, ISO-8601 in the clinic's zone. */
  sendAt: string;
  sendAtMs: number;
  channels: MessageChannel[];
  /** True when quiet hours moved it earlier. */
  movedForQuietHours: boolean;
}

/** Why a reminder offset produced nothing. */
export type ReminderSkipReason = "past" | "quiet-hours-past" | "duplicate" | "soon-after-booking";

/** The reminders of one appointment, sorted by `sendAtMs`, at most five. */
export interface ReminderSchedule {
  reminders: ScheduledReminder[];
  /** Offsets that produced nothing, with the reason (a time already passed at `now`, …). */
  skipped: { offsetMinutes: number; reason: ReminderSkipReason; wouldHaveBeenAt: string }[];
  /** Set when the appointment gets no reminders at all. */
  suppressed?: SuppressReason | "inactive-status";
}

/**
 * The instant `offsetMinutes` before `startMs`: whole days go back on the calendar (same wall
 * time N days earlier, so "24 h before 17:00" is 17:00 the day before even across DST), the
 * rest is exact elapsed time.
 */
function reminderTime(clock: ZoneClock, startMs: number, offsetMinutes: number): number {
  const days = Math.floor(offsetMinutes / 1440);
  const rest = offsetMinutes - days * 1440;
  let t = startMs;
  if (days > 0) {
    const { day, minute } = wallOf(clock, startMs);
    t = clock.toInstant(day - days, minute);
  }
  return t - rest * MINUTE;
}

/**
 * Moves `ms` earlier to the start of the quiet window when it falls strictly inside it (the
 * window's own start and end are allowed), so the message still arrives before the visit.
 */
function outsideQuietHours(
  clock: ZoneClock,
  ms: number,
  quiet: { start: string; end: string } | undefined,
): number {
  if (!quiet) return ms;
  const qs = wallMinutes(quiet.start);
  const qe = wallMinutes(quiet.end);
  const { day, minute } = wallOf(clock, ms);
  if (qs < qe) return minute > qs && minute < qe ? quietStart(clock, day, qs) : ms;
  // The window wraps midnight, e.g. 21:00–08:00.
  if (minute > qs) return quietStart(clock, day, qs);
  if (minute < qe) return quietStart(clock, day - 1, qs);
  return ms;
}

/**
 * The instant the quiet window starts on local `day`. When a DST gap skips that wall time, the
 * instant it would have had under the offset before the gap (so it stays outside the window).
 */
function quietStart(clock: ZoneClock, day: number, qs: number): number {
  const at = clock.toInstant(day, qs);
  const wall = wallOf(clock, at);
  return wall.day === day && wall.minute > qs ? at - (wall.minute - qs) * MINUTE : at;
}

/**
 * Computes when to remind a client of an appointment: up to 5 reminders at offsets before the
 * start (default 24 h and 1 h), each on the channels its settings allow, never before `now`, moved
 * earlier out of quiet hours, sorted by send time. Offsets of whole days keep the wall time
 * ("24 h before 17:00" is 17:00 the day before, DST or not). A booking made 3 h before its
 * start gets only the 1 h reminder; with `bookedAt`, a reminder due less than
 * `reminderGapAfterBookingMinutes` (default 60) after the booking is skipped, so a visit booked
 * 70 minutes ahead gets its confirmation and no reminder ten minutes later. The engine computes;
 * the server sends.
 *
 * @example
 * const { reminders } = scheduleReminders({
 *   appointment: { id: "a1", serviceId: "physio", calendarIds: ["ana"],
 *                  start: "2026-03-30T17:00:00+01:00", end: "2026-03-30T18:00:00+01:00" },
 *   settings: { timeZone: "Europe/Lisbon", quietHours: { start: "21:00", end: "08:00" } },
 *   now: "2026-03-20T10:00:00Z",
 * });
 * reminders.map((r) => r.sendAt); // ["2026-03-29T17:00:00+01:00", "2026-03-30T16:00:00+01:00"]
 */
export function scheduleReminders(request: ReminderRequest): ReminderSchedule {
  const context = parseInput(reminderRequestSchema, request, "request");
  const { appointment } = context;
  const now = parseInstant(context.now) as number;
  if (!REMINDABLE_STATUSES.has(appointment.status)) {
    return { reminders: [], skipped: [], suppressed: "inactive-status" };
  }
  const resolved = resolveChannels("reminder", context, appointment.calendarIds);
  if ("reason" in resolved) return { reminders: [], skipped: [], suppressed: resolved.reason };
  const { settings, booking } = context;
  const offsets =
    booking.reminderOffsetsMinutes ??
    providerFor(context, appointment.calendarIds)?.reminderOffsetsMinutes ??
    settings.reminderOffsetsMinutes;
  const clock = clockFor(settings.timeZone);
  const startMs = parseInstant(appointment.start) as number;
  const startKey = new Date(startMs).toISOString();
  const bookedAt = context.bookedAt ? (parseInstant(context.bookedAt) as number) : undefined;
  const earliestAfterBooking =
    bookedAt === undefined
      ? -Infinity
      : bookedAt + settings.reminderGapAfterBookingMinutes * MINUTE;
  const reminders: ScheduledReminder[] = [];
  const skipped: ReminderSchedule["skipped"] = [];
  // Larger offsets first, so a duplicate send time keeps the reminder asked for earliest.
  for (const offset of [...offsets].sort((a, b) => b - a)) {
    const wanted = reminderTime(clock, startMs, offset);
    const at = outsideQuietHours(clock, wanted, settings.quietHours);
    const moved = at !== wanted;
    if (at < now) {
      skipped.push({
        offsetMinutes: offset,
        reason: moved && wanted >= now ? "quiet-hours-past" : "past",
        wouldHaveBeenAt: clock.format(wanted),
      });
      continue;
    }
    if (at < earliestAfterBooking) {
      skipped.push({
        offsetMinutes: offset,
        reason: "soon-after-booking",
        wouldHaveBeenAt: clock.format(wanted),
      });
      continue;
    }
    if (reminders.some((x) => x.sendAtMs === at)) {
      skipped.push({
        offsetMinutes: offset,
        reason: "duplicate",
        wouldHaveBeenAt: clock.format(wanted),
      });
      continue;
    }
    reminders.push({
      key: `${appointment.id}:reminder:${offset}:${startKey}`,
      appointmentId: appointment.id,
      type: "reminder",
      offsetMinutes: offset,
      sendAt: clock.format(at),
      sendAtMs: at,
      channels: resolved.channels,
      movedForQuietHours: moved,
    });
  }
  reminders.sort((a, b) => a.sendAtMs - b.sendAtMs || b.offsetMinutes - a.offsetMinutes);
  return { reminders, skipped };
}
