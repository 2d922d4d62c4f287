// SMS / WhatsApp through the signed webhook, received by a real HTTP server on 127.0.0.1: the
// signature verifies, retries keep the Idempotency-Key, a 4xx ends in the dead letters, and a dead
// letter can be queued again.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listDeadLetters, retryDeadLetter } from "../../src/notify/dead-letters.js";
import {
  createWebhookChannel,
  verifyWebhookSignature,
  type WebhookBody,
} from "../../src/notify/webhook-channel.js";
import type { Storage } from "../../src/storage/storage.js";
import { createTestStorage } from "../../src/testing.js";
import { testClock } from "../helpers.js";
import {
  bookDirect,
  drain,
  seedSmallClinic,
  startTestWebhook,
  type TestWebhook,
  testWorker,
} from "./helpers.js";

const SECRET = "a-shared-secret-of-the-clinic";
const SMS_ONLY = {
  types: {
    new: { enabled: true, channels: ["sms" as const] },
    rescheduled: { enabled: true, channels: ["sms" as const] },
    canceled: { enabled: true, channels: ["sms" as const] },
    no_show: { enabled: false, channels: ["sms" as const] },
    reminder: { enabled: false, channels: ["sms" as const] },
  },
};

describe("webhook channel", () => {
  let hook: TestWebhook;
  let storage: Storage;
  beforeAll(async () => {
    hook = await startTestWebhook();
    storage = await createTestStorage();
  });
  afterAll(async () => {
    await hook.close();
    await storage.close();
  });

  async function setup() {
    hook.requests.length = 0;
    hook.answers.length = 0;
    const clock = testClock("2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(storage);
    const sms = createWebhookChannel({ channel: "sms", url: hook.url, secret: SECRET, clock });
    const worker = testWorker({
      storage,
      channels: [sms],
      clock,
      defaults: { settings: SMS_ONLY },
    });
    return { clock, clinicId, worker };
  }

  test("POSTs signed JSON with a timestamp and an Idempotency-Key, and no more than the short text", async () => {
    const t = await setup();
    const apt = await bookDirect(storage, {
      clinicId: t.clinicId,
      start: "2026-03-20T10:00:00Z",
      at: t.clock(),
      manageToken: "tok_123",
    });
    t.clock.advance(2);
    const summary = await drain(t.worker);
    expect(summary.sent).toBe(1);
    expect(hook.requests).toHaveLength(1);
    const [request] = hook.requests;
    if (!request) throw new Error("no request");
    const signature = request.headers["x-bookwell-signature"] as string;
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(request.body, signature, SECRET)).toBe(true);
    expect(verifyWebhookSignature(request.body, signature, `${SECRET}-other`)).toBe(false);
    expect(verifyWebhookSignature(`${request.body} `, signature, SECRET)).toBe(false);
    const body = JSON.parse(request.body) as WebhookBody;
    expect(request.headers["x-bookwell-timestamp"]).toBe(String(body.sentAt));
    expect(body.sentAt).toBe(Date.parse("2026-03-10T08:02:00Z") / 1000);
    expect(
      verifyWebhookSignature(request.body, signature, SECRET, {
        maxAgeSeconds: 300,
        now: new Date("2026-03-10T08:03:00Z"),
      }),
    ).toBe(true);
    expect(
      verifyWebhookSignature(request.body, signature, SECRET, {
        maxAgeSeconds: 300,
        now: new Date("2026-03-10T09:00:00Z"),
      }),
    ).toBe(false);
    expect(request.headers["idempotency-key"]).toBe(body.id);
    expect(body).toEqual({
      id: expect.stringMatching(/^msg:/),
      channel: "sms",
      kind: "new",
      clinicId: t.clinicId,
      appointmentId: apt.id,
      locale: "en-GB",
      to: { name: "Maria Santos", phone: "+351912345678" },
      from: { name: "Clínica Sol" },
      // One SMS segment: the compact date, and GSM 03.38 letters only (docs: "SMS length").
      text: "Clinica Sol: Physiotherapy booked for Fri 20 Mar 10:00. https://clinic.test/booking#manage=tok_123",
      sentAt: body.sentAt,
    });
  });

  test("a 503 is retried with the same Idempotency-Key; a 400 goes to the dead letters, and a retry resends it", async () => {
    const t = await setup();
    await bookDirect(storage, {
      clinicId: t.clinicId,
      start: "2026-03-20T10:00:00Z",
      at: t.clock(),
    });
    t.clock.advance(2);
    hook.answers.push(503);
    const first = await drain(t.worker);
    expect(first.retried).toBe(1);
    const [pending] = (await storage.listOutbox(t.clinicId, { status: "pending" })).filter(
      (r) => r.type === "notify.message",
    );
    expect(pending?.lastError).toBe("webhook answered 503: nope");
    t.clock.now = new Date(pending?.nextAttemptAt ?? 0);
    hook.answers.push(400);
    const second = await drain(t.worker);
    expect(second.dead).toBe(1);
    expect(hook.requests.map((r) => r.headers["idempotency-key"])).toEqual([
      pending?.id,
      pending?.id,
    ]);

    const dead = await listDeadLetters(storage, t.clinicId);
    expect(dead).toEqual([
      {
        id: pending?.id,
        type: "notify.message",
        kind: "new",
        channel: "sms",
        appointmentId: expect.any(String),
        attempts: 2,
        lastError: "webhook answered 400: nope",
        dueAt: "2026-03-10T08:02:00.000Z",
        createdAt: expect.any(String),
      },
    ]);
    const again = await retryDeadLetter(storage, t.clinicId, pending?.id ?? "", t.clock());
    expect(again?.id).toMatch(/~retry-\d+$/);
    expect(await retryDeadLetter(storage, t.clinicId, "no-such-row", t.clock())).toBeUndefined();
    const third = await drain(t.worker);
    expect(third.sent).toBe(1);
    expect(hook.requests.map((r) => r.headers["idempotency-key"])).toEqual([
      pending?.id,
      pending?.id,
      pending?.id,
    ]);
    expect((await listDeadLetters(storage, t.clinicId))[0]?.retriedAs).toBe(again?.id);
  });

  test("a visit without a phone number gets no SMS; refuses a short secret", async () => {
    const t = await setup();
    await bookDirect(storage, {
      clinicId: t.clinicId,
      start: "2026-03-20T10:00:00Z",
      at: t.clock(),
      details: { contact: { name: "Rui", email: "rui@example.com" } },
    });
    await storage.putClient(t.clinicId, { id: "maria", name: "Maria Santos" });
    t.clock.advance(2);
    const summary = await drain(t.worker);
    expect(summary.sent).toBe(0);
    expect(hook.requests).toHaveLength(0);
    expect(() => createWebhookChannel({ channel: "sms", url: hook.url, secret: "short" })).toThrow(
      /at least 16/,
    );
  });
});
