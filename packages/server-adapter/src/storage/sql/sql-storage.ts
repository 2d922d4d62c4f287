// Turns a Drizzle database (PGlite, node-postgres or postgres.js driver) into a `Storage`.

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { StorageError } from "../errors.js";
import { autocommitOperations } from "../operations.js";
import { TransactionGuard } from "../shared.js";
import type { Storage, StorageKind, StorageTransaction } from "../storage.js";
import { databaseUnavailable } from "../unavailable.js";
import { type BusyCacheLimits, BusyTimeCache } from "./sql-busy-cache.js";
import type { NamedStatements } from "./sql-busy-time.js";
import { mapDatabaseError, type SqlDb, SqlTransaction } from "./sql-transaction.js";

/**
 * Finds the package's `migrations` folder (the SQL files drizzle-kit generated) by walking up
 * from this module: it sits beside `dist/` once built and beside `src/` in the repository.
 *
 * @example
 * ```ts
 * await migrate(db, { migrationsFolder: findMigrationsFolder() });
 * ```
 */
export function findMigrationsFolder(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (let depth = 0; depth < 6; depth += 1) {
    const candidate = join(dir, "migrations");
    if (existsSync(join(candidate, "meta", "_journal.json"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(
    "Bookwell: cannot find the migrations folder of @bookwell/server-adapter; pass `migrationsFolder`",
  );
}

/**
 * Builds a `Storage` over a migrated Drizzle database.
 *
 * @example
 * ```ts
 * const storage = createSqlStorage({ kind: "pglite", db: drizzle(pglite), close: () => pglite.close() });
 * ```
 */
export function createSqlStorage(options: {
  kind: StorageKind;
  db: SqlDb;
  clock?: () => Date;
  close: () => Promise<void>;
  /**
   * Runs `fn` in one database transaction; default `db.transaction`. A driver that must look
   * after the connection a transaction holds (node-postgres) brings its own.
   */
  transaction?: <T>(fn: (tx: SqlDb) => Promise<T>) => Promise<T>;
  /**
   * Recognises the driver's own errors (without a SQLSTATE) that mean the database cannot answer
   * now, e.g. node-postgres' "Connection terminated unexpectedly"; they become `UNAVAILABLE`.
   */
  isUnavailable?: (error: unknown) => boolean;
  /**
   * Runs a statement prepared once per connection, for the free-times read outside a transaction
   * (see `readBusyTime`); without it, that read is planned afresh each time like any other.
   */
  named?: NamedStatements;
  /**
   * Limits of the per-process busy-time cache of the free-times read (see `sql-busy-cache.ts`);
   * `{ clinics: 0 }` turns it off. Default: {@link DEFAULT_BUSY_CACHE_LIMITS}.
   */
  busyCache?: Partial<BusyCacheLimits>;
}): Storage {
  const clock = options.clock ?? (() => new Date());
  const busyCache =
    options.busyCache?.clinics === 0 ? undefined : new BusyTimeCache(options.busyCache);
  const guard = new TransactionGuard();
  const transaction =
    options.transaction ??
    (<T>(fn: (tx: SqlDb) => Promise<T>) => options.db.transaction((tx) => fn(tx as SqlDb)));
  let closed = false;

  const fail = (error: unknown): unknown => {
    const mapped = mapDatabaseError(error);
    if (mapped instanceof StorageError) return mapped;
    return databaseUnavailable(error, options.isUnavailable) ?? mapped;
  };

  const run = async <T>(
    nested: boolean,
    fn: (tx: StorageTransaction) => Promise<T>,
  ): Promise<T> => {
    guard.assertOutside();
    if (closed) throw new StorageError("CLOSED", "storage is closed");
    try {
      return await transaction(async (tx) => {
        const work = new SqlTransaction(tx, clock, nested);
        try {
          return await guard.inside(() => fn(work));
        } finally {
          // Statements the callback asked for but did not wait for (a rejected `Promise.all`)
          // finish before the commit or rollback, and none may start after it.
          await work.end();
        }
      });
    } catch (error) {
      throw fail(error);
    }
  };

  return {
    kind: options.kind,
    ...autocommitOperations({
      write: (fn) => run(false, fn),
      read: async (fn) => {
        try {
          return await fn(new SqlTransaction(options.db, clock, false, options.named, busyCache));
        } catch (error) {
          throw fail(error);
        }
      },
      guard,
      isClosed: () => closed,
    }),
    transaction: (fn) => run(true, fn),
    async close() {
      if (closed) return;
      closed = true;
      await options.close();
    },
  };
}
