// The per-booking override over HTTP: staff turn a booking's messages off at the desk (within the
// coalescing delay, so not even the confirmation goes out), or give it its own reminder offsets,
// and the reminders planned before follow the new choices.

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createInboxChannel } from "../../src/notify/inbox-channel.js";
import type { Storage } from "../../src/storage/storage.js";
import { call, seedClinic, testApp, testClock } from "../helpers.js";
import { storageFactories } from "../storages.js";
import { drain, testWorker } from "./helpers.js";

describe.each(storageFactories)("a booking's own message choices on $name", (factory) => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await factory.create();
  });
  afterAll(async () => {
    await storage.close();
  });

  async function setup() {
    const clinicId = `clinic-${randomUUID().slice(0, 8)}`;
    const seed = await seedClinic(storage, clinicId);
    const clock = testClock("2026-03-02T08:00:00.000Z");
    const app = testApp(storage, clock);
    const inbox = createInboxChannel({ clock });
    const worker = testWorker({ storage, channels: [inbox], clock });
    const as = (role: keyof typeof seed.keys) => (method: string, path: string, body?: unknown) =>
      call(app, method, path, { key: seed.keys[role], ...(body === undefined ? {} : { body }) });
    const desk = as("front_desk");
    const book = async (providerId = "ana") => {
      const res = await desk("POST", "/v1/staff/appointments", {
        serviceId: "physio",
        providerId,
        start: "2026-03-04T10:00:00Z",
        client: { name: "Rita Lopes", email: `rita-${randomUUID().slice(0, 6)}@example.com` },
      });
      expect(res.status).toBe(201);
      return res.json.appointment.id as string;
    };
    /** Runs the worker at each instant; returns what this visit's patient got, oldest first. */
    const runAt = async (...instants: string[]) => {
      for (const at of instants) {
        clock.now = new Date(at);
        await drain(worker);
      }
    };
    const got = (appointmentId: string) =>
      inbox
        .messages()
        .filter((m) => m.appointmentId === appointmentId)
        .reverse()
        .map((m) => `${m.kind}@${m.receivedAt}`);
    return { clinicId, clock, desk, as, book, runAt, got };
  }

  test("send: false at the desk, inside the coalescing delay: not even the confirmation goes out", async () => {
    const t = await setup();
    const id = await t.book();
    t.clock.advance(0.5);
    const put = await t.desk("PUT", `/v1/staff/appointments/${id}/notifications`, { send: false });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ appointmentId: id, notifications: { send: false } });
    expect((await t.desk("GET", `/v1/staff/appointments/${id}/notifications`)).json).toEqual(
      put.json,
    );
    await t.runAt("2026-03-02T08:03:00Z", "2026-03-03T10:00:00Z", "2026-03-04T09:00:00Z");
    expect(t.got(id)).toEqual([]);
    const audit = await storage.listAudit(t.clinicId, { entityId: id });
    expect(audit.map((e) => e.action)).toContain("appointment.notifications_changed");
  });

  test("own reminder offsets replace the reminders planned before", async () => {
    const t = await setup();
    const id = await t.book();
    // The confirmation goes out and the default reminders (24 h and 1 h) are planned.
    await t.runAt("2026-03-02T08:03:00Z");
    expect(t.got(id)).toEqual(["new@2026-03-02T08:03:00.000Z"]);
    const put = await t.desk("PUT", `/v1/staff/appointments/${id}/notifications`, {
      reminderOffsetsMinutes: [2880, 120],
    });
    expect(put.status).toBe(200);
    await t.runAt(
      "2026-03-02T08:04:00Z",
      "2026-03-02T10:00:00Z", // 48 h before
      "2026-03-03T10:00:00Z", // 24 h before: no longer asked for
      "2026-03-04T08:00:00Z", // 2 h before
      "2026-03-04T09:00:00Z", // 1 h before: no longer asked for
    );
    expect(t.got(id)).toEqual([
      "new@2026-03-02T08:03:00.000Z",
      "reminder@2026-03-02T10:00:00.000Z",
      "reminder@2026-03-04T08:00:00.000Z",
    ]);
  });

  test("bad choices are 400 naming the field; other providers' visits are 404", async () => {
    const t = await setup();
    const id = await t.book("bruno");
    const bad = await t.desk("PUT", `/v1/staff/appointments/${id}/notifications`, {
      reminderOffsetsMinutes: [0],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].field).toBe("reminderOffsetsMinutes.0");
    const unknown = await t.desk("PUT", `/v1/staff/appointments/${id}/notifications`, {
      sms: true,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0].field).toBe("sms");
    // The provider key is granted ana's calendar only.
    const other = await t.as("provider")("GET", `/v1/staff/appointments/${id}/notifications`);
    expect(other.status).toBe(404);
    expect(
      (await t.desk("PUT", "/v1/staff/appointments/apt_nope/notifications", { send: true })).status,
    ).toBe(404);
  });
});
