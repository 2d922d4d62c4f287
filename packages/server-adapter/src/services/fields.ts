// Copying the optional fields of a record: the ones that are set (not empty), or the ones that
// are defined. One rule each, where records are turned into inputs, answers and messages.

/** The named fields of `T` that {@link setFields} keeps: each optional, never `undefined` or `null`. */
export type SetFields<T, K extends keyof T> = { [P in K]?: NonNullable<T[P]> };

/** The named fields of `T` that {@link definedFields} keeps: each optional, never `undefined`. */
export type DefinedFields<T, K extends keyof T> = { [P in K]?: Exclude<T[P], undefined> };

/**
 * The fields of `record` named in `keys` that are set — truthy: not `undefined`, `null`, `""`,
 * `0` or `false` — in the order of `keys`; the others are left out.
 *
 * @example
 * setFields({ name: "Ana", email: "", phone: "+351 912" }, ["email", "phone"]); // { phone: "+351 912" }
 */
export function setFields<T extends object, K extends keyof T>(
  record: T,
  keys: readonly K[],
): SetFields<T, K> {
  return fieldsWhere(record, keys, (value) => Boolean(value)) as SetFields<T, K>;
}

/**
 * The fields of `record` named in `keys` that are defined (not `undefined`), in the order of
 * `keys`; the others are left out.
 *
 * @example
 * definedFields({ paid: undefined, expiresOn: "2026-07-10" }, ["paid", "expiresOn"]); // { expiresOn: "2026-07-10" }
 */
export function definedFields<T extends object, K extends keyof T>(
  record: T,
  keys: readonly K[],
): DefinedFields<T, K> {
  return fieldsWhere(record, keys, (value) => value !== undefined) as DefinedFields<T, K>;
}

/** The fields of `record` named in `keys` whose value passes `keep`, in the order of `keys`. */
function fieldsWhere<T extends object, K extends keyof T>(
  record: T,
  keys: readonly K[],
  keep: (value: T[K]) => boolean,
): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) {
    if (keep(record[key])) out[key] = record[key];
  }
  return out;
}
