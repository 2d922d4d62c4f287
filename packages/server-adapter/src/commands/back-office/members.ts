// Team members (issue 21): the people who own provider calendars. Adding a member creates one
// provider calendar per location it works at; more come on demand. The clinic's travel times
// between locations live here too.

import {
  type Calendar,
  calendarSchema,
  type MemberLimitInput,
  memberLimitSchema,
  type Travel,
  type TravelInput,
  travelSchema,
} from "@bookwell/engine";
import { BookwellError, idTaken, invalidField } from "../../errors.js";
import type { MemberInput, MemberRecord } from "../../storage/members.js";
import type { CalendarRecord } from "../../storage/storage.js";
import type { UnitOfWork } from "../unit-of-work.js";
import { offerOpenedTimes } from "../waitlist.js";

/** Where a new member works: a location, optionally with the calendar id to use there. */
export interface MemberLocation {
  locationId: string;
  /** Default `<memberId>-<locationId>`. */
  calendarId?: string | undefined;
}

/** A new team member as sent: the stored member, active, with its limits as sent and its locations. */
export type NewMember = Omit<MemberInput, "active" | "limits"> & {
  limits?: MemberLimitInput[] | undefined;
  /** One provider calendar is created per location. */
  locations: MemberLocation[];
};

/** The fields of a member that a change may set (`null` clears an optional one). */
export interface MemberChange {
  name?: string | undefined;
  photoUrl?: string | null | undefined;
  bio?: string | null | undefined;
  disciplines?: string[] | undefined;
  email?: string | null | undefined;
  notices?: boolean | undefined;
  active?: boolean | undefined;
  limits?: MemberLimitInput[] | undefined;
}

/** A member with its provider calendars. */
export interface MemberWithCalendars {
  member: MemberRecord;
  calendars: CalendarRecord[];
}

const invalid = invalidField;

function notFound(id: string): BookwellError {
  return new BookwellError("NOT_FOUND", `No team member with id ${id}`, {
    errors: [{ field: "id", message: "is not a team member of this clinic" }],
  });
}

function parseLimits(limits: readonly MemberLimitInput[]) {
  return limits.map((l, i) => {
    const parsed = memberLimitSchema.safeParse(l);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalid(`limits.${i}.${issue?.path.join(".") ?? ""}`, issue?.message ?? "is invalid");
    }
    return parsed.data;
  });
}

/** Notices need somewhere to go: opting in without an e-mail address is refused. */
function checkNotices(member: MemberInput): void {
  if (member.notices && !member.email) {
    throw invalid("notices", "needs the member's email (where the notices go)");
  }
}

/** The member's provider calendars, by id. */
async function calendarsOf(work: UnitOfWork, memberId: string): Promise<CalendarRecord[]> {
  const all = await work.tx.listCalendars(work.clinic.id, { kind: "provider" });
  return all.filter((c) => c.memberId === memberId);
}

/** A new provider calendar of `member` at a location (no shifts yet: staff add them). */
async function newCalendar(
  work: UnitOfWork,
  member: MemberInput,
  at: MemberLocation,
  field: string,
): Promise<CalendarRecord> {
  const locations = await work.tx.listLocations(work.clinic.id);
  const location = locations.find((l) => l.id === at.locationId);
  if (!location) throw invalid(`${field}.locationId`, "is not a location of this clinic");
  const id = at.calendarId ?? `${member.id}-${location.id}`;
  if (await work.tx.getCalendar(work.clinic.id, id)) {
    throw idTaken("calendar", id, `${field}.calendarId`);
  }
  const calendar: Calendar = calendarSchema.parse({
    id,
    kind: "provider",
    name: member.name,
    locationId: location.id,
    disciplines: member.disciplines,
    timeZone: location.timeZone,
    active: member.active,
    memberId: member.id,
  });
  const record = await work.tx.putCalendar(work.clinic.id, calendar);
  return work.audited(record, {
    action: "calendar.created",
    entityType: "calendar",
    entityId: record.id,
    detail: { memberId: member.id },
  });
}

/**
 * Adds a team member and creates one provider calendar per location it works at (409 when the
 * member or a calendar id is taken; 400 naming the field for an unknown location).
 *
 * @example
 * const { member, calendars } = await createMember(work, { id: "ana", name: "Ana Silva",
 *   disciplines: ["physio"], locations: [{ locationId: "lisbon" }, { locationId: "porto" }] });
 */
export async function createMember(
  work: UnitOfWork,
  input: NewMember,
): Promise<MemberWithCalendars> {
  if (await work.tx.getMember(work.clinic.id, input.id)) throw idTaken("team member", input.id);
  const seen = new Set<string>();
  input.locations.forEach((l, i) => {
    if (seen.has(l.locationId)) throw invalid(`locations.${i}.locationId`, "is listed twice");
    seen.add(l.locationId);
  });
  const fields: MemberInput = {
    id: input.id,
    name: input.name,
    photoUrl: input.photoUrl,
    bio: input.bio,
    disciplines: input.disciplines,
    email: input.email,
    notices: input.notices ?? false,
    active: true,
    limits: parseLimits(input.limits ?? []),
  };
  checkNotices(fields);
  const member = await work.tx.putMember(work.clinic.id, fields);
  await work.audit({ action: "member.created", entityType: "team_member", entityId: member.id });
  const calendars: CalendarRecord[] = [];
  for (const [i, at] of input.locations.entries()) {
    calendars.push(await newCalendar(work, fields, at, `locations.${i}`));
  }
  return { member, calendars };
}

/**
 * Changes the fields sent of a team member. A change of name, disciplines or `active` is carried
 * to the member's provider calendars (which the engine reads), so they never disagree.
 *
 * @example
 * await changeMember(work, "ana", { limits: [{ period: "day", maxSessions: 6 }] });
 */
export async function changeMember(
  work: UnitOfWork,
  id: string,
  change: MemberChange,
): Promise<MemberWithCalendars> {
  const current = await work.tx.getMember(work.clinic.id, id);
  if (!current) throw notFound(id);
  const optional = (value: string | null | undefined, old: string | undefined) =>
    value === null ? undefined : (value ?? old);
  const fields: MemberInput = {
    id,
    name: change.name ?? current.name,
    photoUrl: optional(change.photoUrl, current.photoUrl),
    bio: optional(change.bio, current.bio),
    disciplines: change.disciplines ?? current.disciplines,
    email: optional(change.email, current.email),
    notices: change.notices ?? current.notices ?? false,
    active: change.active ?? current.active,
    limits: change.limits ? parseLimits(change.limits) : current.limits,
  };
  checkNotices(fields);
  const member = await work.tx.putMember(work.clinic.id, fields);
  await work.audit({
    action: "member.updated",
    entityType: "team_member",
    entityId: id,
    detail: { version: member.version },
  });
  const calendars: CalendarRecord[] = [];
  for (const c of await calendarsOf(work, id)) {
    const carried = {
      name: change.name ?? c.name,
      disciplines: change.disciplines ?? c.disciplines,
      active: change.active ?? c.active,
    };
    const same =
      carried.name === c.name &&
      carried.active === c.active &&
      carried.disciplines.join("\n") === c.disciplines.join("\n");
    if (same) {
      calendars.push(c);
      continue;
    }
    const { clinicId: _c, version: _v, createdAt: _a, updatedAt: _u, ...engine } = c;
    // A member made active again, or given a discipline, may open times someone waits for.
    const saved = await offerOpenedTimes(work, c.id, () =>
      work.tx.putCalendar(work.clinic.id, calendarSchema.parse({ ...engine, ...carried })),
    );
    await work.audit({
      action: "calendar.updated",
      entityType: "calendar",
      entityId: saved.id,
      detail: { version: saved.version, memberId: id },
    });
    calendars.push(saved);
  }
  return { member, calendars };
}

/**
 * Adds a provider calendar for an existing member at another location (400 for an unknown
 * location, 409 when the member already has a calendar there or the id is taken).
 *
 * @example
 * const calendar = await addMemberCalendar(work, "ana", { locationId: "porto" });
 */
export async function addMemberCalendar(
  work: UnitOfWork,
  memberId: string,
  at: MemberLocation,
): Promise<CalendarRecord> {
  const member = await work.tx.getMember(work.clinic.id, memberId);
  if (!member) throw notFound(memberId);
  if ((await calendarsOf(work, memberId)).some((c) => c.locationId === at.locationId)) {
    throw new BookwellError("CONFLICT", `${member.name} already has a calendar there`, {
      errors: [{ field: "locationId", message: "the member already has a calendar there" }],
    });
  }
  return newCalendar(work, member, at, "body");
}

/**
 * The clinic's team members, each with its provider calendars.
 *
 * @example
 * const members = await listMembersWithCalendars(work);
 */
export async function listMembersWithCalendars(work: UnitOfWork): Promise<MemberWithCalendars[]> {
  const members = await work.tx.listMembers(work.clinic.id);
  const calendars = await work.tx.listCalendars(work.clinic.id, { kind: "provider" });
  return members.map((member) => ({
    member,
    calendars: calendars.filter((c) => c.memberId === member.id),
  }));
}

/**
 * Replaces the clinic's travel times between locations (every pair must name two locations of
 * the clinic).
 *
 * @example
 * await saveTravel(work, { defaultMinutes: 30, pairs: [{ locationIds: ["lisbon", "porto"], minutes: 45 }] });
 */
export async function saveTravel(work: UnitOfWork, input: TravelInput): Promise<Travel> {
  const travel = travelSchema.parse(input);
  const known = new Set((await work.tx.listLocations(work.clinic.id)).map((l) => l.id));
  travel.pairs.forEach((p, i) => {
    p.locationIds.forEach((id, j) => {
      if (!known.has(id)) throw invalid(`pairs.${i}.locationIds.${j}`, "is not a location");
    });
  });
  const saved = await work.tx.putTravel(work.clinic.id, travel);
  return work.audited(saved, { action: "travel.saved", entityType: "clinic", entityId: "travel" });
}

/**
 * 400 naming `memberId` when a calendar names a member the clinic does not have, or is not a
 * provider calendar: the check `saveCalendar` runs before storing.
 *
 * @example
 * await checkCalendarMember(work, calendar);
 */
export async function checkCalendarMember(work: UnitOfWork, calendar: Calendar): Promise<void> {
  if (calendar.memberId === undefined) return;
  if (calendar.kind !== "provider") throw invalid("memberId", "only a provider calendar has one");
  if (!(await work.tx.getMember(work.clinic.id, calendar.memberId))) {
    throw invalid("memberId", "is not a team member of this clinic");
  }
}
