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
  /**
   * The card form the patient fills in the page with `clientSecret` (Stripe's Payment Element,
   * loaded from Stripe with the publishable key); absent when the server confirms on its own.
   */
  cardForm?: { sdk: "stripe" | (string & {}); publishableKey: string };
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
  /**
   * The SDK confirmed it in the page (a card form); the server reads the intent's status from the
   * provider (`…/confirm` without a payment method) before the payment counts.
   */
  | { status: "check-on-server" }
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
  /**
   * Mounts the provider's card fields into `request.container`; returns a cleanup. `intent()`
   * creates the visit's intent now (the same one Pay uses) for a form that needs its secret first;
   * `null` when it could not be made or nothing is left to pay.
   */
  render?(
    request: PaymentRequest,
    intent: () => Promise<PaymentIntent | null>,
  ): undefined | (() => void);
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
  // One creation request in flight per visit: the step's form and Pay share it.
  const creating = new Map<string, Promise<Awaited<ReturnType<typeof post<PaymentIntent>>>>>();

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

  /** Creates (or replays) the visit's intent; a failed or refused attempt is made again next time. */
  function create(request: PaymentRequest) {
    const token = request.manageToken;
    const started = creating.get(token);
    if (started) return started;
    // One intent per visit however often the patient presses Pay (the server replays it).
    let key = keys.get(token);
    if (!key) {
      key = newIdempotencyKey();
      keys.set(token, key);
    }
    const made = post<PaymentIntent>(
      `/manage/${encodeURIComponent(token)}/payment-intents`,
      {},
      key,
      request.signal,
    );
    creating.set(token, made);
    made.then(
      (answer) => {
        if (answer.status !== 201) creating.delete(token);
      },
      () => creating.delete(token),
    );
    return made;
  }

  const provider: PaymentProvider = {
    async collect(request: PaymentRequest): Promise<PaymentResult> {
      // The server's problem texts are English: passed on in English only. A network failure's
      // ("Failed to fetch") never is; the step's own "did not go through" says it.
      const serverText = (data: { detail?: string; title?: string } | null) =>
        (/^en\b/i.test(request.locale) && (data?.detail ?? data?.title)) || "";
      const failed: PaymentResult = { status: "failed", message: "" };
      const intents = `/manage/${encodeURIComponent(request.manageToken)}/payment-intents`;
      let created: Awaited<ReturnType<typeof post<PaymentIntent>>>;
      try {
        created = await create(request);
      } catch {
        return failed;
      }
      // The next Pay asks again (with the same key: the server answers with the same intent).
      creating.delete(request.manageToken);
      const key = keys.get(request.manageToken) ?? "";
      if (created.status === 409) return { status: "skipped" };
      const intent = created.data;
      if (created.status !== 201 || !intent?.intentId) {
        return { status: "failed", message: serverText(intent) };
      }
      if (intent.status === "succeeded") return { status: "paid", reference: intent.intentId };
      const done = await options.complete(intent, request);
      if (done.status === "failed") return { status: "failed", message: done.message ?? "" };
      if (done.status === "confirmed") return { status: "paid", reference: intent.intentId };
      const method = done.status === "confirm-on-server" ? done.paymentMethod : undefined;
      try {
        const confirmed = await post<PaymentIntent>(
          `${intents}/${encodeURIComponent(intent.intentId)}/confirm`,
          method ? { paymentMethod: method } : {},
          // A check after the page's card form asks afresh each time (a new card after a decline).
          done.status === "check-on-server" ? newIdempotencyKey() : `${key}-${method ?? "server"}`,
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
  const render = options.render;
  if (render) {
    provider.render = (request) =>
      render(request, async () => {
        const made = await create(request).catch(() => null);
        return made?.status === 201 && made.data?.intentId ? made.data : null;
      });
  }
  return provider;
}
