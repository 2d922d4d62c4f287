import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AppointmentInput, CalendarInput, ServiceInput } from "../model.js";
import { checkBooking, computeSlots } from "./index.js";

// Properties that tie computeSlots and checkBooking together, over random clinics.

const ZONES = ["Europe/Lisbon", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"];
const FROM = "2026-03-06"; // Friday; the range spans the US and EU DST changes of March
const TO = "2026-03-10";
const RANGE_START = Date.UTC(2026, 2, 5);
const RANGE_END = Date.UTC(2026, 2, 12);
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

const shiftArb = fc
  .record({
    weekday: fc.integer({ min: 1, max: 7 }),
    start: fc.integer({ min: 0, max: 20 * 4 }).map((q) => q * 15),
    length: fc.integer({ min: 4, max: 40 }).map((q) => q * 15),
    breakAt: fc.option(
      fc.integer({ min: 1, max: 6 }).map((q) => q * 30),
      { nil: undefined },
    ),
  })
  .map(({ weekday, start, length, breakAt }) => {
    // Shifts may run past midnight (they belong to the day they start) or end at 24:00.
    const end = start + length;
    const breaks =
      breakAt !== undefined && start + breakAt + 30 < end
        ? [{ start: hhmm((start + breakAt) % 1440), end: hhmm((start + breakAt + 30) % 1440) }]
        : [];
    return { weekday, start: hhmm(start), end: end === 1440 ? "24:00" : hhmm(end % 1440), breaks };
  });

const providerArb = (id: string) =>
  fc
    .record({
      zone: fc.constantFrom(...ZONES),
      weekly: fc.array(shiftArb, { minLength: 1, maxLength: 10 }),
      closed: fc.option(fc.constantFrom("2026-03-06", "2026-03-08", "2026-03-09"), {
        nil: undefined,
      }),
    })
    .map(
      ({ zone, weekly, closed }): CalendarInput => ({
        id,
        kind: "provider",
        locationId: "main",
        disciplines: ["physio"],
        timeZone: zone,
        weekly,
        overrides: closed ? [{ type: "closed", date: closed }] : [],
      }),
    );

const serviceArb = fc
  .record({
    duration: fc.integer({ min: 1, max: 12 }).map((q) => q * 10),
    interval: fc.option(
      fc.integer({ min: 1, max: 6 }).map((q) => q * 15),
      { nil: undefined },
    ),
    before: fc.constantFrom(0, 0, 5, 15),
    after: fc.constantFrom(0, 0, 10, 30),
    lead: fc.constantFrom(0, 60, 24 * 60),
    horizon: fc.constantFrom(3, 30),
    capacity: fc.constantFrom(1, 1, 2),
  })
  .map(
    (s): ServiceInput => ({
      id: "svc",
      name: "Service",
      discipline: "physio",
      durationMinutes: s.duration,
      ...(s.interval !== undefined ? { slotIntervalMinutes: s.interval } : {}),
      bufferBeforeMinutes: s.before,
      bufferAfterMinutes: s.after,
      leadTimeMinutes: s.lead,
      horizonDays: s.horizon,
      capacity: s.capacity,
      price: { amount: 1000, currency: "EUR" },
    }),
  );

const appointmentArb = (ids: string[]) =>
  fc
    .record({
      calendar: fc.constantFrom(...ids),
      startQuarter: fc.integer({ min: 0, max: ((RANGE_END - RANGE_START) / 900_000) | 0 }),
      quarters: fc.integer({ min: 1, max: 12 }),
      status: fc.constantFrom("booked", "confirmed", "completed", "canceled", "no_show"),
      serviceId: fc.constantFrom("svc", "other"),
    })
    .map(
      (a, i = 0): AppointmentInput => ({
        id: `x${a.calendar}${a.startQuarter}${a.quarters}${i}`,
        serviceId: a.serviceId,
        calendarIds: [a.calendar],
        start: new Date(RANGE_START + a.startQuarter * 900_000).toISOString(),
        end: new Date(RANGE_START + (a.startQuarter + a.quarters) * 900_000).toISOString(),
        status: a.status as AppointmentInput["status"],
      }),
    );

const nowArb = fc
  .integer({ min: RANGE_START - 86_400_000, max: RANGE_START + 3 * 86_400_000 })
  .map((ms) => new Date(ms).toISOString());

const clinicArb = fc
  .tuple(providerArb("p1"), providerArb("p2"), serviceArb, nowArb)
  .chain(([p1, p2, service, now]) =>
    fc.array(appointmentArb(["p1", "p2"]), { maxLength: 25 }).map((appointments) => ({
      calendars: [p1, p2],
      service,
      now,
      appointments: appointments.map((a, i) => ({ ...a, id: `a${i}` })),
      services: [{ ...service, id: "other", bufferBeforeMinutes: 0, bufferAfterMinutes: 20 }],
    })),
  );

// The same clinic with rooms: two providers at one location or two, rooms of one kind with their
// own hours and bookings; the service needs a room (or, sometimes, two).
const roomArb = (id: string) =>
  fc
    .record({
      location: fc.constantFrom("main", "main", "annex"),
      start: fc.integer({ min: 0, max: 14 }),
      hours: fc.integer({ min: 2, max: 10 }),
    })
    .map(
      ({ location, start, hours }): CalendarInput => ({
        id,
        kind: "room",
        resourceKind: "room",
        locationId: location,
        timeZone: "Europe/Lisbon",
        weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
          weekday,
          start: hhmm(start * 60),
          end: hhmm((start + hours) * 60),
        })),
      }),
    );

const roomClinicArb = fc
  .tuple(
    clinicArb,
    fc.array(fc.constantFrom("r1", "r2", "r3"), { minLength: 1, maxLength: 3 }),
    fc.constantFrom<string[]>(["room"], ["room"], ["room", "room"]),
    fc.constantFrom("main", "annex"),
  )
  .chain(([clinic, roomIds, kinds, p2Location]) => {
    const ids = [...new Set(roomIds)];
    return fc
      .tuple(
        fc.tuple(...ids.map(roomArb)),
        fc.array(appointmentArb(ids), { maxLength: 15 }),
        fc.array(fc.integer({ min: 0, max: 24 }), { maxLength: 25 }),
      )
      .map(([rooms, roomBookings, withRoom]) => ({
        ...clinic,
        service: { ...clinic.service, resourceKinds: kinds },
        calendars: [
          clinic.calendars[0] as CalendarInput,
          { ...(clinic.calendars[1] as CalendarInput), locationId: p2Location },
          ...rooms,
        ],
        appointments: [
          // Some provider visits also hold a room.
          ...clinic.appointments.map((a, i) =>
            withRoom.includes(i)
              ? { ...a, calendarIds: [...a.calendarIds, ids[i % ids.length] as string] }
              : a,
          ),
          ...roomBookings.map((a, i) => ({ ...a, id: `r${i}` })),
        ],
      }));
  });

const RUNS = { numRuns: 120 };

describe("availability properties", () => {
  it("every offered slot passes checkBooking with the assigned provider", () => {
    fc.assert(
      fc.property(clinicArb, (clinic) => {
        const slots = computeSlots({ ...clinic, from: FROM, to: TO });
        for (const slot of slots) {
          const verdict = checkBooking({
            ...clinic,
            start: slot.start,
            providerId: slot.providerId,
            resourceIds: slot.resourceIds,
          });
          expect(verdict.violations).toEqual([]);
          expect(verdict.ok).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("with rooms: every offered slot passes checkBooking, which assigns the same rooms", () => {
    fc.assert(
      fc.property(roomClinicArb, (clinic) => {
        const slots = computeSlots({ ...clinic, from: FROM, to: TO });
        for (const slot of slots) {
          const verdict = checkBooking({
            ...clinic,
            start: slot.start,
            providerId: slot.providerId,
          });
          expect(verdict.violations).toEqual([]);
          expect(verdict.assignment?.resourceIds).toEqual(slot.resourceIds);
        }
      }),
      RUNS,
    );
  });

  it("with rooms: every start that checkBooking accepts (5-minute scan) is offered", () => {
    fc.assert(
      fc.property(roomClinicArb, (clinic) => {
        const slots = computeSlots({
          ...clinic,
          from: "2026-03-06T00:00:00Z",
          to: "2026-03-09T00:00:00Z",
          providerId: "p1",
        });
        const offered = new Set(slots.map((s) => s.startMs));
        for (let t = Date.UTC(2026, 2, 6); t < Date.UTC(2026, 2, 9); t += 5 * 60_000) {
          const verdict = checkBooking({
            ...clinic,
            start: new Date(t).toISOString(),
            providerId: "p1",
          });
          expect(offered.has(t)).toBe(verdict.violations.length === 0);
        }
      }),
      { numRuns: 15 },
    );
  });

  it("every start that checkBooking accepts (on a 5-minute scan) is offered for that provider", () => {
    fc.assert(
      fc.property(clinicArb, (clinic) => {
        // Instants, not dates: a date range selects shifts by the day they start on, and a
        // shift of the day before may run into the scan.
        const slots = computeSlots({
          ...clinic,
          from: "2026-03-06T00:00:00Z",
          to: "2026-03-11T00:00:00Z",
          providerId: "p1",
        });
        const offered = new Set(slots.map((s) => s.startMs));
        const from = Date.UTC(2026, 2, 6);
        const to = Date.UTC(2026, 2, 11);
        for (let t = from; t < to; t += 5 * 60_000) {
          const verdict = checkBooking({
            ...clinic,
            start: new Date(t).toISOString(),
            providerId: "p1",
          });
          expect(offered.has(t)).toBe(verdict.violations.length === 0);
        }
      }),
      { numRuns: 20 },
    );
  });

  it("no offered slot overlaps a busy appointment widened by the buffers", () => {
    fc.assert(
      fc.property(clinicArb, (clinic) => {
        const slots = computeSlots({ ...clinic, from: FROM, to: TO });
        const before = (clinic.service.bufferBeforeMinutes ?? 0) * 60_000;
        const after = (clinic.service.bufferAfterMinutes ?? 0) * 60_000;
        for (const slot of slots) {
          for (const a of clinic.appointments) {
            if (["canceled", "rebooked", "no_show"].includes(a.status ?? "booked")) continue;
            if (!a.calendarIds.includes(slot.providerId)) continue;
            const owner = a.serviceId === "svc" ? clinic.service : clinic.services[0];
            const aStart = Date.parse(a.start) - (owner?.bufferBeforeMinutes ?? 0) * 60_000;
            const aEnd = Date.parse(a.end) + (owner?.bufferAfterMinutes ?? 0) * 60_000;
            const sameClass =
              (clinic.service.capacity ?? 1) > 1 &&
              a.serviceId === "svc" &&
              Date.parse(a.start) === slot.startMs &&
              Date.parse(a.end) === slot.endMs;
            if (sameClass) continue;
            expect(slot.startMs - before < aEnd && slot.endMs + after > aStart).toBe(false);
          }
        }
      }),
      RUNS,
    );
  });

  it("results are deterministic, sorted and each start appears once", () => {
    fc.assert(
      fc.property(clinicArb, (clinic) => {
        const a = computeSlots({ ...clinic, from: FROM, to: TO });
        const b = computeSlots({
          ...clinic,
          calendars: [...clinic.calendars].reverse(),
          appointments: [...clinic.appointments].reverse(),
          from: FROM,
          to: TO,
        });
        expect(b).toEqual(a);
        const one = computeSlots({ ...clinic, from: FROM, to: TO, providerId: "p1" });
        for (const list of [a, one]) {
          for (let i = 1; i < list.length; i++)
            expect((list[i] as { startMs: number }).startMs).toBeGreaterThan(
              (list[i - 1] as { startMs: number }).startMs,
            );
        }
      }),
      RUNS,
    );
  });

  it("splitting a date range into two never changes which starts are offered, nor who gets them", () => {
    fc.assert(
      fc.property(
        clinicArb,
        fc.constantFrom("2026-03-06", "2026-03-07", "2026-03-08"),
        (c, mid) => {
          const query = { ...c, providerId: "p1" };
          const set = (slots: { startMs: number }[]) => [...new Set(slots.map((s) => s.startMs))];
          const whole = set(computeSlots({ ...query, from: FROM, to: TO }));
          const next = new Date(Date.parse(mid) + 86_400_000).toISOString().slice(0, 10);
          const parts = set([
            ...computeSlots({ ...query, from: FROM, to: mid }),
            ...computeSlots({ ...query, from: next, to: TO }),
          ]).sort((a, b) => a - b);
          expect(parts).toEqual(whole);
          // "Any available" assigns each start by the start alone, whatever the range.
          const assigned = new Map<number, string>();
          for (const range of [
            { from: FROM, to: TO },
            { from: FROM, to: mid },
            { from: next, to: TO },
          ]) {
            for (const slot of computeSlots({ ...c, ...range })) {
              const earlier = assigned.get(slot.startMs) ?? slot.providerId;
              expect(slot.providerId).toBe(earlier);
              assigned.set(slot.startMs, slot.providerId);
            }
          }
        },
      ),
      RUNS,
    );
  });

  it("adding an appointment never adds slots", () => {
    fc.assert(
      fc.property(clinicArb, appointmentArb(["p1", "p2"]), (clinic, extra) => {
        const before = computeSlots({ ...clinic, from: FROM, to: TO, providerId: "p1" }).map(
          (s) => s.startMs,
        );
        const after = computeSlots({
          ...clinic,
          appointments: [...clinic.appointments, { ...extra, id: "extra" }],
          from: FROM,
          to: TO,
          providerId: "p1",
        }).map((s) => s.startMs);
        const allowed = new Set(before);
        for (const t of after) expect(allowed.has(t)).toBe(true);
      }),
      RUNS,
    );
  });
});
