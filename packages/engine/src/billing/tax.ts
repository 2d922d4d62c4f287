import { EngineError } from "../errors.js";
import { mulDivRoundHalfUp } from "./rounding.js";

/** Net, tax and gross of one line in minor units; `net + tax === gross` always. */
export interface LineAmounts {
  net: number;
  tax: number;
  gross: number;
}

/** What {@link lineAmounts} needs from a charge or invoice line. */
export interface TaxableLine {
  unitPrice: { amount: number };
  quantity: number;
  taxRateBp: number;
  priceIncludesTax: boolean;
}

/**
 * Computes one line's net, tax and gross, rounding the tax once per line, half away from zero:
 * - tax-exclusive price: `net = unit × qty`, `tax = round(net × rate / 10000)`, `gross = net + tax`;
 * - tax-inclusive price: `gross = unit × qty`, `tax = round(gross × rate / (10000 + rate))`,
 *   `net = gross − tax`.
 * Invoice totals are sums of these line figures, so lines always add up to the totals.
 *
 * @example
 * lineAmounts({ unitPrice: { amount: 1999 }, quantity: 1, taxRateBp: 2300, priceIncludesTax: false });
 * // { net: 1999, tax: 460, gross: 2459 }
 * lineAmounts({ unitPrice: { amount: 6150 }, quantity: 1, taxRateBp: 2300, priceIncludesTax: true });
 * // { net: 5000, tax: 1150, gross: 6150 }
 */
export function lineAmounts(line: TaxableLine): LineAmounts {
  const amount = line.unitPrice.amount * line.quantity;
  if (!Number.isSafeInteger(amount)) {
    throw new EngineError("INVALID_INPUT", "unitPrice × quantity is too large", [
      { field: "unitPrice", message: "unitPrice × quantity is too large to compute exactly" },
    ]);
  }
  if (line.priceIncludesTax) {
    const tax = mulDivRoundHalfUp(amount, line.taxRateBp, 10_000 + line.taxRateBp, "unitPrice");
    return { net: amount - tax, tax, gross: amount };
  }
  const tax = mulDivRoundHalfUp(amount, line.taxRateBp, 10_000, "unitPrice");
  return { net: amount, tax, gross: amount + tax };
}
