// The worker's life cycle and edges: graceful stop, wake-ups, rows it cannot handle, and the
// pieces it is built from (templates per language with clinic overrides, invites, the inbox page).

import { describe, expect, onTestFinished, test } from "vitest";
import type { NotificationChannel, OutgoingMessage } from "../../src/notify/channel.js";
import { isPermanentFailure, permanentFailure } from "../../src/notify/channel.js";
import { messageIdFor } from "../../src/notify/compose.js";
import { listDeadLetters, retryDeadLetter } from "../../src/notify/dead-letters.js";
import { createInboxChannel } from "../../src/notify/inbox-channel.js";
import { buildInvite } from "../../src/notify/invite.js";
import { manageLink } from "../../src/notify/profile.js";
import { afterQuietHours } from "../../src/notify/quiet-hours.js";
import {
  DEFAULT_TEMPLATES,
  fillTemplate,
  type MessageView,
  renderMessage,
  templateLanguage,
} from "../../src/notify/templates.js";
import { createTestStorage } from "../../src/testing.js";
import { testClock } from "../helpers.js";
import { bookDirect, drain, seedSmallClinic, testWorker } from "./helpers.js";

/** A channel whose sends wait until the test lets them finish. */
function gatedChannel() {
  const sent: OutgoingMessage[] = [];
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let started: () => void = () => {};
  const begun = new Promise<void>((resolve) => {
    started = resolve;
  });
  const channel: NotificationChannel = {
    name: "email",
    async send(message) {
      started();
      await gate;
      sent.push(message);
      return {};
    },
  };
  return { channel, sent, open, begun };
}

describe("outbox worker", () => {
  test("stop() waits for the send in flight and its row is marked sent", async () => {
    const storage = await createTestStorage();
    onTestFinished(() => storage.close());
    const clock = testClock("2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(storage);
    await bookDirect(storage, { clinicId, start: "2026-03-20T10:00:00Z", at: clock() });
    clock.advance(2);
    const gated = gatedChannel();
    const worker = testWorker({ storage, channels: [gated.channel], clock, pollMs: 5 });
    worker.start();
    expect(worker.running).toBe(true);
    await gated.begun;
    let stopped = false;
    const stopping = worker.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(stopped).toBe(false);
    gated.open();
    await stopping;
    expect(worker.running).toBe(false);
    expect(gated.sent).toHaveLength(1);
    const sent = await storage.listOutbox(clinicId, { status: "sent" });
    expect(sent.filter((r) => r.type === "notify.message")).toHaveLength(1);
    // Stopped means stopped: nothing more is claimed.
    await bookDirect(storage, { clinicId, start: "2026-03-21T10:00:00Z", at: clock() });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await storage.listOutbox(clinicId, { status: "pending" })).length).toBeGreaterThan(0);
  });

  test("wake() polls at once instead of waiting for the next tick", async () => {
    const storage = await createTestStorage();
    onTestFinished(() => storage.close());
    const clock = testClock("2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(storage);
    const inbox = createInboxChannel();
    const worker = testWorker({
      storage,
      channels: [inbox],
      clock,
      pollMs: 60_000,
      defaults: { settings: { coalesceMinutes: 0 } },
    });
    worker.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await bookDirect(storage, { clinicId, start: "2026-03-20T10:00:00Z", at: clock() });
    worker.wake();
    for (let i = 0; i < 500 && inbox.messages().length === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      worker.wake();
    }
    await worker.stop();
    expect(inbox.messages().map((m) => m.kind)).toEqual(["new"]);
  });

  test("rows it cannot handle go straight to the dead letters", async () => {
    const storage = await createTestStorage();
    onTestFinished(() => storage.close());
    const clock = testClock("2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(storage);
    await storage.enqueueOutbox(clinicId, {
      id: "odd",
      type: "fax.send",
      payload: {},
      dueAt: clock(),
    });
    await storage.enqueueOutbox(clinicId, {
      id: "broken",
      type: "email.booking_confirmed",
      payload: { nothing: true },
      dueAt: clock(),
    });
    await storage.enqueueOutbox(clinicId, {
      id: "gone",
      type: "email.booking_confirmed",
      payload: { appointmentId: "apt_missing" },
      dueAt: clock(),
    });
    const worker = testWorker({ storage, channels: [createInboxChannel()], clock });
    const summary = await drain(worker);
    expect(summary).toMatchObject({ dead: 2, planned: 1 });
    const dead = await storage.listOutbox(clinicId, { status: "dead" });
    expect(dead.map((r) => [r.id, r.lastError]).sort()).toEqual([
      ["broken", "invalid email.booking_confirmed payload"],
      ["odd", "no handler for outbox type fax.send"],
    ]);
  });

  test("rows of other types go to the handlers given for them", async () => {
    const storage = await createTestStorage();
    onTestFinished(() => storage.close());
    const clock = testClock("2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(storage);
    await storage.enqueueOutbox(clinicId, {
      id: "hook-1",
      type: "webhook.appointment_changed",
      payload: { appointmentId: "apt_1" },
      dueAt: clock(),
    });
    const seen: string[] = [];
    let failures = 1;
    const worker = testWorker({
      storage,
      channels: [],
      clock,
      handlers: {
        "webhook.appointment_changed": async (row) => {
          seen.push(row.id);
          if (failures-- > 0) throw new Error("integrator down");
        },
      },
    });
    expect(await drain(worker)).toMatchObject({ retried: 1 });
    clock.advance(1);
    expect(await drain(worker)).toMatchObject({ sent: 1 });
    expect(seen).toEqual(["hook-1", "hook-1"]);
    const [row] = await storage.listOutbox(clinicId, { status: "sent" });
    expect(row?.id).toBe("hook-1");
  });

  test("a change row that died while planning plans its message when retried", async () => {
    const storage = await createTestStorage();
    onTestFinished(() => storage.close());
    const clock = testClock("2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(storage);
    await bookDirect(storage, { clinicId, start: "2026-03-20T10:00:00Z", at: clock() });
    const broken = testWorker({
      storage,
      channels: [createInboxChannel()],
      clock,
      maxAttempts: 1,
      clinicResolver: async () => {
        throw new Error("settings service down");
      },
    });
    clock.advance(5);
    expect(await drain(broken)).toMatchObject({ dead: 1 });
    const [dead] = await listDeadLetters(storage, clinicId);
    expect(dead).toMatchObject({
      type: "email.booking_confirmed",
      lastError: "settings service down",
    });
    clock.advance(60);
    await retryDeadLetter(storage, clinicId, dead?.id ?? "", clock());
    const inbox = createInboxChannel();
    const fixed = testWorker({ storage, channels: [inbox], clock });
    await drain(fixed);
    expect(inbox.messages().map((m) => m.kind)).toEqual(["new"]);
  });

  test("a channel that is not configured makes the message a dead letter, not a silent loss", async () => {
    const storage = await createTestStorage();
    onTestFinished(() => storage.close());
    const clock = testClock("2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(storage);
    await storage.enqueueOutbox(clinicId, {
      id: "sms-without-channel",
      type: "notify.message",
      payload: {
        v: 1,
        kind: "reminder",
        channel: "sms",
        rootId: "apt_1",
        appointmentId: "apt_1",
        start: "2026-03-20T10:00:00.000Z",
        sequence: 0,
        key: "k",
      },
      dueAt: clock(),
    });
    await bookDirect(storage, {
      clinicId,
      start: "2026-03-20T10:00:00Z",
      at: clock(),
      id: "apt_1",
    });
    const worker = testWorker({ storage, channels: [createInboxChannel()], clock });
    await drain(worker);
    const [dead] = await storage.listOutbox(clinicId, { status: "dead" });
    expect(dead?.lastError).toBe("no sms channel is configured");
  });
});

describe("message parts", () => {
  const view: MessageView = {
    kind: "new",
    language: "es",
    clinicName: "Clínica <Sol>",
    clinicAddress: "Calle Mayor 1, Madrid",
    clientName: "Lucía",
    serviceName: "Fisioterapia",
    providerName: "Ana",
    date: "viernes, 20 de marzo de 2026",
    time: "10:00",
    timeZone: "Europe/Madrid",
    manageUrl: "https://clinic.test/m?token=a&b=1",
  };

  test("templates: built-in texts per language, clinic overrides, HTML escaped", () => {
    const plain = renderMessage(view);
    expect(plain.subject).toBe(
      "Cita confirmada: Fisioterapia el viernes, 20 de marzo de 2026 a las 10:00",
    );
    expect(plain.text).toContain("Hola Lucía,");
    expect(plain.text).toContain("Cambiar o cancelar: https://clinic.test/m?token=a&b=1");
    expect(plain.html).toContain("Clínica &lt;Sol&gt;");
    expect(plain.html).not.toContain("<Sol>");
    expect(plain.html).toContain('href="https://clinic.test/m?token=a&amp;b=1"');
    const own = renderMessage(view, {
      es: { new: { subject: "¡Hasta pronto, {client}! {service} {date} {unknown}" } },
    });
    expect(own.subject).toBe(
      "¡Hasta pronto, Lucía! Fisioterapia viernes, 20 de marzo de 2026 {unknown}",
    );
    expect(own.text).toContain(plain.text.split("\n")[2] ?? "missing");
    for (const language of ["en", "pt", "es"] as const) {
      for (const kind of ["new", "rescheduled", "canceled", "no_show", "reminder"] as const) {
        const texts = DEFAULT_TEMPLATES[language][kind];
        expect(texts.subject.length).toBeGreaterThan(10);
        expect(texts.short.length).toBeLessThan(120);
      }
    }
    expect(templateLanguage("pt-BR")).toBe("pt");
    expect(templateLanguage("de-DE")).toBe("en");
    expect(templateLanguage(undefined)).toBe("en");
    expect(fillTemplate("{a}{b}", { a: "1" })).toBe("1{b}");
  });

  test("invites: REQUEST and CANCEL in UTC with the UID and SEQUENCE given", () => {
    const base = {
      uid: "apt_1@clinic.test",
      start: "2026-03-20T10:00:00.000Z",
      end: "2026-03-20T10:50:00.000Z",
      stamp: "2026-03-10T08:00:00.000Z",
      title: "Fisioterapia",
      organizer: { name: "Clínica Sol", email: "hello@clinic.test" },
      attendee: { name: "Lucía", email: "lucia@example.com" },
    };
    const request = buildInvite({ ...base, sequence: 0, method: "REQUEST" }).content;
    expect(request).toContain("METHOD:REQUEST");
    expect(request).toContain("UID:apt_1@clinic.test");
    expect(request).toContain("DTSTART:20260320T100000Z");
    expect(request).toContain("DTSTAMP:20260310T080000Z");
    expect(request).toContain("STATUS:CONFIRMED");
    const unfolded = request.replace(/\r\n[ \t]/g, "");
    expect(unfolded).toMatch(/^ORGANIZER;CN="Clínica Sol":mailto:hello@clinic\.test\r$/im);
    expect(unfolded).toMatch(/^ATTENDEE;[^\r\n]*:mailto:lucia@example\.com\r$/im);
    const anonymous = buildInvite({
      ...base,
      organizer: { name: "Clínica Sol" },
      attendee: { name: "Lucía" },
      sequence: 0,
      method: "REQUEST",
    }).content;
    expect(anonymous).not.toMatch(/ORGANIZER|ATTENDEE/);
    const cancel = buildInvite({ ...base, sequence: 3, method: "CANCEL" });
    expect(cancel.filename).toBe("cancel.ics");
    expect(cancel.content).toContain("METHOD:CANCEL");
    expect(cancel.content).toContain("SEQUENCE:3");
    expect(cancel.content).toContain("STATUS:CANCELLED");
    expect(() =>
      buildInvite({ ...base, start: "not a date", sequence: 0, method: "REQUEST" }),
    ).toThrow(/not an instant/);
  });

  test("quiet hours end in local time, across a DST change too", () => {
    const quiet = { start: "21:00", end: "08:00" };
    const at = (zone: string, iso: string) =>
      new Date(afterQuietHours(zone, Date.parse(iso), quiet)).toISOString();
    expect(at("Europe/Lisbon", "2026-03-10T20:00:00Z")).toBe("2026-03-10T20:00:00.000Z");
    expect(at("Europe/Lisbon", "2026-03-10T23:00:00Z")).toBe("2026-03-11T08:00:00.000Z");
    expect(at("Europe/Lisbon", "2026-03-11T03:00:00Z")).toBe("2026-03-11T08:00:00.000Z");
    // The night of 28–29 March: Lisbon moves to summer time, 08:00 is 07:00Z.
    expect(at("Europe/Lisbon", "2026-03-28T22:00:00Z")).toBe("2026-03-29T07:00:00.000Z");
    expect(at("America/New_York", "2026-03-08T04:00:00Z")).toBe("2026-03-08T12:00:00.000Z");
    expect(afterQuietHours("Europe/Lisbon", 5, undefined)).toBe(5);
    const lunch = { start: "12:00", end: "14:00" };
    expect(
      new Date(afterQuietHours("UTC", Date.parse("2026-03-10T13:00:00Z"), lunch)).toISOString(),
    ).toBe("2026-03-10T14:00:00.000Z");
  });

  test("manage links, Message-IDs and failure classes", () => {
    expect(manageLink("https://c.test/manage/{token}", "a b")).toBe("https://c.test/manage/a%20b");
    expect(manageLink("https://c.test/booking?lang=pt", "abc")).toBe(
      "https://c.test/booking?lang=pt&token=abc",
    );
    const id = messageIdFor("msg:apt_1:new:2026-03-02T08:00:00.000Z:0:email", "clinic.test");
    expect(id).toMatch(
      /^<bw-msg-apt_1-new-2026-03-02T08-00-00-000Z-0-email-[0-9a-f]{8}@clinic\.test>$/,
    );
    expect(messageIdFor("a:b", "x.test")).not.toBe(messageIdFor("a.b", "x.test"));
    expect(isPermanentFailure(permanentFailure("bad number"))).toBe(true);
    expect(isPermanentFailure({ code: "EENVELOPE", responseCode: 550 })).toBe(true);
    expect(isPermanentFailure({ code: "EENVELOPE", responseCode: 451 })).toBe(false);
    expect(isPermanentFailure({ code: "EAUTH", responseCode: 535 })).toBe(false);
    expect(isPermanentFailure(new Error("ECONNREFUSED"))).toBe(false);
  });

  test("the inbox keeps one copy per delivery and renders an escaped page", async () => {
    const inbox = createInboxChannel({ clock: () => new Date("2026-03-10T08:00:00Z"), limit: 2 });
    const message = (id: string): OutgoingMessage => ({
      deliveryId: id,
      messageId: `<${id}@x.test>`,
      clinicId: "c",
      appointmentId: "a",
      kind: "new",
      channel: "email",
      locale: "en",
      to: { name: "<Maria>", email: "maria@example.com" },
      from: { name: "Clinic" },
      subject: `Subject ${id} <b>`,
      text: "text",
      html: "<p>Hello & welcome</p>",
      short: "short",
    });
    await inbox.send(message("m1"));
    await inbox.send(message("m1"));
    await inbox.send(message("m2"));
    await inbox.send(message("m3"));
    expect(inbox.messages().map((m) => [m.deliveryId, m.duplicates])).toEqual([
      ["m3", 0],
      ["m2", 0],
    ]);
    const page = inbox.renderPage({ title: "Demo inbox", basePath: "/inbox/" });
    expect(page).toContain("<title>Demo inbox</title>");
    expect(page).toContain("Subject m3 &lt;b&gt;");
    expect(page).toContain("&lt;Maria&gt;");
    expect(page).toContain('srcdoc="&lt;p&gt;Hello &amp; welcome&lt;/p&gt;"');
    expect(page).toContain('href="/inbox/m3"');
    expect(inbox.renderMessage("m2")).toBe("<p>Hello & welcome</p>");
    inbox.clear();
    expect(inbox.renderPage()).toContain("No messages yet");
  });
});
