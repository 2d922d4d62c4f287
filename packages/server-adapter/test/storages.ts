// The storages the HTTP tests run on: PGlite in memory, each one loaded from a migrated template
// (createTestStorage), and for the race tests also PGlite on a temporary directory, the embedded
// default of `bookwell serve`, and PostgreSQL (postgresFactories: one server per test file, a fresh
// database per storage); the storage conformance suite runs on all three in src/storage/.

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

/**
 * PostgreSQL, where the machine has it (else the missing server is reported, see
 * `reportMissingPostgres`): registers the calling test file's hooks that start one server for the
 * file and stop it, and gives a factory of a fresh database per storage.
 *
 * @example
 * describe.each([...storageFactories, ...postgresFactories()])("… on $name", (factory) => { … });
 */
export function postgresFactories(maxConnections = 12): StorageFactory[] {
  const postgres = locatePostgres();
  if (!postgres.available) reportMissingPostgres(postgres.reason);
  let server: TestPostgres | undefined;
  beforeAll(async () => {
    if (postgres.available) server = await startTestPostgres();
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });
  if (!postgres.available) return [];
  return [
    {
      name: "postgres",
      create: async () => {
        if (!server) throw new Error("PostgreSQL did not start");
        return createPostgresStorage({
          connectionString: await server.createDatabase(),
          maxConnections,
        });
      },
    },
  ];
}

/**
 * Registers the calling test file's hooks that start one throwaway server before its tests and
 * stop it after them, and answers a function that creates a fresh database on it (its URL).
 *
 * @example
 * const fresh = useTestPostgres();
 * it("…", async () => { const storage = await createPostgresStorage({ connectionString: await fresh() }); });
 */
export function useTestPostgres(): () => Promise<string> {
  let server: TestPostgres | undefined;
  beforeAll(async () => {
    server = await startTestPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return async () => {
    if (!server) throw new Error("PostgreSQL did not start");
    return server.createDatabase();
  };
}
