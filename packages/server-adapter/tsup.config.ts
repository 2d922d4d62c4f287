import { defineConfig } from "tsup";

export default defineConfig({
  entry: [
    "src/index.ts",
    "src/node.ts",
    "src/pglite.ts",
    "src/postgres.ts",
    "src/postgres-js.ts",
    "src/testing.ts",
    "src/stripe.ts",
    "src/cli.ts",
  ],
  format: ["esm"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  external: ["pg", "postgres", "stripe", "vitest"],
});
