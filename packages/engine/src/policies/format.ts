import { clockFor, formatWithOffset, MINUTE } from "../time/zoned.js";

/**
 * Returns a function that prints an instant as ISO-8601: with the zone's offset when a zone is
 * given, else in UTC (`…Z`).
 *
 * @example
 * instantFormatter("Europe/Lisbon")(Date.UTC(2026, 6, 1, 8)); // "2026-07-01T09:00:00+01:00"
 * instantFormatter()(Date.UTC(2026, 6, 1, 8)); // "2026-07-01T08:00:00.000Z"
 */
export function instantFormatter(zone?: string): (ms: number) => string {
  return zone ? (ms) => clockFor(zone).format(ms) : (ms) => new Date(ms).toISOString();
}

/**
 * Prints an instant with the same UTC offset as a reference ISO string (e.g. a visit's start).
 *
 * @example
 * formatLike(Date.UTC(2026, 2, 12, 9, 45), "2026-03-12T10:00:00+01:00"); // "2026-03-12T10:45:00+01:00"
 */
export function formatLike(ms: number, reference: string): string {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(reference);
  const offset = m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * MINUTE : 0;
  return formatWithOffset(ms, offset);
}
