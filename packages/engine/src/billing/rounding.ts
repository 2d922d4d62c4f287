import { EngineError } from "../errors.js";

/**
 * Divides `numerator / denominator` and rounds half away from zero ("half-up" on magnitudes), in
 * exact integer arithmetic (BigInt), so `0.5` → `1` and `-0.5` → `-1`.
 *
 * @example
 * divRoundHalfUp(5n, 2n); // 3n
 * divRoundHalfUp(-5n, 2n); // -3n
 */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("division by zero");
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

/**
 * Computes `amount × multiplier / divisor` in integer minor units, rounded half away from zero,
 * without floating point. Throws `EngineError` INVALID_INPUT naming `field` when the result is
 * not a safe integer.
 *
 * @example
 * mulDivRoundHalfUp(1999, 2300, 10_000, "tax"); // 460 (19.99 × 23 % = 4.5977 → 4.60)
 * mulDivRoundHalfUp(250, 1, 2, "half"); // 125
 */
export function mulDivRoundHalfUp(
  amount: number,
  multiplier: number,
  divisor: number,
  field: string,
): number {
  const result = Number(divRoundHalfUp(BigInt(amount) * BigInt(multiplier), BigInt(divisor)));
  if (!Number.isSafeInteger(result)) {
    throw new EngineError("INVALID_INPUT", `${field}: amount is too large`, [
      { field, message: "amount is too large to compute exactly" },
    ]);
  }
  return result;
}

/**
 * Basis points of an amount (10 000 bp = 100 %), rounded half away from zero to the minor unit.
 *
 * @example
 * percentOfAmount(4500, 5000); // 2250 (50 % of 45.00)
 * percentOfAmount(3333, 1000); // 333 (10 % of 33.33 = 3.333)
 */
export function percentOfAmount(amount: number, basisPoints: number, field = "amount"): number {
  return mulDivRoundHalfUp(amount, basisPoints, 10_000, field);
}
