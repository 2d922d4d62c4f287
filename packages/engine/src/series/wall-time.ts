import { DAY, type DayNumber, MINUTE, type ZoneClock } from "../time/zoned.js";

/**
 * The local day and wall minute (0–1439) of instant `ms` on `clock`'s zone.
 *
 * @example
 * wallOf(clockFor("Europe/Lisbon"), Date.parse("2026-07-01T16:00:00Z")); // { day: 20635, minute: 1020 } (17:00)
 */
export function wallOf(clock: ZoneClock, ms: number): { day: DayNumber; minute: number } {
  return {
    day: clock.dayOf(ms),
    minute: Math.floor(((((ms + clock.offset(ms)) % DAY) + DAY) % DAY) / MINUTE),
  };
}

/**
 * Formats a minute of the day as `HH:MM`.
 *
 * @example
 * formatWallTime(1020); // "17:00"
 */
export function formatWallTime(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}
