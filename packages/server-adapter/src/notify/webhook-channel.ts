// SMS / WhatsApp through a webhook: Bookwell POSTs a signed JSON body to a URL the clinic runs (or
// a gateway such as an SMS provider's relay), which delivers the text.

import { createHmac, timingSafeEqual } from "node:crypto";
import {
  type NotificationChannel,
  type OutgoingMessage,
  permanentFailure,
  type SendReceipt,
} from "./channel.js";

/** The header carrying the signature: `sha256=<hex HMAC-SHA256 of the raw body>`. */
export const SIGNATURE_HEADER = "X-Bookwell-Signature";
/** The header carrying the send time (Unix seconds); the same value is `sentAt` in the body. */
export const TIMESTAMP_HEADER = "X-Bookwell-Timestamp";

/** The JSON body the webhook receives. Contains no notes, cases or invoice lines. */
export interface WebhookBody {
  /** Stable per planned message: equal on every retry (also the `Idempotency-Key` header). */
  id: string;
  channel: "sms" | "whatsapp";
  kind: OutgoingMessage["kind"];
  clinicId: string;
  appointmentId: string;
  locale: string;
  to: { name: string; phone: string };
  from: { name: string };
  text: string;
  /** Unix seconds; covered by the signature. */
  sentAt: number;
}

/** Options of {@link createWebhookChannel}. */
export interface WebhookChannelOptions {
  channel: "sms" | "whatsapp";
  url: string;
  /** The shared secret of the HMAC signature (at least 16 characters). */
  secret: string;
  /** Abort a request after this many ms (default 15 000; keep it well under the worker's lease). */
  timeoutMs?: number;
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch;
  /** The clock for `sentAt` (default the system clock). */
  clock?: () => Date;
}

/**
 * Signs a webhook body: `sha256=` + hex HMAC-SHA256 of the exact bytes sent.
 *
 * @example
 * signWebhookBody('{"id":"m1"}', "a-long-shared-secret"); // "sha256=…"
 */
export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/**
 * Checks a webhook signature in constant time; with `maxAgeSeconds`, also refuses a body whose
 * `sentAt` is older (replay protection on the receiving side).
 *
 * @example
 * verifyWebhookSignature(rawBody, req.headers["x-bookwell-signature"], secret, { maxAgeSeconds: 300 });
 */
export function verifyWebhookSignature(
  body: string,
  signature: string | null | undefined,
  secret: string,
  options: { maxAgeSeconds?: number; now?: Date } = {},
): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signWebhookBody(body, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  if (options.maxAgeSeconds === undefined) return true;
  try {
    const sentAt = (JSON.parse(body) as { sentAt?: unknown }).sentAt;
    const now = (options.now ?? new Date()).getTime() / 1000;
    return typeof sentAt === "number" && Math.abs(now - sentAt) <= options.maxAgeSeconds;
  } catch {
    return false;
  }
}

/**
 * An SMS or WhatsApp channel that POSTs each message as signed JSON to `url`, with
 * `X-Bookwell-Signature: sha256=<hex>`, `X-Bookwell-Timestamp` and `Idempotency-Key` (the stable
 * delivery id, the same on every retry, so the receiver can drop duplicates). A 2xx answer means
 * sent; 408, 429 and 5xx are retried with backoff; any other 4xx is permanent (dead letter).
 *
 * @example
 * const sms = createWebhookChannel({ channel: "sms", url: "https://sms-relay.clinic.example/send",
 *   secret: process.env.BOOKWELL_WEBHOOK_SECRET ?? "" });
 */
export function createWebhookChannel(options: WebhookChannelOptions): NotificationChannel {
  if (options.secret.length < 16) {
    throw new Error("Bookwell: the webhook secret must have at least 16 characters");
  }
  const doFetch = options.fetch ?? fetch;
  const clock = options.clock ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? 15_000;
  return {
    name: options.channel,
    dedupe: "receiver",
    async send(message: OutgoingMessage, sendOptions = {}): Promise<SendReceipt> {
      const phone = message.to.phone;
      if (!phone) throw permanentFailure(`the ${options.channel} message has no phone number`);
      const sentAt = Math.floor(clock().getTime() / 1000);
      const payload: WebhookBody = {
        id: message.deliveryId,
        channel: options.channel,
        kind: message.kind,
        clinicId: message.clinicId,
        appointmentId: message.appointmentId,
        locale: message.locale,
        to: { name: message.to.name, phone },
        from: { name: message.from.name },
        text: message.short,
        sentAt,
      };
      const body = JSON.stringify(payload);
      const signals = [AbortSignal.timeout(timeoutMs)];
      if (sendOptions.signal) signals.push(sendOptions.signal);
      const response = await doFetch(options.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [SIGNATURE_HEADER]: signWebhookBody(body, options.secret),
          [TIMESTAMP_HEADER]: String(sentAt),
          "Idempotency-Key": message.deliveryId,
          "User-Agent": "Bookwell-Notifications/1",
        },
        body,
        signal: AbortSignal.any(signals),
      });
      const answer = (await response.text()).slice(0, 200);
      if (response.ok) {
        const providerId = response.headers.get("x-message-id");
        return providerId ? { providerId } : {};
      }
      const text = `webhook answered ${response.status}${answer ? `: ${answer}` : ""}`;
      const retryable =
        response.status === 408 || response.status === 429 || response.status >= 500;
      if (retryable) throw new Error(text);
      throw permanentFailure(text);
    },
  };
}
