// PostgreSQL storage over postgres.js (`postgres`, an optional peer dependency).

import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { createSqlStorage, findMigrationsFolder } from "../sql/sql-storage.js";
import type { Storage, StorageOptions } from "../storage.js";

/**
 * A postgres.js client (`postgres(url)`), whatever its custom types.
 */
// biome-ignore lint/suspicious/noExplicitAny: a client with any custom types will do
export type PostgresJsSql = postgres.Sql<any>;

/** Options of `createPostgresJsStorage`: a connection string, or a postgres.js client you manage. */
export interface PostgresJsStorageOptions extends StorageOptions {
  /** e.g. `postgres://bookwell:secret@db.internal:5432/bookwell`. */
  connectionString?: string;
  /**
   * A client you created with `postgres(…)`; `close()` leaves it open. Drizzle replaces its
   * parsers of dates and times (they come back as strings) and its JSON serializers, so share it
   * with care.
   */
  sql?: PostgresJsSql;
  /** Connections of the client Bookwell creates (default 10). */
  maxConnections?: number;
  /**
   * How long connecting may take before the request answers `503 UNAVAILABLE`, in milliseconds,
   * when Bookwell creates the client (default 5 000; postgres.js counts whole seconds).
   */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL's `statement_timeout` for Bookwell's connections, in milliseconds, when Bookwell
   * creates the client: a statement that runs (or waits for a lock) longer is canceled and its
   * request answers `503 UNAVAILABLE`. Default: the database's own setting. Migrations run
   * without it.
   */
  statementTimeoutMs?: number;
  /** Run pending migrations before returning (default true). */
  migrate?: boolean;
  /** Where the SQL migrations are (default: the package's own `migrations` folder). */
  migrationsFolder?: string;
}

/** postgres.js' codes of a connection that could not be made or was lost (postgres 3). */
const CONNECTION_FAILURES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "CONNECT_TIMEOUT",
]);

/**
 * True for postgres.js' own errors (a code of its own, no SQLSTATE) that mean the database cannot
 * be reached: they become `StorageError` `UNAVAILABLE` (503) instead of `INTERNAL` (500).
 *
 * @example
 * ```ts
 * isPostgresJsConnectionFailure(Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" })); // true
 * ```
 */
export function isPostgresJsConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && CONNECTION_FAILURES.has(code);
}

/** The advisory lock key of `migratePostgres` (node-postgres): both drivers migrate one at a time. */
const MIGRATION_LOCK = "7262616e6b";

/**
 * Runs the pending migrations on a PostgreSQL database through a postgres.js client, holding an
 * advisory lock (the same one as `migratePostgres`) so that several processes starting at once
 * migrate it exactly once. The lock is held on a reserved connection while the migrator runs on
 * the client's others; a client of one connection (`max: 1`) holds it on that connection. Like
 * the storage, it hands the client to Drizzle, which replaces its date and JSON type handlers.
 *
 * @example
 * ```ts
 * import postgres from "postgres";
 * const sql = postgres(process.env.DATABASE_URL);
 * await migratePostgresJs(sql);
 * ```
 */
export async function migratePostgresJs(
  sql: PostgresJsSql,
  migrationsFolder: string = findMigrationsFolder(),
): Promise<void> {
  const db = drizzle({ client: sql });
  // With one connection, reserving it would leave none for the migrator: every query of the
  // client runs on that connection anyway, so the session lock is held where the migrator runs.
  const single = sql.options.max <= 1;
  const lock = single ? undefined : await sql.reserve();
  const on = lock ?? sql;
  try {
    await on`select pg_advisory_lock(('x' || ${MIGRATION_LOCK})::bit(64)::bigint)`;
    try {
      await migrate(db, { migrationsFolder });
    } finally {
      await on`select pg_advisory_unlock(('x' || ${MIGRATION_LOCK})::bit(64)::bigint)`;
    }
  } finally {
    lock?.release();
  }
}

/**
 * Connects to PostgreSQL (13 or newer, with the `btree_gist` extension available) through
 * postgres.js, runs the pending migrations and returns a `Storage`. Several processes may share
 * one database, also with processes using `createPostgresStorage` (node-postgres).
 *
 * @example
 * ```ts
 * import { createPostgresJsStorage } from "@bookwell/server-adapter/postgres-js";
 * const storage = await createPostgresJsStorage({ connectionString: process.env.DATABASE_URL });
 * ```
 */
export async function createPostgresJsStorage(options: PostgresJsStorageOptions): Promise<Storage> {
  if (!options.sql && !options.connectionString) {
    throw new TypeError("createPostgresJsStorage needs `connectionString` or `sql`");
  }
  const ownClient = !options.sql;
  const sql: PostgresJsSql =
    options.sql ??
    postgres(options.connectionString as string, {
      max: options.maxConnections ?? 10,
      connect_timeout: Math.max(1, Math.ceil((options.connectTimeoutMs ?? 5_000) / 1000)),
      ...(options.statementTimeoutMs === undefined
        ? {}
        : { connection: { statement_timeout: options.statementTimeoutMs } }),
      // node-postgres ignores notices ("… already exists, skipping" on every start); so do we.
      onnotice: () => undefined,
    });
  try {
    if (options.migrate !== false) {
      // A long migration must not hit the `statement_timeout` meant for requests: it runs on a
      // client of its own without one.
      const migrator =
        ownClient && options.statementTimeoutMs !== undefined
          ? postgres(options.connectionString as string, { max: 2, onnotice: () => undefined })
          : sql;
      try {
        await migratePostgresJs(migrator, options.migrationsFolder ?? findMigrationsFolder());
      } finally {
        if (migrator !== sql) await migrator.end({ timeout: 5 });
      }
    }
  } catch (error) {
    if (ownClient) await sql.end({ timeout: 5 });
    throw error;
  }
  const db = drizzle({ client: sql });
  return createSqlStorage({
    kind: "postgres",
    db,
    isUnavailable: isPostgresJsConnectionFailure,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.busyCache === undefined ? {} : { busyCache: options.busyCache }),
    close: async () => {
      if (ownClient) await sql.end();
    },
  });
}
