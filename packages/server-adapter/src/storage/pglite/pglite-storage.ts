// Embedded storage on PGlite (PostgreSQL in WebAssembly), file-backed or in memory.

import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { createSqlStorage, findMigrationsFolder } from "../sql/sql-storage.js";
import type { Storage, StorageOptions } from "../storage.js";

/** Options of `createPgliteStorage`. */
export interface PgliteStorageOptions extends StorageOptions {
  /**
   * Directory of the database files (created when missing), e.g. `./data`. Omit for an
   * in-memory database that disappears on `close()`.
   */
  dataDir?: string;
  /** Where the SQL migrations are (default: the package's own `migrations` folder). */
  migrationsFolder?: string;
}

/**
 * Opens (or creates) an embedded PGlite database, runs the pending migrations and returns a
 * `Storage` on it. PGlite is a single connection: transactions run one at a time, in order.
 *
 * @example
 * ```ts
 * import { createPgliteStorage } from "@bookwell/server-adapter/pglite";
 * const storage = await createPgliteStorage({ dataDir: "./data" });
 * ```
 */
export async function createPgliteStorage(options: PgliteStorageOptions = {}): Promise<Storage> {
  // PGlite creates the last directory only; make the parents too (`--db ./data/clinic`).
  if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
  const client = await PGlite.create({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    extensions: { btree_gist },
  });
  try {
    const db = drizzle({ client });
    await migrate(db, { migrationsFolder: options.migrationsFolder ?? findMigrationsFolder() });
    return createSqlStorage({
      kind: "pglite",
      db,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      close: () => client.close(),
    });
  } catch (error) {
    await client.close();
    throw error;
  }
}
