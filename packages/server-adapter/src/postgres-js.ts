// @bookwell/server-adapter/postgres-js: PostgreSQL storage over postgres.js (`postgres`, optional peer).

export type {
  PostgresJsSql,
  PostgresJsStorageOptions,
} from "./storage/postgres-js/postgres-js-storage.js";
export {
  createPostgresJsStorage,
  migratePostgresJs,
} from "./storage/postgres-js/postgres-js-storage.js";
