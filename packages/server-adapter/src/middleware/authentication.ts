// Who is calling and for which clinic: the staff principal (API key or the team's own login) with
// a role the route allows, or, on public routes, the clinic the request names.

import { createMiddleware } from "hono/factory";
import { type AuthOptions, authenticate } from "../auth/authenticate.js";
import type { AuthCallback, Principal } from "../auth/principal.js";
import { BookwellError } from "../errors.js";
import type { ClinicRecord } from "../storage/storage.js";
import { crossOrigin, originAllowed } from "./cors.js";
import { resolvePublicClinic } from "./public-clinic.js";
import type { BookwellEnv, BookwellMiddlewareHandler } from "./variables.js";

/**
 * Authenticates the caller of a Bookwell route and scopes the request to one clinic, setting
 * `c.var.principal`, `c.var.clinic` and `c.var.actor`:
 *
 * - staff routes: the principal from your `auth` callback (tried first) or a Bookwell API key,
 *   else `401 UNAUTHORIZED`; a role the route does not allow is `403 FORBIDDEN`; the clinic is
 *   the principal's (a header cannot switch it);
 * - public routes: the clinic named by `X-Bookwell-Clinic` / `?clinic=`, or the server's only one
 *   (`404` unknown, `400 CLINIC_REQUIRED`); the principal is `null` and the actor `public`.
 *
 * The clinic's allowed origins are part of who may call it: a cross-origin request from a page
 * the clinic does not list is refused here, before anything runs (`403 ORIGIN_NOT_ALLOWED`).
 * Requests that matched no Bookwell route pass through untouched.
 *
 * @example
 * // the default chain's `authentication`, as createBookwellApp builds it from its `auth` option
 * const authentication = bookwellAuthentication({ callback: mySessionPrincipal, apiKeys: false });
 */
export function bookwellAuthentication(
  auth: AuthCallback | AuthOptions = {},
): BookwellMiddlewareHandler {
  const options: AuthOptions = typeof auth === "function" ? { callback: auth } : auth;
  return createMiddleware<BookwellEnv>(async (c, next) => {
    const route = c.var.route;
    if (!route) return next();
    const app = c.var.bookwell;
    let principal: Principal | null = null;
    let clinic: ClinicRecord;
    if (route.access === "staff") {
      principal = await authenticate(c, app.storage, options);
      const found = await app.cache.clinic(app.storage, principal.clinicId);
      if (!found) throw new BookwellError("UNAUTHORIZED", "The key's clinic does not exist");
      clinic = found;
      if (route.roles && !route.roles.includes(principal.role)) {
        throw new BookwellError("FORBIDDEN", `The ${principal.role} role may not do this`);
      }
    } else {
      clinic = await resolvePublicClinic(c, app);
    }
    const origin = crossOrigin(c);
    if (origin && !originAllowed(clinic.allowedOrigins, origin)) {
      throw new BookwellError(
        "ORIGIN_NOT_ALLOWED",
        `The origin ${origin} may not call this clinic's API`,
      );
    }
    c.set("principal", principal);
    c.set("clinic", clinic);
    c.set("actor", principal ? principal.actorId : "public");
    await next();
  });
}
