// Shared zod schemas of the HTTP API: scalars, money, problem details.

import {
  dateSchema as engineDate,
  instantSchema as engineInstant,
  timeZoneSchema as engineZone,
  parseInstant,
} from "@bookwell/engine";
import { z } from "zod";

/** ISO-8601 instant with an offset between 1970 and 2199, documented as `date-time`. */
export const instant = engineInstant
  .refine((v) => {
    const ms = parseInstant(v);
    if (ms === undefined) return true; // already reported by the format check
    const year = new Date(ms).getUTCFullYear();
    return year >= 1970 && year <= 2199;
  }, "must be between the years 1970 and 2199")
  .meta({
    format: "date-time",
    description: "ISO-8601 date-time with an offset, e.g. 2026-03-09T09:30:00+00:00",
    examples: ["2026-03-09T09:30:00+00:00"],
  });

/**
 * `YYYY-MM-DD` civil date between the years 1970 and 2199, like {@link instant}: a day range in
 * the year 9999 would reach past what the database's timestamps hold.
 */
export const date = engineDate
  .refine((v) => {
    const year = Number(v.slice(0, 4));
    return !Number.isInteger(year) || (year >= 1970 && year <= 2199);
  }, "must be between the years 1970 and 2199")
  .meta({ format: "date", examples: ["2026-03-09"] });

/** IANA time zone name. */
export const timeZone = engineZone.meta({ examples: ["Europe/Lisbon"] });

/** Identifier: 1–128 visible characters. */
export const id = z
  .string()
  .min(1, "must not be empty")
  .max(128, "must be at most 128 characters")
  .regex(/^[^\s]+$/, "must not contain spaces");

/** `"any"` or a provider id. */
export const providerChoice = z
  .string()
  .min(1, 'must be "any" or a provider id')
  .max(128, "must be at most 128 characters")
  .regex(/^[^\s]+$/, "must not contain spaces")
  .meta({ description: '"any" (any available provider) or a provider calendar id' });

/** Money in integer minor units with an ISO 4217 currency. */
export const money = z
  .object({
    amount: z.number().int("must be an integer number of minor units (e.g. cents)"),
    currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as EUR"),
  })
  .meta({ description: "Money in integer minor units (3500 = 35.00) with an ISO 4217 currency" });
/** Money in integer minor units. */
export type MoneyOut = z.infer<typeof money>;

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

/** An empty JSON object body (`{}` or no body at all). */
export const emptyBody = z.strictObject({});
