// The Bookwell server of the database fault test, in a process of its own so that a crash is a
// process death the test can count: `serve()` on PostgreSQL (node-postgres or postgres.js) with housekeeping every second and an
// outbox worker (polling every 200 ms) that delivers into an in-memory inbox.
//
//   node --experimental-transform-types --import ./test/support/register.mjs \
//     test/faults/serve-on-postgres.ts <database url> <statement timeout ms> [pg|postgres-js]
//
// Prints `listening <url>` once it answers, `worker <event> <epoch ms>` for every row the outbox
// worker handles, and on SIGTERM `summary <json>` (worker events and the time of the last one)
// before it exits with 0. Every report to `logError` is one line on stderr, starting `[log] `.

import { serve } from "../../src/node.js";
import { createInboxChannel } from "../../src/notify/inbox-channel.js";
import { createOutboxWorker } from "../../src/notify/worker.js";
import { createPostgresStorage } from "../../src/postgres.js";
import { createPostgresJsStorage } from "../../src/postgres-js.js";
import { NOW } from "../helpers.js";

const [url, statementTimeout, driver = "pg"] = process.argv.slice(2);
if (!url) {
  throw new Error(
    "usage: serve-on-postgres.ts <database url> <statement timeout ms> [pg|postgres-js]",
  );
}

/** One line per report: what Bookwell logged, without stack traces (a stack is not a report). */
const logError = (error: unknown) => {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stderr.write(`[log] ${text.replace(/\s*\n\s*/g, " ")}\n`);
};
const clock = () => new Date(NOW);

const storageOptions = {
  connectionString: url,
  maxConnections: 10,
  connectTimeoutMs: 2_000,
  ...(statementTimeout ? { statementTimeoutMs: Number(statementTimeout) } : {}),
};
const storage =
  driver === "postgres-js"
    ? await createPostgresJsStorage(storageOptions)
    : await createPostgresStorage(storageOptions);
const worker = { events: 0, lastEventAt: 0 };
const outbox = createOutboxWorker({
  storage,
  channels: [createInboxChannel({ clock })],
  clock,
  pollMs: 200,
  logError,
  onEvent: (event) => {
    worker.events += 1;
    worker.lastEventAt = Date.now();
    process.stdout.write(`worker ${event.type} ${worker.lastEventAt}\n`);
  },
});
outbox.start();
const server = await serve({
  storage,
  port: 0,
  clock,
  rateLimit: false,
  logError,
  housekeeping: { everyMs: 1_000 },
  notifier: () => outbox.wake(),
});
process.stdout.write(`listening ${server.url}\n`);

process.once("SIGTERM", () => {
  outbox
    .stop()
    .then(() => server.close())
    .then(() => {
      process.stdout.write(`summary ${JSON.stringify(worker)}\n`);
      process.exit(0);
    });
});
