// A database as an older release left it, for the tests of the migrations that came after it.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { onTestFinished } from "vitest";
import { PGLITE_EXTENSIONS } from "../../src/storage/pglite/pglite-storage.js";
import { findMigrationsFolder } from "../../src/storage/sql/sql-storage.js";

/**
 * A PGlite database in a temporary directory (deleted when the calling test ends) migrated only up
 * to the migration before `migration` (its index in the journal), as the release before it left
 * it: write old rows into `old`, close it, then open `dataDir` with `createPgliteStorage` to run
 * `migration` and the ones after it.
 *
 * @example
 * const { dataDir, old } = await databaseBefore(7); await old.exec("INSERT …"); await old.close();
 */
export async function databaseBefore(migration: number): Promise<{ dataDir: string; old: PGlite }> {
  const work = mkdtempSync(join(tmpdir(), `bookwell-before-${migration}-`));
  onTestFinished(() => rmSync(work, { recursive: true, force: true }));
  const folder = join(work, `migrations-before-${migration}`);
  cpSync(findMigrationsFolder(), folder, { recursive: true });
  const journalPath = join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx < migration);
  writeFileSync(journalPath, JSON.stringify(journal));
  const dataDir = join(work, "db");
  const old = await PGlite.create({ dataDir, extensions: PGLITE_EXTENSIONS });
  await migrate(drizzle({ client: old }), { migrationsFolder: folder });
  return { dataDir, old };
}

/**
 * The rows every old database of these tests starts with, as SQL: clinic `c1` (Lisbon, EUR), its
 * service `physio` and its provider calendar `ana`, written at `at`.
 *
 * @example
 * await old.exec(`${oldClinicRows("2026-03-01T10:00:00Z")} INSERT INTO appointments …`);
 */
export function oldClinicRows(at: string): string {
  return `
      INSERT INTO clinics (id, name, time_zone, locale, currency, allowed_origins, created_at, updated_at)
        VALUES ('c1', 'Clinic', 'Europe/Lisbon', 'pt-PT', 'EUR', '[]', '${at}', '${at}');
      INSERT INTO services (clinic_id, id, data, created_at, updated_at)
        VALUES ('c1', 'physio', '{}', '${at}', '${at}');
      INSERT INTO calendars (clinic_id, id, kind, location_id, active, data, created_at, updated_at)
        VALUES ('c1', 'ana', 'provider', 'loc', true, '{}', '${at}', '${at}');`;
}
