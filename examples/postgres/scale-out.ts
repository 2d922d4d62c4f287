// Scale out on PostgreSQL: create the clinic once with `bookwell init`, start N stateless API
// processes on the same database and put a round-robin proxy in front of them.
//   node scale-out.ts --database-url postgres://… [--processes 2] [--port 5190]
//   node scale-out.ts --throwaway-postgres       (a temporary local PostgreSQL, for trying it out)
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type RunningProxy, startProxy } from "./proxy.ts";
import { seedSampleClinic } from "./seed.ts";

const here = dirname(fileURLToPath(import.meta.url));

/** The `bookwell` command line of `@bookwell/server-adapter` (its package.json `bin`). */
function bookwellBin(): string {
  const pkgJson = fileURLToPath(import.meta.resolve("@bookwell/server-adapter/package.json"));
  const { bin } = JSON.parse(readFileSync(pkgJson, "utf8")) as { bin: { bookwell: string } };
  return join(dirname(pkgJson), bin.bookwell);
}

/** Runs a Node script to its end and returns its standard output. */
function runNode(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${args.join(" ")} exited ${code}: ${err}`)),
    );
  });
}

/**
 * Runs `bookwell init --database-url …` once: on an empty database it runs the migrations, creates
 * the clinic and returns the manager API key it printed (shown once); otherwise `undefined`.
 *
 * @example
 * const key = await initDatabase(url, { clinicName: "Clínica Movimento", timeZone: "Europe/Lisbon" });
 */
export async function initDatabase(
  databaseUrl: string,
  clinic: { clinicName: string; timeZone: string; currency?: string },
): Promise<string | undefined> {
  const out = await runNode([
    bookwellBin(),
    "init",
    "--database-url",
    databaseUrl,
    "--clinic-name",
    clinic.clinicName,
    "--time-zone",
    clinic.timeZone,
    "--currency",
    clinic.currency ?? "EUR",
  ]);
  return /API key \(shown once, store it now\): (bw_sk_\S+)/.exec(out)?.[1];
}

/** One API process. */
export interface ApiProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts `api-process.ts` in a child process on a free port and resolves once it listens.
 *
 * @example
 * const api = await startApiProcess("postgres://bookwell@db/bookwell");
 */
export function startApiProcess(databaseUrl: string, port = 0): Promise<ApiProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(here, "api-process.ts"), "--database-url", databaseUrl, "--port", String(port)],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
      child.once("exit", () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url && child.pid !== undefined) resolve({ url, pid: child.pid, stop });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`api-process exited with ${code}: ${out}`)));
  });
}

/** Options of {@link startScaleOut}. */
export interface ScaleOutOptions {
  databaseUrl: string;
  /** How many API processes. Default 2. */
  processes?: number;
  /** The proxy's port on 127.0.0.1. Default 5190; 0 picks a free one. */
  port?: number;
}

/** The running set-up. */
export interface ScaleOut {
  /** The proxy: the one URL clients and the widget use. */
  url: string;
  proxy: RunningProxy;
  processes: ApiProcess[];
  /** The manager key when this run created the clinic (an empty database), else undefined. */
  apiKey: string | undefined;
  close(): Promise<void>;
}

/**
 * Creates the clinic if the database is empty (and loads the sample clinic into it), starts the
 * API processes and the proxy in front of them.
 *
 * @example
 * const cluster = await startScaleOut({ databaseUrl, processes: 2, port: 0 });
 * await fetch(`${cluster.url}/v1/services`);
 * await cluster.close();
 */
export async function startScaleOut(options: ScaleOutOptions): Promise<ScaleOut> {
  const apiKey = await initDatabase(options.databaseUrl, {
    clinicName: "Clínica Movimento",
    timeZone: "Europe/Lisbon",
  });
  const processes = await Promise.all(
    Array.from({ length: options.processes ?? 2 }, () => startApiProcess(options.databaseUrl)),
  );
  const proxy = await startProxy(
    processes.map((p) => p.url),
    options.port ?? 5190,
  );
  const close = async () => {
    await proxy.close();
    await Promise.all(processes.map((p) => p.stop()));
  };
  try {
    if (apiKey) await seedSampleClinic(proxy.url, apiKey);
  } catch (error) {
    await close();
    throw error;
  }
  return { url: proxy.url, proxy, processes, apiKey, close };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      "database-url": { type: "string" },
      "throwaway-postgres": { type: "boolean" },
      processes: { type: "string", default: "2" },
      port: { type: "string", default: "5190" },
    },
  });
  let stopPostgres = async () => {};
  let databaseUrl = values["database-url"] ?? process.env.DATABASE_URL;
  if (!databaseUrl && values["throwaway-postgres"]) {
    const { startTestPostgres } = await import("@bookwell/server-adapter/testing");
    const server = await startTestPostgres();
    databaseUrl = await server.createDatabase("bookwell_example");
    stopPostgres = () => server.stop();
    console.log(`Started a throwaway PostgreSQL (deleted on exit): ${databaseUrl}`);
  }
  if (!databaseUrl) {
    console.error(
      "give --database-url postgres://… (or DATABASE_URL), or --throwaway-postgres to try it",
    );
    process.exit(2);
  }
  const cluster = await startScaleOut({
    databaseUrl,
    processes: Number(values.processes),
    port: Number(values.port),
  });
  console.log(`
Bookwell on PostgreSQL, ${cluster.processes.length} API processes behind a round-robin proxy

  Proxy (use this URL)   ${cluster.url}/v1/services
${cluster.processes.map((p, i) => `  API process ${i + 1}          ${p.url} (pid ${p.pid})`).join("\n")}
  API reference          ${cluster.url}/v1/reference
  ${cluster.apiKey ? `Manager API key        ${cluster.apiKey} (shown once)` : "The database already had a clinic: use the API key printed when it was created."}

Press Ctrl-C to stop.`);
  const stop = async () => {
    await cluster.close();
    await stopPostgres();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
