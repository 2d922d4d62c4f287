import type { JSX } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Booking, PaymentAsked } from "../api/types.js";
import { useWidget } from "../context.js";
import type { PaymentProvider, PaymentRequest, WidgetOptions } from "../options.js";
import { type CompletedPayment, serverPayment } from "../payment/server-payment.js";
import {
  mountStripeCardForm,
  type StripeCardForm,
  type StripeJsError,
} from "../payment/stripe-card-form.js";

export { stepsStyles as styles } from "../theme/chunk-styles.js";

/** "Deposit to pay now", per language (this chunk's own texts: the first screen never needs them). */
const DEPOSIT: Record<string, string> = {
  en: "Deposit to pay now: {amount}. The rest is paid at the clinic.",
  pt: "Sinal a pagar agora: {amount}. O restante é pago na clínica.",
  es: "Depósito a pagar ahora: {amount}. El resto se paga en la clínica.",
};

/** The card form's own failures, per language (Stripe's messages for other card errors are in the
 * language the form was mounted with). */
const CARD: Record<string, { declined: string; unavailable: string }> = {
  en: {
    declined: "Your card was declined. Try another card.",
    unavailable: "The card form could not load. Check your connection and try again.",
  },
  pt: {
    declined: "O cartão foi recusado. Experimente outro cartão.",
    unavailable:
      "Não foi possível carregar o formulário do cartão. Verifique a ligação e tente de novo.",
  },
  es: {
    declined: "La tarjeta ha sido rechazada. Pruebe con otra tarjeta.",
    unavailable:
      "No se ha podido cargar el formulario de la tarjeta. Compruebe la conexión e inténtelo de nuevo.",
  },
};

/**
 * What the patient reads when the card form failed: a declined card in the widget's language,
 * Stripe's own (localized) message for other card and input errors, nothing for the rest (the
 * step's "did not go through" says it).
 *
 * @example
 * cardFailure({ type: "card_error", code: "card_declined" }, "pt"); // "O cartão foi recusado. …"
 */
export function cardFailure(error: StripeJsError | "unavailable", locale: string): string {
  const texts = CARD[locale.slice(0, 2)] ?? (CARD.en as (typeof CARD)[string]);
  if (error === "unavailable") return texts.unavailable;
  if (error.code === "card_declined") return texts.declined;
  return error.type === "card_error" || error.type === "validation_error"
    ? (error.message ?? "")
    : "";
}

/**
 * The payment provider of a widget without `options.payment` whose server asks for a payment (the
 * script tag): the server's own payment routes (`serverPayment`). When the intent's answer has a
 * card form (Stripe's Payment Element), the step loads Stripe.js, mounts the form, confirms the
 * card in the page and asks the server to check the intent with Stripe; otherwise the server
 * confirms the payment with its provider.
 *
 * @example
 * const provider = options.payment ?? scriptPayment(options);
 */
export function scriptPayment(
  options: Pick<WidgetOptions, "api" | "clinic" | "fetch">,
): PaymentProvider {
  const forms = new Map<string, Promise<StripeCardForm | null>>();
  return serverPayment({
    api: options.api,
    ...(options.clinic ? { clinic: options.clinic } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    render(request, intent) {
      let gone = false;
      let mounted: StripeCardForm | null = null;
      const form = intent().then(async (made) => {
        if (gone || !made?.cardForm || !made.clientSecret) return null;
        mounted = await mountStripeCardForm(
          made.cardForm.publishableKey,
          made.clientSecret,
          request,
        );
        if (gone) mounted.destroy();
        return mounted;
      });
      // A form that could not load is reported when the patient presses Pay.
      form.catch(() => undefined);
      forms.set(request.manageToken, form);
      return () => {
        gone = true;
        mounted?.destroy();
        forms.delete(request.manageToken);
      };
    },
    async complete(intent, request): Promise<CompletedPayment> {
      if (!intent.cardForm) return { status: "confirm-on-server" };
      const form = await (forms.get(request.manageToken) ?? Promise.resolve(null)).catch(
        () => null,
      );
      if (!form) return { status: "failed", message: cardFailure("unavailable", request.locale) };
      const error = await form.confirm().catch(() => ({ type: "api_connection_error" }));
      if (error) return { status: "failed", message: cardFailure(error, request.locale) };
      return { status: "check-on-server" };
    },
  });
}

/**
 * The optional payment step: shows the amount, lets the provider render into a container, and
 * calls `collect()` on Pay. Failures are announced and can be retried; an optional provider lets
 * the patient pay at the clinic instead.
 *
 * @example
 * <PaymentStep provider={options.payment} asked={result.payment} booking={booking} manageToken={token} onDone={finish} />
 */
export function PaymentStep(props: {
  provider: PaymentProvider;
  /** What the server asks to pay now (a deposit or the price); else the booking's price. */
  asked?: PaymentAsked | undefined;
  booking: Booking;
  manageToken: string;
  onDone(result: "paid" | "later", reference?: string): void;
}): JSX.Element {
  const ctx = useWidget();
  const { i18n } = ctx;
  const container = useRef<HTMLDivElement>(null);
  const controller = useMemo(() => new AbortController(), []);
  const [state, setState] = useState<"idle" | "paying" | "failed">("idle");
  const [message, setMessage] = useState("");
  const due = props.asked?.amount ?? props.booking.price;
  const amount = i18n.money(due);
  const deposit = props.asked?.kind === "deposit";

  function request(): PaymentRequest | null {
    if (!container.current) return null;
    return {
      booking: props.booking,
      manageToken: props.manageToken,
      amount: due,
      locale: i18n.locale,
      container: container.current,
      signal: controller.signal,
    };
  }

  useEffect(() => {
    const req = request();
    const cleanup = req && props.provider.render ? props.provider.render(req) : undefined;
    return () => {
      controller.abort();
      cleanup?.();
    };
  }, []);

  async function pay() {
    const req = request();
    if (!req || state === "paying") return;
    setState("paying");
    ctx.announce(i18n.m.paying);
    try {
      const result = await props.provider.collect(req);
      if (controller.signal.aborted) return;
      if (result.status === "paid") {
        props.onDone("paid", result.reference);
        return;
      }
      if (result.status === "skipped") {
        props.onDone("later");
        return;
      }
      setMessage(i18n.t(i18n.m.paymentFailed, { message: result.message ?? "" }).trim());
    } catch (error) {
      if (controller.signal.aborted) return;
      setMessage(
        i18n
          .t(i18n.m.paymentFailed, { message: error instanceof Error ? error.message : "" })
          .trim(),
      );
    }
    setState("failed");
  }

  return (
    <div class="bw-payment">
      <p class="bw-amount">
        {i18n.t(
          deposit
            ? (DEPOSIT[i18n.locale.slice(0, 2)] ?? (DEPOSIT.en as string))
            : i18n.m.paymentDue,
          { amount },
        )}
      </p>
      {props.provider.label ? <p class="bw-hint">{props.provider.label}</p> : null}
      <div ref={container} class="bw-payment-slot" />
      {state === "failed" ? (
        <div class="bw-alert bw-alert-error" role="alert">
          <p>{message}</p>
        </div>
      ) : null}
      <div class="bw-actions">
        <button
          type="button"
          class="bw-button bw-button-primary"
          aria-disabled={state === "paying" ? "true" : undefined}
          onClick={() => void pay()}
        >
          {state === "paying" ? i18n.m.paying : i18n.t(i18n.m.payNow, { amount })}
        </button>
        {props.provider.optional ? (
          <button
            type="button"
            class="bw-button"
            aria-disabled={state === "paying" ? "true" : undefined}
            onClick={() => {
              if (state !== "paying") props.onDone("later");
            }}
          >
            {i18n.m.payLater}
          </button>
        ) : null}
      </div>
    </div>
  );
}
