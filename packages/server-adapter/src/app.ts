// createBookwellApp: the mountable Hono app (public patient routes, staff routes, OpenAPI).

import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AuthOptions } from "./auth/authenticate.js";
import type { AuthCallback } from "./auth/principal.js";
import { BookwellError, problemResponse, toBookwellError } from "./errors.js";
import { corsMiddleware } from "./middleware/cors.js";
import { type RateLimitOptions, TokenBucketStore } from "./middleware/rate-limit.js";
import { buildOpenApiDocument, type OpenApiInfo } from "./openapi/document.js";
import { referencePage } from "./openapi/reference-page.js";
import type { AnyRouteSpec } from "./routes/define.js";
import {
  allowedMethods,
  approveOriginForProblem,
  mountRoutes,
  type RateLimiter,
} from "./routes/mount.js";
import { publicRoutes } from "./routes/public/index.js";
import { staffRoutes } from "./routes/staff/index.js";
import { CatalogCache } from "./services/catalog.js";
import type { AppContext, BookwellEvent, Notifier } from "./services/context.js";
import type { Storage } from "./storage/storage.js";

/** Options of {@link createBookwellApp}. */
export interface BookwellAppOptions {
  /** Where everything is kept: PGlite (on a directory or in memory) or PostgreSQL. */
  storage: Storage;
  /**
   * Staff authentication: your own callback (tried first), and/or Bookwell API keys (on by default).
   * A bare function is taken as `{ callback }`.
   */
  auth?: AuthCallback | AuthOptions;
  /** The current time; default the system clock. Holds expire and policies apply by this clock. */
  clock?: () => Date;
  /** Told after each committed change (best-effort; the outbox is the durable record). */
  notifier?: Notifier;
  /** Public route rate limit (token bucket per client address); `false` turns it off. */
  rateLimit?: RateLimitOptions | false;
  /** How long a hold reserves a time, in minutes. Default 10. */
  holdMinutes?: number;
  /** Days after a visit ends that its manage link keeps working. Default 30. */
  manageTokenDays?: number;
  /**
   * How long a request waits for an earlier one with the same `Idempotency-Key` that is still
   * running before answering 409 `IDEMPOTENCY_IN_FLIGHT`. Default 5000 ms.
   */
  idempotencyWaitMs?: number;
  /** Largest accepted request body in bytes (413 above). Default 64 KiB. */
  bodyLimitBytes?: number;
  /** Title / version of the OpenAPI document. */
  openapi?: OpenApiInfo;
  /**
   * How long clinic settings, calendars and services may be cached per process, in ms (0 = off).
   * Changes made through this app apply at once; other processes see them within this time.
   * Appointments and holds are never cached. Default 2000.
   */
  cacheTtlMs?: number;
  /** Where unexpected errors are reported; default `console.error`. */
  logError?: (error: unknown) => void;
}

/** Every route of the API (public and staff), as the OpenAPI document lists them. */
export const allRoutes: readonly AnyRouteSpec[] = [...publicRoutes, ...staffRoutes];

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a number ≥ 0`);
  return value;
}

/**
 * Creates the Bookwell HTTP API as a Hono app. Mount it under any prefix of your own Hono app
 * (`app.route("/api", bookwell)`) or serve it standalone with `@bookwell/server-adapter/node`.
 *
 * @example
 * import { type Context, Hono } from "hono";
 * import { createBookwellApp } from "@bookwell/server-adapter";
 * import { createPgliteStorage } from "@bookwell/server-adapter/pglite";
 *
 * const storage = await createPgliteStorage({ dataDir: "./data" }); // or () for in memory
 * const bookwell = createBookwellApp({ storage, holdMinutes: 10 });
 * const app = new Hono().route("/api", bookwell);
 * // GET /api/v1/services, POST /api/v1/bookings, GET /api/v1/openapi.json …
 */
export function createBookwellApp(options: BookwellAppOptions): Hono {
  const { storage } = options;
  const logError = options.logError ?? ((error: unknown) => console.error("[bookwell]", error));
  const notifier = options.notifier;
  const context: AppContext = {
    storage,
    now: options.clock ?? (() => new Date()),
    holdMinutes: positive("holdMinutes", options.holdMinutes, 10),
    manageTokenDays: positive("manageTokenDays", options.manageTokenDays, 30),
    idempotencyWaitMs: positive("idempotencyWaitMs", options.idempotencyWaitMs, 5000),
    logError,
    cache: new CatalogCache(positive("cacheTtlMs", options.cacheTtlMs, 2000)),
    notify: (event: BookwellEvent) => {
      if (!notifier) return;
      try {
        Promise.resolve(notifier(event)).catch(logError);
      } catch (error) {
        logError(error);
      }
    },
  };
  const auth: AuthOptions =
    typeof options.auth === "function" ? { callback: options.auth } : (options.auth ?? {});
  let rateLimiter: RateLimiter | null = null;
  if (options.rateLimit !== false) {
    const rl = options.rateLimit ?? {};
    rateLimiter = {
      options: rl,
      store: rl.store ?? new TokenBucketStore(rl.capacity ?? 60, rl.refillPerSecond ?? 2),
    };
  }

  const app = new Hono();
  app.use("*", async (c, next) => {
    await next();
    try {
      c.res.headers.set("x-content-type-options", "nosniff");
    } catch {
      // immutable headers (a replayed Response): nothing to add
    }
  });
  app.use("*", corsMiddleware(storage));
  app.use(
    "*",
    bodyLimit({
      maxSize: positive("bodyLimitBytes", options.bodyLimitBytes, 64 * 1024),
      onError: async (c) => {
        await approveOriginForProblem(c, context);
        return problemResponse(
          new BookwellError("PAYLOAD_TOO_LARGE", "The request body is larger than allowed"),
        );
      },
    }),
  );

  mountRoutes(app, allRoutes, context, { auth, rateLimiter });

  const document = buildOpenApiDocument(allRoutes, options.openapi);
  const documentJson = JSON.stringify(document);
  app.get("/v1/openapi.json", (c) =>
    c.body(documentJson, 200, { "content-type": "application/json; charset=utf-8" }),
  );
  app.get("/v1/reference", (c) =>
    c.html(referencePage(), 200, {
      "content-security-policy":
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
    }),
  );

  const notFound = async (c: Context) => {
    await approveOriginForProblem(c, context);
    const pathname = new URL(c.req.url).pathname;
    // The path under this app's mount point (`/api/v1/x` → `/v1/x` when mounted under /api).
    const base = c.req.routePath.endsWith("/v1/*") ? c.req.routePath.slice(0, -"/v1/*".length) : "";
    const allow = pathname.startsWith(base)
      ? allowedMethods(allRoutes, pathname.slice(base.length))
      : [];
    if (allow.length > 0) {
      return problemResponse(
        new BookwellError("METHOD_NOT_ALLOWED", `${c.req.method} is not allowed on ${pathname}`, {
          headers: { Allow: allow.join(", ") },
        }),
      );
    }
    return problemResponse(new BookwellError("NOT_FOUND", `No route ${c.req.method} ${pathname}`));
  };
  // A catch-all under /v1 so that unknown paths get a problem also when mounted under a prefix
  // (a parent app's own notFound would answer otherwise).
  app.all("/v1/*", notFound);
  app.notFound(notFound);
  app.onError((error) => {
    const problem = toBookwellError(error);
    if (problem.status >= 500) logError(error);
    return problemResponse(problem);
  });
  return app;
}
