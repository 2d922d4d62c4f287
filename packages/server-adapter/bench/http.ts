// HTTP benchmark of the standalone server: GET /v1/slots and POST /v1/bookings at a fixed rate
// (default 50 req/s), on PGlite (file-backed) and PostgreSQL, printing req/s and
// p50 / p95 / p99 latency. Run: pnpm --filter @bookwell/server-adapter bench
// Options (env): BENCH_RATE (req/s, default 50), BENCH_SECONDS (per run, default 10),
// BENCH_STORAGES (comma-separated: pglite, postgres; default both),
// BENCH_LOAD (`paced`: evenly spaced arrivals, the default; `burst`: autocannon, whose
// connections fire together; `both`). See load-worker.ts.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { serve } from "../src/node.js";
import { createPgliteStorage } from "../src/pglite.js";
import { createPostgresStorage } from "../src/postgres.js";
import type { Storage } from "../src/storage/storage.js";
import { locatePostgres, startTestPostgres } from "../src/testing.js";
import { bookingBody, seedClinic } from "../test/helpers.js";

const RATE = Number(process.env.BENCH_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const STORAGES = (process.env.BENCH_STORAGES ?? "pglite,postgres").split(",");
const LOAD = process.env.BENCH_LOAD ?? "paced";
if (!["paced", "burst", "both"].includes(LOAD)) {
  throw new Error(`BENCH_LOAD must be paced, burst or both, not ${LOAD}`);
}
const MODES: ("paced" | "burst")[] = LOAD === "both" ? ["paced", "burst"] : [LOAD as "paced"];
const CLINIC = "bench";

interface Row {
  storage: string;
  /** `paced` (evenly spaced arrivals) or `burst` (autocannon). */
  load: string;
  route: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  ok: number;
  other: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

interface Run {
  url: string;
  method: "GET" | "POST";
  path: string;
  bodies?: string[];
  mode: "paced" | "burst";
  clinic: string;
}

/** Runs the load in a worker thread (its own event loop) and summarises the latencies. */
async function measure(run: Run): Promise<Omit<Row, "storage" | "route" | "load">> {
  const worker = new Worker(new URL("./load-worker.ts", import.meta.url), {
    workerData: {
      ...run,
      headers: { "content-type": "application/json", "x-bookwell-clinic": run.clinic },
      rate: RATE,
      seconds: SECONDS,
    },
  });
  const { latencies, statuses, duration } = await new Promise<{
    latencies: number[];
    statuses: Record<string, number>;
    duration: number;
  }>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  await worker.terminate();
  latencies.sort((a, b) => a - b);
  const ok = Object.entries(statuses)
    .filter(([s]) => Number(s) >= 200 && Number(s) < 300)
    .reduce((n, [, c]) => n + c, 0);
  return {
    requests: latencies.length,
    rps: latencies.length / duration,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    ok,
    other: latencies.length - ok,
  };
}

async function benchStorage(name: string, storage: Storage): Promise<Row[]> {
  // One clinic per load mode, so every run books its own free times.
  for (const mode of MODES) await seedClinic(storage, `${CLINIC}-${mode}`);
  const server = await serve({ storage, port: 0, rateLimit: false });
  try {
    const rows: Row[] = [];
    for (const mode of MODES) rows.push(...(await benchClinic(name, server.url, mode)));
    return rows;
  } finally {
    await server.close();
  }
}

async function benchClinic(name: string, url: string, mode: "paced" | "burst"): Promise<Row[]> {
  const clinic = `${CLINIC}-${mode}`;
  const day = (offset: number) =>
    new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const slotsPath = `/v1/slots?serviceId=physio&providerId=any&from=${day(1)}&to=${day(7)}`;
  // Free times for the booking run: every provider's slots over the next 80 days, interleaved
  // so that consecutive bookings go to different providers (as real traffic does).
  const perProvider: { start: string; providerId: string }[][] = [];
  for (const providerId of ["ana", "bruno"]) {
    const free: { start: string; providerId: string }[] = [];
    perProvider.push(free);
    for (let from = 1; from < 80; from += 40) {
      const res = await fetch(
        `${url}/v1/slots?serviceId=physio&providerId=${providerId}&from=${day(from)}&to=${day(from + 39)}`,
        { headers: { "x-bookwell-clinic": clinic } },
      );
      const json = (await res.json()) as { slots: { start: string; providerId: string }[] };
      free.push(...json.slots.map((s) => ({ start: s.start, providerId: s.providerId })));
    }
  }
  const free: { start: string; providerId: string }[] = [];
  const longest = Math.max(...perProvider.map((list) => list.length));
  for (let i = 0; i < longest; i += 1) {
    for (const list of perProvider) {
      const slot = list[i];
      if (slot) free.push(slot);
    }
  }
  // Warm up (JIT, caches, connection pool).
  for (let i = 0; i < 20; i += 1) {
    await fetch(`${url}${slotsPath}`, { headers: { "x-bookwell-clinic": clinic } });
  }
  const slots = await measure({ url, method: "GET", path: slotsPath, mode, clinic });
  const bookings = await measure({
    url,
    method: "POST",
    path: "/v1/bookings",
    mode,
    clinic,
    bodies: Array.from({ length: RATE * SECONDS * 2 }, (_, i) => {
      const slot = free[i % free.length] as { start: string; providerId: string };
      return JSON.stringify(
        bookingBody({
          start: slot.start,
          providerId: slot.providerId,
          client: { name: `Bench ${i}`, email: `bench${i}@example.com` },
        }),
      );
    }),
  });
  return [
    { storage: name, load: mode, route: "GET /v1/slots (7 days, any)", ...slots },
    { storage: name, load: mode, route: "POST /v1/bookings", ...bookings },
  ];
}

function table(rows: Row[]): string {
  const head = [
    "storage",
    "load",
    "route",
    "requests",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "2xx",
    "other",
  ];
  const body = rows.map((r) => [
    r.storage,
    r.load,
    r.route,
    String(r.requests),
    r.rps.toFixed(1),
    r.p50.toFixed(1),
    r.p95.toFixed(1),
    r.p99.toFixed(1),
    String(r.ok),
    String(r.other),
  ]);
  const widths = head.map((h, i) =>
    Math.max(h.length, ...body.map((row) => (row[i] ?? "").length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [
    line(head),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...body.map(line),
  ].join("\n");
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const dir = await mkdtemp(join(tmpdir(), "bookwell-bench-"));
  try {
    if (STORAGES.includes("pglite")) {
      process.stderr.write(`PGlite (file-backed) at ${RATE} req/s for ${SECONDS} s per route…\n`);
      const storage = await createPgliteStorage({ dataDir: join(dir, "data") });
      rows.push(...(await benchStorage("pglite", storage)));
    }
    const found = STORAGES.includes("postgres") ? locatePostgres() : undefined;
    if (found?.available) {
      process.stderr.write("PostgreSQL…\n");
      const pg = await startTestPostgres();
      try {
        const url = await pg.createDatabase();
        const storage = await createPostgresStorage({ connectionString: url });
        rows.push(...(await benchStorage("postgres", storage)));
      } finally {
        await pg.stop();
      }
    } else if (found) {
      process.stderr.write(`PostgreSQL skipped: ${found.reason}\n`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  process.stdout.write(
    `\n${table(rows)}\n\nTargets: p95 < 50 ms (slots), < 100 ms (bookings) at ${RATE} req/s.\n`,
  );
}

await main();
