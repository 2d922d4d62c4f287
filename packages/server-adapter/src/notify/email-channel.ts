// E-mail over SMTP with nodemailer: HTML + plain text, a stable Message-ID per planned message,
// and the calendar invite as a text/calendar alternative plus an .ics attachment.

import { type Readable, Transform } from "node:stream";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import type { NotificationChannel, OutgoingMessage, SendOptions, SendReceipt } from "./channel.js";
import { buildInvite, type Invite } from "./invite.js";

/** Options of {@link createSmtpEmailChannel}. */
export interface SmtpEmailChannelOptions {
  host: string;
  port: number;
  /** TLS from the first byte (port 465). With `false`, STARTTLS is used when the server offers it. */
  secure?: boolean;
  /** Refuse to send unless the connection is upgraded with STARTTLS. */
  requireTLS?: boolean;
  /** Never try STARTTLS (only for a local test server). */
  ignoreTLS?: boolean;
  auth?: { user: string; pass: string };
  /** The address messages are sent from, e.g. `bookings@clinic.example`. */
  fromAddress: string;
  /**
   * Connection, greeting and socket timeouts in ms (default 30 000): a hung server fails the
   * attempt (retried) instead of holding the row; the worker renews its lease while a send runs.
   */
  timeoutMs?: number;
  /** Extra nodemailer SMTP options (TLS settings, pooling, DKIM, …). */
  transport?: Omit<SMTPTransport.Options, "host" | "port" | "secure" | "auth">;
}

function quoteName(name: string): string {
  return `"${name.replace(/["\\\r\n]/g, " ").trim()}"`;
}

/**
 * The invite as sent: one written without an organizer address (the clinic has no e-mail) gets
 * the sending address, because Outlook and Gmail do not offer an iTIP REQUEST or CANCEL without
 * an ORGANIZER as a calendar update (RFC 5546 §3.2 requires it).
 */
function withOrganizer(invite: Invite, fromAddress: string): Invite {
  // A published file (a series) is added as it is: no reply, no organizer needed.
  if (invite.source.organizer.email || invite.method === "PUBLISH") return invite;
  return buildInvite({
    ...invite.source,
    organizer: { ...invite.source.organizer, email: fromAddress },
  });
}

/** The field of nodemailer's mail data that carries the worker's handover hook to the plugin. */
const HANDOVER_FIELD = "bookwellBeforeHandover";

/**
 * The message as it leaves for the server, held back at its end until the hook resolved:
 * nodemailer writes the final `.` of DATA (after which the server may accept the message) only
 * once this stream ended, so the attempt is on record before the server can accept it. It is the
 * last stage before the SMTP connection, and holds at most one chunk: the connection reads it only
 * after the server's 354, so the hook runs once the message went out, not while it is prepared. A
 * rejected hook fails the stream, and nodemailer closes the connection without the final `.`.
 */
function handoverGate(input: Readable, beforeHandover: () => Promise<void>): Readable {
  const gate = new Transform({
    readableHighWaterMark: 0,
    writableHighWaterMark: 0,
    transform(chunk, _encoding, done) {
      done(null, chunk);
    },
    flush(done) {
      beforeHandover().then(
        () => done(),
        (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
  input.once("error", (error) => gate.destroy(error));
  return input.pipe(gate);
}

/**
 * An e-mail channel over SMTP. The From name is the clinic's, the address `fromAddress`; replies
 * go to the clinic's e-mail when it has one. The Message-ID is the planned message's stable id,
 * so a resend after a crash carries the same Message-ID and mail systems can drop the copy. An
 * invite of a clinic without an e-mail address names `fromAddress` as its organizer. The worker's
 * `beforeHandover` runs after the whole message went out and before its final `.`, the moment
 * the server may accept it (`dedupe: "handover"`).
 *
 * @example
 * const email = createSmtpEmailChannel({ host: "smtp.example.com", port: 587,
 *   auth: { user: "bookings", pass: process.env.SMTP_PASS ?? "" },
 *   fromAddress: "bookings@clinic.example" });
 */
export function createSmtpEmailChannel(options: SmtpEmailChannelOptions): NotificationChannel {
  const timeout = options.timeoutMs ?? 30_000;
  const transporter = nodemailer.createTransport({
    ...options.transport,
    host: options.host,
    port: options.port,
    secure: options.secure ?? false,
    ...(options.requireTLS === undefined ? {} : { requireTLS: options.requireTLS }),
    ...(options.ignoreTLS === undefined ? {} : { ignoreTLS: options.ignoreTLS }),
    ...(options.auth ? { auth: options.auth } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  transporter.use("stream", (mail, done) => {
    const hook = (mail.data as Record<string, unknown>)[HANDOVER_FIELD];
    if (typeof hook === "function") {
      const beforeHandover = hook as () => Promise<void>;
      mail.message.processFunc((input) => handoverGate(input, beforeHandover));
    }
    done();
  });
  return {
    name: "email",
    dedupe: "handover",
    async send(message: OutgoingMessage, sendOptions: SendOptions = {}): Promise<SendReceipt> {
      if (!message.to.email) throw new Error("Bookwell: the e-mail message has no recipient");
      const invite = message.invite && withOrganizer(message.invite, options.fromAddress);
      const info = await transporter.sendMail({
        ...(sendOptions.beforeHandover ? { [HANDOVER_FIELD]: sendOptions.beforeHandover } : {}),
        ...(sendOptions.signal ? { signal: sendOptions.signal } : {}),
        from: `${quoteName(message.from.name)} <${options.fromAddress}>`,
        ...(message.from.email ? { replyTo: message.from.email } : {}),
        to: message.to.name
          ? `${quoteName(message.to.name)} <${message.to.email}>`
          : message.to.email,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        headers: {
          "X-Bookwell-Delivery": message.deliveryId,
          "Auto-Submitted": "auto-generated",
          "Content-Language": message.locale,
        },
        ...(message.attachments?.length
          ? {
              attachments: message.attachments.map((a) => ({
                filename: a.filename,
                contentType: a.contentType,
                content: Buffer.from(a.content),
              })),
            }
          : {}),
        ...(invite
          ? {
              icalEvent: {
                method: invite.method,
                filename: invite.filename,
                content: invite.content,
              },
            }
          : {}),
      });
      const providerId = (info as { messageId?: unknown }).messageId;
      return typeof providerId === "string" ? { providerId } : {};
    },
    async close() {
      transporter.close();
    },
  };
}
