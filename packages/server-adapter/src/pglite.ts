// @bookwell/server-adapter/pglite: embedded PGlite storage.
export {};
