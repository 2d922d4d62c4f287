import type { JSX } from "preact";
import type { Booking, PaymentAsked } from "../api/types.js";
import { Lazy } from "../chunks/load.js";
import { useWidget } from "../context.js";

/** Props of {@link PaymentPart}. */
export interface PaymentPartProps {
  /** What the server asks to pay now (a deposit or the price). */
  asked?: PaymentAsked | undefined;
  booking: Booking;
  manageToken: string;
  onDone(result: "paid" | "later", reference?: string): void;
}

/**
 * The payment step, loaded on demand (its own chunk), with the page's provider: `options.payment`,
 * else the server's own payment routes. The booking flow and the manage page's "Pay now" both
 * show this one.
 *
 * @example
 * <PaymentPart asked={result.payment} booking={result.booking} manageToken={token} onDone={finish} />
 */
export function PaymentPart(props: PaymentPartProps): JSX.Element {
  const { options } = useWidget();
  return (
    <Lazy chunk="payment">
      {(m) => <m.PaymentStep provider={options.payment ?? m.scriptPayment(options)} {...props} />}
    </Lazy>
  );
}
