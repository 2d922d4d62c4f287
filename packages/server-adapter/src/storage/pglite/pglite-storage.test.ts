import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempPathsPerFile } from "../../../test/storages.js";
import { seedClinic } from "../conformance/fixtures.js";
import { runStorageConformance } from "../conformance/index.js";
import { isStorageError } from "../errors.js";
import { LOCK_FILE_NAME } from "./directory-lock.js";
import { createPgliteStorage } from "./pglite-storage.js";

runStorageConformance("pglite (in memory)", () => createPgliteStorage());

const temp = tempPathsPerFile("bookwell-pglite-");

runStorageConformance("pglite (file-backed)", async () => {
  const dir = await temp.dir();
  return createPgliteStorage({ dataDir: join(dir, "data") });
});

describe("pglite file-backed storage", () => {
  it("keeps data across close and reopen, and migrating again changes nothing", async () => {
    const dir = await temp.dir();
    const first = await createPgliteStorage({ dataDir: join(dir, "data") });
    const seeded = await seedClinic(first);
    await first.close();
    const second = await createPgliteStorage({ dataDir: join(dir, "data") });
    expect((await second.getClinic(seeded.clinicId))?.id).toBe(seeded.clinicId);
    expect(await second.listCalendars(seeded.clinicId)).toHaveLength(3);
    await second.close();
  });

  it("one storage at a time per directory: a second is refused with LOCKED until the first closes", async () => {
    const dir = await temp.dir();
    const dataDir = join(dir, "data");
    const first = await createPgliteStorage({ dataDir });
    expect(await readdir(dataDir)).toContain(LOCK_FILE_NAME);
    const refused: unknown = await createPgliteStorage({ dataDir }).then(
      (second) => second.close(),
      (error: unknown) => error,
    );
    expect(isStorageError(refused, "LOCKED")).toBe(true);
    expect((refused as Error).message).toContain("already open in this process");
    // The refused one touched nothing: the first still works.
    expect(await first.listClinics()).toEqual([]);
    await first.close();
    expect(await readdir(dataDir)).not.toContain(LOCK_FILE_NAME);
    const again = await createPgliteStorage({ dataDir });
    await again.close();
  });
});
