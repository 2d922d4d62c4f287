import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { tempPathsPerFile } from "../../../test/storages.js";
import { isStorageError, type StorageError } from "../errors.js";
import { describeDirectoryLock, LOCK_FILE_NAME, lockDirectory } from "./directory-lock.js";

const freshDir = tempPathsPerFile("bookwell-lock-").dir;

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid as number;
}

/** A process that sleeps until killed. */
async function sleeper(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], {
    stdio: "ignore",
  });
  await new Promise((resolve) => child.once("spawn", resolve));
  return child;
}

/** A fresh directory with a lock file of `owner` in it. */
async function dirLockedBy(owner: Record<string, unknown>): Promise<string> {
  const dir = await freshDir();
  await writeFile(join(dir, LOCK_FILE_NAME), lockText(owner));
  return dir;
}

function lockText(owner: Record<string, unknown>): string {
  return JSON.stringify({
    hostname: hostname(),
    since: "2000-01-01T00:00:00.000Z",
    token: "someone-else",
    ...owner,
  });
}

async function lockError(dir: string): Promise<StorageError> {
  const error: unknown = await lockDirectory(dir).then(
    async (lock) => {
      await lock.release();
      return undefined;
    },
    (e: unknown) => e,
  );
  if (!isStorageError(error, "LOCKED")) throw new Error(`expected LOCKED, got ${String(error)}`);
  return error;
}

const onLinux = existsSync("/proc/self/stat");

/** Leaves a stale lock in `dir`, and, with `claimToo`, a claim on it by a process that died too. */
async function leaveStaleLock(dir: string, pid: number, claimToo = false): Promise<void> {
  const stale = lockText({ pid, token: `stale-${Math.random()}` });
  await writeFile(join(dir, LOCK_FILE_NAME), stale);
  if (!claimToo) return;
  const hash = createHash("sha256").update(stale).digest("hex").slice(0, 32);
  await writeFile(
    join(dir, `${LOCK_FILE_NAME}.${hash}.claim`),
    lockText({ pid, token: `claimer-${Math.random()}` }),
  );
}

describe("lockDirectory", () => {
  test("writes the owner into the lock file and removes it on release", async () => {
    const dir = await freshDir();
    const lock = await lockDirectory(dir);
    const owner = JSON.parse(await readFile(join(dir, LOCK_FILE_NAME), "utf8"));
    expect(owner).toMatchObject({ pid: process.pid, hostname: hostname() });
    await lock.release();
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  test("a second open in this process is refused, also while the first is still taking it", async () => {
    const dir = await freshDir();
    // Either may get there first (each resolves the real path before it looks).
    const both = await Promise.allSettled([lockDirectory(dir), lockDirectory(dir)]);
    const taken = both.filter((r) => r.status === "fulfilled");
    const refused = both.filter((r) => r.status === "rejected");
    expect(taken).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const error = refused[0]?.reason as StorageError;
    expect(error.code).toBe("LOCKED");
    expect(error.message).toContain("already open in this process");
    await taken[0]?.value.release();
    const again = await lockDirectory(dir);
    await again.release();
  });

  test("a live owner keeps it: the error names the pid, the lock file and what to do", async () => {
    const dir = await freshDir();
    const child = await sleeper();
    try {
      await writeFile(
        join(dir, LOCK_FILE_NAME),
        lockText({ pid: child.pid, command: "bookwell serve", url: "http://127.0.0.1:3999" }),
      );
      const error = await lockError(dir);
      expect(error.message).toContain(`in use by process ${child.pid}`);
      expect(error.message).toContain("bookwell serve at http://127.0.0.1:3999");
      expect(error.message).toContain("stop that process first, or use PostgreSQL");
      expect(error.message).toContain(join(dir, LOCK_FILE_NAME));
      expect(error.detail).toMatchObject({ pid: String(child.pid), url: "http://127.0.0.1:3999" });
      // Refused without touching the owner's file.
      expect(JSON.parse(readFileSync(join(dir, LOCK_FILE_NAME), "utf8")).pid).toBe(child.pid);
    } finally {
      child.kill("SIGKILL");
    }
  });

  test("the lock of a killed process is taken over", async () => {
    const dir = await dirLockedBy({ pid: await deadPid() });
    const lock = await lockDirectory(dir);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE_NAME), "utf8")).pid).toBe(process.pid);
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  test("a takeover left half-done by a process that died is finished", async () => {
    const dir = await freshDir();
    await leaveStaleLock(dir, await deadPid(), true);
    expect(await readdir(dir)).toHaveLength(2);
    const lock = await lockDirectory(dir);
    expect(await readdir(dir)).toEqual([LOCK_FILE_NAME]);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE_NAME), "utf8")).pid).toBe(process.pid);
    await lock.release();
  });

  test("a lock naming this process's pid but not held here is stale (pid 1 in a container)", async () => {
    const dir = await dirLockedBy({ pid: process.pid });
    const lock = await lockDirectory(dir);
    await lock.release();
  });

  test("a lock taken by this very process elsewhere (another worker thread) is not stale", async () => {
    const dir = await dirLockedBy({ pid: process.pid, since: new Date().toISOString() });
    const error = await lockError(dir);
    expect(error.message).toContain("already open in this process");
  });

  test("a damaged lock file is taken over", async () => {
    const dir = await freshDir();
    await writeFile(join(dir, LOCK_FILE_NAME), "{ not json");
    const { utimes } = await import("node:fs/promises");
    await utimes(join(dir, LOCK_FILE_NAME), new Date(0), new Date(0));
    const lock = await lockDirectory(dir);
    await lock.release();
  });

  test("a lock from another host is never judged from here", async () => {
    const dir = await dirLockedBy({ pid: await deadPid(), hostname: "elsewhere.example" });
    const error = await lockError(dir);
    expect(error.message).toContain("on host elsewhere.example");
  });

  test.runIf(onLinux)("a lock from before a reboot, or of a reused pid, is stale", async () => {
    const child = await sleeper();
    try {
      const rebooted = await dirLockedBy({
        pid: child.pid,
        bootId: "00000000-0000-0000-0000-000000000000",
      });
      await (await lockDirectory(rebooted)).release();
      const reused = await dirLockedBy({ pid: child.pid, startTicks: "1" });
      await (await lockDirectory(reused)).release();
      // The same pid with its own boot and start time is alive.
      const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
      const ticks = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
      const bootId = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
      const live = await dirLockedBy({ pid: child.pid, startTicks: ticks, bootId });
      expect((await lockError(live)).detail.pid).toBe(String(child.pid));
      // This process's own pid: taken by another thread of it (same start), or by a process
      // before it that had the same pid (another start).
      const own = readFileSync(`/proc/${process.pid}/stat`, "utf8");
      const ownTicks = own.slice(own.lastIndexOf(")") + 2).split(" ")[19];
      const thread = await dirLockedBy({ pid: process.pid, startTicks: ownTicks, bootId });
      expect((await lockError(thread)).message).toContain("already open in this process");
      const earlier = await dirLockedBy({
        pid: process.pid,
        startTicks: "1",
        bootId,
        since: new Date().toISOString(),
      });
      await (await lockDirectory(earlier)).release();
    } finally {
      child.kill("SIGKILL");
    }
  });

  test("describeDirectoryLock adds the server's URL to the lock this process holds", async () => {
    const dir = await freshDir();
    expect(await describeDirectoryLock(dir, { url: "http://x" })).toBe(false);
    const lock = await lockDirectory(dir);
    expect(
      await describeDirectoryLock(dir, { command: "bookwell serve", url: "http://127.0.0.1:1" }),
    ).toBe(true);
    const owner = JSON.parse(await readFile(join(dir, LOCK_FILE_NAME), "utf8"));
    expect(owner).toMatchObject({ pid: process.pid, url: "http://127.0.0.1:1" });
    expect(await readdir(dir)).toEqual([LOCK_FILE_NAME]);
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });
});

describe("lockDirectory across processes", () => {
  test("processes racing for a stale lock: exactly one takes it, every round", async () => {
    const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
    const contenders = 4;
    const rounds = 15;
    const children = Array.from({ length: contenders }, () =>
      spawn(
        process.execPath,
        [
          "--experimental-transform-types",
          "--no-warnings",
          "--import",
          here("../../../test/support/register.mjs"),
          here("../../../test/support/lock-contender.ts"),
        ],
        { stdio: ["pipe", "pipe", "inherit"] },
      ),
    );
    const said = new Map<string, string[]>();
    const heard: Array<() => void> = [];
    const ready = children.map(
      (child) =>
        new Promise<void>((resolve) => {
          createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
            if (line === "ready") return resolve();
            const [dir = "", outcome = ""] = line.split(" ");
            said.set(dir, [...(said.get(dir) ?? []), outcome]);
            for (const wake of heard.splice(0)) wake();
          });
        }),
    );
    try {
      await Promise.all(ready);
      const root = await freshDir();
      const stalePid = await deadPid();
      for (let round = 0; round < rounds; round += 1) {
        const dir = join(root, `round-${round}`);
        await mkdir(dir);
        // Even rounds: a stale lock to take over; odd rounds: a free directory.
        if (round % 2 === 0)
          await writeFile(join(dir, LOCK_FILE_NAME), lockText({ pid: stalePid }));
        for (const child of children) child.stdin?.write(`go ${dir}\n`);
        while ((said.get(dir)?.length ?? 0) < contenders) {
          await new Promise<void>((resolve) => heard.push(resolve));
        }
        const outcomes = said.get(dir) ?? [];
        expect(
          outcomes.filter((o) => o === "took"),
          `round ${round}: ${outcomes}`,
        ).toHaveLength(1);
        expect(outcomes.filter((o) => o === "locked")).toHaveLength(contenders - 1);
        expect(await readdir(dir)).toEqual([LOCK_FILE_NAME]);
      }
      // A contender that exits releases what it holds.
      await Promise.all(
        children.map((child) => {
          const exited = new Promise((resolve) => child.once("exit", resolve));
          child.stdin?.end();
          return exited;
        }),
      );
      for (let round = 0; round < rounds; round += 1) {
        expect(await readdir(join(root, `round-${round}`))).toEqual([]);
      }
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 60_000);
});
