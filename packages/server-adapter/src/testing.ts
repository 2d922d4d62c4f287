// @bookwell/server-adapter/testing: the storage conformance suite (vitest) and a throwaway
// PostgreSQL server for tests.

export type { StorageFactory } from "./storage/conformance/index.js";
export { runStorageConformance } from "./storage/conformance/index.js";
export type { PostgresAvailability, TestPostgres } from "./storage/testing/test-postgres.js";
export {
  locatePostgres,
  reportMissingPostgres,
  startTestPostgres,
} from "./storage/testing/test-postgres.js";
