// The storages every HTTP test runs on. PGlite runs in memory here (a file-backed one is tested
// by the CLI test); PostgreSQL is used by the race tests through startTestPostgres().

import { createPgliteStorage } from "../src/pglite.js";
import { createMemoryStorage } from "../src/storage/index.js";
import type { Storage } from "../src/storage/storage.js";

/** A named way to make a fresh, empty storage. */
export interface StorageFactory {
  name: string;
  create: () => Promise<Storage>;
}

/** Memory and PGlite. */
export const storageFactories: StorageFactory[] = [
  { name: "memory", create: async () => createMemoryStorage() },
  { name: "pglite", create: () => createPgliteStorage() },
];
