// Housekeeping deletes expired holds and idempotency records past their keep time — and nothing
// that is still live — on every storage; serve() runs it on a timer and stops it on close.

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from "vitest";
import { startHousekeeping } from "../src/housekeeping.js";
import { serve } from "../src/node.js";
import type { Storage } from "../src/storage/storage.js";
import { createTestStorage } from "../src/testing.js";
import { bookingBody, call, SLOT, seedClinic, testApp, testClock } from "./helpers.js";
import { storageFactories } from "./storages.js";

describe.each(storageFactories)("housekeeping on $name", (factory) => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await factory.create();
  });
  afterAll(async () => {
    await storage.close();
  });

  test("deletes expired holds and old idempotency records, keeps live ones", async () => {
    const clinicId = `clinic-${randomUUID().slice(0, 8)}`;
    await seedClinic(storage, clinicId);
    const clock = testClock();
    const app = testApp(storage, clock);
    const headers = { "x-bookwell-clinic": clinicId };
    const hold = await call(app, "POST", "/v1/holds", {
      body: { serviceId: "physio", providerId: "ana", start: SLOT },
      headers,
    });
    expect(hold.status).toBe(201);
    const booking = await call(app, "POST", "/v1/bookings", {
      body: bookingBody({ providerId: "bruno" }),
      headers: { ...headers, "idempotency-key": "k-1" },
    });
    expect(booking.status).toBe(201);
    const housekeeper = startHousekeeping({ storage, clock, everyMs: 3_600_000 });
    try {
      // Nothing is due yet.
      expect(await housekeeper.runOnce()).toEqual({
        holds: 0,
        idempotencyRecords: 0,
        staffSessions: 0,
        lapsedOffers: 0,
      });
      clock.advance(11); // the 10-minute hold has expired
      expect((await housekeeper.runOnce()).holds).toBe(1);
      // The same key still replays the first response within 24 hours …
      clock.advance(23 * 60);
      expect((await housekeeper.runOnce()).idempotencyRecords).toBe(0);
      const replay = await call(app, "POST", "/v1/bookings", {
        body: bookingBody({ providerId: "bruno" }),
        headers: { ...headers, "idempotency-key": "k-1" },
      });
      expect(replay.text).toBe(booking.text);
      // … and is forgotten after that.
      clock.advance(60);
      expect((await housekeeper.runOnce()).idempotencyRecords).toBe(1);
      // The booking itself is untouched.
      const view = await call(app, "GET", `/v1/manage/${booking.json.manageToken}`, { headers });
      expect(view.status).toBe(200);
    } finally {
      await housekeeper.stop();
    }
  });
});

describe("housekeeping timer", () => {
  test("refuses an interval under a second", async () => {
    const storage = await createTestStorage();
    onTestFinished(() => storage.close());
    expect(() => startHousekeeping({ storage, everyMs: 10 })).toThrow(/everyMs/);
  });

  test("serve() runs it on its timer, and not after close", async () => {
    const storage = await createTestStorage();
    let runs = 0;
    const deleteExpiredHolds = storage.deleteExpiredHolds.bind(storage);
    storage.deleteExpiredHolds = async (now) => {
      runs += 1;
      return deleteExpiredHolds(now);
    };
    const server = await serve({
      storage,
      port: 0,
      rateLimit: false,
      housekeeping: { everyMs: 1000 },
    });
    for (let i = 0; i < 40 && runs === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(runs).toBeGreaterThanOrEqual(1);
    await server.close();
    const after = runs;
    await new Promise((r) => setTimeout(r, 1300));
    expect(runs).toBe(after);
  });
});
