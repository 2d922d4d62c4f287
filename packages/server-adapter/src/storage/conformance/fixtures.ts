// Fixtures for the conformance suite: a clinic with a location, calendars, services and a client.

import { randomUUID } from "node:crypto";
import { calendarSchema, serviceSchema } from "@bookwell/engine";
import type {
  AppointmentInput,
  AppointmentNoteInput,
  Storage,
  StorageOperations,
} from "../storage.js";

/** A base instant every test counts from. */
export const T0 = Date.parse("2030-03-04T09:00:00.000Z");
/** Minutes as milliseconds. */
export const MIN = 60_000;

/**
 * An ISO instant `minutes` after T0.
 *
 * @example
 * ```ts
 * at(60); // "2030-03-04T10:00:00.000Z"
 * ```
 */
export function at(minutes: number): string {
  return new Date(T0 + minutes * MIN).toISOString();
}

/**
 * A prefix with a short random suffix, for ids that never collide between tests.
 *
 * @example
 * ```ts
 * unique("clinic"); // "clinic-3f9a1c2e"
 * ```
 */
export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** What `seedClinic` created. */
export interface Seeded {
  clinicId: string;
  locationId: string;
  /** Provider calendars. */
  p1: string;
  p2: string;
  /** A room calendar. */
  room: string;
  /** A capacity-1 treatment service. */
  massage: string;
  /** A capacity-12 class. */
  yoga: string;
  clientId: string;
}

/**
 * A calendar in the engine's validated shape, with shifts, overrides and time off.
 *
 * @example
 * ```ts
 * await storage.putCalendar(clinicId, makeCalendar("cal-1", "provider", "loc-1"));
 * ```
 */
export function makeCalendar(id: string, kind: "provider" | "room", locationId: string) {
  return calendarSchema.parse({
    id,
    kind,
    name: `${kind} ${id}`,
    locationId,
    disciplines: kind === "provider" ? ["massage", "yoga"] : [],
    ...(kind === "room" ? { resourceKind: "treatment-room" } : {}),
    timeZone: "Europe/Lisbon",
    weekly: [
      { weekday: 1, start: "09:00", end: "17:00", breaks: [{ start: "12:00", end: "13:00" }] },
      { weekday: 3, start: "22:30", end: "02:00", validFrom: "2030-01-01" },
    ],
    overrides: [
      { type: "closed", date: "2030-04-25", reason: "Liberty Day" },
      { type: "extra", date: "2030-03-09", hours: [{ start: "10:00", end: "12:00" }] },
    ],
    timeOff: [{ start: "2030-08-01T00:00:00+01:00", end: "2030-08-15T00:00:00+01:00" }],
    visibleHours: { start: "07:00", end: "21:00" },
  });
}

/**
 * Creates a clinic (unique id) with a location, two providers, a room, a treatment, a class and
 * a client.
 *
 * @example
 * ```ts
 * const s = await seedClinic(storage);
 * await storage.insertAppointment(s.clinicId, massageAt(s, 0));
 * ```
 */
export async function seedClinic(storage: StorageOperations, name = "clinic"): Promise<Seeded> {
  const clinicId = unique(name);
  await storage.createClinic({
    id: clinicId,
    name: `Clinic ${clinicId}`,
    timeZone: "Europe/Lisbon",
    locale: "pt-PT",
    currency: "EUR",
    allowedOrigins: ["https://clinic.example"],
  });
  const seeded: Seeded = {
    clinicId,
    locationId: "loc-1",
    p1: "cal-p1",
    p2: "cal-p2",
    room: "cal-room",
    massage: "svc-massage",
    yoga: "svc-yoga",
    clientId: "client-1",
  };
  await storage.putLocation(clinicId, { id: "loc-1", name: "Main", timeZone: "Europe/Lisbon" });
  for (const [id, kind] of [
    [seeded.p1, "provider"],
    [seeded.p2, "provider"],
    [seeded.room, "room"],
  ] as const) {
    await storage.putCalendar(clinicId, makeCalendar(id, kind, "loc-1"));
  }
  await storage.putService(clinicId, {
    ...serviceSchema.parse({
      id: seeded.massage,
      name: "Massage",
      discipline: "massage",
      durationMinutes: 60,
      price: { amount: 5000, currency: "EUR" },
    }),
    description: "Deep tissue",
    policies: { cancellation: { freeUntilHours: 24, fee: { type: "fixed", amount: 1500 } } },
  });
  await storage.putService(
    clinicId,
    serviceSchema.parse({
      id: seeded.yoga,
      name: "Yoga class",
      discipline: "yoga",
      durationMinutes: 60,
      price: { amount: 1200, currency: "EUR" },
      capacity: 12,
    }),
  );
  await storage.putClient(clinicId, {
    id: seeded.clientId,
    name: "Ana Lima",
    email: "Ana@Example.com",
  });
  return seeded;
}

/**
 * A capacity-1 massage on the first provider from `startMinutes` (after T0) for `minutes`.
 *
 * @example
 * ```ts
 * massageAt(s, 30, 60, { calendarIds: [s.p2] });
 * ```
 */
export function massageAt(
  s: Seeded,
  startMinutes: number,
  minutes = 60,
  overrides: Partial<AppointmentInput> = {},
): AppointmentInput {
  return {
    id: unique("apt"),
    serviceId: s.massage,
    calendarIds: [s.p1],
    start: at(startMinutes),
    end: at(startMinutes + minutes),
    status: "booked",
    channel: "online",
    capacity: 1,
    ...overrides,
  };
}

/**
 * Runs `fn` and returns the error it throws (or fails the test when it does not).
 *
 * @example
 * ```ts
 * expect(isStorageError(await errorOf(() => storage.getClinic("x")), "NOT_FOUND")).toBe(true);
 * ```
 */
export async function errorOf(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

/** A storage getter for a describe block: the factory result of its `beforeAll`. */
export type GetStorage = () => Storage;

/**
 * A one-word note on `appointmentId` (for the checks that a note needs an appointment of its clinic).
 *
 * @example
 * await storage.addAppointmentNote(s.clinicId, noteOn("nope", "n3")); // INVALID_REFERENCE
 */
export function noteOn(appointmentId: string, id = "n"): AppointmentNoteInput {
  return { id, appointmentId, author: "x", text: "y" };
}
