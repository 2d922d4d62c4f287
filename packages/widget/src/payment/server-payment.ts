// A payment provider for the widget's payment step that goes through the Bookwell server's own
// payment interface (docs/server/payments.md): the server creates the intent for what is still due
// on the visit, the provider's browser SDK finishes it, and the server records the money only when
// the provider confirms it. The script-tag bundle carries it in its on-demand payment chunk only
// (`scriptPayment` in booking/payment-step.tsx).
import { newIdempotencyKey } from "../api/client.js";
import type { Money } from "../api/types.js";
import type { PaymentProvider, PaymentRequest, PaymentResult } from "../options.js";

/** What `POST /v1/manage/:token/payment-intents` answers. */
export interface PaymentIntent {
  intentId: string;
  /** The server's payment provider, e.g. `stripe`. */
  provider: string;
  status: "requires_payment" | "processing" | "succeeded" | "failed" | "canceled" | (string & {});
  /** What is still due on the visit. */
  amount: Money;
  /** What the provider's browser SDK needs to finish the payment. */
  clientSecret?: string;
}

/** How the provider's SDK finished a payment in the browser. */
export type CompletedPayment =
  /** The SDK confirmed it; the server records it from the provider's webhook. */
  | { status: "confirmed" }
  /**
   * A payment method for the server to confirm (`…/confirm`, server-side confirmation flows);
   * without one the provider confirms with what it already has for the intent.
   */
  | { status: "confirm-on-server"; paymentMethod?: string }
  | { status: "failed"; message?: string };

/** Options of {@link serverPayment}. */
export interface ServerPaymentOptions {
  /** The same API base URL as the widget's. */
  api: string;
  /** Clinic id (sent as `X-Bookwell-Clinic`), as for the widget. */
  clinic?: string;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
  /** Shown under the amount, e.g. "Card or MB WAY". */
  label?: string;
  /** Lets the patient pay at the clinic instead. */
  optional?: boolean;
  /** Mounts the provider's card fields into `request.container`; returns a cleanup. */
  render?(request: PaymentRequest): undefined | (() => void);
  /** Finishes the payment with the provider's SDK, e.g. Stripe's `confirmPayment(clientSecret)`. */
  complete(intent: PaymentIntent, request: PaymentRequest): Promise<CompletedPayment>;
}

/**
 * A payment provider for `options.payment` that charges the visit through the Bookwell server's
 * payment routes: `POST /v1/manage/:token/payment-intents`, then the provider's SDK (`complete`),
 * then, for server-side confirmation, `POST …/payment-intents/:id/confirm`. Nothing left to pay
 * (409) skips the step.
 *
 * @example
 * import { mount, serverPayment } from "@bookwell/widget";
 * mount(el, {
 *   api: "/api",
 *   payment: serverPayment({
 *     api: "/api",
 *     async complete(intent) {
 *       const { error } = await stripe.confirmPayment({ clientSecret: intent.clientSecret, elements, redirect: "if_required" });
 *       return error ? { status: "failed", message: error.message } : { status: "confirmed" };
 *     },
 *   }),
 * });
 */
export function serverPayment(options: ServerPaymentOptions): PaymentProvider {
  const base = options.api.replace(/\/+$/, "");
  const keys = new Map<string, string>();

  async function post<T>(path: string, body: unknown, key: string, signal: AbortSignal) {
    const headers: Record<string, string> = {
      accept: "application/json",
      "content-type": "application/json",
      "idempotency-key": key,
    };
    if (options.clinic) headers["x-bookwell-clinic"] = options.clinic;
    const response = await (options.fetch ?? globalThis.fetch.bind(globalThis))(
      `${base}/v1${path}`,
      {
        method: "POST",
        headers,
        body: JSON.stringify(body),
        signal,
      },
    );
    const data = (await response.json().catch(() => null)) as
      | (T & { detail?: string; title?: string })
      | null;
    return { status: response.status, data };
  }

  const provider: PaymentProvider = {
    async collect(request: PaymentRequest): Promise<PaymentResult> {
      // The server's problem texts are English: passed on in English only. A network failure's
      // ("Failed to fetch") never is; the step's own "did not go through" says it.
      const serverText = (data: { detail?: string; title?: string } | null) =>
        (/^en\b/i.test(request.locale) && (data?.detail ?? data?.title)) || "";
      const failed: PaymentResult = { status: "failed", message: "" };
      const intents = `/manage/${encodeURIComponent(request.manageToken)}/payment-intents`;
      // One intent per visit however often the patient presses Pay (the server replays it).
      let key = keys.get(request.manageToken);
      if (!key) {
        key = newIdempotencyKey();
        keys.set(request.manageToken, key);
      }
      let created: Awaited<ReturnType<typeof post<PaymentIntent>>>;
      try {
        created = await post<PaymentIntent>(intents, {}, key, request.signal);
      } catch {
        return failed;
      }
      if (created.status === 409) return { status: "skipped" };
      const intent = created.data;
      if (created.status !== 201 || !intent?.intentId) {
        return { status: "failed", message: serverText(intent) };
      }
      if (intent.status === "succeeded") return { status: "paid", reference: intent.intentId };
      const done = await options.complete(intent, request);
      if (done.status === "failed") return { status: "failed", message: done.message ?? "" };
      if (done.status === "confirmed") return { status: "paid", reference: intent.intentId };
      try {
        const confirmed = await post<PaymentIntent>(
          `${intents}/${encodeURIComponent(intent.intentId)}/confirm`,
          done.paymentMethod ? { paymentMethod: done.paymentMethod } : {},
          `${key}-${done.paymentMethod ?? "server"}`,
          request.signal,
        );
        const status = confirmed.data?.status;
        if (confirmed.status === 200 && (status === "succeeded" || status === "processing")) {
          return { status: "paid", reference: intent.intentId };
        }
        return { status: "failed", message: serverText(confirmed.data) };
      } catch {
        return failed;
      }
    },
  };
  if (options.label !== undefined) provider.label = options.label;
  if (options.optional !== undefined) provider.optional = options.optional;
  if (options.render) provider.render = options.render;
  return provider;
}
