import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isEngineError } from "../errors.js";
import { currencySchema, moneySchema } from "../model.js";
import { currencyMinorDigits, isCurrencyCode, minorUnitsToDecimal } from "./currency.js";

describe("currencies", () => {
  it("knows real ISO 4217 codes and refuses made-up, test and lower-case ones", () => {
    for (const code of ["EUR", "USD", "GBP", "BRL", "JPY", "BHD", "KWD", "CHF"]) {
      expect(isCurrencyCode(code)).toBe(true);
    }
    for (const code of ["ZZZ", "XXX", "XTS", "eur", "EURO", "EU", "", "€"]) {
      expect(isCurrencyCode(code)).toBe(false);
    }
  });

  it("regression: currency ZZZ was accepted; the schema refuses it and names the rule", () => {
    expect(currencySchema.safeParse("EUR").success).toBe(true);
    const refused = moneySchema.safeParse({ amount: 100, currency: "ZZZ" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({
      path: ["currency"],
      message: "must be an ISO 4217 code such as EUR",
    });
  });

  it("gives the minor unit's digits from Intl: 2 for EUR, 0 for JPY, 3 for BHD", () => {
    expect(currencyMinorDigits("EUR")).toBe(2);
    expect(currencyMinorDigits("USD")).toBe(2);
    expect(currencyMinorDigits("JPY")).toBe(0);
    expect(currencyMinorDigits("KRW")).toBe(0);
    expect(currencyMinorDigits("BHD")).toBe(3);
    expect(currencyMinorDigits("KWD")).toBe(3);
    expect(currencyMinorDigits("TND")).toBe(3);
  });

  it("refuses the digits of something that is not a currency with INVALID_INPUT", () => {
    let caught: unknown;
    try {
      currencyMinorDigits("ZZZ");
    } catch (error) {
      caught = error;
    }
    expect(isEngineError(caught) && caught.code).toBe("INVALID_INPUT");
  });

  it("writes minor units as a decimal with the currency's digits", () => {
    expect(minorUnitsToDecimal(4550, "EUR")).toBe("45.50");
    expect(minorUnitsToDecimal(5, "EUR")).toBe("0.05");
    expect(minorUnitsToDecimal(-500, "USD")).toBe("-5.00");
    expect(minorUnitsToDecimal(12345, "BHD")).toBe("12.345");
    expect(minorUnitsToDecimal(7, "BHD")).toBe("0.007");
    expect(minorUnitsToDecimal(1500, "JPY")).toBe("1500");
    expect(minorUnitsToDecimal(0, "JPY")).toBe("0");
  });

  it("agrees with Intl for every currency it knows: the decimal is the number Intl formats", () => {
    const codes = Intl.supportedValuesOf("currency").filter(isCurrencyCode);
    expect(codes.length).toBeGreaterThan(100);
    fc.assert(
      fc.property(
        fc.constantFrom(...codes),
        fc.integer({ min: -1e9, max: 1e9 }),
        (code, amount) => {
          const digits = currencyMinorDigits(code);
          const format = new Intl.NumberFormat("en", {
            style: "decimal",
            minimumFractionDigits: digits,
            maximumFractionDigits: digits,
            useGrouping: false,
          });
          expect(minorUnitsToDecimal(amount, code)).toBe(format.format(amount / 10 ** digits));
        },
      ),
    );
  });
});
