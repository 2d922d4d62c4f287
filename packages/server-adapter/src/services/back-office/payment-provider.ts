// The online payment provider interface (Stripe-like: create an intent, confirm it, refund it,
// verify webhooks) and one implementation that speaks Stripe's REST and webhook-signature shapes
// over `fetch`. Tests run it against a fake provider on 127.0.0.1 — the double sits at the
// network edge, everything above it is the real code.

import { createHmac, timingSafeEqual } from "node:crypto";
import type { Money } from "@bookwell/engine";
import { BookwellError } from "../../errors.js";

/** Where a provider's payment intent stands. */
export type ProviderIntentStatus =
  | "requires_payment"
  | "processing"
  | "succeeded"
  | "failed"
  | "canceled";

/** A new intent at the provider. */
export interface CreateIntentInput {
  amount: Money;
  description: string;
  /** Ids to find the visit again (clinic, appointment, intent); never notes or health data. */
  metadata: Record<string, string>;
  /** Sent as the provider's idempotency key so a retried request never charges twice. */
  idempotencyKey: string;
  customerEmail?: string;
}

/** A created intent. */
export interface ProviderIntent {
  providerIntentId: string;
  status: ProviderIntentStatus;
  /** What the browser needs to finish the payment (e.g. Stripe's `client_secret`). */
  clientSecret?: string;
}

/** What a verified webhook reports. */
export interface ProviderEvent {
  /** The provider's event id (events may be delivered more than once). */
  id: string;
  type: "intent.succeeded" | "intent.failed" | "intent.canceled" | "other";
  providerIntentId?: string;
  amount?: Money;
  /** The provider's reference of the money movement (e.g. the charge id). */
  reference?: string;
}

/**
 * The card form a provider needs in the page, for the widget: Stripe's Payment Element, mounted
 * with the publishable key and the intent's `clientSecret`.
 */
export interface ProviderCardForm {
  /** The browser SDK to load: `stripe` (Stripe.js, `https://js.stripe.com/v3/`). */
  sdk: "stripe";
  /** The provider's public key for the browser (`pk_live_…` / `pk_test_…`). */
  publishableKey: string;
}

/**
 * A payment provider for online prepayment. Implement it for Stripe, Adyen, MB WAY…; the server
 * stores intents, records the payment once the provider says it succeeded (webhook or confirm)
 * and never trusts the browser for that.
 */
export interface PaymentProvider {
  /** A short name stored with each intent, e.g. `stripe`. */
  readonly name: string;
  createIntent(input: CreateIntentInput): Promise<ProviderIntent>;
  /**
   * Set when the patient enters the card in the page (the browser SDK confirms the intent); the
   * server then reads the intent's status with {@link PaymentProvider.retrieve} instead of
   * confirming it.
   */
  readonly cardForm?: ProviderCardForm;
  /** Reads an intent's status at the provider (after the browser SDK confirmed it). */
  retrieve?(input: {
    providerIntentId: string;
  }): Promise<{ status: ProviderIntentStatus; reference?: string }>;
  /** Confirms an intent server-side (optional payment method) and returns its new status. */
  confirm(input: {
    providerIntentId: string;
    paymentMethod?: string;
    idempotencyKey: string;
  }): Promise<{ status: ProviderIntentStatus; reference?: string }>;
  /** Refunds part or all of a succeeded intent. */
  refund(input: {
    providerIntentId: string;
    amount: Money;
    idempotencyKey: string;
  }): Promise<{ providerRefundId: string; status: "succeeded" | "pending" | "failed" }>;
  /**
   * Checks a webhook's signature and parses it; throws {@link WebhookSignatureError} when the
   * signature is missing, wrong or too old.
   */
  verifyWebhook(input: {
    rawBody: string;
    headers: Record<string, string>;
    now: Date;
  }): ProviderEvent;
}

/** A webhook whose signature does not verify. */
export class WebhookSignatureError extends Error {
  override readonly name = "WebhookSignatureError";
}

/** A provider call that failed (network, 4xx/5xx). */
export class PaymentProviderError extends Error {
  override readonly name = "PaymentProviderError";
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Rethrows a provider's failure as 502 `PAYMENT_PROVIDER_FAILED` (anything else as it is).
 *
 * @example
 * const created = await provider.createIntent(input).catch(providerFailed);
 */
export function providerFailed(error: unknown): never {
  if (error instanceof PaymentProviderError) {
    throw new BookwellError("PAYMENT_PROVIDER_FAILED", error.message, { cause: error });
  }
  throw error;
}

/** Options of {@link createStripeLikeProvider}. */
export interface StripeLikeOptions {
  /** API base, e.g. `https://api.stripe.com`. */
  apiBase: string;
  secretKey: string;
  /** The webhook endpoint's signing secret. */
  webhookSecret: string;
  /** Seconds a webhook timestamp may be old; default 300. */
  toleranceSeconds?: number;
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Stored with intents; default `stripe`. */
  name?: string;
}

/** Stripe's PaymentIntent statuses as the provider interface names them (both Stripe providers). */
export const STRIPE_INTENT_STATUS: Readonly<Record<string, ProviderIntentStatus>> = {
  requires_payment_method: "requires_payment",
  requires_confirmation: "requires_payment",
  requires_action: "requires_payment",
  processing: "processing",
  requires_capture: "processing",
  succeeded: "succeeded",
  canceled: "canceled",
};

const STRIPE_EVENTS: Readonly<Record<string, ProviderEvent["type"]>> = {
  "payment_intent.succeeded": "intent.succeeded",
  "payment_intent.payment_failed": "intent.failed",
  "payment_intent.canceled": "intent.canceled",
};

/**
 * A Stripe webhook event's type as the provider interface names it (both Stripe providers):
 * `other` for every type it does not act on.
 *
 * @example
 * stripeEventType("payment_intent.payment_failed"); // "intent.failed"
 */
export function stripeEventType(type: unknown): ProviderEvent["type"] {
  return typeof type === "string" && Object.hasOwn(STRIPE_EVENTS, type)
    ? (STRIPE_EVENTS[type] as ProviderEvent["type"])
    : "other";
}

/**
 * A Stripe refund's status as the provider interface names it: anything not yet settled is
 * `pending`.
 *
 * @example
 * stripeRefundStatus("requires_action"); // "pending"
 */
export function stripeRefundStatus(
  status: string | null | undefined,
): "succeeded" | "pending" | "failed" {
  return status === "succeeded" ? "succeeded" : status === "failed" ? "failed" : "pending";
}

/**
 * The `Stripe-Signature` header of a webhook request, whatever its case; `WebhookSignatureError`
 * when it is missing.
 *
 * @example
 * stripeSignature({ "Stripe-Signature": "t=1,v1=ab" }); // "t=1,v1=ab"
 */
export function stripeSignature(headers: Record<string, string>): string {
  const header = Object.entries(headers).find(
    ([name]) => name.toLowerCase() === "stripe-signature",
  )?.[1];
  if (!header) throw new WebhookSignatureError("missing Stripe-Signature header");
  return header;
}

/**
 * A Stripe PaymentIntent's state as a confirm or retrieve answers it: its status (`failed` for
 * one Stripe adds later) and the charge that paid it, if any.
 *
 * @example
 * stripeIntentState("succeeded", "ch_1"); // { status: "succeeded", reference: "ch_1" }
 */
export function stripeIntentState(
  status: string,
  charge: string | undefined,
): { status: ProviderIntentStatus; reference?: string } {
  return {
    status: STRIPE_INTENT_STATUS[status] ?? "failed",
    ...(charge ? { reference: charge } : {}),
  };
}

function form(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) params.append(key, String(value));
  }
  return params.toString();
}

/**
 * Computes a Stripe-style signature header (`t=<unix>,v1=<hex hmac>`) for a payload: what the
 * provider sends and what tests use to sign fake webhooks.
 *
 * @example
 * const header = signWebhook('{"id":"evt_1"}', "whsec_test", new Date());
 */
export function signWebhook(rawBody: string, secret: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${rawBody}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

/**
 * A {@link PaymentProvider} speaking Stripe's REST shapes (`POST /v1/payment_intents`,
 * `/v1/payment_intents/:id/confirm`, `/v1/refunds`, form-encoded, `Idempotency-Key`) and webhook
 * signatures (`Stripe-Signature: t=…,v1=…`, HMAC-SHA256, 5-minute tolerance).
 *
 * @example
 * const provider = createStripeLikeProvider({
 *   apiBase: "https://api.stripe.com", secretKey: process.env.STRIPE_KEY!, webhookSecret: process.env.STRIPE_WHSEC!,
 * });
 */
export function createStripeLikeProvider(options: StripeLikeOptions): PaymentProvider {
  const doFetch = options.fetch ?? globalThis.fetch;
  const base = options.apiBase.replace(/\/+$/, "");
  const tolerance = options.toleranceSeconds ?? 300;

  async function post(path: string, body: string, idempotencyKey: string) {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${options.secretKey}`,
          "content-type": "application/x-www-form-urlencoded",
          "idempotency-key": idempotencyKey,
        },
        body,
      });
    } catch (error) {
      throw new PaymentProviderError(
        `payment provider unreachable: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      throw new PaymentProviderError("payment provider answered with invalid JSON", res.status);
    }
    if (!res.ok) {
      const error = json.error as { message?: unknown } | undefined;
      throw new PaymentProviderError(
        `payment provider refused (${res.status}): ${String(error?.message ?? "no message")}`,
        res.status,
      );
    }
    return json;
  }

  return {
    name: options.name ?? "stripe",
    async createIntent(input) {
      const fields: Record<string, string | number | undefined> = {
        amount: input.amount.amount,
        currency: input.amount.currency.toLowerCase(),
        description: input.description,
        receipt_email: input.customerEmail,
        "automatic_payment_methods[enabled]": "true",
      };
      for (const [key, value] of Object.entries(input.metadata)) {
        fields[`metadata[${key}]`] = value;
      }
      const json = await post("/v1/payment_intents", form(fields), input.idempotencyKey);
      if (typeof json.id !== "string") throw new PaymentProviderError("intent without an id");
      return {
        providerIntentId: json.id,
        status: STRIPE_INTENT_STATUS[String(json.status)] ?? "requires_payment",
        ...(typeof json.client_secret === "string" ? { clientSecret: json.client_secret } : {}),
      };
    },
    async confirm(input) {
      const json = await post(
        `/v1/payment_intents/${encodeURIComponent(input.providerIntentId)}/confirm`,
        form({ payment_method: input.paymentMethod }),
        input.idempotencyKey,
      );
      const charge = typeof json.latest_charge === "string" ? json.latest_charge : undefined;
      return stripeIntentState(String(json.status), charge);
    },
    async refund(input) {
      const json = await post(
        "/v1/refunds",
        form({ payment_intent: input.providerIntentId, amount: input.amount.amount }),
        input.idempotencyKey,
      );
      return { providerRefundId: String(json.id), status: stripeRefundStatus(String(json.status)) };
    },
    verifyWebhook(input) {
      const header = stripeSignature(input.headers);
      const parts = header.split(",").map((p) => p.trim().split("="));
      const t = Number(parts.find(([k]) => k === "t")?.[1]);
      const signatures = parts.filter(([k]) => k === "v1").map(([, v]) => v ?? "");
      if (!Number.isFinite(t) || signatures.length === 0) {
        throw new WebhookSignatureError("malformed Stripe-Signature header");
      }
      if (Math.abs(input.now.getTime() / 1000 - t) > tolerance) {
        throw new WebhookSignatureError("webhook timestamp outside the tolerance");
      }
      const expected = Buffer.from(
        createHmac("sha256", options.webhookSecret).update(`${t}.${input.rawBody}`).digest("hex"),
      );
      const ok = signatures.some((s) => {
        const given = Buffer.from(s);
        return given.length === expected.length && timingSafeEqual(given, expected);
      });
      if (!ok) throw new WebhookSignatureError("webhook signature does not match");
      let event: {
        id?: unknown;
        type?: unknown;
        data?: { object?: Record<string, unknown> };
      };
      try {
        event = JSON.parse(input.rawBody) as typeof event;
      } catch {
        throw new WebhookSignatureError("webhook body is not JSON");
      }
      const object = event.data?.object ?? {};
      const type = stripeEventType(event.type);
      const amount =
        typeof object.amount_received === "number"
          ? object.amount_received
          : typeof object.amount === "number"
            ? object.amount
            : undefined;
      return {
        id: String(event.id ?? ""),
        type,
        ...(typeof object.id === "string" ? { providerIntentId: object.id } : {}),
        ...(amount !== undefined && typeof object.currency === "string"
          ? { amount: { amount, currency: object.currency.toUpperCase() } }
          : {}),
        ...(typeof object.latest_charge === "string" ? { reference: object.latest_charge } : {}),
      };
    },
  };
}
