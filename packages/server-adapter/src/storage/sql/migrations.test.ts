import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { findMigrationsFolder } from "./sql-storage.js";

const packageDir = fileURLToPath(new URL("../../..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "bookwell-migrations-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("SQL migrations", () => {
  it("are found from the sources and match the schema (drizzle-kit has nothing to generate)", () => {
    const folder = findMigrationsFolder();
    expect(folder).toBe(join(packageDir, "migrations"));
    const copy = join(work, "migrations");
    cpSync(folder, copy, { recursive: true });
    const before = readdirSync(copy).sort();
    const result = spawnSync(
      join(packageDir, "node_modules", ".bin", "drizzle-kit"),
      [
        "generate",
        "--dialect",
        "postgresql",
        "--schema",
        join(packageDir, "src/storage/sql/schema.ts"),
        // drizzle-kit prefixes "./" to the path, so it must be relative.
        "--out",
        relative(packageDir, copy),
      ],
      { cwd: packageDir, encoding: "utf8", timeout: 60_000 },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain("No schema changes");
    expect(readdirSync(copy).sort()).toEqual(before);
    expect(before.filter((f) => f.endsWith(".sql")).length).toBeGreaterThanOrEqual(2);
  });
});
