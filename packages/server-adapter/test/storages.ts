// The storages the HTTP tests run on: PGlite in memory, each one loaded from a migrated template
// (createTestStorage), and for the race tests also PGlite on a temporary directory, the embedded
// default of `bookwell serve`. PostgreSQL is added by the files that start one
// (startTestPostgres()); the storage conformance suite runs on all three in src/storage/.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPgliteStorage } from "../src/pglite.js";
import type { Storage } from "../src/storage/storage.js";
import { createTestStorage } from "../src/testing.js";

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
