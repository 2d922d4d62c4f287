// @bookwell/server-adapter/testing: the storage conformance suite (vitest), fresh in-memory PGlite
// storages for tests, a throwaway PostgreSQL server for tests, and a fake Stripe-like payment
// provider on 127.0.0.1 (the network edge of online payments).

export {
  FAKE_PUBLISHABLE_KEY,
  type FakeProvider,
  startFakeProvider,
} from "./services/back-office/fake-stripe.js";
export { runStorageConformance, type StorageFactory } from "./storage/conformance/index.js";
export {
  locatePostgres,
  type PostgresAvailability,
  reportMissingPostgres,
  startTestPostgres,
  type TestPostgres,
} from "./storage/testing/test-postgres.js";
export { createTestStorage, type TestStorageOptions } from "./storage/testing/test-storage.js";
