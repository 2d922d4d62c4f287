import { describe, expect, it } from "vitest";
import { checkBooking, computeSlots } from "./compute-slots.js";

const NOW = "2026-03-01T12:00:00Z";
const MONDAY = "2026-03-09";
const provider = (id: string) => ({
  id,
  kind: "provider" as const,
  locationId: "lisbon",
  disciplines: ["pilates"],
  timeZone: "Europe/Lisbon",
  weekly: [{ weekday: 1, start: "09:00", end: "11:00" }],
});
const pilates = {
  id: "pilates",
  name: "Pilates",
  discipline: "pilates",
  durationMinutes: 60,
  slotIntervalMinutes: 60,
  price: { amount: 1500, currency: "EUR" },
  capacity: 2,
};
let seq = 0;
const member = (calendarId: string, start: string, end: string) => ({
  id: `apt-${++seq}`,
  serviceId: "pilates",
  calendarIds: [calendarId],
  start,
  end,
  status: "booked" as const,
});
const nineFull = (calendarId: string) => [
  member(calendarId, "2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z"),
  member(calendarId, "2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z"),
];

describe("computeSlots: includeFull lists full classes with no places left", () => {
  it("leaves a full class out by default and lists it with remaining 0 when asked", () => {
    const query = {
      service: pilates,
      calendars: [provider("ana")],
      appointments: nineFull("ana"),
      from: MONDAY,
      to: MONDAY,
      now: NOW,
    };
    expect(computeSlots(query).map((s) => [s.start, s.remaining])).toEqual([
      ["2026-03-09T10:00:00Z", 2],
    ]);
    expect(
      computeSlots({ ...query, includeFull: true }).map((s) => [s.start, s.remaining]),
    ).toEqual([
      ["2026-03-09T09:00:00Z", 0],
      ["2026-03-09T10:00:00Z", 2],
    ]);
    // Listed, never bookable: the check refuses it for its capacity.
    const verdict = checkBooking({ ...query, start: "2026-03-09T09:00:00Z", providerId: "ana" });
    expect(verdict.ok).toBe(false);
    expect(verdict.violations.map((v) => v.code)).toContain("CAPACITY");
  });

  it("any available prefers a class with places over a full one, and lists the full one only when all are full", () => {
    const base = {
      service: pilates,
      calendars: [provider("ana"), provider("bea")],
      from: MONDAY,
      to: MONDAY,
      now: NOW,
      includeFull: true,
    };
    const oneFull = computeSlots({ ...base, appointments: nineFull("ana") });
    expect(oneFull[0]).toMatchObject({
      start: "2026-03-09T09:00:00Z",
      providerId: "bea",
      remaining: 2,
    });
    const bothFull = computeSlots({
      ...base,
      appointments: [...nineFull("ana"), ...nineFull("bea")],
    });
    expect(bothFull[0]).toMatchObject({ start: "2026-03-09T09:00:00Z", remaining: 0 });
  });

  it("a treatment's booked time is taken, not full: never listed", () => {
    const slots = computeSlots({
      service: { ...pilates, capacity: 1 },
      calendars: [provider("ana")],
      appointments: [member("ana", "2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z")],
      from: MONDAY,
      to: MONDAY,
      now: NOW,
      includeFull: true,
    });
    expect(slots.map((s) => s.start)).toEqual(["2026-03-09T10:00:00Z"]);
  });
});
