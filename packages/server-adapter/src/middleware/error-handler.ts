// The one place an error becomes an HTTP answer: every middleware and route throws, this maps.

import type { Context, ErrorHandler } from "hono";
import { problemResponse, toBookwellError } from "../errors.js";
import { negotiateProblemLocale } from "../problems-i18n/catalog.js";
import { outageNotice } from "../storage/unavailable.js";

/** Options of {@link bookwellErrorHandler}. */
export interface ErrorHandlerOptions {
  /**
   * Where unexpected (5xx) errors are reported; default the Bookwell app's `logError`, or
   * `console.error` outside a Bookwell app.
   */
  logError?: (error: unknown) => void;
}

/**
 * The error handler of a Bookwell app (`app.onError`): any thrown value becomes an
 * `application/problem+json` answer through `toBookwellError` — a `BookwellError` keeps its code,
 * status and headers (`Retry-After`, `Allow` …), anything unexpected is an opaque `500 INTERNAL`
 * that is logged and never shows a message or stack trace (a database outage, `503 UNAVAILABLE`,
 * is logged as one line every few seconds). The problem is worded in the request's language
 * (`Accept-Language`: en, pt or es, else English; `code` never changes) and says which in
 * `Content-Language`. Use it on your own app too when you
 * reuse a Bookwell middleware there (they throw `BookwellError`).
 *
 * @example
 * import { Hono } from "hono";
 * import { bookwellErrorHandler, bookwellRateLimit } from "@bookwell/server-adapter";
 *
 * const app = new Hono();
 * app.onError(bookwellErrorHandler());
 * app.post("/auth/login", bookwellRateLimit({ capacity: 5, refillPerSecond: 0.1 }), login);
 */
export function bookwellErrorHandler(options: ErrorHandlerOptions = {}): ErrorHandler {
  // While the database is down every request fails the same way: one line per few seconds.
  let quietUntil = 0;
  let quieted = 0;
  return (error: Error, c: Context) => {
    const problem = toBookwellError(error);
    if (problem.status >= 500) {
      const log =
        options.logError ??
        (c.get("bookwell") as { logError?: (error: unknown) => void } | undefined)?.logError ??
        ((e: unknown) => console.error("[bookwell]", e));
      const more = quieted > 0 ? `; ${quieted} more 503s since the last notice` : "";
      const notice = outageNotice(problem.cause, "bookwell", `answering 503 UNAVAILABLE${more}`);
      if (notice === undefined) log(error);
      else if (Date.now() < quietUntil) quieted += 1;
      else {
        log(notice);
        quieted = 0;
        quietUntil = Date.now() + UNAVAILABLE_NOTICE_MS;
      }
    }
    return problemResponse(problem, negotiateProblemLocale(c.req.header("accept-language")));
  };
}

/** How often a database outage is reported while requests keep answering 503. */
const UNAVAILABLE_NOTICE_MS = 5_000;
