import {
  type Appointment,
  type MemberLimit,
  type MemberRules,
  type Travel,
  travelMinutes,
} from "../model.js";
import { MINUTE, type ZoneClock } from "../time/zoned.js";
import { type BusyEntry, BusyList } from "./busy-list.js";
import type { CalendarIndex, PreparedState } from "./state.js";
import { type Violation, type ViolationCode, violation } from "./types.js";

/** A visit on another calendar of the same member, widened by its buffers and the travel time. */
export interface OtherCalendarEntry extends BusyEntry {
  /** The member's calendar the visit holds. */
  calendarId: string;
  locationId: string;
  /** Travel minutes between that calendar's location and this one's. */
  travelMinutes: number;
}

/** One visit of a member (on any of its calendars), for the limits. */
interface MemberVisit {
  id: string;
  start: number;
  end: number;
  serviceId: string;
  /** A class: everyone booked into it at that time is one session. */
  shared: boolean;
}

/** The session a visit is part of: its class at that time, or the visit itself. */
const sessionKey = (
  v: { id: string; start: number; end: number; serviceId: string },
  shared: boolean,
) => (shared ? `class:${v.serviceId}:${v.start}-${v.end}` : `visit:${v.id}`);

/** Sessions (each visit; a class once per time) and their minutes in one day or week. */
interface Bucket {
  times: Set<string>;
  minutes: number;
}

/**
 * What one provider calendar knows of its team member: visits on the member's other calendars
 * (the one busy set of one person) and every visit of the member, for the limits.
 */
export class MemberView {
  /** Visits on the member's other calendars, widened by buffers and travel. */
  readonly others = new BusyList<OtherCalendarEntry>();
  private readonly buckets: (Map<number, Bucket> | undefined)[] = [];
  /**
   * For a service of capacity 1 the limit verdict depends on the local day only (not on the start
   * within it): the last day asked and its verdict, so a day's starts count once.
   */
  lastDay = Number.NaN;
  lastVerdict: MemberLimit | undefined;

  constructor(
    readonly id: string,
    readonly rules: MemberRules | undefined,
    /** Every visit of the member, shared by the member's calendars. */
    readonly visits: MemberVisit[],
    private readonly clock: ZoneClock,
  ) {}

  private heldByDay: Map<number, number> | undefined;

  /**
   * Minutes the member is held on local `day` across all their calendars: visits that start that
   * day, each minute once (as a calendar's `bookedMinutes`, for the person).
   */
  bookedMinutes(day: number): number {
    if (!this.heldByDay) {
      this.heldByDay = new Map();
      const byDay = new Map<number, { start: number; end: number }[]>();
      for (const v of this.visits) {
        const d = this.clock.dayOf(v.start);
        const list = byDay.get(d);
        if (list) list.push(v);
        else byDay.set(d, [v]);
      }
      for (const [d, list] of byDay) {
        list.sort((a, b) => a.start - b.start);
        let total = 0;
        let runEnd = Number.NEGATIVE_INFINITY;
        for (const { start, end } of list) {
          if (end <= runEnd) continue;
          total += end - Math.max(start, runEnd);
          runEnd = end;
        }
        this.heldByDay.set(d, total / MINUTE);
      }
    }
    return this.heldByDay.get(day) ?? 0;
  }

  /** The member's name for messages: the listed name, else "Team member <id>". */
  get who(): string {
    const name = this.rules?.name ?? "";
    return name.length > 0 ? name : `Team member ${this.id}`;
  }

  /** Whether the member has limits to check. */
  get limited(): boolean {
    return (this.rules?.limits.length ?? 0) > 0;
  }

  /** The day or ISO-week key of instant `ms` in this calendar's zone. */
  periodKey(period: MemberLimit["period"], ms: number): number {
    const day = this.clock.dayOf(ms);
    // Day 0 (1970-01-01) is a Thursday: +3 makes weeks start on Monday.
    return period === "day" ? day : Math.floor((day + 3) / 7);
  }

  /** Sessions and minutes of limit `i` in the period `key` (built once per limit). */
  bucket(i: number, limit: MemberLimit, key: number): Bucket | undefined {
    let byKey = this.buckets[i];
    if (!byKey) {
      byKey = new Map();
      for (const v of this.visits) {
        if (limit.serviceIds.length > 0 && !limit.serviceIds.includes(v.serviceId)) continue;
        const k = this.periodKey(limit.period, v.start);
        let b = byKey.get(k);
        if (!b) {
          b = { times: new Set(), minutes: 0 };
          byKey.set(k, b);
        }
        const time = sessionKey(v, v.shared);
        if (b.times.has(time)) continue;
        b.times.add(time);
        b.minutes += (v.end - v.start) / MINUTE;
      }
      this.buckets[i] = byKey;
    }
    return byKey.get(key);
  }
}

/**
 * Links each provider calendar that has a `memberId` to its member: the visits on the member's
 * other calendars become busy on it (widened by their buffers and the travel time between the two
 * locations), and every visit of the member counts towards the member's limits.
 *
 * @example
 * attachMembers(state.calendars, kept, query.members, query.travel, (id) => isClass(id));
 * state.calendars.get("ana-lisbon")?.member?.others.busy; // Ana's visits in Porto
 */
export function attachMembers(
  calendars: ReadonlyMap<string, CalendarIndex>,
  kept: readonly { appointment: Appointment; entry: BusyEntry }[],
  members: readonly MemberRules[],
  travel: Travel | undefined,
  isClass: (serviceId: string) => boolean,
): void {
  const groups = new Map<string, CalendarIndex[]>();
  for (const index of calendars.values()) {
    const memberId = index.calendar.memberId;
    if (index.calendar.kind !== "provider" || memberId === undefined) continue;
    const group = groups.get(memberId);
    if (group) group.push(index);
    else groups.set(memberId, [index]);
  }
  if (groups.size === 0) return;
  const rules = new Map(members.map((m) => [m.id, m]));
  const visits = new Map<string, MemberVisit[]>();
  for (const [memberId, group] of groups) {
    const shared: MemberVisit[] = [];
    visits.set(memberId, shared);
    for (const index of group) {
      index.member = new MemberView(memberId, rules.get(memberId), shared, index.clock);
    }
  }
  for (const { appointment, entry } of kept) {
    const held = new Set(appointment.calendarIds);
    const seen = new Set<string>();
    for (const calendarId of held) {
      const own = calendars.get(calendarId);
      const memberId = own?.member?.id;
      if (!own || memberId === undefined || seen.has(memberId)) continue;
      seen.add(memberId);
      (visits.get(memberId) as MemberVisit[]).push({
        id: entry.id,
        start: entry.start,
        end: entry.end,
        serviceId: entry.serviceId,
        shared: isClass(entry.serviceId),
      });
      for (const other of groups.get(memberId) as CalendarIndex[]) {
        if (held.has(other.calendar.id)) continue;
        const minutes = travelMinutes(travel, own.calendar.locationId, other.calendar.locationId);
        (other.member as MemberView).others.addBusy({
          ...entry,
          wStart: entry.wStart - minutes * MINUTE,
          wEnd: entry.wEnd + minutes * MINUTE,
          calendarId: own.calendar.id,
          locationId: own.calendar.locationId,
          travelMinutes: minutes,
        });
      }
    }
  }
}

/** The code of a clash with a visit on the member's other calendar at `[start, end)`. */
function clashCode(entry: OtherCalendarEntry, start: number, end: number): ViolationCode {
  if (entry.start < end && entry.end > start) return "MEMBER_BUSY";
  return entry.travelMinutes > 0 ? "TRAVEL_TIME" : "BUFFER";
}

/**
 * Calls `report` with each visit on the member's other calendars that clashes with `[start, end)`
 * widened by the service's buffers (codes in `ignore` left out); returns how many there were.
 */
function scanOthers(
  state: PreparedState,
  view: MemberView,
  start: number,
  end: number,
  ignore: ReadonlySet<ViolationCode> | undefined,
  report?: (code: ViolationCode, entry: OtherCalendarEntry) => void,
): number {
  const from = start - state.service.bufferBeforeMinutes * MINUTE;
  const to = end + state.service.bufferAfterMinutes * MINUTE;
  let clashes = 0;
  view.others.forEachOverlapping(from, to, (entry) => {
    const code = clashCode(entry, start, end);
    if (ignore?.has(code)) return;
    clashes += 1;
    report?.(code, entry);
  });
  return clashes;
}

/** The first of the member's limits that booking `[start, end)` would exceed, if any. */
function exceededLimit(
  state: PreparedState,
  view: MemberView,
  start: number,
  end: number,
): MemberLimit | undefined {
  if (state.service.capacity > 1) return limitAt(state, view, start, end);
  const day = view.periodKey("day", start);
  if (day !== view.lastDay) {
    view.lastVerdict = limitAt(state, view, start, end);
    view.lastDay = day;
  }
  return view.lastVerdict;
}

function limitAt(
  state: PreparedState,
  view: MemberView,
  start: number,
  end: number,
): MemberLimit | undefined {
  const limits = view.rules?.limits ?? [];
  const { service } = state;
  for (let i = 0; i < limits.length; i++) {
    const limit = limits[i] as MemberLimit;
    if (limit.serviceIds.length > 0 && !limit.serviceIds.includes(service.id)) continue;
    const bucket = view.bucket(i, limit, view.periodKey(limit.period, start));
    // Joining a class already held at that time adds no session and no minutes.
    const joined = { id: "", start, end, serviceId: service.id };
    if (service.capacity > 1 && bucket?.times.has(sessionKey(joined, true))) continue;
    const sessions = (bucket?.times.size ?? 0) + 1;
    const minutes = (bucket?.minutes ?? 0) + (end - start) / MINUTE;
    if (limit.maxSessions !== undefined && sessions > limit.maxSessions) return limit;
    if (limit.maxMinutes !== undefined && minutes > limit.maxMinutes) return limit;
  }
  return undefined;
}

/**
 * Whether the member of a provider calendar is free at `[start, end)`: no clash on the member's
 * other calendars and no limit exceeded (codes in `ignore` left out). No messages are built.
 * A calendar without a member is always free here.
 *
 * @example
 * if (index.member && !memberFree(state, index, t, t + durationMs, ignore)) continue;
 */
export function memberFree(
  state: PreparedState,
  index: CalendarIndex,
  start: number,
  end: number,
  ignore?: ReadonlySet<ViolationCode>,
): boolean {
  const view = index.member;
  if (!view) return true;
  if (view.others.busy.length > 0) {
    if (ignore === undefined || ignore.size === 0) {
      // Nothing ignored: any clash counts (same rule as scanOthers, no closure).
      const from = start - state.service.bufferBeforeMinutes * MINUTE;
      const to = end + state.service.bufferAfterMinutes * MINUTE;
      if (view.others.anyOverlapping(from, to)) return false;
    } else if (scanOthers(state, view, start, end, ignore) > 0) return false;
  }
  if (view.limited && !ignore?.has("MEMBER_LIMIT"))
    return exceededLimit(state, view, start, end) === undefined;
  return true;
}

const hhmm = (clock: ZoneClock, ms: number) => clock.format(ms).slice(11, 16);

/** The words of a limit, e.g. "4 sessions a day" or "300 minutes a week of physio-50". */
function limitWords(limit: MemberLimit): string {
  const caps: string[] = [];
  if (limit.maxSessions !== undefined)
    caps.push(`${limit.maxSessions} session${limit.maxSessions === 1 ? "" : "s"}`);
  if (limit.maxMinutes !== undefined) caps.push(`${limit.maxMinutes} minutes`);
  const scope = limit.serviceIds.length > 0 ? ` of ${limit.serviceIds.join(", ")}` : "";
  return `${caps.join(" or ")} a ${limit.period}${scope}`;
}

/**
 * `MEMBER_BUSY`, `TRAVEL_TIME` (and `BUFFER` between two calendars of the member at one location)
 * and `MEMBER_LIMIT` for booking a provider calendar at `[start, end)`, each message naming the
 * member, the other location, its calendar and times in words.
 *
 * @example
 * memberViolations(state, index, start, end)[0]?.message;
 * // "Ana Silva is already booked in porto from 10:00 to 10:50 (calendar ana-porto): one person cannot be at two visits at once."
 */
export function memberViolations(
  state: PreparedState,
  index: CalendarIndex,
  start: number,
  end: number,
  ignore?: ReadonlySet<ViolationCode>,
): Violation[] {
  const view = index.member;
  if (!view) return [];
  const out: Violation[] = [];
  const { clock } = index;
  const here = index.calendar.locationId;
  scanOthers(state, view, start, end, ignore, (code, entry) => {
    const at = `in ${entry.locationId} from ${hhmm(clock, entry.start)} to ${hhmm(clock, entry.end)} (calendar ${entry.calendarId})`;
    const message =
      code === "MEMBER_BUSY"
        ? `${view.who} is already booked ${at}: one person cannot be at two visits at once.`
        : code === "TRAVEL_TIME"
          ? `${view.who} has a visit ${at} and needs ${entry.travelMinutes} minutes to travel between ${entry.locationId} and ${here}.`
          : `Too close to ${view.who}'s visit ${at} (buffer time).`;
    out.push(violation(code, message, { calendarId: index.calendar.id, appointmentId: entry.id }));
  });
  if (view.limited && !ignore?.has("MEMBER_LIMIT")) {
    const limit = exceededLimit(state, view, start, end);
    if (limit) {
      out.push(
        violation(
          "MEMBER_LIMIT",
          `${view.who} works at most ${limitWords(limit)}: this visit would go over it.`,
          { calendarId: index.calendar.id },
        ),
      );
    }
  }
  return out;
}

/**
 * How far (ms) a visit can be from a check and still matter through travel: the longest travel.
 *
 * @example
 * travelMargin({ defaultMinutes: 30, pairs: [] }); // 1_800_000
 */
export function travelMargin(travel: Travel | undefined): number {
  if (!travel) return 0;
  let most = travel.defaultMinutes;
  for (const p of travel.pairs) most = Math.max(most, p.minutes);
  return most * MINUTE;
}

/**
 * Whether any member has a weekly limit (the window of appointments to look at is then a week).
 *
 * @example
 * hasWeeklyLimit([{ id: "ana", name: "", limits: [{ period: "week", maxMinutes: 600, serviceIds: [] }] }]); // true
 */
export function hasWeeklyLimit(members: readonly MemberRules[]): boolean {
  return members.some((m) => m.limits.some((l) => l.period === "week"));
}
