// The first time button, measured (issue 18): serves a demo-like clinic page (the script tag,
// "first available" with a preset service, the real API on PGlite), opens it cold in Chromium
// with the CPU slowed 4× (CDP `Emulation.setCPUThrottlingRate`), and prints the JavaScript bytes
// fetched before the first time button shows, the number of requests, and the time to it; beside
// them, the size of cal.com's embed from its published npm packages (packed into a temporary
// directory at bench time, never kept). Run with `pnpm --filter @bookwell/widget run bench:first-time`;
// not part of the test suite. With `BENCH_BEFORE_DIST=<folder>` (an earlier build's dist/), the
// runs alternate between that build and this one, so the load of the shared machine falls on
// both alike; each run's requests are printed with their start and end (ms from navigation).

import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { launchChromium } from "../test/browser/chromium.js";
import { startRealApi } from "../test/browser/real-api.js";
import { ensureBuilt, scriptPage, startStatic } from "../test/browser/servers.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BEFORE = process.env.BENCH_BEFORE_DIST;
const THROTTLE = 4;

interface Run {
  ms: number;
  requests: number;
  jsBytes: number;
  jsGzipBytes: number;
  /** The requests of the page, as "path start–end" (ms from navigation, Resource Timing). */
  waterfall: string[];
}

/** One cold load: a new context (empty cache), 4× slower CPU, until the first time button. */
async function coldLoad(
  browser: Awaited<ReturnType<typeof launchChromium>>,
  url: string,
): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: THROTTLE });
    let requests = 0;
    let jsBytes = 0;
    let jsGzipBytes = 0;
    let done = false;
    const bodies: Promise<void>[] = [];
    page.on("request", () => {
      if (!done) requests += 1;
    });
    page.on("response", (response) => {
      if (done || response.request().resourceType() !== "script") return;
      bodies.push(
        response
          .body()
          .then((body) => {
            jsBytes += body.length;
            jsGzipBytes += gzipSync(body, { level: 9 }).length;
          })
          .catch(() => undefined),
      );
    });
    const start = Date.now();
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll("*")].some((el) =>
          el.shadowRoot?.querySelector(".bw-time:not([aria-disabled])"),
        ),
      undefined,
      { timeout: 60_000, polling: 16 },
    );
    const ms = Date.now() - start;
    done = true;
    const waterfall = await page.evaluate(() =>
      performance.getEntriesByType("resource").map((entry) => {
        const e = entry as PerformanceResourceTiming;
        const { pathname, search } = new URL(e.name);
        const path = `${pathname}${search}`.replace(/[?&]clinic=lisbon/, "").slice(0, 40);
        return `${path} ${Math.round(e.startTime)}–${Math.round(e.responseEnd)}`;
      }),
    );
    await Promise.all(bodies);
    return { ms, requests, jsBytes, jsGzipBytes, waterfall };
  } finally {
    await context.close();
  }
}

/** The gzipped size of a file of a published npm package, packed into a temporary directory. */
function packedSize(spec: string, file: string): { version: string; bytes: number; gzip: number } {
  const dir = mkdtempSync(join(tmpdir(), "bookwell-bench-pack-"));
  try {
    execFileSync("npm", ["pack", spec, "--silent", "--pack-destination", dir], {
      cwd: dir,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const tarball = readdirSync(dir).find((name) => name.endsWith(".tgz"));
    if (!tarball) throw new Error(`npm pack ${spec} gave no tarball`);
    execFileSync("tar", ["-xzf", tarball], { cwd: dir });
    const manifest = JSON.parse(readFileSync(join(dir, "package", "package.json"), "utf8")) as {
      version: string;
    };
    const body = readFileSync(join(dir, "package", file));
    return {
      version: manifest.version,
      bytes: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

function report(label: string, runs: Run[]): void {
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  const middle = sorted[Math.floor(sorted.length / 2)] as Run;
  console.log(
    `${label}: median ${middle.ms} ms (runs: ${runs.map((r) => r.ms).join(", ")}); the median run's requests:`,
  );
  for (const line of middle.waterfall) console.log(`  ${line}`);
}

async function main(): Promise<void> {
  ensureBuilt();
  const site = await startStatic({}, BEFORE ? { "/before/dist/": BEFORE } : {});
  const api = await startRealApi({ origin: site.url, clock: () => new Date() });
  site.pages["/"] = scriptPage({
    api: api.url,
    attributes: 'data-clinic="lisbon" data-locale="en" data-service="physio" data-provider="any"',
  });
  const now = site.pages["/"];
  if (BEFORE && now) {
    site.pages["/before"] = { ...now, html: now.html.replace("/dist/", "/before/dist/") };
  }
  const browser = await launchChromium();
  const runs: Run[] = [];
  const before: Run[] = [];
  const loadBefore = load();
  try {
    await coldLoad(browser, `${site.url}/`); // warms the API's catalog cache, not the browser's
    for (let i = 0; i < RUNS; i += 1) {
      if (BEFORE) before.push(await coldLoad(browser, `${site.url}/before`));
      runs.push(await coldLoad(browser, `${site.url}/`));
    }
  } finally {
    await browser.close();
    await api.close();
    await site.close();
  }
  console.log(`load average (1, 5, 15 min): ${loadBefore} before the runs, ${load()} after`);
  if (BEFORE) report(`before (${BEFORE})`, before);
  report("this build", runs);
  console.log("");
  const first = runs[0] as Run;
  console.log(
    `Bookwell: cold load to the first time button, "first available", CPU ${THROTTLE}× slower`,
  );
  console.log(`(${RUNS} runs, median; the page, API and browser on one machine)`);
  console.log("");
  console.log("| | Bookwell widget |");
  console.log("|---|---|");
  console.log(
    `| JS before the first time button | ${kb(first.jsBytes)} (${kb(first.jsGzipBytes)} gzipped) |`,
  );
  console.log(`| requests before it | ${median(runs.map((r) => r.requests))} |`);
  console.log(
    `| time to the first time button | ${median(runs.map((r) => r.ms))} ms (runs: ${runs.map((r) => r.ms).join(", ")}) |`,
  );
  console.log("");
  const snippet = packedSize("@calcom/embed-snippet", "dist/snippet.umd.js");
  const core = packedSize("@calcom/embed-core", "dist/embed/embed.js");
  console.log("| cal.com embed (published npm packages) | raw | gzipped |");
  console.log("|---|---|---|");
  console.log(
    `| @calcom/embed-snippet ${snippet.version}: dist/snippet.umd.js (the loader) | ${kb(snippet.bytes)} | ${kb(snippet.gzip)} |`,
  );
  console.log(
    `| @calcom/embed-core ${core.version}: dist/embed/embed.js (what the loader fetches) | ${kb(core.bytes)} | ${kb(core.gzip)} |`,
  );
  console.log(
    `| Bookwell: JS before the first time button | ${kb(first.jsBytes)} | ${kb(first.jsGzipBytes)} |`,
  );
  console.log("");
  console.log(
    "cal.com's embed then loads the booking page itself in an iframe (not counted here).",
  );
}

await main();
