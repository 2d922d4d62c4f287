// The weekly hours editor's model: one row per weekday (works or not, from, to, an optional
// break), turned into the shift planner's pattern (weekdays with the same hours share a row).

import type { PatternRow } from "./setup-api.js";

/** One weekday in the editor. */
export interface DayHours {
  works: boolean;
  start: string;
  end: string;
  breakStart: string;
  breakEnd: string;
}

/**
 * A week with Monday–Friday 09:00–18:00 and a 13:00–14:00 break, weekends off.
 *
 * @example
 * const week = defaultWeek(); week[0].start; // "09:00"
 */
export function defaultWeek(): DayHours[] {
  return [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    works: weekday <= 5,
    start: "09:00",
    end: "18:00",
    breakStart: "13:00",
    breakEnd: "14:00",
  }));
}

/**
 * The planner's pattern for a week: working days with identical hours and break share one row;
 * a break is sent only when both its ends are given.
 *
 * @example
 * patternOf(defaultWeek()); // [{ weekdays: [1, 2, 3, 4, 5], start: "09:00", end: "18:00", breaks: [{ start: "13:00", end: "14:00" }] }]
 */
export function patternOf(week: readonly DayHours[]): PatternRow[] {
  const rows = new Map<string, PatternRow>();
  week.forEach((day, index) => {
    if (!day.works) return;
    const breaks =
      day.breakStart && day.breakEnd ? [{ start: day.breakStart, end: day.breakEnd }] : [];
    const key = JSON.stringify([day.start, day.end, breaks]);
    const row = rows.get(key);
    if (row) row.weekdays.push(index + 1);
    else rows.set(key, { weekdays: [index + 1], start: day.start, end: day.end, breaks });
  });
  return [...rows.values()];
}
