// The Stripe payment provider, built on Stripe's official `stripe` SDK (an optional peer
// dependency, imported only by `@bookwell/server-adapter/stripe`): PaymentIntents for the
// prepayment, server-side confirm, refunds, and webhooks verified by the SDK's
// `stripe.webhooks.constructEvent`. The SDK's `host` / `port` / `protocol` options point it at a
// local server in tests, which answers with recorded Stripe responses.

import Stripe from "stripe";
import {
  type PaymentProvider,
  PaymentProviderError,
  STRIPE_INTENT_STATUS,
  stripeEventType,
  stripeIntentState,
  stripeRefundStatus,
  stripeSignature,
  WebhookSignatureError,
} from "./payment-provider.js";

/** Options of {@link createStripeProvider}. */
export interface StripeProviderOptions {
  /** The secret API key (`sk_live_…` / `sk_test_…`). */
  secretKey: string;
  /**
   * The publishable key (`pk_live_…` / `pk_test_…`). With it, the widget shows Stripe's Payment
   * Element (the patient enters the card in the page, Stripe.js confirms) and the server reads the
   * intent's status from Stripe before recording the money.
   */
  publishableKey?: string;
  /** The webhook endpoint's signing secret (`whsec_…`). */
  webhookSecret: string;
  /** Seconds a webhook's timestamp may be old; default 300 (Stripe's). */
  toleranceSeconds?: number;
  /** Where the API is; default Stripe's own. For tests and outbound proxies. */
  host?: string;
  port?: number;
  protocol?: "http" | "https";
  /** Retries of a failed request (the SDK sends the same idempotency key); default 2. */
  maxNetworkRetries?: number;
  /** Request timeout in milliseconds; default 20 000. */
  timeoutMs?: number;
  /** Stored with intents and in the webhook URL; default `stripe`. */
  name?: string;
}

/** A Stripe SDK failure as a provider failure (answered 502 `PAYMENT_PROVIDER_FAILED`). */
function failed(error: unknown): never {
  if (error instanceof Stripe.errors.StripeError) {
    throw new PaymentProviderError(`Stripe refused: ${error.message}`, error.statusCode);
  }
  throw new PaymentProviderError(
    `Stripe unreachable: ${error instanceof Error ? error.message : String(error)}`,
  );
}

function chargeId(value: string | { id: string } | null | undefined): string | undefined {
  if (!value) return undefined;
  return typeof value === "string" ? value : value.id;
}

/**
 * A {@link PaymentProvider} on Stripe's official SDK: `paymentIntents.create` (automatic payment
 * methods, metadata, `Idempotency-Key`), `paymentIntents.confirm`, `paymentIntents.retrieve` (after
 * the Payment Element confirmed in the page), `refunds.create`, and webhooks
 * verified with `stripe.webhooks.constructEvent` (signature and 5-minute tolerance, at the
 * server's clock).
 *
 * @example
 * import { createStripeProvider } from "@bookwell/server-adapter/stripe";
 * const provider = createStripeProvider({
 *   secretKey: process.env.STRIPE_SECRET_KEY!,
 *   webhookSecret: process.env.STRIPE_WEBHOOK_SECRET!,
 *   publishableKey: process.env.STRIPE_PUBLISHABLE_KEY, // the widget's Payment Element
 * });
 * configureBackOffice(storage, { paymentProvider: provider });
 */
export function createStripeProvider(options: StripeProviderOptions): PaymentProvider {
  const stripe = new Stripe(options.secretKey, {
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 20_000,
    telemetry: false,
    ...(options.host ? { host: options.host } : {}),
    ...(options.port ? { port: options.port } : {}),
    ...(options.protocol ? { protocol: options.protocol } : {}),
  });
  const tolerance = options.toleranceSeconds ?? 300;

  return {
    name: options.name ?? "stripe",
    ...(options.publishableKey
      ? { cardForm: { sdk: "stripe", publishableKey: options.publishableKey } as const }
      : {}),
    async retrieve(input) {
      const intent = await stripe.paymentIntents.retrieve(input.providerIntentId).catch(failed);
      return stripeIntentState(intent.status, chargeId(intent.latest_charge));
    },
    async createIntent(input) {
      const intent = await stripe.paymentIntents
        .create(
          {
            amount: input.amount.amount,
            currency: input.amount.currency.toLowerCase(),
            description: input.description,
            metadata: input.metadata,
            automatic_payment_methods: { enabled: true },
            ...(input.customerEmail ? { receipt_email: input.customerEmail } : {}),
          },
          { idempotencyKey: input.idempotencyKey },
        )
        .catch(failed);
      return {
        providerIntentId: intent.id,
        status: STRIPE_INTENT_STATUS[intent.status] ?? "requires_payment",
        ...(intent.client_secret ? { clientSecret: intent.client_secret } : {}),
      };
    },
    async confirm(input) {
      const intent = await stripe.paymentIntents
        .confirm(
          input.providerIntentId,
          input.paymentMethod ? { payment_method: input.paymentMethod } : {},
          { idempotencyKey: input.idempotencyKey },
        )
        .catch(failed);
      return stripeIntentState(intent.status, chargeId(intent.latest_charge));
    },
    async refund(input) {
      const refund = await stripe.refunds
        .create(
          { payment_intent: input.providerIntentId, amount: input.amount.amount },
          { idempotencyKey: input.idempotencyKey },
        )
        .catch(failed);
      return { providerRefundId: refund.id, status: stripeRefundStatus(refund.status) };
    },
    verifyWebhook(input) {
      const header = stripeSignature(input.headers);
      let event: ReturnType<typeof stripe.webhooks.constructEvent>;
      try {
        event = stripe.webhooks.constructEvent(
          input.rawBody,
          header,
          options.webhookSecret,
          tolerance,
          undefined,
          input.now.getTime(),
        );
      } catch (error) {
        throw new WebhookSignatureError(error instanceof Error ? error.message : "bad signature");
      }
      const type = stripeEventType(event.type);
      if (type === "other") return { id: event.id, type };
      const intent = event.data.object as Stripe.PaymentIntent;
      const amount = intent.amount_received > 0 ? intent.amount_received : intent.amount;
      const reference = chargeId(intent.latest_charge);
      return {
        id: event.id,
        type,
        providerIntentId: intent.id,
        amount: { amount, currency: intent.currency.toUpperCase() },
        ...(reference ? { reference } : {}),
      };
    },
  };
}
