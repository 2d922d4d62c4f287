// A patient whose device is in another zone than the clinic: which days `GET /v1/slots` covers
// and which offsets it answers with, also across a DST change. On every storage.

import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Storage } from "../src/storage/storage.js";
import { call, type Seed, seedClinic, testApp, testClock } from "./helpers.js";
import { storageFactories } from "./storages.js";

describe.each(storageFactories)("slots in the patient's zone on $name", (factory) => {
  let storage: Storage;
  let app: Hono;
  let seed: Seed;
  const starts = async (query: string) => {
    const res = await call(app, "GET", `/v1/slots?serviceId=physio&providerId=ana&${query}`, {
      headers: { "x-bookwell-clinic": seed.clinicId },
    });
    expect(res.status, res.text).toBe(200);
    return {
      zone: res.json.timeZone,
      starts: res.json.slots.map((s: { start: string }) => s.start),
    };
  };

  beforeAll(async () => {
    storage = await factory.create();
    seed = await seedClinic(storage, `clinic-${randomUUID().slice(0, 8)}`);
    app = testApp(storage, testClock());
  });
  afterAll(async () => {
    await storage.close();
  });

  test("the docs said slots are in the clinic's zone: from/to are the patient's local days and offsets are theirs", async () => {
    // 4 March in Auckland (+13:00) runs from 3 March 11:00 to 4 March 11:00 UTC: Ana's Tuesday
    // afternoon and her Wednesday morning in Lisbon.
    const auckland = await starts("from=2026-03-04&to=2026-03-04&timeZone=pacific/auckland");
    expect(auckland.zone).toBe("Pacific/Auckland");
    expect(auckland.starts).toEqual([
      "2026-03-04T00:00:00+13:00",
      "2026-03-04T02:00:00+13:00",
      "2026-03-04T03:00:00+13:00",
      "2026-03-04T04:00:00+13:00",
      "2026-03-04T05:00:00+13:00",
      "2026-03-04T22:00:00+13:00",
      "2026-03-04T23:00:00+13:00",
    ]);
    const lisbon = await starts("from=2026-03-04&to=2026-03-04");
    expect(lisbon.zone).toBe("Europe/Lisbon");
    expect(lisbon.starts[0]).toBe("2026-03-04T09:00:00Z");
  });

  test("a range across Lisbon's DST change answers each day in its own offset", async () => {
    const { starts: dst } = await starts("from=2026-03-27&to=2026-03-30");
    expect(dst.filter((s: string) => s.startsWith("2026-03-27"))[0]).toBe("2026-03-27T09:00:00Z");
    expect(dst.filter((s: string) => s.startsWith("2026-03-30"))[0]).toBe(
      "2026-03-30T09:00:00+01:00",
    );
    expect(dst.some((s: string) => s.startsWith("2026-03-28") || s.startsWith("2026-03-29"))).toBe(
      false,
    );
  });
});
