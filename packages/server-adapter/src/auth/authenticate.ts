// Finds the staff principal of a request: the team's own auth callback first, then an API key.

import type { Context } from "hono";
import { BookwellError } from "../errors.js";
import type { Storage } from "../storage/storage.js";
import { API_KEY_PREFIX, hashSecret } from "./api-keys.js";
import { type AuthCallback, type Principal, ROLES } from "./principal.js";
import { csrfSafe, readSessionToken, STAFF_CSRF_HEADER } from "./staff-sessions.js";

/** How staff requests are authenticated. */
export interface AuthOptions {
  /** Your own login: return a principal or `null`. Tried before API keys. */
  callback?: AuthCallback;
  /** Accept Bookwell API keys (`Authorization: Bearer bw_sk_…` or `X-Api-Key`). Default true. */
  apiKeys?: boolean;
  /**
   * Accept the session cookie of a signed-in staff user (see docs/server/staff-auth.md). Default
   * true. Requests that change something with a cookie must send `X-Bookwell-CSRF: 1`.
   */
  sessions?: boolean;
}

/**
 * Reads an API key from `Authorization: Bearer …` or `X-Api-Key`.
 *
 * @example
 * readApiKey(c); // "bw_sk_…" or undefined
 */
export function readApiKey(c: Context): string | undefined {
  const header = c.req.header("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1]) return match[1];
  }
  return c.req.header("x-api-key")?.trim() || undefined;
}

function unauthorized(detail: string): BookwellError {
  return new BookwellError("UNAUTHORIZED", detail, {
    headers: { "WWW-Authenticate": 'Bearer realm="bookwell"' },
  });
}

/**
 * Authenticates a staff request or throws 401 `UNAUTHORIZED`. A callback's principal must name an
 * existing clinic and a known role.
 *
 * @example
 * const principal = await authenticate(c, storage, { apiKeys: true });
 */
export async function authenticate(
  c: Context,
  storage: Storage,
  options: AuthOptions,
): Promise<Principal> {
  if (options.callback) {
    const principal = await options.callback(c);
    if (principal) {
      if (!ROLES.includes(principal.role) || typeof principal.clinicId !== "string") {
        throw unauthorized("The auth callback returned an invalid principal");
      }
      if (!(await storage.getClinic(principal.clinicId))) {
        throw unauthorized("The principal's clinic does not exist");
      }
      return principal;
    }
  }
  if (options.apiKeys !== false) {
    const secret = readApiKey(c);
    if (secret?.startsWith(API_KEY_PREFIX) && secret.length <= 200) {
      const key = await storage.findApiKeyByHash(hashSecret(secret));
      if (key) {
        return {
          clinicId: key.clinicId,
          role: key.role,
          actorId: `api-key:${key.id}`,
          actorName: key.name,
          calendarIds: key.calendarIds,
        };
      }
    }
  }
  if (options.sessions !== false) {
    const principal = await sessionPrincipal(c, storage);
    if (principal) return principal;
  }
  throw unauthorized("Sign in, or send a valid staff API key: Authorization: Bearer bw_sk_…");
}

/**
 * The principal of the staff user whose session cookie the request carries: a full session (not
 * the half-way one of a pending second factor) that has not expired, of a user who is still
 * active. A cookie-authenticated request that changes something must carry the CSRF header
 * (`403 CSRF_HEADER_REQUIRED`).
 *
 * @example
 * const principal = await sessionPrincipal(c, storage); // or undefined
 */
export async function sessionPrincipal(
  c: Context,
  storage: Storage,
): Promise<Principal | undefined> {
  const token = readSessionToken(c);
  if (!token) return undefined;
  const tokenHash = hashSecret(token);
  const session = await storage.findStaffSession(tokenHash);
  const now = (c.get("now") as Date | undefined) ?? new Date();
  if (session?.stage !== "full" || Date.parse(session.expiresAt) <= now.getTime()) {
    return undefined;
  }
  const user = await storage.getStaffUser(session.clinicId, session.userId);
  if (!user?.active) return undefined;
  if (!csrfSafe(c)) {
    throw new BookwellError(
      "CSRF_HEADER_REQUIRED",
      `A signed-in request that changes something must send ${STAFF_CSRF_HEADER}: 1`,
      { errors: [{ field: STAFF_CSRF_HEADER, message: "must be 1" }] },
    );
  }
  return {
    clinicId: user.clinicId,
    role: user.role,
    actorId: `user:${user.id}`,
    actorName: user.name,
    calendarIds: user.calendarIds,
    session: { userId: user.id, tokenHash },
  };
}
