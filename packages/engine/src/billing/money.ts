import { z } from "zod";
import { EngineError } from "../errors.js";
import { currencySchema, type Money } from "../model.js";

/** An integer number of minor units that JavaScript can represent exactly. */
export const minorUnitsSchema = z
  .number()
  .int("must be an integer number of minor units (e.g. cents)")
  .refine(Number.isSafeInteger, "must be a safe integer");

/** Money in integer minor units with an ISO 4217 currency (any sign). */
export const signedMoneySchema = z.object({ amount: minorUnitsSchema, currency: currencySchema });

/** Money in integer minor units that is zero or more. */
export const nonNegativeMoneySchema = z.object({
  amount: minorUnitsSchema.refine((v) => v >= 0, "must not be negative"),
  currency: currencySchema,
});

/** Money in integer minor units that is more than zero. */
export const positiveMoneySchema = z.object({
  amount: minorUnitsSchema.refine((v) => v > 0, "must be more than zero"),
  currency: currencySchema,
});

/** Basis points: 1 bp = 0.01 %, 10 000 bp = 100 %. */
export const basisPointsSchema = z
  .number()
  .int("must be a whole number of basis points (100 bp = 1 %)")
  .min(0, "must not be negative")
  .max(10_000, "must be at most 10000 (100 %)");

/**
 * Builds a {@link Money} value.
 *
 * @example
 * money(4500, "EUR"); // { amount: 4500, currency: "EUR" }
 */
export function money(amount: number, currency: string): Money {
  return { amount, currency };
}

/** A money value together with the dotted path of the field it came from (for error messages). */
export interface MoneyAt {
  /** Dotted path of the field, e.g. `charges.2.unitPrice`. */
  field: string;
  /** The currency found there. */
  currency: string;
}

/**
 * Returns the one currency shared by every entry, or `fallback` when there is none; throws
 * `EngineError` INVALID_INPUT naming the first field whose currency differs.
 *
 * @example
 * sameCurrency([{ field: "a", currency: "EUR" }, { field: "b", currency: "EUR" }]); // "EUR"
 */
export function sameCurrency(entries: readonly MoneyAt[], fallback?: string): string {
  const first = entries[0];
  const expected = fallback ?? first?.currency;
  if (expected === undefined) {
    throw new EngineError("INVALID_INPUT", "no currency: nothing to total", [
      { field: "currency", message: "cannot tell the currency of an empty set" },
    ]);
  }
  for (const entry of entries) {
    if (entry.currency !== expected) {
      const message = `must be ${expected} like the rest (mixed currencies are not allowed)`;
      throw new EngineError("INVALID_INPUT", `${entry.field}.currency: ${message}`, [
        { field: `${entry.field}.currency`, message },
      ]);
    }
  }
  return expected;
}

/**
 * Adds integer amounts, throwing when the sum leaves the safe-integer range.
 *
 * @example
 * sumAmounts([100, 250, -50]); // 300
 */
export function sumAmounts(amounts: Iterable<number>): number {
  let total = 0;
  for (const a of amounts) total += a;
  if (!Number.isSafeInteger(total)) {
    throw new EngineError("INVALID_INPUT", "sum of amounts is too large", [
      { field: "amount", message: "sum is too large to compute exactly" },
    ]);
  }
  return total;
}
