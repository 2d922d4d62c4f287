// A throwaway PostgreSQL server for tests: initdb + pg_ctl in a temporary directory, on
// 127.0.0.1 and a free port, trust authentication, stopped (and deleted) by `stop()`.

import { execFile, execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/** A running test server. */
export interface TestPostgres {
  /** Connection string of the `postgres` database as the superuser `postgres`. */
  url: string;
  /** Creates a fresh, empty database and returns its connection string. */
  createDatabase(name?: string): Promise<string>;
  /**
   * Stops the server and keeps its data, for fault tests (`pg_ctl stop -m fast` by default:
   * connections are terminated, connection attempts are refused until `start()`).
   */
  halt(mode?: "fast" | "immediate"): Promise<void>;
  /** Starts a server `halt()` stopped, on the same port with the same data. */
  start(): Promise<void>;
  /** Stops (`-m fast`) and starts the server: what a minor upgrade or a settings change does. */
  restart(): Promise<void>;
  /** Stops the server and deletes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** Where PostgreSQL's server binaries were found, or why not. */
export type PostgresAvailability =
  | { available: true; binDir: string }
  | { available: false; reason: string };

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

function findBinDir(): string | undefined {
  const fromEnv = process.env.BOOKWELL_PG_BIN;
  if (fromEnv && existsSync(join(fromEnv, "initdb"))) return fromEnv;
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    // Prefer 15 (what CI installs), else the newest.
    const chosen = versions.includes("15") ? "15" : versions[0];
    if (chosen) return join(root, chosen, "bin");
  }
  const pgConfig = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  const dir = pgConfig.status === 0 ? pgConfig.stdout.trim() : "";
  if (dir && existsSync(join(dir, "initdb"))) return dir;
  return undefined;
}

let availability: PostgresAvailability | undefined;

/**
 * Finds PostgreSQL's server binaries; when missing and running as root with apt-get, tries
 * `apt-get install -y postgresql` once per process.
 *
 * @example
 * ```ts
 * const pg = locatePostgres();
 * if (!pg.available) console.warn(pg.reason);
 * ```
 */
export function locatePostgres(): PostgresAvailability {
  if (availability) return availability;
  let binDir = findBinDir();
  if (!binDir && isRoot() && spawnSync("which", ["apt-get"]).status === 0) {
    process.stderr.write("bookwell: PostgreSQL not found; trying apt-get install -y postgresql\n");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const lock = ["-o", "DPkg::Lock::Timeout=300"];
    spawnSync("apt-get", [...lock, "update"], { stdio: "ignore", env, timeout: 300_000 });
    spawnSync("apt-get", [...lock, "install", "-y", "--no-install-recommends", "postgresql"], {
      stdio: "ignore",
      env,
      timeout: 600_000,
    });
    binDir = findBinDir();
  }
  availability = binDir
    ? { available: true, binDir }
    : {
        available: false,
        reason:
          "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql, " +
          "BOOKWELL_PG_BIN or pg_config, and apt-get install postgresql did not provide them",
      };
  return availability;
}

/**
 * What a test file should do without PostgreSQL: print a loud message, and fail unless
 * `BOOKWELL_ALLOW_NO_POSTGRES=1` says this machine is allowed to go without.
 *
 * @example
 * ```ts
 * const pg = locatePostgres();
 * if (!pg.available) reportMissingPostgres(pg.reason); // throws unless allowed
 * ```
 */
export function reportMissingPostgres(reason: string): void {
  const banner = "!".repeat(78);
  process.stderr.write(
    `\n${banner}\n!!! BOOKWELL: POSTGRESQL TESTS CANNOT RUN\n!!! ${reason}\n` +
      "!!! Install Debian's `postgresql` package (CI must have it), or set\n" +
      `!!! BOOKWELL_ALLOW_NO_POSTGRES=1 to accept running without them on this machine.\n${banner}\n\n`,
  );
  if (process.env.BOOKWELL_ALLOW_NO_POSTGRES !== "1") {
    throw new Error(`PostgreSQL is required for these tests: ${reason}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function postgresUser(): { uid: number; gid: number } {
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

/** `runuser` lives in sbin, which a minimal PATH (cron, CI, `env -i`) may lack. */
function runuserPath(): string {
  for (const candidate of [
    "/usr/sbin/runuser",
    "/sbin/runuser",
    "/usr/bin/runuser",
    "/bin/runuser",
  ]) {
    if (existsSync(candidate)) return candidate;
  }
  return "runuser";
}

/** The command line of a PostgreSQL binary, run as the `postgres` user when we are root. */
function pgCommand(binDir: string, command: string, args: string[]): [string, string[]] {
  const bin = join(binDir, command);
  return isRoot() ? [runuserPath(), ["-u", "postgres", "--", bin, ...args]] : [bin, args];
}

/** Runs a PostgreSQL binary, as the `postgres` user when we are root. */
function runPg(binDir: string, command: string, args: string[]): void {
  const [file, argv] = pgCommand(binDir, command, args);
  const result = spawnSync(file, argv, { encoding: "utf8", timeout: 120_000 });
  if (result.status !== 0) {
    const why = result.error ? String(result.error) : result.stderr || result.stdout;
    throw new Error(`${command} failed (${result.status ?? result.signal}): ${why}`);
  }
}

/** {@link runPg} without blocking the event loop (servers in this process keep answering). */
function runPgAsync(binDir: string, command: string, args: string[]): Promise<void> {
  const [file, argv] = pgCommand(binDir, command, args);
  return new Promise((resolve, reject) => {
    execFile(file, argv, { encoding: "utf8", timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} failed: ${stderr || stdout || error.message}`));
      else resolve();
    });
  });
}

let databaseCounter = 0;

/**
 * Starts a throwaway PostgreSQL server (initdb + pg_ctl in a temporary directory, 127.0.0.1, a
 * free port, trust authentication, fsync off). Call `stop()` in `afterAll`; the server is also
 * stopped if the process exits first. Throws a loud error when PostgreSQL cannot be found.
 *
 * @example
 * ```ts
 * import { startTestPostgres } from "@bookwell/server-adapter/testing";
 * const server = await startTestPostgres();
 * const storage = await createPostgresStorage({ connectionString: await server.createDatabase() });
 * afterAll(() => server.stop());
 * ```
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const found = locatePostgres();
  if (!found.available) {
    reportMissingPostgres(found.reason);
    throw new Error(`PostgreSQL is not available: ${found.reason}`);
  }
  const { binDir } = found;
  const dir = mkdtempSync(join(tmpdir(), "bookwell-pg-"));
  if (isRoot()) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
  const port = await freePort();
  const serverOptions = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses=127.0.0.1",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=300",
  ].join(" ");
  const pgStart = ["-D", data, "-o", serverOptions, "-l", join(dir, "log"), "-w", "start"];
  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    try {
      runPg(binDir, "pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      // Already down.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    runPg(binDir, "initdb", [
      "-D",
      data,
      "-U",
      "postgres",
      "--auth=trust",
      "--no-locale",
      "-E",
      "UTF8",
      "--no-sync",
    ]);
    runPg(binDir, "pg_ctl", pgStart);
  } catch (error) {
    stopSync();
    throw error;
  }
  process.once("exit", stopSync);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const halt = (mode: "fast" | "immediate" = "fast") =>
    runPgAsync(binDir, "pg_ctl", ["-D", data, "-m", mode, "-w", "stop"]);
  const start = () => runPgAsync(binDir, "pg_ctl", pgStart);
  return {
    url,
    async createDatabase(name) {
      databaseCounter += 1;
      const database = name ?? `bookwell_${process.pid}_${databaseCounter}`;
      if (!/^[a-z_][a-z0-9_]*$/.test(database))
        throw new TypeError(`bad database name ${database}`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`create database ${database}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${database}`;
    },
    halt,
    start,
    async restart() {
      // What `pg_ctl restart -m fast` does, keeping the server's log file (restart would send
      // the new server's output to our pipe, and never close it).
      await halt("fast");
      await start();
    },
    async stop() {
      process.removeListener("exit", stopSync);
      stopSync();
    },
  };
}
