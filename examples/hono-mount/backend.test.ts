import { hashSecret, type Storage } from "@bookwell/server-adapter";
import { createTestStorage } from "@bookwell/server-adapter/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccessLogEntry, type BackendApp, createBackend } from "./backend.ts";
import { type RunningBackend, startBackend } from "./server.ts";
import { CLINIC_ID, exampleUsers, login, setUpClinic } from "./setup.ts";

// The example backend on PGlite in memory (createTestStorage: a fresh migrated database, fast),
// driven through app.request (no sockets), and once for real on a socket with PGlite (the
// `npm start` path of the example).
let storage: Storage;
let app: BackendApp;
const tokens: Record<string, string> = {};
let bookedId = "";
const accessLog: AccessLogEntry[] = [];

const day = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});
const bearer = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

beforeAll(async () => {
  storage = await createTestStorage();
  app = createBackend({ storage, users: exampleUsers(), accessLog: (e) => accessLog.push(e) });
  expect(await setUpClinic(app, storage)).toBe(true);
  for (const who of ["olga", "rita", "ana", "rui"]) {
    tokens[who] = await login(app, `${who}@physio-group.example`);
  }
});

afterAll(async () => {
  await storage?.close();
});

describe("the team's own routes", () => {
  it("still answer as before, with their own login", async () => {
    expect(await (await app.request("/health")).json()).toEqual({ ok: true });
    expect((await app.request("/me")).status).toBe(401);
    const me = await app.request("/me", { headers: bearer("rita") });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: "rita", role: "reception", clinicId: CLINIC_ID });
    const wrong = await app.request(
      "/auth/login",
      json({ email: "olga@physio-group.example", password: "guess" }),
    );
    expect(wrong.status).toBe(401);
  });
});

describe("Bookwell's public routes under /bookings-api", () => {
  it("list the services and slots and take a booking", async () => {
    const { services } = await (await app.request("/bookings-api/v1/services")).json();
    expect(services.map((s: { id: string }) => s.id)).toEqual(["physio"]);
    const slotsRes = await app.request(
      `/bookings-api/v1/slots?serviceId=physio&providerId=ana&from=${day(1)}&to=${day(14)}`,
    );
    expect(slotsRes.status).toBe(200);
    const { slots } = await slotsRes.json();
    expect(slots.length).toBeGreaterThan(0);
    const booking = await app.request(
      "/bookings-api/v1/bookings",
      json(
        {
          serviceId: "physio",
          providerId: "ana",
          start: slots[0].start,
          client: { name: "Paula Patient", email: "paula@example.com" },
          // The first free time can fall inside the free cancellation window, where the fee
          // applies from booking: the patient accepted the policy shown with the time.
          policyConsent: true,
        },
        { "idempotency-key": "hono-mount-1" },
      ),
    );
    expect(booking.status).toBe(201);
    const created = await booking.json();
    bookedId = created.booking.id;
    const manage = await app.request(`/bookings-api/v1/manage/${created.manageToken}`);
    expect(manage.status).toBe(200);
    // The parent app's routes are not shadowed, and unknown Bookwell paths are Bookwell problems.
    const unknown = await app.request("/bookings-api/v1/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toContain("application/problem+json");
  });
});

describe("Bookwell's staff routes behind the team's login", () => {
  it("map each user to a Bookwell principal", async () => {
    const me = await app.request("/bookings-api/v1/staff/me", { headers: bearer("olga") });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({
      clinicId: CLINIC_ID,
      role: "manager",
      actorId: "user:olga",
      calendarIds: null,
      clinic: { timeZone: "Europe/Lisbon", currency: "EUR", locale: "en" },
    });
    const ana = await app.request("/bookings-api/v1/staff/me", { headers: bearer("ana") });
    expect(await ana.json()).toMatchObject({ role: "provider", calendarIds: ["ana"] });
  });

  it("work with a session and answer 401 without one", async () => {
    const list = await app.request("/bookings-api/v1/staff/appointments", {
      headers: bearer("rita"),
    });
    expect(list.status).toBe(200);
    const { appointments } = await list.json();
    expect(appointments.map((a: { id: string }) => a.id)).toContain(bookedId);

    const anonymous = await app.request("/bookings-api/v1/staff/appointments");
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).code).toBe("UNAUTHORIZED");
    const forged = await app.request("/bookings-api/v1/staff/appointments", {
      headers: { authorization: "Bearer not-a-session" },
    });
    expect(forged.status).toBe(401);
  });

  it("refuse Bookwell API keys, because this backend switched them off", async () => {
    const secret = "bw_sk_example-key-that-must-not-work";
    await storage.insertApiKey(CLINIC_ID, {
      id: "key-1",
      name: "A key",
      keyHash: hashSecret(secret),
      role: "manager",
      calendarIds: [],
    });
    const res = await app.request("/bookings-api/v1/staff/appointments", {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(res.status).toBe(401);
  });

  it("apply Bookwell's roles: reception cannot manage keys, a therapist sees only their calendar", async () => {
    expect(
      (await app.request("/bookings-api/v1/staff/api-keys", { headers: bearer("rita") })).status,
    ).toBe(403);
    expect(
      (await app.request("/bookings-api/v1/staff/api-keys", { headers: bearer("olga") })).status,
    ).toBe(200);
    const path = `/bookings-api/v1/staff/appointments/${bookedId}`;
    expect((await app.request(path, { headers: bearer("ana") })).status).toBe(200);
    expect((await app.request(path, { headers: bearer("rui") })).status).toBe(404);
  });

  it("write the team's user into Bookwell's audit trail", async () => {
    const { slots } = await (
      await app.request(
        `/bookings-api/v1/slots?serviceId=physio&providerId=rui&from=${day(1)}&to=${day(14)}`,
      )
    ).json();
    const staffBooking = await app.request(
      "/bookings-api/v1/staff/appointments",
      json(
        {
          serviceId: "physio",
          providerId: "rui",
          start: slots[0].start,
          client: { name: "Walk-in Patient" },
        },
        bearer("rita"),
      ),
    );
    expect(staffBooking.status).toBe(201);
    const { appointment } = await staffBooking.json();
    const audit = await app.request(
      `/bookings-api/v1/staff/audit?entityType=appointment&entityId=${appointment.id}`,
      { headers: bearer("olga") },
    );
    const { entries } = await audit.json();
    expect(entries[0]).toMatchObject({ action: "appointment.created", actor: "user:rita" });
  });
});

describe("Bookwell's middleware in the team's hands", () => {
  it("runs the team's access log inside Bookwell's chain, after authentication", () => {
    expect(accessLog).toContainEqual({
      actor: "user:rita",
      clinicId: CLINIC_ID,
      method: "POST",
      path: "/bookings-api/v1/staff/appointments",
      status: 201,
    });
    expect(accessLog).toContainEqual({
      actor: "public",
      clinicId: CLINIC_ID,
      method: "POST",
      path: "/bookings-api/v1/bookings",
      status: 201,
    });
    // A caller authentication refused (no session: 401; a role the route does not allow: 403)
    // never reaches the log; a request answered after it is logged with its status.
    expect(accessLog.some((e) => e.status === 401 || e.status === 403)).toBe(false);
    expect(accessLog).toContainEqual(
      expect.objectContaining({ actor: "user:rui", method: "GET", status: 404 }),
    );
  });

  it("guards the team's own login with Bookwell's rate limiter and problem answers", async () => {
    const guarded = createBackend({
      storage,
      users: exampleUsers(),
      loginRateLimit: { capacity: 2, refillPerSecond: 0.01 },
    });
    const attempt = () =>
      guarded.request(
        "/auth/login",
        json({ email: "olga@physio-group.example", password: "guess" }),
      );
    expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).code).toBe("RATE_LIMITED");
    // The team's other routes are not limited.
    expect((await guarded.request("/health")).status).toBe(200);
  });
});

describe("the OpenAPI document", () => {
  it("is served under the prefix and names it as its server", async () => {
    const res = await app.request("/bookings-api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.title).toBe("Physio Group bookings");
    expect(doc.servers).toEqual([{ url: "/bookings-api" }]);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/v1/bookings", "/v1/staff/appointments"]),
    );
    expect((await app.request("/bookings-api/v1/reference")).status).toBe(200);
  });
});

describe("node server.ts", () => {
  let server: RunningBackend | undefined;
  afterAll(async () => {
    await server?.close();
  });

  it("serves the backend on 127.0.0.1 with Bookwell on PGlite", async () => {
    server = await startBackend({ port: 0 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    const clinic = await (await fetch(`${server.url}/bookings-api/v1/clinic`)).json();
    expect(clinic.clinic.id).toBe(CLINIC_ID);
    const staff = await fetch(`${server.url}/bookings-api/v1/staff/calendars`);
    expect(staff.status).toBe(401);
  });
});
