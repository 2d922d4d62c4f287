// Finds the staff principal of a request: the team's own auth callback first, then an API key.

import type { Context } from "hono";
import { BookwellError } from "../errors.js";
import type { Storage } from "../storage/storage.js";
import { API_KEY_PREFIX, hashSecret } from "./api-keys.js";
import { type AuthCallback, type Principal, ROLES } from "./principal.js";

/** How staff requests are authenticated. */
export interface AuthOptions {
  /** Your own login: return a principal or `null`. Tried before API keys. */
  callback?: AuthCallback;
  /** Accept Bookwell API keys (`Authorization: Bearer bw_sk_…` or `X-Api-Key`). Default true. */
  apiKeys?: boolean;
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
  throw unauthorized("Send a valid staff API key: Authorization: Bearer bw_sk_…");
}
