// The demo behind `npm start`: the Bookwell API on embedded PGlite with a sample clinic, the
// clinic's website with the booking widget, and the API reference, on 127.0.0.1.
import { mkdir, readFile, rm } from "node:fs/promises";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { clinic } from "@bookwell/sample-clinic";
import {
  createBookwellApp,
  createInboxChannel,
  createOutboxWorker,
  type InboxChannel,
  startHousekeeping,
} from "@bookwell/server-adapter";
import { WIDGET_CACHE_CONTROL, widgetFiles } from "@bookwell/server-adapter/node";
import { createPgliteStorage } from "@bookwell/server-adapter/pglite";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { DEMO_API_KEY, seedDemo, seedEmpty } from "./seed.ts";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".map": "application/json",
};

/** Cache-Control of the widget's files: fresh for 5 minutes, then revalidated by ETag. */
export const WIDGET_CACHE = WIDGET_CACHE_CONTROL;

/** Options of {@link startDemo}. */
export interface DemoOptions {
  port?: number;
  host?: string;
  /** Where the PGlite database lives (created when missing). */
  dataDir: string;
  /** Delete the data first and start from a fresh sample clinic. */
  reset?: boolean;
  /**
   * An empty clinic instead of the sample one, as `bookwell serve` leaves a new database: "My
   * clinic" in UTC and a manager key, to try the setup wizard at `/setup`.
   */
  empty?: boolean;
  /** The date the sample bookings are laid out around (default: the clock's day). */
  today?: string;
  /** The current instant for the API and the worker (default the system clock); tests pin it. */
  clock?: () => Date;
}

/** A running demo. */
export interface RunningDemo {
  url: string;
  apiKey: string;
  seeded: boolean;
  /** Messages the notification worker "sent" (shown at /inbox). */
  inbox: InboxChannel;
  close(): Promise<void>;
}

async function file(path: string): Promise<Response> {
  try {
    const body = await readFile(path);
    return new Response(body, {
      headers: { "content-type": TYPES[extname(path)] ?? "application/octet-stream" },
    });
  } catch {
    return new Response("Not found", { status: 404 });
  }
}

/**
 * Starts the demo: storage, seed, API under `/api`, the clinic site at `/`, the widget bundle
 * at `/widget/`.
 *
 * @example
 * const demo = await startDemo({ dataDir: ".data/demo", port: 5170 });
 * console.log(demo.url);
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  if (options.reset) await rm(options.dataDir, { recursive: true, force: true });
  await mkdir(options.dataDir, { recursive: true });
  const storage = await createPgliteStorage({ dataDir: options.dataDir });
  const clock = options.clock ?? (() => new Date());
  const seeded = options.empty
    ? await seedEmpty(storage)
    : await seedDemo(storage, options.today ?? clock().toISOString().slice(0, 10));
  // Notifications: the outbox worker sends to a local inbox instead of an SMTP server.
  const inbox = createInboxChannel();
  let siteUrl = "";
  const worker = createOutboxWorker({
    storage,
    clock,
    channels: [inbox, createInboxChannel({ name: "sms" })],
    pollMs: 1000,
    defaults: {
      // Show the confirmation at once; a clinic keeps the default 2-minute coalescing delay.
      settings: { coalesceMinutes: 0 },
      get manageUrl() {
        return `${siteUrl}/?bookwell-manage={token}`;
      },
    },
    logError: (error) => console.error("[demo worker]", error),
  });
  const api = createBookwellApp({
    storage,
    clock,
    rateLimit: false,
    notifier: () => worker.wake(),
  });
  const app = new Hono();
  app.route("/api", api);
  app.get("/inbox", (c) => c.html(inbox.renderPage({ title: "Demo inbox", basePath: "/inbox" })));
  app.get("/inbox/:id", (c) => {
    const html = inbox.renderMessage(c.req.param("id"));
    return html === undefined ? c.notFound() : c.html(html);
  });
  // The widget: bookwell.js with the language files and chunks it loads beside itself, gzipped,
  // cached for five minutes and then revalidated by ETag (the names carry no version, so a
  // release reaches patients within minutes). docs/widget/embedding.md#serving-the-script.
  // The same helper `bookwell serve` uses (folders too: chunks/, locales/, staff/sections/…; no
  // path climbs out of dist).
  const widget = widgetFiles(join(root, "packages", "widget", "dist"));
  app.get(
    "/widget/*",
    async (c) => (await widget(c.req.raw, c.req.path.slice("/widget/".length))) ?? c.notFound(),
  );
  const site = join(root, "examples", "clinic-site");
  app.get("/", () => file(join(site, "index.html")));
  app.get("/site.css", () => file(join(site, "site.css")));
  app.get("/staff", () => file(join(site, "staff.html")));
  app.get("/setup", () => file(join(site, "setup.html")));

  const host = options.host ?? "127.0.0.1";
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 5170, hostname: host }, () =>
      resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 5170);
  siteUrl = `http://${host}:${port}`;
  worker.start();
  const housekeeper = startHousekeeping({ storage, clock });
  return {
    url: siteUrl,
    apiKey: DEMO_API_KEY,
    seeded,
    inbox,
    async close() {
      await housekeeper.stop();
      await worker.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await storage.close();
    },
  };
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const portArg = args.find((a) => a.startsWith("--port="));
  const empty = args.includes("--empty");
  const demo = await startDemo({
    dataDir: join(root, ".data", empty ? "demo-empty" : "demo"),
    reset: args.includes("--reset"),
    empty,
    port: portArg ? Number(portArg.slice("--port=".length)) : 5170,
  });
  const name = empty ? "an empty clinic" : clinic.name;
  console.log(`
Bookwell demo — ${name} (${demo.seeded ? "fresh data" : "data kept from last time; --reset starts fresh"})

  Set up the clinic (first-run wizard)     ${demo.url}/setup

  Clinic website with the booking widget   ${demo.url}/
  Staff calendar (front desk)              ${demo.url}/staff
  Inbox (e-mails the worker sent)          ${demo.url}/inbox
  API reference                            ${demo.url}/api/v1/reference
  OpenAPI document                         ${demo.url}/api/v1/openapi.json
  Staff API key (manager, demo only)       ${demo.apiKey}

Data lives in .data/${empty ? "demo-empty" : "demo"}. Press Ctrl-C to stop.`);
  const stop = async () => {
    await demo.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
