// The load generator of bench/http.ts, in a worker thread so that it never shares the server's
// event loop: runs autocannon at a fixed rate and posts back every latency and status.

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
}

const job = workerData as LoadJob;
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
parentPort?.postMessage({ latencies, statuses, duration: result.duration ?? job.seconds });
