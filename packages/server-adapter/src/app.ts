// createBookwellApp: the mountable Hono app (public patient routes, staff routes, OpenAPI).

import { type Context, Hono } from "hono";
import { compress } from "hono/compress";
import type { AuthOptions } from "./auth/authenticate.js";
import type { AuthCallback } from "./auth/principal.js";
import { resolveStaffAccounts, type StaffAccountOptions } from "./auth/staff-sessions.js";
import { BookwellError } from "./errors.js";
import { bookwellAuthentication } from "./middleware/authentication.js";
import { bookwellBodyLimit } from "./middleware/body-limit.js";
import {
  type BookwellMiddleware,
  type BookwellMiddlewareChain,
  defaultMiddlewareChain,
} from "./middleware/chain.js";
import { bookwellCors } from "./middleware/cors.js";
import { bookwellErrorHandler } from "./middleware/error-handler.js";
import { bookwellIdempotency } from "./middleware/idempotency.js";
import { bookwellRateLimit, type RateLimitOptions } from "./middleware/rate-limit.js";
import { bookwellValidation } from "./middleware/validation.js";
import type { BookwellEnv, BookwellVariables } from "./middleware/variables.js";
import { buildOpenApiDocument, type OpenApiInfo } from "./openapi/document.js";
import { referencePage } from "./openapi/reference-page.js";
import type { AnyRouteSpec } from "./routes/define.js";
import { allowedMethods, mountRoutes } from "./routes/mount.js";
import { publicRoutes } from "./routes/public/index.js";
import { staffRoutes } from "./routes/staff/index.js";
import { CatalogCache } from "./services/catalog.js";
import type { AppContext, BookwellEvent, Notifier } from "./services/context.js";
import { type HoldLimitOptions, resolveHoldLimits } from "./services/hold-limits.js";
import type { Storage } from "./storage/storage.js";
import { outageNotice } from "./storage/unavailable.js";

/** Options of {@link createBookwellApp}. */
export interface BookwellAppOptions {
  /** Where everything is kept: PGlite (on a directory or in memory) or PostgreSQL. */
  storage: Storage;
  /**
   * Staff authentication: your own callback (tried first), and/or Bookwell API keys (on by default).
   * A bare function is taken as `{ callback }`.
   */
  auth?: AuthCallback | AuthOptions;
  /**
   * Staff accounts (people who sign in to the staff app with an e-mail, a password and an optional
   * TOTP code): session lifetime, sign-in throttling, invite links. On by default; see
   * docs/server/staff-auth.md.
   */
  staffAccounts?: StaffAccountOptions;
  /** The current time; default the system clock. Holds expire and policies apply by this clock. */
  clock?: () => Date;
  /** Told after each committed change (best-effort; the outbox is the durable record). */
  notifier?: Notifier;
  /** Public route rate limit (token bucket per client address); `false` turns it off. */
  rateLimit?: RateLimitOptions | false;
  /** How long a hold reserves a time, in minutes. Default 10. */
  holdMinutes?: number;
  /**
   * Live holds one visitor (client address, named as the rate limiter names clients) and one
   * e-mail may have at a time; more is `429 HOLD_LIMIT_REACHED`. Default 3 and 3; `false` turns
   * both off.
   */
  holdLimits?: HoldLimitOptions | false;
  /** Days after a visit ends that its manage link keeps working. Default 30. */
  manageTokenDays?: number;
  /**
   * How long a request waits for an earlier one with the same `Idempotency-Key` that is still
   * running before answering 409 `IDEMPOTENCY_IN_FLIGHT`. Default 5000 ms.
   */
  idempotencyWaitMs?: number;
  /** Largest accepted request body in bytes (413 above). Default 64 KiB. */
  bodyLimitBytes?: number;
  /**
   * Compresses JSON, CSV, calendar and text answers with gzip (or deflate) for clients that accept
   * it (a month of free times: ~20–55 KB of JSON, 1–3 KB on the wire). `false` when a proxy in
   * front already compresses. Default on.
   */
  compression?: boolean;
  /** Title / version of the OpenAPI document. */
  openapi?: OpenApiInfo;
  /**
   * How long clinic settings, calendars and services may be cached per process, in ms (0 = off).
   * Changes made through this app apply at once; other processes see them within this time.
   * Appointments and holds are never cached. Default 2000.
   */
  cacheTtlMs?: number;
  /**
   * Where unexpected errors are reported; default `console.error`. A database that cannot answer
   * is reported as one line (a string), at most every few seconds for failed requests.
   */
  logError?: (error: unknown) => void;
  /**
   * Reorders, replaces or extends the middleware: gets this app's middleware by concern and
   * returns the chain to run. Default {@link defaultMiddlewareChain}: `compress` → `cors` →
   * `bodyLimit` for every request, `rateLimit` → `authentication` → `validation` → `idempotency` for each route.
   */
  middleware?: (defaults: BookwellMiddleware) => BookwellMiddlewareChain;
}

/**
 * The app {@link createBookwellApp} returns: a `Hono<BookwellEnv>` (its context variables are
 * {@link BookwellVariables}) that is still accepted wherever a plain `Hono` is expected — Hono's
 * own types refuse a typed app there, which would break `const app: Hono = createBookwellApp(…)`.
 */
export type BookwellApp = Hono<BookwellEnv> & Hono;

/** Every route of the API (public and staff), as the OpenAPI document lists them. */
export const allRoutes: readonly AnyRouteSpec[] = [...publicRoutes, ...staffRoutes];

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a number ≥ 0`);
  return value;
}

/**
 * The app's dependencies resolved to their defaults (storage, clock, hold and link lengths, the
 * catalog cache, the notifier): what every command runs with. The housekeeper builds one from the
 * same options to run its waitlist commands.
 *
 * @example
 * const app = createAppContext({ storage, clock: () => new Date() });
 */
export function createAppContext(
  options: Pick<
    BookwellAppOptions,
    | "storage"
    | "clock"
    | "notifier"
    | "holdMinutes"
    | "holdLimits"
    | "rateLimit"
    | "manageTokenDays"
    | "idempotencyWaitMs"
    | "cacheTtlMs"
    | "logError"
    | "staffAccounts"
  >,
): AppContext {
  const { storage } = options;
  const report = options.logError ?? ((error: unknown) => console.error("[bookwell]", error));
  // A database that is down is one line wherever it is noticed, not a stack trace per request.
  const logError = (error: unknown) => report(outageNotice(error, "bookwell") ?? error);
  const notifier = options.notifier;
  return {
    storage,
    now: options.clock ?? (() => new Date()),
    holdMinutes: positive("holdMinutes", options.holdMinutes, 10),
    holdLimits: resolveHoldLimits(options.holdLimits, options.rateLimit),
    manageTokenDays: positive("manageTokenDays", options.manageTokenDays, 30),
    idempotencyWaitMs: positive("idempotencyWaitMs", options.idempotencyWaitMs, 5000),
    logError,
    cache: new CatalogCache(positive("cacheTtlMs", options.cacheTtlMs, 2000)),
    staffAccounts: resolveStaffAccounts(options.staffAccounts),
    notify: (event: BookwellEvent) => {
      if (!notifier) return;
      try {
        Promise.resolve(notifier(event)).catch(logError);
      } catch (error) {
        logError(error);
      }
    },
  };
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
export function createBookwellApp(options: BookwellAppOptions): BookwellApp {
  const context = createAppContext(options);
  const { logError } = context;
  const pass: BookwellMiddleware["rateLimit"] = async (_c, next) => {
    await next();
  };
  const defaults: BookwellMiddleware = {
    compress: options.compression === false ? pass : compress(),
    cors: bookwellCors(),
    bodyLimit: bookwellBodyLimit({
      maxSize: positive("bodyLimitBytes", options.bodyLimitBytes, 64 * 1024),
    }),
    rateLimit:
      options.rateLimit === false
        ? pass
        : bookwellRateLimit({ ...options.rateLimit, clock: context.now }),
    authentication: bookwellAuthentication(
      typeof options.auth === "function"
        ? { callback: options.auth, sessions: context.staffAccounts.enabled }
        : { sessions: context.staffAccounts.enabled, ...options.auth },
    ),
    validation: bookwellValidation(),
    idempotency: bookwellIdempotency(),
  };
  const chain = options.middleware
    ? options.middleware(defaults)
    : defaultMiddlewareChain(defaults);
  const problems = bookwellErrorHandler({ logError });

  const app = new Hono<BookwellEnv>();
  app.use("*", async (c, next) => {
    c.set("bookwell", context);
    c.set("now", context.now());
    await next();
    try {
      c.res.headers.set("x-content-type-options", "nosniff");
    } catch {
      // immutable headers (a replayed Response): nothing to add
    }
  });
  for (const middleware of chain.app) app.use("*", middleware);
  mountRoutes(app, allRoutes, chain.route);

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

  const notFound = (c: Context<BookwellEnv>) => {
    const pathname = new URL(c.req.url).pathname;
    // The path under this app's mount point (`/api/v1/x` → `/v1/x` when mounted under /api).
    const base = c.req.routePath.endsWith("/v1/*") ? c.req.routePath.slice(0, -"/v1/*".length) : "";
    const allow = pathname.startsWith(base)
      ? allowedMethods(allRoutes, pathname.slice(base.length))
      : [];
    const problem =
      allow.length > 0
        ? new BookwellError("METHOD_NOT_ALLOWED", `${c.req.method} is not allowed on ${pathname}`, {
            headers: { Allow: allow.join(", ") },
          })
        : new BookwellError("NOT_FOUND", `No route ${c.req.method} ${pathname}`);
    // Answered, not thrown: a throw from `app.notFound` would skip the middleware's way out (CORS).
    return problems(problem, c);
  };
  // A catch-all under /v1 so that unknown paths get a problem also when mounted under a prefix
  // (a parent app's own notFound would answer otherwise).
  app.all("/v1/*", notFound);
  app.notFound(notFound);
  app.onError(problems);
  return app as BookwellApp;
}
