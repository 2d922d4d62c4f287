// What team members cost the slot search (issue 21): the 200-provider "any available" case of
// cases.ts as is, and the same 200 calendars as 100 members with a calendar at each of two
// locations, 30 minutes of travel between them and a daily limit. CPU time per call, median of
// interleaved rounds. Run with `pnpm --filter @bookwell/engine build && node bench/members.ts`.
import { computeSlots, type SlotQuery } from "../dist/index.js";
import { CASES, prepare } from "./cases.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);

function cpuMs(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}

function perCall(fn: () => void, batchMs = 50): number {
  const start = cpuMs();
  let calls = 0;
  do {
    fn();
    calls += 1;
  } while (cpuMs() - start < batchMs);
  return (cpuMs() - start) / calls;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
}

const base = prepare(CASES.find((c) => c.key === "200p-31d") as (typeof CASES)[number]);
const plain = base.query as SlotQuery;
const calendars = (plain.calendars ?? []).map((c, i) => ({
  ...c,
  memberId: `m${Math.floor(i / 2)}`,
  locationId: i % 2 === 0 ? "lisbon" : "porto",
}));
const members = Array.from({ length: 100 }, (_, i) => ({
  id: `m${i}`,
  limits: [{ period: "day" as const, maxSessions: 12 }],
}));
const withMembers: SlotQuery = {
  ...plain,
  calendars,
  members,
  travel: { defaultMinutes: 30 },
};

const rounds: { plain: number[]; members: number[] } = { plain: [], members: [] };
const until = cpuMs() + SECONDS * 1000 * 2;
while (cpuMs() < until || rounds.plain.length < 5) {
  rounds.plain.push(perCall(() => computeSlots(plain)));
  rounds.members.push(perCall(() => computeSlots(withMembers)));
}
const p = median(rounds.plain);
const m = median(rounds.members);
console.log("| case | plain | 100 members × 2 locations, travel, daily limit | ratio |");
console.log("|---|---|---|---|");
console.log(
  `| ${base.case.label} | ${p.toFixed(2)} ms | ${m.toFixed(2)} ms | ${(m / p).toFixed(2)}x |`,
);
console.log(`members-vs-plain 200p-31d: ${(m / p).toFixed(2)}x`);
