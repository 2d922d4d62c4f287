// The middleware of a Bookwell app by concern, and the order they run in.

import type { BookwellMiddlewareHandler } from "./variables.js";

/**
 * The middleware of one Bookwell app, one per concern, built from the app's options
 * (`createBookwellApp` hands them to its `middleware` option to reorder, replace or extend).
 */
export interface BookwellMiddleware {
  /** gzip / deflate of answers for clients that accept it (Hono's `compress`; off with `compression: false`). */
  compress: BookwellMiddlewareHandler;
  /** Per-clinic CORS: preflights, and the headers of every answer (see `bookwellCors`). */
  cors: BookwellMiddlewareHandler;
  /** `413 PAYLOAD_TOO_LARGE` above `bodyLimitBytes` (see `bookwellBodyLimit`). */
  bodyLimit: BookwellMiddlewareHandler;
  /** `429 RATE_LIMITED` on public routes (see `bookwellRateLimit`); passes all with `rateLimit: false`. */
  rateLimit: BookwellMiddlewareHandler;
  /** Staff principal or public clinic, roles, allowed origins (see `bookwellAuthentication`). */
  authentication: BookwellMiddlewareHandler;
  /** The route's zod schemas → `c.var.input` (see `bookwellValidation`). */
  validation: BookwellMiddlewareHandler;
  /** `Idempotency-Key` claim, replay and record (see `bookwellIdempotency`). */
  idempotency: BookwellMiddlewareHandler;
}

/** Where each middleware of a Bookwell app runs, in order. */
export interface BookwellMiddlewareChain {
  /**
   * Run for every request to the app — any path, preflights and unknown paths included — before
   * the route middleware. Route variables (`c.var.route`, `clinic` …) are not set yet here.
   */
  app: readonly BookwellMiddlewareHandler[];
  /**
   * Run for each API route, after `c.var.route` is set and before the route's handler. The
   * handler needs `clinic`, `actor` (from `authentication`) and `input` (from `validation`).
   */
  route: readonly BookwellMiddlewareHandler[];
}

/**
 * The default order of a Bookwell app's middleware: `compress` → `cors` → `bodyLimit` for every
 * request, then `rateLimit` → `authentication` → `validation` → `idempotency` for each route, then the route.
 * Errors from any of them are answered by the app's error handler (`bookwellErrorHandler`).
 *
 * @example
 * createBookwellApp({
 *   storage,
 *   // add your own audit step after authentication, keep the rest as it is
 *   middleware: (m) => {
 *     const chain = defaultMiddlewareChain(m);
 *     return { ...chain, route: [...chain.route.slice(0, 2), auditCaller, ...chain.route.slice(2)] };
 *   },
 * });
 */
export function defaultMiddlewareChain(m: BookwellMiddleware): BookwellMiddlewareChain {
  return {
    app: [m.compress, m.cors, m.bodyLimit],
    route: [m.rateLimit, m.authentication, m.validation, m.idempotency],
  };
}
