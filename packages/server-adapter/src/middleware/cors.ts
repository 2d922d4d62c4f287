// CORS with allowed origins per clinic: `hono/cors` answers preflights; actual requests get the
// CORS headers on the way out, once the clinic they address is known.

import type { Context } from "hono";
import { cors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import { BookwellError } from "../errors.js";
import type { ClinicRecord } from "../storage/storage.js";
import { resolvePublicClinic } from "./public-clinic.js";
import type { BookwellEnv, BookwellMiddlewareHandler } from "./variables.js";

/** Request headers a browser may send. */
export const CORS_ALLOWED_HEADERS =
  "Content-Type, Idempotency-Key, X-Bookwell-Clinic, Authorization, X-Api-Key, X-Bookwell-CSRF";
/** Response headers a browser script may read. */
export const CORS_EXPOSED_HEADERS = "Retry-After, Idempotent-Replayed, Location, Date";

/**
 * Normalises an origin for comparison: lower-case scheme and host, no trailing slash, default
 * ports dropped; `undefined` for anything that is not an http(s) origin.
 *
 * @example
 * normalizeOrigin("https://Clinic.Example:443/"); // "https://clinic.example"
 */
export function normalizeOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
    return url.origin.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Tells whether `origin` is in a clinic's allowed origins.
 *
 * @example
 * originAllowed(["https://clinic.example"], "https://clinic.example"); // true
 */
export function originAllowed(allowed: readonly string[], origin: string): boolean {
  const wanted = normalizeOrigin(origin);
  return wanted !== undefined && allowed.some((entry) => normalizeOrigin(entry) === wanted);
}

/**
 * The request's cross-origin `Origin`, or undefined for same-origin and non-browser calls.
 *
 * @example
 * crossOrigin(c); // "https://clinic.example" when a page there calls the API
 */
export function crossOrigin(c: Context): string | undefined {
  const origin = c.req.header("origin");
  if (!origin) return undefined;
  try {
    if (normalizeOrigin(origin) === new URL(c.req.url).origin.toLowerCase()) return undefined;
  } catch {
    return origin;
  }
  return origin;
}

/** Problems a request can get before its clinic is known: no such route or method, body too large, rate limited. */
const EARLY_PROBLEMS = new Set([404, 405, 413, 429]);

/**
 * The clinic whose allowed origins decide the CORS headers of an answered request: the one the
 * request was scoped to (`c.var.clinic`, set by authentication); for a problem answered before
 * that (`404`/`405` no such route, `413`, `429`), the clinic the request names or the server's
 * only one. A caller refused by authentication (`401`, `403`) gets none.
 */
async function addressedClinic(c: Context<BookwellEnv>): Promise<ClinicRecord | undefined> {
  const clinic = c.var.clinic;
  if (clinic) return clinic;
  if (!EARLY_PROBLEMS.has(c.res.status)) return undefined;
  try {
    return await resolvePublicClinic(c, c.var.bookwell);
  } catch {
    return undefined; // unknown or unnamed clinic: no CORS headers, as for any origin we cannot vouch for
  }
}

/** The clinics a preflight may be for: the one named by `?clinic=`, else every clinic. */
async function preflightClinics(c: Context<BookwellEnv>): Promise<ClinicRecord[]> {
  const { storage } = c.var.bookwell;
  const clinicId = c.req.query("clinic");
  if (!clinicId) return storage.listClinics();
  const clinic = await storage.getClinic(clinicId);
  return clinic ? [clinic] : [];
}

function allowOrigin(c: Context, origin: string): void {
  const set = (headers: Headers) => {
    headers.set("access-control-allow-origin", origin);
    headers.set("access-control-expose-headers", CORS_EXPOSED_HEADERS);
    headers.append("vary", "Origin");
  };
  try {
    set(c.res.headers);
  } catch {
    // A response with immutable headers (e.g. one fetched from elsewhere): copy it first.
    const res = new Response(c.res.body, c.res);
    set(res.headers);
    c.res = res;
  }
}

function varyOnOrigin(c: Context): void {
  try {
    c.res.headers.append("vary", "Origin");
  } catch {
    // immutable headers: nothing to add
  }
}

/**
 * CORS with allowed origins per clinic (each clinic's `allowedOrigins` setting).
 *
 * - A preflight is answered by `hono/cors` (`204`, the methods and headers the API accepts,
 *   `Max-Age` 600) when the clinic named by `?clinic=` — or, without it, any clinic — allows the
 *   origin; otherwise it is `403 ORIGIN_NOT_ALLOWED`.
 * - Any other cross-origin request runs on, and its answer gets `Access-Control-Allow-Origin`
 *   when the clinic it addressed allows the origin. That clinic is known only once the
 *   `authentication` middleware ran (a staff request's clinic is its principal's), so the headers
 *   are added on the way out; problems answered before that (`413`, `429`, an unknown path or
 *   method) use the clinic the request names, so a widget can read their `Retry-After`.
 *   Refusing a disallowed origin (`403 ORIGIN_NOT_ALLOWED`) is `authentication`'s part.
 *
 * Same-origin requests and requests without `Origin` (servers, curl) are not touched.
 *
 * @example
 * const app = new Hono<BookwellEnv>();
 * app.use("*", bookwellCors());
 */
export function bookwellCors(): BookwellMiddlewareHandler {
  const preflight = cors({
    origin: async (origin, c: Context<BookwellEnv>) => {
      const clinics = await preflightClinics(c);
      if (clinics.some((clinic) => originAllowed(clinic.allowedOrigins, origin))) return origin;
      throw new BookwellError("ORIGIN_NOT_ALLOWED", `The origin ${origin} may not call this API`);
    },
    // One entry each: hono/cors joins lists with "," and these header values stay as they were.
    allowMethods: ["GET, POST, PUT, PATCH, DELETE"],
    allowHeaders: [CORS_ALLOWED_HEADERS],
    exposeHeaders: [CORS_EXPOSED_HEADERS],
    maxAge: 600,
  });
  return createMiddleware<BookwellEnv>(async (c, next) => {
    const origin = crossOrigin(c);
    if (!origin) return next();
    if (c.req.method === "OPTIONS" && c.req.header("access-control-request-method") !== undefined) {
      return preflight(c, next);
    }
    await next();
    const clinic = await addressedClinic(c);
    if (clinic && originAllowed(clinic.allowedOrigins, origin)) allowOrigin(c, origin);
    else varyOnOrigin(c);
  });
}
