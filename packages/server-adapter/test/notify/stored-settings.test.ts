// A clinic's manager changes the message settings over the staff API, and the outbox worker
// follows them: a type switched off, the clinic's own text for a kind of message, both sent
// through a real SMTP server; bad settings are 400 naming the field, and nothing is stored.

import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { bookingBody, call, seedClinic, testApp, testClock } from "../helpers.js";
import { storageFactories } from "../storages.js";
import { drain, storageWithSmtp, testWorker } from "./helpers.js";

describe.each(storageFactories)("stored message settings on $name", (factory) => {
  const env = storageWithSmtp(factory);

  async function setup() {
    const clinicId = `clinic-${randomUUID().slice(0, 8)}`;
    const seed = await seedClinic(env.storage, clinicId);
    const clock = testClock();
    const app = testApp(env.storage, clock);
    // The worker's own defaults (from code): 48 h and 1 h reminders.
    const worker = testWorker({
      storage: env.storage,
      channels: [env.email],
      clock,
      defaults: { settings: { reminderOffsetsMinutes: [2880, 60] } },
    });
    const as = (role: keyof typeof seed.keys) => (method: string, path: string, body?: unknown) =>
      call(app, method, path, { key: seed.keys[role], ...(body === undefined ? {} : { body }) });
    const mine = () => env.smtp.received.filter((m) => m.parsed.from?.text.includes(clinicId));
    return { clinicId, clock, app, worker, manager: as("manager"), desk: as("front_desk"), mine };
  }

  test("a manager's settings and texts are what the worker sends with, over the worker's defaults", async () => {
    const t = await setup();
    expect((await t.desk("GET", "/v1/staff/notifications/settings")).json).toEqual({
      settings: {},
      providers: [],
      templates: {},
      version: 0,
      updatedAt: null,
    });
    const put = await t.manager("PUT", "/v1/staff/notifications/settings", {
      settings: {
        types: { reminder: { enabled: true, channels: ["email"] } },
        reminderOffsetsMinutes: [60],
      },
      templates: { pt: { new: { subject: "Até já, {client}! {service} às {time}" } } },
      expectedVersion: 0,
    });
    expect(put.status, put.text).toBe(200);
    expect(put.json.version).toBe(1);
    expect((await t.desk("GET", "/v1/staff/notifications/settings")).json).toMatchObject({
      settings: { reminderOffsetsMinutes: [60] },
      templates: { pt: { new: { subject: "Até já, {client}! {service} às {time}" } } },
      version: 1,
    });
    const audit = await env.storage.listAudit(t.clinicId, { entityType: "clinic" });
    expect(audit.map((e) => e.action)).toContain("notification.settings_changed");

    const booked = await call(t.app, "POST", "/v1/bookings", {
      body: bookingBody(),
      headers: { "x-bookwell-clinic": t.clinicId },
    });
    expect(booked.status, booked.text).toBe(201);
    t.clock.advance(3);
    await drain(t.worker);
    expect(t.mine().map((m) => m.parsed.subject)).toEqual([
      "Até já, Maria Santos! Physiotherapy às 10:00",
    ]);
    // The clinic's offsets (1 h) replace the worker's (48 h and 1 h): one reminder, at 09:00.
    for (const at of ["2026-03-02T10:00:00Z", "2026-03-04T08:59:00Z", "2026-03-04T09:00:00Z"]) {
      t.clock.now = new Date(at);
      await drain(t.worker);
    }
    expect(t.mine().map((m) => m.parsed.subject?.split(":")[0])).toEqual([
      "Até já, Maria Santos! Physiotherapy às 10",
      "Lembrete",
    ]);

    // Switching reminders off stops those already planned too.
    const second = await call(t.app, "POST", "/v1/bookings", {
      body: bookingBody({ start: "2026-03-05T10:00:00Z" }),
      headers: { "x-bookwell-clinic": t.clinicId },
    });
    expect(second.status).toBe(201);
    t.clock.advance(3);
    await drain(t.worker);
    const off = await t.manager("PUT", "/v1/staff/notifications/settings", {
      settings: { types: { reminder: { enabled: false } } },
      expectedVersion: 1,
    });
    expect(off.status, off.text).toBe(200);
    t.clock.now = new Date("2026-03-05T09:30:00Z");
    await drain(t.worker);
    expect(t.mine().filter((m) => m.parsed.subject?.startsWith("Lembrete"))).toHaveLength(1);
  });

  test("bad settings are 400 naming the field, a stale version 409, front desk 403; nothing is stored", async () => {
    const t = await setup();
    const cases: [unknown, string][] = [
      [{ settings: { quietHours: { start: "25:00", end: "08:00" } } }, "settings.quietHours.start"],
      [{ settings: { quietHour: { start: "21:00", end: "08:00" } } }, "settings.quietHour"],
      [{ settings: { reminderOffsetsMinutes: [60, 60] } }, "settings.reminderOffsetsMinutes"],
      [
        { settings: { reminderGapAfterBookingMinutes: -1 } },
        "settings.reminderGapAfterBookingMinutes",
      ],
      [{ providers: [{ providerId: "nobody" }] }, "providers.0.providerId"],
      [
        { providers: [{ providerId: "ana", disabledChannels: ["fax"] }] },
        "providers.0.disabledChannels.0",
      ],
      [{ templates: { fr: { new: { subject: "Bonjour" } } } }, "templates.fr"],
      [
        { providers: [{ providerId: "ana", noticeEmail: "ana at clinic" }] },
        "providers.0.noticeEmail",
      ],
      [{ templates: { pt: { new: { title: "x" } } } }, "templates.pt.new.title"],
    ];
    for (const [body, field] of cases) {
      const res = await t.manager("PUT", "/v1/staff/notifications/settings", body);
      expect(res.status, field).toBe(400);
      expect(res.json.errors[0].field, res.text).toBe(field);
    }
    expect(await env.storage.getMessageSettings(t.clinicId)).toBeUndefined();
    expect((await t.desk("PUT", "/v1/staff/notifications/settings", {})).status).toBe(403);
    expect((await t.manager("PUT", "/v1/staff/notifications/settings", {})).status).toBe(200);
    const stale = await t.manager("PUT", "/v1/staff/notifications/settings", {
      expectedVersion: 0,
    });
    expect(stale.status).toBe(409);
  });
});
