// Turns a Drizzle database (PGlite, node-postgres or postgres.js driver) into a `Storage`.

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { StorageError } from "../errors.js";
import { autocommitOperations } from "../operations.js";
import { TransactionGuard } from "../shared.js";
import type { Storage, StorageKind, StorageTransaction } from "../storage.js";
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
}): Storage {
  const clock = options.clock ?? (() => new Date());
  const guard = new TransactionGuard();
  let closed = false;

  const run = async <T>(
    nested: boolean,
    fn: (tx: StorageTransaction) => Promise<T>,
  ): Promise<T> => {
    guard.assertOutside();
    if (closed) throw new StorageError("CLOSED", "storage is closed");
    try {
      return await options.db.transaction((tx) =>
        guard.inside(() => fn(new SqlTransaction(tx as SqlDb, clock, nested))),
      );
    } catch (error) {
      throw mapDatabaseError(error);
    }
  };

  return {
    kind: options.kind,
    ...autocommitOperations({
      write: (fn) => run(false, fn),
      read: async (fn) => {
        try {
          return await fn(new SqlTransaction(options.db, clock, false));
        } catch (error) {
          throw mapDatabaseError(error);
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
