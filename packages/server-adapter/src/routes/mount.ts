// Wires each RouteSpec into Hono: clinic scope, auth and roles, CORS check, rate limit, input
// validation, idempotency, the handler, rendering. One path for every route.

import type { Context, Hono } from "hono";
import type { z } from "zod";
import { type AuthOptions, authenticate } from "../auth/authenticate.js";
import type { Principal } from "../auth/principal.js";
import { BookwellError, type ProblemFieldError, toBookwellError } from "../errors.js";
import { CORS_ALLOWED_KEY, crossOrigin, originAllowed } from "../middleware/cors.js";
import {
  claimKey,
  finishKey,
  IDEMPOTENCY_HEADER,
  readIdempotencyKey,
  requestFingerprint,
} from "../middleware/idempotency.js";
import {
  clientAddress,
  type RateLimitOptions,
  type RateLimitStore,
} from "../middleware/rate-limit.js";
import type { AppContext, IdempotencyHandle, RequestContext } from "../services/context.js";
import type { ClinicRecord, StoredResponse } from "../storage/storage.js";
import type { AnyRouteSpec } from "./define.js";
import { renderProblem, renderReply, toResponse } from "./render.js";
import { isStorableText, unstorableFields } from "./storable-text.js";

/** The rate limiter the route layer applies to public routes. */
export interface RateLimiter {
  store: RateLimitStore;
  options: RateLimitOptions;
}

/** What the route layer needs besides the app context. */
export interface MountOptions {
  auth: AuthOptions;
  rateLimiter: RateLimiter | null;
}

/**
 * Turns zod issues into problem field errors; unknown keys are named one by one.
 *
 * @example
 * issuesToFields(result.error.issues); // [{ field: "client.email", message: "must be an e-mail address" }]
 */
export function issuesToFields(issues: readonly z.core.$ZodIssue[]): ProblemFieldError[] {
  const fields: ProblemFieldError[] = [];
  for (const issue of issues) {
    const base = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        fields.push({ field: [...base, key].join("."), message: "is not a known field" });
      }
      continue;
    }
    fields.push({ field: base.join(".") || "(body)", message: issue.message });
  }
  return fields;
}

function parseWith<S extends z.ZodType>(
  schema: S | undefined,
  value: unknown,
  where: string,
): z.output<S> | undefined {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = issuesToFields(result.error.issues);
  const first = errors[0];
  throw new BookwellError(
    "VALIDATION_FAILED",
    first ? `Invalid ${where}: ${first.field} ${first.message}` : `Invalid ${where}`,
    { errors },
  );
}

async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return {};
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (!/^application\/(?:[\w.+-]+\+)?json\b/.test(type)) {
    throw new BookwellError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new BookwellError("MALFORMED_JSON", "The request body is not valid JSON");
  }
}

const clinicCaches = new WeakMap<AppContext, { at: number; clinics: ClinicRecord[] }>();

/**
 * Finds the clinic of a public request: `X-Bookwell-Clinic` header, else `clinic` query parameter,
 * else the only clinic of the server. Unknown clinics are 404; several clinics and none named is
 * 400 `CLINIC_REQUIRED`.
 *
 * @example
 * const clinic = await resolvePublicClinic(c, app);
 */
export async function resolvePublicClinic(c: Context, app: AppContext): Promise<ClinicRecord> {
  const named = c.req.header("x-bookwell-clinic")?.trim() || c.req.query("clinic")?.trim();
  if (named) {
    // An id no clinic can have (too long, or text the database cannot hold) is simply unknown.
    const possible = named.length <= 128 && isStorableText(named);
    const clinic = possible ? await app.cache.clinic(app.storage, named) : undefined;
    if (!clinic) throw new BookwellError("NOT_FOUND", "No such clinic");
    return clinic;
  }
  // The list of clinics is cached briefly while it has exactly one entry (the common case).
  const nowMs = Date.now();
  let cache = clinicCaches.get(app);
  if (!cache || nowMs - cache.at > 5_000 || cache.clinics.length !== 1) {
    cache = { at: nowMs, clinics: await app.storage.listClinics() };
    clinicCaches.set(app, cache);
  }
  const [only, ...others] = cache.clinics;
  if (only && others.length === 0) return (await app.cache.clinic(app.storage, only.id)) ?? only;
  throw new BookwellError(
    "CLINIC_REQUIRED",
    "This server hosts several clinics (or none): name one with the X-Bookwell-Clinic header or the clinic query parameter",
    { errors: [{ field: "X-Bookwell-Clinic", message: "is required on this server" }] },
  );
}

async function applyRateLimit(c: Context, app: AppContext, limiter: RateLimiter): Promise<void> {
  const key = limiter.options.key
    ? limiter.options.key(c)
    : clientAddress(c, limiter.options.trustProxy ?? false);
  const decision = await limiter.store.take(key, app.now().getTime());
  if (!decision.allowed) {
    throw new BookwellError("RATE_LIMITED", "Too many requests; slow down", {
      headers: { "Retry-After": String(decision.retryAfterSeconds) },
    });
  }
}

/**
 * Lets a browser read a problem answered before the route could check the origin (`429`, `413`,
 * an unknown path): when the request names — or the server has only — a clinic that allows its
 * `Origin`, the CORS middleware adds `Access-Control-Allow-Origin` on the way out, so the widget
 * sees the `Retry-After` instead of a bare network error. Never throws.
 *
 * @example
 * await approveOriginForProblem(c, app); // before returning the 429
 */
export async function approveOriginForProblem(c: Context, app: AppContext): Promise<void> {
  const origin = crossOrigin(c);
  if (!origin) return;
  try {
    const clinic = await resolvePublicClinic(c, app);
    if (originAllowed(clinic.allowedOrigins, origin)) {
      c.set(CORS_ALLOWED_KEY as never, origin as never);
    }
  } catch {
    // Unknown or unnamed clinic: no CORS headers, as for any origin we cannot vouch for.
  }
}

function actorOf(principal: Principal | null): string {
  if (!principal) return "public";
  return principal.actorId;
}

/**
 * Registers every route of the table on a Hono app.
 *
 * @example
 * mountRoutes(app, [...publicRoutes, ...staffRoutes], appContext, { auth: {}, rateLimiter: null });
 */
export function mountRoutes(
  hono: Hono,
  routes: readonly AnyRouteSpec[],
  app: AppContext,
  options: MountOptions,
): void {
  for (const route of routes) {
    hono.on(route.method.toUpperCase(), route.path, async (c) => {
      let clinicId: string | undefined;
      let handle: IdempotencyHandle | null = null;
      let rendered: StoredResponse;
      try {
        // 1. Who and which clinic.
        let principal: Principal | null = null;
        let clinic: ClinicRecord;
        if (route.access === "staff") {
          principal = await authenticate(c, app.storage, options.auth);
          const found = await app.cache.clinic(app.storage, principal.clinicId);
          if (!found) throw new BookwellError("UNAUTHORIZED", "The key's clinic does not exist");
          clinic = found;
          if (route.roles && !route.roles.includes(principal.role)) {
            throw new BookwellError("FORBIDDEN", `The ${principal.role} role may not do this`);
          }
        } else {
          if (options.rateLimiter) {
            try {
              await applyRateLimit(c, app, options.rateLimiter);
            } catch (error) {
              await approveOriginForProblem(c, app);
              throw error;
            }
          }
          clinic = await resolvePublicClinic(c, app);
        }
        clinicId = clinic.id;
        const origin = crossOrigin(c);
        if (origin) {
          if (!originAllowed(clinic.allowedOrigins, origin)) {
            throw new BookwellError(
              "ORIGIN_NOT_ALLOWED",
              `The origin ${origin} may not call this clinic's API`,
            );
          }
          c.set(CORS_ALLOWED_KEY as never, origin as never);
        }

        // 2. Input: text the database cannot store is refused before any schema sees it.
        const rawParams = c.req.param();
        const rawQuery = c.req.query();
        const rawBody = route.body ? await readJsonBody(c) : undefined;
        const unstorable = [
          ...unstorableFields(rawParams),
          ...unstorableFields(rawQuery),
          ...unstorableFields(rawBody),
        ];
        if (unstorable.length > 0) {
          throw new BookwellError(
            "VALIDATION_FAILED",
            `Invalid request: ${unstorable[0]?.field} ${unstorable[0]?.message}`,
            { errors: unstorable },
          );
        }
        const params = parseWith(route.params, rawParams, "path");
        const query = parseWith(route.query, rawQuery, "query");
        const body = parseWith(route.body, rawBody, "body");

        // 3. Idempotency.
        const key = route.idempotent
          ? readIdempotencyKey(c.req.header(IDEMPOTENCY_HEADER))
          : undefined;
        const actor = actorOf(principal);
        if (key !== undefined) {
          const fingerprint = requestFingerprint(actor, c.req.method, c.req.path, rawBody);
          const claim = await claimKey(app, clinic.id, key, fingerprint);
          if (claim.kind === "replay") return toResponse(claim.response, true);
          handle = claim.handle;
        }

        // 4. The handler.
        const ctx: RequestContext = {
          app,
          hono: c,
          clinic,
          principal,
          actor,
          now: app.now(),
          idempotency: handle,
        };
        const reply = await route.handler({ params, query, body, raw: rawBody }, ctx);
        rendered = handle?.stored ?? renderReply(reply);
      } catch (error) {
        const problem = toBookwellError(error);
        if (problem.status >= 500) app.logError(error);
        if (handle) handle.stored = undefined;
        rendered = renderProblem(problem);
      }
      if (handle && clinicId !== undefined) {
        try {
          await finishKey(app, clinicId, handle, rendered);
        } catch (error) {
          app.logError(error);
        }
      }
      return toResponse(rendered);
    });
  }
}

function routePattern(path: string): RegExp {
  let source = "";
  // `:name{pattern}` keeps its pattern, `:name` is one segment, the rest is literal.
  const parts = path.split(/(:[A-Za-z_][A-Za-z0-9_]*(?:\{[^}]*\})?)/);
  for (const part of parts) {
    if (part.startsWith(":")) {
      const custom = /\{([^}]*)\}$/.exec(part);
      source += custom ? `(?:${custom[1]})` : "[^/]+";
    } else {
      source += part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}$`);
}

/**
 * The methods some route answers on `path` (a path under the app root, e.g. `/v1/bookings`),
 * upper-case and sorted; empty when no route has that path. Used for `405` + `Allow`.
 *
 * @example
 * allowedMethods(allRoutes, "/v1/bookings"); // ["POST"]
 * allowedMethods(allRoutes, "/v1/holds/hold_1"); // ["DELETE"]
 */
export function allowedMethods(routes: readonly AnyRouteSpec[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (routePattern(route.path).test(path)) methods.add(route.method.toUpperCase());
  }
  return [...methods].sort();
}
