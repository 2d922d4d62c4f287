// Runs the example backend on 127.0.0.1 with Bookwell on embedded PGlite:
//   node server.ts                 (data in ../../.data/hono-mount)
//   node server.ts --port=5180

import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPgliteStorage } from "@bookwell/server-adapter/pglite";
import { serve } from "@hono/node-server";
import { createBackend } from "./backend.ts";
import { EXAMPLE_PASSWORD, exampleUsers, setUpClinic } from "./setup.ts";

/** Options of {@link startBackend}. */
export interface StartOptions {
  /** PGlite directory; omit for an in-memory database. */
  dataDir?: string;
  /** Default 5180; 0 picks a free port. */
  port?: number;
}

/** The running backend. */
export interface RunningBackend {
  /** e.g. `http://127.0.0.1:5180`. */
  url: string;
  /** Stops the HTTP server, then closes Bookwell's storage. */
  close(): Promise<void>;
}

/**
 * Opens the storage, sets up the example clinic on first start and serves the backend.
 *
 * @example
 * const server = await startBackend({ dataDir: ".data/hono-mount", port: 5180 });
 * console.log(server.url);
 */
export async function startBackend(options: StartOptions = {}): Promise<RunningBackend> {
  const storage = await createPgliteStorage(
    options.dataDir === undefined ? {} : { dataDir: options.dataDir },
  );
  const app = createBackend({ storage, users: exampleUsers() });
  await setUpClinic(app, storage);
  // The team starts its server as it always did; Bookwell is just routes inside it.
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 5180, hostname: "127.0.0.1" }, () =>
      resolve(s),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await storage.close();
    },
  };
}

if (import.meta.main) {
  const portArg = process.argv.find((a) => a.startsWith("--port="));
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const server = await startBackend({
    dataDir: join(root, ".data", "hono-mount"),
    port: portArg ? Number(portArg.slice("--port=".length)) : 5180,
  });
  console.log(`
Example backend with Bookwell mounted under /bookings-api — ${server.url}

  The team's own routes   POST ${server.url}/auth/login   GET ${server.url}/me
  Bookwell (public)       GET  ${server.url}/bookings-api/v1/services?clinic=north
  Bookwell (staff)        GET  ${server.url}/bookings-api/v1/staff/appointments   (Bearer <session token>)
  API reference           ${server.url}/bookings-api/v1/reference

Users: olga@ (owner), rita@ (reception), ana@ and rui@ (therapists) @physio-group.example,
password "${EXAMPLE_PASSWORD}". Press Ctrl-C to stop.`);
  const stop = () => server.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
