import { describe, expect, it } from "vitest";
import { appointment, provider, service, times } from "./fixtures.test-helpers.js";
import { checkBooking, computeSlots } from "./index.js";

// Regression tests named after bugs that users reported against other scheduling tools.

describe("bugs reported against other tools", () => {
  it("afternoon hours on a DST start day are not shifted by an hour (cal.com #30021)", () => {
    const p = provider("p", "America/New_York", {
      weekly: [{ weekday: 7, start: "13:00", end: "18:00" }],
    });
    const slots = computeSlots({
      service: service(),
      calendars: [p],
      appointments: [],
      from: "2026-03-08",
      to: "2026-03-08",
      now: "2026-03-01T00:00:00Z",
    });
    expect(slots.map((s) => new Date(s.startMs).toISOString().slice(11, 16))).toEqual([
      "17:00",
      "18:00",
      "19:00",
      "20:00",
      "21:00",
    ]);
    expect(times(slots)).toEqual(["13:00", "14:00", "15:00", "16:00", "17:00"]);
  });

  it("November after the DST change starts at 09:00, not 08:00 (cal.com #10517)", () => {
    const p = provider("p", "America/New_York", {
      weekly: [{ weekday: 1, start: "09:00", end: "10:00" }],
    });
    const slots = computeSlots({
      service: service(),
      calendars: [p],
      appointments: [],
      from: "2026-10-26",
      to: "2026-11-09",
      now: "2026-10-01T00:00:00Z",
    });
    expect(slots.map((s) => s.start)).toEqual([
      "2026-10-26T09:00:00-04:00",
      "2026-11-02T09:00:00-05:00",
      "2026-11-09T09:00:00-05:00",
    ]);
  });

  it("a day with a DST change keeps every slot of a morning shift (time-slots-finder #300)", () => {
    const p = provider("p", "Europe/Lisbon", {
      weekly: [{ weekday: 7, start: "08:00", end: "12:00" }],
    });
    const slots = computeSlots({
      service: service({ durationMinutes: 30 }),
      calendars: [p],
      appointments: [],
      from: "2026-10-25",
      to: "2026-10-25",
      now: "2026-10-01T00:00:00Z",
    });
    expect(slots).toHaveLength(8);
  });

  it("a before-buffer with a 5-minute grid starts 15 minutes after the busy time ends (cal.com #2078)", () => {
    const p = provider("p", "Europe/Lisbon", {
      weekly: [{ weekday: 1, start: "12:00", end: "16:00" }],
    });
    const svc = service({ bufferBeforeMinutes: 15, slotIntervalMinutes: 5 });
    const busy = appointment(["p"], "2026-03-09T12:50:00Z", "2026-03-09T13:50:00Z", {
      serviceId: "other",
    });
    const slots = computeSlots({
      service: svc,
      calendars: [p],
      appointments: [busy],
      from: "2026-03-09",
      to: "2026-03-09",
      now: "2026-03-01T00:00:00Z",
    });
    const afternoon = times(slots).filter((t) => t >= "13:00");
    expect(afternoon[0]).toBe("14:05");
    expect(afternoon.at(-1)).toBe("15:00");
  });

  it("a time inside another booking's after-buffer is neither offered nor accepted (cal.com #29532, #14868)", () => {
    const p = provider("p", "Europe/Lisbon", {
      weekly: [{ weekday: 1, start: "09:00", end: "12:00" }],
    });
    const cleanup = service({ id: "wax", bufferAfterMinutes: 30 });
    const busy = appointment(["p"], "2026-03-09T08:15:00Z", "2026-03-09T09:15:00Z", {
      serviceId: "wax",
    });
    const query = {
      service: service({ slotIntervalMinutes: 15 }),
      services: [cleanup],
      calendars: [p],
      appointments: [busy],
      now: "2026-03-01T00:00:00Z",
    };
    const slots = computeSlots({ ...query, from: "2026-03-09", to: "2026-03-09" });
    expect(times(slots)[0]).toBe("09:45");
    expect(
      checkBooking({ ...query, start: "2026-03-09T09:30:00Z", providerId: "p" }).violations.map(
        (v) => v.code,
      ),
    ).toEqual(["BUFFER"]);
  });

  it("a one-hour booking without buffers blocks exactly one hour (cal.com #15265)", () => {
    const busy = appointment(["ana"], "2026-03-09T13:00:00Z", "2026-03-09T14:00:00Z");
    const slots = computeSlots({
      service: service(),
      calendars: [provider("ana")],
      appointments: [busy],
      from: "2026-03-09",
      to: "2026-03-09",
      now: "2026-03-01T00:00:00Z",
    });
    expect(times(slots)).toEqual(["09:00", "10:00", "11:00", "14:00", "15:00", "16:00"]);
  });

  it("a long service never runs into the lunch break (JetAppointment #2553)", () => {
    const p = provider("p", "Europe/Lisbon", {
      weekly: [
        { weekday: 1, start: "09:30", end: "17:00", breaks: [{ start: "12:00", end: "12:30" }] },
      ],
    });
    const slots = computeSlots({
      service: service({ slotIntervalMinutes: 30 }),
      calendars: [p],
      appointments: [],
      from: "2026-03-09",
      to: "2026-03-09",
      now: "2026-03-01T00:00:00Z",
    });
    expect(times(slots).filter((t) => t < "12:30")).toEqual(["09:30", "10:00", "10:30", "11:00"]);
  });

  it("a calendar open 24/7 offers slots for a date-only range (Easy!Appointments #1451)", () => {
    const p = provider("p", "Europe/Lisbon", {
      weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "00:00", end: "24:00" })),
    });
    const slots = computeSlots({
      service: service({ durationMinutes: 240 }),
      calendars: [p],
      appointments: [],
      from: "2026-03-10",
      to: "2026-03-10",
      now: "2026-03-01T00:00:00Z",
    });
    expect(times(slots)).toEqual(["00:00", "04:00", "08:00", "12:00", "16:00", "20:00"]);
  });

  it("hours split at midnight keep the second day's slots (cal.com #5929)", () => {
    // 20:00–24:00 on Friday and 00:00–03:00 on Saturday touch at midnight.
    const p = provider("p", "Europe/Lisbon", {
      weekly: [
        { weekday: 5, start: "20:00", end: "24:00" },
        { weekday: 6, start: "00:00", end: "03:00" },
      ],
    });
    const query = {
      service: service(),
      calendars: [p],
      appointments: [],
      now: "2026-03-01T00:00:00Z",
    };
    expect(times(computeSlots({ ...query, from: "2026-03-14", to: "2026-03-14" }))).toEqual([
      "00:00",
      "01:00",
      "02:00",
    ]);
    expect(times(computeSlots({ ...query, from: "2026-03-13", to: "2026-03-13" }))).toEqual([
      "20:00",
      "21:00",
      "22:00",
      "23:00",
    ]);
  });
});
