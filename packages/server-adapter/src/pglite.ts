// @bookwell/server-adapter/pglite: embedded PGlite storage (file-backed or in memory).

export type { PgliteStorageOptions } from "./storage/pglite/pglite-storage.js";
export { createPgliteStorage } from "./storage/pglite/pglite-storage.js";
