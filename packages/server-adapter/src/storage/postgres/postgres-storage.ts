// PostgreSQL storage over node-postgres (`pg`, an optional peer dependency).

import { createHash } from "node:crypto";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { createSqlStorage, findMigrationsFolder } from "../sql/sql-storage.js";
import type { Storage, StorageOptions } from "../storage.js";
import { databaseUnavailable } from "../unavailable.js";

/** Options of `createPostgresStorage`: a connection string, or a `pg` pool you manage. */
export interface PostgresStorageOptions extends StorageOptions {
  /** e.g. `postgres://bookwell:secret@db.internal:5432/bookwell`. */
  connectionString?: string;
  /** A pool you created; `close()` leaves it open. */
  pool?: pg.Pool;
  /** Pool size when Bookwell creates the pool (default 10). */
  maxConnections?: number;
  /**
   * How long a request waits for a connection (a new one, or a free one of a busy pool) before it
   * answers `503 UNAVAILABLE`, in milliseconds, when Bookwell creates the pool (default 5 000).
   */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL's `statement_timeout` for Bookwell's connections, in milliseconds, when Bookwell
   * creates the pool: a statement that runs (or waits for a lock) longer is canceled and its
   * request answers `503 UNAVAILABLE`. Default: the database's own setting (none unless set for
   * the role or the database). Migrations run without it.
   */
  statementTimeoutMs?: number;
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
  await withClient(pool, async (client) => {
    await client.query("select pg_advisory_lock(('x' || $1)::bit(64)::bigint)", [MIGRATION_LOCK]);
    try {
      // A long migration must not hit a `statement_timeout` meant for requests.
      await client.query("set statement_timeout = 0");
      await migrate(drizzle({ client }), { migrationsFolder });
    } finally {
      await client.query("reset statement_timeout");
      await client.query("select pg_advisory_unlock(('x' || $1)::bit(64)::bigint)", [
        MIGRATION_LOCK,
      ]);
    }
  });
}

/**
 * node-postgres' errors that carry no SQLSTATE but mean the connection could not be made or was
 * lost (pg 8 / pg-pool 3): the server closed it (restart, `pg_terminate_backend`), the pool
 * waited `connectionTimeoutMillis` in vain, or a client that lost its connection was used again.
 */
const PG_CONNECTION_FAILURE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout)/;

/**
 * True for node-postgres' own errors (without a SQLSTATE) that mean the database cannot be
 * reached: they become `StorageError` `UNAVAILABLE` (503) instead of `INTERNAL` (500).
 *
 * @example
 * ```ts
 * isPgConnectionFailure(new Error("Connection terminated unexpectedly")); // true
 * ```
 */
export function isPgConnectionFailure(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  return (
    error instanceof Error && typeof message === "string" && PG_CONNECTION_FAILURE.test(message)
  );
}

/**
 * Checks a client out of `pool` for `fn` and always gives it back. While it is out, the client
 * has an error listener: a connection the server ends (restart, `pg_terminate_backend`) between
 * two statements makes node-postgres emit `error` on the client, which without a listener ends
 * the process. A client whose connection failed is destroyed, not put back in the pool.
 */
async function withClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost ??= error;
  };
  // The listener goes on in pg-pool's callback, at once: the promise of `pool.connect()` resolves
  // a tick later, and a new connection's "ready" and the server's "terminating connection" can
  // arrive in one read, the second emitted as `error` before that tick.
  const client = await new Promise<pg.PoolClient>((resolve, reject) => {
    pool.connect((error, connected) => {
      if (error || !connected) reject(error ?? new Error("pg-pool gave no client"));
      else {
        connected.on("error", onError);
        resolve(connected);
      }
    });
  });
  try {
    return await fn(client);
  } catch (error) {
    // The statement's own error may be a consequence ("not queryable"); the lost connection is
    // the reason.
    if (lost) throw databaseUnavailable(lost, () => true) ?? lost;
    throw error;
  } finally {
    client.removeListener("error", onError);
    client.release(lost);
  }
}

/** Statement names by text: the texts a transaction prepared (at most 1,000; later ones unnamed). */
const statementNames = new Map<string, string>();
const MAX_NAMED_TEXTS = 1000;

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED_TEXTS) {
    name = `bookwell_${createHash("sha1").update(text).digest("hex").slice(0, 32)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * A pooled client whose statements with parameters (all of Drizzle's but `begin`, `commit` and
 * savepoints) are named by their text, so node-postgres prepares each once per connection and
 * PostgreSQL parses and plans it once, not in every transaction (the free-times read outside
 * transactions is named the same way, decision 0031).
 */
function preparedOn(client: pg.PoolClient): pg.PoolClient {
  const query = (config: unknown, values?: unknown, callback?: unknown) => {
    const c = config as { text?: unknown; name?: unknown } | null;
    const named =
      c !== null &&
      typeof c === "object" &&
      typeof c.text === "string" &&
      c.name === undefined &&
      Array.isArray(values) &&
      values.length > 0
        ? { ...c, name: statementName(c.text) }
        : config;
    return (client.query as (...args: unknown[]) => unknown)(named, values, callback);
  };
  return new Proxy(client, {
    get(target, key) {
      if (key === "query") return query;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
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
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      ...(options.statementTimeoutMs === undefined
        ? {}
        : { statement_timeout: options.statementTimeoutMs }),
    });
  // An idle connection dropped by the server must not crash the process; pg replaces it.
  // (Connections Bookwell checks out have their own listener, see `withClient`.)
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
    // Each transaction on a client of its own, checked out and given back by `withClient`; its
    // statements with parameters run prepared (`preparedOn`).
    transaction: (fn) =>
      withClient(pool, (client) => drizzle({ client: preparedOn(client) }).transaction(fn)),
    isUnavailable: isPgConnectionFailure,
    // node-postgres prepares a named statement once per connection of the pool and reuses it.
    named: async (name, text, values) =>
      (await pool.query<(string | null)[]>({ name, text, values: [...values], rowMode: "array" }))
        .rows,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.busyCache === undefined ? {} : { busyCache: options.busyCache }),
    close: async () => {
      if (ownPool) await pool.end();
    },
  });
}
