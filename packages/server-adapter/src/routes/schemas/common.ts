// Shared zod schemas of the HTTP API: scalars, money, problem details.

import {
  currencySchema,
  DATE_YEARS,
  dateSchema as engineDate,
  instantSchema as engineInstant,
  timeZoneSchema as engineZone,
  idSchema,
  parseInstant,
} from "@bookwell/engine";
import { z } from "zod";

/** ISO-8601 instant with an offset between 1970 and 2199, documented as `date-time`. */
export const instant = engineInstant
  .refine((v) => {
    const ms = parseInstant(v);
    if (ms === undefined) return true; // already reported by the format check
    const year = new Date(ms).getUTCFullYear();
    return year >= DATE_YEARS.first && year <= DATE_YEARS.last;
  }, `must be between the years ${DATE_YEARS.first} and ${DATE_YEARS.last}`)
  .meta({
    format: "date-time",
    description: "ISO-8601 date-time with an offset, e.g. 2026-03-09T09:30:00+00:00",
    examples: ["2026-03-09T09:30:00+00:00"],
  });

/**
 * `YYYY-MM-DD` civil date between the years 1970 and 2199, like {@link instant}: the engine's
 * `dateSchema`, the one rule for every date (a day range in the year 9999 would reach past what
 * the database's timestamps hold).
 */
export const date = engineDate.meta({ format: "date", examples: ["2026-03-09"] });

/** IANA time zone name. */
export const timeZone = engineZone.meta({ examples: ["Europe/Lisbon"] });

/**
 * Identifier: the engine's `idSchema` (1–128 ASCII letters, digits, `_ - . :`, not starting with
 * `.`, `-` or `:`), the one rule for every id the API accepts, in paths, queries and bodies.
 */
export const id = idSchema.meta({ examples: ["physio"] });

/** `"any"` or a provider id. */
export const providerChoice = idSchema.meta({
  description: '"any" (any available provider) or a provider calendar id',
});

/** ISO 4217 code of a currency in use (`EUR`, `BHD`; not `ZZZ`): the engine's `currencySchema`. */
export const currency = currencySchema.meta({ examples: ["EUR"] });

/** A whole number in an answer: a count, a version, or money in minor units. */
export const integer = z.number().int();

/** Money in integer minor units with an ISO 4217 currency. */
export const money = z
  .object({
    amount: z.number().int("must be an integer number of minor units (e.g. cents)"),
    currency,
  })
  .meta({ description: "Money in integer minor units (3500 = 35.00) with an ISO 4217 currency" });

/**
 * A trimmed text of `min`–`max` characters (non-empty by default).
 *
 * @example
 * text(200).parse("  Maria "); // "Maria"
 */
export function text(max: number, min = 1): z.ZodString {
  return z
    .string()
    .trim()
    .min(min, min === 1 ? "must not be empty" : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`);
}

/**
 * E-mail address. Spaces around it (a phone keyboard's autocomplete adds one) are dropped before
 * the check, as for phone numbers; anything else that is not an address is refused.
 */
export const email = z
  .string("must be an e-mail address")
  .trim()
  .pipe(z.email("must be an e-mail address").max(254, "must be at most 254 characters"))
  .meta({ format: "email", maxLength: 254 });

/** A tax ID (VAT or fiscal number) as typed: 1–50 characters. */
export const taxId = text(50);

/** Phone number: digits, spaces and + ( ) - . only. */
export const phone = z
  .string()
  .trim()
  .min(3, "must be a phone number")
  .max(40, "must be at most 40 characters")
  .regex(/^\+?[0-9 ().-]+$/, "must contain only digits, spaces and + ( ) - .");

/** A page size query parameter. */
export const limit = z.coerce
  .number("must be a number")
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .max(500, "must be at most 500")
  .default(100);
