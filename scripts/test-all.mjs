// The one test command (`npm test`): lint, build, typecheck, every package's vitest suite, package
// checks (publint, arethetypeswrong) and the examples. It prints each step, then one closing line
// `N passed, N failed` that sums every test and every check across the packages.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const failures = [];

function run(label, cmd, args, options = {}) {
  process.stdout.write(`\n▶ ${label}\n`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...options });
  return result.status === 0;
}

function check(label, cmd, args, options) {
  if (run(label, cmd, args, options)) {
    passed += 1;
    process.stdout.write(`✓ ${label}\n`);
  } else {
    failed += 1;
    failures.push(label);
    process.stdout.write(`✗ ${label}\n`);
  }
}

const packages = readdirSync(join(root, "packages")).filter((name) =>
  existsSync(join(root, "packages", name, "package.json")),
);
const wanted = (name) => only.length === 0 || only.includes(name);

check("biome: lint and format", "biome", ["check", "."]);
for (const name of packages.filter(wanted)) {
  check(`${name}: build`, "pnpm", ["--filter", `./packages/${name}`, "run", "build"]);
}
for (const name of packages.filter(wanted)) {
  check(`${name}: typecheck`, "pnpm", ["--filter", `./packages/${name}`, "run", "typecheck"]);
}

if (only.length === 0) {
  // The engine reference is generated from the JSDoc; an undocumented export fails the run.
  check("docs: engine reference (typedoc, warnings fail)", "typedoc", [
    "--out",
    join("node_modules", ".bookwell", "engine-reference"),
  ]);
}

const examples = readdirSync(join(root, "examples")).filter((name) =>
  existsSync(join(root, "examples", name, "tsconfig.json")),
);
if (only.length === 0) {
  for (const name of examples) {
    check(`examples/${name}: typecheck`, "tsc", ["-p", join("examples", name, "tsconfig.json")]);
  }
}

// Every vitest project (packages/* and examples/*) in one run, counted from its JSON report.
const reportDir = join(root, "node_modules", ".bookwell");
mkdirSync(reportDir, { recursive: true });
const report = join(reportDir, "vitest-report.json");
rmSync(report, { force: true });
const projects = only.length === 0 ? [] : only.flatMap((name) => ["--project", name]);
run("vitest: every package and example", "vitest", [
  "run",
  ...projects,
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${report}`,
]);
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, "utf8"));
  passed += json.numPassedTests ?? 0;
  failed += json.numFailedTests ?? 0;
  if (json.numPendingTests || json.numTodoTests) {
    failed += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
    failures.push("skipped or todo tests are not allowed");
  }
  for (const file of json.testResults ?? []) {
    if (
      file.status === "failed" &&
      (file.assertionResults ?? []).every((a) => a.status !== "failed")
    ) {
      failed += 1;
      failures.push(`test file failed to run: ${file.name}`);
    }
  }
  if (!json.success && failures.length === 0) {
    failed += 1;
    failures.push("vitest reported failure");
  }
} else {
  failed += 1;
  failures.push("vitest produced no report");
}

for (const name of packages.filter(wanted)) {
  const pkg = JSON.parse(readFileSync(join(root, "packages", name, "package.json"), "utf8"));
  if (pkg.scripts?.["check:package"]) {
    check(`${name}: publint + arethetypeswrong`, "pnpm", [
      "--filter",
      `./packages/${name}`,
      "run",
      "check:package",
    ]);
  }
  if (pkg.scripts?.["check:size"]) {
    check(`${name}: size budget`, "pnpm", ["--filter", `./packages/${name}`, "run", "check:size"]);
  }
}

if (failures.length > 0) {
  process.stdout.write(`\nFailed:\n${failures.map((f) => `  - ${f}`).join("\n")}\n`);
}
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
