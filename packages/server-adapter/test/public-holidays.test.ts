// Public holidays through the staff API, on PGlite and PostgreSQL: a manager lists a country's
// public holidays for a year (named in the clinic's language, or the one asked for; a region adds
// its own), bad input is a 400 naming the field, other roles are refused, and the chosen dates are
// closed through the calendar override route like any other closure.

import { describe, expect, test } from "vitest";
import { call, seededTest } from "./helpers.js";
import { postgresFactories, storageFactories } from "./storages.js";

describe.each([...storageFactories, ...postgresFactories()])(
  "public holidays on $name",
  (factory) => {
    const setup = () => seededTest(factory);

    test("lists Portugal's public holidays in the clinic's language, by date; a region adds its own", async () => {
      const { seed, app } = await setup();
      const pt = await call(app, "GET", "/v1/staff/holidays?country=pt&year=2027", {
        key: seed.keys.manager,
      });
      expect(pt.status, pt.text).toBe(200);
      expect(pt.json).toMatchObject({ country: "PT", countryName: "Portugal", year: 2027 });
      const holidays = pt.json.holidays as Array<{ date: string; name: string }>;
      expect(holidays).toContainEqual({ date: "2027-04-25", name: "Dia da Liberdade" });
      expect(holidays).toContainEqual({ date: "2027-12-25", name: "Natal" });
      // Easter moves: Good Friday 2027 is 26 March.
      expect(holidays).toContainEqual({ date: "2027-03-26", name: "Sexta-Feira Santa" });
      expect(holidays.map((h) => h.date)).toEqual(holidays.map((h) => h.date).sort());
      expect(holidays.every((h) => h.date.startsWith("2027-"))).toBe(true);

      const en = await call(app, "GET", "/v1/staff/holidays?country=PT&year=2027&language=en", {
        key: seed.keys.manager,
      });
      expect(en.status, en.text).toBe(200);
      expect(en.json.holidays).toContainEqual({ date: "2027-04-25", name: "Liberty Day" });

      // Spain, and Madrid's own day on top (2 May, moved to Monday 3 May in 2027).
      const spain = await call(app, "GET", "/v1/staff/holidays?country=ES&year=2027&language=es", {
        key: seed.keys.manager,
      });
      const madrid = await call(
        app,
        "GET",
        "/v1/staff/holidays?country=ES&year=2027&region=md&language=es",
        { key: seed.keys.manager },
      );
      expect(madrid.status, madrid.text).toBe(200);
      expect(madrid.json.region).toBe("MD");
      const dates = (list: Array<{ date: string }>) => list.map((h) => h.date);
      expect(dates(madrid.json.holidays)).toEqual(
        expect.arrayContaining(dates(spain.json.holidays)),
      );
      expect(dates(spain.json.holidays)).not.toContain("2027-05-03");
      // One entry per date, even where the list names a day twice.
      expect(madrid.json.holidays.filter((h: { date: string }) => h.date === "2027-05-03")).toEqual(
        [{ date: "2027-05-03", name: "Día de la Comunidad de Madrid" }],
      );
    });

    test("the clinic's country: set and validated in the settings, the holiday list's default before the locale's region", async () => {
      const { seed, app } = await setup();
      const manager = (method: string, path: string, body?: unknown) =>
        call(app, method, path, { key: seed.keys.manager, ...(body ? { body } : {}) });
      const settings = await manager("GET", "/v1/staff/settings");
      expect(settings.json.settings).toMatchObject({ locale: "pt-PT", holidayCountry: "PT" });
      expect(settings.json.settings.country).toBeUndefined();
      expect((await manager("GET", "/v1/staff/holidays?year=2027")).json.country).toBe("PT");

      for (const country of ["Spain", "E", "ZZ", 34]) {
        const bad = await manager("PATCH", "/v1/staff/settings", { country });
        expect(bad.status, `${country}: ${bad.text}`).toBe(400);
        expect(bad.json.errors.map((e: { field: string }) => e.field)).toEqual(["country"]);
      }

      const spain = await manager("PATCH", "/v1/staff/settings", { country: "es" });
      expect(spain.status, spain.text).toBe(200);
      expect(spain.json.settings).toMatchObject({ country: "ES", holidayCountry: "ES" });
      const list = await manager("GET", "/v1/staff/holidays?year=2027&language=es");
      expect(list.status, list.text).toBe(200);
      expect(list.json).toMatchObject({ country: "ES", countryName: "Spain" });
      // A country asked for still wins over the clinic's.
      expect((await manager("GET", "/v1/staff/holidays?year=2027&country=PT")).json.country).toBe(
        "PT",
      );

      // A locale without a region and no country: the list needs one, and says so.
      const plain = await manager("PATCH", "/v1/staff/settings", { locale: "en", country: null });
      expect(plain.status, plain.text).toBe(200);
      expect(plain.json.settings.country).toBeUndefined();
      expect(plain.json.settings.holidayCountry).toBeUndefined();
      const none = await manager("GET", "/v1/staff/holidays?year=2027");
      expect(none.status, none.text).toBe(400);
      expect(none.json.errors).toEqual([
        expect.objectContaining({ field: "country", message: expect.stringContaining("required") }),
      ]);
      const ireland = await manager("PATCH", "/v1/staff/settings", { country: "IE" });
      expect(ireland.json.settings.holidayCountry).toBe("IE");
      expect((await manager("GET", "/v1/staff/holidays?year=2027")).json.country).toBe("IE");
    });

    test("an unknown country, region or year is a 400 naming the field; only managers may ask", async () => {
      const { seed, app } = await setup();
      for (const [query, field] of [
        ["country=XX&year=2027", "country"],
        ["country=Portugal&year=2027", "country"],
        ["country=ES&year=2027&region=ZZ", "region"],
        ["country=PT&year=next", "year"],
        ["country=PT&year=3000", "year"],
        ["country=PT", "year"],
      ] as const) {
        const res = await call(app, "GET", `/v1/staff/holidays?${query}`, {
          key: seed.keys.manager,
        });
        expect(res.status, `${query}: ${res.text}`).toBe(400);
        expect(res.headers.get("content-type")).toContain("application/problem+json");
        expect(
          (res.json.errors as Array<{ field: string }>).map((e) => e.field),
          query,
        ).toContain(field);
      }
      const desk = await call(app, "GET", "/v1/staff/holidays?country=PT&year=2027", {
        key: seed.keys.front_desk,
      });
      expect(desk.status, desk.text).toBe(403);
    });

    test("the route is in the OpenAPI document with its query and answer", async () => {
      const { app } = await setup();
      const doc = (await call(app, "GET", "/v1/openapi.json")).json;
      const op = doc.paths["/v1/staff/holidays"].get;
      expect(op.operationId).toBe("staffListHolidays");
      expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(["country", "year", "region", "language"]),
      );
      // Problems (400 naming the field among them) are the document's shared `default` answer.
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["200", "default"]));
      expect(doc.paths["/v1/staff/calendars/{id}"].delete.operationId).toBe("staffRemoveCalendar");
    });

    test("the chosen holidays are closed through the override route, like any closure", async () => {
      const { storage, seed, app } = await setup();
      const listed = await call(app, "GET", "/v1/staff/holidays?country=PT&year=2027", {
        key: seed.keys.manager,
      });
      const chosen = (listed.json.holidays as Array<{ date: string; name: string }>).filter((h) =>
        ["2027-04-25", "2027-06-10"].includes(h.date),
      );
      expect(chosen).toHaveLength(2);
      for (const h of chosen) {
        const res = await call(app, "POST", "/v1/staff/calendars/ana/overrides", {
          key: seed.keys.manager,
          body: { type: "closed", date: h.date, reason: h.name },
        });
        expect(res.status, res.text).toBe(200);
      }
      const ana = await storage.getCalendar(seed.clinicId, "ana");
      expect(ana?.overrides).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: "closed", date: "2027-04-25" }),
          expect.objectContaining({ type: "closed", date: "2027-06-10" }),
        ]),
      );
    });
  },
);
