// End to end on every storage: a patient books, reschedules and cancels through the HTTP API; the
// outbox worker sends each message over SMTP to a real SMTP server on 127.0.0.1, which parses it,
// and the calendar invite follows the booking (one UID, growing SEQUENCE, REQUEST then CANCEL).

import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { NotificationChannel } from "../../src/notify/channel.js";
import { calendarIdentity } from "../../src/notify/lineage.js";
import type { OutboxWorker, WorkerEvent } from "../../src/notify/worker.js";
import type { Storage } from "../../src/storage/storage.js";
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
} from "../helpers.js";
import { storageFactories } from "../storages.js";
import {
  drain,
  icsValue,
  MANAGE_URL,
  smtpChannel,
  startTestSmtp,
  type TestSmtp,
  testWorker,
} from "./helpers.js";

describe.each(storageFactories)("e-mail notifications on $name", (factory) => {
  let storage: Storage;
  let smtp: TestSmtp;
  let email: NotificationChannel;
  let clock: TestClock;
  let app: Hono;
  let clinicId: string;
  let seed: Seed;
  let worker: OutboxWorker;
  let events: WorkerEvent[];
  const api = (method: string, path: string, options: CallOptions = {}): Promise<Result> =>
    call(app, method, path, {
      ...options,
      headers: { "x-bookwell-clinic": clinicId, ...(options.headers ?? {}) },
    });
  const mine = () => smtp.received.filter((m) => m.parsed.from?.text.includes(clinicId));

  beforeAll(async () => {
    storage = await factory.create();
    smtp = await startTestSmtp();
    email = smtpChannel(smtp);
  });
  afterAll(async () => {
    await email.close?.();
    await smtp.close();
    await storage.close();
  });
  beforeEach(async () => {
    clinicId = `clinic-${randomUUID().slice(0, 8)}`;
    seed = await seedClinic(storage, clinicId);
    clock = testClock();
    app = testApp(storage, clock);
    events = [];
    worker = testWorker({
      storage,
      channels: [email],
      clock,
      onEvent: (e) => {
        if (e.clinicId === clinicId) events.push(e);
      },
    });
  });

  test("book → confirmation with manage link and REQUEST invite; reschedule → same UID, higher SEQUENCE; cancel → CANCEL", async () => {
    const booked = await api("POST", "/v1/bookings", { body: bookingBody() });
    expect(booked.status).toBe(201);
    const token = booked.json.manageToken as string;

    // The change is held for the coalescing delay (2 minutes by default).
    await drain(worker);
    expect(mine()).toHaveLength(0);
    clock.advance(2);
    await drain(worker);
    expect(mine()).toHaveLength(1);

    const confirmation = mine()[0];
    if (!confirmation) throw new Error("no confirmation");
    const { parsed } = confirmation;
    // The clinic writes in Portuguese (pt-PT); 10:00 UTC is 10:00 in Lisbon in early March.
    expect(parsed.subject).toBe(
      "Marcação confirmada: Physiotherapy a quarta-feira, 4 de março de 2026 às 10:00",
    );
    expect(parsed.from?.value[0]).toEqual({
      name: `Clinic ${clinicId}`,
      address: "bookings@clinic.test",
    });
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0]?.address : "").toBe(
      "maria@example.com",
    );
    const link = MANAGE_URL.replace("{token}", token);
    expect(parsed.text).toContain(`Clinic ${clinicId}, Rua 1, Lisboa`);
    expect(parsed.text).toContain(link);
    expect(parsed.text).toContain("Ana Silva");
    expect(parsed.html).toContain(`href="${link}"`);
    expect(parsed.html).toContain("Rua 1, Lisboa");
    expect(parsed.messageId).toMatch(/^<bw-msg-[A-Za-z0-9_-]+@bookwell\.test>$/);

    const ics = confirmation.ics;
    expect(icsValue(ics, "METHOD")).toBe("REQUEST");
    expect(icsValue(ics, "STATUS")).toBe("CONFIRMED");
    expect(icsValue(ics, "SEQUENCE")).toBe("0");
    expect(icsValue(ics, "DTSTART")).toBe("20260304T100000Z");
    expect(icsValue(ics, "DTEND")).toBe("20260304T105000Z");
    const uid = icsValue(ics, "UID");
    expect(uid).toBe(`${booked.json.booking.id}@bookwell.test`);
    expect(confirmation.raw).toMatch(
      /Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i,
    );

    // Reschedule through the manage link: the old visit is rebooked, a new one created.
    clock.advance(30);
    const moved = await api("POST", `/v1/manage/${token}/reschedule`, {
      body: { start: "2026-03-05T11:00:00Z" },
    });
    expect(moved.status).toBe(200);
    clock.advance(2);
    await drain(worker);
    expect(mine()).toHaveLength(2);
    const rescheduled = mine()[1];
    expect(rescheduled?.parsed.subject).toBe(
      "Marcação alterada: Physiotherapy a quinta-feira, 5 de março de 2026 às 11:00",
    );
    expect(rescheduled?.parsed.text).toContain("quarta-feira, 4 de março de 2026 às 10:00");
    expect(icsValue(rescheduled?.ics, "METHOD")).toBe("REQUEST");
    expect(icsValue(rescheduled?.ics, "UID")).toBe(uid);
    expect(icsValue(rescheduled?.ics, "DTSTART")).toBe("20260305T110000Z");
    const seqMoved = Number(icsValue(rescheduled?.ics, "SEQUENCE"));
    expect(seqMoved).toBeGreaterThan(0);
    // An "add to calendar" file served now names the same event at the same version.
    expect(
      await calendarIdentity(storage, clinicId, moved.json.booking.id, "bookwell.test"),
    ).toEqual({ uid, sequence: seqMoved });

    // The moved visit has its own link (in the e-mail and the answer); the old one changes nothing.
    expect(rescheduled?.parsed.text).toContain(moved.json.manageToken);
    clock.advance(30);
    const stale = await api("POST", `/v1/manage/${token}/cancel`, { body: {} });
    expect(stale.status).toBe(409);
    const canceled = await api("POST", `/v1/manage/${moved.json.manageToken}/cancel`, {
      body: {},
    });
    expect(canceled.status).toBe(200);
    clock.advance(2);
    await drain(worker);
    expect(mine()).toHaveLength(3);
    const cancel = mine()[2];
    expect(cancel?.parsed.subject).toBe(
      "Marcação cancelada: Physiotherapy a quinta-feira, 5 de março de 2026 às 11:00",
    );
    expect(icsValue(cancel?.ics, "METHOD")).toBe("CANCEL");
    expect(icsValue(cancel?.ics, "STATUS")).toBe("CANCELLED");
    expect(icsValue(cancel?.ics, "UID")).toBe(uid);
    expect(Number(icsValue(cancel?.ics, "SEQUENCE"))).toBeGreaterThan(seqMoved);

    // Every Message-ID is different (three messages), and nothing is left to send.
    expect(new Set(mine().map((m) => m.parsed.messageId)).size).toBe(3);
    clock.advance(5 * 24 * 60);
    const rest = await drain(worker);
    expect(rest.sent).toBe(0);
    expect(mine()).toHaveLength(3);
    // The reminders planned for the first and second time were dropped as superseded.
    expect(events.filter((e) => e.type === "dropped" && e.kind === "reminder").length).toBe(4);
    expect(events.filter((e) => e.type === "dropped").every((e) => e.detail === "superseded")).toBe(
      true,
    );
  });

  test("staff confirm, move and cancel: no extra mail for the confirm, the move and cancel update the same invite", async () => {
    const booked = await api("POST", "/v1/bookings", { body: bookingBody() });
    expect(booked.status).toBe(201);
    const id = booked.json.booking.id as string;
    clock.advance(2);
    await drain(worker);
    expect(mine()).toHaveLength(1);
    const staff = (path: string, body: unknown) =>
      call(app, "POST", path, { body, key: seed.keys.manager });

    clock.advance(10);
    expect((await staff(`/v1/staff/appointments/${id}/status`, { action: "confirm" })).status).toBe(
      200,
    );
    clock.advance(3);
    await drain(worker);
    expect(mine()).toHaveLength(1);

    clock.advance(10);
    const moved = await staff(`/v1/staff/appointments/${id}/move`, {
      start: "2026-03-04T13:00:00Z",
    });
    expect(moved.status, moved.text).toBe(200);
    clock.advance(3);
    await drain(worker);
    const movedId = moved.json.appointment.id as string;
    clock.advance(10);
    const canceled = await staff(`/v1/staff/appointments/${movedId}/status`, { action: "cancel" });
    expect(canceled.status, canceled.text).toBe(200);
    clock.advance(3);
    await drain(worker);

    expect(mine().map((m) => [m.parsed.subject?.split(":")[0], icsValue(m.ics, "METHOD")])).toEqual(
      [
        ["Marcação confirmada", "REQUEST"],
        ["Marcação alterada", "REQUEST"],
        ["Marcação cancelada", "CANCEL"],
      ],
    );
    expect(new Set(mine().map((m) => icsValue(m.ics, "UID")))).toEqual(
      new Set([`${id}@bookwell.test`]),
    );
    const sequences = mine().map((m) => Number(icsValue(m.ics, "SEQUENCE")));
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(3);
    expect(mine()[1]?.parsed.text).toContain("13:00");
    // Regression: the staff move's e-mail had no "change or cancel" link (only the old link's
    // hash is stored); the moved visit gets a fresh link, and the e-mail carries it.
    const prefix = MANAGE_URL.split("{token}")[0] as string;
    const text = mine()[1]?.parsed.text ?? "";
    const at = text.indexOf(prefix);
    expect(at).toBeGreaterThanOrEqual(0);
    const movedToken = /^[A-Za-z0-9_-]+/.exec(text.slice(at + prefix.length))?.[0] ?? "";
    expect(movedToken).not.toBe(booked.json.manageToken);
    const view = await api("GET", `/v1/manage/${movedToken}`);
    expect(view.status).toBe(200);
    expect(view.json.booking.id).toBe(movedId);
  });

  test("reminders go out 24 h and 1 h before, and only once", async () => {
    const booked = await api("POST", "/v1/bookings", { body: bookingBody() });
    expect(booked.status).toBe(201);
    clock.advance(2);
    await drain(worker);
    expect(mine().map((m) => m.parsed.subject)).toEqual([
      "Marcação confirmada: Physiotherapy a quarta-feira, 4 de março de 2026 às 10:00",
    ]);
    // SLOT is 2026-03-04T10:00Z: reminders at 2026-03-03T10:00Z and 2026-03-04T09:00Z.
    clock.now = new Date("2026-03-03T09:59:00Z");
    await drain(worker);
    expect(mine()).toHaveLength(1);
    clock.now = new Date("2026-03-03T10:00:00Z");
    await drain(worker);
    expect(mine()).toHaveLength(2);
    expect(mine()[1]?.parsed.subject).toBe(
      "Lembrete: Physiotherapy a quarta-feira, 4 de março de 2026 às 10:00",
    );
    expect(mine()[1]?.ics).toBeUndefined();
    clock.now = new Date("2026-03-04T09:00:00Z");
    await drain(worker);
    clock.advance(60 * 24);
    await drain(worker);
    expect(mine().map((m) => (m.parsed.subject ?? "").split(":")[0])).toEqual([
      "Marcação confirmada",
      "Lembrete",
      "Lembrete",
    ]);
    expect(SLOT).toBe("2026-03-04T10:00:00Z");
  });

  test("regression: a visit booked 70 minutes ahead got its confirmation and a reminder 10 minutes later", async () => {
    clock.now = new Date("2026-03-02T12:50:00Z");
    const booked = await api("POST", "/v1/bookings", {
      body: bookingBody({ start: "2026-03-02T14:00:00Z", policyConsent: true }),
    });
    expect(booked.status).toBe(201);
    clock.advance(2);
    await drain(worker);
    expect(mine().map((m) => (m.parsed.subject ?? "").split(":")[0])).toEqual([
      "Marcação confirmada",
    ]);
    // The 1 h reminder would be due at 13:00, ten minutes after the booking: it is not sent.
    clock.now = new Date("2026-03-02T13:00:00Z");
    await drain(worker);
    clock.now = new Date("2026-03-02T14:30:00Z");
    await drain(worker);
    expect(mine()).toHaveLength(1);
  });

  test("the SMTP server fails 3 times: the message is retried with backoff and delivered once", async () => {
    const booked = await api("POST", "/v1/bookings", { body: bookingBody() });
    expect(booked.status).toBe(201);
    clock.advance(2);
    const before = smtp.attempts;
    smtp.failNext(3);
    let summary = await drain(worker);
    expect(summary.retried).toBe(1);
    expect(mine()).toHaveLength(0);
    for (let i = 0; i < 3; i += 1) {
      const [row] = await storage
        .listOutbox(clinicId, { status: "pending" })
        .then((rows) =>
          rows.filter((r) => r.type === "notify.message" && r.payload.kind === "new"),
        );
      expect(row?.lastError).toMatch(/451/);
      clock.now = new Date(row?.nextAttemptAt ?? 0);
      summary = await drain(worker);
    }
    expect(smtp.attempts - before).toBe(4);
    expect(mine()).toHaveLength(1);
    const sent = (await storage.listOutbox(clinicId, { status: "sent" })).find(
      (r) => r.type === "notify.message" && r.payload.kind === "new",
    );
    expect(sent?.attempts).toBe(4);
    await drain(worker);
    expect(mine()).toHaveLength(1);
  });

  test("one server, two clinics: `{clinic}` in the link templates opens each message's own clinic's page", async () => {
    const other = `clinic-${randomUUID().slice(0, 8)}`;
    await seedClinic(storage, other);
    const linked = testWorker({
      storage,
      channels: [email],
      clock,
      defaults: { manageUrl: "https://server.test/book/?clinic={clinic}&bookwell-manage={token}" },
    });
    const tokens: Record<string, string> = {};
    for (const id of [clinicId, other]) {
      const booked = await call(app, "POST", "/v1/bookings", {
        body: bookingBody(),
        headers: { "x-bookwell-clinic": id },
      });
      expect(booked.status).toBe(201);
      tokens[id] = booked.json.manageToken as string;
    }
    clock.advance(2);
    await drain(linked);
    for (const id of [clinicId, other]) {
      const mail = smtp.received.find((m) => m.parsed.from?.text.includes(id));
      expect(mail?.parsed.text).toContain(
        `https://server.test/book/?clinic=${id}&bookwell-manage=${tokens[id]}`,
      );
    }
  });
});
