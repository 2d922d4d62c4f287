// Debian's chromium for the browser tests, driven by playwright-core. On a fresh CI machine (root,
// no display) the first test file to need it installs it with apt-get, once, under a lock; when
// it cannot, the tests fail loudly with what to do instead of being skipped.
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";

/** Where Debian installs chromium. */
export const CHROMIUM = "/usr/bin/chromium";

/** Flags for a quiet, sandbox-free headless run on a CI machine without a display. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const LOCK = join(tmpdir(), "bookwell-chromium-install.lock");

function sleep(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function install(): void {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `${CHROMIUM} is missing and this user cannot install it. Run as root: apt-get install -y --no-install-recommends chromium`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const run = (args: string[]) => {
    const result = spawnSync("apt-get", args, { stdio: "inherit", env, timeout: 15 * 60_000 });
    return result.status === 0;
  };
  if (!run(["install", "-y", "--no-install-recommends", "chromium"])) {
    if (!run(["update"]) || !run(["install", "-y", "--no-install-recommends", "chromium"])) {
      throw new Error("apt-get could not install chromium; the browser tests cannot run");
    }
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get finished but ${CHROMIUM} is still missing`);
}

/**
 * Makes sure Debian's chromium is installed (installing it once, as root, under a lock).
 *
 * @example
 * ensureChromium(); // throws when it cannot be installed
 */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  for (;;) {
    let fd: number | null = null;
    try {
      fd = openSync(LOCK, "wx");
    } catch {
      // Another test file is installing: wait for it (a stale lock is taken over after 20 min).
      if (existsSync(CHROMIUM)) return;
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > 20 * 60_000) rmSync(LOCK, { force: true });
      } catch {
        // The lock went away meanwhile.
      }
      sleep(1000);
      continue;
    }
    try {
      if (!existsSync(CHROMIUM)) install();
      return;
    } finally {
      closeSync(fd);
      rmSync(LOCK, { force: true });
    }
  }
}

/**
 * Launches headless chromium (installing it first when needed).
 *
 * @example
 * const browser = await launchChromium();
 */
export async function launchChromium(): Promise<Browser> {
  ensureChromium();
  try {
    return await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  } catch (error) {
    const version = (() => {
      try {
        return execFileSync(CHROMIUM, ["--version"], { encoding: "utf8" }).trim();
      } catch {
        return "unknown version";
      }
    })();
    throw new Error(`chromium (${version}) did not start: ${String(error)}`);
  }
}
