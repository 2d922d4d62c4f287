// Statements Drizzle builds once per shape, with a placeholder for every value, and that each call
// runs with its values (decision 0035). Building a statement (query builders, `is` checks, the
// text) was a fifth of a booking's CPU; a compiled one skips it and keeps Drizzle's value encoding
// (`fillPlaceholders` with each column's encoder) and its row decoding (each column's
// `mapFromDriverValue`), on the transaction's own connection.

import {
  type Column,
  getTableColumns,
  is,
  Param,
  Placeholder,
  type Query,
  type SQL,
  sql,
  type Table,
} from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { NamedStatements } from "./sql-busy-time.js";
import type { SqlDb } from "./sql-runner.js";

const dialect = new PgDialect();

/** Shapes kept per statement (a shape is e.g. how many calendars a lock names); more are built each time. */
const MAX_SHAPES = 256;

/** `column`'s encoder, with `null` (and `undefined`) going to the driver as SQL NULL. */
function nullSafe(column: Column) {
  return {
    mapToDriverValue: (v: unknown) =>
      v === null || v === undefined ? null : column.mapToDriverValue(v),
  };
}

/**
 * A placeholder for the value `name`, encoded as `column` encodes its values when given (instants,
 * JSON, arrays; `null` stays NULL); without a column the value goes to the driver as it is.
 *
 * @example
 * eq(calendars.clinicId, value("clinicId"));
 */
export function value(name: string, column?: Column): Placeholder | Param {
  const placeholder = sql.placeholder(name);
  return column ? new Param(placeholder, nullSafe(column)) : placeholder;
}

/**
 * Placeholders `${prefix}0`, `${prefix}1`… for `count` values ({@link indexed} fills them).
 *
 * @example
 * inArray(calendars.id, values("id", 2)); // run with indexed("id", ["ana", "bruno"])
 */
export function values(prefix: string, count: number): Placeholder[] {
  return Array.from({ length: count }, (_, i) => sql.placeholder(`${prefix}${i}`));
}

/**
 * The values object for {@link values}' placeholders.
 *
 * @example
 * indexed("id", ["ana", "bruno"]); // { id0: "ana", id1: "bruno" }
 */
export function indexed(prefix: string, list: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [i, item] of list.entries()) out[`${prefix}${i}`] = item;
  return out;
}

/** A row's fields that have a value (an `undefined` one is left to the column's default). */
const given = (row: Record<string, unknown>) =>
  Object.keys(row).filter((key) => row[key] !== undefined);

/**
 * Each given field of `rows` as a placeholder `${prefix}${index}_${field}` encoded by `table`'s
 * column (for a multi-row insert); {@link rowValues} fills them.
 *
 * @example
 * db.insert(auditEntries).values(rowPlaceholders("a", auditEntries, audit));
 */
export function rowPlaceholders(
  prefix: string,
  table: Table,
  rows: readonly Record<string, unknown>[],
): Record<string, SQL>[] {
  const columns = getTableColumns(table) as Record<string, Column>;
  return rows.map((row, i) =>
    Object.fromEntries(
      given(row).map((key) => [key, sql`${value(`${prefix}${i}_${key}`, columns[key])}`]),
    ),
  );
}

/**
 * The values object for {@link rowPlaceholders}.
 *
 * @example
 * rowValues("a", [{ actor: "x" }]); // { a0_actor: "x" }
 */
export function rowValues(prefix: string, rows: readonly Record<string, unknown>[]) {
  const out: Record<string, unknown> = {};
  for (const [i, row] of rows.entries()) {
    for (const key of given(row)) out[`${prefix}${i}_${key}`] = row[key];
  }
  return out;
}

/**
 * The shape of a multi-row insert: how many rows and which fields each gives.
 *
 * @example
 * rowsShape([{ a: 1 }, { a: 2, b: undefined }]); // "2:a;a"
 */
export const rowsShape = (rows: readonly Record<string, unknown>[]): string =>
  `${rows.length}:${rows.map((row) => given(row).join(",")).join(";")}`;

/**
 * Decodes an array-mode row of every column of `table` (in declaration order, as `select()` and
 * `returning()` list them) into Drizzle's row object.
 *
 * @example
 * const row = tableRow(calendars)(["clinic-a", "ana", …]);
 */
export function tableRow<T extends Table>(table: T): (row: unknown[]) => T["$inferSelect"] {
  let decode = decoders.get(table);
  if (!decode) {
    const columns = Object.entries(getTableColumns(table));
    decode = (row) => {
      const out: Record<string, unknown> = {};
      for (const [i, [key, column]] of columns.entries()) {
        const raw = row[i];
        out[key] = raw === null || raw === undefined ? null : column.mapFromDriverValue(raw);
      }
      return out;
    };
    decoders.set(table, decode);
  }
  return decode as (row: unknown[]) => T["$inferSelect"];
}

const decoders = new WeakMap<Table, (row: unknown[]) => Record<string, unknown>>();

/** A row left as the driver answered it. */
export const asIs = (row: unknown[]): unknown[] => row;

/**
 * Runs `query` (text and parameters, placeholders filled from `values`) on `db`'s connection in
 * array mode and decodes each row with `row`.
 *
 * @example
 * const rows = await runQuery(tx, { sql: "select $1::text", params: [sql.placeholder("x")] }, { x: "a" }, asIs);
 */
export async function runQuery<R>(
  db: SqlDb,
  query: Query,
  values: Record<string, unknown>,
  row: (raw: unknown[]) => R,
): Promise<R[]> {
  const prepared = db._.session.prepareQuery(query, undefined, undefined, true, (rows) =>
    rows.map(row),
  );
  return (await prepared.execute(values)) as R[];
}

/**
 * Runs a statement's text with its values on `db`'s own connection and answers each field as
 * text: the busy-time reads inside a transaction, and outside one where the driver brings no
 * prepared path of its own (postgres.js).
 *
 * @example
 * const [row] = await sessionStatements(tx)("bookwell_busy_versions", "select $1::text", ["a"]);
 */
export function sessionStatements(db: SqlDb): NamedStatements {
  return (_name, text, params) =>
    runQuery(db, { sql: text, params: [...params] }, {}, (row) =>
      row.map((field) => (field === null || field === undefined ? null : String(field))),
    );
}

/** Refuses a built statement with a value of its own: it would be run again with other calls' values. */
function placeholdersOnly(query: Query): Query {
  for (const param of query.params) {
    if (is(param, Placeholder) || (is(param, Param) && is(param.value, Placeholder))) continue;
    throw new Error(`a compiled statement has a value that is not a placeholder: ${query.sql}`);
  }
  return query;
}

/** A statement built once per shape (see {@link compiled}). */
export interface Compiled<S, R> {
  /** Runs the statement of `shape` with `values` on `db` and answers its decoded rows. */
  run(db: SqlDb, shape: S, values: Record<string, unknown>): Promise<R[]>;
}

/**
 * A statement Drizzle builds once for each shape (`build` gives every value as a placeholder, see
 * {@link value}; one with a value of its own is refused) and that each call runs with its values,
 * its rows decoded by `row`. `key` names a shape (default: the shape itself, a string or number).
 *
 * @example
 * const lock = compiled((db, n: number) => db.select().from(calendars).where(inArray(calendars.id, values("id", n))), tableRow(calendars));
 * const rows = await lock.run(tx, ids.length, indexed("id", ids));
 */
export function compiled<S, R>(
  build: (db: SqlDb, shape: S) => { toSQL(): Query } | SQL,
  row: (raw: unknown[]) => R,
  key: (shape: S) => string | number = (shape) => shape as string,
): Compiled<S, R> {
  const shapes = new Map<string | number, Query>();
  return {
    async run(db, shape, filled) {
      const name = key(shape);
      let query = shapes.get(name);
      if (!query) {
        const built = build(db, shape);
        query = placeholdersOnly(
          "toSQL" in built ? built.toSQL() : dialect.sqlToQuery(built as SQL),
        );
        if (shapes.size < MAX_SHAPES) shapes.set(name, query);
      }
      return runQuery(db, query, filled, row);
    },
  };
}
