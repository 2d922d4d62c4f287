// "Nothing lost, nothing doubled": a worker killed between claim and send, or between the SMTP
// server's acceptance and marking the row sent, and two workers on one PostgreSQL racing for the
// same rows. (test/faults/worker-crash.test.ts does the same with kill -9 of a real process.)

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { NotificationChannel, OutgoingMessage } from "../../src/notify/channel.js";
import { createPostgresStorage } from "../../src/postgres.js";
import type { Storage } from "../../src/storage/storage.js";
import { startTestPostgres, type TestPostgres } from "../../src/testing.js";
import { testClock } from "../helpers.js";
import { storageFactories } from "../storages.js";
import {
  bookDirect,
  drain,
  seedSmallClinic,
  smtpChannel,
  startTestSmtp,
  type TestSmtp,
  testWorker,
} from "./helpers.js";

const LEASE_MS = 30_000;
const VISIT = "2026-03-20T10:00:00Z";

/**
 * A channel whose sends never finish: the process died while the message was on its way, before
 * the point where the provider could accept it (it never calls `beforeHandover`).
 */
function dyingChannel(): NotificationChannel & { called: Promise<OutgoingMessage> } {
  let told: (m: OutgoingMessage) => void = () => {};
  const called = new Promise<OutgoingMessage>((resolve) => {
    told = resolve;
  });
  return {
    name: "email",
    dedupe: "handover",
    called,
    send(message) {
      told(message);
      return new Promise(() => {});
    },
  };
}

/** The storage of a dead process: its worker's heartbeat never renews a lease again. */
function withoutHeartbeat(storage: Storage): Storage {
  return new Proxy(storage, {
    get(target, property) {
      if (property === "renewOutboxLease") return () => new Promise(() => {});
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * An e-mail channel and a storage as one process that dies right after the SMTP server accepted a
 * message: every transaction after the acceptance hangs forever (nothing more is written).
 */
function diesAfterAcceptance(
  storage: Storage,
  email: NotificationChannel,
): { storage: Storage; channel: NotificationChannel; accepted: Promise<OutgoingMessage> } {
  let dead = false;
  let told: (m: OutgoingMessage) => void = () => {};
  const accepted = new Promise<OutgoingMessage>((resolve) => {
    told = resolve;
  });
  const channel: NotificationChannel = {
    name: "email",
    ...(email.dedupe ? { dedupe: email.dedupe } : {}),
    async send(message, options) {
      const receipt = await email.send(message, options);
      dead = true;
      told(message);
      return receipt;
    },
  };
  const dying = new Proxy(storage, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => (dead ? new Promise(() => {}) : value.apply(target, args));
    },
  });
  return { storage: dying, channel, accepted };
}

describe.each(storageFactories)("restart after a crash on $name", (factory) => {
  let storage: Storage;
  let smtp: TestSmtp;
  beforeAll(async () => {
    storage = await factory.create();
    smtp = await startTestSmtp();
  });
  afterAll(async () => {
    await smtp.close();
    await storage.close();
  });

  test("committed but never sent (the process died before any worker ran): sent once after restart", async () => {
    const clock = testClock("2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(storage);
    await bookDirect(storage, { clinicId, start: VISIT, at: clock() });
    const before = smtp.received.length;
    clock.advance(60);
    const email = smtpChannel(smtp);
    const restarted = testWorker({ storage, channels: [email], clock });
    await drain(restarted);
    await drain(restarted);
    await email.close?.();
    const mail = smtp.received.slice(before);
    expect(mail.map((m) => m.parsed.subject)).toEqual([
      "Booking confirmed: Physiotherapy on Friday, 20 March 2026 at 10:00",
    ]);
  });

  test("killed between claim and send: a new worker sends the message exactly once after the lease", async () => {
    const clock = testClock("2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(storage);
    const apt = await bookDirect(storage, { clinicId, start: VISIT, at: clock() });
    clock.advance(2);
    const dying = dyingChannel();
    const doomed = testWorker({
      storage: withoutHeartbeat(storage),
      channels: [dying],
      clock,
      batchSize: 1,
    });
    await doomed.runOnce(); // plans the confirmation
    void doomed.runOnce(); // claims it and dies inside send: never resolves
    const claimed = await dying.called;
    expect(claimed.appointmentId).toBe(apt.id);

    const before = smtp.received.length;
    const email = smtpChannel(smtp);
    const restarted = testWorker({ storage, channels: [email], clock });
    // While the dead worker's lease holds, nobody else may take the row.
    await drain(restarted);
    expect(smtp.received.length).toBe(before);
    clock.now = new Date(clock.now.getTime() + LEASE_MS);
    await drain(restarted);
    await drain(restarted);
    await email.close?.();
    const mail = smtp.received.slice(before);
    expect(mail).toHaveLength(1);
    expect(mail[0]?.parsed.messageId).toBe(claimed.messageId);
    const row = (await storage.listOutbox(clinicId, { status: "sent" })).find(
      (r) => r.id === claimed.deliveryId,
    );
    expect(row?.attempts).toBe(2);
  });

  test("killed after the SMTP server accepted but before marking it sent: never sent again, a dead letter in doubt", async () => {
    const clock = testClock("2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(storage);
    await bookDirect(storage, { clinicId, start: VISIT, at: clock() });
    clock.advance(2);
    const before = smtp.received.length;
    const email = smtpChannel(smtp);
    const dying = diesAfterAcceptance(storage, email);
    const doomed = testWorker({
      storage: dying.storage,
      channels: [dying.channel],
      clock,
      batchSize: 1,
    });
    await doomed.runOnce();
    void doomed.runOnce();
    const accepted = await dying.accepted;
    expect(smtp.received.length - before).toBe(1);

    clock.now = new Date(clock.now.getTime() + LEASE_MS);
    const events: string[] = [];
    const restarted = testWorker({
      storage,
      channels: [email],
      clock,
      onEvent: (e) => events.push(`${e.type} ${e.rowId}`),
    });
    await drain(restarted);
    await email.close?.();
    // The server has the message once: the retry found the attempt's record and did not resend.
    const mail = smtp.received.slice(before);
    expect(mail.map((m) => m.parsed.messageId)).toEqual([accepted.messageId]);
    expect(events).toEqual([`dead ${accepted.deliveryId}`]);
    const [dead] = await storage.listOutbox(clinicId, { status: "dead" });
    expect(dead).toMatchObject({ id: accepted.deliveryId, attempts: 2 });
    expect(dead?.lastError).toMatch(/^in doubt: .*probably delivered/);
  });
});

describe("two workers on one PostgreSQL", () => {
  let server: TestPostgres;
  let a: Storage;
  let b: Storage;
  let smtp: TestSmtp;
  beforeAll(async () => {
    server = await startTestPostgres();
    const url = await server.createDatabase();
    a = await createPostgresStorage({ connectionString: url });
    b = await createPostgresStorage({ connectionString: url, migrate: false });
    smtp = await startTestSmtp();
  });
  afterAll(async () => {
    await smtp.close();
    await a?.close();
    await b?.close();
    await server?.stop();
  });

  test("never send the same row twice", async () => {
    const clock = testClock("2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(a);
    const count = 30;
    for (let i = 0; i < count; i += 1) {
      const start = new Date(Date.parse(VISIT) + i * 60 * 60_000).toISOString();
      await bookDirect(a, { clinicId, start, at: clock() });
    }
    clock.advance(2);
    const emailA = smtpChannel(smtp);
    const emailB = smtpChannel(smtp);
    const sentBy = { a: 0, b: 0 };
    const one = testWorker({
      storage: a,
      channels: [emailA],
      clock,
      batchSize: 3,
      onEvent: (e) => {
        if (e.type === "sent") sentBy.a += 1;
      },
    });
    const two = testWorker({
      storage: b,
      channels: [emailB],
      clock,
      batchSize: 3,
      onEvent: (e) => {
        if (e.type === "sent") sentBy.b += 1;
      },
    });
    const loop = async (worker: typeof one) => {
      for (let idle = 0; idle < 3; ) {
        const s = await worker.runOnce();
        idle = s.claimed === 0 ? idle + 1 : 0;
      }
    };
    await Promise.all([loop(one), loop(two), loop(one), loop(two)]);
    await emailA.close?.();
    await emailB.close?.();
    const ids = smtp.received.map((m) => m.parsed.messageId);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
    expect(sentBy.a + sentBy.b).toBe(count);
    expect(await a.listOutbox(clinicId, { status: "pending" })).toHaveLength(count * 2);
    expect(
      (await a.listOutbox(clinicId, { status: "sent" })).filter((r) => r.type === "notify.message"),
    ).toHaveLength(count);
  });
});
