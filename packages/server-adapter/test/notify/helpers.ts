// Real parts for the notification tests: an SMTP server on 127.0.0.1 (smtp-server) whose messages
// are parsed with mailparser, a webhook receiver on 127.0.0.1, and a way to write a visit with its
// audit entry and change row exactly as the booking service does (the documented contract).

import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { calendarSchema, serviceSchema } from "@bookwell/engine";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll } from "vitest";
import type { NotificationChannel } from "../../src/notify/channel.js";
import { createSmtpEmailChannel } from "../../src/notify/email-channel.js";
import {
  createOutboxWorker,
  type OutboxWorkerOptions,
  type RunSummary,
} from "../../src/notify/worker.js";
import type {
  AppointmentRecord,
  JsonObject,
  Storage,
  StorageOperations,
  VisitDetails,
} from "../../src/storage/storage.js";
import type { StorageFactory } from "../storages.js";

/** A received e-mail: the raw source and its parsed form. */
export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
  /** The .ics part (text/calendar alternative or attachment), if any. */
  ics: string | undefined;
}

/** A local SMTP server. */
export interface TestSmtp {
  port: number;
  received: ReceivedMail[];
  /** DATA commands seen, failed ones included. */
  attempts: number;
  /** Make the next `n` messages fail with `code` (451: temporary, 550: permanent). */
  failNext(n: number, code?: number): void;
  close(): Promise<void>;
}

function icsOf(parsed: ParsedMail, raw: string): string | undefined {
  const attachment = parsed.attachments.find(
    (a) => a.contentType === "text/calendar" || a.contentType === "application/ics",
  );
  if (attachment) return attachment.content.toString("utf8");
  const match = /BEGIN:VCALENDAR[\s\S]*?END:VCALENDAR/.exec(raw);
  return match?.[0];
}

/** Where a fault test hooks into the test SMTP server. */
export interface TestSmtpHooks {
  /** The first bytes of a message arrived (DATA is under way, the message is not complete). */
  onDataStart?(): void;
  /** The server accepted a message: it is in `received` and its 250 reply was written. */
  onAccepted?(mail: ReceivedMail): void;
}

/**
 * Starts an SMTP server on 127.0.0.1 (random port, no TLS, no auth) that parses every message.
 *
 * @example
 * const smtp = await startTestSmtp(); smtp.failNext(2);
 * const watched = await startTestSmtp({ onAccepted: (mail) => console.log(mail.parsed.messageId) });
 */
export async function startTestSmtp(hooks: TestSmtpHooks = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  let failures = 0;
  let failCode = 451;
  const state = { attempts: 0 };
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => {
        if (chunks.length === 0) hooks.onDataStart?.();
        chunks.push(chunk);
      });
      stream.on("end", () => {
        state.attempts += 1;
        if (failures > 0) {
          failures -= 1;
          const error = new Error(failCode >= 500 ? "mailbox unavailable" : "try again later");
          (error as Error & { responseCode: number }).responseCode = failCode;
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw)
          .then((parsed) => {
            const mail = { raw, parsed, ics: icsOf(parsed, raw) };
            received.push(mail);
            callback();
            hooks.onAccepted?.(mail);
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.server.address() as AddressInfo;
  return {
    port: address.port,
    received,
    get attempts() {
      return state.attempts;
    },
    failNext(n, code = 451) {
      failures = n;
      failCode = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A request the webhook receiver got. */
export interface WebhookRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local webhook receiver. */
export interface TestWebhook {
  url: string;
  requests: WebhookRequest[];
  /** Status codes to answer with, in order; 200 once they run out. */
  answers: number[];
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 that records every POST and answers from `answers`.
 *
 * @example
 * const hook = await startTestWebhook(); hook.answers.push(500);
 */
export async function startTestWebhook(): Promise<TestWebhook> {
  const requests: WebhookRequest[] = [];
  const answers: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const status = answers.shift() ?? 200;
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(status === 200 ? "ok" : "nope");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms`,
    requests,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * An e-mail channel to a test SMTP server.
 *
 * @example
 * const email = smtpChannel(smtp);
 */
export function smtpChannel(smtp: TestSmtp) {
  return createSmtpEmailChannel({
    host: "127.0.0.1",
    port: smtp.port,
    ignoreTLS: true,
    fromAddress: "bookings@clinic.test",
    timeoutMs: 5_000,
  });
}

/** Test defaults of every worker: the manage page and a test domain. */
export const MANAGE_URL = "https://clinic.test/booking#manage={token}";

/**
 * A worker with test defaults (manage link, domain `bookwell.test`, no logging).
 *
 * @example
 * const worker = testWorker({ storage, channels: [email], clock });
 */
export function testWorker(options: OutboxWorkerOptions) {
  return createOutboxWorker({
    domain: "bookwell.test",
    logError: () => {},
    ...options,
    defaults: { manageUrl: MANAGE_URL, ...options.defaults },
  });
}

/**
 * Runs the worker until a poll claims nothing (at most 20 polls); returns the summed summary.
 *
 * @example
 * await drain(worker);
 */
export async function drain(worker: { runOnce(): Promise<RunSummary> }): Promise<RunSummary> {
  const total: RunSummary = { claimed: 0, planned: 0, sent: 0, dropped: 0, retried: 0, dead: 0 };
  for (let i = 0; i < 20; i += 1) {
    const s = await worker.runOnce();
    for (const key of Object.keys(total) as (keyof RunSummary)[]) total[key] += s[key];
    if (s.claimed === 0) return total;
  }
  throw new Error("the outbox did not drain in 20 polls");
}

/**
 * Seeds a bare clinic for direct (non-HTTP) tests: one provider, one service, one client.
 *
 * @example
 * const clinicId = await seedSmallClinic(storage, { timeZone: "America/New_York" });
 */
export async function seedSmallClinic(
  storage: StorageOperations,
  options: {
    timeZone?: string;
    locale?: string;
    clinicId?: string;
    name?: string;
    address?: string;
    /** `null`: a clinic without an e-mail address. */
    email?: string | null;
  } = {},
): Promise<string> {
  const clinicId = options.clinicId ?? `clinic-${randomUUID().slice(0, 8)}`;
  const timeZone = options.timeZone ?? "Europe/Lisbon";
  const email = options.email === undefined ? "hello@clinica-sol.test" : options.email;
  await storage.createClinic({
    id: clinicId,
    name: options.name ?? "Clínica Sol",
    timeZone,
    locale: options.locale ?? "en-GB",
    currency: "EUR",
    allowedOrigins: [],
    address: options.address ?? "Rua do Sol 1, Lisboa",
    phone: "+351 210 000 000",
    ...(email ? { email } : {}),
  });
  await storage.putCalendar(
    clinicId,
    calendarSchema.parse({
      id: "ana",
      kind: "provider",
      name: "Ana Silva",
      locationId: "main",
      timeZone,
      disciplines: ["physio"],
      weekly: [],
    }),
  );
  await storage.putService(clinicId, {
    ...serviceSchema.parse({
      id: "physio",
      name: "Physiotherapy",
      category: "Physio",
      discipline: "physio",
      durationMinutes: 50,
      price: { amount: 4500, currency: "EUR" },
    }),
    description: "",
    policies: {},
  });
  await storage.putClient(clinicId, {
    id: "maria",
    name: "Maria Santos",
    email: "maria@example.com",
    phone: "+351912345678",
  });
  return clinicId;
}

/** What {@link bookDirect} and the other direct helpers need. */
export interface DirectBooking {
  clinicId: string;
  start: string;
  at: Date;
  id?: string;
  /** Typed visit details over the default contact (locale, message choices…). */
  details?: VisitDetails;
  /** Free-form data kept with the visit. */
  extra?: JsonObject;
  manageToken?: string;
}

/**
 * Writes a visit the way the booking service does: appointment, audit entry and change row in one
 * transaction (the change row is due at the change's instant).
 *
 * @example
 * const apt = await bookDirect(storage, { clinicId, start: "2026-03-29T16:00:00Z", at: clock() });
 */
export async function bookDirect(storage: Storage, b: DirectBooking): Promise<AppointmentRecord> {
  return storage.transaction(async (tx) => {
    const id = b.id ?? `apt_${randomUUID().slice(0, 8)}`;
    const startMs = Date.parse(b.start);
    const appointment = await tx.insertAppointment(b.clinicId, {
      id,
      serviceId: "physio",
      calendarIds: ["ana"],
      start: new Date(startMs),
      end: new Date(startMs + 50 * 60_000),
      status: "booked",
      channel: "staff",
      clientId: "maria",
      contact: { name: "Maria Santos", email: "maria@example.com", phone: "+351912345678" },
      ...b.details,
      ...(b.extra ? { extra: b.extra } : {}),
    });
    await tx.appendAudit(b.clinicId, {
      at: b.at,
      actor: "user:front-desk",
      action: "appointment.created",
      entityType: "appointment",
      entityId: id,
      detail: { start: appointment.start },
    });
    await tx.enqueueOutbox(b.clinicId, {
      type: "email.booking_confirmed",
      payload: { appointmentId: id, ...(b.manageToken ? { manageToken: b.manageToken } : {}) },
      dueAt: b.at,
    });
    return appointment;
  });
}

/**
 * Moves a visit in place (staff drag and drop) with its audit entry and change row.
 *
 * @example
 * await moveDirect(storage, clinicId, apt.id, "2026-03-29T17:00:00Z", clock());
 */
export async function moveDirect(
  storage: Storage,
  clinicId: string,
  id: string,
  start: string,
  at: Date,
): Promise<AppointmentRecord> {
  return storage.transaction(async (tx) => {
    const startMs = Date.parse(start);
    const updated = await tx.updateAppointment(clinicId, id, {
      start: new Date(startMs),
      end: new Date(startMs + 50 * 60_000),
    });
    await tx.appendAudit(clinicId, {
      at,
      actor: "user:front-desk",
      action: "appointment.moved",
      entityType: "appointment",
      entityId: id,
      detail: { start: updated.start },
    });
    await tx.enqueueOutbox(clinicId, {
      type: "email.booking_rescheduled",
      payload: { appointmentId: id },
      dueAt: at,
    });
    return updated;
  });
}

/**
 * Ends a visit (canceled or no-show) with its audit entry and change row.
 *
 * @example
 * await endDirect(storage, clinicId, apt.id, "canceled", clock());
 */
export async function endDirect(
  storage: Storage,
  clinicId: string,
  id: string,
  status: "canceled" | "no_show",
  at: Date,
): Promise<void> {
  await storage.transaction(async (tx) => {
    await tx.updateAppointment(clinicId, id, { status });
    await tx.appendAudit(clinicId, {
      at,
      actor: "user:front-desk",
      action: "appointment.status_changed",
      entityType: "appointment",
      entityId: id,
      detail: { to: status },
    });
    await tx.enqueueOutbox(clinicId, {
      type: status === "canceled" ? "email.booking_canceled" : "email.booking_no_show",
      payload: { appointmentId: id },
      dueAt: at,
    });
  });
}

/**
 * The value of an .ics property (first line only, unfolded).
 *
 * @example
 * icsValue(mail.ics, "METHOD"); // "REQUEST"
 */
export function icsValue(ics: string | undefined, name: string): string | undefined {
  if (!ics) return undefined;
  const unfolded = ics.replace(/\r?\n[ \t]/g, "");
  const match = new RegExp(`^${name}(?:;[^:\\r\\n]*)?:(.*)$`, "m").exec(unfolded);
  return match?.[1]?.trim();
}

/** A storage, an SMTP server on 127.0.0.1 and an e-mail channel to it, for one describe block. */
export interface SmtpSetup {
  storage: Storage;
  smtp: TestSmtp;
  email: NotificationChannel;
}

/**
 * Creates a fresh storage from `factory`, an SMTP server and its e-mail channel before the
 * calling describe block's tests, and closes them after; read the fields inside tests.
 *
 * @example
 * const env = storageWithSmtp(factory); // …then env.storage, env.smtp, env.email in tests
 */
export function storageWithSmtp(factory: StorageFactory): SmtpSetup {
  const env = {} as SmtpSetup;
  beforeAll(async () => {
    env.storage = await factory.create();
    env.smtp = await startTestSmtp();
    env.email = smtpChannel(env.smtp);
  });
  afterAll(async () => {
    await env.email?.close?.();
    await env.smtp?.close();
    await env.storage?.close();
  });
  return env;
}
