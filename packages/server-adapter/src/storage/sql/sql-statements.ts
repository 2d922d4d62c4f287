// The statement shapes every table of the SQL schema repeats: a row by (clinic, id), a filter left
// out when its value is, a clinic's rows in order, an upsert that bumps the version, a versioned
// read-check-write, a counted delete; and `SqlTables`, the base class of the storage classes.

import { and, type Column, eq, getTableName, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { toDate } from "../shared.js";
import type { InstantInput } from "../storage.js";
import { asIs, compiled, rowPlaceholders, rowsShape, rowValues, tableRow } from "./sql-compiled.js";
import { checkVersion, notFound } from "./sql-records.js";
import type { SqlDb, SqlRunner } from "./sql-runner.js";

/**
 * `ORDER BY` a text column in byte order, whatever the database's collation.
 *
 * @example
 * db.select().from(clients).orderBy(byText(clients.id));
 */
export const byText = (column: SQL | { name: string }): SQL => sql`${column} collate "C"`;

/**
 * `column IN (values)`, or no condition when `values` is `undefined`.
 *
 * @example
 * and(eq(charges.clinicId, clinicId), inIf(charges.id, query.ids));
 */
export function inIf<C extends Column>(column: C, values: readonly C["_"]["data"][] | undefined) {
  return values ? inArray(column, [...values]) : undefined;
}

/**
 * `from <= column < to`, each bound left out when it is not given.
 *
 * @example
 * and(eq(payments.clinicId, clinicId), ...within(payments.at, query));
 */
export function within(column: Column, range: { from?: InstantInput; to?: InstantInput }) {
  return [
    range.from === undefined ? undefined : gte(column, toDate(range.from)),
    range.to === undefined ? undefined : lt(column, toDate(range.to)),
  ];
}

/** A table whose rows are keyed by clinic. */
export type ClinicTable = PgTable & { clinicId: AnyPgColumn };
/** A table whose rows are (clinic_id, id). */
export type KeyedTable = ClinicTable & { id: AnyPgColumn };
/** A table with the `version`, `created_at` and `updated_at` stamps. */
export type VersionedTable = ClinicTable & { version: AnyPgColumn };

/**
 * The row of a (clinic_id, id) table with this clinic and id.
 *
 * @example
 * db.select().from(cases).where(byKey(cases, clinicId, id));
 */
export const byKey = (table: KeyedTable, clinicId: string, id: string): SQL | undefined =>
  and(eq(table.clinicId, clinicId), eq(table.id, id));

/** `column = value` for each of a row's key columns. */
function keyWhere(table: PgTable, key: Record<string, unknown>): SQL | undefined {
  const columns = table as unknown as Record<string, AnyPgColumn>;
  return and(
    ...Object.entries(key).map(([name, value]) => eq(columns[name] as AnyPgColumn, value)),
  );
}

/**
 * The row of `table` where `where` holds, optionally locked until the transaction ends.
 *
 * @example
 * const current = await rowWhere(db, cases, byKey(cases, clinicId, id), "update");
 */
export async function rowWhere<T extends PgTable>(
  db: SqlDb,
  table: T,
  where: SQL | undefined,
  lock?: "update" | "no key update",
): Promise<T["$inferSelect"] | undefined> {
  const select = db
    .select()
    .from(table as PgTable)
    .where(where);
  const [row] = lock ? await select.for(lock) : await select;
  return row as T["$inferSelect"] | undefined;
}

/**
 * Inserts a versioned row, or on a clash of its key bumps the version and sets `values`
 * (`INSERT … ON CONFLICT DO UPDATE`), and returns it.
 *
 * @example
 * await upsertVersioned(db, locations, { clinicId, id: "loc-1" }, { name, timeZone }, now);
 */
export async function upsertVersioned<T extends VersionedTable>(
  db: SqlDb,
  table: T,
  key: Record<string, string>,
  values: Partial<T["$inferInsert"]>,
  now: Date,
): Promise<T["$inferSelect"]> {
  // `$inferInsert` values are plain data (no SQL), so every call runs the compiled statement.
  const row = { ...key, ...values, createdAt: now, updatedAt: now } as Record<string, unknown>;
  const shape = { table, key: Object.keys(key), values: values as Record<string, unknown> };
  const [saved] = await upsertStatement.run(db, shape, rowValues("v", [row]));
  return tableRow(table)(saved as unknown[]) as T["$inferSelect"];
}

/** {@link upsertVersioned} compiled per table, key columns and given values. */
const upsertStatement = compiled(
  (db, shape: { table: VersionedTable; key: string[]; values: Record<string, unknown> }) => {
    const stamps = { createdAt: null, updatedAt: null };
    const row = { ...Object.fromEntries(shape.key.map((k) => [k, k])), ...shape.values, ...stamps };
    const [p = {}] = rowPlaceholders("v", shape.table, [row]);
    const pick = (names: string[]) =>
      Object.fromEntries(names.filter((n) => n in p).map((n) => [n, p[n]]));
    const columns = shape.table as unknown as Record<string, AnyPgColumn>;
    return db
      .insert(shape.table)
      .values(pick(Object.keys(row)) as never)
      .onConflictDoUpdate({
        target: shape.key.map((name) => columns[name] as AnyPgColumn),
        set: {
          ...pick(Object.keys(shape.values)),
          version: sql`${shape.table.version} + 1`,
          updatedAt: p.updatedAt,
        } as never,
      })
      .returning();
  },
  asIs,
  (shape) => `${getTableName(shape.table)}|${shape.key.join(",")}|${rowsShape([shape.values])}`,
);

/**
 * Writes a versioned row read (and locked) before: `current` is updated to `values` with its
 * version + 1, or, when there was none, the row is inserted with `key` at version 1.
 *
 * @example
 * const current = await rowWhere(db, cases, byKey(cases, clinicId, id), "update");
 * await saveVersioned(db, cases, { clinicId, id }, current, { title: "Knee" }, now);
 */
export async function saveVersioned<T extends VersionedTable>(
  db: SqlDb,
  table: T,
  key: Record<string, string>,
  current: { version: number } | undefined,
  values: Partial<T["$inferInsert"]>,
  now: Date,
): Promise<T["$inferSelect"]> {
  const [row] = current
    ? await db
        .update(table as VersionedTable)
        .set({ ...values, version: current.version + 1, updatedAt: now } as never)
        .where(keyWhere(table, key))
        .returning()
    : await db
        .insert(table as VersionedTable)
        .values({ ...key, ...values, createdAt: now, updatedAt: now } as never)
        .returning();
  return row as T["$inferSelect"];
}

/**
 * `column = query[name]` for each named query field that is given (the field and the column share
 * the name); the others are left out.
 *
 * @example
 * and(eq(charges.clinicId, clinicId), ...matching(charges, query, ["caseId", "clientId"]));
 */
export function matching<T extends PgTable, Q extends object>(
  table: T,
  query: Q,
  names: readonly (keyof Q & keyof T & string)[],
): (SQL | undefined)[] {
  return names.map((name) =>
    query[name] === undefined ? undefined : eq(table[name] as Column, query[name]),
  );
}

/**
 * The clinic's rows of `table` where every condition holds (`undefined` ones are left out), in
 * `orderBy`, at most `limit` of them when it is given, after skipping `offset` of them.
 *
 * @example
 * await clinicRows(db, cases, clinicId, { where: [eq(cases.status, "open")], orderBy: [byText(cases.id)] });
 */
export async function clinicRows<T extends ClinicTable>(
  db: SqlDb,
  table: T,
  clinicId: string,
  query: {
    where?: readonly (SQL | undefined)[];
    orderBy: readonly SQL[];
    limit?: number | undefined;
    offset?: number | undefined;
  },
): Promise<T["$inferSelect"][]> {
  const ordered = db
    .select()
    .from(table as ClinicTable)
    .where(and(eq(table.clinicId, clinicId), ...(query.where ?? [])))
    .orderBy(...query.orderBy);
  const select = query.offset ? ordered.offset(query.offset) : ordered;
  const rows = query.limit === undefined ? await select : await select.limit(query.limit);
  return rows as T["$inferSelect"][];
}

/**
 * Deletes the rows of `table` where `where` holds and tells how many there were.
 *
 * @example
 * const removed = await deleteWhere(db, holds, lte(holds.expiresAt, now));
 */
export async function deleteWhere(db: SqlDb, table: PgTable, where: SQL | undefined) {
  const rows = await db.delete(table).where(where).returning({ one: sql<number>`1` });
  return rows.length;
}

/**
 * Reads and locks the row a change is made to: `NOT_FOUND` when there is none, then `refuse`
 * (a rule of its own, e.g. a settled charge), then `VERSION_CONFLICT` when the caller expected
 * another version.
 *
 * @example
 * const current = await rowToChange(db, charges, "charge", clinicId, id, options.expectedVersion);
 */
export async function rowToChange<T extends KeyedTable & VersionedTable>(
  db: SqlDb,
  table: T,
  what: string,
  clinicId: string,
  id: string,
  expectedVersion: number | undefined,
  options: { lock?: "update" | "no key update"; refuse?: (row: T["$inferSelect"]) => void } = {},
): Promise<T["$inferSelect"]> {
  const current = await rowWhere(db, table, byKey(table, clinicId, id), options.lock ?? "update");
  if (!current) throw notFound(what, id);
  options.refuse?.(current);
  checkVersion(what, id, expectedVersion, (current as { version: number }).version);
  return current;
}

/**
 * The base of the SQL storage classes: the runner their statements go through, and the reads by
 * (clinic, id) or by a condition (a token's hash…) every table repeats.
 *
 * @example
 * ```ts
 * class SqlBackOffice extends SqlTables {
 *   getCase(clinicId: string, id: string) { return this.find(cases, clinicId, id, caseRecord); }
 * }
 * ```
 */
export class SqlTables {
  constructor(protected readonly run: SqlRunner) {}

  /** The record of the row of `table` with this clinic and id (locked when asked), if any. */
  protected async find<T extends KeyedTable, R>(
    table: T,
    clinicId: string,
    id: string,
    record: (row: T["$inferSelect"]) => R,
    lock?: "update" | "no key update",
  ): Promise<R | undefined> {
    return this.findWhere(table, byKey(table, clinicId, id), record, lock);
  }

  /** The record of the first row of `table` where `where` holds (locked when asked), if any. */
  protected async findWhere<T extends PgTable, R>(
    table: T,
    where: SQL | undefined,
    record: (row: T["$inferSelect"]) => R,
    lock?: "update" | "no key update",
  ): Promise<R | undefined> {
    const row = await this.run.read((db) => rowWhere(db, table, where, lock));
    return row && record(row);
  }

  /** The records of the clinic's rows of `table` that {@link clinicRows} selects. */
  protected async list<T extends ClinicTable, R>(
    table: T,
    clinicId: string,
    record: (row: T["$inferSelect"]) => R,
    query: Parameters<typeof clinicRows>[3],
  ): Promise<R[]> {
    const rows = await this.run.read((db) => clinicRows(db, table, clinicId, query));
    return rows.map((row) => record(row));
  }

  /** Inserts one row into `table` and answers its record. */
  protected async insertRow<T extends PgTable, R>(
    table: T,
    values: T["$inferInsert"],
    record: (row: T["$inferSelect"]) => R,
  ): Promise<R> {
    const [row] = await this.run.write((db) =>
      db
        .insert(table as PgTable)
        .values(values as never)
        .returning(),
    );
    return record(row as T["$inferSelect"]);
  }

  /**
   * Sets `values` on the row of `table` with this clinic and id, its version + 1 and `updatedAt`
   * now, and answers its record; `NOT_FOUND` naming `what` when there is no such row.
   */
  protected async updateRow<T extends KeyedTable & VersionedTable, R>(
    table: T,
    what: string,
    clinicId: string,
    id: string,
    values: Partial<T["$inferInsert"]>,
    record: (row: T["$inferSelect"]) => R,
  ): Promise<R> {
    const [row] = await this.run.write((db) =>
      db
        .update(table as VersionedTable)
        .set({
          ...values,
          version: sql`${table.version} + 1`,
          updatedAt: this.run.clock(),
        } as never)
        .where(byKey(table, clinicId, id))
        .returning(),
    );
    if (!row) throw notFound(what, id);
    return record(row as T["$inferSelect"]);
  }

  /** Inserts or replaces a versioned row ({@link upsertVersioned}) and answers its record. */
  protected async upsert<T extends VersionedTable, R>(
    table: T,
    key: Record<string, string>,
    values: Partial<T["$inferInsert"]>,
    record: (row: T["$inferSelect"]) => R,
    how: "write" | "append" = "write",
  ): Promise<R> {
    const now = this.run.clock();
    return record(await this.run[how]((db) => upsertVersioned(db, table, key, values, now)));
  }

  /** Deletes the rows of `table` where `where` holds; answers how many there were. */
  protected remove(table: PgTable, where: SQL | undefined): Promise<number> {
    return this.run.write((db) => deleteWhere(db, table, where));
  }
}
