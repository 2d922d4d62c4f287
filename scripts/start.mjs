// `npm start`: builds what is stale, then runs the demo (API on PGlite with a sample clinic, the
// clinic site with the widget). `npm start -- --reset` starts from fresh data; `npm start --
// --empty` starts an empty clinic to try the setup wizard at /setup; `npm start --
// --engine [YYYY-MM-DD]` only prints a week of free times computed by the engine.
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

const args = process.argv.slice(2).filter((a) => a !== "--");
ensureBuilt("engine");
if (args.includes("--engine")) {
  // The engine alone: print a week of free times for the sample clinic.
  const rest = args.filter((a) => a !== "--engine");
  const run = spawnSync("node", [join(root, "examples", "node-engine", "week.ts"), ...rest], {
    cwd: root,
    stdio: "inherit",
  });
  process.exit(run.status ?? 1);
}
ensureBuilt("server-adapter");
ensureBuilt("widget");
const demo = spawnSync("node", [join(root, "examples", "demo", "demo.ts"), ...args], {
  cwd: root,
  stdio: "inherit",
});
process.exit(demo.status ?? 1);
