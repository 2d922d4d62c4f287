// @bookwell/server-adapter/testing: the storage conformance suite (vitest), fresh in-memory PGlite
// storages for tests and a throwaway PostgreSQL server for tests.

export type { StorageFactory } from "./storage/conformance/index.js";
export { runStorageConformance } from "./storage/conformance/index.js";
export type { PostgresAvailability, TestPostgres } from "./storage/testing/test-postgres.js";
export {
  locatePostgres,
  reportMissingPostgres,
  startTestPostgres,
} from "./storage/testing/test-postgres.js";
export type { TestStorageOptions } from "./storage/testing/test-storage.js";
export { createTestStorage } from "./storage/testing/test-storage.js";
