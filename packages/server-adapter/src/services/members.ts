// One person, one busy set (issue 21): a team member's provider calendars (one per location) are
// locked, read and checked together, with the member's limits and the clinic's travel times.

import type { MemberRules, Travel } from "@bookwell/engine";
import type { MemberRecord } from "../storage/members.js";
import type { CalendarRecord, StorageOperations } from "../storage/storage.js";

const DAY_MS = 86_400_000;

/**
 * The member calendars of `all` that are not in `chosen` but belong to a member of a provider in
 * `chosen`: the rest of each member's busy set. They come marked inactive, so the engine reads
 * their visits as the member's but never offers or assigns them for this booking.
 *
 * @example
 * const context = memberContext(allCalendars, candidates); // [{ id: "ana-porto", active: false, … }]
 */
export function memberContext(
  all: readonly CalendarRecord[],
  chosen: readonly CalendarRecord[],
): CalendarRecord[] {
  const members = new Set<string>();
  const ids = new Set<string>();
  for (const c of chosen) {
    ids.add(c.id);
    if (c.kind === "provider" && c.memberId !== undefined) members.add(c.memberId);
  }
  if (members.size === 0) return [];
  return all
    .filter(
      (c) =>
        !ids.has(c.id) &&
        c.kind === "provider" &&
        c.memberId !== undefined &&
        members.has(c.memberId),
    )
    .map((c) => ({ ...c, active: false }));
}

/**
 * The ids of every provider calendar of the members of `calendars`, read from storage (not from a
 * cached list); none, without a read, when no calendar has a member.
 *
 * @example
 * const ids = await memberCalendarIds(tx, clinicId, candidates); // ["ana-lisbon", "ana-porto"]
 */
export async function memberCalendarIds(
  ops: StorageOperations,
  clinicId: string,
  calendars: readonly CalendarRecord[],
): Promise<string[]> {
  const members = new Set(
    calendars.flatMap((c) => (c.kind === "provider" && c.memberId ? [c.memberId] : [])),
  );
  if (members.size === 0) return [];
  const providers = await ops.listCalendars(clinicId, { kind: "provider" });
  return providers
    .filter((c) => c.memberId !== undefined && members.has(c.memberId))
    .map((c) => c.id);
}

/** What the engine needs of the members behind some calendars. */
export interface MemberState {
  members: MemberRules[];
  travel: Travel | undefined;
  /** How far around a window visits still count: travel, and a week for weekly limits. */
  reachMs: number;
}

const NO_MEMBERS: MemberState = { members: [], travel: undefined, reachMs: 0 };

/** A clinic's team members and travel times as read together (e.g. by the catalog cache). */
export interface TeamView {
  members: readonly MemberRecord[];
  travel: Travel;
}

/**
 * Reads the members of `calendars` (names and limits) and the clinic's travel times; nothing is
 * read when no calendar has a member, and nothing when `known` (the clinic's whole team, as read
 * with a catalog whose version the caller checks) is given.
 *
 * @example
 * const { members, travel } = await memberState(tx, clinicId, calendars);
 */
export async function memberState(
  ops: StorageOperations,
  clinicId: string,
  calendars: readonly CalendarRecord[],
  known?: TeamView,
): Promise<MemberState> {
  const ids = [
    ...new Set(calendars.flatMap((c) => (c.memberId === undefined ? [] : [c.memberId]))),
  ];
  if (ids.length === 0) return NO_MEMBERS;
  const wanted = new Set(ids);
  const records = known
    ? known.members.filter((m) => wanted.has(m.id))
    : await ops.listMembers(clinicId, { ids });
  const travel = known ? known.travel : await ops.getTravel(clinicId);
  const members = records.map((m) => ({ id: m.id, name: m.name, limits: m.limits }));
  const longest = Math.max(travel.defaultMinutes, ...travel.pairs.map((p) => p.minutes));
  const weekly = members.some((m) => m.limits.some((l) => l.period === "week"));
  return {
    members,
    travel: longest > 0 ? travel : undefined,
    reachMs: longest * 60_000 + (weekly ? 8 * DAY_MS : 0),
  };
}
