// Unknown ids on the public catalog and slot routes answer 404 naming the field, like a booking
// with them would, instead of an empty list that reads "nothing free". On every storage.

import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Storage } from "../src/storage/storage.js";
import { call, type Seed, seedClinic, testApp, testClock } from "./helpers.js";
import { storageFactories } from "./storages.js";

describe.each(storageFactories)("unknown ids on public routes on $name", (factory) => {
  let storage: Storage;
  let app: Hono;
  let seed: Seed;
  const get = (path: string) =>
    call(app, "GET", path, { headers: { "x-bookwell-clinic": seed.clinicId } });

  beforeAll(async () => {
    storage = await factory.create();
    seed = await seedClinic(storage, `clinic-${randomUUID().slice(0, 8)}`);
    app = testApp(storage, testClock());
  });
  afterAll(async () => {
    await storage.close();
  });

  test("GET /v1/providers?serviceId=ghost was 200 with no providers; now 404 naming serviceId", async () => {
    for (const serviceId of ["ghost", "internal"]) {
      const res = await get(`/v1/providers?serviceId=${serviceId}`);
      expect(res.status, serviceId).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.json.errors).toEqual([
        {
          field: "serviceId",
          message: "is not an online-bookable service of this clinic",
          rule: "unknown",
        },
      ]);
    }
    const known = await get("/v1/providers?serviceId=physio");
    expect(known.json.providers.map((p: { id: string }) => p.id)).toEqual(["ana", "bruno"]);
  });

  test("a service the catalog cache does not know yet is looked up before saying 404", async () => {
    const cached = await get("/v1/providers?serviceId=physio");
    expect(cached.status).toBe(200);
    const physio = await storage.getService(seed.clinicId, "physio");
    if (!physio) throw new Error("seed");
    // Written behind the app's back (another process): its cache does not know it.
    await storage.putService(seed.clinicId, { ...physio, id: "physio-2", name: "Physio 2" });
    const fresh = await get("/v1/providers?serviceId=physio-2");
    expect(fresh.status, fresh.text).toBe(200);
    expect(fresh.json.providers.map((p: { id: string }) => p.id)).toEqual(["ana", "bruno"]);
  });

  test("GET /v1/slots?locationId=ghost was 200 with no times; now 404 naming locationId", async () => {
    const base = "/v1/slots?serviceId=physio&providerId=any&from=2026-03-04&to=2026-03-04";
    const ghost = await get(`${base}&locationId=ghost`);
    expect(ghost.status).toBe(404);
    expect(ghost.json.errors).toEqual([
      { field: "locationId", message: "is not a location of this clinic", rule: "unknown" },
    ]);
    const known = await get(`${base}&locationId=loc-1`);
    expect(known.status).toBe(200);
    expect(known.json.slots.length).toBeGreaterThan(0);
    // A location the clinic has, with nobody working there yet, has no times (not 404).
    await storage.putLocation(seed.clinicId, {
      id: "loc-2",
      name: "Porto",
      timeZone: "Europe/Lisbon",
    });
    const empty = await get(`${base}&locationId=loc-2`);
    expect(empty.status, empty.text).toBe(200);
    expect(empty.json.slots).toEqual([]);
  });
});
