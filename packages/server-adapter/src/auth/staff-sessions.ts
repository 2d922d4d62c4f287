// Staff sessions on the wire: the session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS), the
// header that cookie-authenticated changes must carry (CSRF), and the settings of staff accounts.

import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { DEFAULT_PASSWORD_COST, type PasswordCost } from "./passwords.js";

/** The name of the staff session cookie. */
export const STAFF_SESSION_COOKIE = "bookwell_staff_session";

/**
 * The header a cookie-authenticated request must send on anything but GET/HEAD (value `1`): a
 * cross-site form cannot set it, and a cross-origin script needs a CORS preflight that only the
 * clinic's allowed origins pass.
 */
export const STAFF_CSRF_HEADER = "X-Bookwell-CSRF";

/** Settings of staff accounts (`createBookwellApp({ staffAccounts })`). */
export interface StaffAccountOptions {
  /** Accept session cookies on staff routes. Default true. */
  enabled?: boolean;
  /** How long a session lasts after sign-in, in hours (absolute, not sliding). Default 12. */
  sessionHours?: number;
  /** How long the second-factor step may take after the password, in minutes. Default 5. */
  totpStepMinutes?: number;
  /** How long an invite or setup link works, in hours. Default 72. */
  inviteHours?: number;
  /** Failed sign-ins of one e-mail before it is locked. Default 5. */
  maxFailures?: number;
  /** How long the lock lasts, in minutes (failures are counted over the same window). Default 15. */
  lockMinutes?: number;
  /** scrypt cost of new password hashes. Default {@link DEFAULT_PASSWORD_COST}. */
  passwordCost?: PasswordCost;
  /**
   * Where invite links point: the staff app's URL; the token is appended as `#invite=…`.
   * Default `/staff/` on the API's own origin.
   */
  appUrl?: string;
  /** `Secure` cookies: `auto` (default) when the request came over HTTPS. */
  secureCookie?: boolean | "auto";
}

/** {@link StaffAccountOptions} with every default filled in. */
export type StaffAccountSettings = Required<Omit<StaffAccountOptions, "appUrl">> & {
  appUrl?: string;
};

/**
 * Fills in the defaults of staff account settings.
 *
 * @example
 * resolveStaffAccounts({ sessionHours: 8 }).maxFailures; // 5
 */
export function resolveStaffAccounts(options: StaffAccountOptions = {}): StaffAccountSettings {
  const positive = (name: string, value: number | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    if (!Number.isFinite(value) || value <= 0)
      throw new RangeError(`staffAccounts.${name} must be > 0`);
    return value;
  };
  return {
    enabled: options.enabled ?? true,
    sessionHours: positive("sessionHours", options.sessionHours, 12),
    totpStepMinutes: positive("totpStepMinutes", options.totpStepMinutes, 5),
    inviteHours: positive("inviteHours", options.inviteHours, 72),
    maxFailures: positive("maxFailures", options.maxFailures, 5),
    lockMinutes: positive("lockMinutes", options.lockMinutes, 15),
    passwordCost: options.passwordCost ?? DEFAULT_PASSWORD_COST,
    secureCookie: options.secureCookie ?? "auto",
    ...(options.appUrl === undefined ? {} : { appUrl: options.appUrl }),
  };
}

/**
 * The session token the request's cookie carries, if any.
 *
 * @example
 * readSessionToken(c); // "…" or undefined
 */
export function readSessionToken(c: Context): string | undefined {
  const token = getCookie(c, STAFF_SESSION_COOKIE);
  return token && token.length <= 200 ? token : undefined;
}

function secure(c: Context, setting: StaffAccountSettings["secureCookie"]): boolean {
  if (setting !== "auto") return setting;
  return new URL(c.req.url).protocol === "https:";
}

/**
 * The `Set-Cookie` value that stores a session token until `expiresAt` (HttpOnly, SameSite=Lax,
 * Path=/, Secure over HTTPS).
 *
 * @example
 * sessionCookie(c, settings, token, expiresAt); // "bookwell_staff_session=…; Max-Age=43200; Path=/; HttpOnly; SameSite=Lax"
 */
export function sessionCookie(
  c: Context,
  settings: StaffAccountSettings,
  token: string,
  expiresAt: Date,
  now: Date,
): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  return [
    `${STAFF_SESSION_COOKIE}=${token}`,
    `Max-Age=${maxAge}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    ...(secure(c, settings.secureCookie) ? ["Secure"] : []),
  ].join("; ");
}

/**
 * The `Set-Cookie` value that removes the session cookie.
 *
 * @example
 * clearedSessionCookie(c, settings); // "bookwell_staff_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"
 */
export function clearedSessionCookie(c: Context, settings: StaffAccountSettings): string {
  return sessionCookie(c, settings, "", new Date(0), new Date(0));
}

/**
 * Tells whether a request that changes something carries the CSRF header (GET and HEAD need not).
 *
 * @example
 * if (!csrfSafe(c)) throw new BookwellError("CSRF_HEADER_REQUIRED", "…");
 */
export function csrfSafe(c: Context): boolean {
  const method = c.req.method.toUpperCase();
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return true;
  return c.req.header(STAFF_CSRF_HEADER) === "1";
}
