import { randomUUID } from "node:crypto";
import { appendFile, cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { tempPathsPerFile } from "../../../test/storages.js";
import { massageAt, seedClinic } from "../conformance/fixtures.js";
import { isStorageError } from "../errors.js";
import { findMigrationsFolder } from "../sql/sql-storage.js";
import { createTestStorage, templateFile } from "./test-storage.js";

const temp = tempPathsPerFile("bookwell-test-storage-");

/** A copy of the migrations whose template is this test's own (a comment makes its hash new). */
async function ownMigrations(): Promise<string> {
  const dir = await temp.dir();
  const copy = join(dir, "migrations");
  await cp(findMigrationsFolder(), copy, { recursive: true });
  const last = (await readdir(copy))
    .filter((name) => name.endsWith(".sql"))
    .sort()
    .at(-1);
  if (!last) throw new Error("no migrations");
  await appendFile(join(copy, last), `\n-- ${randomUUID()}\n`);
  temp.removeAfter(await templateFile(copy));
  return copy;
}

describe("createTestStorage", () => {
  it("gives each call its own migrated, empty PGlite database", async () => {
    const [a, b] = await Promise.all([createTestStorage(), createTestStorage()]);
    try {
      expect([a.kind, b.kind]).toEqual(["pglite", "pglite"]);
      const s = await seedClinic(a);
      await a.insertAppointment(s.clinicId, massageAt(s, 0));
      // The migrations ran: the exclusion constraint refuses an overlap.
      const overlap = await a.insertAppointment(s.clinicId, massageAt(s, 30)).catch((e) => e);
      expect(isStorageError(overlap, "SLOT_TAKEN")).toBe(true);
      expect(await a.listClinics()).toHaveLength(1);
      expect(await b.listClinics()).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("keeps the migrated template in the temp directory, made again when PGlite cannot load it", async () => {
    const migrationsFolder = await ownMigrations();
    const file = await templateFile(migrationsFolder);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, gzipSync(Buffer.from("not a data directory")));
    const storage = await createTestStorage({ migrationsFolder });
    try {
      const s = await seedClinic(storage);
      expect(await storage.listCalendars(s.clinicId)).toHaveLength(3);
    } finally {
      await storage.close();
    }
    // Kept again, whole, for the next test process.
    expect(gunzipSync(await readFile(file)).byteLength).toBeGreaterThan(1_000_000);
  });
});
