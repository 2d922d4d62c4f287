// The storages the HTTP tests run on: PGlite in memory, each one loaded from a migrated template
// (createTestStorage), and for the race tests also PGlite on a temporary directory, the embedded
// default of `bookwell serve`, and PostgreSQL (postgresFactories: one server per test file, a fresh
// database per storage); the storage conformance suite runs on all three in src/storage/. Also the
// helpers every test file with a PostgreSQL server of its own (postgresPerFile) or with temporary
// directories (tempPathsPerFile) shares.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { createPgliteStorage } from "../src/pglite.js";
import { createPostgresStorage } from "../src/postgres.js";
import type { Storage } from "../src/storage/storage.js";
import {
  createTestStorage,
  locatePostgres,
  reportMissingPostgres,
  startTestPostgres,
  type TestPostgres,
} from "../src/testing.js";

/** A named way to make a fresh, empty storage. */
export interface StorageFactory {
  name: string;
  create: () => Promise<Storage>;
}

/** Temporary paths of one test file, deleted after its tests. */
export interface TempPaths {
  /** Makes a fresh temporary directory, named with the file's prefix. */
  dir: () => Promise<string>;
  /** Deletes `path` (a file or a directory) with the others after the file's tests. */
  removeAfter: (path: string) => void;
}

/**
 * Registers the calling test file's hook that deletes, after its tests, every temporary directory
 * it made and every path it was handed.
 *
 * @example
 * const temp = tempPathsPerFile("bookwell-lock-");
 * const dir = await temp.dir(); // inside a test
 */
export function tempPathsPerFile(prefix: string): TempPaths {
  const paths: string[] = [];
  afterAll(async () => {
    await Promise.all(paths.map((path) => rm(path, { recursive: true, force: true })));
  });
  const removeAfter = (path: string) => {
    paths.push(path);
  };
  return {
    dir: async () => {
      const dir = await mkdtemp(join(tmpdir(), prefix));
      removeAfter(dir);
      return dir;
    },
    removeAfter,
  };
}

/** PGlite in memory. */
export const storageFactories: StorageFactory[] = [
  { name: "pglite in memory", create: () => createTestStorage() },
];

/**
 * PGlite on a fresh temporary directory, deleted when the storage closes.
 *
 * @example
 * describe.each([...storageFactories, pgliteOnDisk])("races on $name", (factory) => { … });
 */
export const pgliteOnDisk: StorageFactory = {
  name: "pglite on disk",
  create: async () => {
    const dir = await mkdtemp(join(tmpdir(), "bookwell-test-pglite-"));
    try {
      const storage = await createPgliteStorage({ dataDir: join(dir, "data") });
      return {
        ...storage,
        close: async () => {
          try {
            await storage.close();
          } finally {
            await rm(dir, { recursive: true, force: true });
          }
        },
      };
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  },
};

/** The calling test file's PostgreSQL server: whether the machine has one, and its databases. */
export interface FilePostgres {
  /** False where the machine has no PostgreSQL (reported, see `reportMissingPostgres`). */
  available: boolean;
  /** Creates a fresh, empty database on the file's server and answers its URL. */
  freshDatabase: () => Promise<string>;
}

/**
 * One PostgreSQL server per test file, where the machine has it (else the missing server is
 * reported, see `reportMissingPostgres`): registers the calling file's hooks that start the server
 * before its tests and stop it after them.
 *
 * @example
 * const postgres = postgresPerFile();
 * const url = await postgres.freshDatabase(); // inside a test or hook, when postgres.available
 */
export function postgresPerFile(): FilePostgres {
  const postgres = locatePostgres();
  if (!postgres.available) reportMissingPostgres(postgres.reason);
  let server: TestPostgres | undefined;
  beforeAll(async () => {
    if (postgres.available) server = await startTestPostgres();
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });
  return {
    available: postgres.available,
    freshDatabase: async () => {
      if (!server) throw new Error("PostgreSQL did not start");
      return server.createDatabase();
    },
  };
}

/**
 * PostgreSQL on the file's server ({@link postgresPerFile}), a fresh database per storage; none
 * where the machine has no PostgreSQL.
 *
 * @example
 * describe.each([...storageFactories, ...postgresFactories()])("… on $name", (factory) => { … });
 */
export function postgresFactories(maxConnections = 12): StorageFactory[] {
  const postgres = postgresPerFile();
  if (!postgres.available) return [];
  return [
    {
      name: "postgres",
      create: async () =>
        createPostgresStorage({ connectionString: await postgres.freshDatabase(), maxConnections }),
    },
  ];
}

/**
 * The file's PostgreSQL server ({@link postgresPerFile}) for a file that runs only where the
 * machine has one: a function that creates a fresh database on it (its URL).
 *
 * @example
 * const fresh = useTestPostgres();
 * it("…", async () => { const storage = await createPostgresStorage({ connectionString: await fresh() }); });
 */
export function useTestPostgres(): () => Promise<string> {
  return postgresPerFile().freshDatabase;
}
