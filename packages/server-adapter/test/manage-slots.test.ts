// Moving a visit from its manage link: GET /v1/manage/:token/slots offers times that overlap the
// visit itself (it is the one being moved) and the reschedule accepts them; other visits still
// block. Also the booking window on GET /v1/services. On every storage.

import { randomUUID } from "node:crypto";
import { serviceSchema } from "@bookwell/engine";
import type { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { Storage } from "../src/storage/storage.js";
import {
  bookingBody,
  type CallOptions,
  call,
  type Result,
  seedClinic,
  type TestClock,
  testApp,
  testClock,
} from "./helpers.js";
import { storageFactories } from "./storages.js";

/** Wednesday 4 March 2026 (Lisbon is on UTC). */
const DAY = "2026-03-04";

describe.each(storageFactories)("manage-link slots on $name", (factory) => {
  let storage: Storage;
  let clock: TestClock;
  let app: Hono;
  let clinicId: string;
  const api = (method: string, path: string, options: CallOptions = {}): Promise<Result> =>
    call(app, method, path, {
      ...options,
      headers: { "x-bookwell-clinic": clinicId, ...(options.headers ?? {}) },
    });
  const starts = (res: Result) => {
    expect(res.status, res.text).toBe(200);
    return (res.json.slots as { start: string; providerId: string }[]).map(
      (s) => `${s.start.slice(11, 16)}@${s.providerId}`,
    );
  };
  const publicSlots = async (providerId: string, day = DAY) =>
    starts(
      await api(
        "GET",
        `/v1/slots?serviceId=physio-30&providerId=${providerId}&from=${day}&to=${day}`,
      ),
    );
  const manageSlots = async (token: string, day = DAY) =>
    starts(await api("GET", `/v1/manage/${token}/slots?from=${day}&to=${day}`));
  /** Books `physio-30` (50 minutes, a start every 30) and returns the manage token. */
  const book = async (start: string, providerId = "ana", email = "maria@example.com") => {
    const res = await api("POST", "/v1/bookings", {
      body: bookingBody({
        serviceId: "physio-30",
        providerId,
        start,
        client: { name: email.split("@")[0], email },
      }),
    });
    expect(res.status, res.text).toBe(201);
    return res.json as { manageToken: string; booking: { id: string; providerId: string } };
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
    // Physio with a start every 30 minutes, so a 50-minute visit overlaps the next start.
    await storage.putService(clinicId, {
      ...serviceSchema.parse({
        id: "physio-30",
        name: "Physiotherapy (half-hourly)",
        category: "Physio",
        discipline: "physio",
        durationMinutes: 50,
        slotIntervalMinutes: 30,
        price: { amount: 4500, currency: "EUR" },
        leadTimeMinutes: 60,
        horizonDays: 90,
      }),
      description: "About physio",
      policies: {},
    });
    clock = testClock();
    app = testApp(storage, clock);
  });

  test("regression: rescheduling never offered or accepted a time overlapping the visit being moved (10:00–10:50 → 10:30); now both", async () => {
    const { manageToken, booking } = await book(`${DAY}T10:00:00Z`);
    // To everyone else the visit blocks 09:30, 10:00 and 10:30.
    const others = await publicSlots("ana");
    expect(others).not.toContain("09:30@ana");
    expect(others).not.toContain("10:00@ana");
    expect(others).not.toContain("10:30@ana");
    // To the patient moving it, it does not.
    const offered = await manageSlots(manageToken);
    expect(offered).toEqual(expect.arrayContaining(["09:30@ana", "10:00@ana", "10:30@ana"]));
    expect(offered).toEqual(
      [...new Set([...others, "09:30@ana", "10:00@ana", "10:30@ana"])].sort(),
    );
    const moved = await api("POST", `/v1/manage/${manageToken}/reschedule`, {
      body: { start: `${DAY}T10:30:00Z`, providerId: "ana" },
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json.booking).toMatchObject({
      start: `${DAY}T10:30:00Z`,
      end: `${DAY}T11:20:00Z`,
    });
    expect((await storage.getAppointment(clinicId, booking.id))?.status).toBe("rebooked");
    // The new visit now blocks 10:00–11:00 for others, and is itself movable back to 10:00.
    const after = await publicSlots("ana");
    expect(after).toContain("09:00@ana");
    expect(after).not.toContain("10:00@ana");
    expect(after).not.toContain("11:00@ana");
    // The moved visit's own link offers its times; the old link offers none any more.
    expect(await manageSlots(moved.json.manageToken)).toEqual(
      expect.arrayContaining(["10:00@ana", "11:00@ana"]),
    );
    expect(await manageSlots(manageToken)).toEqual([]);
    const back = await api("POST", `/v1/manage/${moved.json.manageToken}/reschedule`, {
      body: { start: `${DAY}T10:00:00Z` },
    });
    expect(back.status, back.text).toBe(200);
    expect(back.json.booking.start).toBe(`${DAY}T10:00:00Z`);
  });

  test("another patient's visit still blocks the move, in the offer and in the transaction", async () => {
    const { manageToken } = await book(`${DAY}T10:00:00Z`);
    await book(`${DAY}T14:00:00Z`, "ana", "other@example.com");
    const offered = await manageSlots(manageToken);
    expect(offered).toContain("10:30@ana");
    for (const blocked of ["13:30@ana", "14:00@ana", "14:30@ana"]) {
      expect(offered).not.toContain(blocked);
    }
    expect(offered).toContain("15:00@ana");
    const clash = await api("POST", `/v1/manage/${manageToken}/reschedule`, {
      body: { start: `${DAY}T13:30:00Z` },
    });
    expect(clash.status, clash.text).toBe(409);
    expect(clash.json.code).toBe("SLOT_TAKEN");
    const view = await api("GET", `/v1/manage/${manageToken}`);
    expect(view.json.booking.start).toBe(`${DAY}T10:00:00Z`);
  });

  test("times are for the booking's provider, or any provider when it was booked with any", async () => {
    // Ana is taken at 09:00 on Thursday by someone else; Bruno is free.
    const thursday = "2026-03-05";
    await book(`${thursday}T09:00:00Z`, "ana", "other@example.com");
    const withAna = await book(`${DAY}T10:00:00Z`, "ana");
    const withAny = await book(`${DAY}T15:00:00Z`, "any", "joao@example.com");
    const anaTimes = await manageSlots(withAna.manageToken, thursday);
    expect(anaTimes).toEqual(await publicSlots("ana", thursday));
    expect(anaTimes).not.toContain("09:00@ana");
    const anyTimes = await manageSlots(withAny.manageToken, thursday);
    expect(anyTimes).toEqual(await publicSlots("any", thursday));
    expect(anyTimes).toContain("09:00@bruno");
    // A visit booked with any is moved onto the provider the slot names.
    const moved = await api("POST", `/v1/manage/${withAny.manageToken}/reschedule`, {
      body: { start: `${thursday}T09:00:00Z`, providerId: "bruno" },
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json.booking.providerId).toBe("bruno");
    // It stays an "any" booking after the move: with Bruno taken at 14:00, Ana's 14:00 is offered.
    await book(`${thursday}T14:00:00Z`, "bruno", "third@example.com");
    expect(await manageSlots(moved.json.manageToken, thursday)).toEqual(
      expect.arrayContaining(["09:00@bruno", "14:00@ana"]),
    );
  });

  test("GET changes nothing; the answer is never cached and honours timeZone", async () => {
    const { manageToken } = await book(`${DAY}T10:00:00Z`);
    const before = await storage.listAppointments(clinicId, {});
    const auditBefore = await storage.listAudit(clinicId);
    const outboxBefore = await storage.listOutbox(clinicId);
    const res = await api(
      "GET",
      `/v1/manage/${manageToken}/slots?from=${DAY}&to=${DAY}&timeZone=america/new_york`,
    );
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.json.timeZone).toBe("America/New_York");
    expect(res.json.slots[0]).toEqual({
      start: `${DAY}T04:00:00-05:00`,
      end: `${DAY}T04:50:00-05:00`,
      providerId: "ana",
      resourceIds: [],
      remaining: 1,
    });
    expect(await storage.listAppointments(clinicId, {})).toEqual(before);
    expect(await storage.listAudit(clinicId)).toEqual(auditBefore);
    expect(await storage.listOutbox(clinicId)).toEqual(outboxBefore);
  });

  test("unknown and expired tokens answer the same 404 as the other manage routes", async () => {
    const { manageToken } = await book(`${DAY}T10:00:00Z`);
    const query = `?from=${DAY}&to=${DAY}`;
    const unknown = await api("GET", `/v1/manage/${"x".repeat(43)}/slots${query}`);
    const unknownView = await api("GET", `/v1/manage/${"x".repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("application/problem+json");
    expect(unknown.text).toBe(unknownView.text);
    // Another clinic's token is as unknown as a made-up one.
    const otherClinic = `clinic-${randomUUID().slice(0, 8)}`;
    await seedClinic(storage, otherClinic);
    const foreign = await call(app, "GET", `/v1/manage/${manageToken}/slots${query}`, {
      headers: { "x-bookwell-clinic": otherClinic },
    });
    expect(foreign.status).toBe(404);
    expect(foreign.text).toBe(unknown.text);
    clock.advance(60 * 24 * 40); // 40 days: past the visit's end + 30 days
    const expired = await api("GET", `/v1/manage/${manageToken}/slots${query}`);
    expect(expired.status).toBe(404);
    expect(expired.text).toBe(unknown.text);
  });

  test("a bad query is 400 problem+json naming the field, as on GET /v1/slots", async () => {
    const { manageToken } = await book(`${DAY}T10:00:00Z`);
    const cases: [string, string][] = [
      [`to=${DAY}`, "from"],
      [`from=${DAY}`, "to"],
      [`from=04-03-2026&to=${DAY}`, "from"],
      [`from=${DAY}&to=2026-03-03`, "to"],
      [`from=${DAY}&to=2026-05-06`, "to"],
      [`from=${DAY}&to=${DAY}&timeZone=Mars/Olympus`, "timeZone"],
    ];
    for (const [query, field] of cases) {
      const res = await api("GET", `/v1/manage/${manageToken}/slots?${query}`);
      expect(res.status, `${query}: ${res.text}`).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.json.code).toBe("VALIDATION_FAILED");
      expect(res.json.errors.map((e: { field: string }) => e.field)).toContain(field);
      const same = await api("GET", `/v1/slots?serviceId=physio-30&${query}`);
      expect(same.status).toBe(400);
      expect(same.json.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  test("it is rate limited like the other public routes (429 + Retry-After)", async () => {
    const { manageToken } = await book(`${DAY}T10:00:00Z`);
    const limited = testApp(storage, clock, { rateLimit: { capacity: 2, refillPerSecond: 0.5 } });
    const path = `/v1/manage/${manageToken}/slots?from=${DAY}&to=${DAY}`;
    const headers = { "x-bookwell-clinic": clinicId };
    for (let i = 0; i < 2; i += 1) {
      expect((await call(limited, "GET", path, { headers })).status).toBe(200);
    }
    const res = await call(limited, "GET", path, { headers });
    expect(res.status).toBe(429);
    expect(res.json.code).toBe("RATE_LIMITED");
    expect(res.headers.get("retry-after")).toBe("2");
  });

  test("GET /v1/services and GET /v1/manage/:token tell the service's minimum notice and booking horizon; OpenAPI types both", async () => {
    const { manageToken } = await book(`${DAY}T10:00:00Z`);
    const view = await api("GET", `/v1/manage/${manageToken}`);
    expect(view.json.bookingWindow).toEqual({ leadTimeMinutes: 60, horizonDays: 90 });
    const res = await api("GET", "/v1/services");
    const byId = new Map(
      (res.json.services as { id: string }[]).map((s) => [s.id, s] as [string, unknown]),
    );
    expect(byId.get("physio")).toMatchObject({ leadTimeMinutes: 60, horizonDays: 90 });
    expect(byId.get("pilates")).toMatchObject({
      leadTimeMinutes: serviceSchema.parse({
        id: "x",
        name: "x",
        category: "x",
        discipline: "x",
        durationMinutes: 60,
        price: { amount: 0, currency: "EUR" },
      }).leadTimeMinutes,
    });
    const doc = (await api("GET", "/v1/openapi.json")).json;
    const listed = doc.paths["/v1/manage/{token}/slots"]?.get;
    expect(listed).toBeDefined();
    expect(listed.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["token", "from", "to", "timeZone"]),
    );
    expect(JSON.stringify(listed.responses["200"])).toContain("remaining");
    expect(JSON.stringify(doc.paths["/v1/manage/{token}"].get.responses["200"])).toContain(
      "bookingWindow",
    );
    const service = JSON.stringify(doc.paths["/v1/services"].get.responses["200"]);
    expect(service).toContain("horizonDays");
    expect(service).toContain("leadTimeMinutes");
  });
});
