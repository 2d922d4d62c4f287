import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clockFor, isoWeekday, parseDay } from "../time/zoned.js";
import { issueLines } from "./issues.test-helpers.js";
import { expandRecurrence, type RecurrenceInput } from "./recurrence.js";

describe("expandRecurrence: patterns", () => {
  it("8 sessions on Tue and Thu at 17:00 in Lisbon keep 17:00 local across the March DST change", () => {
    const occ = expandRecurrence({
      startDate: "2026-03-17",
      time: "17:00",
      timeZone: "Europe/Lisbon",
      weekdays: [2, 4],
      count: 8,
    });
    expect(occ.map((o) => o.start)).toEqual([
      "2026-03-17T17:00:00Z",
      "2026-03-19T17:00:00Z",
      "2026-03-24T17:00:00Z",
      "2026-03-26T17:00:00Z",
      "2026-03-31T17:00:00+01:00",
      "2026-04-02T17:00:00+01:00",
      "2026-04-07T17:00:00+01:00",
      "2026-04-09T17:00:00+01:00",
    ]);
    expect(occ.map((o) => o.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(occ[4]?.startMs).toBe(Date.parse("2026-03-31T16:00:00Z"));
  });

  it("every week for 6 weeks repeats on the start date's weekday (New York, across 8 March 2026)", () => {
    const occ = expandRecurrence({
      startDate: "2026-02-24",
      time: "09:30",
      timeZone: "America/New_York",
      weeks: 6,
    });
    expect(occ.map((o) => o.start)).toEqual([
      "2026-02-24T09:30:00-05:00",
      "2026-03-03T09:30:00-05:00",
      "2026-03-10T09:30:00-04:00",
      "2026-03-17T09:30:00-04:00",
      "2026-03-24T09:30:00-04:00",
      "2026-03-31T09:30:00-04:00",
    ]);
  });

  it("weekdays × N weeks from a mid-week start gives every weekday exactly N times", () => {
    const occ = expandRecurrence({
      startDate: "2026-03-04", // a Wednesday
      time: "08:00",
      timeZone: "Europe/Lisbon",
      weekdays: [1, 3, 5],
      weeks: 2,
    });
    expect(occ.map((o) => o.date)).toEqual([
      "2026-03-04",
      "2026-03-06",
      "2026-03-09",
      "2026-03-11",
      "2026-03-13",
      "2026-03-16",
    ]);
  });

  it("fortnightly × 3 weeks keeps the weeks aligned to the start date", () => {
    const occ = expandRecurrence({
      startDate: "2026-03-04",
      time: "08:00",
      timeZone: "Europe/Lisbon",
      weekdays: [1, 3],
      everyWeeks: 2,
      weeks: 3,
    });
    expect(occ.map((o) => o.date)).toEqual([
      "2026-03-04",
      "2026-03-09",
      "2026-03-18",
      "2026-03-23",
      "2026-04-01",
      "2026-04-06",
    ]);
  });

  it("Sydney keeps 18:00 local when daylight saving ends on 5 April 2026", () => {
    const occ = expandRecurrence({
      startDate: "2026-04-01",
      time: "18:00",
      timeZone: "Australia/Sydney",
      weekdays: [3, 7],
      count: 4,
    });
    expect(occ.map((o) => o.start)).toEqual([
      "2026-04-01T18:00:00+11:00",
      "2026-04-05T18:00:00+10:00",
      "2026-04-08T18:00:00+10:00",
      "2026-04-12T18:00:00+10:00",
    ]);
  });

  it("until is inclusive and wins over a longer count", () => {
    const occ = expandRecurrence({
      startDate: "2026-03-03",
      time: "17:00",
      timeZone: "Europe/Lisbon",
      weekdays: [2, 4],
      count: 20,
      until: "2026-03-12",
    });
    expect(occ.map((o) => o.date)).toEqual([
      "2026-03-03",
      "2026-03-05",
      "2026-03-10",
      "2026-03-12",
    ]);
  });

  it("skipped dates do not use up the count of a pattern", () => {
    const occ = expandRecurrence({
      startDate: "2026-03-03",
      time: "17:00",
      timeZone: "Europe/Lisbon",
      weekdays: [2],
      count: 3,
      skipDates: ["2026-03-10"],
    });
    expect(occ.map((o) => o.date)).toEqual(["2026-03-03", "2026-03-17", "2026-03-24"]);
    expect(occ.map((o) => o.index)).toEqual([0, 1, 2]);
  });

  it("a wall time inside the spring-forward gap starts after the gap (New York, 8 March 2026)", () => {
    const occ = expandRecurrence({
      startDate: "2026-03-07",
      time: "02:30",
      timeZone: "America/New_York",
      rule: "FREQ=DAILY;COUNT=3",
    });
    expect(occ.map((o) => o.start)).toEqual([
      "2026-03-07T02:30:00-05:00",
      "2026-03-08T03:30:00-04:00",
      "2026-03-09T02:30:00-04:00",
    ]);
    expect(occ[1]?.time).toBe("02:30");
  });

  it("regression: a wall time in a DST gap at midnight landed on the previous day (Santiago, Cairo)", () => {
    // Chile skips 00:00–01:00 on 6 September 2026, Egypt on 24 April 2026: those days start at
    // 01:00. A weekly 00:30 session on that day was placed at 23:30 the evening before.
    const santiago = expandRecurrence({
      startDate: "2026-08-30",
      time: "00:30",
      timeZone: "America/Santiago",
      weekdays: [7],
      count: 3,
    });
    expect(santiago.map((o) => [o.date, o.start])).toEqual([
      ["2026-08-30", "2026-08-30T00:30:00-04:00"],
      ["2026-09-06", "2026-09-06T01:30:00-03:00"],
      ["2026-09-13", "2026-09-13T00:30:00-03:00"],
    ]);
    const cairo = expandRecurrence({
      startDate: "2026-04-24",
      time: "00:00",
      timeZone: "Africa/Cairo",
      rule: "FREQ=DAILY;COUNT=2",
    });
    expect(cairo.map((o) => o.start)).toEqual([
      "2026-04-24T01:00:00+03:00",
      "2026-04-25T00:00:00+03:00",
    ]);
    for (const o of [...santiago, ...cairo]) {
      const zone = santiago.includes(o) ? "America/Santiago" : "Africa/Cairo";
      expect(clockFor(zone).dayOf(o.startMs)).toBe(parseDay(o.date));
    }
  });

  it("regression: a wall time in a DST gap at the end of the day spilled into the next day (Nuuk)", () => {
    // Greenland skips 23:00–24:00 on Saturday 28 March 2026: 23:30 that day does not exist.
    const occ = expandRecurrence({
      startDate: "2026-03-27",
      time: "23:30",
      timeZone: "America/Nuuk",
      rule: "FREQ=DAILY;COUNT=3",
    });
    expect(occ.map((o) => [o.date, o.start])).toEqual([
      ["2026-03-27", "2026-03-27T23:30:00-02:00"],
      ["2026-03-28", "2026-03-28T22:30:00-02:00"],
      ["2026-03-29", "2026-03-29T23:30:00-01:00"],
    ]);
    const clock = clockFor("America/Nuuk");
    for (const o of occ) expect(clock.dayOf(o.startMs)).toBe(parseDay(o.date));
  });

  it("takes the zone from the caller's default when the recurrence names none", () => {
    const occ = expandRecurrence(
      { startDate: "2026-07-01", time: "10:00", count: 1 },
      "Europe/Lisbon",
    );
    expect(occ[0]?.start).toBe("2026-07-01T10:00:00+01:00");
  });
});

describe("expandRecurrence: raw RRULE", () => {
  it("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8 matches the equivalent pattern", () => {
    const base = { startDate: "2026-03-17", time: "17:00", timeZone: "Europe/Lisbon" };
    const fromRule = expandRecurrence({ ...base, rule: "RRULE:FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8" });
    const fromPattern = expandRecurrence({ ...base, weekdays: [2, 4], count: 8 });
    expect(fromRule).toEqual(fromPattern);
  });

  it("a date-only UNTIL covers that whole local day", () => {
    const occ = expandRecurrence({
      startDate: "2026-03-02",
      time: "17:00",
      timeZone: "Europe/Lisbon",
      rule: "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260316",
    });
    expect(occ.map((o) => o.date)).toEqual(["2026-03-02", "2026-03-09", "2026-03-16"]);
  });

  it("a UTC UNTIL is an instant, read in the zone", () => {
    // 16:59:59Z is 12:59:59 in New York on 10 March: the 13:00 occurrence that day is after it.
    const occ = expandRecurrence({
      startDate: "2026-03-09",
      time: "13:00",
      timeZone: "America/New_York",
      rule: "FREQ=DAILY;UNTIL=20260310T165959Z",
    });
    expect(occ.map((o) => o.date)).toEqual(["2026-03-09"]);
  });

  it("monthly rules work too: the last Friday of each month, 3 times", () => {
    const occ = expandRecurrence({
      startDate: "2026-01-01",
      time: "12:00",
      timeZone: "Europe/Lisbon",
      rule: "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3",
    });
    expect(occ.map((o) => o.date)).toEqual(["2026-01-30", "2026-02-27", "2026-03-27"]);
  });

  it.each([
    ["DTSTART=20260101T100000", "DTSTART is not allowed"],
    ["FREQ=WEEKLY;TZID=Europe/Lisbon", "TZID is not allowed"],
    ["FREQ=HOURLY;COUNT=3", "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY"],
    ["FREQ=WEEKLY;BYHOUR=9", "BYHOUR is not allowed"],
    ["FREQ=WEEKLY;FOO=1", "unknown RRULE property FOO"],
    ["FREQ=WEEKLY;COUNT=0", "COUNT must be a positive whole number"],
    ["FREQ=WEEKLY;COUNT=3;UNTIL=20260401", "COUNT and UNTIL must not both be given"],
    ["BYDAY=TU", "FREQ is required"],
    ["FREQ=WEEKLY;BYDAY=XX", "BYDAY must list weekdays"],
    ["FREQ=WEEKLY;COUNT=2;COUNT=3", "COUNT is given twice"],
    ["FREQ=WEEKLY;UNTIL=20261399", "UNTIL must be"],
  ])("rejects %s naming recurrence.rule", (rule, message) => {
    const issues = issueLines(() =>
      expandRecurrence({ startDate: "2026-03-03", time: "17:00", timeZone: "Europe/Lisbon", rule }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain("recurrence.rule: ");
    expect(issues[0]).toContain(message);
  });
});

describe("expandRecurrence: validation and the cap", () => {
  it("a pattern without an end names recurrence.count", () => {
    const issues = issueLines(() =>
      expandRecurrence({ startDate: "2026-03-03", time: "17:00", timeZone: "Europe/Lisbon" }),
    );
    expect(issues).toEqual([
      "recurrence.count: the pattern needs an end: give count, weeks or until",
    ]);
  });

  it("names every bad field at once", () => {
    const issues = issueLines(() =>
      expandRecurrence({
        startDate: "2026-02-30",
        time: "25:00",
        timeZone: "Mars/Olympus",
        weekdays: [0, 2],
        count: 3,
      } as RecurrenceInput),
    );
    const fields = issues.map((i) => i.split(":")[0]);
    expect(fields).toEqual(
      expect.arrayContaining([
        "recurrence.startDate",
        "recurrence.time",
        "recurrence.timeZone",
        "recurrence.weekdays.0",
      ]),
    );
  });

  it("rule and pattern fields do not mix", () => {
    const issues = issueLines(() =>
      expandRecurrence({
        startDate: "2026-03-03",
        time: "17:00",
        timeZone: "Europe/Lisbon",
        rule: "FREQ=WEEKLY",
        count: 3,
      }),
    );
    expect(issues).toEqual([
      "recurrence.count: must not be combined with rule (put it in the RRULE instead)",
    ]);
  });

  it("without any zone the error names recurrence.timeZone", () => {
    const issues = issueLines(() =>
      expandRecurrence({ startDate: "2026-03-03", time: "17:00", count: 2 }),
    );
    expect(issues[0]).toMatch(/^recurrence\.timeZone: /);
  });

  it("more than 200 occurrences is an error naming the cap", () => {
    const issues = issueLines(() =>
      expandRecurrence({
        startDate: "2026-01-01",
        time: "09:00",
        timeZone: "Europe/Lisbon",
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        weeks: 30,
      }),
    );
    expect(issues[0]).toMatch(/^recurrence\.count: yields more than 200 occurrences \(the cap\)/);
  });

  it("an unbounded RRULE stops at the cap with an error on recurrence.rule", () => {
    const issues = issueLines(() =>
      expandRecurrence({
        startDate: "2026-01-01",
        time: "09:00",
        timeZone: "Europe/Lisbon",
        rule: "FREQ=DAILY",
        maxOccurrences: 50,
      }),
    );
    expect(issues[0]).toMatch(/^recurrence\.rule: yields more than 50 occurrences/);
  });

  it("exactly the cap is allowed", () => {
    const occ = expandRecurrence({
      startDate: "2026-01-01",
      time: "09:00",
      timeZone: "Europe/Lisbon",
      rule: "FREQ=DAILY;COUNT=200",
    });
    expect(occ).toHaveLength(200);
  });
});

describe("expandRecurrence: properties", () => {
  const zones = ["America/New_York", "Europe/Lisbon", "Australia/Sydney"];
  it("covers the pattern exactly once, in order, at the asked wall time on the asked weekdays", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 730 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 10 }),
        fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
        fc.integer({ min: 4 * 60, max: 23 * 60 + 59 }), // outside any DST gap of these zones
        (zone, offset, weekdays, everyWeeks, weeks, count, minute) => {
          const startDay = (parseDay("2025-06-01") as number) + offset;
          const startDate = new Date(startDay * 86_400_000).toISOString().slice(0, 10);
          const time = `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
          const occ = expandRecurrence({
            startDate,
            time,
            timeZone: zone,
            weekdays,
            everyWeeks,
            weeks,
            ...(count === undefined ? {} : { count }),
          });
          const expected = Math.min(weekdays.length * weeks, count ?? Number.POSITIVE_INFINITY);
          expect(occ).toHaveLength(expected);
          const clock = clockFor(zone);
          const seen = new Set<string>();
          occ.forEach((o, i) => {
            expect(o.index).toBe(i);
            if (i > 0)
              expect(o.startMs).toBeGreaterThan((occ[i - 1] as { startMs: number }).startMs);
            const day = clock.dayOf(o.startMs);
            expect(new Date(day * 86_400_000).toISOString().slice(0, 10)).toBe(o.date);
            expect(weekdays).toContain(isoWeekday(day));
            const wall = (o.startMs + clock.offset(o.startMs)) % 86_400_000;
            expect(wall / 60_000).toBe(minute);
            expect(o.date >= startDate).toBe(true);
            seen.add(o.date);
          });
          expect(seen.size).toBe(occ.length);
          // Each weekday appears `weeks` times (fewer only when count cuts the series short),
          // every `everyWeeks` weeks.
          for (const w of weekdays) {
            const days = occ
              .map((o) => parseDay(o.date) as number)
              .filter((d) => isoWeekday(d) === w);
            if (expected === weekdays.length * weeks) expect(days).toHaveLength(weeks);
            else expect(days.length).toBeLessThanOrEqual(weeks);
            // The first week is the 7 days from startDate.
            if (days.length > 0) expect((days[0] as number) - startDay).toBeLessThan(7);
            days.forEach((d, i) => {
              if (i > 0) expect(d - (days[i - 1] as number)).toBe(7 * everyWeeks);
            });
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
