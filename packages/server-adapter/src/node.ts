// @bookwell/server-adapter/node: serve the Bookwell app standalone with @hono/node-server.

import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve as honoServe } from "@hono/node-server";
import type { Hono } from "hono";
import { type BookwellAppOptions, createBookwellApp } from "./app.js";
import { type HousekeepingOptions, startHousekeeping } from "./housekeeping.js";
import { createServedPages } from "./served-pages.js";
import { setFields } from "./services/fields.js";
import type { WidgetLocation } from "./widget-files.js";

export type { ServedPageLinks, ServedPages, ServedPagesOptions } from "./served-pages.js";
export {
  createServedPages,
  SERVED_PAGE_CSP,
  servedPageLinks,
} from "./served-pages.js";
export type { WidgetLocation } from "./widget-files.js";
export {
  findWidgetDist,
  safeWidgetPath,
  WIDGET_CACHE_CONTROL,
  WIDGET_INSTALL_HINT,
  widgetFiles,
} from "./widget-files.js";

/** Options of {@link serve}: the app's options plus where to listen. */
export interface ServeOptions extends BookwellAppOptions {
  /** TCP port; `0` picks a free one. Default 3000. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1` (only this machine); use `0.0.0.0` deliberately. */
  hostname?: string;
  /** Serve this app instead of creating one (e.g. yours with Bookwell mounted inside). */
  app?: Hono;
  /** Close the storage when the server closes. Default true. */
  closeStorage?: boolean;
  /**
   * Deletes expired holds and old idempotency records now and then (see `startHousekeeping`).
   * Default on, every 15 minutes, keeping idempotency records 24 hours; `false` turns it off.
   */
  housekeeping?: false | Omit<HousekeepingOptions, "storage" | "clock">;
  /**
   * Also serve the staff app at `/staff/`, the patient page at `/patient/` and the widget's files
   * at `/widget/` from the widget's `dist/` (see `findWidgetDist`), as `bookwell serve` does.
   * Default off: a server that only answers the API.
   */
  pages?: { widget: WidgetLocation } | false;
}

/** A running server. */
export interface BookwellServer {
  /** e.g. `http://127.0.0.1:3000`. */
  url: string;
  port: number;
  hostname: string;
  /** Stops accepting connections, waits for open requests, then closes the storage. */
  close(): Promise<void>;
}

/**
 * Starts the Bookwell API on Node's HTTP server and resolves once it listens.
 *
 * @example
 * import { serve } from "@bookwell/server-adapter/node";
 * import { createPgliteStorage } from "@bookwell/server-adapter/pglite";
 *
 * const server = await serve({ storage: await createPgliteStorage({ dataDir: "./data" }), port: 3000 });
 * console.log(`listening on ${server.url}`); // http://127.0.0.1:3000
 */
export function serve(options: ServeOptions): Promise<BookwellServer> {
  const {
    port = 3000,
    hostname = "127.0.0.1",
    app,
    closeStorage = true,
    housekeeping = {},
    pages,
    ...appOptions
  } = options;
  const handler = app ?? createBookwellApp(appOptions);
  const served = pages
    ? createServedPages({ storage: options.storage, widget: pages.widget })
    : undefined;
  const fetch: typeof handler.fetch = served
    ? (request, ...rest) =>
        served.handles(new URL(request.url).pathname)
          ? served.fetch(request)
          : handler.fetch(request, ...rest)
    : handler.fetch;
  return new Promise((resolve, reject) => {
    const server = honoServe({ fetch, port, hostname }, (info: AddressInfo) => {
      const housekeeper =
        housekeeping === false
          ? undefined
          : startHousekeeping({
              storage: options.storage,
              ...setFields(options, ["clock", "logError"]),
              ...housekeeping,
            });
      const shownHost = info.family === "IPv6" ? `[${info.address}]` : info.address;
      let closing: Promise<void> | undefined;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        port: info.port,
        hostname: info.address,
        close: () => {
          closing ??= new Promise<void>((done, fail) => {
            (server as Server).close((error) => (error ? fail(error) : done()));
            (server as Server).closeIdleConnections?.();
          }).then(async () => {
            await housekeeper?.stop();
            if (closeStorage) await options.storage.close();
          });
          return closing;
        },
      });
    }) as Server;
    server.once("error", reject);
  });
}
