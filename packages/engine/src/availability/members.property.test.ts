import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AppointmentInput, CalendarInput, MemberRulesInput, ServiceInput } from "../model.js";
import { checkBooking, computeSlots } from "./index.js";

// Properties of issue 21: a member's calendars (one per location) are one person.

const FROM = "2026-03-09"; // Monday
const TO = "2026-03-15";
const RANGE_START = Date.UTC(2026, 2, 9, 6);
const QUARTERS = (6 * 24 * 60) / 15;
const MINUTE = 60_000;

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

const shiftArb = fc
  .record({
    weekday: fc.integer({ min: 1, max: 7 }),
    start: fc.integer({ min: 24, max: 48 }).map((q) => q * 15),
    length: fc.integer({ min: 8, max: 40 }).map((q) => q * 15),
  })
  .map(({ weekday, start, length }) => ({
    weekday,
    start: hhmm(start),
    end: hhmm(Math.min(start + length, 1439)),
  }));

const calendarArb = (
  id: string,
  locationId: string,
  memberId: string | undefined,
  zones: string[],
) =>
  fc
    .record({
      zone: fc.constantFrom(...zones),
      weekly: fc.array(shiftArb, { minLength: 2, maxLength: 10 }),
    })
    .map(
      ({ zone, weekly }): CalendarInput => ({
        id,
        kind: "provider",
        locationId,
        disciplines: ["physio"],
        timeZone: zone,
        weekly,
        ...(memberId === undefined ? {} : { memberId }),
      }),
    );

const serviceArb = fc
  .record({
    duration: fc.integer({ min: 2, max: 8 }).map((q) => q * 15),
    interval: fc.constantFrom(15, 30, 60),
    before: fc.constantFrom(0, 0, 10),
    after: fc.constantFrom(0, 0, 15),
  })
  .map(
    (s): ServiceInput => ({
      id: "svc",
      name: "Service",
      discipline: "physio",
      durationMinutes: s.duration,
      slotIntervalMinutes: s.interval,
      bufferBeforeMinutes: s.before,
      bufferAfterMinutes: s.after,
      price: { amount: 1000, currency: "EUR" },
    }),
  );

const OTHER: ServiceInput = {
  id: "other",
  name: "Other",
  discipline: "physio",
  durationMinutes: 30,
  bufferAfterMinutes: 20,
  price: { amount: 1000, currency: "EUR" },
};

const appointmentArb = (ids: string[]) =>
  fc
    .record({
      calendar: fc.constantFrom(...ids),
      startQuarter: fc.integer({ min: 0, max: QUARTERS }),
      quarters: fc.integer({ min: 1, max: 8 }),
      status: fc.constantFrom("booked", "confirmed", "canceled"),
      serviceId: fc.constantFrom("svc", "other"),
    })
    .map(
      (a): AppointmentInput => ({
        id: "x",
        serviceId: a.serviceId,
        calendarIds: [a.calendar],
        start: new Date(RANGE_START + a.startQuarter * 15 * MINUTE).toISOString(),
        end: new Date(RANGE_START + (a.startQuarter + a.quarters) * 15 * MINUTE).toISOString(),
        status: a.status as AppointmentInput["status"],
      }),
    );

const travelArb = fc.record({
  defaultMinutes: fc.constantFrom(0, 15, 30),
  pairs: fc
    .boolean()
    .map((listed) =>
      listed ? [{ locationIds: ["lisbon", "porto"] as [string, string], minutes: 60 }] : [],
    ),
});

/** Ana at lisbon and porto (one member), Bruno at porto (no member). */
const clinicArb = (zones: string[]) =>
  fc
    .tuple(
      calendarArb("ana-lisbon", "lisbon", "ana", zones),
      calendarArb("ana-porto", "porto", "ana", zones),
      calendarArb("bruno", "porto", undefined, zones),
      serviceArb,
      travelArb,
    )
    .chain(([l, p, b, service, travel]) =>
      fc
        .array(appointmentArb(["ana-lisbon", "ana-porto", "bruno"]), { maxLength: 20 })
        .map((appointments) => ({
          calendars: [l, p, b],
          service,
          travel,
          services: [OTHER],
          appointments: appointments.map((a, i) => ({ ...a, id: `a${i}` })),
          now: "2026-03-01T00:00:00Z",
          members: [{ id: "ana", name: "Ana" }] as MemberRulesInput[],
          from: FROM,
          to: TO,
        })),
    );

const travelBetween = (
  travel: { defaultMinutes: number; pairs: unknown[] },
  a: string,
  b: string,
) => (a === b ? 0 : travel.pairs.length > 0 ? 60 : travel.defaultMinutes);

const RUNS = { numRuns: 120 };
const ZONES = ["Europe/Lisbon", "America/New_York", "UTC"];

describe("one member, one busy set (properties)", () => {
  it("no offered slot of a member's calendar comes within buffers + travel of a visit on another", () => {
    fc.assert(
      fc.property(clinicArb(ZONES), (clinic) => {
        const byId = new Map(clinic.calendars.map((c) => [c.id, c]));
        const svcBefore = (clinic.service.bufferBeforeMinutes ?? 0) * MINUTE;
        const svcAfter = (clinic.service.bufferAfterMinutes ?? 0) * MINUTE;
        for (const providerId of ["ana-lisbon", "ana-porto", "any"]) {
          const slots = computeSlots({ ...clinic, providerId });
          for (const s of slots) {
            const here = byId.get(s.providerId) as CalendarInput;
            for (const a of clinic.appointments) {
              if (a.status === "canceled") continue;
              const there = byId.get(a.calendarIds[0] as string) as CalendarInput;
              if (there.id === here.id || there.memberId === undefined) continue;
              if (there.memberId !== here.memberId) continue;
              const own = a.serviceId === "svc" ? clinic.service : OTHER;
              const travel =
                travelBetween(clinic.travel, here.locationId, there.locationId) * MINUTE;
              const aStart = Date.parse(a.start) - (own.bufferBeforeMinutes ?? 0) * MINUTE - travel;
              const aEnd = Date.parse(a.end) + (own.bufferAfterMinutes ?? 0) * MINUTE + travel;
              const clash = aStart < s.endMs + svcAfter && aEnd > s.startMs - svcBefore;
              expect(clash, `${s.providerId} ${s.start} vs ${a.id}`).toBe(false);
            }
          }
        }
      }),
      RUNS,
    );
  });

  it("booking one of a member's calendars never adds slots on the member's other calendars", () => {
    fc.assert(
      fc.property(
        clinicArb(ZONES),
        appointmentArb(["ana-lisbon", "ana-porto"]),
        (clinic, extra) => {
          const added = { ...extra, id: "new", status: "booked" as const };
          for (const providerId of ["ana-lisbon", "ana-porto", "bruno"]) {
            const before = new Set(computeSlots({ ...clinic, providerId }).map((s) => s.startMs));
            const after = computeSlots({
              ...clinic,
              appointments: [...clinic.appointments, added],
              providerId,
            });
            for (const s of after) expect(before.has(s.startMs)).toBe(true);
          }
        },
      ),
      RUNS,
    );
  });

  it("every slot offered online passes checkBooking online (member rules included)", () => {
    fc.assert(
      fc.property(clinicArb(ZONES), (clinic) => {
        for (const providerId of ["ana-lisbon", "ana-porto"]) {
          for (const s of computeSlots({ ...clinic, providerId })) {
            const check = checkBooking({ ...clinic, providerId, start: s.start });
            expect(check.blocking).toEqual([]);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("booking online slot after slot never takes a member over a daily or weekly limit", () => {
    const limitArb = fc.record({
      day: fc.integer({ min: 1, max: 4 }),
      weekMinutes: fc.integer({ min: 2, max: 12 }).map((q) => q * 30),
    });
    fc.assert(
      fc.property(
        clinicArb(["Europe/Lisbon"]),
        limitArb,
        fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
        (clinic, limit, picks) => {
          const members: MemberRulesInput[] = [
            {
              id: "ana",
              limits: [
                { period: "day", maxSessions: limit.day },
                { period: "week", maxMinutes: limit.weekMinutes },
              ],
            },
          ];
          // Start from no Ana visits, so that every one is booked under the limits.
          const appointments = clinic.appointments.filter((a) => a.calendarIds[0] === "bruno");
          const made: AppointmentInput[] = [];
          for (const [i, pick] of picks.entries()) {
            const slots = computeSlots({
              ...clinic,
              members,
              appointments: [...appointments, ...made],
              providerId: i % 2 === 0 ? "ana-lisbon" : "ana-porto",
            });
            if (slots.length === 0) continue;
            const s = slots[pick % slots.length] as (typeof slots)[number];
            made.push({
              id: `m${i}`,
              serviceId: "svc",
              calendarIds: s.calendarIds,
              start: s.start,
              end: s.end,
            });
          }
          const perDay = new Map<string, number>();
          let minutes = 0;
          for (const a of made) {
            const day = new Date(Date.parse(a.start)).toISOString().slice(0, 10); // Lisbon = UTC in March
            perDay.set(day, (perDay.get(day) ?? 0) + 1);
            minutes += (Date.parse(a.end) - Date.parse(a.start)) / MINUTE;
          }
          for (const n of perDay.values()) expect(n).toBeLessThanOrEqual(limit.day);
          expect(minutes).toBeLessThanOrEqual(limit.weekMinutes);
        },
      ),
      { numRuns: 60 },
    );
  });
});
