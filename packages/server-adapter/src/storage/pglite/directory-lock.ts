// One process at a time on an embedded PGlite directory. PGlite is PostgreSQL in WebAssembly
// without the postmaster that guards a real data directory, so two processes on one directory
// each cache pages and overwrite each other's writes: bookings get lost, slots double-booked.
// The guard is a lock file in the directory naming its owner (pid, host, boot, process start).
// It is created atomically (a hard link of a complete file, or `wx`), removed on close and at
// process exit, and taken over when its owner is provably gone (killed, or the machine rebooted),
// by exactly one of the processes that find it so (see `depose`).

import { createHash, randomUUID } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { link, readFile, realpath, rename, stat, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { StorageError } from "../errors.js";

/** The lock file's name inside the PGlite directory. */
export const LOCK_FILE_NAME = "bookwell.lock";

/** What a lock file says about the process that owns the directory. */
export interface DirectoryLockOwner {
  pid: number;
  hostname: string;
  /** When the owner took the lock (ISO-8601). */
  since: string;
  /** Linux boot id: a lock from before a reboot has no living owner. */
  bootId?: string;
  /** The owner's start time in clock ticks since boot (Linux): tells a reused pid apart. */
  startTicks?: string;
  /** Unique per taking of the lock. */
  token: string;
  /** What the owner is, e.g. `bookwell serve`. */
  command?: string;
  /** Where the owner serves the API, when it is a server. */
  url?: string;
}

/** A held lock on a directory. */
export interface DirectoryLock {
  /** The lock file. */
  readonly file: string;
  /** Removes the lock file (when it is still ours). Safe to call twice. */
  release(): Promise<void>;
}

/** The locks this process holds, by real directory path, and whether the exit hook is on. */
interface HeldLocks {
  locks: Map<string, { file: string; token: string }>;
  exitHook: boolean;
}

/** One registry per process, shared by every copy of this module (bundles, test runners). */
const REGISTRY = Symbol.for("bookwell.pglite.directory-locks");
const scope = globalThis as { [REGISTRY]?: HeldLocks };
scope[REGISTRY] ??= { locks: new Map(), exitHook: false };
const registry: HeldLocks = scope[REGISTRY];
const held = registry.locks;

/** At exit (including `process.exit()`), remove every lock this process still holds. */
function installExitHook(): void {
  if (registry.exitHook) return;
  registry.exitHook = true;
  process.on("exit", () => {
    for (const { file, token } of held.values()) {
      try {
        if (parseOwner(readFileSync(file, "utf8"))?.token === token) unlinkSync(file);
      } catch {
        // Gone already, or unreadable: nothing to release.
      }
    }
    held.clear();
  });
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

const BOOT_ID_FILE = "/proc/sys/kernel/random/boot_id";

/** The start time of process `pid` in clock ticks since boot (Linux), or undefined. */
function startTicks(pid: number): string | undefined {
  const stat = readOptional(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // Field 22 (starttime); fields after the command name `(…)` start at field 3.
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
}

function parseOwner(text: string): DirectoryLockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<DirectoryLockOwner>;
    if (
      typeof value.pid !== "number" ||
      !Number.isInteger(value.pid) ||
      value.pid <= 0 ||
      typeof value.hostname !== "string" ||
      typeof value.token !== "string"
    ) {
      return undefined;
    }
    return value as DirectoryLockOwner;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether the owner a lock file names may still be running. A lock from another host is never
 * judged (its pid means nothing here); on this host a lock is stale when the machine rebooted
 * since, when its pid is gone, or when that pid now belongs to a process started at another time
 * (a pid reused after a crash, e.g. pid 1 in a container, restarted).
 */
function ownerMayRun(owner: DirectoryLockOwner): boolean {
  if (owner.hostname !== hostname()) return true;
  const bootId = readOptional(BOOT_ID_FILE);
  if (owner.bootId && bootId && owner.bootId !== bootId) return false;
  if (owner.pid === process.pid) return writtenByThisProcess(owner);
  if (!isAlive(owner.pid)) return false;
  const ticks = startTicks(owner.pid);
  return !(owner.startTicks && ticks && owner.startTicks !== ticks);
}

/**
 * Whether a lock naming this process's pid was taken by this very process (another worker thread,
 * or a copy of this module with its own registry) rather than by an earlier process that had the
 * same pid: by the start time in clock ticks where there is one, else by when it was taken.
 */
function writtenByThisProcess(owner: DirectoryLockOwner): boolean {
  const ticks = startTicks(process.pid);
  if (owner.startTicks && ticks) return owner.startTicks === ticks;
  const since = Date.parse(owner.since);
  return Number.isFinite(since) && since >= Date.now() - process.uptime() * 1000 - 1_000;
}

function inThisProcess(dataDir: string, file: string): StorageError {
  return new StorageError(
    "LOCKED",
    `The PGlite directory ${dataDir} is already open in this process; close that storage first ` +
      "(one PGlite per directory).",
    { detail: { dataDir, lockFile: file, pid: String(process.pid) } },
  );
}

function lockedError(dataDir: string, file: string, owner: DirectoryLockOwner): StorageError {
  if (owner.pid === process.pid && owner.hostname === hostname())
    return inThisProcess(dataDir, file);
  const what = owner.command ? ` (${owner.command}${owner.url ? ` at ${owner.url}` : ""})` : "";
  const host = owner.hostname === hostname() ? "" : ` on host ${owner.hostname}`;
  return new StorageError(
    "LOCKED",
    `The PGlite directory ${dataDir} is in use by process ${owner.pid}${what}${host} since ` +
      `${owner.since}. An embedded PGlite directory serves one process at a time: stop that ` +
      "process first, or use PostgreSQL to run several processes on one database. If no such " +
      `process runs any more, delete ${file}.`,
    {
      detail: {
        dataDir,
        lockFile: file,
        pid: String(owner.pid),
        hostname: owner.hostname,
        since: owner.since,
        ...(owner.command ? { command: owner.command } : {}),
        ...(owner.url ? { url: owner.url } : {}),
      },
    },
  );
}

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function readLockText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if (errno(error) === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Creates `file` with `text` only when it does not exist: a hard link of a complete temporary
 * file, so no reader ever sees half a lock; `wx` where the file system has no hard links.
 * Returns false when the file exists.
 */
async function createExclusive(file: string, temp: string, text: string): Promise<boolean> {
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if (errno(error) === "EEXIST") return false;
    if (!["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EXDEV"].includes(errno(error) ?? "")) {
      throw error;
    }
  }
  try {
    await writeFile(file, text, { flag: "wx" });
    return true;
  } catch (error) {
    if (errno(error) === "EEXIST") return false;
    throw error;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether the lock or claim text `text` (found at `path`) has an owner that may still run. */
async function judge(path: string, text: string): Promise<"alive" | "dead" | "wait"> {
  const owner = parseOwner(text);
  if (owner) return ownerMayRun(owner) ? "alive" : "dead";
  // Half written (only where there are no hard links) or damaged: give a writer a moment.
  const age = await stat(path).then(
    (s) => Date.now() - s.mtimeMs,
    () => 0,
  );
  return age < 1_000 ? "wait" : "dead";
}

/** This process's attempt at taking a lock. */
interface Contender {
  /** The lock file. */
  file: string;
  /** A complete copy of `text` to hard-link from. */
  temp: string;
  /** This process's owner record. */
  text: string;
  token: string;
  /** Files made so far by {@link placeOver}, for unique names. */
  placed: number;
}

/** Puts the contender's record at `path` in one step: a new file renamed over it. */
async function placeOver(me: Contender, path: string): Promise<void> {
  const fresh = `${me.file}.${me.token}.${me.placed++}.tmp`;
  await writeFile(fresh, me.text, { flag: "wx" });
  try {
    await rename(fresh, path);
  } catch (error) {
    await unlink(fresh).catch(() => undefined);
    throw error;
  }
}

/**
 * Replaces `path`, found holding `stale` (whose owner is gone), with the contender's record,
 * unless another contender does first; returns whether it did. Deleting a stale file and
 * creating a new one would let two contenders that read the same stale file both win, so the
 * right to replace it goes to whoever creates its claim file, named by a hash of its text (a
 * token is never reused, so neither is a claim's name). The claimer replaces the file only if it
 * still holds `stale`, then deletes the claim; a claimer that died half-way is replaced the same
 * way, one claim deeper.
 */
async function depose(me: Contender, path: string, stale: string, depth = 0): Promise<boolean> {
  const claim = `${me.file}.${createHash("sha256").update(stale).digest("hex").slice(0, 32)}.claim`;
  if (!(await createExclusive(claim, me.temp, me.text))) {
    const found = await readLockText(claim);
    if (found === undefined) return false; // that claimer is done: look again
    if ((await judge(claim, found)) !== "dead" || depth >= 4) {
      await sleep(10); // a live claimer finishes in a moment
      return false;
    }
    if (!(await depose(me, claim, found, depth + 1))) return false;
  }
  try {
    if ((await readLockText(path)) !== stale) return false;
    await placeOver(me, path);
    return true;
  } finally {
    await unlink(claim).catch(() => undefined);
  }
}

/**
 * Makes this process the only owner of `dataDir` (an existing directory) until `release()` or
 * exit, or throws `StorageError` `LOCKED` naming the process that owns it and what to do. A lock
 * whose owner is gone (killed with `kill -9`, or from before a reboot) is taken over, by one
 * process only when several start at once.
 *
 * @example
 * ```ts
 * const lock = await lockDirectory("./data"); // throws StorageError LOCKED when in use
 * try {
 *   // … open the database in ./data …
 * } finally {
 *   await lock.release();
 * }
 * ```
 */
export async function lockDirectory(dataDir: string): Promise<DirectoryLock> {
  const dir = await realpath(dataDir);
  const file = join(dir, LOCK_FILE_NAME);
  if (held.has(dir)) throw inThisProcess(dir, file);
  const token = randomUUID();
  // Claimed in this process before the first await, so a concurrent open here is refused above.
  held.set(dir, { file, token });
  let acquired = false;
  const bootId = readOptional(BOOT_ID_FILE);
  const ticks = startTicks(process.pid);
  const mine: DirectoryLockOwner = {
    pid: process.pid,
    hostname: hostname(),
    since: new Date().toISOString(),
    ...(bootId ? { bootId } : {}),
    ...(ticks ? { startTicks: ticks } : {}),
    token,
  };
  const me: Contender = {
    file,
    temp: `${file}.${token}.tmp`,
    text: `${JSON.stringify(mine, null, 2)}\n`,
    token,
    placed: 0,
  };
  try {
    await writeFile(me.temp, me.text, { flag: "wx" });
    for (let attempt = 0; attempt < 100 && !acquired; attempt += 1) {
      if (await createExclusive(file, me.temp, me.text)) {
        acquired = true;
        break;
      }
      const found = await readLockText(file);
      if (found === undefined) continue; // released meanwhile: try again
      const verdict = await judge(file, found);
      if (verdict === "alive")
        throw lockedError(dir, file, parseOwner(found) as DirectoryLockOwner);
      if (verdict === "wait") await sleep(10);
      else acquired = await depose(me, file, found);
    }
    if (!acquired) {
      throw new StorageError(
        "LOCKED",
        `Could not take the lock ${file} of the PGlite directory ${dir}: other processes keep ` +
          "taking and releasing it. One process at a time may use a PGlite directory.",
        { detail: { dataDir: dir, lockFile: file } },
      );
    }
    installExitHook();
    return { file, release: () => releaseLock(dir, file, token) };
  } finally {
    if (!acquired) held.delete(dir);
    await unlink(me.temp).catch(() => undefined);
  }
}

async function releaseLock(dir: string, file: string, token: string): Promise<void> {
  if (held.get(dir)?.token !== token) return;
  held.delete(dir);
  const text = await readLockText(file);
  if (text !== undefined && parseOwner(text)?.token === token) {
    await unlink(file).catch(() => undefined);
  }
}

/**
 * Adds facts to the lock this process holds on `dataDir`, e.g. the URL it serves, so that a
 * command refused by the lock can say where to turn instead. Returns false when this process
 * holds no lock there.
 *
 * @example
 * ```ts
 * await describeDirectoryLock("./data", { command: "bookwell serve", url: server.url });
 * ```
 */
export async function describeDirectoryLock(
  dataDir: string,
  facts: Pick<DirectoryLockOwner, "command" | "url">,
): Promise<boolean> {
  const dir = await realpath(dataDir);
  const mine = held.get(dir);
  if (!mine) return false;
  const owner = parseOwner((await readLockText(mine.file)) ?? "");
  if (owner?.token !== mine.token) return false;
  const temp = `${mine.file}.${mine.token}.describe.tmp`;
  await writeFile(temp, `${JSON.stringify({ ...owner, ...facts }, null, 2)}\n`);
  // Replaces the file in one step: a reader sees the old or the new text, never half.
  await rename(temp, mine.file);
  return true;
}
