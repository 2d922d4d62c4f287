// The load generator of bench/http.ts, in a worker thread so that it never shares the server's
// event loop. Two ways to make "N requests a second", posting back every latency and status:
//
// - `paced` (default): an open-loop constant arrival rate — request i is due at start + i / rate,
//   sent then whether or not earlier ones answered, and its latency is counted from when it was
//   due (so a stalled generator cannot hide queueing: no coordinated omission). This is what
//   "at 50 req/s" means for a server.
// - `burst`: autocannon with 10 connections and `overallRate`. Its connections fire together, so
//   the requests arrive in clumps of 10 every 200 ms at 50 req/s: a harsher load that mostly
//   measures how long the 10th of 10 simultaneous requests waits.

import { parentPort, workerData } from "node:worker_threads";
// @ts-expect-error autocannon ships no types
import autocannon from "autocannon";

/** What the main thread asks for. */
export interface LoadJob {
  url: string;
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  /** One body per request, used in order (cycled). */
  bodies?: string[];
  rate: number;
  seconds: number;
  mode: "paced" | "burst";
}

/** What the worker posts back. */
export interface LoadResult {
  latencies: number[];
  statuses: Record<number, number>;
  duration: number;
}

const job = workerData as LoadJob;

async function paced(): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const interval = 1000 / job.rate;
  const total = Math.round(job.rate * job.seconds);
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const body = job.bodies ? job.bodies[i % job.bodies.length] : undefined;
    inFlight.push(
      fetch(`${job.url}${job.path}`, {
        method: job.method,
        headers: job.headers,
        ...(body === undefined ? {} : { body }),
      }).then(
        async (res) => {
          await res.arrayBuffer();
          latencies.push(performance.now() - due);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        },
        () => {
          latencies.push(performance.now() - due);
          statuses[0] = (statuses[0] ?? 0) + 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return { latencies, statuses, duration: (performance.now() - start) / 1000 };
}

async function burst(): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let sent = 0;
  const instance = autocannon({
    url: job.url,
    connections: 10,
    overallRate: job.rate,
    duration: job.seconds,
    requests: [
      {
        method: job.method,
        path: job.path,
        headers: job.headers,
        ...(job.bodies
          ? {
              setupRequest: (req: Record<string, unknown>) => {
                const bodies = job.bodies as string[];
                const body = bodies[sent % bodies.length];
                sent += 1;
                return { ...req, body };
              },
            }
          : {}),
      },
    ],
  });
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  return { latencies, statuses, duration: result.duration ?? job.seconds };
}

parentPort?.postMessage(job.mode === "burst" ? await burst() : await paced());
