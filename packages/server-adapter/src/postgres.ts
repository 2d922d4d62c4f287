// @bookwell/server-adapter/postgres: PostgreSQL storage over node-postgres (`pg`).
export {};
