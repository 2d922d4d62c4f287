// The real `bookwell serve` command for the browser tests: server-adapter's built dist/cli.js as a
// spawned node process on a fresh PGlite directory and a port the OS picks, run from this
// package's folder (as a project that installed the widget runs it) without the test runner's
// NODE_PATH, so the widget is found the way an installation finds it.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PACKAGE } from "./servers.js";

const require = createRequire(import.meta.url);

/** A running `bookwell serve`. */
export interface ServeRun {
  /** Where it listens, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** The one-time first-manager link it printed. */
  setupLink: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Stops it (SIGTERM), waits for the exit and removes its database directory. */
  stop(): Promise<void>;
}

/**
 * Starts `bookwell serve` on an empty database and waits until it printed where it listens and
 * the first-manager link (no fixed wait: it resolves on those lines, rejects if it exits).
 *
 * @example
 * const serve = await startServe();
 * await page.goto(serve.setupLink);
 * await serve.stop();
 */
export async function startServe(): Promise<ServeRun> {
  const cli = join(
    dirname(require.resolve("@bookwell/server-adapter/package.json")),
    "dist/cli.js",
  );
  if (!existsSync(cli)) {
    throw new Error(
      `${cli} is missing: build it first (pnpm --filter @bookwell/server-adapter run build)`,
    );
  }
  const dataDir = await mkdtemp(join(tmpdir(), "bookwell-serve-e2e-"));
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, "serve", "--db", join(dataDir, "data"), "--port", "0"],
    { cwd: PACKAGE, env: { ...process.env, NODE_PATH: "" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const { url, setupLink } = await new Promise<{ url: string; setupLink: string }>(
      (resolve, reject) => {
        const collect = (chunk: Buffer) => {
          output += chunk.toString();
          const link =
            /create the first manager of "My clinic" \(one-time link, valid \d+ h\): (\S+)/.exec(
              output,
            );
          const listening = /listening on (http:\/\/\S+)/.exec(output);
          if (link?.[1] && listening?.[1]) resolve({ url: listening[1], setupLink: link[1] });
        };
        child.stdout?.on("data", collect);
        child.stderr?.on("data", collect);
        child.once("exit", (code) =>
          reject(new Error(`bookwell serve exited (${code}):\n${output}`)),
        );
      },
    );
    return { url, setupLink, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
