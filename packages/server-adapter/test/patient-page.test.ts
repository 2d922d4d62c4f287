// The patient page ("My visits") through the HTTP API on every storage: a desk-booked series and a
// package show up after signing in by a one-time e-mailed link; the patient cancels and moves a
// visit under the policy. And its security: links work once and expire, the answer never tells
// whether an e-mail is known, and no patient ever reaches another's visits or documents (swapped
// ids, swapped sessions, another clinic's tokens).

import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Storage } from "../src/storage/storage.js";
import { call, type Result, seedClinic, testApp, testClock } from "./helpers.js";
import { postgresFactories, storageFactories } from "./storages.js";

const factories = [...storageFactories, ...postgresFactories()];

describe.each(factories)("the patient page on $name", (factory) => {
  let storage: Storage;
  let app: Hono;
  const clock = testClock();

  beforeAll(async () => {
    storage = await factory.create();
    app = testApp(storage, clock);
  }, 60_000);
  afterAll(async () => {
    await storage?.close();
  });

  async function clinic() {
    const seed = await seedClinic(storage, `pp-${randomUUID().slice(0, 8)}`);
    const api = (method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
      call(app, method, path, {
        ...options,
        headers: { "x-bookwell-clinic": seed.clinicId, ...(options.headers ?? {}) },
      });
    const desk = (method: string, path: string, body?: unknown) =>
      api(method, path, { key: seed.keys.front_desk, ...(body === undefined ? {} : { body }) });
    /** The sign-in tokens e-mailed so far (from the outbox rows), oldest first. */
    const signInTokens = async () =>
      (await storage.listOutbox(seed.clinicId))
        .filter((r) => r.type === "notify.patient_sign_in")
        .map((r) => String(r.payload.token));
    const signIn = async (email: string): Promise<string> => {
      const before = (await signInTokens()).length;
      const asked = await api("POST", "/v1/patient/sign-in", { body: { email } });
      expect(asked.status).toBe(202);
      const tokens = await signInTokens();
      expect(tokens).toHaveLength(before + 1);
      const opened = await api("POST", "/v1/patient/sessions", {
        body: { token: tokens[tokens.length - 1] },
      });
      expect(opened.status, opened.text).toBe(201);
      return opened.json.sessionToken;
    };
    const client = async (name: string, email: string): Promise<string> => {
      const res = await desk("POST", "/v1/staff/clients", { name, email });
      expect(res.status, res.text).toBe(201);
      return res.json.client.id;
    };
    return { seed, api, desk, signIn, signInTokens, client };
  }

  const mine = (api: Awaited<ReturnType<typeof clinic>>["api"], session: string) =>
    api("GET", "/v1/patient/visits", { headers: { authorization: `Bearer ${session}` } });

  test("a desk-booked series of 8 and a package balance appear after signing in; cancel and move one visit", async () => {
    clock.now = new Date("2026-03-02T08:00:00.000Z");
    const { seed: seedOf, api, desk, signIn, client } = await clinic();
    const joao = await client("João Pereira", "Joao@Example.com");
    const first = await desk("POST", "/v1/staff/appointments", {
      serviceId: "physio",
      providerId: "ana",
      start: "2026-03-10T16:00:00Z",
      clientId: joao,
    });
    expect(first.status, first.text).toBe(201);
    const repeated = await desk(
      "POST",
      `/v1/staff/appointments/${first.json.appointment.id}/repeat`,
      {
        weekdays: [2, 4],
        weeks: 4,
        mode: "all-valid",
      },
    );
    expect(repeated.status, repeated.text).toBe(201);
    const sold = await desk("POST", `/v1/staff/clients/${joao}/packages`, {
      name: "10 × Physio",
      sessions: 10,
      price: { total: { amount: 40000, currency: "EUR" } },
      expiresOn: "2026-06-30",
      payment: { method: "card" },
    });
    expect(sold.status, sold.text).toBe(201);

    const session = await signIn("joao@example.com");
    const page = await mine(api, session);
    expect(page.status, page.text).toBe(200);
    expect(page.json.email).toBe("joao@example.com");
    expect(page.json.upcoming).toHaveLength(8);
    expect(page.json.upcoming[0].booking.start).toBe("2026-03-10T16:00:00Z");
    expect(page.json.series).toEqual([
      expect.objectContaining({ serviceName: "Physiotherapy", total: 8, upcoming: 8 }),
    ]);
    expect(page.json.packages).toEqual([
      expect.objectContaining({
        name: "10 × Physio",
        sold: 10,
        used: 0,
        remaining: 10,
        expiresOn: "2026-06-30",
      }),
    ]);
    // The balance line in the page's language (default the clinic's); a bad tag names the field.
    const lineIn = async (query: string) =>
      (
        await api("GET", `/v1/patient/visits${query}`, {
          headers: { authorization: `Bearer ${session}` },
        })
      ).json.packages[0].line;
    expect(await lineIn("?locale=pt-PT")).toBe("0 de 10 usadas, faltam 10, válido até 30/06/2026");
    expect(await lineIn("?locale=es")).toBe(
      "0 de 10 usadas, quedan 10, válido hasta el 30/06/2026",
    );
    expect(await lineIn("?locale=en")).toBe("0 of 10 used, 10 left, valid until 2026-06-30");
    const badTag = await api("GET", "/v1/patient/visits?locale=%3Cx%3E", {
      headers: { authorization: `Bearer ${session}` },
    });
    expect(badTag.status).toBe(400);
    expect(badTag.json.errors).toEqual([expect.objectContaining({ field: "locale" })]);
    expect(page.json.upcoming[0].policy).toMatchObject({ canCancel: true, canReschedule: true });

    const [firstVisit, second] = page.json.upcoming;
    const moved = await api("POST", `/v1/patient/visits/${second.booking.id}/reschedule`, {
      headers: { authorization: `Bearer ${session}` },
      body: { start: "2026-03-13T10:00:00Z" },
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json.booking.start).toBe("2026-03-13T10:00:00Z");
    const canceled = await api("POST", `/v1/patient/visits/${firstVisit.booking.id}/cancel`, {
      headers: { authorization: `Bearer ${session}` },
      body: {},
    });
    expect(canceled.status, canceled.text).toBe(200);
    expect(canceled.json).toMatchObject({ booking: { status: "canceled" }, fee: null });
    const after = await mine(api, session);
    const starts = after.json.upcoming.map((v: { booking: { start: string } }) => v.booking.start);
    expect(starts).toContain("2026-03-13T10:00:00Z");
    expect(starts).not.toContain(second.booking.start);
    expect(
      after.json.upcoming.find(
        (v: { booking: { id: string } }) => v.booking.id === firstVisit.booking.id,
      ).booking.status,
    ).toBe("canceled");

    // Contact details, language and where messages go, from the page.
    const auth = { authorization: `Bearer ${session}` };
    const bad = await api("PATCH", "/v1/patient/profile", {
      headers: auth,
      body: { channels: [] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual([expect.objectContaining({ field: "channels" })]);
    const profile = await api("PATCH", "/v1/patient/profile", {
      headers: auth,
      body: { phone: "+351 912 345 678", locale: "pt-PT", channels: ["email", "sms"] },
    });
    expect(profile.status, profile.text).toBe(200);
    expect(profile.json.profile).toMatchObject({
      email: "joao@example.com",
      name: "João Pereira",
      phone: "+351 912 345 678",
      locale: "pt-PT",
      channels: ["email", "sms"],
      visitsUpdated: 7,
    });
    const stored = await storage.getClient(seedOf.clinicId, joao);
    expect(stored).toMatchObject({ phone: "+351 912 345 678", locale: "pt-PT" });
    const ahead = await storage.listAppointments(seedOf.clinicId, {
      clientId: joao,
      statuses: ["booked"],
    });
    expect(ahead.every((v) => v.messagePrefs?.channels?.join() === "email,sms")).toBe(true);
  });

  test("sign-in links work once, expire after 15 minutes, are rate limited, and never tell whether an e-mail is known", async () => {
    clock.now = new Date("2026-03-02T08:00:00.000Z");
    const { seed, api, client, signInTokens } = await clinic();
    await client("Ana Lima", "ana@example.com");
    const known = await api("POST", "/v1/patient/sign-in", { body: { email: "ana@example.com" } });
    const unknown = await api("POST", "/v1/patient/sign-in", {
      body: { email: "nobody@example.com" },
    });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(unknown.text).toBe(known.text);
    expect(await signInTokens()).toHaveLength(1);
    const [token] = await signInTokens();
    const stored = JSON.stringify(await storage.listOutbox(seed.clinicId));
    expect(stored).not.toContain("nobody@example.com");
    expect(stored).toContain("notify.patient_sign_in");

    const open = () => api("POST", "/v1/patient/sessions", { body: { token } });
    const [a, b] = await Promise.all([open(), open()]);
    expect([a.status, b.status].sort()).toEqual([201, 404]);
    const again = await open();
    expect(again.status).toBe(404);
    const made = await api("POST", "/v1/patient/sessions", { body: { token: "made-up" } });
    expect(made.status).toBe(404);
    expect(made.json.detail).toBe(again.json.detail);

    // A link lapses after 15 minutes.
    await api("POST", "/v1/patient/sign-in", { body: { email: "ANA@example.com" } });
    const late = (await signInTokens())[1];
    clock.advance(16);
    const expired = await api("POST", "/v1/patient/sessions", { body: { token: late } });
    expect(expired.status).toBe(404);
    expect(expired.json.detail).toBe(again.json.detail);

    // At most 3 links per e-mail per 15 minutes; the answer stays the same.
    for (let i = 0; i < 4; i += 1) {
      const res = await api("POST", "/v1/patient/sign-in", { body: { email: "ana@example.com" } });
      expect(res.text).toBe(known.text);
    }
    expect(await signInTokens()).toHaveLength(2 + 3);
  });

  test("one patient never reaches another's visits or documents: swapped ids, sessions and clinics", async () => {
    clock.now = new Date("2026-03-02T08:00:00.000Z");
    const a = await clinic();
    const b = await clinic();
    const ana = await a.client("Ana Lima", "ana@example.com");
    await a.client("Bea Reis", "bea@example.com");
    await b.client("Ana Lima", "ana@example.com");
    const anaVisit = await a.desk("POST", "/v1/staff/appointments", {
      serviceId: "physio",
      providerId: "ana",
      start: "2026-03-10T16:00:00Z",
      clientId: ana,
    });
    expect(anaVisit.status).toBe(201);
    const visitId: string = anaVisit.json.appointment.id;
    const anaSession = await a.signIn("ana@example.com");
    const beaSession = await a.signIn("bea@example.com");
    const anaInB = await b.signIn("ana@example.com");

    const bea = await mine(a.api, beaSession);
    expect(bea.json.upcoming).toEqual([]);
    const as = (session: string) => ({ authorization: `Bearer ${session}` });
    const attempts: Result[] = [
      await a.api("POST", `/v1/patient/visits/${visitId}/cancel`, {
        headers: as(beaSession),
        body: {},
      }),
      await a.api("POST", `/v1/patient/visits/${visitId}/reschedule`, {
        headers: as(beaSession),
        body: { start: "2026-03-11T10:00:00Z" },
      }),
      await b.api("POST", `/v1/patient/visits/${visitId}/cancel`, {
        headers: as(anaInB),
        body: {},
      }),
    ];
    expect(attempts.map((r) => r.status)).toEqual([404, 404, 404]);
    // A session of clinic A means nothing in clinic B, and the same e-mail there sees only B's visits.
    const crossed = await mine(b.api, anaSession);
    expect(crossed.status).toBe(401);
    expect((await mine(b.api, anaInB)).json.upcoming).toEqual([]);
    expect((await mine(a.api, "made-up")).status).toBe(401);
    expect((await a.api("GET", "/v1/patient/visits")).status).toBe(401);
    const doc = await a.api("GET", "/v1/patient/documents/inv_unknown/pdf", {
      headers: as(anaSession),
    });
    expect(doc.status, doc.text).toBe(404);
    // Waitlist entries: only their own patient sees and leaves them from the page.
    const joined = await a.api("POST", "/v1/waitlist", {
      body: {
        serviceId: "physio",
        providerId: "any",
        client: { name: "Ana", email: "ANA@example.com" },
      },
    });
    expect(joined.status, joined.text).toBe(201);
    const entryId: string = joined.json.entry.id;
    expect((await mine(a.api, anaSession)).json.waitlist.map((e: { id: string }) => e.id)).toEqual([
      entryId,
    ]);
    expect((await mine(a.api, beaSession)).json.waitlist).toEqual([]);
    const swapped = await a.api("DELETE", `/v1/patient/waitlist/${entryId}`, {
      headers: as(beaSession),
    });
    expect(swapped.status).toBe(404);
    const left = await a.api("DELETE", `/v1/patient/waitlist/${entryId}`, {
      headers: as(anaSession),
    });
    expect(left.status, left.text).toBe(200);
    expect(left.json.entry.status).toBe("left");
    expect((await mine(a.api, anaSession)).json.waitlist).toEqual([]);
    // The visit is untouched and still Ana's.
    const own = await mine(a.api, anaSession);
    expect(own.json.upcoming).toEqual([
      expect.objectContaining({
        booking: expect.objectContaining({ id: visitId, status: "booked" }),
      }),
    ]);
  });
});
