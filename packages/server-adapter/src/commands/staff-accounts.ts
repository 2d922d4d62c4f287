// Staff accounts: sign-in with e-mail and password (and a TOTP code when enrolled), sessions,
// sign-out (here or everywhere), password change, TOTP enrolment, invites and the first manager,
// and the manager's changes to users. Password hashing (slow on purpose) runs before the unit of
// work, never inside the transaction; the command then checks the hash it verified is still the
// stored one.

import { generateManageToken, hashSecret, randomId } from "../auth/api-keys.js";
import { hashPassword, verifyPassword } from "../auth/passwords.js";
import type { Role } from "../auth/principal.js";
import type { StaffAccountSettings } from "../auth/staff-sessions.js";
import { backupCodeHash, checkTotp, newBackupCodes, newTotpSecret, totpUri } from "../auth/totp.js";
import { BookwellError } from "../errors.js";
import type {
  JsonObject,
  StaffSessionRecord,
  StaffUserInput,
  StaffUserRecord,
  Storage,
  StorageOperations,
} from "../storage/storage.js";
import { type CommandContext, runCommand, type UnitOfWork } from "./unit-of-work.js";

/** Outbox type of a staff invite e-mail. */
export const STAFF_INVITE_ROW_TYPE = "notify.staff_invite";

/** A new session: the plain token (for the cookie, never stored) and its record. */
export interface NewSession {
  token: string;
  session: StaffSessionRecord;
}

/** What a sign-in step answers. */
export type SignInResult =
  | { kind: "signed_in"; user: StaffUserRecord; created: NewSession }
  | { kind: "totp_required"; created: NewSession }
  | { kind: "refused"; code: "INVALID_CREDENTIALS" | "INVALID_CODE" }
  | { kind: "locked"; retryAfterSeconds: number };

/**
 * The e-mail as stored and compared: trimmed and lower-cased.
 *
 * @example
 * normalizeEmail("  Ana@Clinic.Example "); // "ana@clinic.example"
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const settingsOf = (ctx: CommandContext | UnitOfWork): StaffAccountSettings =>
  ctx.app.staffAccounts;

async function newSession(
  ops: StorageOperations,
  user: StaffUserRecord,
  stage: StaffSessionRecord["stage"],
  settings: StaffAccountSettings,
  now: Date,
): Promise<NewSession> {
  const token = generateManageToken();
  const lifetimeMs =
    stage === "full" ? settings.sessionHours * 3_600_000 : settings.totpStepMinutes * 60_000;
  const session: StaffSessionRecord = {
    tokenHash: hashSecret(token),
    clinicId: user.clinicId,
    userId: user.id,
    stage,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + lifetimeMs).toISOString(),
  };
  await ops.insertStaffSession(session);
  return { token, session };
}

/** The input of a user as stored again (record fields dropped). */
function inputOf(user: StaffUserRecord): StaffUserInput {
  const { clinicId: _c, version: _v, createdAt: _a, updatedAt: _u, ...input } = user;
  return input;
}

/** Seconds until `until`, at least 1. */
const secondsUntil = (until: string, now: Date) =>
  Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 1000));

/** Counts a failed attempt of `email`; answers the lock's end when it is now locked. */
async function recordFailure(
  work: UnitOfWork,
  email: string,
  user: StaffUserRecord | undefined,
  step: "password" | "code",
): Promise<string | undefined> {
  const settings = settingsOf(work);
  const windowMs = settings.lockMinutes * 60_000;
  const now = work.now;
  const current = await work.tx.getSignInAttempts(work.clinic.id, email);
  const fresh = !current || Date.parse(current.windowStart) + windowMs <= now.getTime();
  const failures = fresh ? 1 : current.failures + 1;
  const lockedUntil =
    failures >= settings.maxFailures ? new Date(now.getTime() + windowMs).toISOString() : undefined;
  await work.tx.putSignInAttempts(work.clinic.id, email, {
    failures,
    windowStart: fresh ? now.toISOString() : current.windowStart,
    ...(lockedUntil ? { lockedUntil } : {}),
  });
  await work.audit({
    action: "staff_user.sign_in_failed",
    entityType: "staff_user",
    entityId: user?.id ?? "unknown",
    actor: user ? `user:${user.id}` : "public",
    detail: { email, step, failures, locked: lockedUntil !== undefined },
  });
  return lockedUntil;
}

/** The lock of `email` in force at `now`, if any. */
async function lockOf(
  ops: StorageOperations,
  clinicId: string,
  email: string,
  now: Date,
): Promise<string | undefined> {
  const attempts = await ops.getSignInAttempts(clinicId, email);
  return attempts?.lockedUntil && Date.parse(attempts.lockedUntil) > now.getTime()
    ? attempts.lockedUntil
    : undefined;
}

/**
 * The end of a sign-in (with the password alone, or after the second factor): a full session and
 * the `staff_user.signed_in` audit entry by the user, with how they signed in as `detail`.
 */
async function signedIn(
  work: UnitOfWork,
  user: StaffUserRecord,
  settings: StaffAccountSettings,
  detail: JsonObject,
): Promise<SignInResult> {
  const created = await newSession(work.tx, user, "full", settings, work.now);
  await work.audit({
    action: "staff_user.signed_in",
    entityType: "staff_user",
    entityId: user.id,
    actor: `user:${user.id}`,
    detail,
  });
  return { kind: "signed_in", user, created };
}

/**
 * Signs a staff user in with e-mail and password: a full session, or — when the user enrolled a
 * TOTP second factor — a short session that only {@link verifySecondFactor} accepts. A wrong
 * e-mail, a wrong password, an inactive user and a user who never set a password all answer
 * `refused` alike (same work, same answer); after `maxFailures` failures within `lockMinutes`
 * the e-mail is `locked` for `lockMinutes`, whether it belongs to a user or not.
 *
 * @example
 * const result = await signIn(ctx, { email: "ana@clinic.example", password: "…" });
 * if (result.kind === "signed_in") setCookie(result.created.token);
 */
export async function signIn(
  ctx: CommandContext,
  input: { email: string; password: string },
): Promise<SignInResult> {
  const settings = settingsOf(ctx);
  const email = normalizeEmail(input.email);
  const clinicId = ctx.clinic.id;
  const storage = ctx.app.storage;
  const locked = await lockOf(storage, clinicId, email, ctx.now);
  if (locked) return { kind: "locked", retryAfterSeconds: secondsUntil(locked, ctx.now) };
  const found = await storage.findStaffUserByEmail(clinicId, email);
  const usable = found?.active ? found.passwordHash : undefined;
  const matches = await verifyPassword(input.password, usable, settings.passwordCost);
  return runCommand(ctx, async (work): Promise<SignInResult> => {
    await work.tx.lockKey(clinicId, `staff-sign-in:${email}`);
    const lockedNow = await lockOf(work.tx, clinicId, email, work.now);
    if (lockedNow) return { kind: "locked", retryAfterSeconds: secondsUntil(lockedNow, work.now) };
    const user = await work.tx.findStaffUserByEmail(clinicId, email);
    // The hash verified above must still be the stored one (a password change in between wins).
    if (!matches || !user?.active || user.passwordHash !== usable) {
      const lock = await recordFailure(work, email, user, "password");
      return lock
        ? { kind: "locked", retryAfterSeconds: secondsUntil(lock, work.now) }
        : { kind: "refused", code: "INVALID_CREDENTIALS" };
    }
    await work.tx.putSignInAttempts(clinicId, email, undefined);
    if (user.totpSecret) {
      const created = await newSession(work.tx, user, "totp", settings, work.now);
      return { kind: "totp_required", created };
    }
    return signedIn(work, user, settings, { secondFactor: false });
  });
}

/**
 * The second sign-in step: a TOTP code (each code once) or an unused backup code (then spent) for
 * the session {@link signIn} started. On success the short session is replaced by a full one (a new
 * token); failures count toward the same lock as wrong passwords, and a locked e-mail's pending
 * session ends.
 *
 * @example
 * const result = await verifySecondFactor(ctx, hashSecret(cookieToken), "492039");
 */
export async function verifySecondFactor(
  ctx: CommandContext,
  pendingTokenHash: string | undefined,
  code: string,
): Promise<SignInResult> {
  const settings = settingsOf(ctx);
  return runCommand(ctx, async (work): Promise<SignInResult> => {
    const pending = pendingTokenHash ? await work.tx.findStaffSession(pendingTokenHash) : undefined;
    const live =
      pending?.stage === "totp" &&
      pending.clinicId === work.clinic.id &&
      Date.parse(pending.expiresAt) > work.now.getTime();
    const user =
      live && pending ? await work.tx.getStaffUser(work.clinic.id, pending.userId) : undefined;
    if (!pending || !user?.active || !user.totpSecret) {
      return { kind: "refused", code: "INVALID_CODE" };
    }
    await work.tx.lockKey(work.clinic.id, `staff-sign-in:${user.email}`);
    const lockedNow = await lockOf(work.tx, work.clinic.id, user.email, work.now);
    if (lockedNow) {
      await work.tx.deleteStaffSession(pending.tokenHash);
      return { kind: "locked", retryAfterSeconds: secondsUntil(lockedNow, work.now) };
    }
    const fresh = await work.tx.getStaffUser(work.clinic.id, user.id);
    if (!fresh?.totpSecret) return { kind: "refused", code: "INVALID_CODE" };
    const step = checkTotp(fresh.totpSecret, code.trim(), work.now.getTime(), fresh.totpLastStep);
    const backup = step === undefined ? backupCodeHash(code) : undefined;
    const backupUsed = backup !== undefined && fresh.backupCodeHashes.includes(backup);
    if (step === undefined && !backupUsed) {
      const lock = await recordFailure(work, fresh.email, fresh, "code");
      if (lock) {
        await work.tx.deleteStaffSession(pending.tokenHash);
        return { kind: "locked", retryAfterSeconds: secondsUntil(lock, work.now) };
      }
      return { kind: "refused", code: "INVALID_CODE" };
    }
    const saved = await work.tx.updateStaffUser(work.clinic.id, {
      ...inputOf(fresh),
      ...(step === undefined ? {} : { totpLastStep: step }),
      backupCodeHashes: backupUsed
        ? fresh.backupCodeHashes.filter((h) => h !== backup)
        : fresh.backupCodeHashes,
    });
    await work.tx.putSignInAttempts(work.clinic.id, fresh.email, undefined);
    await work.tx.deleteStaffSession(pending.tokenHash);
    return signedIn(work, saved, settings, {
      secondFactor: true,
      backupCode: backupUsed,
      backupCodesLeft: saved.backupCodeHashes.length,
    });
  });
}

/**
 * Ends the session whose token hash the request's cookie carries (nothing when there is none).
 *
 * @example
 * await runCommand(ctx, (work) => signOut(work, hashSecret(token)));
 */
export async function signOut(work: UnitOfWork, tokenHash: string | undefined): Promise<void> {
  if (!tokenHash) return;
  const session = await work.tx.findStaffSession(tokenHash);
  if (!session || session.clinicId !== work.clinic.id) return;
  await work.tx.deleteStaffSession(tokenHash);
  await work.audit({
    action: "staff_user.signed_out",
    entityType: "staff_user",
    entityId: session.userId,
    actor: `user:${session.userId}`,
  });
}

/** The signed-in user of the request, or 401 when the caller is not a staff user (an API key). */
async function currentUser(work: UnitOfWork): Promise<StaffUserRecord> {
  const userId = work.request.principal?.session?.userId;
  const user = userId ? await work.tx.getStaffUser(work.clinic.id, userId) : undefined;
  if (!user?.active) {
    throw new BookwellError("UNAUTHORIZED", "Sign in with a staff account to do this");
  }
  return user;
}

/**
 * Ends every session of the signed-in user, this one included (lost phone, shared computer).
 *
 * @example
 * const ended = await signOutEverywhere(work); // 3
 */
export async function signOutEverywhere(work: UnitOfWork): Promise<number> {
  const user = await currentUser(work);
  const ended = await work.tx.deleteStaffSessions(work.clinic.id, user.id);
  return work.audited(ended, {
    action: "staff_user.signed_out_everywhere",
    entityType: "staff_user",
    entityId: user.id,
    detail: { sessions: ended },
  });
}

/**
 * Changes the signed-in user's password after checking the current one: every other session ends
 * and this one is replaced by a new token (answered, for the cookie).
 *
 * @example
 * const created = await changePassword(ctx, { currentPassword: "…", newPassword: "…" });
 */
export async function changePassword(
  ctx: CommandContext,
  input: { currentPassword: string; newPassword: string },
): Promise<NewSession> {
  const settings = settingsOf(ctx);
  const session = ctx.principal?.session;
  const before = session
    ? await ctx.app.storage.getStaffUser(ctx.clinic.id, session.userId)
    : undefined;
  const matches = await verifyPassword(
    input.currentPassword,
    before?.passwordHash,
    settings.passwordCost,
  );
  const nextHash = await hashPassword(input.newPassword, settings.passwordCost);
  return runCommand(ctx, async (work) => {
    const user = await currentUser(work);
    if (!matches || user.passwordHash !== before?.passwordHash) {
      throw new BookwellError("INVALID_CREDENTIALS", "The current password is wrong", {
        errors: [{ field: "currentPassword", message: "is wrong" }],
      });
    }
    const saved = await work.tx.updateStaffUser(work.clinic.id, {
      ...inputOf(user),
      passwordHash: nextHash,
    });
    await work.tx.deleteStaffSessions(work.clinic.id, user.id);
    const created = await newSession(work.tx, saved, "full", settings, work.now);
    return work.audited(created, {
      action: "staff_user.password_changed",
      entityType: "staff_user",
      entityId: user.id,
    });
  });
}

/**
 * Starts TOTP enrolment for the signed-in user: a new secret (kept pending until confirmed) and
 * the `otpauth://` URI an authenticator app reads (as a QR code or pasted).
 *
 * @example
 * const { secret, otpauthUri } = await startTotpEnrolment(work);
 */
export async function startTotpEnrolment(
  work: UnitOfWork,
): Promise<{ secret: string; otpauthUri: string }> {
  const user = await currentUser(work);
  const secret = newTotpSecret();
  await work.tx.updateStaffUser(work.clinic.id, { ...inputOf(user), totpPendingSecret: secret });
  await work.audit({
    action: "staff_user.totp_enrolment_started",
    entityType: "staff_user",
    entityId: user.id,
  });
  return { secret, otpauthUri: totpUri(secret, work.clinic.name, user.email) };
}

/**
 * Confirms TOTP enrolment with a current code: the second factor is on from the next sign-in, and
 * ten new backup codes are answered (shown once; only their hashes are kept).
 *
 * @example
 * const { backupCodes } = await confirmTotp(work, "492039");
 */
export async function confirmTotp(
  work: UnitOfWork,
  code: string,
): Promise<{ backupCodes: string[] }> {
  const user = await currentUser(work);
  const secret = user.totpPendingSecret;
  const step = secret ? checkTotp(secret, code.trim(), work.now.getTime()) : undefined;
  if (!secret || step === undefined) {
    throw new BookwellError(
      "INVALID_CODE",
      secret ? "The code is not valid" : "Start enrolment first",
      {
        errors: [
          { field: "code", message: secret ? "is not the current code" : "no enrolment started" },
        ],
      },
    );
  }
  const { codes, hashes } = newBackupCodes();
  const { totpPendingSecret: _p, ...rest } = inputOf(user);
  await work.tx.updateStaffUser(work.clinic.id, {
    ...rest,
    totpSecret: secret,
    totpLastStep: step,
    backupCodeHashes: hashes,
  });
  return work.audited(
    { backupCodes: codes },
    {
      action: "staff_user.totp_enabled",
      entityType: "staff_user",
      entityId: user.id,
    },
  );
}

/**
 * Turns the signed-in user's second factor off after checking their password.
 *
 * @example
 * await disableTotp(ctx, "the password");
 */
export async function disableTotp(ctx: CommandContext, password: string): Promise<void> {
  const settings = settingsOf(ctx);
  const session = ctx.principal?.session;
  const before = session
    ? await ctx.app.storage.getStaffUser(ctx.clinic.id, session.userId)
    : undefined;
  const matches = await verifyPassword(password, before?.passwordHash, settings.passwordCost);
  await runCommand(ctx, async (work) => {
    const user = await currentUser(work);
    if (!matches || user.passwordHash !== before?.passwordHash) {
      throw new BookwellError("INVALID_CREDENTIALS", "The password is wrong", {
        errors: [{ field: "password", message: "is wrong" }],
      });
    }
    const { totpSecret: _s, totpPendingSecret: _p, totpLastStep: _l, ...rest } = inputOf(user);
    await work.tx.updateStaffUser(work.clinic.id, { ...rest, backupCodeHashes: [] });
    await work.audit({
      action: "staff_user.totp_disabled",
      entityType: "staff_user",
      entityId: user.id,
    });
  });
}

/** A link's token, stored hashed, and the URL that carries it. */
function linkUrl(
  settings: StaffAccountSettings,
  requestUrl: string | undefined,
  token: string,
): string {
  const base =
    settings.appUrl ?? (requestUrl ? new URL("/staff/", requestUrl).toString() : "/staff/");
  return `${base}#invite=${token}`;
}

/** Checks that the calendars a user is granted exist in the clinic. */
async function checkCalendars(work: UnitOfWork, calendarIds: readonly string[]): Promise<void> {
  if (calendarIds.length === 0) return;
  const known = new Set((await work.tx.listCalendars(work.clinic.id)).map((c) => c.id));
  const unknown = calendarIds.findIndex((id) => !known.has(id));
  if (unknown >= 0) {
    throw new BookwellError("VALIDATION_FAILED", "Unknown calendar in calendarIds", {
      errors: [{ field: `calendarIds.${unknown}`, message: "no such calendar" }],
    });
  }
}

/** What a manager gives to invite a user. */
export interface InviteInput {
  email: string;
  name: string;
  role: Role;
  calendarIds: string[];
  /** Language of the invite e-mail (default the clinic's). */
  locale?: string | undefined;
}

/**
 * Invites a staff user: the user is stored (active, without a password) and an invite link that
 * works once for `inviteHours` is e-mailed to them through the outbox; the link is also answered,
 * for the manager to hand over when no e-mail goes out. 409 when the e-mail is taken.
 *
 * @example
 * const { user, inviteUrl } = await inviteStaffUser(work, { email, name, role: "front_desk", calendarIds: [] }, url);
 */
export async function inviteStaffUser(
  work: UnitOfWork,
  input: InviteInput,
  requestUrl?: string,
): Promise<{ user: StaffUserRecord; inviteUrl: string; expiresAt: string }> {
  const email = normalizeEmail(input.email);
  await work.tx.lockKey(work.clinic.id, `staff-email:${email}`);
  if (await work.tx.findStaffUserByEmail(work.clinic.id, email)) {
    throw new BookwellError("CONFLICT", "A staff user with this e-mail exists", {
      errors: [{ field: "email", message: "is taken by another staff user" }],
    });
  }
  await checkCalendars(work, input.calendarIds);
  const user = await work.tx.insertStaffUser(work.clinic.id, {
    id: randomId("usr"),
    email,
    name: input.name,
    role: input.role,
    calendarIds: input.role === "provider" ? input.calendarIds : [],
    active: true,
    backupCodeHashes: [],
  });
  const link = await issueLink(work, "invite", user.id, requestUrl);
  await work.message(STAFF_INVITE_ROW_TYPE, {
    v: 1,
    userId: user.id,
    link: link.url,
    locale: input.locale ?? work.clinic.locale,
  } as JsonObject);
  await work.audit({
    action: "staff_user.invited",
    entityType: "staff_user",
    entityId: user.id,
    detail: { email, role: user.role, calendarIds: user.calendarIds },
  });
  return { user, inviteUrl: link.url, expiresAt: link.expiresAt };
}

async function issueLink(
  work: UnitOfWork,
  purpose: "invite" | "setup",
  userId: string | undefined,
  requestUrl: string | undefined,
): Promise<{ url: string; expiresAt: string }> {
  const settings = settingsOf(work);
  const token = generateManageToken();
  const expiresAt = new Date(work.now.getTime() + settings.inviteHours * 3_600_000).toISOString();
  await work.tx.insertStaffToken({
    tokenHash: hashSecret(token),
    clinicId: work.clinic.id,
    purpose,
    ...(userId ? { userId } : {}),
    createdAt: work.now.toISOString(),
    expiresAt,
  });
  return { url: linkUrl(settings, requestUrl, token), expiresAt };
}

/**
 * A new invite link for a user who has not set a password yet (the old links keep working until
 * they expire). 409 when the user already has a password or is inactive.
 *
 * @example
 * const { inviteUrl } = await reinviteStaffUser(work, "usr_1", url);
 */
export async function reinviteStaffUser(
  work: UnitOfWork,
  userId: string,
  requestUrl?: string,
): Promise<{ user: StaffUserRecord; inviteUrl: string; expiresAt: string }> {
  const user = await work.tx.getStaffUser(work.clinic.id, userId);
  if (!user) throw new BookwellError("NOT_FOUND", `No staff user with id ${userId}`);
  if (user.passwordHash || !user.active) {
    throw new BookwellError(
      "CONFLICT",
      "Only an active user who has not set a password can be invited again",
    );
  }
  const link = await issueLink(work, "invite", user.id, requestUrl);
  await work.message(STAFF_INVITE_ROW_TYPE, {
    v: 1,
    userId: user.id,
    link: link.url,
    locale: work.clinic.locale,
  } as JsonObject);
  await work.audit({ action: "staff_user.reinvited", entityType: "staff_user", entityId: user.id });
  return { user, inviteUrl: link.url, expiresAt: link.expiresAt };
}

/** What a manager may change of a user (fields left out stay). */
export interface StaffUserPatch {
  name?: string | undefined;
  role?: Role | undefined;
  calendarIds?: string[] | undefined;
  active?: boolean | undefined;
}

/**
 * Changes a user's name, role, granted calendars or active flag, audited with what changed.
 * Deactivating ends the user's sessions at once; the clinic always keeps one active manager
 * with a password (409 otherwise).
 *
 * @example
 * await updateStaffUserAccount(work, "usr_1", { active: false });
 */
export async function updateStaffUserAccount(
  work: UnitOfWork,
  userId: string,
  patch: StaffUserPatch,
): Promise<StaffUserRecord> {
  await work.tx.lockKey(work.clinic.id, "staff-managers");
  const user = await work.tx.getStaffUser(work.clinic.id, userId);
  if (!user) throw new BookwellError("NOT_FOUND", `No staff user with id ${userId}`);
  if (patch.calendarIds) await checkCalendars(work, patch.calendarIds);
  const role = patch.role ?? user.role;
  const active = patch.active ?? user.active;
  const next: StaffUserInput = {
    ...inputOf(user),
    name: patch.name ?? user.name,
    role,
    calendarIds: role === "provider" ? (patch.calendarIds ?? user.calendarIds) : [],
    active,
  };
  const wasManager = user.role === "manager" && user.active && user.passwordHash !== undefined;
  if (wasManager && (role !== "manager" || !active)) {
    const others = (await work.tx.listStaffUsers(work.clinic.id)).filter(
      (u) => u.id !== user.id && u.role === "manager" && u.active && u.passwordHash !== undefined,
    );
    if (others.length === 0) {
      throw new BookwellError("CONFLICT", "The clinic would have no active manager left", {
        errors: [
          { field: patch.active === false ? "active" : "role", message: "keep one active manager" },
        ],
      });
    }
  }
  const saved = await work.tx.updateStaffUser(work.clinic.id, next);
  const ended = active ? 0 : await work.tx.deleteStaffSessions(work.clinic.id, user.id);
  const changes: JsonObject = {};
  for (const key of ["name", "role", "calendarIds", "active"] as const) {
    if (JSON.stringify(user[key]) !== JSON.stringify(saved[key])) {
      changes[key] = { from: user[key], to: saved[key] } as JsonObject;
    }
  }
  return work.audited(saved, {
    action: user.active && !active ? "staff_user.deactivated" : "staff_user.updated",
    entityType: "staff_user",
    entityId: user.id,
    detail: { changes, sessionsEnded: ended },
  });
}

/** What an invitee (or the first manager) sends with their link. */
export interface AcceptLinkInput {
  token: string;
  password: string;
  /** Setup links only: the first manager's e-mail and name. */
  email?: string | undefined;
  name?: string | undefined;
}

/**
 * Uses an invite link (the invitee sets their password) or the setup link of a clinic without a
 * manager (creates the first manager with the e-mail and name given; any other setup link dies
 * once the clinic has a user): the link works once, and the user is signed in. An unknown, used or expired link, or one of another clinic, is 404
 * `LINK_INVALID` alike.
 *
 * @example
 * const { user, created } = await acceptStaffLink(ctx, { token, password: "…" });
 */
export async function acceptStaffLink(
  ctx: CommandContext,
  input: AcceptLinkInput,
): Promise<{ user: StaffUserRecord; created: NewSession }> {
  const settings = settingsOf(ctx);
  const passwordHash = await hashPassword(input.password, settings.passwordCost);
  const tokenHash = hashSecret(input.token);
  return runCommand(ctx, async (work) => {
    const link = await work.tx.findStaffToken(tokenHash);
    const valid =
      link &&
      link.clinicId === work.clinic.id &&
      link.usedAt === undefined &&
      Date.parse(link.expiresAt) > work.now.getTime();
    if (!valid || !(await work.tx.useStaffToken(tokenHash, work.now))) {
      throw new BookwellError("LINK_INVALID", "This link is not valid or has expired");
    }
    let user: StaffUserRecord;
    if (link.purpose === "setup") {
      // A setup link only creates the first user: older printed links die once one was used.
      await work.tx.lockKey(work.clinic.id, "staff-managers");
      if ((await work.tx.listStaffUsers(work.clinic.id)).length > 0) {
        throw new BookwellError("LINK_INVALID", "This link is not valid or has expired");
      }
      if (!input.email || !input.name) {
        throw new BookwellError(
          "VALIDATION_FAILED",
          "The first manager needs an e-mail and a name",
          {
            errors: [
              { field: input.email ? "name" : "email", message: "is required for a setup link" },
            ],
          },
        );
      }
      const email = normalizeEmail(input.email);
      await work.tx.lockKey(work.clinic.id, `staff-email:${email}`);
      if (await work.tx.findStaffUserByEmail(work.clinic.id, email)) {
        throw new BookwellError("CONFLICT", "A staff user with this e-mail exists", {
          errors: [{ field: "email", message: "is taken by another staff user" }],
        });
      }
      user = await work.tx.insertStaffUser(work.clinic.id, {
        id: randomId("usr"),
        email,
        name: input.name,
        role: "manager",
        calendarIds: [],
        active: true,
        passwordHash,
        backupCodeHashes: [],
      });
    } else {
      const invited = link.userId
        ? await work.tx.getStaffUser(work.clinic.id, link.userId)
        : undefined;
      if (!invited?.active || invited.passwordHash) {
        throw new BookwellError("LINK_INVALID", "This link is not valid or has expired");
      }
      user = await work.tx.updateStaffUser(work.clinic.id, { ...inputOf(invited), passwordHash });
    }
    const created = await newSession(work.tx, user, "full", settings, work.now);
    await work.audit({
      action:
        link.purpose === "setup"
          ? "staff_user.first_manager_created"
          : "staff_user.invite_accepted",
      entityType: "staff_user",
      entityId: user.id,
      actor: `user:${user.id}`,
    });
    return { user, created };
  });
}

/**
 * A one-time link that creates the first manager of a clinic that has no staff user yet (what
 * `bookwell serve` prints on an empty database), or `undefined` when the clinic has users. The
 * token goes into the URL as `#invite=…`.
 *
 * @example
 * const link = await firstManagerLink(storage, "clinic-a", resolveStaffAccounts(), "http://127.0.0.1:3000/staff/", new Date());
 */
export async function firstManagerLink(
  storage: Storage,
  clinicId: string,
  settings: StaffAccountSettings,
  appUrl: string,
  now: Date,
): Promise<string | undefined> {
  return storage.transaction(async (tx) => {
    await tx.lockKey(clinicId, "staff-managers");
    if ((await tx.listStaffUsers(clinicId)).length > 0) return undefined;
    const token = generateManageToken();
    await tx.insertStaffToken({
      tokenHash: hashSecret(token),
      clinicId,
      purpose: "setup",
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + settings.inviteHours * 3_600_000).toISOString(),
    });
    await tx.appendAudit(clinicId, {
      at: now,
      actor: "cli",
      action: "staff_user.setup_link_issued",
      entityType: "staff_user",
      entityId: "setup",
      detail: {},
    });
    return linkUrl({ ...settings, appUrl }, undefined, token);
  });
}
