// Staff accounts over HTTP: sign-in (password, then a TOTP code when enrolled), sign-out here or
// everywhere, password change, TOTP enrolment, invite links, and the manager's user list. Each
// route translates HTTP (the session cookie, the CSRF header) to one command and back.

import { z } from "zod";
import { hashSecret } from "../../auth/api-keys.js";
import { PASSWORD_LIMITS } from "../../auth/passwords.js";
import { ROLES, type Role } from "../../auth/principal.js";
import {
  clearedSessionCookie,
  csrfSafe,
  readSessionToken,
  STAFF_CSRF_HEADER,
  sessionCookie,
} from "../../auth/staff-sessions.js";
import {
  acceptStaffLink,
  changePassword,
  confirmTotp,
  disableTotp,
  inviteStaffUser,
  type NewSession,
  reinviteStaffUser,
  type SignInResult,
  signIn,
  signOut,
  signOutEverywhere,
  startTotpEnrolment,
  updateStaffUserAccount,
  verifySecondFactor,
} from "../../commands/staff-accounts.js";
import { runCommand } from "../../commands/unit-of-work.js";
import { BookwellError } from "../../errors.js";
import type { RequestContext } from "../../services/context.js";
import type { StaffUserRecord } from "../../storage/storage.js";
import { asBody, NO_STORE } from "../command-reply.js";
import type { Reply } from "../define.js";
import { publicRoute } from "../public/shared.js";
import { created, ok } from "../responses.js";
import { integer } from "../schemas/common.js";
import { idParam } from "../schemas/public.js";
import { MANAGER, namedFields, staffRoute } from "./shared.js";

/** The OpenAPI tag of the sign-in routes. */
const AUTH_TAGS = ["staff auth"] as const;
/** The OpenAPI tag of the user routes. */
const USER_TAGS = ["staff", "staff users"] as const;

const email = z
  .string()
  .trim()
  .max(254, "must have at most 254 characters")
  .pipe(z.email({ message: "must be an e-mail address" }));
const password = z
  .string()
  .min(PASSWORD_LIMITS.min, `must have at least ${PASSWORD_LIMITS.min} characters`)
  .max(PASSWORD_LIMITS.max, `must have at most ${PASSWORD_LIMITS.max} characters`);
const anyPassword = z.string().min(1, "is required").max(PASSWORD_LIMITS.max);
const code = z.string().trim().min(6, "must be a 6-digit code or a backup code").max(20);
const role = z
  .enum(ROLES as [Role, ...Role[]])
  .meta({ description: "manager | front_desk | provider" });
const calendarIds = z.array(z.string().min(1).max(200)).max(500);

/** A staff user as the API shows it (never a hash or a secret). */
const staffUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.string(),
  calendarIds: z.array(z.string()),
  active: z.boolean(),
  passwordSet: z.boolean().meta({ description: "false until the invite is accepted" }),
  totpEnabled: z.boolean(),
  backupCodesLeft: integer,
  createdAt: z.string(),
  updatedAt: z.string(),
});

/**
 * A staff user as the API shows it: no password hash, TOTP secret or backup code hashes.
 *
 * @example
 * presentStaffUser(user); // { id, email, name, role, calendarIds, active, passwordSet, totpEnabled, … }
 */
export function presentStaffUser(user: StaffUserRecord) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    calendarIds: user.calendarIds,
    active: user.active,
    passwordSet: user.passwordHash !== undefined,
    totpEnabled: user.totpSecret !== undefined,
    backupCodesLeft: user.backupCodeHashes.length,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

const signInResponse = z.object({
  status: z.enum(["signed_in", "totp_required"]),
  user: staffUser.optional(),
  expiresAt: z.string(),
});

const problemOf = (description: string) => ({ description });

/** Refuses a cookie request that changes something without the CSRF header. */
function requireCsrf(ctx: RequestContext): void {
  if (!csrfSafe(ctx.hono)) {
    throw new BookwellError(
      "CSRF_HEADER_REQUIRED",
      `Send ${STAFF_CSRF_HEADER}: 1 with this request`,
      { errors: [{ field: STAFF_CSRF_HEADER, message: "must be 1" }] },
    );
  }
}

/** The reply that stores a new session in the cookie. */
function withSession(
  ctx: RequestContext,
  created: NewSession,
  reply: Omit<Reply, "headers">,
): Reply {
  const cookie = sessionCookie(
    ctx.hono,
    ctx.app.staffAccounts,
    created.token,
    new Date(created.session.expiresAt),
    ctx.now,
  );
  return { ...reply, headers: { ...NO_STORE, "set-cookie": cookie } };
}

/** The reply of a sign-in step, or the problem it ended in. */
function signInReply(ctx: RequestContext, result: SignInResult): Reply {
  if (result.kind === "locked") {
    throw new BookwellError("RATE_LIMITED", "Too many failed sign-ins; try again later", {
      headers: { "Retry-After": String(result.retryAfterSeconds) },
    });
  }
  if (result.kind === "refused") {
    throw result.code === "INVALID_CODE"
      ? new BookwellError("INVALID_CODE", "The code is not valid", {
          errors: [{ field: "code", message: "is not valid" }],
        })
      : new BookwellError("INVALID_CREDENTIALS", "The e-mail or password is wrong");
  }
  const expiresAt = result.created.session.expiresAt;
  return withSession(ctx, result.created, {
    status: 200,
    body:
      result.kind === "signed_in"
        ? { status: "signed_in", user: presentStaffUser(result.user), expiresAt }
        : { status: "totp_required", expiresAt },
  });
}

const cookieTokenHash = (ctx: RequestContext) => {
  const token = readSessionToken(ctx.hono);
  return token ? hashSecret(token) : undefined;
};

const csrfDescription = `Browsers send the session cookie; requests that change something must also send \`${STAFF_CSRF_HEADER}: 1\` (403 \`CSRF_HEADER_REQUIRED\` otherwise).`;

/** `POST /v1/staff/auth/sign-in` */
export const signInRoute = publicRoute({
  method: "post",
  path: "/v1/staff/auth/sign-in",
  operationId: "staffSignIn",
  summary: "Sign in with e-mail and password",
  description: `Answers the session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS). When the user enrolled a TOTP second factor, the cookie only allows \`POST /v1/staff/auth/totp\` for a few minutes (\`status: totp_required\`). A wrong e-mail and a wrong password are the same 401 \`INVALID_CREDENTIALS\`; after repeated failures the e-mail is locked for a while (429 with Retry-After). The clinic is the request's (\`X-Bookwell-Clinic\`, or the server's only one). ${csrfDescription}`,
  tags: AUTH_TAGS,
  body: z.strictObject({ email, password: anyPassword }),
  responses: ok("Signed in, or the second factor is due", signInResponse, {
    401: problemOf("INVALID_CREDENTIALS"),
    429: problemOf("RATE_LIMITED: too many failures for this e-mail"),
  }),
  handler: async ({ body }, ctx) => {
    requireCsrf(ctx);
    return signInReply(ctx, await signIn(ctx, body));
  },
});

/** `POST /v1/staff/auth/totp` */
export const totpStepRoute = publicRoute({
  method: "post",
  path: "/v1/staff/auth/totp",
  operationId: "staffSignInTotp",
  summary: "The second sign-in step: a TOTP code or a backup code",
  description: `Needs the cookie of a sign-in that answered \`totp_required\`; replaces it with a full session. Each TOTP code works once; a backup code is spent. Failures count toward the e-mail's lock. ${csrfDescription}`,
  tags: AUTH_TAGS,
  body: z.strictObject({ code }),
  responses: ok("Signed in", signInResponse, {
    401: problemOf("INVALID_CODE"),
    429: problemOf("RATE_LIMITED"),
  }),
  handler: async ({ body }, ctx) => {
    requireCsrf(ctx);
    return signInReply(ctx, await verifySecondFactor(ctx, cookieTokenHash(ctx), body.code));
  },
});

/** `POST /v1/staff/auth/accept-invite` */
export const acceptInviteRoute = publicRoute({
  method: "post",
  path: "/v1/staff/auth/accept-invite",
  operationId: "staffAcceptInvite",
  summary: "Set a password with an invite link (or create the first manager with the setup link)",
  description: `The token is the \`#invite=…\` part of the link. An invite link sets the invited user's password; the setup link that \`bookwell serve\` prints on an empty database creates the first manager from \`email\` and \`name\`. Links work once, until they expire; an unknown, used or expired link is 404 \`LINK_INVALID\`. Answers a signed-in session. ${csrfDescription}`,
  tags: AUTH_TAGS,
  body: z.strictObject({
    token: z.string().min(20, "is not a link token").max(200),
    password,
    email: email.optional().meta({ description: "Setup link only: the first manager's e-mail" }),
    name: z.string().trim().min(1).max(200).optional().meta({ description: "Setup link only" }),
  }),
  responses: ok("Password set, signed in", signInResponse, {
    404: problemOf("LINK_INVALID"),
  }),
  handler: async ({ body }, ctx) => {
    requireCsrf(ctx);
    const { user, created } = await acceptStaffLink(ctx, body);
    return signInReply(ctx, { kind: "signed_in", user, created });
  },
});

/** `POST /v1/staff/auth/sign-out` */
export const signOutRoute = publicRoute({
  method: "post",
  path: "/v1/staff/auth/sign-out",
  operationId: "staffSignOut",
  summary: "Sign out of this browser",
  description: `Ends the session of the cookie (if any) and clears the cookie. ${csrfDescription}`,
  tags: AUTH_TAGS,
  responses: { 204: "Signed out" },
  handler: async (_input, ctx) => {
    requireCsrf(ctx);
    const tokenHash = cookieTokenHash(ctx);
    await runCommand(ctx, (work) => signOut(work, tokenHash));
    return {
      status: 204,
      headers: { ...NO_STORE, "set-cookie": clearedSessionCookie(ctx.hono, ctx.app.staffAccounts) },
    };
  },
});

/** `POST /v1/staff/auth/sign-out-everywhere` */
export const signOutEverywhereRoute = staffRoute({
  method: "post",
  path: "/v1/staff/auth/sign-out-everywhere",
  operationId: "staffSignOutEverywhere",
  summary: "End every session of the signed-in user (all browsers and devices)",
  description: csrfDescription,
  tags: AUTH_TAGS,
  responses: ok("How many sessions ended", z.object({ sessionsEnded: integer })),
  handler: async (_input, ctx) => {
    const ended = await runCommand(ctx, signOutEverywhere);
    return {
      status: 200,
      headers: { ...NO_STORE, "set-cookie": clearedSessionCookie(ctx.hono, ctx.app.staffAccounts) },
      body: { sessionsEnded: ended },
    };
  },
});

/** `GET /v1/staff/auth/session` */
export const sessionRoute = staffRoute({
  method: "get",
  path: "/v1/staff/auth/session",
  operationId: "staffSession",
  summary: "The signed-in staff user (null for an API key) and the principal's role",
  tags: AUTH_TAGS,
  responses: ok(
    "The session",
    z.object({
      clinicId: z.string(),
      role: z.string(),
      actorId: z.string(),
      user: staffUser.nullable(),
    }),
  ),
  load: async (_input, ctx) => {
    const principal = ctx.principal as NonNullable<RequestContext["principal"]>;
    const userId = principal.session?.userId;
    const user = userId ? await ctx.app.storage.getStaffUser(ctx.clinic.id, userId) : undefined;
    return { principal, user };
  },
  reply: ({ principal, user }) => ({
    status: 200,
    headers: { ...NO_STORE },
    body: {
      clinicId: principal.clinicId,
      role: principal.role,
      actorId: principal.actorId,
      user: user ? presentStaffUser(user) : null,
    },
  }),
});

/** `POST /v1/staff/auth/password` */
export const changePasswordRoute = staffRoute({
  method: "post",
  path: "/v1/staff/auth/password",
  operationId: "staffChangePassword",
  summary: "Change the signed-in user's password",
  description: `Checks the current password; every other session of the user ends and this one gets a new cookie. ${csrfDescription}`,
  tags: AUTH_TAGS,
  body: z.strictObject({ currentPassword: anyPassword, newPassword: password }),
  responses: {
    204: "Changed",
    401: problemOf("INVALID_CREDENTIALS: the current password is wrong"),
  },
  handler: async ({ body }, ctx) => {
    const created = await changePassword(ctx, body);
    return withSession(ctx, created, { status: 204 });
  },
});

/** `POST /v1/staff/auth/totp/enrol` */
export const totpEnrolRoute = staffRoute({
  method: "post",
  path: "/v1/staff/auth/totp/enrol",
  operationId: "staffTotpEnrol",
  summary: "Start TOTP enrolment: a secret and its otpauth:// URI (for a QR code)",
  description: `The second factor is on once \`POST /v1/staff/auth/totp/confirm\` gets a current code. ${csrfDescription}`,
  tags: AUTH_TAGS,
  responses: ok("The secret to enrol", z.object({ secret: z.string(), otpauthUri: z.string() })),
  command: (_input, work) => startTotpEnrolment(work),
  runs: "read",
  reply: asBody(200, NO_STORE),
});

/** `POST /v1/staff/auth/totp/confirm` */
export const totpConfirmRoute = staffRoute({
  method: "post",
  path: "/v1/staff/auth/totp/confirm",
  operationId: "staffTotpConfirm",
  summary: "Confirm TOTP enrolment with a current code; answers ten backup codes, shown once",
  description: csrfDescription,
  tags: AUTH_TAGS,
  body: z.strictObject({ code }),
  responses: ok("The backup codes", z.object({ backupCodes: z.array(z.string()) }), {
    401: problemOf("INVALID_CODE"),
  }),
  command: ({ body }, work) => confirmTotp(work, body.code),
  runs: "read",
  reply: asBody(200, NO_STORE),
});

/** `POST /v1/staff/auth/totp/disable` */
export const totpDisableRoute = staffRoute({
  method: "post",
  path: "/v1/staff/auth/totp/disable",
  operationId: "staffTotpDisable",
  summary: "Turn the second factor off (needs the password)",
  description: csrfDescription,
  tags: AUTH_TAGS,
  body: z.strictObject({ password: anyPassword }),
  responses: { 204: "Off", 401: problemOf("INVALID_CREDENTIALS") },
  handler: async ({ body }, ctx) => {
    await disableTotp(ctx, body.password);
    return { status: 204 };
  },
});

const inviteResponse = z.object({
  user: staffUser,
  inviteUrl: z.string().meta({ description: "The link e-mailed to the user; works once" }),
  expiresAt: z.string(),
});

/** `GET /v1/staff/users` */
export const listStaffUsersRoute = staffRoute({
  method: "get",
  path: "/v1/staff/users",
  operationId: "staffListUsers",
  summary: "The clinic's staff users",
  tags: USER_TAGS,
  roles: MANAGER,
  responses: ok("Users by e-mail", z.object({ users: z.array(staffUser) })),
  load: (_input, ctx) => ctx.app.storage.listStaffUsers(ctx.clinic.id),
  reply: (users) => ({ status: 200, body: { users: users.map(presentStaffUser) } }),
});

/** `POST /v1/staff/users` */
export const inviteStaffUserRoute = staffRoute({
  method: "post",
  path: "/v1/staff/users",
  operationId: "staffInviteUser",
  summary: "Invite a staff user (an invite link goes out by e-mail)",
  description:
    "The user is stored active without a password; the invite e-mail (outbox, `notify.staff_invite`) carries a link that works once and sets the password. Audited `staff_user.invited`. 409 when the e-mail is taken.",
  tags: USER_TAGS,
  roles: MANAGER,
  body: z.strictObject({
    email,
    name: z.string().trim().min(1, "is required").max(200),
    role,
    calendarIds: calendarIds.default([]).meta({ description: "Calendars a provider may see" }),
    locale: z.string().min(2).max(35).optional().meta({ description: "Language of the e-mail" }),
  }),
  responses: created("Invited", inviteResponse),
  command: ({ body }, work) => inviteStaffUser(work, body, requestUrlOf(work.request)),
  reply: (result) => ({
    status: 201,
    headers: { ...NO_STORE },
    body: { ...result, user: presentStaffUser(result.user) },
  }),
});

/** `POST /v1/staff/users/:id/invite` */
export const reinviteStaffUserRoute = staffRoute({
  method: "post",
  path: "/v1/staff/users/:id/invite",
  operationId: "staffReinviteUser",
  summary: "Send a user who has not set a password a new invite link",
  tags: USER_TAGS,
  roles: MANAGER,
  params: idParam,
  responses: ok("Invited again", inviteResponse),
  command: ({ params }, work) => reinviteStaffUser(work, params.id, requestUrlOf(work.request)),
  reply: (result) => ({
    status: 200,
    headers: { ...NO_STORE },
    body: { ...result, user: presentStaffUser(result.user) },
  }),
});

const patchUserBody = z.strictObject({
  name: z.string().trim().min(1, "is required").max(200).optional(),
  role: role.optional(),
  calendarIds: calendarIds.optional(),
  active: z.boolean().optional().meta({ description: "false ends the user's sessions at once" }),
});

/** `PATCH /v1/staff/users/:id` */
export const patchStaffUserRoute = staffRoute({
  method: "patch",
  path: "/v1/staff/users/:id",
  operationId: "staffPatchUser",
  summary: "Change a user's name, role, calendars, or deactivate them",
  description:
    "Audited `staff_user.updated` (or `staff_user.deactivated`) with what changed. Deactivating ends the user's sessions at once. The clinic keeps at least one active manager (409).",
  tags: USER_TAGS,
  roles: MANAGER,
  params: idParam,
  body: patchUserBody,
  responses: ok("The user", z.object({ user: staffUser })),
  command: ({ params, body, raw }, work) => {
    return updateStaffUserAccount(work, params.id, namedFields(body, raw));
  },
  reply: (user) => ({ status: 200, body: { user: presentStaffUser(user) } }),
});

/** The URL the request came to (for links on the API's own origin). */
function requestUrlOf(ctx: object): string | undefined {
  return (ctx as Partial<RequestContext>).hono?.req.url;
}

/** Every staff-account route, in documentation order. */
export const staffAccountRoutes = [
  signInRoute,
  totpStepRoute,
  acceptInviteRoute,
  signOutRoute,
  signOutEverywhereRoute,
  sessionRoute,
  changePasswordRoute,
  totpEnrolRoute,
  totpConfirmRoute,
  totpDisableRoute,
  listStaffUsersRoute,
  inviteStaffUserRoute,
  reinviteStaffUserRoute,
  patchStaffUserRoute,
] as const;
