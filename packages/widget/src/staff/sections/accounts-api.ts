// The staff-account routes the Team accounts and My account sections call
// (docs/server/staff-auth.md): the manager's user list, invites and changes, and the signed-in
// user's password, TOTP and sessions. Every rule (who may do what, password rules, codes) is the
// server's; these functions only carry requests and answers.

import type { StaffClient } from "../api.js";
import type { StaffSessionInfo, StaffSessionUser } from "../session-client.js";

/** A staff user as the manager's list shows it. */
export type StaffUser = StaffSessionUser;

/** What an invite (or a new invite link) answers: the user and the link that works once. */
export interface InviteAnswer {
  user: StaffUser;
  inviteUrl: string;
  expiresAt: string;
}

/** A new user to invite. */
export interface InviteInput {
  email: string;
  name: string;
  role: string;
  calendarIds?: string[] | undefined;
  locale?: string | undefined;
}

/** What a manager may change on a user. */
export interface UserChange {
  name?: string | undefined;
  role?: string | undefined;
  calendarIds?: string[] | undefined;
  active?: boolean | undefined;
}

/** The calls both sections make, over one staff client. */
export interface AccountsApi {
  /** The clinic's staff users (managers only). */
  users(): Promise<StaffUser[]>;
  /** Invites a user; the server queues the e-mail and answers the link. */
  invite(input: InviteInput): Promise<InviteAnswer>;
  /** A new invite link for a user who has not set a password. */
  reinvite(id: string): Promise<InviteAnswer>;
  /** Changes a user's name, role, calendars or active flag. */
  update(id: string, change: UserChange): Promise<StaffUser>;
  /** Who is signed in (`user` is null for an API key). */
  session(): Promise<StaffSessionInfo>;
  /** Changes the signed-in user's password (the other sessions end). */
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  /** Starts TOTP enrolment: the secret and its `otpauth://` URI. */
  enrolTotp(): Promise<{ secret: string; otpauthUri: string }>;
  /** Confirms enrolment with a current code; answers the backup codes, shown once. */
  confirmTotp(code: string): Promise<string[]>;
  /** Turns the second factor off (needs the password). */
  disableTotp(password: string): Promise<void>;
  /** Ends every session of the signed-in user; answers how many ended. */
  signOutEverywhere(): Promise<number>;
}

/**
 * The staff-account calls over a staff client (its API key, token or session cookie; cookie
 * requests carry the CSRF header).
 *
 * @example
 * const accounts = accountsApi(props.client);
 * const { inviteUrl } = await accounts.invite({ email: "rita@clinic.example", name: "Rita", role: "front_desk" });
 */
export function accountsApi(client: StaffClient): AccountsApi {
  const user = (id: string) => `/users/${encodeURIComponent(id)}`;
  return {
    users: async () => (await client.request<{ users: StaffUser[] }>("GET", "/users")).users,
    invite: (body) => client.request("POST", "/users", { body }),
    reinvite: (id) => client.request("POST", `${user(id)}/invite`),
    update: async (id, body) =>
      (await client.request<{ user: StaffUser }>("PATCH", user(id), { body })).user,
    session: () => client.request("GET", "/auth/session"),
    changePassword: (currentPassword, newPassword) =>
      client.request("POST", "/auth/password", { body: { currentPassword, newPassword } }),
    enrolTotp: () => client.request("POST", "/auth/totp/enrol"),
    confirmTotp: async (code) =>
      (
        await client.request<{ backupCodes: string[] }>("POST", "/auth/totp/confirm", {
          body: { code },
        })
      ).backupCodes,
    disableTotp: (password) => client.request("POST", "/auth/totp/disable", { body: { password } }),
    signOutEverywhere: async () =>
      (await client.request<{ sessionsEnded: number }>("POST", "/auth/sign-out-everywhere"))
        .sessionsEnded,
  };
}
