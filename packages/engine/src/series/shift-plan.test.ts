import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appointment, provider, service, times } from "../availability/fixtures.test-helpers.js";
import { computeSlots } from "../availability/index.js";
import { clockFor, formatDay, isoWeekday, parseDay } from "../time/zoned.js";
import { issuesOf } from "./issues.test-helpers.js";
import { planShifts } from "./shift-plan.js";

const lunchLate = [
  {
    weekdays: [1, 2, 3, 4, 5],
    start: "08:00",
    end: "16:00",
    breaks: [{ start: "12:30", end: "13:30" }],
  },
];

describe("planShifts", () => {
  // Both work Mon–Fri 09:00–17:00 with a 12:00–13:00 break (Lisbon, UTC+1 in April).
  const calendars = [
    provider("ana", "Europe/Lisbon", {
      overrides: [{ type: "extra", date: "2026-04-11", hours: [{ start: "10:00", end: "12:00" }] }],
    }),
    provider("bob"),
  ];
  const appointments = [
    appointment(["ana"], "2026-04-08T16:00:00+01:00", "2026-04-08T17:00:00+01:00", { id: "late" }),
    appointment(["bob"], "2026-04-07T13:00:00+01:00", "2026-04-07T13:30:00+01:00", { id: "lunch" }),
    appointment(["ana"], "2026-04-20T16:00:00+01:00", "2026-04-20T17:00:00+01:00", { id: "after" }),
    appointment(["ana"], "2026-04-09T16:00:00+01:00", "2026-04-09T17:00:00+01:00", {
      id: "gone",
      status: "canceled",
    }),
    appointment(["ana"], "2026-04-11T10:00:00+01:00", "2026-04-11T11:00:00+01:00", { id: "sat" }),
    appointment(["bob"], "2026-04-10T12:15:00+01:00", "2026-04-10T12:45:00+01:00", {
      id: "old-break",
    }),
  ];

  it("applies a pattern to many calendars for N weeks and reports each calendar's conflicts", () => {
    const plan = planShifts({
      calendars,
      appointments,
      calendarIds: ["ana", "bob"],
      pattern: lunchLate,
      startDate: "2026-04-06",
      weeks: 2,
    });
    expect(plan.validFrom).toBe("2026-04-06");
    expect(plan.validUntil).toBe("2026-04-19");
    expect(
      plan.calendars.map((c) => [
        c.calendarId,
        c.conflicts.map((x) => [x.appointmentId, x.reason, x.newlyOutside]),
      ]),
    ).toEqual([
      ["ana", [["late", "OUTSIDE_HOURS", true]]],
      [
        "bob",
        [
          ["lunch", "IN_BREAK", true],
          ["old-break", "IN_BREAK", false],
        ],
      ],
    ]);
    expect(plan.calendars[0]?.conflicts[0]).toMatchObject({
      start: "2026-04-08T16:00:00+01:00",
      end: "2026-04-08T17:00:00+01:00",
      date: "2026-04-08",
      status: "booked",
    });
    expect(plan.summary).toEqual({ calendars: 2, conflicts: 3, calendarsWithConflicts: 2 });
  });

  it("stores the pattern as weekly shifts valid for the window and clips the old ones around it", () => {
    const plan = planShifts({
      calendars,
      appointments: [],
      calendarIds: ["ana"],
      pattern: lunchLate,
      startDate: "2026-04-06",
      weeks: 2,
    });
    const monday = plan.calendars[0]?.weekly.filter((s) => s.weekday === 1);
    expect(monday).toEqual([
      {
        weekday: 1,
        start: "09:00",
        end: "17:00",
        breaks: [{ start: "12:00", end: "13:00" }],
        validUntil: "2026-04-05",
      },
      {
        weekday: 1,
        start: "09:00",
        end: "17:00",
        breaks: [{ start: "12:00", end: "13:00" }],
        validFrom: "2026-04-20",
      },
      {
        weekday: 1,
        start: "08:00",
        end: "16:00",
        breaks: [{ start: "12:30", end: "13:30" }],
        validFrom: "2026-04-06",
        validUntil: "2026-04-19",
      },
    ]);
    // The slots engine reads the result as intended: new hours inside the window, old ones after.
    const calendar = plan.calendars[0]?.calendar;
    if (!calendar) throw new Error("missing calendar");
    const slots = (date: string) =>
      times(
        computeSlots({
          service: service(),
          calendars: [calendar],
          appointments: [],
          from: date,
          to: date,
          now: "2026-04-01T00:00:00Z",
        }),
      );
    expect(slots("2026-04-08")).toEqual(["08:00", "09:00", "10:00", "11:00", "13:30", "14:30"]);
    expect(slots("2026-04-20")).toEqual([
      "09:00",
      "10:00",
      "11:00",
      "13:00",
      "14:00",
      "15:00",
      "16:00",
    ]);
    expect(slots("2026-04-03")).toEqual([
      "09:00",
      "10:00",
      "11:00",
      "13:00",
      "14:00",
      "15:00",
      "16:00",
    ]);
  });

  it("all-days makes unlisted weekdays days off; pattern-weekdays leaves them alone", () => {
    const monday = [
      appointment(["ana"], "2026-04-06T10:00:00+01:00", "2026-04-06T11:00:00+01:00", { id: "mon" }),
    ];
    const base = {
      calendars,
      appointments: monday,
      calendarIds: ["ana"],
      pattern: [{ weekdays: [3], start: "10:00", end: "14:00" }],
      startDate: "2026-04-06",
      until: "2026-04-12",
    };
    const all = planShifts(base);
    expect(all.calendars[0]?.conflicts.map((c) => [c.appointmentId, c.reason])).toEqual([
      ["mon", "OUTSIDE_HOURS"],
    ]);
    const some = planShifts({ ...base, scope: "pattern-weekdays" });
    expect(some.calendars[0]?.conflicts).toEqual([]);
    expect(some.calendars[0]?.weekly.filter((s) => s.weekday === 1)).toHaveLength(1);
  });

  it("without weeks or until the change is open-ended", () => {
    const plan = planShifts({
      calendars,
      appointments,
      calendarIds: ["ana"],
      pattern: lunchLate,
      startDate: "2026-04-06",
    });
    expect(plan).not.toHaveProperty("validUntil");
    expect(
      plan.calendars[0]?.weekly
        .filter((s) => s.weekday === 2)
        .map((s) => [s.start, s.validFrom, s.validUntil]),
    ).toEqual([
      ["09:00", undefined, "2026-04-05"],
      ["08:00", "2026-04-06", undefined],
    ]);
    expect(plan.calendars[0]?.conflicts.map((c) => c.appointmentId)).toEqual(["late", "after"]);
  });

  it("reads hours in each calendar's own zone across DST (New York, 8 March 2026)", () => {
    const ny = provider("nyc", "America/New_York");
    const plan = planShifts({
      calendars: [ny],
      appointments: [
        appointment(["nyc"], "2026-03-06T08:00:00-05:00", "2026-03-06T09:00:00-05:00", {
          id: "fri",
        }),
        appointment(["nyc"], "2026-03-09T08:00:00-04:00", "2026-03-09T09:00:00-04:00", {
          id: "mon",
        }),
        appointment(["nyc"], "2026-03-09T16:00:00-04:00", "2026-03-09T17:00:00-04:00", {
          id: "late",
        }),
      ],
      calendarIds: ["nyc"],
      pattern: lunchLate,
      startDate: "2026-03-02",
      weeks: 2,
    });
    expect(plan.calendars[0]?.conflicts.map((c) => c.appointmentId)).toEqual(["late"]);
  });

  it.each([
    [{ calendarIds: ["ana", "zed"] }, "request.calendarIds.1"],
    [{ calendarIds: ["ana", "ana"] }, "request.calendarIds.1"],
    [{ weeks: 2, until: "2026-05-01" }, "request.until"],
    [{ pattern: [{ weekdays: [], start: "08:00", end: "12:00" }] }, "request.pattern.0.weekdays"],
  ])("names the bad field %#", (patch, field) => {
    const issues = issuesOf(() =>
      planShifts({
        calendars,
        appointments: [],
        calendarIds: ["ana"],
        pattern: lunchLate,
        startDate: "2026-04-06",
        ...patch,
      }),
    );
    expect(issues[0]?.field).toBe(field);
  });
});

describe("planShifts: properties", () => {
  it("a visit is a conflict exactly when the pattern's hours for its day do not hold it", () => {
    const hm = (m: number) =>
      `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
    fc.assert(
      fc.property(
        fc.constantFrom("America/New_York", "Europe/Lisbon", "Australia/Sydney"),
        fc.dictionary(
          fc.constantFrom("1", "2", "3", "4", "5", "6", "7"),
          fc.record({
            start: fc.integer({ min: 6, max: 11 }),
            end: fc.integer({ min: 13, max: 20 }),
            lunch: fc.option(fc.integer({ min: 11, max: 12 }), { nil: undefined }),
          }),
          { minKeys: 1 },
        ),
        fc.array(
          fc.record({
            day: fc.integer({ min: 0, max: 20 }),
            start: fc.integer({ min: 20, max: 44 }),
            len: fc.integer({ min: 1, max: 4 }),
          }),
          { maxLength: 20 },
        ),
        (zone, byWeekday, visits) => {
          const startDate = "2026-03-23";
          const first = parseDay(startDate) as number;
          const clock = clockFor(zone);
          const pattern = Object.entries(byWeekday).map(([w, h]) => ({
            weekdays: [Number(w)],
            start: hm(h.start * 60),
            end: hm(h.end * 60),
            breaks:
              h.lunch === undefined
                ? []
                : [{ start: hm(h.lunch * 60), end: hm(h.lunch * 60 + 30) }],
          }));
          const appointments = visits.map((v, i) => {
            const s = clock.toInstant(first + v.day, v.start * 30);
            return appointment(["cal"], clock.format(s), clock.format(s + v.len * 30 * 60_000), {
              id: `v${i}`,
            });
          });
          const plan = planShifts({
            calendars: [provider("cal", zone)],
            appointments,
            calendarIds: ["cal"],
            pattern,
            startDate,
            weeks: 2,
          });
          const expected = visits
            .map((v, i) => ({ v, id: `v${i}` }))
            .filter(({ v }) => v.day < 14)
            .filter(({ v }) => {
              const h = byWeekday[String(isoWeekday(first + v.day))];
              if (!h) return true;
              const s = v.start * 30;
              const e = s + v.len * 30;
              const inHours = s >= h.start * 60 && e <= h.end * 60;
              const inBreak = h.lunch !== undefined && s < h.lunch * 60 + 30 && e > h.lunch * 60;
              return !inHours || inBreak;
            })
            .map(({ id, v }) => [id, formatDay(first + v.day)]);
          const got = plan.calendars[0]?.conflicts.map((c) => [c.appointmentId, c.date]) ?? [];
          expect([...got].sort()).toEqual([...expected].sort());
          expect(plan.summary.conflicts).toBe(got.length);
        },
      ),
      { numRuns: 100 },
    );
  });
});
