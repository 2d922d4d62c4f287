// No message of any channel carries clinical notes, case details or invoice lines: a visit full of
// them goes through every kind of message (and the series e-mail) on e-mail (real SMTP), SMS (real webhook) and WhatsApp
// (inbox), and none of the secrets shows up anywhere in what left the worker.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createInboxChannel } from "../../src/notify/inbox-channel.js";
import { createWebhookChannel } from "../../src/notify/webhook-channel.js";
import type { Storage } from "../../src/storage/storage.js";
import { testClock } from "../helpers.js";
import { storageFactories } from "../storages.js";
import {
  bookDirect,
  drain,
  endDirect,
  moveDirect,
  seedSmallClinic,
  smtpChannel,
  startTestSmtp,
  startTestWebhook,
  type TestSmtp,
  type TestWebhook,
  testWorker,
} from "./helpers.js";

const ALL = ["email", "sms", "whatsapp"] as const;
const everywhere = { enabled: true, channels: [...ALL] };

describe.each(storageFactories)("privacy on $name", (factory) => {
  let storage: Storage;
  let smtp: TestSmtp;
  let hook: TestWebhook;
  beforeAll(async () => {
    storage = await factory.create();
    smtp = await startTestSmtp();
    hook = await startTestWebhook();
  });
  afterAll(async () => {
    await hook.close();
    await smtp.close();
    await storage.close();
  });

  test("notes, case details and invoice lines never appear in any rendered message", async () => {
    const clock = testClock("2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(storage);
    await storage.putClient(clinicId, {
      id: "maria",
      name: "Maria Santos",
      email: "maria@example.com",
      phone: "+351912345678",
      extra: { history: "SECRET-CLIENT-HISTORY herniated disc" },
    });
    const secrets = {
      caseDetails: { diagnosis: "SECRET-CASE-DIAGNOSIS" },
      invoice: { lines: [{ text: "SECRET-INVOICE-LINE manual therapy", amount: 4500 }] },
      notes: "SECRET-EXTRA-NOTES",
    };
    const visits = [];
    for (const start of ["2026-03-20T10:00:00Z", "2026-03-21T10:00:00Z"]) {
      const apt = await bookDirect(storage, {
        clinicId,
        start,
        at: clock(),
        manageToken: "tok_privacy",
        details: { patientMessage: "SECRET-PATIENT-MESSAGE my back hurts" },
        extra: secrets,
      });
      await storage.addAppointmentNote(clinicId, {
        id: `note-${apt.id}`,
        appointmentId: apt.id,
        author: "user:ana",
        text: "SECRET-CLINICAL-NOTE L4-L5 protrusion",
      });
      // A change row with more than the contract asks for: the worker must ignore the extras.
      await storage.enqueueOutbox(clinicId, {
        type: "email.booking_confirmed",
        payload: {
          appointmentId: apt.id,
          notes: "SECRET-PAYLOAD-NOTES",
          invoiceLines: ["SECRET-PAYLOAD-INVOICE"],
          caseId: "SECRET-PAYLOAD-CASE",
        },
        dueAt: clock(),
      });
      visits.push(apt);
    }
    const [first, second] = visits;
    if (!first || !second) throw new Error("no visits");
    // The one e-mail confirming a series booked together, its row carrying extras to ignore.
    await storage.enqueueOutbox(clinicId, {
      type: "notify.series",
      payload: {
        v: 1,
        visits: visits.map((v) => ({ appointmentId: v.id, manageToken: "tok_privacy" })),
        notes: "SECRET-SERIES-NOTES",
      },
      dueAt: clock(),
    });

    const email = smtpChannel(smtp);
    const sms = createWebhookChannel({
      channel: "sms",
      url: hook.url,
      secret: "privacy-test-secret-123",
      clock,
    });
    const whatsapp = createInboxChannel({ name: "whatsapp", clock });
    const worker = testWorker({
      storage,
      channels: [email, sms, whatsapp],
      clock,
      defaults: {
        settings: {
          types: {
            new: everywhere,
            rescheduled: everywhere,
            canceled: everywhere,
            no_show: everywhere,
            reminder: everywhere,
          },
        },
        // The provider hears about every change too: those notices must be as clean.
        providers: [
          {
            providerId: "ana",
            noticeEmail: "ana@clinic.test",
            noticeKinds: ["new", "rescheduled", "canceled", "no_show"],
          },
        ],
      },
    });
    const smtpBefore = smtp.received.length;
    const at = async (iso: string) => {
      clock.now = new Date(iso);
      await drain(worker);
    };
    await at("2026-03-10T08:05:00Z");
    await moveDirect(storage, clinicId, first.id, "2026-03-20T11:00:00Z", clock());
    await at("2026-03-10T09:00:00Z");
    await at("2026-03-19T11:00:00Z"); // 24 h reminder of the first visit
    await endDirect(storage, clinicId, first.id, "canceled", clock());
    await at("2026-03-19T11:05:00Z");
    await at("2026-03-20T10:00:00Z"); // 24 h reminder of the second visit
    await at("2026-03-21T09:00:00Z"); // its 1 h reminder
    await at("2026-03-21T11:00:00Z");
    await endDirect(storage, clinicId, second.id, "no_show", clock());
    await at("2026-03-21T11:05:00Z");
    await email.close?.();

    const mail = smtp.received.slice(smtpBefore);
    const kinds = [
      "new",
      "new",
      "rescheduled",
      "reminder",
      "canceled",
      "reminder",
      "reminder",
      "no_show",
    ];
    const notices = mail.filter((m) => m.raw.includes("ana@clinic.test"));
    expect(notices.map((m) => m.parsed.subject?.split(":")[0])).toEqual([
      "New booking",
      "New booking",
      "Booking moved",
      "Booking canceled",
      "No-show",
    ]);
    const series = mail.filter((m) => m.parsed.subject?.endsWith("2 sessions booked"));
    expect(series).toHaveLength(1);
    expect(mail).toHaveLength(kinds.length + notices.length + series.length);
    expect(hook.requests.map((r) => JSON.parse(r.body).kind).sort()).toEqual([...kinds].sort());
    expect(whatsapp.messages()).toHaveLength(kinds.length);

    const outputs = [
      ...mail.flatMap((m) => [
        m.raw,
        m.parsed.subject ?? "",
        m.parsed.text ?? "",
        String(m.parsed.html),
        m.ics ?? "",
        ...m.parsed.attachments.map((a) => a.content.toString("utf8")),
      ]),
      ...hook.requests.map((r) => r.body),
      ...whatsapp.messages().map((m) => JSON.stringify(m)),
      whatsapp.renderPage(),
    ];
    expect(outputs.join("\n")).toContain("Maria Santos");
    for (const output of outputs) expect(output).not.toMatch(/SECRET/);
  });
});
