// Fault: a second process on one embedded PGlite directory, and kill -9 of the server mid-burst.
// A real `bookwell serve --db D` runs as a child process (started from the sources) and is
// driven over real sockets. Injected: (a) a second `serve --db D`, (b) `key create --db D` while
// the server runs, (c) SIGKILL of the server while bookings pour in, then a restart on D.
// Counted: exit codes and messages; acknowledged (201) vs stored bookings, double bookings.

import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const LOCK_FILE = "bookwell.lock";
const ACTIVE = new Set(["booked", "confirmed", "arrived", "started", "completed"]);

/** A `bookwell` command running from the sources. */
interface Cli {
  child: ChildProcess;
  pid: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** The first line matching `pattern`, printed already or within `ms`. */
  line(pattern: RegExp, ms?: number): Promise<RegExpExecArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: Cli[] = [];

function startCli(args: string[]): Cli {
  const child = spawn(
    process.execPath,
    [
      "--experimental-transform-types",
      "--no-warnings",
      "--import",
      here("../support/register.mjs"),
      here("../../src/cli.ts"),
      ...args,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream as NodeJS.ReadableStream }).on("line", (line) => {
      lines.push(line);
      for (const wake of waiters) wake();
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      // Let the last lines in.
      setTimeout(() => {
        resolve({ code, signal });
        for (const wake of waiters) wake();
      }, 50);
    }),
  );
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const cli: Cli = {
    child,
    pid: child.pid as number,
    output: () => lines.join("\n"),
    line: (pattern, ms = 45_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`no line ${pattern} in ${ms} ms`)), ms);
        const check = () => {
          for (const line of lines) {
            const match = pattern.exec(line);
            if (match) return finish(undefined, match);
          }
          if (done) finish(new Error(`exited without a line ${pattern}:\n${cli.output()}`));
        };
        function finish(error?: Error, match?: RegExpExecArray) {
          clearTimeout(timer);
          waiters.delete(check);
          if (match) resolve(match);
          else reject(error);
        }
        waiters.add(check);
        check();
      }),
    exited,
  };
  running.push(cli);
  return cli;
}

let dir = "";
let dataDir = "";
let first: Cli;
let url = "";
let managerKey = "";

const staff = (base: string, key: string, path: string, body?: unknown) =>
  fetch(`${base}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** Every appointment of the clinic, page by page. */
async function allAppointments(
  base: string,
): Promise<Array<{ id: string; start: string; status: string; providerId: string }>> {
  const found: Array<{ id: string; start: string; status: string; providerId: string }> = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({
      from: "2000-01-01T00:00:00Z",
      to: "2100-01-01T00:00:00Z",
      limit: "100",
    });
    if (cursor) query.set("cursor", cursor);
    const page = await staff(base, managerKey, `/v1/staff/appointments?${query}`);
    expect(page.status).toBe(200);
    const body = (await page.json()) as { appointments: typeof found; nextCursor: string | null };
    found.push(...body.appointments);
    cursor = body.nextCursor;
  } while (cursor);
  return found;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "bookwell-fault-pglite-"));
  dataDir = join(dir, "data");
  first = startCli([
    "serve",
    "--db",
    dataDir,
    "--port",
    "0",
    "--time-zone",
    "UTC",
    "--no-rate-limit",
  ]);
  managerKey = (await first.line(/manager API key \(shown once, store it now\): (\S+)/))[1] ?? "";
  url = (await first.line(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1] ?? "";
  const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday,
    start: "00:00",
    end: "24:00",
  }));
  const calendar = await staff(url, managerKey, "/v1/staff/calendars", {
    id: "ana",
    kind: "provider",
    name: "Ana",
    locationId: "main",
    disciplines: ["physio"],
    timeZone: "UTC",
    weekly,
  });
  expect(calendar.status).toBe(201);
  const service = await staff(url, managerKey, "/v1/staff/services", {
    id: "physio",
    name: "Physio",
    discipline: "physio",
    durationMinutes: 30,
    price: { amount: 3500, currency: "EUR" },
  });
  expect(service.status).toBe(201);
}, 90_000);

afterAll(async () => {
  for (const cli of running) if (cli.child.exitCode === null) cli.child.kill("SIGKILL");
  await Promise.all(running.map((cli) => cli.exited));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("fault: a second process on one PGlite directory", () => {
  test("(a) a second `serve --db D` is refused with who holds it and what to do; the first keeps serving", async () => {
    const second = startCli(["serve", "--db", dataDir, "--port", "0", "--no-rate-limit"]);
    const { code } = await second.exited;
    console.log(
      `[fault pglite-owner] injected: second \`bookwell serve --db D\` beside pid ${first.pid}; ` +
        `counted: exit ${code}, first server alive: ${first.child.exitCode === null}`,
    );
    expect(code).toBe(1);
    expect(second.output()).toContain(
      `is in use by process ${first.pid} (bookwell serve at ${url})`,
    );
    expect(second.output()).toContain("stop that process first, or use PostgreSQL");
    expect(second.output()).toContain("--database-url");
    expect(second.output()).not.toContain("listening on");
    expect(first.child.exitCode).toBe(null);
    expect((await fetch(`${url}/v1/services`)).status).toBe(200);
    const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), "utf8")) as { pid: number };
    expect(lock.pid).toBe(first.pid);
  }, 45_000);

  test("(b) `key create --db D` while the server runs is refused and names the call that works; that call makes a working key", async () => {
    const keyCreate = startCli([
      "key",
      "create",
      "--db",
      dataDir,
      "--role",
      "front_desk",
      "--name",
      "Front desk",
    ]);
    const { code } = await keyCreate.exited;
    const out = keyCreate.output();
    expect(code).toBe(1);
    expect(out).not.toMatch(/bw_sk_/);
    expect(out).toContain(`is in use by process ${first.pid}`);
    // The suggested call, run as printed (with the manager key for $BOOKWELL_MANAGER_KEY).
    const call = /curl -X POST (\S+) .* -d '(.+)'$/m.exec(out);
    expect(call, out).not.toBeNull();
    const [, endpoint = "", body = ""] = call ?? [];
    expect(endpoint).toBe(`${url}/v1/staff/api-keys`);
    const made = await fetch(endpoint, {
      method: "POST",
      headers: { authorization: `Bearer ${managerKey}`, "content-type": "application/json" },
      body,
    });
    expect(made.status).toBe(201);
    const { secret } = (await made.json()) as { secret: string };
    const me = await staff(url, secret, "/v1/staff/me");
    console.log(
      `[fault pglite-owner] injected: \`bookwell key create --db D\` while serving; counted: exit ${code}, ` +
        `key printed: no; suggested call -> ${made.status}, new key -> ${me.status}`,
    );
    expect(me.status).toBe(200);
    expect(((await me.json()) as { role: string }).role).toBe("front_desk");
  }, 45_000);

  test("(c) kill -9 mid-burst, restart on D: the stale lock is taken over, every acknowledged booking is stored, no slot twice", async () => {
    const day = new Date(Date.now() + 3 * 86_400_000);
    day.setUTCHours(0, 0, 0, 0);
    // 96 half-hour slots over two days; each slot is raced by two requests.
    const slots = Array.from({ length: 96 }, (_, i) =>
      new Date(day.getTime() + i * 30 * 60_000).toISOString(),
    );
    const killAfter = 20;
    const acknowledged = new Map<string, string>(); // booking id -> start
    let refused = 0;
    let serverErrors = 0;
    let cut = 0;
    let next = 0;
    let killed = false;
    let sent = 0;
    const kill = () => {
      if (killed) return;
      killed = true;
      first.child.kill("SIGKILL");
    };
    const worker = async (w: number) => {
      for (;;) {
        const i = next++;
        const start = slots[Math.floor(i / 2)];
        if (!start) return kill(); // out of slots: kill now
        sent += 1;
        let response: Response;
        try {
          response = await fetch(`${url}/v1/bookings`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
              serviceId: "physio",
              providerId: "ana",
              start,
              client: { name: `Patient ${i}`, email: `p${i}-${w}@example.com` },
            }),
          });
        } catch {
          if (!killed) throw new Error("the server went away before it was killed");
          cut += 1;
          return; // the server is gone
        }
        if (response.status === 201) {
          let booking: { id: string };
          try {
            ({ booking } = (await response.json()) as { booking: { id: string } });
          } catch {
            // Killed between the headers and the end of the (compressed, streamed) body: the
            // patient never got an answer, so this booking is not acknowledged.
            if (!killed) throw new Error("the answer was cut before the server was killed");
            cut += 1;
            return;
          }
          acknowledged.set(booking.id, start);
          if (acknowledged.size >= killAfter) kill();
        } else if (response.status === 409) {
          refused += 1;
          await response.body?.cancel();
        } else {
          serverErrors += 1;
          await response.body?.cancel();
        }
      }
    };
    const deadline = setTimeout(kill, 20_000);
    await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    clearTimeout(deadline);
    const { signal } = await first.exited;
    expect(signal).toBe("SIGKILL");
    const stale = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), "utf8")) as { pid: number };
    expect(stale.pid).toBe(first.pid); // left behind by the killed server

    const restarted = startCli(["serve", "--db", dataDir, "--port", "0", "--no-rate-limit"]);
    const restartedUrl =
      (await restarted.line(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1] ?? "";
    expect(restarted.output()).not.toContain("created clinic");
    const taken = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), "utf8")) as { pid: number };
    expect(taken.pid).toBe(restarted.pid);

    const stored = await allAppointments(restartedUrl);
    const storedIds = new Set(stored.map((a) => a.id));
    const lost = [...acknowledged.keys()].filter((id) => !storedIds.has(id));
    const active = stored.filter((a) => ACTIVE.has(a.status));
    const perSlot = new Map<string, number>();
    for (const a of active) {
      const key = `${a.providerId} ${new Date(a.start).toISOString()}`;
      perSlot.set(key, (perSlot.get(key) ?? 0) + 1);
    }
    const doubleBooked = [...perSlot.values()].filter((n) => n > 1).length;
    const unacknowledged = stored.filter((a) => !acknowledged.has(a.id)).length;
    console.log(
      `[fault pglite-owner] injected: kill -9 of server pid ${first.pid} after ${acknowledged.size} ` +
        `acknowledged bookings (8 concurrent clients, ${sent} requests sent), restart on D ` +
        `(stale lock of pid ${stale.pid} taken over by pid ${restarted.pid}); counted: ` +
        `acknowledged ${acknowledged.size}, stored ${stored.length} (${unacknowledged} committed but ` +
        `unacknowledged), lost ${lost.length}, slots booked twice ${doubleBooked}, ` +
        `409 ${refused}, 5xx ${serverErrors}, requests cut by the kill ${cut}`,
    );
    expect(lost).toEqual([]);
    expect(doubleBooked).toBe(0);
    expect(serverErrors).toBe(0);
    expect(acknowledged.size).toBeGreaterThanOrEqual(killAfter);

    // A clean stop releases the directory.
    restarted.child.kill("SIGTERM");
    expect((await restarted.exited).code).toBe(0);
    expect(await readdir(dataDir)).not.toContain(LOCK_FILE);
  }, 60_000);
});
