// What the server costs on top of the engine: Bookwell's `GET /v1/slots` and `POST /v1/bookings`
// against a floor — the same Hono version serving the engine's computeSlots / checkBooking on the
// same clinic held in memory (no storage, no transaction, no audit, outbox or idempotency) — on
// PGlite in memory, PGlite on disk and PostgreSQL, in one process and one run.
// Run: pnpm --filter @bookwell/server-adapter bench:overhead
// Env: BENCH_ROUNDS (default 5), BENCH_SLOT_MS (time per slots round, default 1500),
// BENCH_BOOKINGS (bookings per round, default 60), BENCH_STORAGES (pglite-memory,pglite-disk,postgres).
//
// Method: requests go through `app.request()` in process, one after another (closed loop, one
// client), so neither side pays for sockets and the figure is the work per request. Rounds are
// interleaved (floor, storage, floor, storage…) and the median round counts, so a burst of other
// load on the shared machine hits both sides alike. Each booking round books the same times on
// both, and both keep them, so their free times are searched over the same visits; before timing
// and after the last round, the floor's slots answer is checked to be byte-identical to Bookwell's. `overhead-vs-floor` is floor req/s ÷ Bookwell req/s.
// On PostgreSQL it also counts the statements one slots request, one booking and the slots
// request right after it send, and names the prepared ones the slots requests ran.

import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AppointmentInput,
  type CalendarInput,
  canonicalZone,
  checkBooking,
  computeSlots,
} from "@bookwell/engine";
import { Hono } from "hono";
import nodePostgres from "pg";
import { createBookwellApp } from "../src/app.js";
import { createPgliteStorage } from "../src/pglite.js";
import { createPostgresStorage } from "../src/postgres.js";
import { presentSlot } from "../src/services/present.js";
import { toEngineAppointment } from "../src/services/scheduling.js";
import type { Storage } from "../src/storage/storage.js";
import { createTestStorage, locatePostgres, startTestPostgres } from "../src/testing.js";
import { bookingBody, seedClinic } from "../test/helpers.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SLOT_MS = Number(process.env.BENCH_SLOT_MS ?? 1500);
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 60);
const STORAGES = (process.env.BENCH_STORAGES ?? "pglite-memory,pglite-disk,postgres").split(",");
const CLINIC = "bench";
const HEADERS = { "content-type": "application/json", "x-bookwell-clinic": CLINIC };

type App = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const SLOTS_PATH = `/v1/slots?serviceId=physio&providerId=any&from=${day(1)}&to=${day(7)}`;

/** The floor: Hono serving the engine on the clinic's data in memory. */
async function floorApp(storage: Storage) {
  const clinic = await storage.getClinic(CLINIC);
  if (!clinic) throw new Error("no clinic");
  const services = await storage.listServices(CLINIC);
  const service = services.find((s) => s.id === "physio");
  if (!service) throw new Error("no physio");
  const calendars = (await storage.listCalendars(CLINIC, {})).filter(
    (c) => c.kind !== "provider" || c.disciplines.includes(service.discipline),
  ) as unknown as CalendarInput[];
  const baseline = (await storage.listAppointments(CLINIC, { activeOnly: true })).map(
    toEngineAppointment,
  );
  // The floor keeps what it books, as Bookwell's database does: each round books the same batch
  // on both, so both answer the next round's free times from the same visits.
  const appointments: AppointmentInput[] = [...baseline];
  const app = new Hono();
  app.get("/v1/slots", (c) => {
    const zone = canonicalZone(c.req.query("timeZone") ?? clinic.timeZone);
    const slots = computeSlots({
      service,
      calendars,
      appointments,
      services,
      from: c.req.query("from") ?? "",
      to: c.req.query("to") ?? "",
      now: new Date().toISOString(),
      providerId: c.req.query("providerId") ?? "any",
      timeZone: zone,
    });
    c.header("cache-control", "no-store");
    return c.json({ timeZone: zone, slots: slots.map((s) => presentSlot(s, zone)) });
  });
  app.post("/v1/bookings", async (c) => {
    const body = (await c.req.json()) as { start: string; providerId: string };
    const verdict = checkBooking({
      service,
      calendars,
      appointments,
      services,
      now: new Date().toISOString(),
      start: body.start,
      providerId: body.providerId,
      channel: "online",
    });
    if (!verdict.ok) return c.json({ code: "SLOT_TAKEN" }, 409);
    const id = randomUUID();
    appointments.push({
      id,
      serviceId: service.id,
      calendarIds: verdict.assignment?.calendarIds ?? [],
      start: verdict.start,
      end: verdict.end,
      status: "booked",
      channel: "online",
    });
    return c.json(
      { booking: { id, start: verdict.start, end: verdict.end }, manageToken: id },
      201,
    );
  });
  return { app };
}

/** Free times over the next months, alternating providers, for the booking rounds. */
async function freeTimes(app: App): Promise<{ start: string; providerId: string }[]> {
  const lists: { start: string; providerId: string }[][] = [];
  for (const providerId of ["ana", "bruno"]) {
    const list: { start: string; providerId: string }[] = [];
    for (let from = 1; from < 85; from += 28) {
      const res = await app.request(
        `/v1/slots?serviceId=physio&providerId=${providerId}&from=${day(from)}&to=${day(from + 27)}`,
        { headers: HEADERS },
      );
      const json = (await res.json()) as { slots: { start: string; providerId: string }[] };
      list.push(...json.slots.map((s) => ({ start: s.start, providerId: s.providerId })));
    }
    lists.push(list);
  }
  const out: { start: string; providerId: string }[] = [];
  for (let i = 0; i < Math.max(...lists.map((l) => l.length)); i += 1) {
    for (const list of lists)
      if (list[i]) out.push(list[i] as { start: string; providerId: string });
  }
  return out;
}

async function slotsRound(app: App): Promise<{ rps: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < SLOT_MS) {
    const res = await app.request(SLOTS_PATH, { headers: HEADERS });
    if (res.status !== 200) throw new Error(`slots answered ${res.status}`);
    await res.arrayBuffer();
    n += 1;
  }
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { rps: n / seconds, cpuMs: (used.user + used.system) / 1000 / n };
}

async function bookingsRound(
  app: App,
  times: { start: string; providerId: string }[],
): Promise<{ rps: number; cpuMs: number; threadMs: number }> {
  const cpu = process.cpuUsage();
  const thread = process.threadCpuUsage();
  const start = performance.now();
  for (const [i, t] of times.entries()) {
    const res = await app.request("/v1/bookings", {
      method: "POST",
      headers: HEADERS,
      body: JSON.stringify(
        bookingBody({
          start: t.start,
          providerId: t.providerId,
          // Times within the late-cancellation window need the patient's consent to the fee.
          policyConsent: true,
          client: { name: `Bench ${i}`, email: `bench-${randomUUID()}@example.com` },
        }),
      ),
    });
    if (res.status !== 201) throw new Error(`booking answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  }
  const seconds = (performance.now() - start) / 1000;
  const perBooking = (used: NodeJS.CpuUsage) => (used.user + used.system) / 1000 / times.length;
  return {
    rps: times.length / seconds,
    cpuMs: perBooking(process.cpuUsage(cpu)),
    threadMs: perBooking(process.threadCpuUsage(thread)),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

interface Result {
  storage: string;
  floorSlots: number;
  slots: number;
  /** CPU time of this process per slots request (PostgreSQL's own work is not in it). */
  floorSlotsCpu: number;
  slotsCpu: number;
  floorBookings: number;
  bookings: number;
  cpuPerBooking: number;
  /** The same, of the server's own thread only (V8's helper threads left out). */
  threadPerBooking: number;
  /** Statements sent to PostgreSQL per request, BEGIN and COMMIT included. */
  statements?: { slots: number; booking: number; slotsAfterBooking: number; named: string[] };
}

async function benchStorage(name: string, storage: Storage): Promise<Result> {
  await seedClinic(storage, CLINIC);
  const bookwell = createBookwellApp({ storage, rateLimit: false, holdLimits: false });
  const floor = await floorApp(storage);
  // The floor must answer exactly what Bookwell answers, or the comparison is not like with like.
  const ours = await (await bookwell.request(SLOTS_PATH, { headers: HEADERS })).text();
  const theirs = await (await floor.app.request(SLOTS_PATH, { headers: HEADERS })).text();
  if (ours !== theirs) throw new Error(`${name}: the floor's slots differ from Bookwell's`);
  const times = await freeTimes(bookwell);
  if (times.length < ROUNDS * BOOKINGS + 1)
    throw new Error(`${name}: only ${times.length} free times`);
  // Warm up both sides (JIT, caches, connections).
  for (let i = 0; i < 30; i += 1) {
    await (await bookwell.request(SLOTS_PATH, { headers: HEADERS })).arrayBuffer();
    await (await floor.app.request(SLOTS_PATH, { headers: HEADERS })).arrayBuffer();
  }
  const r = { floorSlots: [] as number[], slots: [] as number[], floorBookings: [] as number[] };
  const slotsCpu = { floor: [] as number[], ours: [] as number[] };
  const bookings: number[] = [];
  const cpu: number[] = [];
  const threadCpu: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const floorRound = await slotsRound(floor.app);
    const ourRound = await slotsRound(bookwell);
    r.floorSlots.push(floorRound.rps);
    r.slots.push(ourRound.rps);
    slotsCpu.floor.push(floorRound.cpuMs);
    slotsCpu.ours.push(ourRound.cpuMs);
    const batch = times.slice(round * BOOKINGS, (round + 1) * BOOKINGS);
    r.floorBookings.push((await bookingsRound(floor.app, batch)).rps);
    const ours = await bookingsRound(bookwell, batch);
    bookings.push(ours.rps);
    cpu.push(ours.cpuMs);
    threadCpu.push(ours.threadMs);
    process.stderr.write(".");
  }
  process.stderr.write("\n");
  // Still like with like after the rounds: both hold the same visits, so the same free times.
  const oursAfter = await (await bookwell.request(SLOTS_PATH, { headers: HEADERS })).text();
  const theirsAfter = await (await floor.app.request(SLOTS_PATH, { headers: HEADERS })).text();
  if (oursAfter !== theirsAfter)
    throw new Error(`${name}: after the rounds, the floor's slots differ`);
  const spare = times[ROUNDS * BOOKINGS];
  const statements =
    name === "postgres" && spare ? await countStatements(bookwell, spare) : undefined;
  return {
    storage: name,
    floorSlots: median(r.floorSlots),
    floorSlotsCpu: median(slotsCpu.floor),
    slotsCpu: median(slotsCpu.ours),
    slots: median(r.slots),
    floorBookings: median(r.floorBookings),
    bookings: median(bookings),
    cpuPerBooking: median(cpu),
    threadPerBooking: median(threadCpu),
    ...(statements ? { statements } : {}),
  };
}

/**
 * Statements node-postgres sends for one slots request, one booking and the slots request right
 * after it (PostgreSQL only), and the names of the prepared ones the slots requests ran.
 */
async function countStatements(
  app: App,
  time: { start: string; providerId: string },
): Promise<{ slots: number; booking: number; slotsAfterBooking: number; named: string[] }> {
  const client = nodePostgres.Client.prototype as unknown as {
    query: (...args: unknown[]) => unknown;
  };
  const query = client.query;
  let count = 0;
  const named: string[] = [];
  client.query = function (this: unknown, ...args: unknown[]) {
    count += 1;
    const name = (args[0] as { name?: unknown } | undefined)?.name;
    if (typeof name === "string") named.push(name);
    return query.apply(this, args);
  };
  const slotsRequest = async () => {
    count = 0;
    await (await app.request(SLOTS_PATH, { headers: HEADERS })).arrayBuffer();
    return count;
  };
  try {
    const slots = await slotsRequest();
    const before = named.length;
    count = 0;
    await bookingsRound(app, [time]);
    const booking = count;
    named.splice(before);
    const slotsAfterBooking = await slotsRequest();
    return { slots, booking, slotsAfterBooking, named };
  } finally {
    client.query = query;
  }
}

async function main(): Promise<void> {
  const results: Result[] = [];
  const dir = await mkdtemp(join(tmpdir(), "bookwell-overhead-"));
  const run = async (name: string, make: () => Promise<Storage>) => {
    process.stderr.write(`${name} `);
    const storage = await make();
    try {
      results.push(await benchStorage(name, storage));
    } finally {
      await storage.close();
    }
  };
  try {
    if (STORAGES.includes("pglite-memory")) await run("pglite-memory", () => createTestStorage());
    if (STORAGES.includes("pglite-disk")) {
      await run("pglite-disk", () => createPgliteStorage({ dataDir: join(dir, "data") }));
    }
    const found = STORAGES.includes("postgres") ? locatePostgres() : undefined;
    if (found?.available) {
      const pg = await startTestPostgres();
      try {
        const url = await pg.createDatabase();
        await run("postgres", () => createPostgresStorage({ connectionString: url }));
      } finally {
        await pg.stop();
      }
    } else if (found) {
      process.stderr.write(`PostgreSQL left out: ${found.reason}\n`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const load = (await import("node:os")).loadavg().map((n) => n.toFixed(2));
  const lines = [
    "",
    `| storage | floor slots req/s | Bookwell slots req/s | floor bookings req/s | Bookwell bookings req/s | CPU per booking (this process) | of which the server thread |`,
    "|---|---|---|---|---|---|---|",
    ...results.map(
      (x) =>
        `| ${x.storage} | ${x.floorSlots.toFixed(0)} | ${x.slots.toFixed(0)} | ${x.floorBookings.toFixed(0)} | ${x.bookings.toFixed(0)} | ${x.cpuPerBooking.toFixed(2)} ms | ${x.threadPerBooking.toFixed(2)} ms |`,
    ),
    "",
    `load average after the run: ${load.join(" ")}`,
    "",
  ];
  for (const x of results) {
    lines.push(`overhead-vs-floor slots ${x.storage}: ${(x.floorSlots / x.slots).toFixed(2)}x`);
    lines.push(
      `cpu-per-slots-request ${x.storage}: floor ${x.floorSlotsCpu.toFixed(2)} ms, Bookwell ${x.slotsCpu.toFixed(2)} ms (${(x.slotsCpu / x.floorSlotsCpu).toFixed(2)}x)`,
    );
    lines.push(
      `overhead-vs-floor bookings ${x.storage}: ${(x.floorBookings / x.bookings).toFixed(2)}x`,
    );
  }
  const pg = results.find((x) => x.storage === "postgres");
  if (pg) {
    lines.push(`overhead-vs-floor slots: ${(pg.floorSlots / pg.slots).toFixed(2)}x`);
    lines.push(`overhead-vs-floor bookings: ${(pg.floorBookings / pg.bookings).toFixed(2)}x`);
  }
  if (pg?.statements) {
    lines.push(`statements-per-request slots postgres: ${pg.statements.slots}`);
    lines.push(`statements-per-request booking postgres: ${pg.statements.booking}`);
    lines.push(
      `statements-per-request slots-after-booking postgres: ${pg.statements.slotsAfterBooking}`,
    );
    lines.push(`prepared-statements slots postgres: ${pg.statements.named.join(", ")}`);
  }
  for (const x of results.filter((r) => r.storage.startsWith("pglite"))) {
    lines.push(`cpu-per-booking ${x.storage}: ${x.cpuPerBooking.toFixed(2)} ms`);
    lines.push(`cpu-per-booking-server-thread ${x.storage}: ${x.threadPerBooking.toFixed(2)} ms`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();
