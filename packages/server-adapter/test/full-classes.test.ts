// Issue 18: a class that is full is shown as full. `GET /v1/slots?includeFull=true` lists a full
// class's time with `remaining: 0` (the engine's `includeFull`), the default answer still leaves it
// out, and the time stays unbookable — on PGlite and on PostgreSQL.

import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { Storage } from "../src/storage/storage.js";
import {
  bookingBody,
  type CallOptions,
  call,
  type Result,
  seedClinic,
  testApp,
  testClock,
} from "./helpers.js";
import { postgresFactories, storageFactories } from "./storages.js";

// The seeded pilates: a class of 12 with Carla, Tuesdays 18:00–20:00 in Lisbon.
const CLASS = "2026-03-03T18:00:00Z";

describe.each([...storageFactories, ...postgresFactories()])("full classes on $name", (factory) => {
  let storage: Storage;
  let app: Hono;
  let clinicId: string;
  const api = (method: string, path: string, options: CallOptions = {}): Promise<Result> =>
    call(app, method, path, {
      ...options,
      headers: { "x-bookwell-clinic": clinicId, ...(options.headers ?? {}) },
    });
  const slots = async (extra = "") => {
    const res = await api(
      "GET",
      `/v1/slots?serviceId=pilates&providerId=any&from=2026-03-03&to=2026-03-03${extra}`,
    );
    expect(res.status, res.text).toBe(200);
    return (res.json.slots as { start: string; remaining: number }[]).map((s) => [
      s.start,
      s.remaining,
    ]);
  };

  beforeAll(async () => {
    storage = await factory.create();
  });
  afterAll(async () => {
    await storage.close();
  });
  beforeEach(async () => {
    clinicId = `clinic-${randomUUID().slice(0, 8)}`;
    await seedClinic(storage, clinicId);
    app = testApp(storage, testClock());
  });

  test("a full class is listed with no places left only when asked, and stays unbookable", async () => {
    for (let i = 0; i < 12; i += 1) {
      const res = await api("POST", "/v1/bookings", {
        body: bookingBody({
          serviceId: "pilates",
          providerId: "any",
          start: CLASS,
          client: { name: `P${i}`, email: `p${i}@example.com` },
        }),
      });
      expect(res.status, res.text).toBe(201);
    }
    expect(await slots()).toEqual([["2026-03-03T19:00:00Z", 12]]);
    expect(await slots("&includeFull=false")).toEqual([["2026-03-03T19:00:00Z", 12]]);
    expect(await slots("&includeFull=true")).toEqual([
      ["2026-03-03T18:00:00Z", 0],
      ["2026-03-03T19:00:00Z", 12],
    ]);
    const hold = await api("POST", "/v1/holds", {
      body: { serviceId: "pilates", providerId: "any", start: CLASS },
    });
    expect(hold.status).toBe(409);
    expect(hold.json.code).toBe("SLOT_TAKEN");
  });

  test("a bad includeFull is a 400 naming the field", async () => {
    const res = await api(
      "GET",
      "/v1/slots?serviceId=pilates&from=2026-03-03&to=2026-03-03&includeFull=yes",
    );
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.json.errors.map((e: { field: string }) => e.field)).toEqual(["includeFull"]);
  });
});
