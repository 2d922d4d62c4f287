// Issue 18: people. A provider calendar carries a photo and a short biography (staff API,
// validated); the public providers answer shows them with the disciplines — on PGlite and
// PostgreSQL.

import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { Storage } from "../src/storage/storage.js";
import { type CallOptions, call, type Seed, seedClinic, testApp, testClock } from "./helpers.js";
import { postgresFactories, storageFactories } from "./storages.js";

describe.each([...storageFactories, ...postgresFactories()])(
  "provider profiles on $name",
  (factory) => {
    let storage: Storage;
    let app: Hono;
    let seed: Seed;
    let clinicId: string;
    const manager = (method: string, path: string, options: CallOptions = {}) =>
      call(app, method, path, { ...options, key: seed.keys.manager });

    beforeAll(async () => {
      storage = await factory.create();
    });
    afterAll(async () => {
      await storage.close();
    });
    beforeEach(async () => {
      clinicId = `clinic-${randomUUID().slice(0, 8)}`;
      seed = await seedClinic(storage, clinicId);
      app = testApp(storage, testClock());
    });

    test("photo and bio set by staff show on the public providers answer; null removes them", async () => {
      const set = await manager("PATCH", "/v1/staff/calendars/ana", {
        body: {
          photoUrl: "https://cdn.clinic.example/ana.jpg",
          bio: "Sports injuries and back pain.",
        },
      });
      expect(set.status, set.text).toBe(200);
      const providers = await call(app, "GET", "/v1/providers?serviceId=physio", {
        headers: { "x-bookwell-clinic": clinicId },
      });
      const ana = providers.json.providers.find((p: { id: string }) => p.id === "ana");
      expect(ana).toMatchObject({
        name: "Ana Silva",
        disciplines: ["physio", "massage"],
        photoUrl: "https://cdn.clinic.example/ana.jpg",
        bio: "Sports injuries and back pain.",
      });
      const bruno = providers.json.providers.find((p: { id: string }) => p.id === "bruno");
      expect(bruno).not.toHaveProperty("photoUrl");
      // Shifts and the rest of the calendar are untouched.
      expect((await storage.getCalendar(clinicId, "ana"))?.weekly.length).toBeGreaterThan(0);
      await manager("PATCH", "/v1/staff/calendars/ana", { body: { photoUrl: null, bio: null } });
      const after = await call(app, "GET", "/v1/providers", {
        headers: { "x-bookwell-clinic": clinicId },
      });
      expect(after.json.providers.find((p: { id: string }) => p.id === "ana")).not.toHaveProperty(
        "bio",
      );
    });

    test("a photo that is not an https address is 400 naming photoUrl", async () => {
      const bad = await manager("PATCH", "/v1/staff/calendars/ana", {
        body: { photoUrl: "javascript:alert(1)" },
      });
      expect(bad.status).toBe(400);
      expect(bad.json.errors.map((e: { field: string }) => e.field)).toEqual(["photoUrl"]);
    });
  },
);
