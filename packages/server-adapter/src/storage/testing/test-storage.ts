// Fresh, migrated, in-memory PGlite storages for tests, fast. A new PGlite takes about 2 s to
// create (initdb) and the migrations about 0.1 s more; a PGlite loaded from a dump of a migrated
// one (what `pg.clone()` does) takes about 0.5 s. So the migrated database is made once, dumped,
// and every test storage is loaded from that dump. The dump is also kept, gzipped (about 5 MB), in
// the OS temp directory, named by a hash of the migrations and the PGlite version, so that the
// next test process (vitest runs each test file in its own) loads it instead of making it again.

import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { openPgliteStorage, PGLITE_EXTENSIONS } from "../pglite/pglite-storage.js";
import { findMigrationsFolder } from "../sql/sql-storage.js";
import type { Storage, StorageOptions } from "../storage.js";

/** Options of `createTestStorage`. */
export interface TestStorageOptions extends StorageOptions {
  /** Where the SQL migrations are (default: the package's own `migrations` folder). */
  migrationsFolder?: string;
}

/** A migrated, empty database as a PGlite data-directory dump, and where it was kept. */
interface Template {
  dump: Blob;
  file: string;
  fromDisk: boolean;
}

const TEMPLATE_DIR = join(tmpdir(), "bookwell-pglite-templates");
const templates = new Map<string, Promise<Template>>();
const gzipped = promisify(gzip);
const gunzipped = promisify(gunzip);

function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
  for (let depth = 0; depth < 4; depth += 1) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, "utf8")) as {
        name?: string;
        version?: string;
      };
      if (name === "@electric-sql/pglite" && version) return version;
    }
    dir = dirname(dir);
  }
  return "unknown";
}

/**
 * Where the migrated template of `migrationsFolder` is kept: a file in the OS temp directory
 * named by a hash of the PGlite version and every migration file.
 *
 * @example
 * ```ts
 * const file = await templateFile(findMigrationsFolder()); // /tmp/bookwell-pglite-templates/….tar.gz
 * ```
 */
export async function templateFile(migrationsFolder: string): Promise<string> {
  const hash = createHash("sha256").update(`pglite ${pgliteVersion()}\n`);
  const journal = join("meta", "_journal.json");
  const sql = (await readdir(migrationsFolder)).filter((name) => name.endsWith(".sql")).sort();
  for (const name of [journal, ...sql]) {
    hash.update(`${name}\n`).update(await readFile(join(migrationsFolder, name)));
  }
  return join(TEMPLATE_DIR, `${hash.digest("hex").slice(0, 32)}.tar.gz`);
}

async function makeTemplate(migrationsFolder: string): Promise<Blob> {
  const client = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
  try {
    await migrate(drizzle({ client }), { migrationsFolder });
    return await client.dumpDataDir("none");
  } finally {
    await client.close();
  }
}

async function loadOrMakeTemplate(migrationsFolder: string): Promise<Template> {
  const file = await templateFile(migrationsFolder);
  // A missing or unreadable file is made again.
  const kept = await readFile(file)
    .then((zipped) => gunzipped(zipped))
    .catch(() => undefined);
  if (kept) return { dump: new Blob([kept]), file, fromDisk: true };
  const dump = await makeTemplate(migrationsFolder);
  // Write aside, then rename: a process reading the file never sees half of it. The file is only
  // a cache, so failing to write it costs time, nothing else. Kept unzipped in memory: loading
  // is faster.
  const partial = `${file}.${process.pid}.${Date.now()}.partial`;
  try {
    await mkdir(TEMPLATE_DIR, { recursive: true });
    await writeFile(partial, await gzipped(await dump.arrayBuffer(), { level: 1 }));
    await rename(partial, file);
  } catch {
    await rm(partial, { force: true });
  }
  return { dump, file, fromDisk: false };
}

function template(migrationsFolder: string): Promise<Template> {
  let made = templates.get(migrationsFolder);
  if (!made) {
    made = loadOrMakeTemplate(migrationsFolder);
    templates.set(migrationsFolder, made);
    made.catch(() => templates.delete(migrationsFolder));
  }
  return made;
}

/**
 * A fresh, migrated, empty in-memory PGlite storage for a test, in about 0.5 s instead of the
 * about 2 s of `createPgliteStorage()`: it is loaded from a dump of a migrated database that is
 * made once (per set of migrations and PGlite version) and kept in the OS temp directory for the
 * next test process. Each call returns an independent database; close it when done.
 *
 * @example
 * ```ts
 * import { createTestStorage } from "@bookwell/server-adapter/testing";
 * const storage = await createTestStorage();
 * const app = createBookwellApp({ storage });
 * // … afterAll(() => storage.close());
 * ```
 */
export async function createTestStorage(options: TestStorageOptions = {}): Promise<Storage> {
  const migrationsFolder = options.migrationsFolder ?? findMigrationsFolder();
  const { dump, file, fromDisk } = await template(migrationsFolder);
  let client: PGlite;
  try {
    client = await PGlite.create({ loadDataDir: dump, extensions: PGLITE_EXTENSIONS });
  } catch (error) {
    if (!fromDisk) throw error;
    // A kept dump this PGlite cannot load: drop it and make it again.
    await rm(file, { force: true });
    templates.delete(migrationsFolder);
    return createTestStorage(options);
  }
  return openPgliteStorage(client, { ...options, migrationsFolder });
}
