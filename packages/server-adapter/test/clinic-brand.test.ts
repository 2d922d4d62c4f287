// The clinic's brand colour and logo (issue 17: the setup wizard's clinic step), over HTTP on
// PGlite and PostgreSQL: a manager sets them with `PATCH /v1/staff/settings`, patients' widgets
// read them from `GET /v1/clinic`, `null` clears them, and a malformed colour or address is a 400
// naming the field — never stored.

import { describe, expect, test } from "vitest";
import { call, seededTest } from "./helpers.js";
import { postgresFactories, storageFactories } from "./storages.js";

describe.each([...storageFactories, ...postgresFactories()])(
  "clinic brand colour and logo on $name",
  (factory) => {
    const setup = () => seededTest(factory);

    test("set by a manager, shown to patients, cleared with null", async () => {
      const { seed, app } = await setup();
      const manager = (body: unknown) =>
        call(app, "PATCH", "/v1/staff/settings", { key: seed.keys.manager, body });
      const publicClinic = async () =>
        (
          await call(app, "GET", "/v1/clinic", {
            headers: { "x-bookwell-clinic": seed.clinicId },
          })
        ).json.clinic;
      const set = await manager({
        brandColor: "#00696b",
        logoUrl: "https://clinicasol.example/logo.svg",
      });
      expect(set.status, set.text).toBe(200);
      expect(set.json.settings).toMatchObject({
        brandColor: "#00696b",
        logoUrl: "https://clinicasol.example/logo.svg",
      });
      expect(await publicClinic()).toMatchObject({
        brandColor: "#00696b",
        logoUrl: "https://clinicasol.example/logo.svg",
      });
      // Another change keeps them.
      expect((await manager({ name: "Clínica Sol" })).json.settings.brandColor).toBe("#00696b");
      const cleared = await manager({ brandColor: null, logoUrl: null });
      expect(cleared.status).toBe(200);
      expect(cleared.json.settings.brandColor).toBeUndefined();
      expect(cleared.json.settings.logoUrl).toBeUndefined();
      const shown = await publicClinic();
      expect(shown.brandColor).toBeUndefined();
      expect(shown.logoUrl).toBeUndefined();
    });

    test("a malformed colour or logo address is a 400 naming the field, and nothing changes", async () => {
      const { storage, seed, app } = await setup();
      for (const [body, field] of [
        [{ brandColor: "teal" }, "brandColor"],
        [{ brandColor: "#00696" }, "brandColor"],
        [{ logoUrl: "http://clinicasol.example/logo.png" }, "logoUrl"],
        [{ logoUrl: "javascript:alert(1)" }, "logoUrl"],
      ] as const) {
        const res = await call(app, "PATCH", "/v1/staff/settings", {
          key: seed.keys.manager,
          body,
        });
        expect(res.status, res.text).toBe(400);
        expect(res.headers.get("content-type")).toContain("application/problem+json");
        expect(res.json.errors[0].field).toBe(field);
      }
      const clinic = await storage.getClinic(seed.clinicId);
      expect(clinic?.brandColor).toBeUndefined();
      expect(clinic?.logoUrl).toBeUndefined();
    });

    test("front desk may not change them", async () => {
      const { seed, app } = await setup();
      const res = await call(app, "PATCH", "/v1/staff/settings", {
        key: seed.keys.front_desk,
        body: { brandColor: "#00696b" },
      });
      expect(res.status).toBe(403);
    });
  },
);
