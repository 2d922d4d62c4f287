import { describe, expect, it } from "vitest";
import { appointment, provider, service } from "./fixtures.test-helpers.js";
import { checkBooking, computeSlots } from "./index.js";

const NOW = "2026-01-01T00:00:00Z";

/** Slot starts for one provider working `start`–`end` every day in `zone`. */
function starts(
  zone: string,
  start: string,
  end: string,
  from: string,
  to: string,
  extra: { now?: string; interval?: number; lead?: number } = {},
) {
  const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end }));
  return computeSlots({
    service: service({
      slotIntervalMinutes: extra.interval ?? 60,
      durationMinutes: extra.interval ?? 60,
      leadTimeMinutes: extra.lead ?? 0,
    }),
    calendars: [provider("p", zone, { weekly })],
    appointments: [],
    from,
    to,
    now: extra.now ?? NOW,
  }).map((s) => s.start);
}

describe("time zones: regression tests", () => {
  it("America/New_York DST start (2026-03-08): a 09:00 shift keeps its wall-clock hours", () => {
    expect(starts("America/New_York", "09:00", "11:00", "2026-03-07", "2026-03-08")).toEqual([
      "2026-03-07T09:00:00-05:00",
      "2026-03-07T10:00:00-05:00",
      "2026-03-08T09:00:00-04:00",
      "2026-03-08T10:00:00-04:00",
    ]);
  });

  it("America/New_York DST start: a night shift 00:00–06:00 has 5 real hours and skips 02:00", () => {
    expect(starts("America/New_York", "00:00", "06:00", "2026-03-08", "2026-03-08")).toEqual([
      "2026-03-08T00:00:00-05:00",
      "2026-03-08T01:00:00-05:00",
      "2026-03-08T03:00:00-04:00",
      "2026-03-08T04:00:00-04:00",
      "2026-03-08T05:00:00-04:00",
    ]);
  });

  it("America/New_York DST end (2026-11-01): the repeated 01:00 hour is offered twice", () => {
    expect(starts("America/New_York", "00:00", "04:00", "2026-11-01", "2026-11-01")).toEqual([
      "2026-11-01T00:00:00-04:00",
      "2026-11-01T01:00:00-04:00",
      "2026-11-01T01:00:00-05:00",
      "2026-11-01T02:00:00-05:00",
      "2026-11-01T03:00:00-05:00",
    ]);
  });

  it("America/Chicago DST start: a shift spanning the gap steps in real time", () => {
    expect(
      starts("America/Chicago", "01:30", "03:30", "2026-03-08", "2026-03-08", { interval: 30 }),
    ).toEqual(["2026-03-08T01:30:00-06:00", "2026-03-08T03:00:00-05:00"]);
  });

  it("America/Chicago DST end (2026-11-01): 09:00 stays 09:00 local and 01:00 repeats", () => {
    expect(starts("America/Chicago", "09:00", "10:00", "2026-10-31", "2026-11-02")).toEqual([
      "2026-10-31T09:00:00-05:00",
      "2026-11-01T09:00:00-06:00",
      "2026-11-02T09:00:00-06:00",
    ]);
    expect(starts("America/Chicago", "00:00", "03:00", "2026-11-01", "2026-11-01")).toEqual([
      "2026-11-01T00:00:00-05:00",
      "2026-11-01T01:00:00-05:00",
      "2026-11-01T01:00:00-06:00",
      "2026-11-01T02:00:00-06:00",
    ]);
  });

  it("Europe/Lisbon DST start (2026-03-29): Monday 09:00 stays 09:00 local", () => {
    const slots = computeSlots({
      service: service(),
      calendars: [
        provider("ana", "Europe/Lisbon", {
          weekly: [{ weekday: 1, start: "09:00", end: "10:00" }],
        }),
      ],
      appointments: [],
      from: "2026-03-23",
      to: "2026-03-30",
      now: NOW,
    });
    expect(slots.map((s) => [s.start, new Date(s.startMs).toISOString()])).toEqual([
      ["2026-03-23T09:00:00Z", "2026-03-23T09:00:00.000Z"],
      ["2026-03-30T09:00:00+01:00", "2026-03-30T08:00:00.000Z"],
    ]);
  });

  it("Europe/Lisbon DST end (2026-10-25): a 00:00–03:00 shift has four real hours", () => {
    expect(starts("Europe/Lisbon", "00:00", "03:00", "2026-10-25", "2026-10-25")).toEqual([
      "2026-10-25T00:00:00+01:00",
      "2026-10-25T01:00:00+01:00",
      "2026-10-25T01:00:00Z",
      "2026-10-25T02:00:00Z",
    ]);
  });

  it("Australia/Sydney DST end (2026-04-05) and start (2026-10-04) keep 09:00 local", () => {
    expect(starts("Australia/Sydney", "09:00", "10:00", "2026-04-04", "2026-04-05")).toEqual([
      "2026-04-04T09:00:00+11:00",
      "2026-04-05T09:00:00+10:00",
    ]);
    expect(starts("Australia/Sydney", "09:00", "10:00", "2026-10-03", "2026-10-04")).toEqual([
      "2026-10-03T09:00:00+10:00",
      "2026-10-04T09:00:00+11:00",
    ]);
  });

  it("Asia/Kolkata half-hour zone: 09:00 local is 03:30 UTC", () => {
    const slots = computeSlots({
      service: service(),
      calendars: [
        provider("p", "Asia/Kolkata", { weekly: [{ weekday: 1, start: "09:00", end: "11:00" }] }),
      ],
      appointments: [],
      from: "2026-03-09",
      to: "2026-03-09",
      now: NOW,
    });
    expect(slots.map((s) => [s.start, new Date(s.startMs).toISOString()])).toEqual([
      ["2026-03-09T09:00:00+05:30", "2026-03-09T03:30:00.000Z"],
      ["2026-03-09T10:00:00+05:30", "2026-03-09T04:30:00.000Z"],
    ]);
  });

  it("a shift crossing midnight (22:30–02:00) belongs to the day it starts", () => {
    const night = provider("p", "Europe/Lisbon", {
      weekly: [
        { weekday: 5, start: "22:30", end: "02:00", breaks: [{ start: "23:30", end: "00:00" }] },
      ],
    });
    const friday = computeSlots({
      service: service({ durationMinutes: 30, slotIntervalMinutes: 30 }),
      calendars: [night],
      appointments: [],
      from: "2026-03-13",
      to: "2026-03-13",
      now: NOW,
    });
    expect(friday.map((s) => s.start)).toEqual([
      "2026-03-13T22:30:00Z",
      "2026-03-13T23:00:00Z",
      "2026-03-14T00:00:00Z",
      "2026-03-14T00:30:00Z",
      "2026-03-14T01:00:00Z",
      "2026-03-14T01:30:00Z",
    ]);
    const saturday = computeSlots({
      service: service({ durationMinutes: 30, slotIntervalMinutes: 30 }),
      calendars: [night],
      appointments: [],
      from: "2026-03-14",
      to: "2026-03-14",
      now: NOW,
    });
    expect(saturday).toEqual([]);
    const check = checkBooking({
      service: service({ durationMinutes: 30, slotIntervalMinutes: 30 }),
      calendars: [night],
      appointments: [],
      start: "2026-03-14T01:00:00Z",
      providerId: "p",
      now: NOW,
    });
    expect(check.ok).toBe(true);
    const inBreak = checkBooking({
      service: service({ durationMinutes: 30, slotIntervalMinutes: 30 }),
      calendars: [night],
      appointments: [],
      start: "2026-03-13T23:30:00Z",
      providerId: "p",
      now: NOW,
    });
    expect(inBreak.violations.map((v) => v.code)).toEqual(["IN_BREAK"]);
  });

  it("the last day of a month in a UTC+ zone (Pacific/Auckland, +13) stays on that day", () => {
    const march = starts("Pacific/Auckland", "09:00", "11:00", "2026-03-01", "2026-03-31");
    expect(march.at(-1)).toBe("2026-03-31T10:00:00+13:00");
    expect(march[0]).toBe("2026-03-01T09:00:00+13:00");
    expect(march).toHaveLength(62);
    expect(starts("Pacific/Auckland", "09:00", "11:00", "2026-04-01", "2026-04-01")).toEqual([
      "2026-04-01T09:00:00+13:00",
      "2026-04-01T10:00:00+13:00",
    ]);
  });

  it("a lead time that ends on a DST day counts real hours (New York, 24 h over a 23 h day)", () => {
    const result = starts("America/New_York", "09:00", "17:00", "2026-03-08", "2026-03-08", {
      now: "2026-03-07T12:00:00-05:00",
      lead: 24 * 60,
    });
    expect(result).toEqual([
      "2026-03-08T13:00:00-04:00",
      "2026-03-08T14:00:00-04:00",
      "2026-03-08T15:00:00-04:00",
      "2026-03-08T16:00:00-04:00",
    ]);
  });

  it("a range ending at UTC midnight includes its start and excludes its end (Asia/Tokyo)", () => {
    const result = starts(
      "Asia/Tokyo",
      "09:00",
      "12:00",
      "2026-03-09T00:00:00Z",
      "2026-03-10T00:00:00Z",
    );
    expect(result).toEqual([
      "2026-03-09T09:00:00+09:00",
      "2026-03-09T10:00:00+09:00",
      "2026-03-09T11:00:00+09:00",
    ]);
  });

  it("a range ending at UTC midnight cuts an evening shift in Los Angeles at that instant", () => {
    const result = starts(
      "America/Los_Angeles",
      "16:00",
      "20:00",
      "2026-03-09T00:00:00Z",
      "2026-03-10T00:00:00Z",
    );
    expect(result).toEqual([
      "2026-03-08T17:00:00-07:00",
      "2026-03-08T18:00:00-07:00",
      "2026-03-08T19:00:00-07:00",
      "2026-03-09T16:00:00-07:00",
    ]);
  });

  it("date-only ranges read in another zone use that zone's days", () => {
    const slots = computeSlots({
      service: service(),
      calendars: [
        provider("p", "America/New_York", {
          weekly: [{ weekday: 1, start: "20:00", end: "22:00" }],
        }),
      ],
      appointments: [],
      from: "2026-03-10",
      to: "2026-03-10",
      timeZone: "Europe/Lisbon",
      now: NOW,
    });
    // Monday 20:00 and 21:00 in New York are 00:00 and 01:00 on Tuesday in Lisbon.
    expect(slots.map((s) => s.start)).toEqual([
      "2026-03-09T20:00:00-04:00",
      "2026-03-09T21:00:00-04:00",
    ]);
  });

  it("a range read in the calendar's own zone, spelled differently, still selects shifts by their start day", () => {
    // The server passes the clinic's zone in its canonical spelling; the calendar's differed in
    // case, so Friday night's shift was cut at midnight and its 00:00 slot moved to Saturday.
    const night = provider("p", "europe/lisbon", {
      weekly: [{ weekday: 5, start: "22:00", end: "02:00" }],
    });
    const query = { service: service(), calendars: [night], appointments: [], now: NOW };
    const friday = computeSlots({
      ...query,
      from: "2026-03-13",
      to: "2026-03-13",
      timeZone: "Europe/Lisbon",
    });
    expect(friday.map((s) => s.start)).toEqual([
      "2026-03-13T22:00:00Z",
      "2026-03-13T23:00:00Z",
      "2026-03-14T00:00:00Z",
      "2026-03-14T01:00:00Z",
    ]);
    const saturday = computeSlots({
      ...query,
      from: "2026-03-14",
      to: "2026-03-14",
      timeZone: "Europe/Lisbon",
    });
    expect(saturday).toEqual([]);
  });

  it("an appointment stored in another offset blocks the same instant", () => {
    const slots = computeSlots({
      service: service(),
      calendars: [
        provider("p", "America/New_York", {
          weekly: [{ weekday: 1, start: "09:00", end: "11:00" }],
        }),
      ],
      appointments: [appointment(["p"], "2026-03-09T14:00:00+01:00", "2026-03-09T15:00:00+01:00")],
      from: "2026-03-09",
      to: "2026-03-09",
      now: NOW,
    });
    expect(slots.map((s) => s.start)).toEqual(["2026-03-09T10:00:00-04:00"]);
  });
});
