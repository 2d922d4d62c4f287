// Currencies: which three-letter codes are real ISO 4217 currencies, and how many digits their
// minor unit has. Both come from the runtime's `Intl` (CLDR data), so every place that converts
// major and minor units, formats or validates a currency agrees with what `Intl` prints.

import { EngineError } from "../errors.js";

const CODE = /^[A-Z]{3}$/;

let supported: ReadonlySet<string> | undefined;
const digitsCache = new Map<string, number>();

/** The currencies this runtime's `Intl` knows; empty where `Intl.supportedValuesOf` is missing. */
function supportedCurrencies(): ReadonlySet<string> {
  if (!supported) {
    const list =
      typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("currency") : [];
    supported = new Set(list);
  }
  return supported;
}

/**
 * Tells whether `code` is an ISO 4217 currency in use (`EUR`, `BHD`, `JPY`), as the runtime's
 * `Intl.supportedValuesOf("currency")` lists them: a well-formed code like `ZZZ` or the test code
 * `XXX` is not. On a runtime without that list, any three capital letters `Intl.NumberFormat`
 * accepts pass.
 *
 * @example
 * isCurrencyCode("EUR"); // true
 * isCurrencyCode("ZZZ"); // false
 * isCurrencyCode("eur"); // false
 */
export function isCurrencyCode(code: string): boolean {
  if (!CODE.test(code)) return false;
  const known = supportedCurrencies();
  if (known.size > 0) return known.has(code);
  try {
    new Intl.NumberFormat("en", { style: "currency", currency: code });
    return true;
  } catch {
    return false;
  }
}

/**
 * The number of digits of a currency's minor unit, as `Intl.NumberFormat` formats it: 2 for EUR
 * (1 € = 100 cents), 0 for JPY, 3 for BHD. `{ amount: 12345, currency: "BHD" }` is 12.345 BHD.
 * Every conversion between major and minor units uses this one function. Throws `EngineError`
 * `INVALID_INPUT` for a code that is not a currency.
 *
 * @example
 * currencyMinorDigits("EUR"); // 2
 * currencyMinorDigits("JPY"); // 0
 * currencyMinorDigits("BHD"); // 3
 */
export function currencyMinorDigits(currency: string): number {
  const cached = digitsCache.get(currency);
  if (cached !== undefined) return cached;
  if (!isCurrencyCode(currency)) {
    throw new EngineError("INVALID_INPUT", `${currency} is not an ISO 4217 currency`, [
      { field: "currency", message: "must be an ISO 4217 code such as EUR" },
    ]);
  }
  const digits =
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  digitsCache.set(currency, digits);
  return digits;
}

/**
 * Integer minor units as a plain decimal number in major units, with as many decimals as the
 * currency's minor unit ({@link currencyMinorDigits}) and a point, without grouping: what a CSV
 * cell or a formatter starts from.
 *
 * @example
 * minorUnitsToDecimal(4550, "EUR"); // "45.50"
 * minorUnitsToDecimal(12345, "BHD"); // "12.345"
 * minorUnitsToDecimal(-500, "JPY"); // "-500"
 */
export function minorUnitsToDecimal(amount: number, currency: string): string {
  const digits = currencyMinorDigits(currency);
  const abs = String(Math.abs(Math.trunc(amount))).padStart(digits + 1, "0");
  const whole = abs.slice(0, abs.length - digits);
  const text = digits > 0 ? `${whole}.${abs.slice(abs.length - digits)}` : whole;
  return amount < 0 ? `-${text}` : text;
}
