// E-mail over SMTP with nodemailer: HTML + plain text, a stable Message-ID per planned message,
// and the calendar invite as a text/calendar alternative plus an .ics attachment.

import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import type { NotificationChannel, OutgoingMessage, SendReceipt } from "./channel.js";

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
   * Socket and greeting timeouts in ms (default 30 000). Keep them well under the worker's lease
   * (5 minutes), so a hung server cannot make a second worker send the same row.
   */
  timeoutMs?: number;
  /** Extra nodemailer SMTP options (TLS settings, pooling, DKIM, …). */
  transport?: Omit<SMTPTransport.Options, "host" | "port" | "secure" | "auth">;
}

function quoteName(name: string): string {
  return `"${name.replace(/["\\\r\n]/g, " ").trim()}"`;
}

/**
 * An e-mail channel over SMTP. The From name is the clinic's, the address `fromAddress`; replies
 * go to the clinic's e-mail when it has one. The Message-ID is the planned message's stable id,
 * so a resend after a crash carries the same Message-ID and mail systems can drop the copy.
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
  return {
    name: "email",
    async send(message: OutgoingMessage): Promise<SendReceipt> {
      if (!message.to.email) throw new Error("Bookwell: the e-mail message has no recipient");
      const info = await transporter.sendMail({
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
        ...(message.invite
          ? {
              icalEvent: {
                method: message.invite.method,
                filename: message.invite.filename,
                content: message.invite.content,
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
