import { DAY, type DayNumber, MINUTE, type ZoneClock } from "../time/zoned.js";

/** The local day and wall minute (0–1439) of instant `ms` on `clock`'s zone. */
export function wallOf(clock: ZoneClock, ms: number): { day: DayNumber; minute: number } {
  return {
    day: clock.dayOf(ms),
    minute: Math.floor(((((ms + clock.offset(ms)) % DAY) + DAY) % DAY) / MINUTE),
  };
}

/** Formats a minute of the day as `HH:MM`. */
export function formatWallTime(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}
