// Shared fixtures of the HTTP tests: a clinic with providers, services and keys, a controllable
// clock, and a small request helper around `app.request()`.

import { calendarSchema, serviceSchema } from "@bookwell/engine";
import type { Hono } from "hono";
import { onTestFinished } from "vitest";
import { type BookwellAppOptions, createBookwellApp } from "../src/app.js";
import { generateApiKey, hashSecret } from "../src/auth/api-keys.js";
import type { Role } from "../src/auth/principal.js";
import type { JsonObject, Storage, StorageOperations } from "../src/storage/storage.js";

/** Monday 2 March 2026, 08:00 UTC (Lisbon is on UTC in March before the 29th). */
export const NOW = "2026-03-02T08:00:00.000Z";
/** A free Wednesday slot of `physio` with either provider. */
export const SLOT = "2026-03-04T10:00:00Z";

/** A clock tests can move. */
export interface TestClock {
  now: Date;
  advance(minutes: number): void;
  (): Date;
}

/**
 * A clock starting at {@link NOW}.
 *
 * @example
 * const clock = testClock(); clock.advance(11);
 */
export function testClock(start = NOW): TestClock {
  const fn = (() => fn.now) as TestClock;
  fn.now = new Date(start);
  fn.advance = (minutes: number) => {
    fn.now = new Date(fn.now.getTime() + minutes * 60_000);
  };
  return fn;
}

const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  start: "09:00",
  end: "17:00",
  breaks: [{ start: "12:00", end: "13:00" }],
}));

/** What {@link seedClinic} created. */
export interface Seed {
  clinicId: string;
  keys: Record<"manager" | "front_desk" | "provider", string>;
}

/**
 * Creates a clinic: providers `ana`, `bruno` (physio) and `carla` (pilates), a room, services
 * `physio` (50 min, 45.00 EUR, 24 h free cancellation then 50 %), `pilates` (class of 12),
 * `internal` (not online-bookable), `massage-room` (needs a treatment room), and one API key per
 * role (the provider key is granted `ana`).
 *
 * @example
 * const seed = await seedClinic(storage, "clinic-a");
 */
export async function seedClinic(
  storage: StorageOperations,
  clinicId = "clinic-a",
  origins: string[] = ["https://clinic-a.example"],
): Promise<Seed> {
  await storage.createClinic({
    id: clinicId,
    name: `Clinic ${clinicId}`,
    timeZone: "Europe/Lisbon",
    locale: "pt-PT",
    currency: "EUR",
    allowedOrigins: origins,
    address: "Rua 1, Lisboa",
  });
  const cal = (id: string, name: string, disciplines: string[], weekly: unknown[]) =>
    calendarSchema.parse({
      id,
      kind: "provider",
      name,
      locationId: "loc-1",
      disciplines,
      timeZone: "Europe/Lisbon",
      weekly,
    });
  await storage.putCalendar(clinicId, cal("ana", "Ana Silva", ["physio", "massage"], weekdays));
  await storage.putCalendar(clinicId, cal("bruno", "Bruno Costa", ["physio"], weekdays));
  await storage.putCalendar(
    clinicId,
    cal("carla", "Carla Dias", ["pilates"], [{ weekday: 2, start: "18:00", end: "20:00" }]),
  );
  await storage.putCalendar(
    clinicId,
    calendarSchema.parse({
      id: "room-1",
      kind: "room",
      name: "Room 1",
      locationId: "loc-1",
      resourceKind: "treatment-room",
      timeZone: "Europe/Lisbon",
      weekly: weekdays,
    }),
  );
  const svc = (fields: Record<string, unknown>, policies: JsonObject = {}) => ({
    ...serviceSchema.parse(fields),
    description: `About ${String(fields.name)}`,
    policies,
  });
  await storage.putService(
    clinicId,
    svc(
      {
        id: "physio",
        name: "Physiotherapy",
        category: "Physio",
        discipline: "physio",
        durationMinutes: 50,
        slotIntervalMinutes: 60,
        price: { amount: 4500, currency: "EUR" },
        leadTimeMinutes: 60,
        horizonDays: 90,
      },
      {
        cancellationPolicy: {
          freeUntilHoursBefore: 24,
          lateFee: { type: "percent", basisPoints: 5000 },
        },
      },
    ),
  );
  await storage.putService(
    clinicId,
    svc({
      id: "pilates",
      name: "Pilates class",
      category: "Classes",
      discipline: "pilates",
      durationMinutes: 60,
      price: { amount: 1500, currency: "EUR" },
      capacity: 12,
    }),
  );
  await storage.putService(
    clinicId,
    svc({
      id: "internal",
      name: "Staff-only review",
      category: "Physio",
      discipline: "physio",
      durationMinutes: 30,
      price: { amount: 0, currency: "EUR" },
      onlineBookable: false,
    }),
  );
  await storage.putService(
    clinicId,
    svc({
      id: "massage-room",
      name: "Massage",
      category: "Massage",
      discipline: "massage",
      durationMinutes: 60,
      price: { amount: 5000, currency: "EUR" },
      resourceKinds: ["treatment-room"],
    }),
  );
  const keys = {} as Seed["keys"];
  for (const role of ["manager", "front_desk", "provider"] as Role[]) {
    const secret = generateApiKey();
    keys[role] = secret;
    await storage.insertApiKey(clinicId, {
      id: `key-${clinicId}-${role}`,
      name: `${role} key`,
      keyHash: hashSecret(secret),
      role,
      calendarIds: role === "provider" ? ["ana"] : [],
    });
  }
  return { clinicId, keys };
}

/**
 * A Bookwell app over `storage` with the test clock and no rate limit unless asked.
 *
 * @example
 * const app = testApp(storage, clock);
 */
export function testApp(
  storage: Storage,
  clock: () => Date,
  options: Partial<BookwellAppOptions> = {},
): Hono {
  return createBookwellApp({
    storage,
    clock,
    rateLimit: false,
    logError: () => {},
    ...options,
  });
}

/**
 * A fresh storage from `factory`, closed when the calling test finishes, with a seeded clinic and
 * an app over it on a test clock (`appOptions` as {@link testApp} takes them).
 *
 * @example
 * const { seed, app } = await seededTest(factory);
 */
export async function seededTest(
  factory: { create: () => Promise<Storage> },
  appOptions: Partial<BookwellAppOptions> = {},
): Promise<{ storage: Storage; seed: Seed; clock: TestClock; app: Hono }> {
  const storage = await factory.create();
  onTestFinished(() => storage.close());
  const seed = await seedClinic(storage);
  const clock = testClock();
  return { storage, seed, clock, app: testApp(storage, clock, appOptions) };
}

/** A decoded response. */
export interface Result {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON.
  json: any;
}

/** Options of {@link call}. */
export interface CallOptions {
  body?: unknown;
  /** A raw body string (sent as is, with JSON content type unless headers say otherwise). */
  raw?: string;
  headers?: Record<string, string>;
  key?: string;
}

/**
 * Sends a request through `app.request()` and decodes the answer.
 *
 * @example
 * const res = await call(app, "POST", "/v1/bookings", { body: { … } });
 */
export async function call(
  app: Hono,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Result> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
    headers["content-type"] = "application/json";
  }
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const res = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A valid booking body for {@link SLOT}. */
export function bookingBody(overrides: Record<string, unknown> = {}) {
  return {
    serviceId: "physio",
    providerId: "ana",
    start: SLOT,
    client: { name: "Maria Santos", email: "maria@example.com", phone: "+351 912 345 678" },
    ...overrides,
  };
}
