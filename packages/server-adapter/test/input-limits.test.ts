// Input the API accepted and should not have: made-up currencies, dates in the year 9999, ids that
// look like paths, and prices of a three-decimal currency imported 10× off. Each is refused (or
// read right) through the HTTP API, naming the field.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Storage } from "../src/storage/storage.js";
import { createTestStorage } from "../src/testing.js";
import { type CallOptions, call, type Seed, seedClinic, testApp, testClock } from "./helpers.js";

describe("input limits", () => {
  let storage: Storage;
  let seed: Seed;
  const clock = testClock();
  let manager: (method: string, path: string, options?: CallOptions) => ReturnType<typeof call>;

  beforeAll(async () => {
    storage = await createTestStorage();
    seed = await seedClinic(storage, "limits");
    const app = testApp(storage, clock);
    manager = (method, path, options = {}) =>
      call(app, method, path, { key: seed.keys.manager, ...options });
  });
  afterAll(async () => {
    await storage.close();
  });

  const refused = (res: Awaited<ReturnType<typeof call>>, field: string) => {
    expect(res.status, res.text).toBe(400);
    expect(res.json.code).toBe("VALIDATION_FAILED");
    expect(res.json.errors.map((e: { field: string }) => e.field)).toContain(field);
  };

  test("regression: currency ZZZ was accepted in clinic settings; only real ISO 4217 codes are", async () => {
    refused(
      await manager("PATCH", "/v1/staff/settings", { body: { currency: "ZZZ" } }),
      "currency",
    );
    refused(
      await manager("PATCH", "/v1/staff/settings", { body: { currency: "XXX" } }),
      "currency",
    );
    expect((await storage.getClinic(seed.clinicId))?.currency).toBe("EUR");
    const service = await manager("POST", "/v1/staff/services", {
      body: {
        name: "Made-up money",
        discipline: "physio",
        durationMinutes: 30,
        price: { amount: 100, currency: "ZZZ" },
      },
    });
    refused(service, "price.currency");
  });

  test("regression: an override dated 9999-01-01 was accepted; calendar dates are 1970–2199", async () => {
    const override = await manager("POST", "/v1/staff/calendars/ana/overrides", {
      body: { type: "closed", date: "9999-01-01" },
    });
    refused(override, "date");
    expect(override.json.errors).toContainEqual({
      field: "date",
      message: "must be between the years 1970 and 2199",
      rule: "too_small",
    });
    refused(
      await manager("PATCH", "/v1/staff/calendars/ana", {
        body: { weekly: [{ weekday: 1, start: "09:00", end: "17:00", validUntil: "9999-12-31" }] },
      }),
      "weekly.0.validUntil",
    );
    const inRange = await manager("POST", "/v1/staff/calendars/ana/overrides", {
      body: { type: "closed", date: "2026-03-10" },
    });
    expect(inRange.status, inRange.text).toBe(200);
    expect((await storage.getCalendar(seed.clinicId, "ana"))?.overrides).toEqual([
      { type: "closed", date: "2026-03-10" },
    ]);
  });

  test("regression: a service id ../x was accepted; ids are letters, digits and _ - . : everywhere", async () => {
    const body = {
      name: "Traversal",
      discipline: "physio",
      durationMinutes: 30,
      price: { amount: 100, currency: "EUR" },
    };
    for (const id of ["../x", "a/b", ".hidden", "-flag", "físio", "a%2Fb", "x".repeat(129)]) {
      refused(await manager("POST", "/v1/staff/services", { body: { ...body, id } }), "id");
    }
    refused(
      await manager("POST", "/v1/staff/calendars", {
        body: {
          id: "../cal",
          kind: "room",
          name: "Room",
          locationId: "loc-1",
          timeZone: "Europe/Lisbon",
        },
      }),
      "id",
    );
    // In a query and a path the same rule answers, before any lookup.
    refused(
      await call(
        testApp(storage, clock),
        "GET",
        "/v1/slots?serviceId=..%2Fx&from=2026-03-04&to=2026-03-04",
        {
          headers: { "x-bookwell-clinic": seed.clinicId },
        },
      ),
      "serviceId",
    );
    refused(await manager("GET", "/v1/staff/calendars/..%2Fana"), "id");
    // A CSV import names the row and the column.
    const csv =
      "id,name,category,duration,price,discipline\r\n../x,Traversal,Physio,30,10,physio\r\n";
    const imported = await manager("POST", "/v1/staff/imports/services", {
      raw: csv,
      headers: { "content-type": "text/csv" },
    });
    expect(imported.json.code).toBe("IMPORT_REJECTED");
    expect(imported.json.errors).toContainEqual({
      field: "line 2 id",
      message: "must be letters, digits, _ - . or : (starting with a letter, digit or _)",
      rule: "format",
    });
    expect(await storage.getService(seed.clinicId, "../x")).toBeUndefined();
    for (const id of ["shock_2", "dr.ana", "svc:1", "A-1"]) {
      const created = await manager("POST", "/v1/staff/services", {
        body: { ...body, name: id, id },
      });
      expect(created.status, created.text).toBe(201);
    }
  });

  test("regression: BHD 12.345 imported from CSV was stored as 1,234,500 minor units; it is 12345 fils", async () => {
    const other = await seedClinic(storage, "bahrain");
    const app = testApp(storage, clock);
    const bahrain = (method: string, path: string, options: CallOptions = {}) =>
      call(app, method, path, { key: other.keys.manager, ...options });
    const patched = await bahrain("PATCH", "/v1/staff/settings", { body: { currency: "BHD" } });
    expect(patched.status, patched.text).toBe(200);
    const csv =
      "id,name,category,duration,price,discipline\r\n" +
      "cupping,Cupping,Massage,30,12.345,massage\r\n" +
      "sports,Sports massage,Massage,60,BHD 1.234,massage\r\n" +
      'long,Long session,Massage,90,"1,234.500",massage\r\n' +
      "tiny,Too precise,Massage,30,1.2345,massage\r\n";
    const imported = await bahrain("POST", "/v1/staff/imports/services?mode=valid-rows", {
      raw: csv,
      headers: { "content-type": "text/csv" },
    });
    expect(imported.status, imported.text).toBe(201);
    expect(imported.json.errors).toEqual([
      expect.objectContaining({ line: 5, column: "price", code: "INVALID" }),
    ]);
    const price = async (id: string) => (await storage.getService(other.clinicId, id))?.price;
    expect(await price("cupping")).toEqual({ amount: 12345, currency: "BHD" });
    expect(await price("sports")).toEqual({ amount: 1234, currency: "BHD" });
    expect(await price("long")).toEqual({ amount: 1234500, currency: "BHD" });
    // The export writes three decimals, which the import reads back the same.
    const exported = await bahrain("GET", "/v1/staff/exports/services.csv");
    expect(exported.text).toContain("cupping,Cupping,Massage,30,12.345,massage,BHD\r\n");
    expect(exported.text).toContain("long,Long session,Massage,90,1234.500,massage,BHD\r\n");
  });
});
