import { EngineError } from "../errors.js";
import type { PackagePricing, SessionPackage } from "./schema.js";

/**
 * Derives a package's session prices so that they always sum to the total exactly: from a total,
 * each session costs `floor(total / sessions)` and the last one also takes the remainder; from a
 * per-session price, the total is `perSession × sessions`.
 *
 * @example
 * packagePricing(3, { total: { amount: 10000, currency: "EUR" } });
 * // { total: 10000 EUR, perSession: 3333 EUR, lastSession: 3334 EUR }
 */
export function packagePricing(sessions: number, price: SessionPackage["price"]): PackagePricing {
  if ("perSession" in price) {
    const total = price.perSession.amount * sessions;
    if (!Number.isSafeInteger(total)) {
      throw new EngineError("INVALID_INPUT", "price.perSession: total is too large", [
        { field: "price.perSession", message: "perSession × sessions is too large" },
      ]);
    }
    return {
      total: { amount: total, currency: price.perSession.currency },
      perSession: { ...price.perSession },
      lastSession: { ...price.perSession },
    };
  }
  const base = Math.floor(price.total.amount / sessions);
  const currency = price.total.currency;
  return {
    total: { ...price.total },
    perSession: { amount: base, currency },
    lastSession: { amount: price.total.amount - base * (sessions - 1), currency },
  };
}

/**
 * Value of the first `count` sessions of a package (sessions are used in order, so the last one,
 * which absorbs rounding, is the last to be used).
 *
 * @example
 * valueOfSessions(packagePricing(3, { total: { amount: 10000, currency: "EUR" } }), 3, 2); // 6666
 */
export function valueOfSessions(pricing: PackagePricing, sessions: number, count: number): number {
  if (count <= 0) return 0;
  if (count >= sessions) return pricing.total.amount;
  return pricing.perSession.amount * count;
}
