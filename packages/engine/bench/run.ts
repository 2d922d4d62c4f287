// Benchmark: @bookwell/engine vs the npm package `slot-calculator` on the same inputs, in the same
// process. Run with `pnpm --filter @bookwell/engine bench` (builds first). Prints a table and one
// `speedup-vs-slot-calculator <case>: <ratio>x` line per case.
import { cpus } from "node:os";
import { getSlots } from "slot-calculator";
import { computeSlots } from "../dist/index.js";
import { bookings, engineQuery, peerInput } from "./cases.ts";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Times `fn` for at least `minMs` after a warm-up and returns the median milliseconds per call. */
function time(fn: () => unknown, minMs = 1500, minRuns = 5): number {
  for (let i = 0; i < 3; i++) fn();
  const samples: number[] = [];
  const until = performance.now() + minMs;
  while (samples.length < minRuns || performance.now() < until) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

interface Row {
  case: string;
  engineMs: number;
  peerMs: number | undefined;
  engineSlots: number;
  peerSlots: number | undefined;
}
const rows: Row[] = [];

function onePeerCase(name: string, days: number, count: number) {
  const appointments = bookings(count, days, ["p1"]);
  const query = engineQuery(days, appointments, ["p1"]);
  const input = peerInput(days, appointments);
  const engine = () => computeSlots(query);
  const peer = () => getSlots(input);
  const engineSlots = engine().length;
  const peerSlots = peer().availableSlots.length;
  rows.push({ case: name, engineMs: time(engine), peerMs: time(peer), engineSlots, peerSlots });
}

onePeerCase("1 provider, 31 days, 30-min slots, 20 bookings", 31, 20);
onePeerCase("1 provider, 90 days, 30-min slots, 60 bookings", 90, 60);

{
  const ids = Array.from({ length: 50 }, (_, i) => `p${String(i).padStart(2, "0")}`);
  const query = engineQuery(90, bookings(2000, 90, ids), ids);
  const engine = () => computeSlots(query);
  rows.push({
    case: "50 providers, 90 days, 2000 bookings, any available",
    engineMs: time(engine, 3000),
    peerMs: undefined,
    engineSlots: engine().length,
    peerSlots: undefined,
  });
}

const fmt = (ms: number | undefined) =>
  ms === undefined ? "—" : ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`;
console.log(
  `\nNode ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}); median of repeated runs\n`,
);
console.log("| case | @bookwell/engine | slot-calculator | speedup | slots (engine / peer) |");
console.log("|---|---|---|---|---|");
for (const r of rows) {
  const ratio = r.peerMs === undefined ? "—" : `${(r.peerMs / r.engineMs).toFixed(1)}x`;
  console.log(
    `| ${r.case} | ${fmt(r.engineMs)} | ${fmt(r.peerMs)} | ${ratio} | ${r.engineSlots} / ${r.peerSlots ?? "—"} |`,
  );
}
console.log("");
for (const r of rows) {
  if (r.peerMs !== undefined)
    console.log(`speedup-vs-slot-calculator ${r.case}: ${(r.peerMs / r.engineMs).toFixed(1)}x`);
  else console.log(`time ${r.case}: ${r.engineMs.toFixed(2)} ms (target < 100 ms)`);
}
