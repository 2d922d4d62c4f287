// Who is calling a staff route: the clinic, the role and, for providers, the calendars granted.

import type { Context } from "hono";

/** Staff roles: `manager` may do everything, `front_desk` all but keys and settings, `provider` only their calendars. */
export type Role = "manager" | "front_desk" | "provider";

/** Every staff role, most powerful first. */
export const ROLES: readonly Role[] = ["manager", "front_desk", "provider"];

/** An authenticated staff caller. */
export interface Principal {
  /** The clinic every read and write of this request is scoped to. */
  clinicId: string;
  role: Role;
  /** Who acts, as written to the audit trail (e.g. `key:ak_123` or `user:42`). */
  actorId: string;
  /** A human label for the audit trail (the key's name or the user's name). */
  actorName?: string;
  /** For `provider`: the calendars granted to them. Ignored for other roles. */
  calendarIds?: readonly string[];
  /** Set when a staff user signed in with a password: their id and the session's token hash. */
  session?: { userId: string; tokenHash: string };
}

/**
 * A pluggable authenticator for teams with their own login: return the principal for the request,
 * or `null` when it carries no valid credentials (the API then answers 401).
 *
 * @example
 * const auth: AuthCallback = async (c) => {
 *   const user = await mySession(c.req.header("cookie"));
 *   return user ? { clinicId: user.clinicId, role: "front_desk", actorId: `user:${user.id}` } : null;
 * };
 */
export type AuthCallback = (c: Context) => Promise<Principal | null> | Principal | null;

/**
 * Tells whether the principal may see and change calendar `calendarId`: managers and front desk see
 * every calendar of their clinic, providers only the ones granted to them.
 *
 * @example
 * canAccessCalendar({ clinicId: "c1", role: "provider", actorId: "k1", calendarIds: ["cal_a"] }, "cal_b"); // false
 */
export function canAccessCalendar(principal: Principal, calendarId: string): boolean {
  if (principal.role !== "provider") return true;
  return (principal.calendarIds ?? []).includes(calendarId);
}

/**
 * Tells whether the principal may see an appointment holding `calendarIds`: providers need a grant
 * for at least one of them.
 *
 * @example
 * canAccessAppointment(principal, ["cal_a", "room_1"]);
 */
export function canAccessAppointment(
  principal: Principal,
  calendarIds: readonly string[],
): boolean {
  if (principal.role !== "provider") return true;
  return calendarIds.some((id) => canAccessCalendar(principal, id));
}
