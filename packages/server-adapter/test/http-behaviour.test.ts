// The HTTP contract around the routes: problem+json errors, the bad-input corpus, body limits,
// CORS per clinic, rate limiting, mounting under a prefix, OpenAPI, tenancy between two clinics.

import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { allRoutes } from "../src/app.js";
import { buildOpenApiDocument } from "../src/openapi/document.js";
import type { Storage } from "../src/storage/storage.js";
import { createTestStorage } from "../src/testing.js";
import {
  bookingBody,
  type CallOptions,
  call,
  type Result,
  type Seed,
  SLOT,
  seedClinic,
  type TestClock,
  testApp,
  testClock,
} from "./helpers.js";
import { storageFactories } from "./storages.js";

function expectProblem(res: Result, status: number, code?: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(res.json).toMatchObject({ status, type: expect.stringMatching(/^urn:bookwell:problem:/) });
  if (code) expect(res.json.code).toBe(code);
  expect(res.text).not.toMatch(/\n\s+at /);
}

/** Bodies and queries that must each be refused with a 4xx problem and write nothing. */
const corpus: { name: string; method: string; path: string; options: CallOptions }[] = [
  ...["{", "not json", '{"serviceId":', "\u0000", "{'a':1}"].map((raw) => ({
    name: `malformed JSON ${JSON.stringify(raw)}`,
    method: "POST",
    path: "/v1/bookings",
    options: { raw },
  })),
  ...["[]", "null", "123", '"text"', "true"].map((raw) => ({
    name: `JSON that is not an object: ${raw}`,
    method: "POST",
    path: "/v1/bookings",
    options: { raw },
  })),
  ...(
    [
      { serviceId: 5 },
      { start: 1772618400000 },
      { providerId: null },
      { client: "Maria" },
      { client: { name: "Maria", email: "not-an-email" } },
      { client: { name: "", email: "m@example.com" } },
      { client: { name: "Maria", email: "m@example.com", phone: "call me" } },
      { holdId: [] },
      { locale: "english please" },
    ] as Record<string, unknown>[]
  ).map((patch) => ({
    name: `wrong type ${JSON.stringify(patch)}`,
    method: "POST",
    path: "/v1/bookings",
    options: { body: bookingBody(patch) },
  })),
  ...(
    [
      { serviceId: "no-such-service" },
      { providerId: "ghost" },
      { holdId: "hold_does_not_exist" },
      { serviceId: "internal" },
    ] as Record<string, unknown>[]
  ).map((patch) => ({
    name: `unknown or unbookable id ${JSON.stringify(patch)}`,
    method: "POST",
    path: "/v1/bookings",
    options: { body: bookingBody(patch) },
  })),
  ...[
    "2099-01-07T10:00:00Z",
    "2020-01-01T10:00:00Z",
    "9999-12-31T23:59:59Z",
    "0001-01-01T00:00:00Z",
    "2026-03-04T10:00:00",
    "2026-02-30T10:00:00Z",
    "2026-03-04T25:00:00Z",
    "2026-03-04T10:00:00+25:00",
    "yesterday",
  ].map((start) => ({
    name: `bad or out-of-range start ${start}`,
    method: "POST",
    path: "/v1/bookings",
    options: { body: bookingBody({ start }) },
  })),
  {
    name: "huge name",
    method: "POST",
    path: "/v1/bookings",
    options: { body: bookingBody({ client: { name: "x".repeat(5000), email: "m@example.com" } }) },
  },
  {
    name: "body over the size limit",
    method: "POST",
    path: "/v1/bookings",
    options: {
      body: bookingBody({ client: { name: "x".repeat(100_000), email: "m@example.com" } }),
    },
  },
  {
    name: "unknown top-level field",
    method: "POST",
    path: "/v1/bookings",
    options: { body: { ...bookingBody(), status: "completed" } },
  },
  {
    name: "unknown nested field",
    method: "POST",
    path: "/v1/bookings",
    options: {
      body: bookingBody({ client: { name: "M", email: "m@example.com", isAdmin: true } }),
    },
  },
  {
    name: "__proto__ key",
    method: "POST",
    path: "/v1/bookings",
    options: { raw: `{"__proto__":{"polluted":1},${JSON.stringify(bookingBody()).slice(1)}` },
  },
  {
    name: "wrong content type",
    method: "POST",
    path: "/v1/bookings",
    options: { raw: JSON.stringify(bookingBody()), headers: { "content-type": "text/plain" } },
  },
  {
    name: "idempotency key too long",
    method: "POST",
    path: "/v1/bookings",
    options: { body: bookingBody(), headers: { "idempotency-key": "k".repeat(300) } },
  },
  ...[
    { serviceId: 5, providerId: "any", start: SLOT },
    { serviceId: "physio", providerId: "ghost", start: SLOT },
    { serviceId: "physio", providerId: "any", start: "2020-01-01T10:00:00Z" },
    { serviceId: "physio", providerId: "any", start: SLOT, extra: 1 },
  ].map((body) => ({
    name: `bad hold ${JSON.stringify(body)}`,
    method: "POST",
    path: "/v1/holds",
    options: { body },
  })),
  ...[
    "serviceId=physio&from=2026-03-04&to=2026-03-04&timeZone=Mars/Olympus",
    "serviceId=physio&from=2026-03-10&to=2026-03-04",
    "serviceId=physio&from=2026-03-01&to=2026-12-31",
    "serviceId=physio&from=2026-13-01&to=2026-13-02",
    "from=2026-03-04&to=2026-03-04",
    "serviceId=nope&from=2026-03-04&to=2026-03-04",
    `serviceId=${"s".repeat(500)}&from=2026-03-04&to=2026-03-04`,
  ].map((query) => ({
    name: `bad slots query ${query.slice(0, 60)}`,
    method: "GET",
    path: `/v1/slots?${query}`,
    options: {},
  })),
  ...["reschedule", "cancel"].map((action) => ({
    name: `${action} with an unknown token`,
    method: "POST",
    path: `/v1/manage/${"z".repeat(43)}/${action}`,
    options: { body: action === "reschedule" ? { start: SLOT } : {} },
  })),
  {
    name: "reschedule with a bad start",
    method: "POST",
    path: `/v1/manage/${"z".repeat(43)}/reschedule`,
    options: { body: { start: 42 } },
  },
];

describe.each(storageFactories)("HTTP behaviour on $name", (factory) => {
  let storage: Storage;
  let clock: TestClock;
  let clinicId: string;
  let seed: Seed;

  beforeAll(async () => {
    storage = await factory.create();
  });
  afterAll(async () => {
    await storage.close();
  });
  beforeEach(async () => {
    clinicId = `clinic-${randomUUID().slice(0, 8)}`;
    seed = await seedClinic(storage, clinicId);
    clock = testClock();
  });

  test("every entry of the bad-input corpus is a 4xx problem and writes nothing", async () => {
    const app = testApp(storage, clock);
    const seen = new Map<number, number>();
    for (const entry of corpus) {
      const res = await call(app, entry.method, entry.path, {
        ...entry.options,
        headers: { "x-bookwell-clinic": clinicId, ...(entry.options.headers ?? {}) },
      });
      expect(res.status, `${entry.name}: ${res.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${entry.name}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
      expectProblem(res, res.status);
      seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
    }
    // The corpus reaches every kind of refusal, not just one.
    expect([...seen.keys()].sort()).toEqual([400, 404, 409, 413, 415, 422]);
    expect(await storage.listAppointments(clinicId)).toEqual([]);
    expect(await storage.listHolds(clinicId, { now: clock() })).toEqual([]);
    expect(await storage.listClients(clinicId)).toEqual([]);
    expect(await storage.listAudit(clinicId)).toEqual([]);
    expect(await storage.listOutbox(clinicId)).toEqual([]);
  });

  test("validation errors name the offending fields", async () => {
    const app = testApp(storage, clock);
    const res = await call(app, "POST", "/v1/bookings", {
      headers: { "x-bookwell-clinic": clinicId },
      body: {
        ...bookingBody({ client: { name: "M", email: "nope" } }),
        color: "red",
        start: "soon",
      },
    });
    expectProblem(res, 400, "VALIDATION_FAILED");
    const fields = res.json.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(["client.email", "color", "start"]);
    const color = res.json.errors.find((e: { field: string }) => e.field === "color");
    expect(color.message).toBe("is not a known field");
  });

  test("regression: NUL characters and unpaired surrogates were a 500 on PGlite; now 400 naming the field, nothing written", async () => {
    const app = testApp(storage, clock);
    const nul = "a\u0000b";
    const manager = { key: seed.keys.manager };
    const inClinic = { headers: { "x-bookwell-clinic": clinicId } };
    const free = "2026-03-05T10:00:00Z";
    const cases: { method: string; path: string; options: CallOptions; field: string }[] = [
      {
        method: "POST",
        path: "/v1/bookings",
        options: {
          ...inClinic,
          body: bookingBody({ start: free, client: { name: nul, email: "m@example.com" } }),
        },
        field: "client.name",
      },
      {
        method: "POST",
        path: "/v1/bookings",
        // JSON.stringify keeps a lone surrogate as the escape \ud800, which jsonb refuses.
        options: {
          ...inClinic,
          body: bookingBody({
            start: free,
            client: { name: "M", email: "m@example.com", notes: "\ud800" },
          }),
        },
        field: "client.notes",
      },
      {
        method: "POST",
        path: "/v1/bookings",
        options: {
          ...inClinic,
          raw: JSON.stringify(bookingBody({ start: free })).replace('"Maria', '"\\udc00Maria'),
        },
        field: "client.name",
      },
      {
        method: "POST",
        path: "/v1/bookings",
        options: { ...inClinic, body: bookingBody({ serviceId: nul }) },
        field: "serviceId",
      },
      {
        method: "POST",
        path: "/v1/bookings",
        options: { ...inClinic, body: bookingBody({ holdId: nul }) },
        field: "holdId",
      },
      {
        method: "POST",
        path: "/v1/bookings",
        options: { ...inClinic, body: { ...bookingBody(), [nul]: 1 } },
        field: '"a\\u0000b"',
      },
      {
        method: "GET",
        path: "/v1/slots?serviceId=physio&providerId=a%00&from=2026-03-04&to=2026-03-04",
        options: inClinic,
        field: "providerId",
      },
      { method: "DELETE", path: "/v1/holds/a%00", options: inClinic, field: "id" },
      { method: "POST", path: "/v1/holds/a%00/extend", options: inClinic, field: "id" },
      { method: "GET", path: "/v1/staff/calendars/a%00", options: manager, field: "id" },
      { method: "GET", path: "/v1/staff/services/a%00", options: manager, field: "id" },
      { method: "GET", path: "/v1/staff/clients/a%00", options: manager, field: "id" },
      { method: "GET", path: "/v1/staff/appointments/a%00", options: manager, field: "id" },
      { method: "GET", path: "/v1/staff/audit?entityId=a%00", options: manager, field: "entityId" },
      {
        method: "POST",
        path: "/v1/staff/clients",
        options: { ...manager, body: { name: nul } },
        field: "name",
      },
    ];
    for (const entry of cases) {
      const res = await call(app, entry.method, entry.path, entry.options);
      expectProblem(res, 400, "VALIDATION_FAILED");
      expect(res.json.errors, `${entry.method} ${entry.path}`).toContainEqual({
        field: entry.field,
        message: expect.stringContaining("NUL"),
        rule: "unstorable",
      });
    }
    // A clinic id no clinic can have is an unknown clinic.
    expectProblem(await call(app, "GET", "/v1/services?clinic=a%00"), 404, "NOT_FOUND");
    expect(await storage.listAppointments(clinicId)).toEqual([]);
    expect(await storage.listClients(clinicId)).toEqual([]);
    expect(await storage.listAudit(clinicId)).toEqual([]);
  });

  test("regression: slots for days in the year 9999 were a 500 on PGlite; dates outside 1970–2199 are 400 naming the field", async () => {
    const app = testApp(storage, clock);
    const inClinic = { headers: { "x-bookwell-clinic": clinicId } };
    const manager = { key: seed.keys.manager };
    const cases: { path: string; options: CallOptions; field: string }[] = [
      {
        path: "/v1/slots?serviceId=physio&from=9999-12-30&to=9999-12-31",
        options: inClinic,
        field: "from",
      },
      {
        path: "/v1/slots?serviceId=physio&from=2199-12-30&to=2200-01-01",
        options: inClinic,
        field: "to",
      },
      {
        path: "/v1/slots?serviceId=physio&from=0001-01-01&to=0001-01-02",
        options: inClinic,
        field: "from",
      },
      { path: "/v1/staff/views/day?date=9999-12-31", options: manager, field: "date" },
      {
        path: "/v1/staff/views/range?from=9999-12-01&to=9999-12-31",
        options: manager,
        field: "from",
      },
    ];
    for (const entry of cases) {
      const res = await call(app, "GET", entry.path, entry.options);
      expectProblem(res, 400, "VALIDATION_FAILED");
      expect(res.json.errors, entry.path).toContainEqual({
        field: entry.field,
        message: "must be between the years 1970 and 2199",
        rule: "too_small",
      });
    }
    // The last days inside the range still answer.
    const edge = await call(
      app,
      "GET",
      "/v1/slots?serviceId=physio&from=2199-12-30&to=2199-12-31",
      inClinic,
    );
    expect(edge.status, edge.text).toBe(200);
    expect(edge.json.slots).toEqual([]);
  });

  test("two clinics in one database: keys and tokens of one never reach the other", async () => {
    const otherId = `clinic-${randomUUID().slice(0, 8)}`;
    const other = await seedClinic(storage, otherId, ["https://clinic-b.example"]);
    const mine = await seedClinic(storage, `clinic-${randomUUID().slice(0, 8)}`);
    const app = testApp(storage, clock);
    const inB = (method: string, path: string, options: CallOptions = {}) =>
      call(app, method, path, {
        ...options,
        headers: { "x-bookwell-clinic": otherId, ...(options.headers ?? {}) },
      });
    const booked = await inB("POST", "/v1/bookings", { body: bookingBody() });
    expect(booked.status).toBe(201);
    // The same slot is still free in clinic A: separate calendars with the same ids.
    const inA = await call(app, "POST", "/v1/bookings", {
      headers: { "x-bookwell-clinic": mine.clinicId },
      body: bookingBody(),
    });
    expect(inA.status).toBe(201);
    const bId = booked.json.booking.id;
    const keyA = mine.keys.manager;
    expectProblem(
      await call(app, "GET", `/v1/staff/appointments/${bId}`, { key: keyA }),
      404,
      "NOT_FOUND",
    );
    expectProblem(
      await call(app, "POST", `/v1/staff/appointments/${bId}/status`, {
        key: keyA,
        body: { action: "cancel" },
      }),
      404,
    );
    expectProblem(
      await call(app, "GET", `/v1/staff/appointments/${bId}/notes`, { key: keyA }),
      404,
    );
    const listA = await call(app, "GET", "/v1/staff/appointments", { key: keyA });
    expect(listA.json.appointments.map((a: { id: string }) => a.id)).not.toContain(bId);
    // Patching "ana" with A's key changes A's ana only.
    await call(app, "PATCH", "/v1/staff/calendars/ana", { key: keyA, body: { name: "Ana (A)" } });
    expect((await storage.getCalendar(otherId, "ana"))?.name).toBe("Ana Silva");
    // The header does not switch a staff key's clinic.
    const sneaky = await call(app, "GET", `/v1/staff/appointments/${bId}`, {
      key: keyA,
      headers: { "x-bookwell-clinic": otherId },
    });
    expect(sneaky.status).toBe(404);
    // A manage token of B used against A is unknown.
    const crossed = await call(app, "GET", `/v1/manage/${booked.json.manageToken}`, {
      headers: { "x-bookwell-clinic": mine.clinicId },
    });
    expect(crossed.status).toBe(404);
    expect((await inB("GET", `/v1/manage/${booked.json.manageToken}`)).status).toBe(200);
    // With several clinics, public calls must name one.
    expectProblem(await call(app, "GET", "/v1/services"), 400, "CLINIC_REQUIRED");
    expectProblem(
      await call(app, "GET", "/v1/services", { headers: { "x-bookwell-clinic": "nope" } }),
      404,
    );
    expect((await call(app, "GET", `/v1/services?clinic=${otherId}`)).status).toBe(200);
    expect(await storage.listAppointments(otherId)).toHaveLength(1);
    expect(other.clinicId).toBe(otherId);
  });
});

describe("HTTP behaviour with a single clinic, a fresh database per test", () => {
  let storage: Storage;
  let clock: TestClock;

  beforeEach(async () => {
    storage = await createTestStorage();
    await seedClinic(storage, "solo");
    clock = testClock();
  });
  afterEach(async () => {
    await storage.close();
  });

  test("unknown routes are 404 problems; the only clinic is the default", async () => {
    const app = testApp(storage, clock);
    expectProblem(await call(app, "GET", "/v1/nope"), 404, "NOT_FOUND");
    expectProblem(await call(app, "PUT", "/v1/nope/x", { body: {} }), 404, "NOT_FOUND");
    const services = await call(app, "GET", "/v1/services");
    expect(services.status).toBe(200);
    expect(services.headers.get("x-content-type-options")).toBe("nosniff");
  });

  test("regression: a known path with the wrong method was 404; now 405 METHOD_NOT_ALLOWED with Allow", async () => {
    const app = testApp(storage, clock);
    const put = await call(app, "PUT", "/v1/bookings", { body: {} });
    expectProblem(put, 405, "METHOD_NOT_ALLOWED");
    expect(put.headers.get("allow")).toBe("POST");
    const get = await call(app, "GET", "/v1/holds/hold_1");
    expectProblem(get, 405, "METHOD_NOT_ALLOWED");
    expect(get.headers.get("allow")).toBe("DELETE");
    const staff = await call(app, "DELETE", "/v1/staff/clients/cli_1");
    expect(staff.headers.get("allow")).toBe("GET, PATCH");
    // Mounted under a prefix, the same.
    const outer = new Hono().route("/api", testApp(storage, clock));
    const mounted = await call(outer, "PUT", "/api/v1/bookings", { body: {} });
    expectProblem(mounted, 405, "METHOD_NOT_ALLOWED");
    expect(mounted.headers.get("allow")).toBe("POST");
    expectProblem(await call(outer, "PUT", "/api/v1/nope"), 404, "NOT_FOUND");
  });

  test("an unexpected failure is a 500 problem without details; it is logged", async () => {
    const logged: unknown[] = [];
    const broken: Storage = Object.create(storage, {
      listServices: { value: async () => Promise.reject(new Error("db password is hunter2")) },
    });
    const app = testApp(broken, clock, { logError: (e) => logged.push(e) });
    const res = await call(app, "GET", "/v1/services");
    expectProblem(res, 500, "INTERNAL");
    expect(res.text).not.toContain("hunter2");
    expect(logged).toHaveLength(1);
  });

  test("rate limit: a burst over the bucket is 429 with Retry-After; it refills by the clock", async () => {
    const app = testApp(storage, clock, { rateLimit: { capacity: 3, refillPerSecond: 0.5 } });
    for (let i = 0; i < 3; i += 1) expect((await call(app, "GET", "/v1/clinic")).status).toBe(200);
    const limited = await call(app, "GET", "/v1/clinic");
    expectProblem(limited, 429, "RATE_LIMITED");
    expect(limited.headers.get("retry-after")).toBe("2");
    // Staff routes are not rate limited.
    const seedKey = (await storage.listApiKeys("solo"))[0];
    expect(seedKey).toBeDefined();
    clock.advance(1 / 30); // 2 seconds
    expect((await call(app, "GET", "/v1/clinic")).status).toBe(200);
    // Another client address has its own bucket.
    const byHeader = testApp(storage, clock, {
      rateLimit: { capacity: 1, refillPerSecond: 0.01, trustProxy: true },
    });
    const from = (ip: string) =>
      call(byHeader, "GET", "/v1/clinic", { headers: { "x-forwarded-for": ip } });
    expect((await from("203.0.113.1")).status).toBe(200);
    expect((await from("203.0.113.1")).status).toBe(429);
    expect((await from("203.0.113.2")).status).toBe(200);
    // A client cannot pick its bucket: a proxy that appends puts the real address last.
    expect((await from("198.51.100.9, 203.0.113.1")).status).toBe(429);
  });

  test("CORS: preflight and requests from the clinic's origins pass; other origins are denied", async () => {
    const app = testApp(storage, clock);
    const allowed = "https://clinic-a.example";
    const preflight = await call(app, "OPTIONS", "/v1/bookings", {
      headers: {
        origin: allowed,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type, idempotency-key",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(allowed);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Idempotency-Key");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    const denied = await call(app, "OPTIONS", "/v1/bookings", {
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expectProblem(denied, 403, "ORIGIN_NOT_ALLOWED");
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
    const get = await call(app, "GET", "/v1/services", { headers: { origin: allowed } });
    expect(get.status).toBe(200);
    expect(get.headers.get("access-control-allow-origin")).toBe(allowed);
    // The widget reads Date to correct its hold countdown for a wrong device clock.
    expect(get.headers.get("access-control-expose-headers")).toContain("Date");
    expect(get.headers.get("vary")).toContain("Origin");
    const refusedProblem = await call(app, "POST", "/v1/bookings", {
      headers: { origin: allowed },
      body: { nope: 1 },
    });
    expect(refusedProblem.status).toBe(400);
    expect(refusedProblem.headers.get("access-control-allow-origin")).toBe(allowed);
    const evil = await call(app, "POST", "/v1/bookings", {
      headers: { origin: "https://evil.example" },
      body: bookingBody(),
    });
    expectProblem(evil, 403, "ORIGIN_NOT_ALLOWED");
    expect(await storage.listAppointments("solo")).toEqual([]);
    const sameOrigin = await call(app, "GET", "http://localhost/v1/services", {
      headers: { origin: "http://localhost" },
    });
    expect(sameOrigin.status).toBe(200);
  });

  test("the app mounts under any prefix of another Hono app", async () => {
    const outer = new Hono();
    outer.get("/health", (c) => c.text("ok"));
    outer.route("/api", testApp(storage, clock));
    expect((await outer.request("/health")).status).toBe(200);
    const services = await call(outer, "GET", "/api/v1/services");
    expect(services.status).toBe(200);
    expect(services.json.services.length).toBeGreaterThan(0);
    const booked = await call(outer, "POST", "/api/v1/bookings", { body: bookingBody() });
    expect(booked.status).toBe(201);
    const manage = await call(outer, "GET", `/api/v1/manage/${booked.json.manageToken}`);
    expect(manage.status).toBe(200);
    expect((await call(outer, "GET", "/api/v1/openapi.json")).json.openapi).toBe("3.1.0");
    expectProblem(await call(outer, "GET", "/api/v1/nope"), 404);
  });

  test("OpenAPI 3.1 comes from the route schemas; the reference page loads no external code", async () => {
    const app = testApp(storage, clock);
    const res = await call(app, "GET", "/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.json;
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.values(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      (item) => Object.values(item),
    );
    expect(operations).toHaveLength(allRoutes.length);
    // Hono's regex parameters never leak into the document.
    expect(Object.keys(doc.paths).filter((p) => p.includes("{[") || p.includes(":"))).toEqual([]);
    expect(doc.paths["/v1/staff/invoices/{id}.pdf"]?.get).toBeDefined();
    const booking = doc.paths["/v1/bookings"].post;
    const schema = booking.requestBody.content["application/json"].schema;
    expect(schema.required).toEqual(["serviceId", "providerId", "start", "client"]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.client.required).toEqual(["name", "email"]);
    expect(booking.parameters.map((p: { name: string }) => p.name)).toContain("Idempotency-Key");
    expect(doc.paths["/v1/slots"].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["serviceId", "providerId", "from", "to", "timeZone"]),
    );
    expect(doc.paths["/v1/manage/{token}"].get.parameters[0]).toMatchObject({
      name: "token",
      in: "path",
    });
    const staff = doc.paths["/v1/staff/api-keys"].post;
    expect(staff.security).toEqual([{ apiKey: [] }, { staffSession: [] }]);
    expect(staff["x-bookwell-roles"]).toEqual(["manager"]);
    expect(doc.components.schemas.Problem.properties.code.enum).toContain("SLOT_TAKEN");
    // The same object the app serves.
    expect(doc).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument(allRoutes))));
    const page = await app.request("/v1/reference");
    const html = await page.text();
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(html).toContain('fetch("openapi.json")');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
  });

  test("a concurrent duplicate with the same Idempotency-Key gets 409 while the first still runs", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: Storage = Object.create(storage, {
      transaction: {
        value: async (fn: Parameters<Storage["transaction"]>[0]) => {
          await gate;
          return storage.transaction(fn);
        },
      },
    });
    const app = testApp(slow, clock, { idempotencyWaitMs: 50 });
    const headers = { "idempotency-key": "dup-1" };
    const first = call(app, "POST", "/v1/bookings", { body: bookingBody(), headers });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await call(app, "POST", "/v1/bookings", { body: bookingBody(), headers });
    expectProblem(second, 409, "IDEMPOTENCY_IN_FLIGHT");
    expect(second.headers.get("retry-after")).toBe("1");
    release();
    expect((await first).status).toBe(201);
    const third = await call(app, "POST", "/v1/bookings", { body: bookingBody(), headers });
    expect(third.status).toBe(201);
    expect(third.headers.get("idempotent-replayed")).toBe("true");
  });
});
