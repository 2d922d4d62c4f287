// Quiet hours for change messages on phones. The engine moves reminders *earlier* out of the
// clinic's quiet window (so they still arrive before the visit); an SMS or WhatsApp message about
// a change made at night waits *until the window ends* instead.

import { clockFor } from "@bookwell/engine";

const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;

function minutesOf(wall: string): number {
  return Number(wall.slice(0, 2)) * 60 + Number(wall.slice(3, 5));
}

/**
 * The first instant at or after `ms` outside the quiet window of `timeZone` (strictly inside
 * means after its start minute and before its end minute, as the engine reads it): `ms` itself
 * when it is outside, else the window's end in local time, DST-aware.
 *
 * @example
 * afterQuietHours("Europe/Lisbon", Date.parse("2026-03-10T23:00:00Z"), { start: "21:00", end: "08:00" });
 * // Date.parse("2026-03-11T08:00:00Z")
 */
export function afterQuietHours(
  timeZone: string,
  ms: number,
  quiet: { start: string; end: string } | undefined,
): number {
  if (!quiet) return ms;
  const clock = clockFor(timeZone);
  const day = clock.dayOf(ms);
  const minute = Math.floor(((((ms + clock.offset(ms)) % DAY) + DAY) % DAY) / MINUTE);
  const qs = minutesOf(quiet.start);
  const qe = minutesOf(quiet.end);
  if (qs < qe) return minute > qs && minute < qe ? clock.toInstant(day, qe) : ms;
  if (minute > qs) return clock.toInstant(day + 1, qe);
  if (minute < qe) return clock.toInstant(day, qe);
  return ms;
}
