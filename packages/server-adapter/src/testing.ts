// @bookwell/server-adapter/testing: the storage conformance suite (vitest), fresh in-memory PGlite
// storages for tests and a throwaway PostgreSQL server for tests.

export { runStorageConformance, type StorageFactory } from "./storage/conformance/index.js";
export {
  locatePostgres,
  type PostgresAvailability,
  reportMissingPostgres,
  startTestPostgres,
  type TestPostgres,
} from "./storage/testing/test-postgres.js";
export { createTestStorage, type TestStorageOptions } from "./storage/testing/test-storage.js";
