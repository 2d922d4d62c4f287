// A patient's manage link used end to end: book, move twice, cancel, book the freed times again,
// and two requests on one link at the same moment. On every storage.

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
  testApp,
  testClock,
} from "./helpers.js";
import { storageFactories } from "./storages.js";

describe.each(storageFactories)("manage link chains on $name", (factory) => {
  let storage: Storage;
  let app: Hono;
  let seed: Seed;
  const api = (method: string, path: string, options: CallOptions = {}): Promise<Result> =>
    call(app, method, path, {
      ...options,
      headers: { "x-bookwell-clinic": seed.clinicId, ...(options.headers ?? {}) },
    });

  beforeAll(async () => {
    storage = await factory.create();
  });
  afterAll(async () => {
    await storage.close();
  });
  beforeEach(async () => {
    seed = await seedClinic(storage, `clinic-${randomUUID().slice(0, 8)}`);
    app = testApp(storage, testClock());
  });

  test("book, reschedule twice, cancel: every freed time can be booked again", async () => {
    const booked = await api("POST", "/v1/bookings", { body: bookingBody() });
    expect(booked.status).toBe(201);
    let token = booked.json.manageToken as string;
    const moves = ["2026-03-04T14:00:00Z", "2026-03-05T14:00:00Z"];
    for (const start of moves) {
      const moved = await api("POST", `/v1/manage/${token}/reschedule`, { body: { start } });
      expect(moved.status).toBe(200);
      expect(moved.json.booking.start).toBe(start);
      // Each moved visit has its own link.
      token = moved.json.manageToken;
    }
    const canceled = await api("POST", `/v1/manage/${token}/cancel`, { body: {} });
    expect(canceled.status).toBe(200);
    expect(canceled.json.booking.status).toBe("canceled");
    for (const start of [SLOT, ...moves]) {
      const again = await api("POST", "/v1/bookings", {
        body: bookingBody({ start, client: { name: "Rui", email: "rui@example.com" } }),
      });
      expect(again.status).toBe(201);
    }
  });

  test("a cancel racing a reschedule of the same link is a 409, never 404 for a valid link", async () => {
    for (const order of ["reschedule first", "cancel first"]) {
      const booked = await api("POST", "/v1/bookings", {
        body: bookingBody({
          start: order === "cancel first" ? "2026-03-09T10:00:00Z" : "2026-03-10T10:00:00Z",
        }),
      });
      const token = booked.json.manageToken as string;
      const move = () =>
        api("POST", `/v1/manage/${token}/reschedule`, {
          body: {
            start: order === "cancel first" ? "2026-03-09T14:00:00Z" : "2026-03-10T14:00:00Z",
          },
        });
      const cancel = () => api("POST", `/v1/manage/${token}/cancel`, { body: {} });
      const [moved, canceled] =
        order === "reschedule first"
          ? await Promise.all([move(), cancel()])
          : await Promise.all([cancel(), move()]).then(([c, m]) => [m, c] as const);
      const statuses = [moved.status, canceled.status].sort();
      expect(statuses, order).toEqual([200, 409]);
      const loser = moved.status === 409 ? moved : canceled;
      expect(loser.headers.get("content-type")).toContain("application/problem+json");
      // The link still works and shows whichever change won.
      const view = await api("GET", `/v1/manage/${token}`);
      expect(view.status).toBe(200);
      expect(view.json.booking.status).toBe(moved.status === 200 ? "booked" : "canceled");
    }
  });

  test("two reschedules racing on one link: one moves the visit, the other is a 409 CONFLICT", async () => {
    const booked = await api("POST", "/v1/bookings", { body: bookingBody() });
    const token = booked.json.manageToken as string;
    const [a, b] = await Promise.all([
      api("POST", `/v1/manage/${token}/reschedule`, { body: { start: "2026-03-04T14:00:00Z" } }),
      api("POST", `/v1/manage/${token}/reschedule`, { body: { start: "2026-03-05T14:00:00Z" } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.json.code).toBe("CONFLICT");
    const winner = a.status === 200 ? a : b;
    const list = await call(
      app,
      "GET",
      "/v1/staff/appointments?from=2026-03-04T00:00:00Z&to=2026-03-06T00:00:00Z",
      {
        key: seed.keys.manager,
      },
    );
    const active = list.json.appointments.filter((x: { status: string }) => x.status === "booked");
    expect(active.map((x: { start: string }) => x.start)).toEqual([winner.json.booking.start]);
  });

  test("a service taken off online booking still said canReschedule: true; now false with the reason, no times, 409 on reschedule, cancel still works", async () => {
    const booked = await api("POST", "/v1/bookings", { body: bookingBody() });
    const token = booked.json.manageToken as string;
    const off = await call(app, "PATCH", "/v1/staff/services/physio", {
      key: seed.keys.manager,
      body: { onlineBookable: false },
    });
    expect(off.status).toBe(200);
    const view = await api("GET", `/v1/manage/${token}`);
    expect(view.json.policy).toMatchObject({ canCancel: true, canReschedule: false });
    expect(view.json.policy.reason).toMatch(/no longer be booked online/);
    const slots = await api("GET", `/v1/manage/${token}/slots?from=2026-03-04&to=2026-03-06`);
    expect(slots.status).toBe(200);
    expect(slots.json).toEqual({ timeZone: "Europe/Lisbon", slots: [] });
    const moved = await api("POST", `/v1/manage/${token}/reschedule`, {
      body: { start: "2026-03-04T14:00:00Z" },
    });
    expect(moved.status).toBe(409);
    expect(moved.json).toMatchObject({
      code: "RESCHEDULE_NOT_ALLOWED",
      reason: "NOT_BOOKABLE_ONLINE",
    });
    const canceled = await api("POST", `/v1/manage/${token}/cancel`, { body: {} });
    expect(canceled.status).toBe(200);
  });

  test("a canceled booking's manage link offered times to move to; now none", async () => {
    const booked = await api("POST", "/v1/bookings", { body: bookingBody() });
    const token = booked.json.manageToken as string;
    const open = await api("GET", `/v1/manage/${token}/slots?from=2026-03-04&to=2026-03-04`);
    expect(open.json.slots.length).toBeGreaterThan(0);
    await api("POST", `/v1/manage/${token}/cancel`, { body: {} });
    const after = await api(
      "GET",
      `/v1/manage/${token}/slots?from=2026-03-04&to=2026-03-04&timeZone=utc`,
    );
    expect(after.status).toBe(200);
    expect(after.json).toEqual({ timeZone: "UTC", slots: [] });
    const view = await api("GET", `/v1/manage/${token}`);
    expect(view.json.policy.canReschedule).toBe(false);
  });

  test("an e-mail with a space around it (phone autocomplete) was 400; now trimmed and the same client", async () => {
    const first = await api("POST", "/v1/bookings", {
      body: bookingBody({ client: { name: "Maria", email: "maria@example.com " } }),
    });
    expect(first.status, first.text).toBe(201);
    expect(first.json.booking.client.email).toBe("maria@example.com");
    const second = await api("POST", "/v1/bookings", {
      body: bookingBody({
        start: "2026-03-04T14:00:00Z",
        client: { name: "Maria", email: " Maria@Example.com" },
      }),
    });
    expect(second.status, second.text).toBe(201);
    expect(await storage.listClients(seed.clinicId)).toHaveLength(1);
    const bad = await api("POST", "/v1/bookings", {
      body: bookingBody({ client: { name: "Maria", email: "maria @example.com" } }),
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual([
      { field: "client.email", message: "must be an e-mail address", rule: "email" },
    ]);
  });
});
