import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineAmounts } from "./tax.js";

const line = (amount: number, quantity: number, taxRateBp: number, priceIncludesTax: boolean) => ({
  unitPrice: { amount },
  quantity,
  taxRateBp,
  priceIncludesTax,
});

describe("lineAmounts", () => {
  it("adds tax to a tax-exclusive price, rounded once per line", () => {
    expect(lineAmounts(line(1999, 1, 2300, false))).toEqual({ net: 1999, tax: 460, gross: 2459 });
    expect(lineAmounts(line(333, 3, 600, false))).toEqual({ net: 999, tax: 60, gross: 1059 });
  });

  it("takes tax out of a tax-inclusive price", () => {
    expect(lineAmounts(line(6150, 1, 2300, true))).toEqual({ net: 5000, tax: 1150, gross: 6150 });
    expect(lineAmounts(line(4500, 1, 0, true))).toEqual({ net: 4500, tax: 0, gross: 4500 });
    expect(lineAmounts(line(1000, 1, 600, true))).toEqual({ net: 943, tax: 57, gross: 1000 });
  });

  it("always has net + tax = gross, in integers, with tax of the line's sign", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.boolean(),
        (amount, qty, rate, inclusive) => {
          const r = lineAmounts(line(amount, qty, rate, inclusive));
          expect(r.net + r.tax).toBe(r.gross);
          expect([r.net, r.tax, r.gross].every(Number.isInteger)).toBe(true);
          expect(Math.sign(r.tax) * Math.sign(amount)).toBeGreaterThanOrEqual(0);
          expect(inclusive ? r.gross : r.net).toBe(amount * qty);
        },
      ),
    );
  });
});
