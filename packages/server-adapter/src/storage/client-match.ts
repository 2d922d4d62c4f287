// How storage compares client contact details: phone numbers by their digits, tax IDs without
// spaces and case. Shared by every adapter so duplicate detection agrees everywhere.

/**
 * The digits of a phone number, or `undefined` when it has none.
 *
 * @example
 * ```ts
 * normalizePhone("+351 912-345 678"); // "351912345678"
 * ```
 */
export function normalizePhone(phone: string | undefined | null): string | undefined {
  const digits = (phone ?? "").replace(/\D/g, "");
  return digits === "" ? undefined : digits;
}

/**
 * A tax ID upper-cased without white space, or `undefined` when blank.
 *
 * @example
 * ```ts
 * normalizeTaxId(" pt 123 456 789 "); // "PT123456789"
 * ```
 */
export function normalizeTaxId(taxId: string | undefined | null): string | undefined {
  const compact = (taxId ?? "").replace(/\s/g, "").toUpperCase();
  return compact === "" ? undefined : compact;
}

/**
 * The digits of a search text when it has at least 3 (so "912 345" finds "+351 912 345 678"),
 * else `undefined`.
 *
 * @example
 * ```ts
 * searchDigits("912 345"); // "912345"
 * searchDigits("Ana"); // undefined
 * ```
 */
export function searchDigits(search: string): string | undefined {
  const digits = search.replace(/\D/g, "");
  return digits.length >= 3 ? digits : undefined;
}
