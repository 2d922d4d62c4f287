// Public surface of @bookwell/server-adapter: explicit named exports only.

export * from "./storage/index.js";
