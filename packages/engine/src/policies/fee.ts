import { sameCurrency } from "../billing/money.js";
import { percentOfAmount } from "../billing/rounding.js";
import type { Money } from "../model.js";
import type { FeeRule } from "./schemas.js";

/**
 * The amount of a fee rule for a visit priced `price`: a fixed fee as is, a percentage rounded
 * half away from zero to the minor unit (`percentOfAmount`). A zero fee is `null`.
 *
 * @example
 * feeFor({ type: "percent", basisPoints: 5000 }, { amount: 4550, currency: "EUR" }); // { amount: 2275, currency: "EUR" }
 * feeFor({ type: "percent", basisPoints: 3333 }, { amount: 1000, currency: "EUR" }); // { amount: 333, currency: "EUR" }
 */
export function feeFor(
  rule: FeeRule | null | undefined,
  price: Money,
  field = "fee.amount",
): Money | null {
  if (!rule) return null;
  if (rule.type === "fixed") {
    sameCurrency([
      { field: "price", currency: price.currency },
      { field, currency: rule.amount.currency },
    ]);
  }
  const fee =
    rule.type === "fixed"
      ? { ...rule.amount }
      : {
          amount: percentOfAmount(price.amount, rule.basisPoints, "price"),
          currency: price.currency,
        };
  return fee.amount > 0 ? fee : null;
}
