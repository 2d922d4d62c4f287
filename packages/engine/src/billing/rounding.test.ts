import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { divRoundHalfUp, mulDivRoundHalfUp, percentOfAmount } from "./rounding.js";

describe("half-up rounding (half away from zero)", () => {
  it("rounds halves away from zero and everything else to the nearest", () => {
    expect([
      divRoundHalfUp(5n, 2n),
      divRoundHalfUp(-5n, 2n),
      divRoundHalfUp(7n, 3n),
      divRoundHalfUp(8n, 3n),
    ]).toEqual([3n, -3n, 2n, 3n]);
    expect(percentOfAmount(3333, 1000)).toBe(333);
    expect(percentOfAmount(4550, 5000)).toBe(2275);
    expect(percentOfAmount(1, 5000)).toBe(1);
    expect(mulDivRoundHalfUp(1999, 2300, 10_000, "tax")).toBe(460);
  });

  it("is within half a unit of the exact quotient, and symmetric", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        (n, d) => {
          const q = divRoundHalfUp(n, d);
          const diff2 = 2n * (n - q * d); // 2 × (exact − q) × d
          expect(diff2 <= d && diff2 >= -d).toBe(true);
          expect(divRoundHalfUp(-n, d)).toBe(-q);
        },
      ),
    );
  });

  it("refuses amounts it cannot compute exactly, naming the field", () => {
    expect(() => mulDivRoundHalfUp(Number.MAX_SAFE_INTEGER, 10_000, 1, "price")).toThrow(/price/);
  });
});
