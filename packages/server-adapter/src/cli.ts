#!/usr/bin/env node
// `bookwell` command line: serve the API (PGlite directory or PostgreSQL), create the first clinic
// and API keys.

import { parseArgs } from "node:util";
import type { BookwellServer } from "./node.js";
import type { OutboxWorker } from "./notify/worker.js";
import type { ServedPageLinks } from "./served-pages.js";
import type { StorageError } from "./storage/errors.js";
import type { ApiKeyRole, Storage } from "./storage/storage.js";

// The app, the storages and their drivers load only for commands that need them, so `help` and
// flag errors answer at once.

const HELP = `bookwell — the Bookwell scheduling API

Usage:
  bookwell serve [--db ./data | --database-url postgres://…] [--port 3000] [--host 127.0.0.1]
                 [--hold-minutes 10] [--no-rate-limit] [--trust-proxy]
                 [--smtp-url smtp://user:pass@host:587 --mail-from bookings@clinic.example]
                 [--manage-url "https://clinic.example/book?bookwell-manage={token}"] [--coalesce-minutes 2]
                 [--staff-url https://clinic.example/staff/] [--patient-url https://clinic.example/visits/]
  bookwell init  [--db ./data | --database-url …] [--clinic-name "My clinic"] [--time-zone Europe/Lisbon]
                 [--currency EUR] [--locale en] [--origin https://clinic.example]…
  bookwell key create --role manager|front_desk|provider [--name "Front desk"] [--calendars ana,bruno]
                 [--clinic <id>] [--db … | --database-url …]
  bookwell help

serve opens (or creates) the database, runs its migrations and listens on 127.0.0.1 unless told
otherwise. On an empty database it first creates a clinic and prints a manager API key once;
while a clinic has no staff user it prints a one-time link (valid 72 h) that creates the first
manager's account (e-mail + password) in the staff app at --staff-url (default <server>/staff/).
From the installed @bookwell/widget package it also serves the staff app at /staff/, the patient
page ("My visits") at /patient/, a booking page at /book/ and the widget's files at /widget/;
e-mailed manage, sign-in and waitlist-offer links lead there unless --manage-url (manage links)
or --patient-url (your page with bookwell-patient.js: sign-in and offer links) say otherwise.
A --db directory is used by one process at a time: while serve runs on it, init and key create
refuse and say what to do instead (several servers on one database need --database-url).
--trust-proxy names patients by the last X-Forwarded-For entry (behind your own proxy).
With --smtp-url (or BOOKWELL_SMTP_URL, which keeps the password out of the process list) and
--mail-from it also runs the notification worker (e-mail with calendar
invites); without them, messages wait in the outbox until a worker runs.
With BOOKWELL_STRIPE_SECRET_KEY and BOOKWELL_STRIPE_WEBHOOK_SECRET (and the \`stripe\` package
installed) it takes online payments through Stripe; point Stripe's webhook at
<server>/v1/payments/webhooks/stripe. BOOKWELL_STRIPE_PUBLISHABLE_KEY (pk_…) adds Stripe's card
form to the widget's payment step. BOOKWELL_STRIPE_API_URL points the SDK elsewhere (tests).
`;

const options = {
  db: { type: "string" },
  "database-url": { type: "string" },
  port: { type: "string" },
  host: { type: "string" },
  "hold-minutes": { type: "string" },
  "no-rate-limit": { type: "boolean" },
  "trust-proxy": { type: "boolean" },
  "smtp-url": { type: "string" },
  "mail-from": { type: "string" },
  "manage-url": { type: "string" },
  "coalesce-minutes": { type: "string" },
  "staff-url": { type: "string" },
  "patient-url": { type: "string" },
  "clinic-name": { type: "string" },
  "time-zone": { type: "string" },
  currency: { type: "string" },
  locale: { type: "string" },
  origin: { type: "string", multiple: true },
  role: { type: "string" },
  name: { type: "string" },
  calendars: { type: "string" },
  clinic: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Flags = ReturnType<
  typeof parseArgs<{ options: typeof options; allowPositionals: true }>
>["values"];

function fail(message: string): never {
  process.stderr.write(`bookwell: ${message}\n\n${HELP}`);
  process.exit(2);
}

function intFlag(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a whole number`);
  return n;
}

/** What a command was about to do, for the message when the PGlite directory is in use. */
type Purpose =
  | { command: "serve" }
  | { command: "init" }
  | { command: "key create"; body: { name: string; role: ApiKeyRole; calendarIds: string[] } };

/** Quotes `text` for a POSIX shell. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Says who holds the PGlite directory and what to do instead of `purpose`, then exits 1. */
function refuseLocked(error: StorageError, purpose: Purpose): never {
  const { pid, url } = error.detail;
  const lines = [`bookwell: ${error.message}`];
  if (purpose.command === "serve") {
    lines.push(
      "bookwell: to run several servers on one database, use PostgreSQL: " +
        "bookwell serve --database-url postgres://… (see docs/operations.md).",
    );
  } else if (purpose.command === "init") {
    lines.push(
      "bookwell: init is not needed there: serve creates the clinic when it first starts on an empty " +
        `database. To run init anyway, stop process ${pid} first.`,
    );
  } else if (url) {
    lines.push(
      "bookwell: create the key through the running server instead, with a manager key:",
      `  curl -X POST ${url}/v1/staff/api-keys -H "authorization: Bearer $BOOKWELL_MANAGER_KEY" ` +
        `-H "content-type: application/json" -d ${shellQuote(JSON.stringify(purpose.body))}`,
      `bookwell: or stop it (kill ${pid}), run this command again, then start the server again.`,
    );
  } else {
    lines.push(`bookwell: stop process ${pid}, run this command again, then start it again.`);
  }
  process.stderr.write(`${lines.join("\n")}\n`);
  process.exit(1);
}

async function openStorage(
  flags: Flags,
  purpose: Purpose,
): Promise<{ storage: Storage; label: string; dataDir?: string }> {
  if (flags.db && flags["database-url"]) fail("give --db or --database-url, not both");
  if (flags["database-url"]) {
    const { createPostgresStorage } = await import("./postgres.js");
    const storage = await createPostgresStorage({ connectionString: flags["database-url"] });
    return { storage, label: "postgres" };
  }
  const dataDir = flags.db ?? "./data";
  const { createPgliteStorage } = await import("./pglite.js");
  const { isStorageError } = await import("./storage/errors.js");
  try {
    const storage = await createPgliteStorage({ dataDir });
    return { storage, label: `pglite ${dataDir}`, dataDir };
  } catch (error) {
    if (isStorageError(error, "LOCKED")) refuseLocked(error, purpose);
    throw error;
  }
}

async function createKey(
  storage: Storage,
  clinicId: string,
  role: ApiKeyRole,
  name: string,
  calendarIds: string[],
): Promise<string> {
  const { generateApiKey, hashSecret, randomId } = await import("./auth/api-keys.js");
  const secret = generateApiKey();
  await storage.insertApiKey(clinicId, {
    id: randomId("key"),
    name,
    keyHash: hashSecret(secret),
    role,
    calendarIds,
  });
  return secret;
}

/** Creates the first clinic and a manager key when the database has no clinic. */
async function ensureClinic(storage: Storage, flags: Flags): Promise<void> {
  if ((await storage.listClinics()).length > 0) return;
  const timeZone = flags["time-zone"] ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC";
  const clinic = await storage.createClinic({
    id: "clinic",
    name: flags["clinic-name"] ?? "My clinic",
    timeZone,
    locale: flags.locale ?? "en",
    currency: flags.currency ?? "EUR",
    allowedOrigins: flags.origin ?? [],
  });
  const secret = await createKey(storage, clinic.id, "manager", "First manager key", []);
  process.stdout.write(
    `bookwell: created clinic "${clinic.name}" (id ${clinic.id}, ${timeZone}).\n` +
      `bookwell: manager API key (shown once, store it now): ${secret}\n`,
  );
}

/** Prints a one-time link that creates the first manager of each clinic without staff users. */
async function printFirstManagerLinks(storage: Storage, staffUrl: string): Promise<void> {
  const { firstManagerLink } = await import("./commands/staff-accounts.js");
  const { resolveStaffAccounts } = await import("./auth/staff-sessions.js");
  const settings = resolveStaffAccounts();
  for (const clinic of await storage.listClinics()) {
    const link = await firstManagerLink(storage, clinic.id, settings, staffUrl, new Date());
    if (link) {
      process.stdout.write(
        `bookwell: create the first manager of "${clinic.name}" (one-time link, valid ${settings.inviteHours} h): ${link}\n`,
      );
    }
  }
}

/** Stripe's settings from the environment (secrets stay out of the process list), or none. */
function stripeSettings():
  | { secretKey: string; webhookSecret: string; publishableKey?: string; apiUrl?: URL }
  | undefined {
  const secretKey = process.env.BOOKWELL_STRIPE_SECRET_KEY || undefined;
  const webhookSecret = process.env.BOOKWELL_STRIPE_WEBHOOK_SECRET || undefined;
  const publishableKey = process.env.BOOKWELL_STRIPE_PUBLISHABLE_KEY || undefined;
  if (!secretKey && !webhookSecret && !publishableKey) return undefined;
  if (!secretKey || !webhookSecret) {
    fail("BOOKWELL_STRIPE_SECRET_KEY and BOOKWELL_STRIPE_WEBHOOK_SECRET go together");
  }
  if (publishableKey && !/^pk_(live|test)_\w+$/.test(publishableKey)) {
    fail("BOOKWELL_STRIPE_PUBLISHABLE_KEY must be a publishable key (pk_live_… or pk_test_…)");
  }
  const keys = { secretKey, webhookSecret, ...(publishableKey ? { publishableKey } : {}) };
  const raw = process.env.BOOKWELL_STRIPE_API_URL || undefined;
  if (!raw) return keys;
  let apiUrl: URL;
  try {
    apiUrl = new URL(raw);
  } catch {
    fail("BOOKWELL_STRIPE_API_URL must be a URL such as http://127.0.0.1:12111");
  }
  if (apiUrl.protocol !== "http:" && apiUrl.protocol !== "https:") {
    fail("BOOKWELL_STRIPE_API_URL must start with http:// or https://");
  }
  return { ...keys, apiUrl };
}

/** Sets the Stripe provider (the optional `stripe` package) as the storage's payment provider. */
async function configureStripe(
  storage: Storage,
  settings: NonNullable<ReturnType<typeof stripeSettings>>,
): Promise<void> {
  let stripe: typeof import("./stripe.js");
  try {
    stripe = await import("./stripe.js");
  } catch {
    await storage.close();
    fail("online payments through Stripe need the `stripe` package: install it beside bookwell");
  }
  const { configureBackOffice, backOfficeOptions } = await import(
    "./services/back-office/config.js"
  );
  const url = settings.apiUrl;
  configureBackOffice(storage, {
    ...backOfficeOptions(storage),
    paymentProvider: stripe.createStripeProvider({
      secretKey: settings.secretKey,
      webhookSecret: settings.webhookSecret,
      ...(settings.publishableKey ? { publishableKey: settings.publishableKey } : {}),
      ...(url
        ? {
            host: url.hostname,
            protocol: url.protocol === "http:" ? ("http" as const) : ("https" as const),
            ...(url.port ? { port: Number(url.port) } : {}),
          }
        : {}),
    }),
  });
}

/** The SMTP URL from `--smtp-url` or, keeping the password out of the process list, `BOOKWELL_SMTP_URL`. */
function smtpUrl(flags: Flags): string | undefined {
  return flags["smtp-url"] ?? (process.env.BOOKWELL_SMTP_URL || undefined);
}

/** Where e-mailed links lead, once the server listens (see `servedPageLinks`). */
type PageLinks = Partial<ServedPageLinks>;

/** `--patient-url`, checked: an absolute http(s) address. */
function patientPageFlag(flags: Flags): string | undefined {
  const value = flags["patient-url"];
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    fail(
      "--patient-url must be an absolute http:// or https:// address, e.g. https://clinic.example/visits/",
    );
  }
  return value;
}

/** Starts the outbox worker with an SMTP channel from `--smtp-url` / `--mail-from`. */
async function startMailWorker(
  storage: Storage,
  flags: Flags,
  links: PageLinks,
): Promise<OutboxWorker> {
  let url: URL;
  try {
    url = new URL(smtpUrl(flags) ?? "");
  } catch {
    fail("--smtp-url must look like smtp://user:password@host:587 (smtps:// for TLS)");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:")
    fail("--smtp-url must start with smtp:// or smtps://");
  const secure = url.protocol === "smtps:";
  const { createOutboxWorker } = await import("./notify/worker.js");
  const { createSmtpEmailChannel } = await import("./notify/email-channel.js");
  const worker = createOutboxWorker({
    storage,
    channels: [
      createSmtpEmailChannel({
        host: url.hostname,
        port: url.port ? Number(url.port) : secure ? 465 : 587,
        secure,
        ...(url.username
          ? {
              auth: {
                user: decodeURIComponent(url.username),
                pass: decodeURIComponent(url.password),
              },
            }
          : {}),
        fromAddress: flags["mail-from"] ?? "",
      }),
    ],
    defaults: {
      // Quick successive changes within this delay become one message (default 2 minutes).
      settings: { coalesceMinutes: intFlag(flags["coalesce-minutes"], "coalesce-minutes", 2) },
      // Read when a message is written: the server's own address is known once it listens
      // ("" until then, which is no link).
      get manageUrl(): string {
        return flags["manage-url"] ?? links.manageUrl ?? "";
      },
      get offerUrl(): string {
        return links.offerUrl ?? "";
      },
      get patientUrl(): string {
        return links.patientUrl ?? "";
      },
    },
  });
  worker.start();
  return worker;
}

async function runServe(flags: Flags): Promise<void> {
  const port = intFlag(flags.port, "port", 3000);
  const holdMinutes = intFlag(flags["hold-minutes"], "hold-minutes", 10);
  const { serve } = await import("./node.js");
  if (Boolean(smtpUrl(flags)) !== Boolean(flags["mail-from"])) {
    fail("--smtp-url and --mail-from go together");
  }
  const stripe = stripeSettings();
  const patientPage = patientPageFlag(flags);
  const { storage, label, dataDir } = await openStorage(flags, { command: "serve" });
  await ensureClinic(storage, flags);
  if (stripe) await configureStripe(storage, stripe);
  // The staff app, the patient page and the widget's files come from the installed widget.
  const { findWidgetDist } = await import("./widget-files.js");
  const widget = findWidgetDist();
  if (!widget.found) process.stderr.write(`bookwell: ${widget.reason}\n`);
  const links: PageLinks = {};
  const worker = smtpUrl(flags) ? await startMailWorker(storage, flags, links) : undefined;
  let server: BookwellServer;
  try {
    server = await serve({
      storage,
      port,
      hostname: flags.host ?? "127.0.0.1",
      holdMinutes,
      ...(flags["no-rate-limit"]
        ? { rateLimit: false as const }
        : flags["trust-proxy"]
          ? { rateLimit: { trustProxy: true } }
          : {}),
      ...(worker ? { notifier: () => worker.wake() } : {}),
      pages: { widget },
    });
  } catch (error) {
    await worker?.stop();
    await storage.close();
    fail(`cannot listen: ${(error as Error).message}`);
  }
  if (dataDir !== undefined) {
    // A command refused by the directory's lock can then point at this server.
    const { describeDirectoryLock } = await import("./storage/pglite/directory-lock.js");
    await describeDirectoryLock(dataDir, { command: "bookwell serve", url: server.url }).catch(
      () => false,
    );
  }
  if (widget.found || patientPage) {
    const { servedPageLinks } = await import("./served-pages.js");
    const served = servedPageLinks(server.url, { patientPage });
    // Without the widget, only a page of the clinic's own (--patient-url) can be linked to.
    if (widget.found) links.manageUrl = served.manageUrl;
    links.offerUrl = served.offerUrl;
    links.patientUrl = served.patientUrl;
  }
  await printFirstManagerLinks(storage, flags["staff-url"] ?? `${server.url}/staff/`);
  process.stdout.write(
    `bookwell: listening on ${server.url} (storage: ${label}; notifications: ${worker ? "sending e-mail" : "queued, no worker"}; online payments: ${stripe ? "stripe" : "none"})\n`,
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    (worker ? worker.stop() : Promise.resolve())
      .then(() => server.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`bookwell: error while stopping: ${String(error)}\n`);
          process.exit(1);
        },
      );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

async function runInit(flags: Flags): Promise<void> {
  const { storage } = await openStorage(flags, { command: "init" });
  try {
    const before = (await storage.listClinics()).length;
    await ensureClinic(storage, flags);
    if (before > 0)
      process.stdout.write("bookwell: the database already has a clinic; nothing to do\n");
  } finally {
    await storage.close();
  }
}

async function runKeyCreate(flags: Flags): Promise<void> {
  const role = flags.role as ApiKeyRole | undefined;
  if (role !== "manager" && role !== "front_desk" && role !== "provider") {
    fail("--role must be manager, front_desk or provider");
  }
  const calendarIds = (flags.calendars ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (role === "provider" && calendarIds.length === 0) fail("a provider key needs --calendars");
  const name = flags.name ?? `${role} key`;
  const { storage } = await openStorage(flags, {
    command: "key create",
    body: { name, role, calendarIds },
  });
  try {
    const clinics = await storage.listClinics();
    const clinic = flags.clinic ? clinics.find((c) => c.id === flags.clinic) : clinics[0];
    if (!clinic || (!flags.clinic && clinics.length > 1)) {
      fail(flags.clinic ? `no clinic ${flags.clinic}` : "name the clinic with --clinic");
    }
    const secret = await createKey(storage, clinic.id, role, name, calendarIds);
    process.stdout.write(`${secret}\n`);
  } finally {
    await storage.close();
  }
}

async function main(argv: string[]): Promise<void> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    fail((error as Error).message);
  }
  const [command, sub] = parsed.positionals;
  if (parsed.values.help || command === undefined || command === "help") {
    process.stdout.write(HELP);
    return;
  }
  if (command === "serve") return runServe(parsed.values);
  if (command === "init") return runInit(parsed.values);
  if (command === "key" && sub === "create") return runKeyCreate(parsed.values);
  fail(`unknown command: ${parsed.positionals.join(" ")}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bookwell: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
