// Embedded storage on PGlite (PostgreSQL in WebAssembly), file-backed or in memory.

import { mkdir } from "node:fs/promises";
import {
  PGlite,
  parse,
  protocol,
  type QueryOptions,
  type Results,
  types,
} from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import type { NamedStatements } from "../sql/sql-busy-time.js";
import { createSqlStorage, findMigrationsFolder } from "../sql/sql-storage.js";
import type { Storage, StorageOptions } from "../storage.js";
import { type DirectoryLock, lockDirectory } from "./directory-lock.js";

/** Options of `createPgliteStorage`. */
export interface PgliteStorageOptions extends StorageOptions {
  /**
   * Directory of the database files (created when missing), e.g. `./data`. Omit for an
   * in-memory database that disappears on `close()`. One process at a time owns a directory
   * (through the lock file `bookwell.lock` in it, until `close()` or exit); another process, or
   * a second storage on it in this one, gets `StorageError` `LOCKED`.
   */
  dataDir?: string;
  /** Where the SQL migrations are (default: the package's own `migrations` folder). */
  migrationsFolder?: string;
}

/**
 * The extensions every Bookwell PGlite needs (`btree_gist` for the exclusion constraint,
 * `pg_trgm` for the indexed client search).
 */
export const PGLITE_EXTENSIONS = { btree_gist, pg_trgm };

/**
 * The result parsers Drizzle's PGlite driver passes with every query (date and time values stay
 * strings; Drizzle maps them itself).
 */
const DRIZZLE_PARSERS: Record<number, (value: string) => string> = {
  [types.TIMESTAMP]: (value) => value,
  [types.TIMESTAMPTZ]: (value) => value,
  [types.INTERVAL]: (value) => value,
  [types.DATE]: (value) => value,
  1231: (value) => value, // numeric[]
  1115: (value) => value, // timestamp[]
  1185: (value) => value, // timestamptz[]
  1187: (value) => value, // interval[]
  1182: (value) => value, // date[]
};

/** The part of a PGlite client (or of one of its transactions) that Drizzle calls. */
interface Queryable {
  query<T>(query: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
}

function withoutParsers(options: QueryOptions | undefined): QueryOptions | undefined {
  if (!options?.parsers) return options;
  const { parsers: _parsers, ...rest } = options;
  return rest;
}

function lean<T extends Queryable>(target: T): Queryable {
  return {
    query: (query, params, options) => target.query(query, params, withoutParsers(options)),
  };
}

/**
 * A PGlite client for Drizzle that sends its queries without per-query parsers. Drizzle passes the
 * same {@link DRIZZLE_PARSERS} with every query, and PGlite then copies its whole parser table
 * (about 300 types) for each one, a measurable share of a booking's time. The client's own
 * table holds those parsers instead, so every result is parsed exactly as before. Inside a
 * transaction, statements run prepared ({@link preparedIn}).
 */
function drizzleClient(client: PGlite) {
  client.parsers = { ...client.parsers, ...DRIZZLE_PARSERS };
  return {
    ...lean(client),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) =>
      client.transaction((tx) => fn(preparedIn(client, lean(tx)))),
  };
}

/** A statement prepared on a PGlite session: its name and its parameters' type ids. */
interface PreparedText {
  name: string;
  types: number[];
}

/** The texts prepared on each PGlite session (a bounded number; later ones run unprepared). */
const textsOn = new WeakMap<PGlite, Map<string, PreparedText>>();
const MAX_PREPARED_TEXTS = 1000;

/**
 * Runs a transaction's statements prepared: PGlite's `query()` makes five exchanges with its
 * backend for every statement (parse, describe, bind, describe, execute) and parses and analyses
 * the text each time. Here each distinct text is parsed once per session under a name, and every
 * run after is one exchange (bind, describe, execute, sync), under PGlite's query lock as
 * `query()` takes it. Parameters are serialized and results parsed by PGlite's own functions
 * (`serializers`, `parseResults`), so Drizzle gets exactly what `query()` would answer; a
 * database error is thrown as `query()` throws it. Queries with options this does not cover
 * (blobs, parameter types) go to `query()`.
 */
function preparedIn(client: PGlite, tx: Queryable): Queryable {
  const { serialize } = protocol;
  let texts = textsOn.get(client);
  if (!texts) {
    texts = new Map();
    textsOn.set(client, texts);
  }
  const known = texts;
  const exchange = exchangeWith(client);
  return {
    query: async <T>(text: string, params: unknown[] = [], options?: QueryOptions) => {
      const plain = options?.blob !== undefined || options?.paramTypes !== undefined;
      if (plain || (!known.has(text) && known.size >= MAX_PREPARED_TEXTS)) {
        return tx.query<T>(text, params, options);
      }
      return client.runExclusive(async () => {
        let statement = known.get(text);
        if (!statement) {
          const name = `bookwell_q${known.size + 1}`;
          const described = await exchange(
            serialize.parse({ name, text, types: [] }),
            serialize.describe({ type: "S", name }),
            serialize.sync(),
          );
          statement = { name, types: parse.parseDescribeStatementResults(described) };
          known.set(text, statement);
        }
        const { types: oids } = statement;
        const values = params.map((param, i) => {
          if (param === null || param === undefined) return null;
          const oid = oids[i] as number;
          const serializer = options?.serializers?.[oid] ?? client.serializers[oid];
          return serializer ? serializer(param) : String(param);
        });
        const messages = await exchange(
          serialize.bind({ statement: statement.name, values }),
          serialize.describe({ type: "P" }),
          serialize.execute({}),
          serialize.sync(),
        );
        // Without Drizzle's per-query parsers: the client's table holds them (see drizzleClient).
        return parse.parseResults(
          messages,
          client.parsers,
          withoutParsers(options),
        )[0] as Results<T>;
      });
    },
  };
}

/**
 * Sends protocol messages to PGlite's backend joined into one buffer (one exchange) and answers
 * the backend's messages. The caller holds PGlite's query lock; no file sync follows, as none
 * follows `query()` inside a transaction or a read.
 */
function exchangeWith(client: PGlite) {
  return (...parts: Uint8Array[]) => {
    const message = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      message.set(part, at);
      at += part.length;
    }
    return client.execProtocolStream(message, { syncToFs: false });
  };
}

/** The statements prepared on each PGlite session, by name. */
const preparedOn = new WeakMap<PGlite, Set<string>>();

/**
 * Statements prepared once on the PGlite session and run by name after: PGlite's `query()` parses
 * and plans every statement afresh (about 1 ms of the server's own CPU for the busy-time read,
 * four times what running it costs). Each run holds PGlite's locks as `query()` does (no other
 * query, and no transaction, runs meanwhile) and sends bind, execute and sync in one exchange.
 */
function pgliteNamedStatements(client: PGlite): NamedStatements {
  const { serialize } = protocol;
  // Per session, not per storage: two storages opened on one client share its statements.
  let known = preparedOn.get(client);
  if (!known) {
    known = new Set<string>();
    preparedOn.set(client, known);
  }
  const names = known;
  const exchange = exchangeWith(client);
  return async (name, text, values) => {
    // As `query()` does first: a closed client refuses (see `isPgliteFailure`).
    await client._checkReady();
    return client._runExclusiveTransaction(() =>
      client.runExclusive(async () => {
        if (!names.has(name)) {
          await exchange(serialize.parse({ name, text, types: [] }), serialize.sync());
          names.add(name);
        }
        const messages = await exchange(
          serialize.bind({ statement: name, values: [...values] }),
          serialize.execute({}),
          serialize.sync(),
        );
        const rows: (string | null)[][] = [];
        for (const m of messages) {
          if (m.name === "dataRow")
            rows.push((m as InstanceType<typeof protocol.messages.DataRowMessage>).fields);
        }
        return rows;
      }),
    );
  };
}

/**
 * PGlite's own failures, which carry no SQLSTATE: the client was closed under the storage, or its
 * WebAssembly PostgreSQL trapped or exited. They become `UNAVAILABLE` (503), not a crash or a 500.
 */
function isPgliteFailure(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  // `RuntimeError` is WebAssembly's trap; `ExitStatus` is Emscripten's exit.
  if (name === "RuntimeError" || name === "ExitStatus") return true;
  return typeof message === "string" && message.startsWith("PGlite is closed");
}

/**
 * Opens (or creates) an embedded PGlite database, runs the pending migrations and returns a
 * `Storage` on it. PGlite is a single connection: transactions run one at a time, in order.
 * Without `dataDir` the database lives in memory (tests, quick starts); creating one takes about
 * 2 s, so a test suite should use `createTestStorage` from `@bookwell/server-adapter/testing`.
 * A `dataDir` belongs to one process at a time: while another process (or another storage in
 * this one) has it open, this throws `StorageError` with code `LOCKED` and a message naming that
 * process; the lock of a process that was killed is taken over. Several processes on one
 * database need PostgreSQL (`@bookwell/server-adapter/postgres`).
 *
 * @example
 * ```ts
 * import { createPgliteStorage } from "@bookwell/server-adapter/pglite";
 * const storage = await createPgliteStorage({ dataDir: "./data" });
 * const scratch = await createPgliteStorage(); // in memory, gone on close()
 * ```
 */
export async function createPgliteStorage(options: PgliteStorageOptions = {}): Promise<Storage> {
  if (options.dataDir === undefined) {
    return openPgliteStorage(await PGlite.create({ extensions: PGLITE_EXTENSIONS }), options);
  }
  // PGlite creates the last directory only; make the parents too (`--db ./data/clinic`).
  await mkdir(options.dataDir, { recursive: true });
  // Taken before PGlite reads a single file, and held until the client is closed.
  const lock = await lockDirectory(options.dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create({ dataDir: options.dataDir, extensions: PGLITE_EXTENSIONS });
  } catch (error) {
    await lock.release();
    throw error;
  }
  return openOnClient(client, options, lock);
}

/**
 * Runs the pending migrations on an open PGlite client and returns a `Storage` on it that closes
 * the client on `close()` (or at once, when migrating fails). For PGlite clients made another way
 * than {@link createPgliteStorage} does, e.g. from a dump of a migrated one (`loadDataDir`); the
 * client must have {@link PGLITE_EXTENSIONS}. It takes no directory lock: whoever made the client
 * makes sure no other process opens its directory.
 *
 * @example
 * ```ts
 * const client = await PGlite.create({ loadDataDir: dump, extensions: PGLITE_EXTENSIONS });
 * const storage = await openPgliteStorage(client);
 * ```
 */
export function openPgliteStorage(
  client: PGlite,
  options: Pick<PgliteStorageOptions, "clock" | "migrationsFolder" | "busyCache"> = {},
): Promise<Storage> {
  return openOnClient(client, options);
}

/** {@link openPgliteStorage}, releasing `lock` once the client is closed. */
async function openOnClient(
  client: PGlite,
  options: Pick<PgliteStorageOptions, "clock" | "migrationsFolder" | "busyCache">,
  lock?: DirectoryLock,
): Promise<Storage> {
  const closeClient = async () => {
    try {
      await client.close();
    } finally {
      await lock?.release();
    }
  };
  try {
    // The lean client keeps Drizzle's result parsing and skips a parser-table copy per query.
    const db = drizzle({ client: drizzleClient(client) as unknown as PGlite });
    await migrate(db, { migrationsFolder: options.migrationsFolder ?? findMigrationsFolder() });
    return createSqlStorage({
      kind: "pglite",
      db,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.busyCache === undefined ? {} : { busyCache: options.busyCache }),
      close: closeClient,
      isUnavailable: isPgliteFailure,
      named: pgliteNamedStatements(client),
    });
  } catch (error) {
    await closeClient();
    throw error;
  }
}
