// "Nothing lost, nothing doubled": a worker killed between claim and send, or between send and
// marking the row sent, and two workers on one PostgreSQL racing for the same rows.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { NotificationChannel, OutgoingMessage } from "../../src/notify/channel.js";
import { createInboxChannel } from "../../src/notify/inbox-channel.js";
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

const LEASE_MS = 5 * 60_000;
const VISIT = "2026-03-20T10:00:00Z";

/** A channel whose sends never finish: the process died while the message was on its way. */
function dyingChannel(): NotificationChannel & { called: Promise<OutgoingMessage> } {
  let told: (m: OutgoingMessage) => void = () => {};
  const called = new Promise<OutgoingMessage>((resolve) => {
    told = resolve;
  });
  return {
    name: "email",
    called,
    send(message) {
      told(message);
      return new Promise(() => {});
    },
  };
}

/** The storage as a process that dies right after the provider accepted the message. */
function diesBeforeMarkingSent(storage: Storage): Storage & { reached: Promise<void> } {
  let told: () => void = () => {};
  const reached = new Promise<void>((resolve) => {
    told = resolve;
  });
  return new Proxy(storage, {
    get(target, property) {
      if (property === "reached") return reached;
      if (property === "markOutboxSent") {
        return () => {
          told();
          return new Promise(() => {});
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as Storage & { reached: Promise<void> };
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
    const doomed = testWorker({ storage, channels: [dying], clock, batchSize: 1 });
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

  test("killed after the send but before marking it sent: resent with the same Message-ID, shown once", async () => {
    const clock = testClock("2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(storage);
    await bookDirect(storage, { clinicId, start: VISIT, at: clock() });
    clock.advance(2);
    const before = smtp.received.length;
    const email = smtpChannel(smtp);
    const inbox = createInboxChannel({ name: "email" });
    const tee: NotificationChannel = {
      name: "email",
      async send(message) {
        await inbox.send(message);
        return email.send(message);
      },
    };
    const dying = diesBeforeMarkingSent(storage);
    const doomed = testWorker({ storage: dying, channels: [tee], clock, batchSize: 1 });
    await doomed.runOnce();
    void doomed.runOnce();
    await dying.reached;
    expect(smtp.received.length - before).toBe(1);

    clock.now = new Date(clock.now.getTime() + LEASE_MS);
    const restarted = testWorker({ storage, channels: [tee], clock });
    await drain(restarted);
    await email.close?.();
    // At-least-once: the SMTP server got the message twice, with one Message-ID...
    const mail = smtp.received.slice(before);
    expect(mail).toHaveLength(2);
    expect(new Set(mail.map((m) => m.parsed.messageId)).size).toBe(1);
    // ...and a mailbox that drops duplicates by Message-ID (as the inbox does) shows it once.
    expect(inbox.messages()).toHaveLength(1);
    expect(inbox.messages()[0]?.duplicates).toBe(1);
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
