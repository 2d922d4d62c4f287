// The channel interface every sender implements (e-mail, SMS / WhatsApp webhook, local inbox).

import type { ChannelName, NotificationKind } from "./contract.js";
import type { Invite } from "./invite.js";

/** A file sent with an e-mail (an invoice's or receipt's PDF), rendered when the message is sent. */
export interface MessageAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** One message ready to go out on one channel. */
export interface OutgoingMessage {
  /**
   * Stable per planned message (the outbox row id unless the row was re-queued): the same on every
   * retry. Senders pass it on so the receiving side can drop duplicates (Message-ID, Idempotency-Key).
   */
  deliveryId: string;
  /** `<deliveryId@domain>`: the e-mail Message-ID, the same on every retry. */
  messageId: string;
  clinicId: string;
  appointmentId: string;
  /**
   * What it is about; `document` for an invoice, credit note or receipt e-mailed by staff,
   * `series` for the one confirmation of a series booked together.
   */
  kind: NotificationKind | "document" | "series";
  channel: ChannelName;
  locale: string;
  to: { name: string; email?: string; phone?: string };
  /** The clinic, as the sender's display name and reply address. */
  from: { name: string; email?: string };
  subject: string;
  text: string;
  html: string;
  /** The SMS / WhatsApp text. */
  short: string;
  /** The calendar invite (e-mail only; new, rescheduled and canceled messages). */
  invite?: Invite;
  /** Files attached to the e-mail (other channels ignore them). */
  attachments?: MessageAttachment[];
}

/** What a channel reports after accepting a message. */
export interface SendReceipt {
  /** The provider's id of the message, when it gives one. */
  providerId?: string;
}

/** What the worker gives a channel with each message. */
export interface SendOptions {
  signal?: AbortSignal;
  /**
   * For channels with `dedupe: "handover"`: call it once, right before the point after which the
   * provider may have accepted the message (SMTP: before the final `.` of DATA), and wait for it.
   * It records the attempt; when it rejects, abort without handing the message over and throw
   * what it threw.
   */
  beforeHandover?: () => Promise<void>;
}

/**
 * How a channel keeps a retry after a crash from reaching the recipient twice (see
 * docs/server/notifications.md, "Delivery guarantee"):
 * - `"receiver"`: the receiving side drops a `deliveryId` it has seen (the webhook's
 *   `Idempotency-Key`, the inbox): the worker simply sends again;
 * - `"handover"`: the channel calls `beforeHandover` at the last moment before the provider can
 *   accept the message (the SMTP channel), and the worker never resends an attempt that got
 *   that far without knowing the outcome;
 * - absent: the worker records the attempt before calling `send`; an error `send` throws means
 *   the provider did not take the message (retried), a crash inside `send` leaves it in doubt.
 */
export type DedupeMode = "receiver" | "handover";

/** A sender. `send` resolves once the provider accepted the message and throws when it did not. */
export interface NotificationChannel {
  readonly name: ChannelName;
  /** How a retry after a crash is kept from sending twice (default: recorded before `send`). */
  readonly dedupe?: DedupeMode;
  send(message: OutgoingMessage, options?: SendOptions): Promise<SendReceipt>;
  /** Releases connections (called by the worker's owner, not the worker). */
  close?(): Promise<void>;
}

/** An error a channel throws when retrying cannot help (unknown recipient, 4xx from a webhook). */
export interface PermanentFailure extends Error {
  permanent: true;
}

/**
 * An error that sends the outbox row straight to the dead letters instead of retrying.
 *
 * @example
 * throw permanentFailure("webhook answered 400: invalid phone number");
 */
export function permanentFailure(message: string, cause?: unknown): PermanentFailure {
  const error = new Error(message, cause === undefined ? {} : { cause }) as PermanentFailure;
  error.permanent = true;
  return error;
}

/**
 * Tells whether a send error is permanent: marked by {@link permanentFailure}, or an SMTP 5xx
 * reply that rejected the recipient or the message (nodemailer `EENVELOPE` / `EMESSAGE`).
 * Connection, authentication and 4xx errors are temporary and retried with backoff.
 *
 * @example
 * isPermanentFailure(permanentFailure("bad number")); // true
 */
export function isPermanentFailure(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const e = error as { permanent?: unknown; code?: unknown; responseCode?: unknown };
  if (e.permanent === true) return true;
  return (
    (e.code === "EENVELOPE" || e.code === "EMESSAGE") &&
    typeof e.responseCode === "number" &&
    e.responseCode >= 500 &&
    e.responseCode < 600
  );
}

/**
 * Tells whether a send error is the provider's answer that it did not take the message (an SMTP
 * reply such as 451 or 550, or a {@link permanentFailure}), as opposed to a lost connection or a
 * timeout, after which the message may or may not have been accepted.
 *
 * @example
 * wasRefused(Object.assign(new Error("Message failed"), { responseCode: 451 })); // true
 * wasRefused(Object.assign(new Error("Timeout"), { code: "ETIMEDOUT" })); // false
 */
export function wasRefused(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const e = error as { permanent?: unknown; responseCode?: unknown };
  return e.permanent === true || typeof e.responseCode === "number";
}

/**
 * A short, log-safe description of a send error (no message content).
 *
 * @example
 * describeFailure(new Error("connect ECONNREFUSED")); // "connect ECONNREFUSED"
 */
export function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const text = error.message.replace(/\s+/g, " ").slice(0, 500);
    return typeof code === "string" && !text.includes(code) ? `${code}: ${text}` : text;
  }
  return String(error).slice(0, 500);
}
