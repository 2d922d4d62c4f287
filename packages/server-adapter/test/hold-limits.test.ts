// Hold abuse limits: one visitor (client address) and one e-mail hold at most a few times at once,
// so nobody can empty a therapist's day with holds. Counted inside the hold's transaction: racing
// holds of one visitor get exactly the limit on PGlite and PostgreSQL.

import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createBookwellApp } from "../src/app.js";
import { serve } from "../src/node.js";
import type { Storage } from "../src/storage/storage.js";
import { createTestStorage } from "../src/testing.js";
import { backOfficeStorages } from "./back-office/setup.js";
import {
  bookingBody,
  call,
  type Result,
  type Seed,
  seedClinic,
  type TestClock,
  testApp,
  testClock,
} from "./helpers.js";

/** Free times of `physio` (50 minutes every hour, 09:00–17:00 but 12:00) from Wednesday 4 March. */
const FREE: { providerId: string; start: string }[] = ["04", "05", "06", "09", "10"].flatMap(
  (day) =>
    ["ana", "bruno"].flatMap((providerId) =>
      ["09", "10", "11", "13", "14", "15", "16"].map((hour) => ({
        providerId,
        start: `2026-03-${day}T${hour}:00:00Z`,
      })),
    ),
);

const hold = (app: Hono, clinicId: string, at: number, from: string, extra: object = {}) =>
  call(app, "POST", "/v1/holds", {
    body: { serviceId: "physio", ...FREE[at], ...extra },
    headers: { "x-bookwell-clinic": clinicId, "x-forwarded-for": from },
  });

const expectLimit = (res: Result, rule: string, retryAfter: string) => {
  expect(res.status, res.text).toBe(429);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(res.headers.get("retry-after")).toBe(retryAfter);
  expect(res.json).toMatchObject({ code: "HOLD_LIMIT_REACHED", rule, limit: 3 });
};

describe.each(backOfficeStorages())("hold limits on $name", (factory) => {
  let storage: Storage;
  let seed: Seed;
  let clock: TestClock;
  let app: Hono;

  beforeAll(async () => {
    storage = await factory.create();
    seed = await seedClinic(storage, "holds");
  });
  afterAll(async () => {
    await storage.close();
  });
  const fresh = async () => {
    await storage.deleteExpiredHolds(new Date("2100-01-01T00:00:00Z"));
    clock = testClock();
    app = testApp(storage, clock, { rateLimit: { trustProxy: true, capacity: 1000 } });
  };

  test("regression: one visitor held every free time of a provider; the fourth live hold is 429 naming the rule, Retry-After when the oldest expires", async () => {
    await fresh();
    const first = await hold(app, seed.clinicId, 0, "203.0.113.7");
    expect(first.status, first.text).toBe(201);
    clock.advance(2);
    for (const at of [1, 2])
      expect((await hold(app, seed.clinicId, at, "203.0.113.7")).status).toBe(201);
    clock.advance(1);
    const fourth = await hold(app, seed.clinicId, 3, "203.0.113.7");
    // The oldest hold was placed 3 minutes ago and lives 10: 7 minutes left.
    expectLimit(fourth, "per-visitor", "420");
    expect(fourth.json.detail).toContain("This visitor already holds 3 times");
    // Only the first three are held; the time asked for stays free for others.
    expect(await storage.listHolds(seed.clinicId, { now: clock.now })).toHaveLength(3);
    expect((await hold(app, seed.clinicId, 3, "198.51.100.9")).status).toBe(201);

    // Releasing one, booking with one, or one expiring makes room again.
    const released = await call(app, "DELETE", `/v1/holds/${first.json.hold.id}`, {
      headers: { "x-bookwell-clinic": seed.clinicId, "x-forwarded-for": "203.0.113.7" },
    });
    expect(released.status).toBe(204);
    const again = await hold(app, seed.clinicId, 4, "203.0.113.7");
    expect(again.status, again.text).toBe(201);
    expectLimit(await hold(app, seed.clinicId, 5, "203.0.113.7"), "per-visitor", "540");
    const booked = await call(app, "POST", "/v1/bookings", {
      body: bookingBody({ ...FREE[4], holdId: again.json.hold.id }),
      headers: { "x-bookwell-clinic": seed.clinicId, "x-forwarded-for": "203.0.113.7" },
    });
    expect(booked.status, booked.text).toBe(201);
    expect((await hold(app, seed.clinicId, 5, "203.0.113.7")).status).toBe(201);
    // At 12 minutes the two holds of minute 2 have expired.
    clock.advance(8);
    expect((await hold(app, seed.clinicId, 6, "203.0.113.7")).status).toBe(429);
    clock.advance(1);
    expect((await hold(app, seed.clinicId, 6, "203.0.113.7")).status).toBe(201);
  });

  test("one e-mail holds at most three times at once, from any address and in any case", async () => {
    await fresh();
    for (const [at, from, email] of [
      [10, "203.0.113.1", "maria@example.com"],
      [11, "203.0.113.2", "Maria@Example.com"],
      [12, "203.0.113.3", " maria@example.com"],
    ] as const) {
      const res = await hold(app, seed.clinicId, at, from, { email });
      expect(res.status, res.text).toBe(201);
      expect(res.json.hold).not.toHaveProperty("email");
    }
    expectLimit(
      await hold(app, seed.clinicId, 13, "203.0.113.4", { email: "MARIA@example.com" }),
      "per-email",
      "600",
    );
    expect(
      (await hold(app, seed.clinicId, 13, "203.0.113.4", { email: "joao@example.com" })).status,
    ).toBe(201);
    expect((await hold(app, seed.clinicId, 14, "203.0.113.4")).status).toBe(201);
    // Holds keep hashes of who placed them, never the address or the e-mail.
    const stored = await storage.listHolds(seed.clinicId, { now: clock.now });
    expect(JSON.stringify(stored)).not.toMatch(/203\.0\.113|example\.com/);
  });

  test("racing holds of one visitor: exactly three succeed, the rest are 429, nothing else", async () => {
    await fresh();
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, at) => hold(app, seed.clinicId, 20 + at, "203.0.113.99")),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(21);
    expect(await storage.listHolds(seed.clinicId, { now: clock.now })).toHaveLength(3);
  });
});

describe("hold limit settings", () => {
  let storage: Storage;
  let seed: Seed;
  beforeAll(async () => {
    storage = await createTestStorage();
    seed = await seedClinic(storage, "settings");
  });
  afterAll(async () => {
    await storage.close();
  });

  test("limits are configurable, false turns them off, and nonsense is refused at creation", async () => {
    const clock = testClock();
    const five = testApp(storage, clock, {
      rateLimit: { trustProxy: true },
      holdLimits: { perVisitor: 5 },
    });
    for (let at = 0; at < 5; at += 1) {
      expect((await hold(five, seed.clinicId, at, "203.0.113.5")).status).toBe(201);
    }
    const sixth = await hold(five, seed.clinicId, 5, "203.0.113.5");
    expect(sixth.status).toBe(429);
    expect(sixth.json.limit).toBe(5);
    const off = testApp(storage, clock, { rateLimit: { trustProxy: true }, holdLimits: false });
    for (let at = 5; at < 10; at += 1) {
      expect((await hold(off, seed.clinicId, at, "203.0.113.5")).status).toBe(201);
    }
    expect(() => createBookwellApp({ storage, holdLimits: { perVisitor: 0 } })).toThrow(RangeError);
    expect(() => createBookwellApp({ storage, holdLimits: { perEmail: 1.5 } })).toThrow(RangeError);
  });

  test("a request whose address is unknown (no socket, no trusted proxy) is not limited per visitor", async () => {
    const clock = testClock();
    await storage.deleteExpiredHolds(new Date("2100-01-01T00:00:00Z"));
    const app = testApp(storage, clock);
    for (let at = 10; at < 15; at += 1) {
      expect((await hold(app, seed.clinicId, at, "203.0.113.5")).status).toBe(201);
    }
  });

  test("on real sockets the visitor is the client address, as for the rate limit", async () => {
    await storage.deleteExpiredHolds(new Date("2100-01-01T00:00:00Z"));
    const server = await serve({
      storage,
      port: 0,
      clock: testClock(),
      housekeeping: false,
      closeStorage: false,
    });
    try {
      const statuses: number[] = [];
      for (let at = 20; at < 24; at += 1) {
        const res = await fetch(`${server.url}/v1/holds`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-bookwell-clinic": seed.clinicId },
          body: JSON.stringify({ serviceId: "physio", ...FREE[at] }),
        });
        statuses.push(res.status);
        if (res.status === 429) {
          expect(res.headers.get("retry-after")).toBe("600");
          expect(await res.json()).toMatchObject({
            code: "HOLD_LIMIT_REACHED",
            rule: "per-visitor",
          });
        }
      }
      expect(statuses).toEqual([201, 201, 201, 429]);
    } finally {
      await server.close();
    }
  });
});
