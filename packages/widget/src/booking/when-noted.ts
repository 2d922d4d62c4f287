// The clinic's wall time of an instant, naming the clinic's zone when the patient's differs.
import type { WidgetContext } from "../context.js";
import { wallTime } from "../lib/dates.js";

/**
 * The patient's zone when its wall clock differs from the clinic's right now, else `null`.
 *
 * @example
 * patientZoneIfDifferent("Europe/Lisbon", Date.now()); // "America/New_York" on a New York laptop
 */
export function patientZoneIfDifferent(clinicZone: string, now: number): string | null {
  let mine: string | undefined;
  try {
    mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return null;
  }
  // The same zone has the same wall clock, so it needs no test of its own.
  if (!mine) return null;
  const same = JSON.stringify(wallTime(now, clinicZone)) === JSON.stringify(wallTime(now, mine));
  return same ? null : mine;
}

/**
 * Date and time of an instant in the clinic's zone, naming that zone when the patient's differs at
 * that instant (a zone may match the clinic's today and not in summer): summaries, the
 * confirmation and the manage page have no calendar note beside them.
 *
 * @example
 * whenNoted(ctx, booking.start); // "Thursday 3 December, 10:00 (Western European Time – Europe/Lisbon)" in New York
 */
export function whenNoted(ctx: WidgetContext, instant: string): string {
  const { i18n, clinic } = ctx;
  const when = i18n.when(instant);
  return patientZoneIfDifferent(clinic.timeZone, Date.parse(instant))
    ? `${when} (${i18n.zoneName(clinic.timeZone)})`
    : when;
}
