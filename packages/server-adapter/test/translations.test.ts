// Issue 18: translated names. A service carries its name, description and category per language
// (`translations`, validated on the staff API); the public catalog answers in the `?locale=` asked,
// falling back to the service's own texts — on PGlite and PostgreSQL.

import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { Storage } from "../src/storage/storage.js";
import {
  type CallOptions,
  call,
  type Result,
  type Seed,
  seedClinic,
  testApp,
  testClock,
} from "./helpers.js";
import { postgresFactories, storageFactories } from "./storages.js";

describe.each([...storageFactories, ...postgresFactories()])(
  "translated catalog on $name",
  (factory) => {
    let storage: Storage;
    let app: Hono;
    let seed: Seed;
    let clinicId: string;
    const patient = (path: string): Promise<Result> =>
      call(app, "GET", path, { headers: { "x-bookwell-clinic": clinicId } });
    const manager = (method: string, path: string, options: CallOptions = {}) =>
      call(app, method, path, { ...options, key: seed.keys.manager });
    const names = (res: Result) =>
      (
        res.json.services as { id: string; name: string; category: string; description: string }[]
      ).map((s) => [s.id, s.name, s.category]);

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

    test("the catalog answers in the language asked, falling back to the service's own texts", async () => {
      const set = await manager("PATCH", "/v1/staff/services/physio", {
        body: {
          translations: {
            pt: { name: "Fisioterapia", description: "Avaliação e tratamento.", category: "Fisio" },
            es: { name: "Fisioterapia (es)" },
          },
        },
      });
      expect(set.status, set.text).toBe(200);
      const own = await patient("/v1/services");
      const pt = await patient("/v1/services?locale=pt-PT");
      const es = await patient("/v1/services?locale=es");
      const de = await patient("/v1/services?locale=de-DE");
      const physio = (res: Result) => names(res).find(([id]) => id === "physio");
      expect(physio(pt)).toEqual(["physio", "Fisioterapia", "Fisio"]);
      expect(pt.json.services.find((s: { id: string }) => s.id === "physio").description).toBe(
        "Avaliação e tratamento.",
      );
      expect(pt.json.categories).toContain("Fisio");
      expect(pt.json.categories).not.toContain("Physio");
      // Only the name in Spanish: the category falls back; no German: all falls back.
      expect(physio(es)).toEqual(["physio", "Fisioterapia (es)", physio(own)?.[2]]);
      expect(names(de)).toEqual(names(own));
      // The category filter takes the category as named in the answer's language.
      const filtered = await patient("/v1/services?locale=pt&category=Fisio");
      expect(names(filtered)).toEqual([["physio", "Fisioterapia", "Fisio"]]);
      // null removes them.
      await manager("PATCH", "/v1/staff/services/physio", { body: { translations: null } });
      expect(names(await patient("/v1/services?locale=pt"))).toEqual(names(own));
    });

    test("bad translations and a bad locale are 400 naming the field", async () => {
      const bad = await manager("PATCH", "/v1/staff/services/physio", {
        body: { translations: { Portuguese: { name: "x" }, es: { name: "" } } },
      });
      expect(bad.status).toBe(400);
      expect(bad.json.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(["translations.Portuguese", "translations.es.name"]),
      );
      const locale = await patient("/v1/services?locale=no%20such");
      expect(locale.status).toBe(400);
      expect(locale.json.errors.map((e: { field: string }) => e.field)).toEqual(["locale"]);
    });
  },
);
