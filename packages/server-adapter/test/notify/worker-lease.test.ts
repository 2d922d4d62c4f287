// The worker's claims, its send records and its storage: a send longer than the lease keeps its
// row (heartbeat), a poll that fails because the database is down is one log line and the next
// poll goes on, a send the provider accepted while the storage was failing is marked later and
// never sent again, an error after the handover without an answer is in doubt while a refusal is
// retried.

import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { NotificationChannel, OutgoingMessage } from "../../src/notify/channel.js";
import { createInboxChannel } from "../../src/notify/inbox-channel.js";
import { createOutboxWorker, type WorkerEvent } from "../../src/notify/worker.js";
import type { Storage } from "../../src/storage/storage.js";
import { createTestStorage } from "../../src/testing.js";
import { testClock } from "../helpers.js";
import { bookDirect, drain, seedSmallClinic, testWorker } from "./helpers.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An e-mail channel that hands messages over (as SMTP does) and keeps them. */
function handoverChannel(): NotificationChannel & { delivered: OutgoingMessage[] } {
  const delivered: OutgoingMessage[] = [];
  return {
    name: "email",
    dedupe: "handover",
    delivered,
    async send(message, options) {
      await options?.beforeHandover?.();
      delivered.push(message);
      return {};
    },
  };
}

/** A handover channel whose sends wait until the test opens the gate. */
function gatedChannel() {
  const inner = handoverChannel();
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let started: () => void = () => {};
  const begun = new Promise<void>((resolve) => {
    started = resolve;
  });
  const channel: NotificationChannel & { delivered: OutgoingMessage[] } = {
    ...inner,
    async send(message, options) {
      started();
      await gate;
      return inner.send(message, options);
    },
  };
  return Object.assign(channel, { open, begun });
}

/** The storage with `method` replaced while `when()` is true. */
function failing<K extends keyof Storage>(
  storage: Storage,
  method: K,
  when: () => boolean,
  error: () => Error,
): Storage {
  return new Proxy(storage, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (property === method) {
        return (...args: unknown[]) =>
          when() ? Promise.reject(error()) : (value as (...a: unknown[]) => unknown)(...args);
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("the worker's lease and its storage", () => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await createTestStorage();
  });
  afterAll(async () => {
    await storage.close();
  });

  test("a send longer than the lease keeps its row: the heartbeat renews it and no other worker takes it", async () => {
    const clock = testClock("2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(storage);
    await bookDirect(storage, { clinicId, start: "2026-03-20T09:00:00Z", at: clock() });
    clock.advance(2);
    const slow = gatedChannel();
    // A lease of 1 s, renewed every 333 ms of real time with the (test) clock's time.
    const first = testWorker({ storage, channels: [slow], clock, leaseMs: 1_000, batchSize: 1 });
    const second = testWorker({ storage, channels: [slow], clock, leaseMs: 1_000 });
    expect(await first.runOnce()).toMatchObject({ planned: 1 });
    const sending = first.runOnce();
    await slow.begun;
    const message = async () =>
      (await storage.listOutbox(clinicId)).find((r) => r.type === "notify.message");
    const claimedUntil = Date.parse((await message())?.lockedUntil ?? "");
    expect(claimedUntil).toBe(clock().getTime() + 1_000);
    // The send is still running 900 ms later: the heartbeat moves the lease on from there.
    clock.now = new Date(clock().getTime() + 900);
    for (let i = 0; i < 500; i += 1) {
      if (Date.parse((await message())?.lockedUntil ?? "") > claimedUntil) break;
      await sleep(10);
    }
    expect(Date.parse((await message())?.lockedUntil ?? "")).toBe(clock().getTime() + 1_000);
    // Past the first lease, inside the renewed one: another worker claims nothing.
    clock.now = new Date(clock().getTime() + 600);
    expect(await second.runOnce()).toMatchObject({ claimed: 0 });
    slow.open();
    expect(await sending).toMatchObject({ claimed: 1, sent: 1 });
    expect(slow.delivered).toHaveLength(1);
    expect(await message()).toMatchObject({ status: "sent", attempts: 1 });
  });

  test("a poll that fails because the database is unreachable logs one line and the next poll goes on", async () => {
    const clock = testClock("2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(storage);
    await bookDirect(storage, { clinicId, start: "2026-03-20T10:00:00Z", at: clock() });
    clock.advance(2);
    let outage = 3;
    const down = failing(
      storage,
      "claimDueOutbox",
      () => outage-- > 0,
      () => new Error("connect ECONNREFUSED 127.0.0.1:5432"),
    );
    const inbox = createInboxChannel();
    const lines: string[] = [];
    const errors = vi.spyOn(console, "error").mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    try {
      // The default logger: no logError given.
      const worker = createOutboxWorker({ storage: down, channels: [inbox], clock, pollMs: 20 });
      worker.start();
      for (let i = 0; i < 500 && inbox.messages().length === 0; i += 1) await sleep(10);
      expect(worker.running).toBe(true);
      await worker.stop();
    } finally {
      errors.mockRestore();
    }
    expect(inbox.messages().map((m) => m.kind)).toEqual(["new"]);
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).toBe(
        "bookwell outbox worker: poll failed, trying again in 20 ms: connect ECONNREFUSED 127.0.0.1:5432",
      );
    }
  });

  test("a logger that throws does not stop the worker", async () => {
    const clock = testClock("2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(storage);
    await bookDirect(storage, { clinicId, start: "2026-03-20T11:00:00Z", at: clock() });
    clock.advance(2);
    let outage = 2;
    const down = failing(
      storage,
      "claimDueOutbox",
      () => outage-- > 0,
      () => new Error("Connection terminated unexpectedly"),
    );
    const inbox = createInboxChannel();
    const worker = testWorker({
      storage: down,
      channels: [inbox],
      clock,
      pollMs: 20,
      logError: () => {
        throw new Error("the log is full");
      },
    });
    worker.start();
    for (let i = 0; i < 500 && inbox.messages().length === 0; i += 1) await sleep(10);
    await worker.stop();
    expect(inbox.messages()).toHaveLength(1);
  });

  test("accepted while the storage failed: the row is marked sent at the next poll and never sent again", async () => {
    const clock = testClock("2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(storage);
    await bookDirect(storage, { clinicId, start: "2026-03-20T12:00:00Z", at: clock() });
    clock.advance(2);
    const email = handoverChannel();
    let fail = false;
    const flaky = failing(
      storage,
      "transaction",
      () => fail,
      () => new Error("Connection terminated unexpectedly"),
    );
    const events: WorkerEvent[] = [];
    const logged: unknown[] = [];
    const worker = testWorker({
      storage: flaky,
      channels: [
        {
          ...email,
          async send(message, options) {
            const receipt = await email.send(message, options);
            fail = true; // the database goes away right after the server's 250
            return receipt;
          },
        },
      ],
      clock,
      onEvent: (e) => events.push(e),
      logError: (error) => logged.push(error),
    });
    expect(await worker.runOnce()).toMatchObject({ planned: 1 });
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, sent: 0, retried: 0, dead: 0 });
    expect(email.delivered).toHaveLength(1);
    expect(String(logged[0])).toMatch(/was accepted but its outbox row could not be marked sent/);
    fail = false;
    expect(await worker.runOnce()).toMatchObject({ sent: 1 });
    expect(events.at(-1)).toMatchObject({
      type: "sent",
      detail: "marked after the storage came back",
    });
    // Later polls, and the lease running out, never send it again.
    clock.advance(60);
    await drain(worker);
    expect(email.delivered).toHaveLength(1);
    const message = (await storage.listOutbox(clinicId)).find((r) => r.type === "notify.message");
    expect(message).toMatchObject({ status: "sent", attempts: 1 });
  });

  test("a send that fails after the handover without an answer is in doubt at once; a refusal is retried", async () => {
    const clock = testClock("2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(storage);
    await bookDirect(storage, { clinicId, start: "2026-03-20T13:00:00Z", at: clock() });
    await bookDirect(storage, { clinicId, start: "2026-03-21T13:00:00Z", at: clock() });
    clock.advance(2);
    const answers = [
      // The connection dropped after the final ".": the server may have the message.
      Object.assign(new Error("Connection closed unexpectedly"), { code: "ECONNECTION" }),
      // The server answered 451 to the final ".": it does not have it.
      Object.assign(new Error("Message failed: 451 try again"), { responseCode: 451 }),
    ];
    const tries: string[] = [];
    const email: NotificationChannel = {
      name: "email",
      dedupe: "handover",
      async send(message, options) {
        await options?.beforeHandover?.();
        tries.push(message.deliveryId);
        const answer = answers.shift();
        if (answer) throw answer;
        return {};
      },
    };
    const worker = testWorker({ storage, channels: [email], clock });
    await drain(worker);
    clock.advance(5); // past the 451's backoff
    await drain(worker);
    const rows = (await storage.listOutbox(clinicId)).filter((r) => r.type === "notify.message");
    const dead = rows.filter((r) => r.status === "dead");
    const sent = rows.filter((r) => r.status === "sent");
    expect(dead).toHaveLength(1);
    expect(dead[0]?.lastError).toMatch(/^in doubt: .*Connection closed unexpectedly/);
    expect(dead[0]?.attempts).toBe(1);
    // The refused one was tried again (its record released with the failure) and went out.
    expect(sent).toHaveLength(1);
    expect(sent[0]?.attempts).toBe(2);
    expect(tries.filter((id) => id === sent[0]?.id)).toHaveLength(2);
    expect(tries.filter((id) => id === dead[0]?.id)).toHaveLength(1);
  });

  test("a channel without a handover point: an error it throws is retried, not in doubt", async () => {
    const clock = testClock("2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(storage);
    await bookDirect(storage, { clinicId, start: "2026-03-20T14:00:00Z", at: clock() });
    clock.advance(2);
    let failures = 1;
    const delivered: OutgoingMessage[] = [];
    const api: NotificationChannel = {
      name: "email",
      async send(message) {
        if (failures-- > 0) throw new Error("fetch failed: ECONNRESET");
        delivered.push(message);
        return {};
      },
    };
    const worker = testWorker({ storage, channels: [api], clock });
    await drain(worker);
    clock.advance(1);
    await drain(worker);
    expect(delivered).toHaveLength(1);
    const message = (await storage.listOutbox(clinicId)).find((r) => r.type === "notify.message");
    expect(message).toMatchObject({ status: "sent", attempts: 2 });
  });

  test("a lease under one second is refused", () => {
    expect(() => createOutboxWorker({ storage, channels: [], leaseMs: 500 })).toThrow(RangeError);
  });
});
