// Regression: every SMS took two or three segments. One accent (the clinic's "Clínica", the
// Portuguese "marcação") made the whole text UCS-2 (70 characters a segment instead of 160), and
// the full date ("segunda-feira, 9 de março de 2026") filled the rest. SMS texts now use the
// compact date and the GSM 03.38 alphabet; WhatsApp, which has no segments, keeps the accents.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { gsmText, smsSegments } from "../../src/notify/sms-text.js";
import { createWebhookChannel, type WebhookBody } from "../../src/notify/webhook-channel.js";
import type { Storage } from "../../src/storage/storage.js";
import { createTestStorage } from "../../src/testing.js";
import { testClock } from "../helpers.js";
import {
  bookDirect,
  drain,
  endDirect,
  seedSmallClinic,
  startTestWebhook,
  type TestWebhook,
  testWorker,
} from "./helpers.js";

const SECRET = "a-shared-secret-of-the-clinic";
/** A real manage token is 43 base64url characters. */
const TOKEN = "Zk3_q9X-2bV7mN4pL8sT1wY6cR0dE5fG9hJ2kM7nP3q";
const on = (channels: ("sms" | "whatsapp")[]) => ({
  types: {
    new: { enabled: true, channels },
    rescheduled: { enabled: true, channels },
    canceled: { enabled: true, channels },
    no_show: { enabled: true, channels },
    reminder: { enabled: true, channels, offsetsMinutes: [1440] },
  },
});

describe("SMS length", () => {
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

  async function texts(locale: string, channel: "sms" | "whatsapp") {
    hook.requests.length = 0;
    const clock = testClock("2026-03-02T08:00:00Z");
    const clinicId = await seedSmallClinic(storage, { locale });
    const sender = createWebhookChannel({ channel, url: hook.url, secret: SECRET, clock });
    const worker = testWorker({
      storage,
      channels: [sender],
      clock,
      defaults: {
        manageUrl: "https://clinica-sol.pt/marcar#manage={token}",
        settings: on([channel]),
      },
    });
    const apt = await bookDirect(storage, {
      clinicId,
      start: "2026-03-09T09:00:00Z",
      at: clock(),
      manageToken: TOKEN,
    });
    clock.advance(3);
    await drain(worker);
    clock.now = new Date("2026-03-08T09:00:00Z");
    await drain(worker);
    clock.advance(30);
    await endDirect(storage, clinicId, apt.id, "canceled", clock());
    clock.advance(3);
    await drain(worker);
    return hook.requests.map((r) => JSON.parse(r.body) as WebhookBody);
  }

  test.each(["pt-PT", "es-ES", "en-GB"])(
    "regression: %s confirmations, reminders and cancellations fit one GSM-7 segment",
    async (locale) => {
      const sent = await texts(locale, "sms");
      expect(sent.map((b) => b.kind)).toEqual(["new", "reminder", "canceled"]);
      for (const body of sent) {
        expect(smsSegments(body.text), body.text).toMatchObject({
          encoding: "GSM-7",
          segments: 1,
        });
        expect(body.text).not.toMatch(/2026/);
      }
      // The link still works: the token is GSM as it is.
      expect(sent[0]?.text).toContain(`#manage=${TOKEN}`);
      expect(sent[0]?.text.startsWith("Clinica Sol: ")).toBe(true);
    },
  );

  test("Portuguese SMS read plainly; WhatsApp keeps the accents", async () => {
    const [sms] = await texts("pt-PT", "sms");
    expect(sms?.text).toBe(
      `Clinica Sol: Physiotherapy marcado para segunda, 9/03 09:00. https://clinica-sol.pt/marcar#manage=${TOKEN}`,
    );
    const [whatsapp] = await texts("pt-PT", "whatsapp");
    expect(whatsapp?.text).toMatch(/^Clínica Sol: Physiotherapy marcado para segunda, 9\/03 09:00/);
  });

  test("gsmText keeps GSM letters, strips the accents GSM lacks, leaves other scripts alone", () => {
    expect(gsmText("Clínica: marcação às 09:00 · Conceição")).toBe(
      "Clinica: marcacao às 09:00 - Conceicao",
    );
    expect(gsmText("Peñíscola, Müller, café, Ça")).toBe("Peñiscola, Müller, café, Ça");
    expect(gsmText("Olá 👋")).toBe("Olá 👋");
    expect(smsSegments("a".repeat(160))).toEqual({ encoding: "GSM-7", units: 160, segments: 1 });
    expect(smsSegments("a".repeat(161)).segments).toBe(2);
    expect(smsSegments("€".repeat(80))).toEqual({ encoding: "GSM-7", units: 160, segments: 1 });
    expect(smsSegments("í".repeat(71))).toEqual({ encoding: "UCS-2", units: 71, segments: 2 });
  });
});
