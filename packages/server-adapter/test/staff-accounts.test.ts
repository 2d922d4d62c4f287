// Staff accounts through the API, on PGlite and PostgreSQL: the first manager from the setup link,
// invites, sign-in without telling which part was wrong, the lock after repeated failures, TOTP
// with backup codes, roles as API keys have them, CSRF refusal, sign-out (here and everywhere),
// password change and deactivation ending sessions at once.

import { describe, expect, onTestFinished, test } from "vitest";
import { resolveStaffAccounts } from "../src/auth/staff-sessions.js";
import { totpCode } from "../src/auth/totp.js";
import { firstManagerLink, STAFF_INVITE_ROW_TYPE } from "../src/commands/staff-accounts.js";
import { startHousekeeping } from "../src/housekeeping.js";
import { type CallOptions, call, seededTest, testApp, testClock } from "./helpers.js";
import { postgresFactories, storageFactories } from "./storages.js";

/** Fast hashes for tests; the default cost is checked in passwords.test.ts. */
const staffAccounts = { passwordCost: { N: 2 ** 10, r: 8, p: 1 } };
const CSRF = { "x-bookwell-csrf": "1" };

/** The session token a reply's Set-Cookie stores ("" when it clears the cookie). */
function cookieOf(res: { headers: Headers }): string {
  const header = res.headers.get("set-cookie") ?? "";
  const match = /^bookwell_staff_session=([^;]*)/.exec(header);
  if (!match) throw new Error(`no session cookie in ${header}`);
  return match[1] as string;
}

/** Call options of a browser that holds `cookie` (and sends the CSRF header unless told not to). */
const as = (cookie: string, options: CallOptions = {}, csrf = true): CallOptions => ({
  ...options,
  headers: {
    cookie: `bookwell_staff_session=${cookie}`,
    ...(csrf ? CSRF : {}),
    ...options.headers,
  },
});

describe.each([...storageFactories, ...postgresFactories()])(
  "staff accounts on $name",
  (factory) => {
    async function setup() {
      const { storage, seed, clock, app } = await seededTest(factory, { staffAccounts });
      const settings = resolveStaffAccounts(staffAccounts);
      const link = await firstManagerLink(
        storage,
        seed.clinicId,
        settings,
        "http://localhost/staff/",
        clock(),
      );
      expect(link).toMatch(/^http:\/\/localhost\/staff\/#invite=/);
      // `bookwell serve` prints a new link at every start while the clinic has no user.
      const older = await firstManagerLink(storage, seed.clinicId, settings, "http://x/", clock());
      // A clinic with a user gets no second setup link.
      const token = (link as string).split("#invite=")[1] as string;
      const created = await call(app, "POST", "/v1/staff/auth/accept-invite", {
        headers: CSRF,
        body: { token, password: "manager password 1", email: "Mia@Clinic.example", name: "Mia" },
      });
      expect(created.status, created.text).toBe(200);
      expect(created.json.user).toMatchObject({ email: "mia@clinic.example", role: "manager" });
      expect(
        await firstManagerLink(storage, seed.clinicId, settings, "http://x/", clock()),
      ).toBeUndefined();
      const again = await call(app, "POST", "/v1/staff/auth/accept-invite", {
        headers: CSRF,
        body: { token, password: "another password", email: "eve@x.example", name: "Eve" },
      });
      expect(again.status).toBe(404);
      expect(again.json.code).toBe("LINK_INVALID");
      // Once the clinic has a manager, the older setup link is dead too.
      const stale = await call(app, "POST", "/v1/staff/auth/accept-invite", {
        headers: CSRF,
        body: {
          token: (older as string).split("#invite=")[1],
          password: "another password",
          email: "eve@x.example",
          name: "Eve",
        },
      });
      expect(stale.status).toBe(404);
      expect((await storage.listStaffUsers(seed.clinicId)).length).toBe(1);
      return { storage, seed, clock, app, manager: cookieOf(created) };
    }

    async function invite(
      ctx: Awaited<ReturnType<typeof setup>>,
      body: { email: string; name: string; role: string; calendarIds?: string[] },
      password = "a good password",
    ) {
      const invited = await call(ctx.app, "POST", "/v1/staff/users", as(ctx.manager, { body }));
      expect(invited.status, invited.text).toBe(201);
      const token = (invited.json.inviteUrl as string).split("#invite=")[1] as string;
      const accepted = await call(ctx.app, "POST", "/v1/staff/auth/accept-invite", {
        headers: CSRF,
        body: { token, password },
      });
      expect(accepted.status, accepted.text).toBe(200);
      return { id: invited.json.user.id as string, cookie: cookieOf(accepted) };
    }

    const signIn = (ctx: Awaited<ReturnType<typeof setup>>, email: string, password: string) =>
      call(ctx.app, "POST", "/v1/staff/auth/sign-in", { headers: CSRF, body: { email, password } });

    test("invite → password → sign-in; a wrong e-mail and a wrong password look alike; the cookie is HttpOnly and SameSite=Lax", async () => {
      const ctx = await setup();
      const invited = await call(
        ctx.app,
        "POST",
        "/v1/staff/users",
        as(ctx.manager, {
          body: { email: "joana@clinic.example", name: "Joana", role: "front_desk" },
        }),
      );
      expect(invited.status, invited.text).toBe(201);
      expect(invited.json.user).toMatchObject({
        passwordSet: false,
        active: true,
        totpEnabled: false,
      });
      // The invite e-mail is queued in the same unit of work, audited.
      const outbox = await ctx.storage.listOutbox(ctx.seed.clinicId);
      expect(outbox.filter((r) => r.type === STAFF_INVITE_ROW_TYPE)).toHaveLength(1);
      const audit = await ctx.storage.listAudit(ctx.seed.clinicId, {});
      expect(audit.map((a) => a.action)).toContain("staff_user.invited");
      // The same e-mail twice is a conflict.
      const twice = await call(
        ctx.app,
        "POST",
        "/v1/staff/users",
        as(ctx.manager, { body: { email: "JOANA@clinic.example", name: "J", role: "provider" } }),
      );
      expect(twice.status).toBe(409);

      const token = (invited.json.inviteUrl as string).split("#invite=")[1] as string;
      const short = await call(ctx.app, "POST", "/v1/staff/auth/accept-invite", {
        headers: CSRF,
        body: { token, password: "short" },
      });
      expect(short.status).toBe(400);
      expect(short.json.errors[0].field).toBe("password");
      const accepted = await call(ctx.app, "POST", "/v1/staff/auth/accept-invite", {
        headers: CSRF,
        body: { token, password: "joana's password" },
      });
      expect(accepted.status, accepted.text).toBe(200);

      const ok = await signIn(ctx, " Joana@Clinic.example ", "joana's password");
      expect(ok.status, ok.text).toBe(200);
      expect(ok.json.status).toBe("signed_in");
      const setCookie = ok.headers.get("set-cookie") as string;
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Lax/);
      expect(setCookie).toMatch(/Path=\//);
      expect(setCookie).toMatch(/Max-Age=43200/);
      expect(setCookie).not.toMatch(/Secure/);
      const session = await call(ctx.app, "GET", "/v1/staff/auth/session", as(cookieOf(ok)));
      expect(session.status, session.text).toBe(200);
      expect(session.json).toMatchObject({ role: "front_desk", user: { name: "Joana" } });
      expect(session.json.actorId).toBe(`user:${session.json.user.id}`);

      const wrongPassword = await signIn(ctx, "joana@clinic.example", "not her password");
      const unknownEmail = await signIn(ctx, "nobody@clinic.example", "joana's password");
      expect(wrongPassword.status).toBe(401);
      expect(unknownEmail.status).toBe(401);
      expect(wrongPassword.json).toEqual(unknownEmail.json);
      expect(wrongPassword.json.code).toBe("INVALID_CREDENTIALS");

      // Over HTTPS the cookie is Secure.
      const https = await ctx.app.request("https://clinic.example/v1/staff/auth/sign-in", {
        method: "POST",
        headers: { "content-type": "application/json", ...CSRF },
        body: JSON.stringify({ email: "joana@clinic.example", password: "joana's password" }),
      });
      expect(https.status).toBe(200);
      expect(https.headers.get("set-cookie")).toMatch(/; Secure/);
    });

    test("repeated failures lock the e-mail (429 + Retry-After), known or not, until the window passes", async () => {
      const ctx = await setup();
      for (let i = 0; i < 4; i++) {
        expect((await signIn(ctx, "mia@clinic.example", "wrong password")).status).toBe(401);
        expect((await signIn(ctx, "ghost@clinic.example", "wrong password")).status).toBe(401);
      }
      const fifth = await signIn(ctx, "mia@clinic.example", "wrong password");
      expect(fifth.status).toBe(429);
      expect(fifth.headers.get("retry-after")).toBe("900");
      expect((await signIn(ctx, "ghost@clinic.example", "wrong password")).status).toBe(429);
      // Locked: even the right password is refused, without checking it.
      expect((await signIn(ctx, "mia@clinic.example", "manager password 1")).status).toBe(429);
      ctx.clock.advance(16);
      const after = await signIn(ctx, "mia@clinic.example", "manager password 1");
      expect(after.status, after.text).toBe(200);
      const audit = await ctx.storage.listAudit(ctx.seed.clinicId, {});
      expect(
        audit.filter((a) => a.action === "staff_user.sign_in_failed").length,
      ).toBeGreaterThanOrEqual(10);
    });

    test("concurrent failed sign-ins are all counted (the lock cannot be outrun by parallel guesses)", async () => {
      const ctx = await setup();
      const results = await Promise.all(
        Array.from({ length: 12 }, () => signIn(ctx, "mia@clinic.example", "parallel guess")),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 401)).toHaveLength(4);
      expect(statuses.filter((s) => s === 429)).toHaveLength(8);
      const attempts = await ctx.storage.getSignInAttempts(ctx.seed.clinicId, "mia@clinic.example");
      expect(attempts?.failures).toBe(5);
      expect(attempts?.lockedUntil).toBeDefined();
    });

    test("TOTP: enrol with the otpauth URI, confirm, then sign-in needs a code (each code once) or a backup code (once)", async () => {
      const ctx = await setup();
      const ana = await invite(ctx, {
        email: "ana@clinic.example",
        name: "Ana",
        role: "provider",
        calendarIds: ["ana"],
      });
      const enrol = await call(ctx.app, "POST", "/v1/staff/auth/totp/enrol", as(ana.cookie));
      expect(enrol.status, enrol.text).toBe(200);
      expect(enrol.json.otpauthUri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
      const secret = enrol.json.secret as string;
      const bad = await call(
        ctx.app,
        "POST",
        "/v1/staff/auth/totp/confirm",
        as(ana.cookie, { body: { code: "000000" } }),
      );
      expect(bad.status).toBe(401);
      const confirmed = await call(
        ctx.app,
        "POST",
        "/v1/staff/auth/totp/confirm",
        as(ana.cookie, { body: { code: totpCode(secret, ctx.clock().getTime()) } }),
      );
      expect(confirmed.status, confirmed.text).toBe(200);
      const backupCodes = confirmed.json.backupCodes as string[];
      expect(backupCodes).toHaveLength(10);

      ctx.clock.advance(1);
      const first = await signIn(ctx, "ana@clinic.example", "a good password");
      expect(first.status).toBe(200);
      expect(first.json.status).toBe("totp_required");
      const pending = cookieOf(first);
      // The half-way session opens nothing else.
      expect((await call(ctx.app, "GET", "/v1/staff/auth/session", as(pending))).status).toBe(401);
      const wrong = await call(
        ctx.app,
        "POST",
        "/v1/staff/auth/totp",
        as(pending, { body: { code: "123456" } }),
      );
      expect(wrong.status).toBe(401);
      expect(wrong.json.code).toBe("INVALID_CODE");
      const code = totpCode(secret, ctx.clock().getTime());
      const second = await call(
        ctx.app,
        "POST",
        "/v1/staff/auth/totp",
        as(pending, { body: { code } }),
      );
      expect(second.status, second.text).toBe(200);
      const full = cookieOf(second);
      expect(full).not.toBe(pending);
      expect((await call(ctx.app, "GET", "/v1/staff/auth/session", as(full))).status).toBe(200);
      // The pending cookie was replaced: it cannot be used again.
      expect(
        (await call(ctx.app, "POST", "/v1/staff/auth/totp", as(pending, { body: { code } })))
          .status,
      ).toBe(401);

      // The same code again (same 30-second step) is refused on the next sign-in.
      const next = cookieOf(await signIn(ctx, "ana@clinic.example", "a good password"));
      const replay = await call(
        ctx.app,
        "POST",
        "/v1/staff/auth/totp",
        as(next, { body: { code } }),
      );
      expect(replay.status).toBe(401);
      const backup = await call(
        ctx.app,
        "POST",
        "/v1/staff/auth/totp",
        as(next, { body: { code: (backupCodes[0] as string).toUpperCase() } }),
      );
      expect(backup.status, backup.text).toBe(200);
      expect(backup.json.user.backupCodesLeft).toBe(9);
      const later = cookieOf(await signIn(ctx, "ana@clinic.example", "a good password"));
      const spent = await call(
        ctx.app,
        "POST",
        "/v1/staff/auth/totp",
        as(later, { body: { code: backupCodes[0] } }),
      );
      expect(spent.status).toBe(401);
    });

    test("roles are enforced as for API keys: a provider sees only granted calendars and no user list", async () => {
      const ctx = await setup();
      const ana = await invite(ctx, {
        email: "ana@clinic.example",
        name: "Ana",
        role: "provider",
        calendarIds: ["ana"],
      });
      const users = await call(ctx.app, "GET", "/v1/staff/users", as(ana.cookie));
      expect(users.status).toBe(403);
      expect(users.json.code).toBe("FORBIDDEN");
      const viaKey = await call(ctx.app, "GET", "/v1/staff/calendars", {
        key: ctx.seed.keys.provider,
      });
      const viaCookie = await call(ctx.app, "GET", "/v1/staff/calendars", as(ana.cookie));
      expect(viaCookie.status, viaCookie.text).toBe(200);
      expect(viaCookie.json).toEqual(viaKey.json);
      const managerList = await call(ctx.app, "GET", "/v1/staff/users", as(ctx.manager));
      expect(managerList.status).toBe(200);
      expect(managerList.json.users.map((u: { email: string }) => u.email)).toEqual([
        "ana@clinic.example",
        "mia@clinic.example",
      ]);
      expect(JSON.stringify(managerList.json)).not.toMatch(/scrypt|passwordHash|totpSecret/);
    });

    test("a cookie request that changes something without the CSRF header is refused (403), a GET is not", async () => {
      const ctx = await setup();
      const noHeader = await call(
        ctx.app,
        "POST",
        "/v1/staff/users",
        as(
          ctx.manager,
          { body: { email: "x@clinic.example", name: "X", role: "front_desk" } },
          false,
        ),
      );
      expect(noHeader.status).toBe(403);
      expect(noHeader.json.code).toBe("CSRF_HEADER_REQUIRED");
      expect(noHeader.json.errors[0].field).toBe("X-Bookwell-CSRF");
      expect((await ctx.storage.listStaffUsers(ctx.seed.clinicId)).length).toBe(1);
      expect(
        (await call(ctx.app, "GET", "/v1/staff/users", as(ctx.manager, {}, false))).status,
      ).toBe(200);
      const signInNoHeader = await call(ctx.app, "POST", "/v1/staff/auth/sign-in", {
        body: { email: "mia@clinic.example", password: "manager password 1" },
      });
      expect(signInNoHeader.status).toBe(403);
      // API keys are not cookies: no header needed.
      const viaKey = await call(ctx.app, "POST", "/v1/staff/users", {
        key: ctx.seed.keys.manager,
        body: { email: "x@clinic.example", name: "X", role: "front_desk" },
      });
      expect(viaKey.status, viaKey.text).toBe(201);
    });

    test("deactivating a user ends their sessions at once; sign-out and sign-out everywhere end sessions; the last manager stays", async () => {
      const ctx = await setup();
      const joana = await invite(ctx, {
        email: "joana@clinic.example",
        name: "Joana",
        role: "front_desk",
      });
      const other = cookieOf(await signIn(ctx, "joana@clinic.example", "a good password"));
      expect((await call(ctx.app, "GET", "/v1/staff/auth/session", as(other))).status).toBe(200);
      const off = await call(
        ctx.app,
        "PATCH",
        `/v1/staff/users/${joana.id}`,
        as(ctx.manager, { body: { active: false } }),
      );
      expect(off.status, off.text).toBe(200);
      expect(off.json.user.active).toBe(false);
      for (const cookie of [joana.cookie, other]) {
        expect((await call(ctx.app, "GET", "/v1/staff/auth/session", as(cookie))).status).toBe(401);
      }
      expect((await signIn(ctx, "joana@clinic.example", "a good password")).status).toBe(401);
      const audit = await ctx.storage.listAudit(ctx.seed.clinicId, {});
      const deactivated = audit.find((a) => a.action === "staff_user.deactivated");
      expect(deactivated?.detail).toMatchObject({
        sessionsEnded: 2,
        changes: { active: { from: true, to: false } },
      });

      // The only manager cannot deactivate or demote themselves.
      const mia = (await call(ctx.app, "GET", "/v1/staff/auth/session", as(ctx.manager))).json.user
        .id;
      const self = await call(
        ctx.app,
        "PATCH",
        `/v1/staff/users/${mia}`,
        as(ctx.manager, { body: { role: "front_desk" } }),
      );
      expect(self.status).toBe(409);

      // Sign-out ends this session only; sign-out everywhere ends them all.
      const second = cookieOf(await signIn(ctx, "mia@clinic.example", "manager password 1"));
      const third = cookieOf(await signIn(ctx, "mia@clinic.example", "manager password 1"));
      const out = await call(ctx.app, "POST", "/v1/staff/auth/sign-out", as(second));
      expect(out.status).toBe(204);
      expect(cookieOf(out)).toBe("");
      expect((await call(ctx.app, "GET", "/v1/staff/auth/session", as(second))).status).toBe(401);
      expect((await call(ctx.app, "GET", "/v1/staff/auth/session", as(third))).status).toBe(200);
      const everywhere = await call(
        ctx.app,
        "POST",
        "/v1/staff/auth/sign-out-everywhere",
        as(third),
      );
      expect(everywhere.status, everywhere.text).toBe(200);
      expect(everywhere.json.sessionsEnded).toBe(2);
      for (const cookie of [ctx.manager, third]) {
        expect((await call(ctx.app, "GET", "/v1/staff/auth/session", as(cookie))).status).toBe(401);
      }
    });

    test("sessions expire; a password change ends the other sessions and rotates this one", async () => {
      const ctx = await setup();
      const other = cookieOf(await signIn(ctx, "mia@clinic.example", "manager password 1"));
      const wrong = await call(
        ctx.app,
        "POST",
        "/v1/staff/auth/password",
        as(ctx.manager, { body: { currentPassword: "nope", newPassword: "a new long password" } }),
      );
      expect(wrong.status).toBe(401);
      expect(wrong.json.errors[0].field).toBe("currentPassword");
      const changed = await call(
        ctx.app,
        "POST",
        "/v1/staff/auth/password",
        as(ctx.manager, {
          body: { currentPassword: "manager password 1", newPassword: "a new long password" },
        }),
      );
      expect(changed.status, changed.text).toBe(204);
      const rotated = cookieOf(changed);
      expect(rotated).not.toBe(ctx.manager);
      for (const cookie of [ctx.manager, other]) {
        expect((await call(ctx.app, "GET", "/v1/staff/auth/session", as(cookie))).status).toBe(401);
      }
      expect((await call(ctx.app, "GET", "/v1/staff/auth/session", as(rotated))).status).toBe(200);
      expect((await signIn(ctx, "mia@clinic.example", "manager password 1")).status).toBe(401);
      ctx.clock.advance(12 * 60 + 1);
      expect((await call(ctx.app, "GET", "/v1/staff/auth/session", as(rotated))).status).toBe(401);
      // Housekeeping deletes the expired session; the setup links go once they expire too.
      const housekeeper = startHousekeeping({
        storage: ctx.storage,
        clock: ctx.clock,
        everyMs: 3_600_000,
      });
      try {
        expect((await housekeeper.runOnce()).staffSessions).toBe(1);
      } finally {
        await housekeeper.stop();
      }
      ctx.clock.advance(72 * 60);
      // The two setup links of `setup` (the used one and the older one) have expired by now.
      expect(await ctx.storage.deleteExpiredStaffSessions(ctx.clock())).toBe(2);
    });
  },
);

describe("staff accounts in the OpenAPI document", () => {
  test("every auth and user route is documented with its body, and no route shows a secret", async () => {
    const storage = await storageFactories[0]?.create();
    if (!storage) throw new Error("no storage");
    onTestFinished(() => storage.close());
    const doc = (await call(testApp(storage, testClock()), "GET", "/v1/openapi.json")).json;
    for (const [path, method] of [
      ["/v1/staff/auth/sign-in", "post"],
      ["/v1/staff/auth/totp", "post"],
      ["/v1/staff/auth/accept-invite", "post"],
      ["/v1/staff/auth/sign-out", "post"],
      ["/v1/staff/auth/sign-out-everywhere", "post"],
      ["/v1/staff/auth/session", "get"],
      ["/v1/staff/auth/password", "post"],
      ["/v1/staff/auth/totp/enrol", "post"],
      ["/v1/staff/auth/totp/confirm", "post"],
      ["/v1/staff/auth/totp/disable", "post"],
      ["/v1/staff/users", "get"],
      ["/v1/staff/users", "post"],
      ["/v1/staff/users/{id}", "patch"],
      ["/v1/staff/users/{id}/invite", "post"],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    const signIn = doc.paths["/v1/staff/auth/sign-in"].post;
    expect(signIn.requestBody.content["application/json"].schema.required).toEqual([
      "email",
      "password",
    ]);
    const user = JSON.stringify(doc.paths["/v1/staff/users"].get);
    expect(user).not.toMatch(/passwordHash|totpSecret|backupCodeHashes/);
  });
});
