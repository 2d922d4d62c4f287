// @bookwell/server-adapter/postgres: PostgreSQL storage over node-postgres (`pg`, optional peer).

export type { PostgresStorageOptions } from "./storage/postgres/postgres-storage.js";
export { createPostgresStorage, migratePostgres } from "./storage/postgres/postgres-storage.js";
