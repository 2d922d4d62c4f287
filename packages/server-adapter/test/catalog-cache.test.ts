// The per-process catalog cache never answers free times from a stale catalog: two app instances
// share one database (PGlite: one storage; PostgreSQL: two connection pools, as two server
// processes would have), each with a cache that would otherwise keep its catalog for an hour. A
// change made through one instance's staff API shows in the other's `GET /v1/slots` at once,
// because the statement that reads busy time also reads the clinic's catalog version (bumped by
// triggers in the writing transaction).

import type { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPostgresStorage } from "../src/postgres.js";
import type { Storage } from "../src/storage/storage.js";
import { createTestStorage } from "../src/testing.js";
import { bookingBody, call, type Seed, seedClinic, testApp, testClock } from "./helpers.js";
import { postgresPerFile } from "./storages.js";

const postgres = postgresPerFile();

interface Pair {
  one: Storage;
  two: Storage;
  close: () => Promise<void>;
}

const setups: { name: string; create: () => Promise<Pair> }[] = [
  {
    name: "pglite in memory, two apps on one storage",
    create: async () => {
      const storage = await createTestStorage();
      return { one: storage, two: storage, close: () => storage.close() };
    },
  },
  ...(postgres.available
    ? [
        {
          name: "postgres, two apps with their own connection pools",
          create: async (): Promise<Pair> => {
            const url = await postgres.freshDatabase();
            const one = await createPostgresStorage({ connectionString: url, maxConnections: 3 });
            const two = await createPostgresStorage({ connectionString: url, maxConnections: 3 });
            return {
              one,
              two,
              close: async () => {
                await one.close();
                await two.close();
              },
            };
          },
        },
      ]
    : []),
];

/** A cache that would keep its catalog for an hour if nothing told it otherwise. */
const HOUR_MS = 3_600_000;
/** Wednesday 4 March 2026, two days after the test clock's start. */
const DAY = "2026-03-04";

describe.each(setups)("the catalog cache on $name", (setup) => {
  let pair: Pair;
  let seed: Seed;
  let writer: Hono;
  let reader: Hono;
  const clock = testClock();

  beforeAll(async () => {
    pair = await setup.create();
    seed = await seedClinic(pair.one);
  }, 120_000);
  afterAll(async () => {
    await pair.close();
  });
  beforeEach(() => {
    // Each test starts from two instances with nothing cached.
    writer = testApp(pair.one, clock, { cacheTtlMs: HOUR_MS });
    reader = testApp(pair.two, clock, { cacheTtlMs: HOUR_MS });
  });

  const headers = () => ({ "x-bookwell-clinic": seed.clinicId });
  const slots = (app: Hono, query: string) =>
    call(app, "GET", `/v1/slots?${query}`, { headers: headers() });
  /** What an instance that never cached anything answers: the oracle. */
  const fresh = (query: string) => slots(testApp(pair.two, clock), query);
  const starts = (res: { json: unknown }) =>
    (res.json as { slots: { start: string }[] }).slots.map((s) => s.start);

  it("a service's new slot interval shows in the other instance's free times at once", async () => {
    const query = `serviceId=physio&providerId=ana&from=${DAY}&to=${DAY}`;
    const before = await slots(reader, query);
    expect(before.status).toBe(200);
    // Hourly starts, 09:00–16:00 local with a lunch break: the cache is now warm.
    expect(starts(before).length).toBeGreaterThan(0);
    const patched = await call(writer, "PATCH", "/v1/staff/services/physio", {
      key: seed.keys.manager,
      body: { slotIntervalMinutes: 30 },
    });
    expect(patched.status, patched.text).toBe(200);
    const after = await slots(reader, query);
    expect(after.status).toBe(200);
    expect(starts(after).length).toBeGreaterThan(starts(before).length);
    expect(after.text).toBe((await fresh(query)).text);
  });

  it("a provider's changed shifts show in the other instance's free times at once", async () => {
    const query = `serviceId=physio&providerId=bruno&from=${DAY}&to=${DAY}`;
    const before = await slots(reader, query);
    expect(starts(before).length).toBeGreaterThan(1);
    const patched = await call(writer, "PATCH", "/v1/staff/calendars/bruno", {
      key: seed.keys.manager,
      body: { weekly: [{ weekday: 3, start: "14:00", end: "16:00" }] },
    });
    expect(patched.status, patched.text).toBe(200);
    const after = await slots(reader, query);
    expect(after.status).toBe(200);
    expect(starts(after).length).toBeLessThan(starts(before).length);
    expect(after.text).toBe((await fresh(query)).text);
  });

  it("a service taken offline is 404 on the other instance at once, and back when restored", async () => {
    const query = `serviceId=massage-room&providerId=any&from=${DAY}&to=${DAY}`;
    expect((await slots(reader, query)).status).toBe(200);
    const off = await call(writer, "PATCH", "/v1/staff/services/massage-room", {
      key: seed.keys.manager,
      body: { onlineBookable: false },
    });
    expect(off.status, off.text).toBe(200);
    const gone = await slots(reader, query);
    expect(gone.status).toBe(404);
    expect((gone.json as { errors: { field: string }[] }).errors[0]?.field).toBe("serviceId");
    const on = await call(writer, "PATCH", "/v1/staff/services/massage-room", {
      key: seed.keys.manager,
      body: { onlineBookable: true },
    });
    expect(on.status, on.text).toBe(200);
    const back = await slots(reader, query);
    expect(back.status).toBe(200);
    expect(back.text).toBe((await fresh(query)).text);
  });

  it("a removed service is 404 on the other instance at once, and back when restored", async () => {
    const query = `serviceId=massage-room&providerId=any&from=${DAY}&to=${DAY}`;
    expect((await slots(reader, query)).status).toBe(200);
    const removed = await call(writer, "DELETE", "/v1/staff/services/massage-room", {
      key: seed.keys.manager,
    });
    expect(removed.status, removed.text).toBe(200);
    const gone = await slots(reader, query);
    expect(gone.status).toBe(404);
    expect((gone.json as { errors: { field: string }[] }).errors[0]?.field).toBe("serviceId");
    const restored = await call(writer, "PATCH", "/v1/staff/services/massage-room", {
      key: seed.keys.manager,
      body: { active: true },
    });
    expect(restored.status, restored.text).toBe(200);
    const back = await slots(reader, query);
    expect(back.status).toBe(200);
    expect(back.text).toBe((await fresh(query)).text);
  });

  it("the clinic's new time zone (a setting) answers the other instance's free times at once", async () => {
    const query = `serviceId=physio&providerId=ana&from=${DAY}&to=${DAY}`;
    const before = await slots(reader, query);
    expect((before.json as { timeZone: string }).timeZone).toBe("Europe/Lisbon");
    const patched = await call(writer, "PATCH", "/v1/staff/settings", {
      key: seed.keys.manager,
      body: { timeZone: "Europe/Madrid" },
    });
    expect(patched.status, patched.text).toBe(200);
    const after = await slots(reader, query);
    expect((after.json as { timeZone: string }).timeZone).toBe("Europe/Madrid");
    expect(after.text).toBe((await fresh(query)).text);
  });

  it("a booking in the other instance takes the provider's new price, and is refused once they stop offering the service", async () => {
    const query = `serviceId=physio&providerId=ana&from=${DAY}&to=${DAY}`;
    // The reader's cache now holds the catalog from before the change.
    const free = starts(await slots(reader, query));
    // The first and the last of the day: visits at those times never overlap.
    const [first, second] = [free[0], free.at(-1)];
    if (!first || !second || free.length < 3) throw new Error("ana has too few free times");
    const book = (start: string, email: string) =>
      call(reader, "POST", "/v1/bookings", {
        headers: headers(),
        body: bookingBody({ start, client: { name: "Rita Sousa", email } }),
      });
    const catalog = (body: Record<string, unknown>) =>
      call(writer, "PUT", "/v1/staff/providers/ana/services/physio", {
        key: seed.keys.manager,
        body,
      });
    const priced = await catalog({ price: { amount: 6100, currency: "EUR" } });
    expect(priced.status, priced.text).toBe(200);
    const booked = await book(first, "rita@example.com");
    expect(booked.status, booked.text).toBe(201);
    expect((booked.json as { booking: { price: unknown } }).booking.price).toEqual({
      amount: 6100,
      currency: "EUR",
    });
    const stopped = await catalog({ active: false });
    expect(stopped.status, stopped.text).toBe(200);
    const refused = await book(second, "rui@example.com");
    expect(refused.status, refused.text).toBe(422);
    expect(refused.json).toMatchObject({
      violations: [{ code: "SERVICE_NOT_OFFERED", calendarId: "ana" }],
    });
    const restored = await call(writer, "DELETE", "/v1/staff/providers/ana/services/physio", {
      key: seed.keys.manager,
    });
    expect(restored.status, restored.text).toBe(204);
    const again = await book(second, "rui@example.com");
    expect(again.status, again.text).toBe(201);
  });
});
