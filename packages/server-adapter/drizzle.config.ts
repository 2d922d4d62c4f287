// drizzle-kit: `pnpm drizzle-kit generate` writes a new versioned migration under ./migrations from
// the schema; `pnpm drizzle-kit generate --custom --name <name>` starts a hand-written one.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/storage/sql/schema.ts",
  out: "./migrations",
});
