import type { JSX } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Booking, PaymentAsked } from "../api/types.js";
import { useWidget } from "../context.js";
import type { PaymentProvider, PaymentRequest, WidgetOptions } from "../options.js";
import { serverPayment } from "../payment/server-payment.js";

export { stepsStyles as styles } from "../theme/chunk-styles.js";

/** "Deposit to pay now", per language (this chunk's own texts: the first screen never needs them). */
const DEPOSIT: Record<string, string> = {
  en: "Deposit to pay now: {amount}. The rest is paid at the clinic.",
  pt: "Sinal a pagar agora: {amount}. O restante é pago na clínica.",
  es: "Depósito a pagar ahora: {amount}. El resto se paga en la clínica.",
};

/**
 * The payment provider of a widget without `options.payment` whose server asks for a payment (the
 * script tag): the server's own payment routes (`serverPayment`), the payment confirmed by the
 * server with its provider. A provider needing card fields in the browser takes the ESM option.
 *
 * @example
 * const provider = options.payment ?? scriptPayment(options);
 */
export function scriptPayment(
  options: Pick<WidgetOptions, "api" | "clinic" | "fetch">,
): PaymentProvider {
  return serverPayment({
    api: options.api,
    ...(options.clinic ? { clinic: options.clinic } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    complete: async () => ({ status: "confirm-on-server" }),
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
