// The staff app's session client: sign-in with e-mail and password (then a TOTP code when the user
// enrolled one), the signed-in user, sign-out here or everywhere, and invite links. It talks to
// `/v1/staff/auth/*` with the browser's session cookie (HttpOnly: scripts never see it) and sends
// the CSRF header the server requires on cookie requests that change something
// (docs/server/staff-auth.md).

import { StaffApiError, type StaffProblem } from "./api.js";

/** The header (value `1`) every cookie-authenticated request that changes something must carry. */
export const STAFF_CSRF_HEADER = "X-Bookwell-CSRF";

/** A staff user as the server shows it. */
export interface StaffSessionUser {
  id: string;
  email: string;
  name: string;
  role: "manager" | "front_desk" | "provider" | string;
  calendarIds: string[];
  active: boolean;
  passwordSet: boolean;
  totpEnabled: boolean;
  backupCodesLeft: number;
}

/** What a sign-in step answers: signed in, or a TOTP code is due next. */
export type SignInStep =
  | { status: "signed_in"; user: StaffSessionUser; expiresAt: string }
  | { status: "totp_required"; expiresAt: string };

/** The signed-in principal (`user` is null when the credentials are an API key). */
export interface StaffSessionInfo {
  clinicId: string;
  role: string;
  actorId: string;
  user: StaffSessionUser | null;
}

/** Options of {@link createSessionClient}. */
export interface SessionClientOptions {
  /** The API's base URL, e.g. `https://clinic.example/api` (the staff app's own origin). */
  api: string;
  /** The clinic's id, when the server has several (sent as `X-Bookwell-Clinic`). */
  clinic?: string | undefined;
  /** A fetch to use instead of the global one (tests). */
  fetch?: typeof fetch | undefined;
  /** The screen's language, sent as `Accept-Language` so refusals come worded in it (default en). */
  locale?: string | undefined;
}

/** The session calls the staff app needs. */
export interface SessionClient {
  /** First step: e-mail and password. */
  signIn(email: string, password: string): Promise<SignInStep>;
  /** Second step: a 6-digit TOTP code or a backup code. */
  verifyTotp(code: string): Promise<SignInStep>;
  /** Sets the password of an invite link (or, for the setup link, creates the first manager). */
  acceptInvite(input: {
    token: string;
    password: string;
    email?: string | undefined;
    name?: string | undefined;
  }): Promise<SignInStep>;
  /** Who is signed in, or `null` when nobody is (401). */
  me(): Promise<StaffSessionInfo | null>;
  /** Ends this browser's session. */
  signOut(): Promise<void>;
  /** Ends every session of the signed-in user; answers how many ended. */
  signOutEverywhere(): Promise<number>;
  /** The headers every cookie request to the staff API should carry (the CSRF header). */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Makes the session client of the staff app: cookie-credentialed requests to `/v1/staff/auth/*`,
 * problems thrown as {@link StaffApiError} (`INVALID_CREDENTIALS`, `INVALID_CODE`, `RATE_LIMITED`
 * with `retryAfterSeconds`, `LINK_INVALID`…).
 *
 * @example
 * const session = createSessionClient({ api: "/api" });
 * const step = await session.signIn("ana@clinic.example", "…");
 * if (step.status === "totp_required") await session.verifyTotp("492039");
 */
export function createSessionClient(options: SessionClientOptions): SessionClient {
  const base = options.api.replace(/\/+$/, "");
  const headers: Record<string, string> = {
    accept: "application/json",
    "accept-language": options.locale ?? "en",
    [STAFF_CSRF_HEADER]: "1",
    ...(options.clinic ? { "X-Bookwell-Clinic": options.clinic } : {}),
  };

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    let response: Response;
    try {
      response = await doFetch(`${base}/v1/staff/auth${path}`, {
        method,
        credentials: "include",
        headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new StaffApiError({ status: 0, code: "NETWORK", detail: String(error) });
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!response.ok) {
      const problem = (parsed ?? {}) as Partial<StaffProblem>;
      const retryAfter = Number(response.headers.get("retry-after") ?? Number.NaN);
      throw new StaffApiError({
        ...problem,
        status: response.status,
        code: problem.code ?? "HTTP_ERROR",
        ...(Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {}),
      } as StaffProblem);
    }
    return parsed as T;
  }

  return {
    headers,
    signIn: (email, password) => call("POST", "/sign-in", { email, password }),
    verifyTotp: (code) => call("POST", "/totp", { code }),
    acceptInvite: ({ token, password, email, name }) =>
      call("POST", "/accept-invite", {
        token,
        password,
        ...(email ? { email } : {}),
        ...(name ? { name } : {}),
      }),
    me: async () => {
      try {
        return await call<StaffSessionInfo>("GET", "/session");
      } catch (error) {
        if (error instanceof StaffApiError && error.status === 401) return null;
        throw error;
      }
    },
    signOut: () => call("POST", "/sign-out"),
    signOutEverywhere: async () =>
      (await call<{ sessionsEnded: number }>("POST", "/sign-out-everywhere")).sessionsEnded,
  };
}

/**
 * The invite token of the page's URL (`…#invite=<token>`), as the links `bookwell serve` prints and
 * invite e-mails carry; `undefined` when there is none.
 *
 * @example
 * inviteTokenFrom(location.hash); // "Zk3…" or undefined
 */
export function inviteTokenFrom(hash: string): string | undefined {
  const match = /(?:^#|&)invite=([A-Za-z0-9_-]{20,200})/.exec(hash);
  return match?.[1];
}
