// CORS with allowed origins per clinic: preflights are answered here; actual requests are checked
// against the clinic they address (see routes/mount.ts) and get the CORS headers on the way out.

import type { Context, MiddlewareHandler } from "hono";
import { BookwellError, problemResponse } from "../errors.js";
import type { Storage } from "../storage/storage.js";

/** Request headers a browser may send. */
export const CORS_ALLOWED_HEADERS =
  "Content-Type, Idempotency-Key, X-Bookwell-Clinic, Authorization, X-Api-Key";
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

/** Context key set by the route layer once the origin is allowed for the addressed clinic. */
export const CORS_ALLOWED_KEY = "bookwellCorsOrigin";

function setCorsHeaders(headers: Headers, origin: string): void {
  headers.set("access-control-allow-origin", origin);
  headers.set("access-control-expose-headers", CORS_EXPOSED_HEADERS);
  headers.append("vary", "Origin");
}

/**
 * CORS middleware: answers preflights (204 when any clinic — or the one named by `?clinic=` —
 * allows the origin, else 403) and adds `Access-Control-Allow-Origin` to responses whose origin
 * the route layer approved for the addressed clinic. Every other origin gets no CORS headers.
 *
 * @example
 * app.use("*", corsMiddleware(storage));
 */
export function corsMiddleware(storage: Storage): MiddlewareHandler {
  return async (c, next) => {
    const origin = crossOrigin(c);
    if (!origin) return next();
    const isPreflight =
      c.req.method === "OPTIONS" && c.req.header("access-control-request-method") !== undefined;
    if (isPreflight) {
      const clinicId = c.req.query("clinic");
      const clinics = clinicId
        ? [await storage.getClinic(clinicId)].filter((x) => x !== undefined)
        : await storage.listClinics();
      if (!clinics.some((clinic) => originAllowed(clinic.allowedOrigins, origin))) {
        return problemResponse(
          new BookwellError("ORIGIN_NOT_ALLOWED", `The origin ${origin} may not call this API`),
        );
      }
      const headers = new Headers();
      setCorsHeaders(headers, origin);
      headers.set("access-control-allow-methods", "GET, POST, PUT, PATCH, DELETE");
      headers.set("access-control-allow-headers", CORS_ALLOWED_HEADERS);
      headers.set("access-control-max-age", "600");
      return new Response(null, { status: 204, headers });
    }
    await next();
    if (c.get(CORS_ALLOWED_KEY as never) === origin) {
      // Responses built from `new Response` may have immutable headers; copy when needed.
      try {
        setCorsHeaders(c.res.headers, origin);
      } catch {
        const res = new Response(c.res.body, c.res);
        setCorsHeaders(res.headers, origin);
        c.res = res;
      }
    } else {
      try {
        c.res.headers.append("vary", "Origin");
      } catch {
        // immutable headers: nothing to add
      }
    }
  };
}
