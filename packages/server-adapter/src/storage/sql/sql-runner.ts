// How the SQL storage classes run their statements: the Drizzle database type of both drivers, a
// runner that queues one transaction's statements (writes in savepoints when nested), and the
// mapping of PostgreSQL errors to `StorageError`s.

import type { PgDatabase } from "drizzle-orm/pg-core";
import { StorageError } from "../errors.js";
import { databaseUnavailable } from "../unavailable.js";

/** A Drizzle database or transaction of the PGlite, node-postgres or postgres.js driver. */
// biome-ignore lint/suspicious/noExplicitAny: both drivers, whatever their result types
export type SqlDb = PgDatabase<any, any, any>;

/** Finds the PostgreSQL error under Drizzle's wrapper, from any of the three drivers. */
function pgError(
  error: unknown,
): { code: string; constraint?: string; message: string } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    if (typeof current === "object" && current !== null && "code" in current) {
      const code = (current as { code: unknown }).code;
      if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
        const c = current as { constraint?: unknown; constraint_name?: unknown; message?: unknown };
        const constraint = c.constraint ?? c.constraint_name; // node-postgres / PGlite, postgres.js
        return {
          code,
          ...(typeof constraint === "string" ? { constraint } : {}),
          message: typeof c.message === "string" ? c.message : code,
        };
      }
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Turns a database error into a `StorageError` when it is one the caller can act on (a database
 * that cannot answer now is `UNAVAILABLE`, see `databaseUnavailable`); other errors are returned
 * unchanged.
 *
 * @example
 * ```ts
 * try { await db.insert(...); } catch (error) { throw mapDatabaseError(error); }
 * ```
 */
export function mapDatabaseError(error: unknown): unknown {
  if (error instanceof StorageError) return error;
  const unavailable = databaseUnavailable(error);
  if (unavailable) return unavailable;
  const pg = pgError(error);
  if (!pg) return error;
  const detail = pg.constraint === undefined ? {} : { constraint: pg.constraint };
  const options = { detail, cause: error };
  switch (pg.code) {
    case "23P01":
      return new StorageError("SLOT_TAKEN", "a calendar is already taken at that time", options);
    case "23505":
      return new StorageError("DUPLICATE", "a record with that id or key exists", options);
    case "23503":
      return new StorageError(
        "INVALID_REFERENCE",
        "the record refers to something this clinic does not have",
        options,
      );
    case "23514":
    case "22000":
    case "22007":
    case "22008":
      return new StorageError("INVALID_VALUE", pg.message, options);
    case "BW001":
      return new StorageError("IMMUTABLE", pg.message, options);
    case "40001":
    case "40P01":
      return new StorageError(
        "TRANSACTION_CONFLICT",
        "the transaction was aborted; retry it",
        options,
      );
    default:
      return error;
  }
}

/** How the SQL storage classes run statements: writes in a savepoint when nested, reads as they are. */
export interface SqlRunner {
  write<T>(fn: (db: SqlDb) => Promise<T>): Promise<T>;
  /**
   * A write without a savepoint, for appends whose only failures (the clinic is gone, the
   * database failed) end the transaction anyway: two statements fewer each inside a unit of
   * work. A `StorageError` it throws leaves the transaction unusable.
   */
  append<T>(fn: (db: SqlDb) => Promise<T>): Promise<T>;
  read<T>(fn: (db: SqlDb) => Promise<T>): Promise<T>;
  /** Waits for the statements asked for so far and refuses later ones (the transaction ended). */
  end(): Promise<void>;
  clock: () => Date;
}

/**
 * The runner of one Drizzle transaction (or, with `nested` false, of the database itself for
 * single-statement reads). Statements run one after another: a transaction is one connection,
 * callers may ask for several reads at once (`Promise.all`), and node-postgres only queues those
 * by a deprecated behaviour (removed in pg 9); PGlite queues them itself. When `nested` is true (a
 * caller's unit of work), each write runs in a savepoint so a `StorageError` leaves the
 * transaction usable. Database errors are mapped with {@link mapDatabaseError}.
 *
 * @example
 * ```ts
 * const run = sqlRunner(tx, () => new Date(), true);
 * await run.write((db) => db.insert(holds).values(values).returning());
 * ```
 */
export function sqlRunner(db: SqlDb, clock: () => Date, nested: boolean): SqlRunner {
  let queue: Promise<unknown> = Promise.resolve();
  let ended = false;
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    if (ended) {
      return Promise.reject(
        new StorageError("CLOSED", "the transaction is over; a statement came after its end"),
      );
    }
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };
  const mapped =
    <T>(fn: () => Promise<T>) =>
    async (): Promise<T> => {
      try {
        return await fn();
      } catch (error) {
        throw mapDatabaseError(error);
      }
    };
  return {
    clock,
    write: (fn) =>
      serial(mapped(() => (nested ? db.transaction((sp) => fn(sp as SqlDb)) : fn(db)))),
    append: (fn) => serial(mapped(() => fn(db))),
    read: (fn) => serial(mapped(() => fn(db))),
    end: async () => {
      for (let current = queue; ; current = queue) {
        await current;
        if (current === queue) break;
      }
      ended = true;
    },
  };
}
