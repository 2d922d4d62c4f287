// The backend a clinic group already runs: its own users, its own login (bearer session tokens)
// and its own routes. Bookwell is mounted under /bookings-api, and Bookwell's staff routes trust
// this backend's login through the `auth` callback, which maps each user to a Bookwell principal.
// The team also works with Bookwell's middleware: it adds its own access log to Bookwell's chain
// (after authentication, where the caller is known) and reuses Bookwell's rate limiter and error
// handler on its own login route.
import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import {
  type AuthCallback,
  type BookwellMiddlewareHandler,
  bookwellErrorHandler,
  bookwellRateLimit,
  createBookwellApp,
  type Principal,
  type RateLimitOptions,
  type Storage,
} from "@bookwell/server-adapter";
import { type Context, Hono } from "hono";

/** The roles of this backend (its own words, not Bookwell's). */
export type TeamRole = "owner" | "reception" | "therapist";

/** A user of this backend. */
export interface User {
  id: string;
  name: string;
  email: string;
  /** The Bookwell clinic this user works for. */
  clinicId: string;
  role: TeamRole;
  /** For therapists: their own Bookwell calendar. */
  calendarId?: string;
  /** `salt:hash` from {@link hashPassword}. */
  passwordHash: string;
}

/**
 * Hashes a password with scrypt and a random salt, as `salt:hash` (hex).
 *
 * @example
 * const passwordHash = hashPassword("correct horse battery staple");
 */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `${salt.toString("hex")}:${scryptSync(password, salt, 32).toString("hex")}`;
}

function passwordMatches(password: string, stored: string): boolean {
  const [salt, hash] = stored.split(":");
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash, "hex");
  const actual = scryptSync(password, Buffer.from(salt, "hex"), expected.length);
  return timingSafeEqual(actual, expected);
}

/**
 * Maps a user of this backend to a Bookwell principal: owners manage everything, reception works
 * the front desk, therapists see only their own calendar.
 *
 * @example
 * principalFor({ id: "u3", name: "Ana", email: "ana@x", clinicId: "north", role: "therapist",
 *   calendarId: "ana", passwordHash }); // { role: "provider", calendarIds: ["ana"], … }
 */
export function principalFor(user: User): Principal {
  const who = { clinicId: user.clinicId, actorId: `user:${user.id}`, actorName: user.name };
  switch (user.role) {
    case "owner":
      return { ...who, role: "manager" };
    case "reception":
      return { ...who, role: "front_desk" };
    case "therapist":
      return { ...who, role: "provider", calendarIds: user.calendarId ? [user.calendarId] : [] };
  }
}

/** One line of the team's access log of Bookwell routes. */
export interface AccessLogEntry {
  /** Who called: `user:<id>` for a logged-in user, `public` for a patient. */
  actor: string;
  clinicId: string;
  method: string;
  path: string;
  status: number;
}

/** Options of {@link createBackend}. */
export interface BackendOptions {
  /** Bookwell's storage (PGlite on a directory or in memory, or PostgreSQL). */
  storage: Storage;
  users: readonly User[];
  /** How long a session lasts. Default 8 hours. */
  sessionMinutes?: number;
  /** Login attempts per client address. Default a burst of 10, then one every 5 seconds. */
  loginRateLimit?: RateLimitOptions;
  /** Told about every Bookwell route call that got past authentication. Default: nothing. */
  accessLog?: (entry: AccessLogEntry) => void;
}

/** The Hono app of this backend: its context carries the logged-in user. */
export type BackendApp = Hono<{ Variables: { user: User | undefined } }>;

/**
 * Builds the backend: `POST /auth/login`, `GET /me`, `GET /health` of its own, and Bookwell under
 * `/bookings-api` (public patient routes, staff routes behind this backend's login, OpenAPI).
 *
 * @example
 * const app = createBackend({ storage: await createPgliteStorage(), users });
 * const res = await app.request("/bookings-api/v1/services", { headers: { "x-bookwell-clinic": "north" } });
 */
export function createBackend(options: BackendOptions): BackendApp {
  const sessionMs = (options.sessionMinutes ?? 8 * 60) * 60_000;
  const sessions = new Map<string, { userId: string; expiresAt: number }>();
  const byEmail = new Map(options.users.map((u) => [u.email.toLowerCase(), u]));
  const byId = new Map(options.users.map((u) => [u.id, u]));

  /** The user of a request's `Authorization: Bearer <session token>`, if the session is live. */
  const userOf = (c: Context): User | undefined => {
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const session = token ? sessions.get(token) : undefined;
    if (!token || !session) return undefined;
    if (session.expiresAt <= Date.now()) {
      sessions.delete(token);
      return undefined;
    }
    return byId.get(session.userId);
  };

  // Bookwell asks this callback on every staff request, with the same Hono context: the user the
  // team's middleware below put there is visible. `null` means "not logged in": Bookwell answers
  // 401. API keys are switched off, so this login is the only way in.
  const auth: AuthCallback = (c) => {
    const user: User | undefined = c.get("user");
    return user ? principalFor(user) : null;
  };

  const app: BackendApp = new Hono();
  // Bookwell's middleware throw Bookwell problems; its error handler answers them (here: the
  // login rate limit's 429 with Retry-After, as application/problem+json).
  app.onError(bookwellErrorHandler());

  // The team's own middleware runs for every route, Bookwell's included. It must be registered
  // before Bookwell is mounted: Hono runs handlers in the order they were added.
  app.use("*", async (c, next) => {
    c.set("user", userOf(c));
    await next();
  });

  app.get("/health", (c) => c.json({ ok: true }));

  // Reuse: Bookwell's rate limiter guards the team's own login against password guessing.
  const loginLimit = bookwellRateLimit(
    options.loginRateLimit ?? { capacity: 10, refillPerSecond: 0.2 },
  );

  app.post("/auth/login", loginLimit, async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { email?: unknown; password?: unknown };
    const user = typeof body.email === "string" ? byEmail.get(body.email.toLowerCase()) : undefined;
    if (
      !user ||
      typeof body.password !== "string" ||
      !passwordMatches(body.password, user.passwordHash)
    ) {
      return c.json({ error: "wrong e-mail or password" }, 401);
    }
    const token = randomBytes(32).toString("base64url");
    sessions.set(token, { userId: user.id, expiresAt: Date.now() + sessionMs });
    return c.json({ token });
  });

  app.get("/me", (c) => {
    const user = c.get("user");
    if (!user) return c.json({ error: "log in first" }, 401);
    return c.json({ id: user.id, name: user.name, role: user.role, clinicId: user.clinicId });
  });

  // The team's own step in Bookwell's chain: after `authentication` the request's variables say
  // who called (`actor`) for which clinic; after `next()` the answer's status is known.
  const logAccess: BookwellMiddlewareHandler = async (c, next) => {
    await next();
    const { actor, clinic } = c.var;
    if (actor === undefined || !clinic) return;
    options.accessLog?.({
      actor,
      clinicId: clinic.id,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
    });
  };

  app.route(
    "/bookings-api",
    createBookwellApp({
      storage: options.storage,
      auth: { callback: auth, apiKeys: false },
      openapi: { title: "Physio Group bookings", serverUrl: "/bookings-api" },
      // Bookwell's middleware in the order they run; the team's access log goes in after
      // authentication. Reorder, drop or replace entries the same way (see docs/server/http-api.md).
      middleware: (m) => ({
        app: [m.cors, m.bodyLimit],
        route: [m.rateLimit, m.authentication, logAccess, m.validation, m.idempotency],
      }),
    }),
  );
  return app;
}
