// Benchmark: @bookwell/engine vs the npm package `slot-calculator` on the same inputs and output
// zone, in the same process (see cases.ts for how the peer answers several calendars). Run with
// `pnpm --filter @bookwell/engine bench` (builds first). Every comparison is interleaved: a batch
// of one side, then a batch of the other, round after round, so a change in machine load hits
// both; the figures are medians of per-round means of CPU time per call. Prints a table and the lines
//   speedup-vs-slot-calculator <case>: <ratio>x   (target >= 100x)
//   rooms-vs-plain <case>: <ratio>x               (target <= 2x)
//   time <case>: <ms> ms
// and writes them as JSON to `node_modules/.bookwell/engine-bench.json` for `bench:docs`.
// Env: BENCH_CASES=key,key (a subset), BENCH_SECONDS (per comparison, default 2).
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { computeSlots, type SlotQuery } from "../dist/index.js";
import { CASES, peerSlots, prepare } from "./cases.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const only = process.env.BENCH_CASES?.split(",");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * CPU milliseconds used by this thread: not the time spent waiting for a core on a shared
 * machine, nor V8's background threads (which would charge one side for collecting the other's
 * garbage; slot-calculator leaves a lot). Forcing a collection before each batch was tried and
 * distorts worse: the next batch then regrows the young generation.
 */
function cpuMs(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}

/**
 * Mean CPU ms per call of `fn` over a batch of about `batchMs` of CPU (at least one call). CPU
 * time, not wall time: on a shared machine the process waits for a core, and that wait is not
 * the code's.
 */
function batch(fn: () => unknown, batchMs: number): number {
  const t0 = cpuMs();
  let n = 0;
  let elapsed = 0;
  do {
    fn();
    n += 1;
    elapsed = cpuMs() - t0;
  } while (elapsed < batchMs);
  return elapsed / n;
}

/**
 * Times `a` and `b` interleaved (a batch of a, a batch of b, …) for about `SECONDS` of CPU and at least
 * `minRounds` rounds after a warm-up; returns the median ms per call of each.
 */
function interleaved(a: () => unknown, b: () => unknown, minRounds = 5): [number, number] {
  batch(a, 200);
  batch(b, 200);
  const as: number[] = [];
  const bs: number[] = [];
  const until = cpuMs() + SECONDS * 1000;
  while (as.length < minRounds || cpuMs() < until) {
    as.push(batch(a, 50));
    bs.push(batch(b, 50));
  }
  return [median(as), median(bs)];
}

interface Row {
  key: string;
  label: string;
  engineMs: number;
  peerMs: number;
  /** The same query for a service without rooms (rooms cases only). */
  plainMs: number | undefined;
  /** The engine's time in the rooms-vs-plain comparison (measured alongside plainMs). */
  roomsMs: number | undefined;
  slots: number;
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const loadBefore = load();
const rows: Row[] = [];
for (const c of CASES) {
  if (only && !only.includes(c.key)) continue;
  const p = prepare(c);
  const engine = () => computeSlots(p.query as SlotQuery);
  const peer = () => peerSlots(p);
  const slots = engine().length;
  if (peer().length !== slots) throw new Error(`${c.key}: the peer offers another number of slots`);
  const [engineMs, peerMs] = interleaved(engine, peer, c.providers > 1 ? 3 : 5);
  let plainMs: number | undefined;
  let roomsMs: number | undefined;
  if (c.rooms > 0) {
    const plain = () => computeSlots(p.plainQuery as SlotQuery);
    [roomsMs, plainMs] = interleaved(engine, plain);
  }
  rows.push({ key: c.key, label: c.label, engineMs, peerMs, plainMs, roomsMs, slots });
  process.stderr.write(`${c.key} done\n`);
}
const loadAfter = load();

const fmt = (ms: number | undefined) =>
  ms === undefined ? "—" : ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`;
const machine = `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "unknown"})`;
console.log(
  `\n${machine}; load average ${loadBefore} before, ${loadAfter} after; CPU time per call, median of interleaved rounds\n`,
);
console.log(
  "| case | @bookwell/engine | slot-calculator | speedup | rooms vs plain | slots (both) |",
);
console.log("|---|---|---|---|---|---|");
for (const r of rows) {
  const rooms =
    r.plainMs === undefined || r.roomsMs === undefined
      ? "—"
      : `${(r.roomsMs / r.plainMs).toFixed(2)}x (${fmt(r.roomsMs)} / ${fmt(r.plainMs)})`;
  console.log(
    `| ${r.label} | ${fmt(r.engineMs)} | ${fmt(r.peerMs)} | ${(r.peerMs / r.engineMs).toFixed(1)}x | ${rooms} | ${r.slots} |`,
  );
}
console.log("");
for (const r of rows)
  console.log(`speedup-vs-slot-calculator ${r.key}: ${(r.peerMs / r.engineMs).toFixed(1)}x`);
for (const r of rows)
  if (r.plainMs !== undefined && r.roomsMs !== undefined)
    console.log(`rooms-vs-plain ${r.key}: ${(r.roomsMs / r.plainMs).toFixed(2)}x`);
for (const r of rows) console.log(`time ${r.key}: ${r.engineMs.toFixed(3)} ms`);

mkdirSync("node_modules/.bookwell", { recursive: true });
writeFileSync(
  "node_modules/.bookwell/engine-bench.json",
  `${JSON.stringify({ date: new Date().toISOString(), machine, loadBefore, loadAfter, rows }, null, 2)}\n`,
);
