// Staff "find a time" (GET /v1/staff/slots) and resizing a visit through the move route, on every
// storage: role scoping, per-calendar and "any" searches, bad input as 4xx problem+json.

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
  type TestClock,
  testApp,
  testClock,
} from "./helpers.js";
import { storageFactories } from "./storages.js";

/** Wednesday 4 March 2026 (Lisbon is on UTC). */
const WED = "2026-03-04";

describe.each(storageFactories)("staff find a time and resize on $name", (factory) => {
  let storage: Storage;
  let clock: TestClock;
  let app: Hono;
  let seed: Seed;
  const as =
    (role: keyof Seed["keys"]) =>
    (method: string, path: string, options: CallOptions = {}): Promise<Result> =>
      call(app, method, path, { ...options, key: seed.keys[role] });
  const manager = as("manager");
  const book = async (body: Record<string, unknown>) => {
    const res = await manager("POST", "/v1/staff/appointments", { body });
    expect(res.status, res.text).toBe(201);
    return res.json.appointment as { id: string; start: string; end: string; status: string };
  };
  const starts = (res: Result) =>
    (res.json.slots as { start: string; providerId: string }[]).map(
      (s) => `${s.start.slice(11, 16)}@${s.providerId}`,
    );
  const slots = (query: string, role: keyof Seed["keys"] = "manager") =>
    as(role)("GET", `/v1/staff/slots?${query}`);

  beforeAll(async () => {
    storage = await factory.create();
  });
  afterAll(async () => {
    await storage.close();
  });
  beforeEach(async () => {
    seed = await seedClinic(storage, `clinic-${randomUUID().slice(0, 8)}`);
    clock = testClock();
    app = testApp(storage, clock);
  });

  describe("GET /v1/staff/slots", () => {
    test("named calendars are each searched: a start free with two providers is listed for both, by start then list order", async () => {
      const res = await slots(`serviceId=physio&from=${WED}&to=${WED}&calendarIds=bruno,ana`);
      expect(res.status, res.text).toBe(200);
      expect(res.json.timeZone).toBe("Europe/Lisbon");
      const list = starts(res);
      // 09:00–17:00 with a 12–13 break, 50 minutes every 60: 09, 10, 11, 13, 14, 15, 16.
      expect(list.slice(0, 4)).toEqual(["09:00@bruno", "09:00@ana", "10:00@bruno", "10:00@ana"]);
      expect(list).toHaveLength(14);
      await book({ serviceId: "physio", providerId: "ana", start: `${WED}T10:00:00Z` });
      const after = starts(
        await slots(`serviceId=physio&from=${WED}&to=${WED}&calendarIds=ana,bruno`),
      );
      expect(after).toContain("10:00@bruno");
      expect(after).not.toContain("10:00@ana");
      expect(after).toHaveLength(13);
    });

    test("providerId=any (or nothing named) lists each start once with the provider the engine assigns", async () => {
      await book({ serviceId: "physio", providerId: "ana", start: `${WED}T10:00:00Z` });
      await book({ serviceId: "physio", providerId: "bruno", start: `${WED}T11:00:00Z` });
      for (const query of [
        `serviceId=physio&from=${WED}&to=${WED}&providerId=any`,
        `serviceId=physio&from=${WED}&to=${WED}`,
      ]) {
        const list = starts(await slots(query));
        expect(new Set(list.map((s) => s.split("@")[0])).size).toBe(list.length);
        expect(list).toContain("10:00@bruno");
        expect(list).toContain("11:00@ana");
        expect(list).toHaveLength(7);
      }
      // A booked start is gone when both providers are busy.
      await book({ serviceId: "physio", providerId: "bruno", start: `${WED}T13:00:00Z` });
      await book({ serviceId: "physio", providerId: "ana", start: `${WED}T13:00:00Z` });
      const list = starts(await slots(`serviceId=physio&from=${WED}&to=${WED}`));
      expect(list.some((s) => s.startsWith("13:00"))).toBe(false);
    });

    test("staff find times of services patients cannot book online; rooms are assigned", async () => {
      const internal = await slots(`serviceId=internal&from=${WED}&to=${WED}&calendarIds=ana`);
      expect(internal.status, internal.text).toBe(200);
      expect(internal.json.slots.length).toBeGreaterThan(0);
      const publicAnswer = await call(
        app,
        "GET",
        `/v1/slots?serviceId=internal&from=${WED}&to=${WED}&clinic=${seed.clinicId}`,
      );
      expect(publicAnswer.status).toBe(404);
      const massage = await slots(`serviceId=massage-room&from=${WED}&to=${WED}`);
      expect(massage.json.slots[0]).toMatchObject({ providerId: "ana", resourceIds: ["room-1"] });
    });

    test("a provider key searches only its granted calendars: any is theirs, another's is 404 like an unknown one", async () => {
      const any = await slots(`serviceId=physio&from=${WED}&to=${WED}`, "provider");
      expect(any.status, any.text).toBe(200);
      expect(new Set(any.json.slots.map((s: { providerId: string }) => s.providerId))).toEqual(
        new Set(["ana"]),
      );
      // Ana busy at 10: a manager's "any" offers Bruno then, the provider's search does not.
      await book({ serviceId: "physio", providerId: "ana", start: `${WED}T10:00:00Z` });
      const mine = starts(await slots(`serviceId=physio&from=${WED}&to=${WED}`, "provider"));
      expect(mine.some((s) => s.startsWith("10:00"))).toBe(false);
      expect(starts(await slots(`serviceId=physio&from=${WED}&to=${WED}`))).toContain(
        "10:00@bruno",
      );
      for (const query of ["calendarIds=ana,bruno", "providerId=bruno", "calendarIds=ghost"]) {
        const res = await slots(`serviceId=physio&from=${WED}&to=${WED}&${query}`, "provider");
        expect(res.status, `${query}: ${res.text}`).toBe(404);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        expect(res.json.errors[0].field).toBe(query.split("=")[0]);
        expect(res.text).not.toContain("Bruno Costa");
      }
      const own = await slots(`serviceId=physio&from=${WED}&to=${WED}&calendarIds=ana`, "provider");
      expect(own.status).toBe(200);
      expect(
        (await call(app, "GET", `/v1/staff/slots?serviceId=physio&from=${WED}&to=${WED}`)).status,
      ).toBe(401);
    });

    test("bad input is 4xx problem+json naming the field, never 500", async () => {
      const cases: [string, number, string][] = [
        [`serviceId=ghost&from=${WED}&to=${WED}`, 404, "serviceId"],
        [`serviceId=physio&from=${WED}&to=${WED}&calendarIds=room-1`, 404, "calendarIds"],
        [`serviceId=physio&from=${WED}&to=${WED}&calendarIds=ana,ghost`, 404, "calendarIds"],
        [`serviceId=physio&from=${WED}&to=${WED}&calendarIds=,,`, 400, "calendarIds"],
        [
          `serviceId=physio&from=${WED}&to=${WED}&calendarIds=${"a,".repeat(1001)}`,
          400,
          "calendarIds",
        ],
        [
          `serviceId=physio&from=${WED}&to=${WED}&calendarIds=ana&providerId=bruno`,
          400,
          "providerId",
        ],
        // A comma is not an id character: a malformed id is 400 naming the field.
        [`serviceId=physio&from=${WED}&to=${WED}&providerId=ana,bruno`, 400, "providerId"],
        [`serviceId=physio&to=${WED}`, 400, "from"],
        [`serviceId=physio&from=2026-03-05&to=${WED}`, 400, "to"],
        [`serviceId=physio&from=2026-03-01&to=2026-06-30`, 400, "to"],
        [`serviceId=physio&from=03/04/2026&to=${WED}`, 400, "from"],
        [`serviceId=physio&from=${WED}&to=${WED}&timeZone=Mars/Olympus`, 400, "timeZone"],
        [`serviceId=physio&from=${WED}&to=${WED}&providerId=${"x".repeat(300)}`, 400, "providerId"],
        [
          `serviceId=physio&from=${WED}&to=${WED}&calendarIds=${"x".repeat(300)}`,
          404,
          "calendarIds",
        ],
      ];
      for (const [query, status, field] of cases) {
        const res = await slots(query);
        expect(res.status, `${query.slice(0, 80)}: ${res.text}`).toBe(status);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        expect(
          (res.json.errors as { field: string }[]).map((e) => e.field),
          query.slice(0, 80),
        ).toContain(field);
      }
    });

    test("the OpenAPI document declares the route from the same schemas", async () => {
      const doc = (await call(app, "GET", "/v1/openapi.json")).json;
      const op = doc.paths["/v1/staff/slots"]?.get;
      expect(op?.operationId).toBe("staffFindSlots");
      const names = (op.parameters as { name: string }[]).map((p) => p.name);
      expect(names).toEqual(
        expect.arrayContaining(["serviceId", "from", "to", "calendarIds", "providerId"]),
      );
      const move = doc.paths["/v1/staff/appointments/{id}/move"]?.post;
      const body = JSON.stringify(move?.requestBody);
      expect(body).toContain("durationMinutes");
      expect(body).toContain('"end"');
    });
  });
  describe("resize through POST /v1/staff/appointments/:id/move", () => {
    const resize = (
      id: string,
      body: Record<string, unknown>,
      role: keyof Seed["keys"] = "manager",
    ) => as(role)("POST", `/v1/staff/appointments/${id}/move`, { body });

    test("a new end or length makes a new visit of that length; a later move keeps it", async () => {
      const a = await book({ serviceId: "physio", providerId: "ana", start: `${WED}T10:00:00Z` });
      expect(a.end).toBe(`${WED}T10:50:00Z`);
      const longer = await resize(a.id, { start: a.start, durationMinutes: 80 });
      expect(longer.status, longer.text).toBe(200);
      expect(longer.json.appointment).toMatchObject({
        start: `${WED}T10:00:00Z`,
        end: `${WED}T11:20:00Z`,
        status: "booked",
      });
      expect(longer.json.previous).toMatchObject({ id: a.id, status: "rebooked" });
      const audit = await manager("GET", `/v1/staff/audit?entityType=appointment&entityId=${a.id}`);
      expect(audit.json.entries.at(-1).detail).toMatchObject({
        action: "move",
        resized: { fromMinutes: 50, toMinutes: 80 },
      });
      const shorter = await resize(longer.json.appointment.id, {
        start: `${WED}T10:00:00+00:00`,
        end: `${WED}T10:30:00+00:00`,
      });
      expect(shorter.status, shorter.text).toBe(200);
      expect(shorter.json.appointment.end).toBe(`${WED}T10:30:00Z`);
      // Moved without a length: the visit keeps its 30 minutes (not the service's 50).
      const moved = await resize(shorter.json.appointment.id, { start: `${WED}T14:00:00Z` });
      expect(moved.status, moved.text).toBe(200);
      expect(moved.json.appointment).toMatchObject({
        start: `${WED}T14:00:00Z`,
        end: `${WED}T14:30:00Z`,
      });
      const stored = await storage.getAppointment(seed.clinicId, moved.json.appointment.id);
      expect(new Date(stored?.end ?? 0).toISOString()).toBe(`${WED}T14:30:00.000Z`);
      // A service without its own interval keeps its grid of starts (every 30 minutes for a
      // 30-minute review): 09:30 stretched to an hour is not "off the grid".
      const review = await book({
        serviceId: "internal",
        providerId: "bruno",
        start: `${WED}T09:30:00Z`,
      });
      const hour = await resize(review.id, { start: review.start, durationMinutes: 60 });
      expect(hour.status, hour.text).toBe(200);
      expect(hour.json.appointment.end).toBe(`${WED}T10:30:00Z`);
    });

    test("soft violations of the new length are warnings to override; hard ones refuse with the reason", async () => {
      const a = await book({ serviceId: "physio", providerId: "ana", start: `${WED}T10:00:00Z` });
      await book({ serviceId: "physio", providerId: "ana", start: `${WED}T11:00:00Z` });
      // 10:00 for 90 minutes runs into the 11:00 visit.
      const taken = await resize(a.id, { start: a.start, durationMinutes: 90 });
      expect(taken.status, taken.text).toBe(409);
      expect(taken.headers.get("content-type")).toBe("application/problem+json");
      expect(taken.json.code).toBe("SLOT_TAKEN");
      expect(taken.json.violations).toEqual([
        expect.objectContaining({ code: "OVERLAP", severity: "soft" }),
      ]);
      expect((await storage.getAppointment(seed.clinicId, a.id))?.status).toBe("booked");
      const forced = await resize(a.id, {
        start: a.start,
        durationMinutes: 90,
        overrides: ["OVERLAP"],
      });
      expect(forced.status, forced.text).toBe(200);
      expect(forced.json.appointment).toMatchObject({
        end: `${WED}T11:30:00Z`,
        allowOverlap: true,
      });
      expect(forced.json.overridden.map((v: { code: string }) => v.code)).toEqual(["OVERLAP"]);

      // 11:00 for 100 minutes runs through the 12:00 break: a soft warning, overridable.
      const late = await book({
        serviceId: "physio",
        providerId: "bruno",
        start: `${WED}T11:00:00Z`,
      });
      const lunch = await resize(late.id, { start: late.start, end: `${WED}T12:40:00Z` });
      expect(lunch.status, lunch.text).toBe(422);
      expect(lunch.json.code).toBe("BOOKING_RULE_VIOLATED");
      const codes = lunch.json.violations.map((v: { code: string }) => v.code);
      expect(codes.some((c: string) => c === "IN_BREAK" || c === "OUTSIDE_SHIFT")).toBe(true);
      expect(lunch.json.violations.every((v: { severity: string }) => v.severity === "soft")).toBe(
        true,
      );
      const ok = await resize(late.id, {
        start: late.start,
        end: `${WED}T12:40:00Z`,
        overrides: "all-soft",
      });
      expect(ok.status, ok.text).toBe(200);

      // Resized onto a provider of another discipline: hard, never overridable.
      const other = await book({
        serviceId: "physio",
        providerId: "bruno",
        start: `${WED}T15:00:00Z`,
      });
      const hard = await resize(other.id, {
        start: "2026-03-03T18:00:00Z",
        durationMinutes: 60,
        providerId: "carla",
        overrides: "all-soft",
      });
      expect(hard.status, hard.text).toBe(422);
      expect(hard.json.violations).toContainEqual(
        expect.objectContaining({ code: "DISCIPLINE_MISMATCH", severity: "hard" }),
      );
      expect((await storage.getAppointment(seed.clinicId, other.id))?.status).toBe("booked");
    });

    test("a provider key resizes only visits on its calendars", async () => {
      const mine = await book({
        serviceId: "physio",
        providerId: "ana",
        start: `${WED}T09:00:00Z`,
      });
      const theirs = await book({
        serviceId: "physio",
        providerId: "bruno",
        start: `${WED}T09:00:00Z`,
      });
      const own = await resize(mine.id, { start: mine.start, durationMinutes: 30 }, "provider");
      expect(own.status, own.text).toBe(200);
      const hidden = await resize(
        theirs.id,
        { start: theirs.start, durationMinutes: 30 },
        "provider",
      );
      expect(hidden.status).toBe(404);
      expect(hidden.headers.get("content-type")).toBe("application/problem+json");
      expect((await storage.getAppointment(seed.clinicId, theirs.id))?.status).toBe("booked");
    });

    test("bad lengths are 400 problem+json naming the field, never 500", async () => {
      const a = await book({ serviceId: "physio", providerId: "ana", start: `${WED}T10:00:00Z` });
      const cases: [Record<string, unknown>, string][] = [
        [{ end: `${WED}T09:00:00Z` }, "end"],
        [{ end: `${WED}T10:00:00Z` }, "end"],
        [{ end: `${WED}T10:30:30Z` }, "end"],
        [{ end: "2026-03-05T10:01:00Z" }, "end"],
        [{ end: "half past ten" }, "end"],
        [{ durationMinutes: 0 }, "durationMinutes"],
        [{ durationMinutes: 1441 }, "durationMinutes"],
        [{ durationMinutes: 2.5 }, "durationMinutes"],
        [{ durationMinutes: "60" }, "durationMinutes"],
        [{ durationMinutes: 60, end: `${WED}T11:00:00Z` }, "durationMinutes"],
      ];
      for (const [extra, field] of cases) {
        const res = await resize(a.id, { start: a.start, ...extra });
        expect(res.status, `${JSON.stringify(extra)}: ${res.text}`).toBe(400);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        expect(res.json.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      expect((await storage.getAppointment(seed.clinicId, a.id))?.status).toBe("booked");
    });
  });
});
