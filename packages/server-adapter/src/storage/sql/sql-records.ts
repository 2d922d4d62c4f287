// How a row of the SQL schema becomes a storage record: instants as ISO strings, null columns
// left out, stamps, money pairs; and the two errors every record's writes share.

import { StorageError } from "../errors.js";
import type { StoredMoney } from "../storage.js";

/**
 * An instant column as a record's ISO string.
 *
 * @example
 * iso(row.createdAt); // "2026-03-09T13:30:00.000Z"
 */
export const iso = (value: Date): string => value.toISOString();

/**
 * A nullable instant column as an optional ISO string.
 *
 * @example
 * isoOrUndefined(row.revokedAt); // undefined while not revoked
 */
export const isoOrUndefined = (value: Date | null): string | undefined =>
  value === null ? undefined : value.toISOString();

/**
 * Copies the non-null optional columns onto a record.
 *
 * @example
 * ({ id: row.id, ...optional({ email: row.email, phone: row.phone }) }); // no `email: null`
 */
export function optional<T extends Record<string, unknown>>(
  values: T,
): Partial<{ [K in keyof T]: Exclude<T[K], null | undefined> }> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== null && value !== undefined) out[key] = value;
  }
  return out as Partial<{ [K in keyof T]: Exclude<T[K], null | undefined> }>;
}

/** A row's columns as a record's fields: instants as ISO strings, null columns left out. */
export type RecordOf<Row> = {
  [K in keyof Row as null extends Row[K] ? never : K]: Row[K] extends Date ? string : Row[K];
} & {
  [K in keyof Row as null extends Row[K] ? K : never]?: NonNullable<Row[K]> extends Date
    ? string
    : NonNullable<Row[K]>;
};

/**
 * A row as its record, where the record's fields are the row's columns: instants become ISO
 * strings and null (optional) columns are left out.
 *
 * @example
 * recordOf({ id: "c1", closedAt: null, openedAt: new Date(0) }); // { id: "c1", openedAt: "1970-01-01T00:00:00.000Z" }
 */
export function recordOf<Row extends object>(row: Row): RecordOf<Row> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (value !== null) out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out as RecordOf<Row>;
}

/**
 * JSON without `undefined` members, as stored in `jsonb`.
 *
 * @example
 * json<JsonObject>({ a: 1, b: undefined }); // { a: 1 }
 */
export function json<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * The stamps of a versioned row as a record's `version`, `createdAt` and `updatedAt`.
 *
 * @example
 * ({ id: row.id, ...stampsOf(row) }); // { id, version: 2, createdAt: "…", updatedAt: "…" }
 */
export const stampsOf = (row: { version: number; createdAt: Date; updatedAt: Date }) => ({
  version: row.version,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

/**
 * An amount and currency column pair as money; `undefined` when either is null.
 *
 * @example
 * money(row.priceAmount, row.priceCurrency); // { amount: 4500, currency: "EUR" } or undefined
 */
export function money(amount: number | null, currency: string | null): StoredMoney | undefined {
  return amount === null || currency === null ? undefined : { amount, currency };
}

/**
 * The named fields of `input`, as they are (columns that take the input's value unchanged).
 *
 * @example
 * pick({ id: "e1", name: "Ana", phone: "+351" }, ["id", "name"]); // { id: "e1", name: "Ana" }
 */
export function pick<T extends object, K extends keyof T>(
  input: T,
  names: readonly K[],
): Pick<T, K> {
  const values: Partial<Pick<T, K>> = {};
  for (const name of names) values[name] = input[name];
  return values as Pick<T, K>;
}

/**
 * The named fields of `input` as nullable columns' values: each as given, `null` where absent.
 *
 * @example
 * orNull({ phone: undefined, locale: "pt-PT" }, ["phone", "locale"]); // { phone: null, locale: "pt-PT" }
 */
export function orNull<T extends object, K extends keyof T>(
  input: T,
  names: readonly K[],
): { [P in K]-?: Exclude<T[P], undefined> | null } {
  const values: Partial<Record<K, unknown>> = {};
  for (const name of names) values[name] = input[name] ?? null;
  return values as { [P in K]-?: Exclude<T[P], undefined> | null };
}

/**
 * The `NOT_FOUND` storage error of a record.
 *
 * @example
 * if (!row) throw notFound("charge", id);
 */
export const notFound = (what: string, id: string): StorageError =>
  new StorageError("NOT_FOUND", `${what} ${id} not found`, { detail: { id } });

/**
 * Throws `VERSION_CONFLICT` when the caller expects a version and the stored one (`undefined`
 * for a row that does not exist) is another.
 *
 * @example
 * checkVersion("case", input.id, options.expectedVersion, current?.version);
 */
export function checkVersion(
  what: string,
  id: string,
  expected: number | undefined,
  stored: number | undefined,
): void {
  if (expected !== undefined && stored !== expected) {
    throw new StorageError("VERSION_CONFLICT", `${what} ${id} changed meanwhile`, {
      detail: { id, version: String(stored ?? 0) },
    });
  }
}
