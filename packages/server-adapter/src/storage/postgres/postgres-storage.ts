// PostgreSQL storage over node-postgres (`pg`, an optional peer dependency).

import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { createSqlStorage, findMigrationsFolder } from "../sql/sql-storage.js";
import type { Storage, StorageOptions } from "../storage.js";

/** Options of `createPostgresStorage`: a connection string, or a `pg` pool you manage. */
export interface PostgresStorageOptions extends StorageOptions {
  /** e.g. `postgres://bookwell:secret@db.internal:5432/bookwell`. */
  connectionString?: string;
  /** A pool you created; `close()` leaves it open. */
  pool?: pg.Pool;
  /** Pool size when Bookwell creates the pool (default 10). */
  maxConnections?: number;
  /** Run pending migrations before returning (default true). */
  migrate?: boolean;
  /** Where the SQL migrations are (default: the package's own `migrations` folder). */
  migrationsFolder?: string;
}

/** Any 64-bit key: every Bookwell process migrating one database takes this advisory lock. */
const MIGRATION_LOCK = "7262616e6b";

/**
 * Runs the pending migrations on a PostgreSQL database, holding an advisory lock so that several
 * processes starting at once migrate it exactly once.
 *
 * @example
 * ```ts
 * await migratePostgres(pool);
 * ```
 */
export async function migratePostgres(
  pool: pg.Pool,
  migrationsFolder: string = findMigrationsFolder(),
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock(('x' || $1)::bit(64)::bigint)", [MIGRATION_LOCK]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder });
    } finally {
      await client.query("select pg_advisory_unlock(('x' || $1)::bit(64)::bigint)", [
        MIGRATION_LOCK,
      ]);
    }
  } finally {
    client.release();
  }
}

/**
 * Connects to PostgreSQL (13 or newer, with the `btree_gist` extension available), runs the
 * pending migrations and returns a `Storage`. Several processes may share one database.
 *
 * @example
 * ```ts
 * import { createPostgresStorage } from "@bookwell/server-adapter/postgres";
 * const storage = await createPostgresStorage({ connectionString: process.env.DATABASE_URL });
 * ```
 */
export async function createPostgresStorage(options: PostgresStorageOptions): Promise<Storage> {
  if (!options.pool && !options.connectionString) {
    throw new TypeError("createPostgresStorage needs `connectionString` or `pool`");
  }
  const ownPool = !options.pool;
  const pool =
    options.pool ??
    new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
    });
  // An idle connection dropped by the server must not crash the process; pg replaces it.
  if (ownPool) pool.on("error", () => undefined);
  try {
    if (options.migrate !== false) {
      await migratePostgres(pool, options.migrationsFolder ?? findMigrationsFolder());
    }
  } catch (error) {
    if (ownPool) await pool.end();
    throw error;
  }
  return createSqlStorage({
    kind: "postgres",
    db: drizzle({ client: pool }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    close: async () => {
      if (ownPool) await pool.end();
    },
  });
}
