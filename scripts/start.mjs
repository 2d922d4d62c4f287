// `npm start`: builds what is stale, then runs the demo. For now the demo is the engine example
// that prints a week of free slots for a sample clinic.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds a package when its dist is missing or older than its sources. */
export function ensureBuilt(name) {
  const dir = join(root, "packages", name);
  const dist = join(dir, "dist", "index.js");
  if (existsSync(dist) && statSync(dist).mtimeMs >= newestMtime(join(dir, "src"))) return;
  process.stderr.write(`bookwell: building @bookwell/${name}…\n`);
  const result = spawnSync("pnpm", ["--filter", `@bookwell/${name}`, "run", "build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

ensureBuilt("engine");
const args = process.argv.slice(2).filter((a) => a !== "--");
const run = spawnSync("node", [join(root, "examples", "node-engine", "week.ts"), ...args], {
  cwd: root,
  stdio: "inherit",
});
process.exit(run.status ?? 1);
