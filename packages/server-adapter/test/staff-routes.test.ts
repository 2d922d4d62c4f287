// Every staff route, on every storage: auth and roles, calendars, services, clients, appointments
// (overrides, status machine, move, copy, repeat), audited notes, views, audit trail, keys, settings.

import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { Storage } from "../src/storage/storage.js";
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

describe.each(storageFactories)("staff routes on $name", (factory) => {
  let storage: Storage;
  let clock: TestClock;
  let app: Hono;
  let seed: Seed;
  const as =
    (role: keyof Seed["keys"]) =>
    (method: string, path: string, options: CallOptions = {}): Promise<Result> =>
      call(app, method, path, { ...options, key: seed.keys[role] });
  const manager = (method: string, path: string, options: CallOptions = {}) =>
    as("manager")(method, path, options);

  const book = async (body: Record<string, unknown>) => {
    const res = await manager("POST", "/v1/staff/appointments", { body });
    expect(res.status, res.text).toBe(201);
    return res.json.appointment as { id: string; status: string; start: string };
  };

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

  test("staff routes need a valid key: none, a made-up one and a revoked one are 401", async () => {
    const none = await call(app, "GET", "/v1/staff/me");
    expect(none.status).toBe(401);
    expect(none.json.code).toBe("UNAUTHORIZED");
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    const wrong = await call(app, "GET", "/v1/staff/me", { key: "bw_sk_not-a-real-key" });
    expect(wrong.status).toBe(401);
    const me = await manager("GET", "/v1/staff/me");
    expect(me.json).toMatchObject({ clinicId: seed.clinicId, role: "manager", calendarIds: null });
    const created = await manager("POST", "/v1/staff/api-keys", {
      body: { name: "temp", role: "front_desk" },
    });
    expect(created.status).toBe(201);
    const secret = created.json.secret as string;
    expect((await call(app, "GET", "/v1/staff/me", { key: secret })).status).toBe(200);
    expect(
      (await call(app, "GET", "/v1/staff/me", { headers: { "x-api-key": secret } })).status,
    ).toBe(200);
    const revoked = await manager("DELETE", `/v1/staff/api-keys/${created.json.apiKey.id}`);
    expect(revoked.status).toBe(204);
    expect((await call(app, "GET", "/v1/staff/me", { key: secret })).status).toBe(401);
    const keys = await manager("GET", "/v1/staff/api-keys");
    expect(keys.text).not.toContain(secret);
    expect(
      keys.json.apiKeys.find((k: { id: string }) => k.id === created.json.apiKey.id).revokedAt,
    ).toBeTypeOf("string");
  });

  test("roles: front desk cannot manage keys or settings; providers see only their calendars (404 otherwise)", async () => {
    expect((await as("front_desk")("GET", "/v1/staff/api-keys")).status).toBe(403);
    expect((await as("front_desk")("GET", "/v1/staff/settings")).status).toBe(403);
    expect((await as("front_desk")("GET", "/v1/staff/calendars/bruno")).status).toBe(200);
    const provider = as("provider");
    const mine = await provider("GET", "/v1/staff/calendars");
    expect(mine.json.calendars.map((c: { id: string }) => c.id)).toEqual(["ana"]);
    expect((await provider("GET", "/v1/staff/calendars/ana")).status).toBe(200);
    const other = await provider("GET", "/v1/staff/calendars/bruno");
    expect(other.status).toBe(404);
    expect(other.text).not.toContain("Bruno");
    const brunoVisit = await book({ serviceId: "physio", providerId: "bruno", start: SLOT });
    const hidden = await provider("GET", `/v1/staff/appointments/${brunoVisit.id}`);
    expect(hidden.status).toBe(404);
    expect((await provider("GET", `/v1/staff/appointments/${brunoVisit.id}/notes`)).status).toBe(
      404,
    );
    expect(
      (
        await provider("POST", `/v1/staff/appointments/${brunoVisit.id}/status`, {
          body: { action: "confirm" },
        })
      ).status,
    ).toBe(404);
    const list = await provider("GET", "/v1/staff/appointments");
    expect(list.json.appointments).toEqual([]);
    const forOther = await provider("POST", "/v1/staff/appointments", {
      body: { serviceId: "physio", providerId: "bruno", start: "2026-03-04T11:00:00Z" },
    });
    expect(forOther.status).toBe(404);
    const ownVisit = await provider("POST", "/v1/staff/appointments", {
      body: { serviceId: "physio", providerId: "ana", start: "2026-03-04T11:00:00Z" },
    });
    expect(ownVisit.status).toBe(201);
    expect((await provider("GET", "/v1/staff/audit")).status).toBe(403);
  });

  test("calendars: create, patch only named fields, overrides and time off change the slots", async () => {
    const created = await manager("POST", "/v1/staff/calendars", {
      body: {
        id: "dora",
        kind: "provider",
        name: "Dora",
        locationId: "loc-1",
        disciplines: ["physio"],
        timeZone: "Europe/Lisbon",
        weekly: [{ weekday: 3, start: "09:00", end: "12:00" }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.json.calendar).toMatchObject({ id: "dora", version: 1, active: true });
    const dup = await manager("POST", "/v1/staff/calendars", {
      body: { id: "dora", kind: "room", locationId: "loc-1", timeZone: "Europe/Lisbon" },
    });
    expect(dup.status).toBe(409);
    const renamed = await manager("PATCH", "/v1/staff/calendars/dora", {
      body: { name: "Dora M." },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json.calendar).toMatchObject({ name: "Dora M.", version: 2 });
    expect(renamed.json.calendar.weekly).toHaveLength(1);
    const slots = async () =>
      (
        await call(
          app,
          "GET",
          "/v1/slots?serviceId=physio&providerId=dora&from=2026-03-04&to=2026-03-04",
          {
            headers: { "x-bookwell-clinic": seed.clinicId },
          },
        )
      ).json.slots.length;
    expect(await slots()).toBe(3);
    const closed = await manager("POST", "/v1/staff/calendars/dora/overrides", {
      body: { type: "closed", date: "2026-03-04" },
    });
    expect(closed.status).toBe(200);
    expect(await slots()).toBe(0);
    expect((await manager("DELETE", "/v1/staff/calendars/dora/overrides/2026-03-04")).status).toBe(
      200,
    );
    expect(await slots()).toBe(3);
    const off = await manager("POST", "/v1/staff/calendars/dora/time-off", {
      body: { start: "2026-03-04T10:00:00Z", end: "2026-03-04T11:00:00Z" },
    });
    expect(off.status).toBe(200);
    expect(await slots()).toBe(2);
    const bad = await manager("PATCH", "/v1/staff/calendars/dora", {
      body: { weekly: [{ weekday: 9, start: "25:00", end: "12:00" }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { field: string }) => e.field)).toContain("weekly.0.weekday");
    const audit = await storage.listAudit(seed.clinicId, {
      entityType: "calendar",
      entityId: "dora",
    });
    expect(audit.map((a) => a.action)).toEqual([
      "calendar.created",
      "calendar.updated",
      "calendar.override_added",
      "calendar.override_removed",
      "calendar.time_off_added",
    ]);
  });

  test("services and clients: create, read, patch", async () => {
    const svc = await manager("POST", "/v1/staff/services", {
      body: {
        id: "shock",
        name: "Shockwave",
        discipline: "physio",
        durationMinutes: 20,
        price: { amount: 3000, currency: "EUR" },
        description: "Focused shockwave",
        policies: { cancellationPolicy: { freeUntilHoursBefore: 48 } },
      },
    });
    expect(svc.status).toBe(201);
    expect(svc.json.service).toMatchObject({
      id: "shock",
      description: "Focused shockwave",
      capacity: 1,
    });
    const patched = await manager("PATCH", "/v1/staff/services/shock", {
      body: { onlineBookable: false },
    });
    expect(patched.json.service).toMatchObject({
      onlineBookable: false,
      durationMinutes: 20,
      version: 2,
    });
    expect(patched.json.service.policies.cancellationPolicy.freeUntilHoursBefore).toBe(48);
    expect((await as("provider")("POST", "/v1/staff/services", { body: {} })).status).toBe(403);
    const all = await manager("GET", "/v1/staff/services");
    expect(all.json.services.map((s: { id: string }) => s.id)).toContain("internal");

    const client = await as("front_desk")("POST", "/v1/staff/clients", {
      body: { name: "João Pires", email: "joao@example.com", phone: "+351 900 000 000" },
    });
    expect(client.status).toBe(201);
    const id = client.json.client.id;
    const found = await manager("GET", "/v1/staff/clients?search=joão");
    expect(found.json.clients.map((c: { id: string }) => c.id)).toEqual([id]);
    const patchedClient = await manager("PATCH", `/v1/staff/clients/${id}`, {
      body: { phone: null },
    });
    expect(patchedClient.json.client).toEqual({
      id,
      name: "João Pires",
      email: "joao@example.com",
      version: 2,
    });
    expect((await as("provider")("GET", `/v1/staff/clients/${id}`)).status).toBe(404);
  });

  test("create with overrides: soft violations need to be named, hard ones never pass", async () => {
    const first = await book({ serviceId: "physio", providerId: "ana", start: SLOT });
    const clash = await manager("POST", "/v1/staff/appointments", {
      body: { serviceId: "physio", providerId: "ana", start: SLOT },
    });
    expect(clash.status).toBe(409);
    expect(clash.json.violations).toEqual([
      expect.objectContaining({ code: "OVERLAP", severity: "soft" }),
    ]);
    const squeezed = await manager("POST", "/v1/staff/appointments", {
      body: { serviceId: "physio", providerId: "ana", start: SLOT, overrides: ["OVERLAP"] },
    });
    expect(squeezed.status).toBe(201);
    expect(squeezed.json.overridden.map((v: { code: string }) => v.code)).toEqual(["OVERLAP"]);
    expect(squeezed.json.appointment.allowOverlap).toBe(true);
    const evening = await manager("POST", "/v1/staff/appointments", {
      body: { serviceId: "physio", providerId: "ana", start: "2026-03-04T19:00:00Z" },
    });
    expect(evening.status).toBe(422);
    expect(evening.json.violations.map((v: { code: string }) => v.code)).toContain("OUTSIDE_SHIFT");
    const allowed = await manager("POST", "/v1/staff/appointments", {
      body: {
        serviceId: "physio",
        providerId: "ana",
        start: "2026-03-04T19:00:00Z",
        overrides: "all-soft",
        client: { name: "Late Patient" },
      },
    });
    expect(allowed.status).toBe(201);
    expect(allowed.json.appointment.clientId).toBeTypeOf("string");
    const wrongDiscipline = await manager("POST", "/v1/staff/appointments", {
      body: { serviceId: "pilates", providerId: "ana", start: SLOT, overrides: "all-soft" },
    });
    expect(wrongDiscipline.status).toBe(422);
    expect(wrongDiscipline.json.violations.map((v: { code: string }) => v.code)).toContain(
      "DISCIPLINE_MISMATCH",
    );
    const internal = await manager("POST", "/v1/staff/appointments", {
      body: { serviceId: "internal", providerId: "bruno", start: "2026-03-04T10:00:00Z" },
    });
    expect(internal.status).toBe(201);
    const audit = await storage.listAudit(seed.clinicId, {
      entityId: squeezed.json.appointment.id,
    });
    expect(audit[0]?.detail.overridden).toEqual([expect.objectContaining({ code: "OVERLAP" })]);
    expect(first.status).toBe("booked");
  });

  test("status machine: legal steps, 409 for illegal ones, late cancel fee, rollback", async () => {
    const noClient = await book({ serviceId: "physio", providerId: "bruno", start: SLOT });
    const refused = await manager("POST", `/v1/staff/appointments/${noClient.id}/status`, {
      body: { action: "arrive" },
    });
    expect(refused.status).toBe(422);
    expect(refused.json.errors).toEqual([
      {
        field: "appointment.clientId",
        message: "is needed to add charges to this visit",
        rule: "needs",
      },
    ]);
    const a = await book({
      serviceId: "physio",
      providerId: "ana",
      start: "2026-03-02T14:00:00Z",
      client: { name: "Rita" },
    });
    const step = (action: string, extra: Record<string, unknown> = {}) =>
      as("front_desk")("POST", `/v1/staff/appointments/${a.id}/status`, {
        body: { action, ...extra },
      });
    const confirmed = await step("confirm");
    expect(confirmed.status).toBe(200);
    expect(confirmed.json.appointment).toMatchObject({ status: "confirmed" });
    expect(confirmed.json.appointment.allowedActions).toContain("arrive");
    const arrived = await step("arrive");
    expect(arrived.status, arrived.text).toBe(200);
    expect(arrived.json.appointment.status).toBe("arrived");
    expect(arrived.json.effects).toContainEqual(expect.objectContaining({ type: "charges_added" }));
    const back = await step("rollback");
    expect(back.json.appointment.status).toBe("confirmed");
    const canceled = await step("cancel", { reason: "called in sick" });
    expect(canceled.status).toBe(200);
    expect(canceled.json.appointment.status).toBe("canceled");
    expect(canceled.json.effects).toContainEqual(
      expect.objectContaining({ type: "charges_added", reason: "cancellation_fee" }),
    );
    const rows = await storage.listOutbox(seed.clinicId);
    // The staff booking (it names a client: a confirmation with the visit's manage link) and the
    // cancellation; no row for "confirm".
    expect(rows.map((r) => [r.type, r.payload])).toEqual([
      ["email.booking_confirmed", { appointmentId: a.id, manageToken: expect.any(String) }],
      ["email.booking_canceled", { appointmentId: a.id, fee: { amount: 2250, currency: "EUR" } }],
    ]);
    const illegal = await step("confirm");
    expect(illegal.status).toBe(409);
    expect(illegal.json.code).toBe("ILLEGAL_TRANSITION");
    const bad = await step("teleport");
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].field).toBe("action");
    const audit = await storage.listAudit(seed.clinicId, { entityId: a.id });
    expect(audit.map((e) => `${e.action}:${e.detail.to ?? ""}`)).toEqual([
      "appointment.created:",
      "appointment.status_changed:confirmed",
      "appointment.status_changed:arrived",
      "appointment.status_changed:confirmed",
      "appointment.status_changed:canceled",
    ]);
    expect(audit[1]?.actor).toBe(`api-key:key-${seed.clinicId}-front_desk`);
  });

  test("move: old visit rebooked, new one created; a taken target needs the OVERLAP override", async () => {
    const a = await book({ serviceId: "physio", providerId: "ana", start: SLOT });
    await book({ serviceId: "physio", providerId: "bruno", start: "2026-03-04T11:00:00Z" });
    const moved = await manager("POST", `/v1/staff/appointments/${a.id}/move`, {
      body: { start: "2026-03-04T13:00:00Z" },
    });
    expect(moved.status).toBe(200);
    expect(moved.json.previous).toMatchObject({ id: a.id, status: "rebooked" });
    expect(moved.json.appointment).toMatchObject({
      status: "booked",
      start: "2026-03-04T13:00:00Z",
    });
    const again = await manager("POST", `/v1/staff/appointments/${a.id}/move`, {
      body: { start: "2026-03-04T15:00:00Z" },
    });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe("ILLEGAL_TRANSITION");
    const onto = await manager("POST", `/v1/staff/appointments/${moved.json.appointment.id}/move`, {
      body: { start: "2026-03-04T11:00:00Z", providerId: "bruno" },
    });
    expect(onto.status).toBe(409);
    const forced = await manager(
      "POST",
      `/v1/staff/appointments/${moved.json.appointment.id}/move`,
      {
        body: { start: "2026-03-04T11:00:00Z", providerId: "bruno", overrides: ["OVERLAP"] },
      },
    );
    expect(forced.status).toBe(200);
    expect(forced.json.appointment.providerId).toBe("bruno");
  });

  test("copy and repeat give a result per date; all-or-nothing books nothing on a conflict", async () => {
    const a = await book({ serviceId: "physio", providerId: "ana", start: SLOT });
    await book({ serviceId: "physio", providerId: "ana", start: "2026-03-18T10:00:00Z" });
    const dry = await manager("POST", `/v1/staff/appointments/${a.id}/repeat`, {
      body: { weekdays: [3], weeks: 4, dryRun: true },
    });
    expect(dry.status).toBe(200);
    expect(
      dry.json.results.map((r: { date: string; status: string }) => `${r.date}:${r.status}`),
    ).toEqual(["2026-03-11:ok", "2026-03-18:conflict", "2026-03-25:ok"]);
    // A conflicting date comes with the nearest free start that day.
    expect(dry.json.results[1].alternative).toMatchObject({ providerId: "ana" });
    expect(dry.json.results[1].alternative.start.slice(0, 10)).toBe("2026-03-18");
    // In Portuguese the date's reasons are worded in Portuguese (the codes stay).
    const pt = { "accept-language": "pt-PT" };
    const dryPt = await manager("POST", `/v1/staff/appointments/${a.id}/repeat`, {
      body: { weekdays: [3], weeks: 4, dryRun: true },
      headers: pt,
    });
    const reasons = (r: { violations: Array<{ code: string; message: string }> }) =>
      r.violations.map((v) => `${v.code}: ${v.message}`);
    expect(reasons(dryPt.json.results[1])).toContain(
      "OVERLAP: A agenda já tem uma consulta a essa hora.",
    );
    expect(dryPt.json.results[1].violations.map((v: { code: string }) => v.code)).toEqual(
      dry.json.results[1].violations.map((v: { code: string }) => v.code),
    );
    const before = (await storage.listAppointments(seed.clinicId, {})).length;
    const strict = await manager("POST", `/v1/staff/appointments/${a.id}/repeat`, {
      body: { weekdays: [3], weeks: 4, mode: "all-or-nothing" },
      headers: pt,
    });
    expect(strict.status).toBe(409);
    expect(strict.json.code).toBe("CONFLICT");
    expect(strict.json.results).toHaveLength(3);
    expect(reasons(strict.json.results[1])).toContain(
      "OVERLAP: A agenda já tem uma consulta a essa hora.",
    );
    expect(await storage.listAppointments(seed.clinicId, {})).toHaveLength(before);
    const valid = await manager("POST", `/v1/staff/appointments/${a.id}/repeat`, {
      body: { weekdays: [3], weeks: 4 },
    });
    expect(valid.status).toBe(201);
    expect(valid.json.summary).toEqual({ total: 3, ok: 2, conflicts: 1 });
    expect(valid.json.results[0].appointmentId).toBeTypeOf("string");
    expect(valid.json.results[1].appointmentId).toBeNull();
    expect(await storage.listAppointments(seed.clinicId, {})).toHaveLength(before + 2);
    const copies = await manager("POST", `/v1/staff/appointments/${a.id}/copy`, {
      body: { starts: ["2026-03-05T10:00:00Z", "2026-03-05T10:00:00Z"] },
    });
    expect(copies.status).toBe(201);
    expect(copies.json.results.map((r: { status: string }) => r.status)).toEqual([
      "ok",
      "conflict",
    ]);
  });

  test("notes: never on public routes; reading and writing them is audited", async () => {
    const booked = await call(app, "POST", "/v1/bookings", {
      body: bookingBody(),
      headers: { "x-bookwell-clinic": seed.clinicId },
    });
    const id = booked.json.booking.id;
    const added = await manager("POST", `/v1/staff/appointments/${id}/notes`, {
      body: { text: "Left knee, secret clinical detail" },
    });
    expect(added.status).toBe(201);
    const read = await as("provider")("GET", `/v1/staff/appointments/${id}/notes`);
    expect(read.status).toBe(200);
    expect(read.json.notes.map((n: { text: string }) => n.text)).toEqual([
      "Left knee, secret clinical detail",
    ]);
    const view = await call(app, "GET", `/v1/manage/${booked.json.manageToken}`, {
      headers: { "x-bookwell-clinic": seed.clinicId },
    });
    expect(view.text).not.toContain("secret clinical");
    const staffView = await manager("GET", `/v1/staff/appointments/${id}`);
    expect(staffView.text).not.toContain("secret clinical");
    const audit = await storage.listAudit(seed.clinicId, { entityId: id });
    expect(audit.map((e) => `${e.action}:${e.actor}`)).toEqual([
      "appointment.created:patient:online",
      `note.created:api-key:key-${seed.clinicId}-manager`,
      `note.read:api-key:key-${seed.clinicId}-provider`,
    ]);
  });

  test("day and range views list appointments with counts by status", async () => {
    const a = await book({ serviceId: "physio", providerId: "ana", start: SLOT });
    await book({ serviceId: "physio", providerId: "bruno", start: SLOT });
    const c = await book({
      serviceId: "physio",
      providerId: "bruno",
      start: "2026-03-05T10:00:00Z",
    });
    await manager("POST", `/v1/staff/appointments/${a.id}/status`, { body: { action: "confirm" } });
    await manager("POST", `/v1/staff/appointments/${c.id}/status`, { body: { action: "cancel" } });
    const day = await manager("GET", "/v1/staff/views/day?date=2026-03-04");
    expect(day.status).toBe(200);
    expect(day.json.appointments).toHaveLength(2);
    const count = (
      body: { counts: { statuses: { status: string; count: number }[] } },
      s: string,
    ) => body.counts.statuses.find((x) => x.status === s)?.count;
    expect(count(day.json, "booked")).toBe(1);
    expect(count(day.json, "confirmed")).toBe(1);
    const range = await manager(
      "GET",
      "/v1/staff/views/range?from=2026-03-04&to=2026-03-05&includeHidden=true",
    );
    expect(range.json.appointments).toHaveLength(3);
    expect(count(range.json, "canceled")).toBe(1);
    const providerDay = await as("provider")("GET", "/v1/staff/views/day?date=2026-03-04");
    expect(providerDay.json.calendars.map((x: { id: string }) => x.id)).toEqual(["ana"]);
    expect(providerDay.json.appointments.map((x: { id: string }) => x.id)).toEqual([a.id]);
  });

  test("regression: a visit running past midnight was missing from the next day's view", async () => {
    // Lisbon is on UTC in early March: 23:30–00:20 on the night of 4 to 5 March.
    const night = await book({
      serviceId: "physio",
      providerId: "ana",
      start: "2026-03-04T23:30:00Z",
      overrides: "all-soft",
    });
    // And one ending exactly at midnight, which does not occupy the next day.
    const evening = await book({
      serviceId: "physio",
      providerId: "bruno",
      start: "2026-03-04T23:10:00Z",
      overrides: "all-soft",
    });
    const ids = async (path: string) =>
      ((await manager("GET", path)).json.appointments as { id: string }[]).map((a) => a.id).sort();
    expect(await ids("/v1/staff/views/day?date=2026-03-04")).toEqual([night.id, evening.id].sort());
    expect(await ids("/v1/staff/views/day?date=2026-03-05")).toEqual([night.id]);
    expect(await ids("/v1/staff/views/day?date=2026-03-06")).toEqual([]);
    expect(await ids("/v1/staff/views/range?from=2026-03-05&to=2026-03-06")).toEqual([night.id]);
    // Counts stay by start day: the night visit counts on the 4th only.
    const fifth = await manager("GET", "/v1/staff/views/day?date=2026-03-05");
    expect(fifth.json.counts.total).toBe(0);
  });

  test("regression: a service with a negative price was stored; now 400 naming price.amount", async () => {
    const body = {
      name: "Refund visit",
      category: "Physio",
      discipline: "physio",
      durationMinutes: 30,
      price: { amount: -500, currency: "EUR" },
    };
    const created = await manager("POST", "/v1/staff/services", { body });
    expect(created.status, created.text).toBe(400);
    expect(created.json.errors).toEqual([
      { field: "price.amount", message: "must not be negative", rule: "too_small" },
    ]);
    const patched = await manager("PATCH", "/v1/staff/services/physio", {
      body: { price: { amount: -1, currency: "EUR" } },
    });
    expect(patched.status, patched.text).toBe(400);
    expect(patched.json.errors.map((e: { field: string }) => e.field)).toEqual(["price.amount"]);
    const stored = await manager("GET", "/v1/staff/services/physio");
    expect(stored.json.service.price).toEqual({ amount: 4500, currency: "EUR" });
    const free = await manager("PATCH", "/v1/staff/services/physio", {
      body: { price: { amount: 0, currency: "EUR" } },
    });
    expect(free.status, free.text).toBe(200);
  });

  test("regression: a service priced in another currency than the clinic's was stored; now 400 naming the field", async () => {
    const base = {
      name: "Dry needling",
      category: "Physio",
      discipline: "physio",
      durationMinutes: 30,
      price: { amount: 3000, currency: "EUR" },
    };
    const usd = await manager("POST", "/v1/staff/services", {
      body: { ...base, price: { amount: 3000, currency: "USD" } },
    });
    expect(usd.status, usd.text).toBe(400);
    expect(usd.headers.get("content-type")).toBe("application/problem+json");
    expect(usd.json.errors).toEqual([
      { field: "price.currency", message: "must be EUR", rule: "not_one_of" },
    ]);
    const fee = await manager("POST", "/v1/staff/services", {
      body: {
        ...base,
        policies: {
          cancellationPolicy: {
            freeUntilHoursBefore: 24,
            lateFee: { type: "fixed", amount: { amount: 1000, currency: "GBP" } },
          },
          noShowFee: { type: "fixed", amount: { amount: 1000, currency: "USD" } },
        },
      },
    });
    expect(fee.status, fee.text).toBe(400);
    expect(fee.json.errors.map((e: { field: string }) => e.field)).toEqual([
      "policies.cancellationPolicy.lateFee.amount.currency",
      "policies.noShowFee.amount.currency",
    ]);
    const patched = await manager("PATCH", "/v1/staff/services/physio", {
      body: { price: { amount: 100, currency: "USD" } },
    });
    expect(patched.status, patched.text).toBe(400);
    expect((await storage.getService(seed.clinicId, "physio"))?.price).toEqual({
      amount: 4500,
      currency: "EUR",
    });
    // The clinic's own currency passes, and a PATCH that sends no money is not checked.
    expect((await manager("POST", "/v1/staff/services", { body: base })).status).toBe(201);
    expect(
      (await manager("PATCH", "/v1/staff/services/physio", { body: { name: "Physio 2" } })).status,
    ).toBe(200);
  });

  test("regression: GET /appointments with to before from was 200 with nothing; now 400 naming to", async () => {
    await book({ serviceId: "physio", providerId: "ana", start: SLOT });
    const res = await manager(
      "GET",
      "/v1/staff/appointments?from=2026-03-05T00:00:00Z&to=2026-03-04T00:00:00Z",
    );
    expect(res.status, res.text).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.json.code).toBe("VALIDATION_FAILED");
    expect(res.json.errors).toEqual([
      { field: "to", message: "must not be before from", rule: "order" },
    ]);
    // Offsets count: 2026-03-04T01:00+02:00 is before 2026-03-04T00:00Z.
    const offset = await manager(
      "GET",
      "/v1/staff/appointments?from=2026-03-04T00:00:00Z&to=2026-03-04T01:00:00%2B02:00",
    );
    expect(offset.status, offset.text).toBe(400);
    const ok = await manager(
      "GET",
      "/v1/staff/appointments?from=2026-03-04T00:00:00Z&to=2026-03-05T00:00:00Z",
    );
    expect(ok.json.appointments).toHaveLength(1);
  });

  test("audit trail lists entries oldest first and pages with afterSeq", async () => {
    await book({ serviceId: "physio", providerId: "ana", start: SLOT });
    await book({ serviceId: "physio", providerId: "ana", start: "2026-03-04T11:00:00Z" });
    const first = await manager("GET", "/v1/staff/audit?limit=1");
    expect(first.json.entries).toHaveLength(1);
    expect(first.json.nextAfterSeq).toBe(first.json.entries[0].seq);
    const next = await manager(
      "GET",
      `/v1/staff/audit?afterSeq=${first.json.nextAfterSeq}&limit=10`,
    );
    expect(next.json.entries[0].seq).toBeGreaterThan(first.json.entries[0].seq);
    expect(next.json.entries.every((e: { action: string }) => typeof e.action === "string")).toBe(
      true,
    );
  });

  test("settings: a manager changes allowed origins and CORS follows", async () => {
    const origin = "https://new-site.example";
    const blocked = await call(app, "GET", "/v1/services", {
      headers: { "x-bookwell-clinic": seed.clinicId, origin },
    });
    expect(blocked.status).toBe(403);
    const patched = await manager("PATCH", "/v1/staff/settings", {
      body: { allowedOrigins: [origin], phone: "+351 210 000 000" },
    });
    expect(patched.status).toBe(200);
    expect(patched.json.settings).toMatchObject({
      allowedOrigins: [origin],
      phone: "+351 210 000 000",
    });
    const allowed = await call(app, "GET", "/v1/services", {
      headers: { "x-bookwell-clinic": seed.clinicId, origin },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(origin);
    const invalid = await manager("PATCH", "/v1/staff/settings", {
      body: { allowedOrigins: ["not a url"] },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.errors[0].field).toBe("allowedOrigins.0");
  });
});
