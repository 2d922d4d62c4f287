import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  clampDay,
  dayKeyOf,
  daysInMonth,
  firstDayOfWeek,
  monthWeeks,
  wallTime,
  weekBounds,
  weekday,
} from "./dates.js";

describe("dates", () => {
  it("converts instants to the clinic's local date across midnight and DST", () => {
    expect(dayKeyOf("2026-03-09T23:30:00Z", "Europe/Madrid")).toBe("2026-03-10");
    expect(dayKeyOf("2026-03-09T23:30:00Z", "Europe/Lisbon")).toBe("2026-03-09");
    expect(wallTime(Date.parse("2026-03-29T01:30:00Z"), "Europe/Lisbon")).toEqual({
      day: "2026-03-29",
      hour: 2,
      minute: 30,
    });
    expect(dayKeyOf("2026-03-10T03:00:00Z", "America/New_York")).toBe("2026-03-09");
  });

  it("does calendar arithmetic on day keys", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2026-03-10", -12)).toBe("2025-03-10");
    expect(daysInMonth("2028-02")).toBe(29);
    expect(weekday("2026-03-03")).toBe(2);
    expect(weekBounds("2026-03-04", 1)).toEqual(["2026-03-02", "2026-03-08"]);
    expect(weekBounds("2026-03-04", 0)).toEqual(["2026-03-01", "2026-03-07"]);
    expect(clampDay("2026-01-01", "2026-03-01", "2026-12-31")).toBe("2026-03-01");
  });

  it("lays a month out in weeks starting on the locale's first day", () => {
    const monday = monthWeeks("2026-03", 1);
    expect(monday[0]).toEqual([null, null, null, null, null, null, "2026-03-01"]);
    expect(monday).toHaveLength(6);
    const sunday = monthWeeks("2026-03", 0);
    expect(sunday[0]?.[0]).toBe("2026-03-01");
    expect(sunday).toHaveLength(5);
    expect(firstDayOfWeek("en-GB")).toBe(1);
    expect(firstDayOfWeek("es-ES")).toBe(1);
    expect(firstDayOfWeek("en-US")).toBe(0);
  });

  it("keeps every day of a month exactly once, in order, in rows of seven", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1990, max: 2090 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 6 }),
        (y, m, first) => {
          const month = `${y}-${String(m).padStart(2, "0")}`;
          const weeks = monthWeeks(month, first);
          const days = weeks.flat().filter((d): d is string => d !== null);
          expect(weeks.every((w) => w.length === 7)).toBe(true);
          expect(days).toHaveLength(daysInMonth(month));
          expect(days.every((d, i) => i === 0 || d === addDays(days[i - 1] as string, 1))).toBe(
            true,
          );
          const firstWeek = weeks[0] ?? [];
          expect(weekday(days[0] as string)).toBe(
            (first + firstWeek.indexOf(days[0] as string)) % 7,
          );
        },
      ),
    );
  });
});
