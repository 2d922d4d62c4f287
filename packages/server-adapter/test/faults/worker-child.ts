// An outbox worker as its own process, for the fault tests: it opens the storage named in
// BOOKWELL_FAULT_WORKER (PostgreSQL URL or PGlite directory), sends e-mail to the test SMTP server,
// prints "ready" once polling and one JSON line per worker event; on SIGTERM it stops, prints the
// clinic's outbox rows ("rows [...]", so the test need not open a PGlite directory once more) and
// exits. Started with `node --experimental-transform-types --import ../support/register.mjs`.

import { createSmtpEmailChannel } from "../../src/notify/email-channel.js";
import { createOutboxWorker } from "../../src/notify/worker.js";
import { createPgliteStorage } from "../../src/pglite.js";
import { createPostgresStorage } from "../../src/postgres.js";

/** What the parent test passes in BOOKWELL_FAULT_WORKER (JSON). */
export interface FaultWorkerConfig {
  storage: { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };
  smtpPort: number;
  leaseMs: number;
  pollMs: number;
  domain: string;
  /** Whose outbox rows to print on SIGTERM. */
  clinicId: string;
}

/** One outbox row as the child prints it. */
export interface ReportedRow {
  id: string;
  type: string;
  kind: unknown;
  status: string;
  attempts: number;
  lastError?: string;
}

const config = JSON.parse(process.env.BOOKWELL_FAULT_WORKER ?? "{}") as FaultWorkerConfig;
const storage =
  config.storage.kind === "postgres"
    ? await createPostgresStorage({ connectionString: config.storage.url, migrate: false })
    : await createPgliteStorage({ dataDir: config.storage.dataDir });
const email = createSmtpEmailChannel({
  host: "127.0.0.1",
  port: config.smtpPort,
  ignoreTLS: true,
  fromAddress: "bookings@clinic.test",
  timeoutMs: 5_000,
});
const worker = createOutboxWorker({
  storage,
  channels: [email],
  domain: config.domain,
  leaseMs: config.leaseMs,
  pollMs: config.pollMs,
  onEvent: (event) => process.stdout.write(`${JSON.stringify(event)}\n`),
});
process.once("SIGTERM", () => {
  void (async () => {
    await worker.stop();
    const rows: ReportedRow[] = (await storage.listOutbox(config.clinicId)).map((r) => ({
      id: r.id,
      type: r.type,
      kind: r.payload.kind,
      status: r.status,
      attempts: r.attempts,
      ...(r.lastError === undefined ? {} : { lastError: r.lastError }),
    }));
    process.stdout.write(`rows ${JSON.stringify(rows)}\n`);
    await email.close?.();
    await storage.close();
    process.exit(0);
  })();
});
worker.start();
process.stdout.write("ready\n");
