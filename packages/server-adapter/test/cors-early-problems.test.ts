// Problems answered before a route checks the origin (429, 413, unknown paths) carry the CORS
// headers for an allowed origin, so a browser can read them. On every storage.

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Storage } from "../src/storage/storage.js";
import { type CallOptions, call, type Seed, seedClinic, testApp, testClock } from "./helpers.js";
import { storageFactories } from "./storages.js";

const ALLOWED = "https://clinic-a.example";

describe.each(storageFactories)("CORS on early problems on $name", (factory) => {
  let storage: Storage;
  let seed: Seed;

  beforeAll(async () => {
    storage = await factory.create();
    seed = await seedClinic(storage, `clinic-${randomUUID().slice(0, 8)}`);
  });
  afterAll(async () => {
    await storage.close();
  });

  const from = (origin: string, options: CallOptions = {}): CallOptions => ({
    ...options,
    headers: { "x-bookwell-clinic": seed.clinicId, origin, ...(options.headers ?? {}) },
  });

  test("a 429 to the widget had no Access-Control-Allow-Origin (the browser hid Retry-After); now it has", async () => {
    const app = testApp(storage, testClock(), {
      rateLimit: { capacity: 1, refillPerSecond: 0.01 },
    });
    expect((await call(app, "GET", "/v1/services", from(ALLOWED))).status).toBe(200);
    const limited = await call(app, "GET", "/v1/services", from(ALLOWED));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(limited.headers.get("access-control-expose-headers")).toContain("Retry-After");
    expect(limited.headers.get("retry-after")).toEqual(expect.any(String));
    const stranger = await call(app, "GET", "/v1/services", from("https://evil.example"));
    expect(stranger.status).toBe(429);
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("413, unknown path and wrong method answer an allowed origin with CORS headers too", async () => {
    const app = testApp(storage, testClock(), { bodyLimitBytes: 1000 });
    const big = await call(
      app,
      "POST",
      "/v1/bookings",
      from(ALLOWED, { raw: JSON.stringify({ x: "a".repeat(2000) }) }),
    );
    expect(big.status).toBe(413);
    expect(big.json.code).toBe("PAYLOAD_TOO_LARGE");
    expect(big.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    const unknown = await call(app, "GET", "/v1/nope", from(ALLOWED));
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    const wrong = await call(app, "DELETE", "/v1/bookings", from(ALLOWED));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    const stranger = await call(app, "GET", "/v1/nope", from("https://evil.example"));
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
  });
});
