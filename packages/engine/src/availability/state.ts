import {
  type Appointment,
  type Calendar,
  type MemberRules,
  RELEASING_STATUSES,
  type Service,
  type Travel,
} from "../model.js";
import {
  containingSpan,
  lastStartingAtOrBefore,
  overlapsAny,
  type Span,
} from "../time/intervals.js";
import { clockFor, DAY, MINUTE, parseInstant, type ZoneClock } from "../time/zoned.js";
import { type BusyEntry, BusyList } from "./busy-list.js";
import { attachMembers, type MemberView } from "./members.js";
import { type OpenHours, openHours } from "./open-hours.js";
import { type Violation, type ViolationCode, violation } from "./types.js";

/** One calendar prepared for fast look-ups over a window. */
export class CalendarIndex extends BusyList<BusyEntry> {
  readonly calendar: Calendar;
  readonly clock: ZoneClock;
  /** The team member's shared busy set and limits, for a provider calendar that has a member. */
  member: MemberView | undefined;
  private hoursCache: OpenHours | undefined;
  private bookedByDay: Map<number, number> | undefined;

  constructor(
    calendar: Calendar,
    private readonly windowFrom: number,
    private readonly windowTo: number,
  ) {
    super();
    this.calendar = calendar;
    this.clock = clockFor(calendar.timeZone);
  }

  /** Open hours and breaks for the prepared window (computed once). */
  get hours(): OpenHours {
    this.hoursCache ??= openHours(this.calendar, this.windowFrom, this.windowTo);
    return this.hoursCache;
  }

  /**
   * Minutes booked on local `day`: the time the calendar is held by appointments that start that
   * day, each minute once, so a class of six counts its hour once and two visits that staff
   * booked over each other count their overlap once (decision 0012).
   */
  bookedMinutes(day: number): number {
    if (!this.bookedByDay) {
      this.bookedByDay = new Map();
      const byDay = new Map<number, { start: number; end: number }[]>();
      for (const entry of this.busy) {
        const d = this.clock.dayOf(entry.start);
        const list = byDay.get(d);
        if (list) list.push(entry);
        else byDay.set(d, [entry]);
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
        this.bookedByDay.set(d, total / MINUTE);
      }
    }
    return this.bookedByDay.get(day) ?? 0;
  }
}

/** Everything the checks need, validated and indexed once. */
export interface PreparedState {
  service: Service;
  now: number;
  calendars: Map<string, CalendarIndex>;
  /** Calendars in id order (for deterministic iteration). */
  ordered: CalendarIndex[];
  durationMs: number;
  stepMs: number;
  /** Rooms / equipment by kind and location (see `resourcePool`), filled on demand. */
  pools: Map<string, Map<string, CalendarIndex[]>>;
}

/**
 * Indexes calendars and the appointments that hold them (releasing statuses and excluded ids
 * dropped), each widened by its own buffers, over the window `[windowFrom, windowTo)`.
 */
export function prepareState(args: {
  service: Service;
  services: readonly Service[];
  calendars: readonly Calendar[];
  appointments: readonly Appointment[];
  now: number;
  windowFrom: number;
  windowTo: number;
  excludeAppointmentIds?: readonly string[] | undefined;
  /** Team members' names and limits (see `attachMembers`). */
  members?: readonly MemberRules[] | undefined;
  /** Travel time between locations for a member's visits. */
  travel?: Travel | undefined;
}): PreparedState {
  const { service } = args;
  const calendars = new Map<string, CalendarIndex>();
  // Widen the window by a day each side so that shifts and buffers at the edges are seen.
  const from = args.windowFrom - DAY;
  const to = args.windowTo + DAY;
  for (const calendar of args.calendars)
    calendars.set(calendar.id, new CalendarIndex(calendar, from, to));
  const servicesById = new Map<string, Service>();
  for (const s of args.services) servicesById.set(s.id, s);
  servicesById.set(service.id, service);
  const excluded = new Set(args.excludeAppointmentIds ?? []);
  const kept: { appointment: Appointment; entry: BusyEntry }[] = [];
  for (const a of args.appointments) {
    if (RELEASING_STATUSES.has(a.status) || excluded.has(a.id)) continue;
    const start = parseInstant(a.start) as number;
    const end = parseInstant(a.end) as number;
    const owner = servicesById.get(a.serviceId);
    const before = (a.bufferBeforeMinutes ?? owner?.bufferBeforeMinutes ?? 0) * MINUTE;
    const after = (a.bufferAfterMinutes ?? owner?.bufferAfterMinutes ?? 0) * MINUTE;
    const entry: BusyEntry = {
      id: a.id,
      serviceId: a.serviceId,
      start,
      end,
      wStart: start - before,
      wEnd: end + after,
    };
    for (const calendarId of new Set(a.calendarIds)) calendars.get(calendarId)?.addBusy(entry);
    kept.push({ appointment: a, entry });
  }
  attachMembers(
    calendars,
    kept,
    args.members ?? [],
    args.travel,
    (id) => (servicesById.get(id)?.capacity ?? 1) > 1,
  );
  const ordered = [...calendars.values()].sort((a, b) => compareIds(a.calendar.id, b.calendar.id));
  for (const index of ordered) {
    index.sortBusy();
    index.member?.others.sortBusy();
  }
  return {
    service,
    now: args.now,
    calendars,
    ordered,
    durationMs: service.durationMinutes * MINUTE,
    stepMs: (service.slotIntervalMinutes ?? service.durationMinutes) * MINUTE,
    pools: new Map(),
  };
}

/** Plain code-unit comparison of ids, independent of locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Violations that hold whatever the time: kind, status, discipline, location, catalog. */
export function providerFitViolations(
  service: Service,
  provider: Calendar,
  locationId: string | undefined,
): Violation[] {
  const out: Violation[] = [];
  const at = { calendarId: provider.id };
  if (provider.kind !== "provider") {
    out.push(
      violation(
        "WRONG_CALENDAR_KIND",
        `Calendar ${provider.id} is a ${provider.kind}, not a provider.`,
        at,
      ),
    );
    return out;
  }
  if (!provider.active)
    out.push(violation("CALENDAR_INACTIVE", `Provider ${provider.id} is not active.`, at));
  if (!provider.disciplines.includes(service.discipline)) {
    out.push(
      violation(
        "DISCIPLINE_MISMATCH",
        `Provider ${provider.id} does not practise ${service.discipline}.`,
        at,
      ),
    );
  }
  if (
    (service.locationIds.length > 0 && !service.locationIds.includes(provider.locationId)) ||
    (locationId !== undefined && locationId !== provider.locationId)
  ) {
    out.push(
      violation(
        "LOCATION_MISMATCH",
        `Provider ${provider.id} works at ${provider.locationId}, where ${service.name} is not offered.`,
        at,
      ),
    );
  }
  if (service.providerIds.length > 0 && !service.providerIds.includes(provider.id)) {
    out.push(
      violation(
        "SERVICE_NOT_OFFERED",
        `Provider ${provider.id} does not offer ${service.name}.`,
        at,
      ),
    );
  }
  return out;
}

/**
 * Whether a room/equipment calendar can serve `kind` at `locationId` for a service of
 * `discipline` (no time involved). A room that lists disciplines suits only those; one that lists
 * none suits every discipline.
 */
export function resourceFitViolations(
  resource: Calendar,
  kind: string | undefined,
  locationId: string,
  discipline: string,
): Violation[] {
  const at = { calendarId: resource.id };
  if (resource.kind === "provider" || (kind !== undefined && resource.resourceKind !== kind)) {
    return [
      violation(
        "WRONG_CALENDAR_KIND",
        `Calendar ${resource.id} is not a ${kind ?? "room or equipment"} this service needs.`,
        at,
      ),
    ];
  }
  const out: Violation[] = [];
  if (!resource.active)
    out.push(violation("CALENDAR_INACTIVE", `Calendar ${resource.id} is not active.`, at));
  if (resource.locationId !== locationId) {
    out.push(
      violation(
        "LOCATION_MISMATCH",
        `Calendar ${resource.id} is at ${resource.locationId}, not ${locationId}.`,
        at,
      ),
    );
  }
  if (resource.disciplines.length > 0 && !resource.disciplines.includes(discipline)) {
    out.push(
      violation(
        "DISCIPLINE_MISMATCH",
        `Calendar ${resource.id} is not set up for ${discipline}.`,
        at,
      ),
    );
  }
  return out;
}

/** The first instant after the booking horizon for a provider in its zone (start must be before it). */
export function horizonEnd(state: PreparedState, index: CalendarIndex): number {
  const today = index.clock.dayOf(state.now);
  return index.clock.dayStart(today + state.service.horizonDays + 1);
}

/** PAST, LEAD_TIME and HORIZON for a start. */
export function timeViolations(
  state: PreparedState,
  provider: CalendarIndex,
  start: number,
): Violation[] {
  const out: Violation[] = [];
  if (start < state.now) out.push(violation("PAST", "The start time has already passed."));
  else if (start < state.now + state.service.leadTimeMinutes * MINUTE) {
    out.push(
      violation(
        "LEAD_TIME",
        `Bookings need at least ${state.service.leadTimeMinutes} minutes' notice.`,
      ),
    );
  }
  if (start >= horizonEnd(state, provider)) {
    out.push(
      violation("HORIZON", `Bookings open at most ${state.service.horizonDays} days ahead.`),
    );
  }
  return out;
}

/**
 * The code of the hours rule for one calendar (`OUTSIDE_SHIFT`, `IN_BREAK`, and `OFF_GRID` when
 * `grid` is set, for the provider), or `undefined` when the time is inside its open hours.
 */
export function hoursCode(
  state: PreparedState,
  index: CalendarIndex,
  start: number,
  end: number,
  grid: boolean,
): ViolationCode | undefined {
  const { open, breaks } = index.hours;
  if (!containingSpan(open, start, end))
    return overlapsAny(breaks, start, end) ? "IN_BREAK" : "OUTSIDE_SHIFT";
  if (grid && !onGrid(index.hours.grid, start, end, state.stepMs)) return "OFF_GRID";
  return undefined;
}

/** OUTSIDE_SHIFT / IN_BREAK for one calendar, and OFF_GRID when `grid` is set (the provider). */
export function hoursViolations(
  state: PreparedState,
  index: CalendarIndex,
  start: number,
  end: number,
  grid: boolean,
): Violation[] {
  const code = hoursCode(state, index, start, end, grid);
  if (code === undefined) return [];
  const id = index.calendar.id;
  const message =
    code === "IN_BREAK"
      ? `The time falls in a break of ${id}.`
      : code === "OUTSIDE_SHIFT"
        ? `The time is outside the working hours of ${id}.`
        : "The start is not one of the offered start times.";
  return [violation(code, message, { calendarId: id })];
}

/** Longest a grid span can be: one local day's shifts, the last crossing midnight, plus DST. */
const MAX_GRID_SPAN = 3 * DAY;

/**
 * Whether `[start, end)` lies inside one grid span (one local day's open hours) and `start` is a
 * whole number of steps after that span's start: exactly the starts `computeSlots` offers.
 */
export function onGrid(grid: readonly Span[], start: number, end: number, stepMs: number): boolean {
  for (let i = lastStartingAtOrBefore(grid, start); i >= 0; i--) {
    const span = grid[i] as Span;
    if (span.start < start - MAX_GRID_SPAN) break;
    if (span.end >= end && (start - span.start) % stepMs === 0) return true;
  }
  return false;
}

/**
 * The busy rule on one calendar for `[start, end)` widened by the service's buffers: calls
 * `report` (when given) with the code of each colliding appointment (`OVERLAP`, `BUFFER`) not in
 * `ignore`, and returns how many there were and the people already in this service's class there.
 * `CAPACITY` is the caller's: `members >= capacity`.
 */
function scanBusy(
  state: PreparedState,
  index: CalendarIndex,
  start: number,
  end: number,
  ignore: ReadonlySet<ViolationCode> | undefined,
  report?: (code: "OVERLAP" | "BUFFER", entry: BusyEntry) => void,
): { conflicts: number; members: number } {
  const { service } = state;
  const from = start - service.bufferBeforeMinutes * MINUTE;
  const to = end + service.bufferAfterMinutes * MINUTE;
  let conflicts = 0;
  let members = 0;
  index.forEachOverlapping(from, to, (entry) => {
    if (
      service.capacity > 1 &&
      entry.serviceId === service.id &&
      entry.start === start &&
      entry.end === end
    ) {
      members += 1;
      return;
    }
    const code = entry.start < end && entry.end > start ? "OVERLAP" : "BUFFER";
    if (ignore?.has(code)) return;
    conflicts += 1;
    report?.(code, entry);
  });
  return { conflicts, members };
}

/** Whether `members` fill the class and `CAPACITY` is not ignored. */
function full(state: PreparedState, members: number, ignore?: ReadonlySet<ViolationCode>) {
  return members >= state.service.capacity && !ignore?.has("CAPACITY");
}

/** Whether the busy rule holds on one calendar (no collision, class not full): no messages built. */
export function busyFree(
  state: PreparedState,
  index: CalendarIndex,
  start: number,
  end: number,
  ignore?: ReadonlySet<ViolationCode>,
): { free: boolean; remaining: number; full: boolean } {
  const { conflicts, members } = scanBusy(state, index, start, end, ignore);
  const isFull = full(state, members, ignore);
  return {
    free: conflicts === 0 && !isFull,
    remaining: Math.max(0, state.service.capacity - members),
    /** Nothing else in the way: only the class's places are all taken. */
    full: conflicts === 0 && isFull,
  };
}

/** OVERLAP / BUFFER / CAPACITY on one calendar, and the places left for a class. */
export function busyViolations(
  state: PreparedState,
  index: CalendarIndex,
  start: number,
  end: number,
  ignore?: ReadonlySet<ViolationCode>,
): { violations: Violation[]; remaining: number } {
  const { service } = state;
  const calendarId = index.calendar.id;
  const out: Violation[] = [];
  const { members } = scanBusy(state, index, start, end, ignore, (code, entry) =>
    out.push(
      violation(
        code,
        code === "OVERLAP"
          ? `${calendarId} already has an appointment at that time.`
          : `Too close to another appointment of ${calendarId} (buffer time).`,
        { calendarId, appointmentId: entry.id },
      ),
    ),
  );
  if (full(state, members, ignore)) {
    out.push(
      violation("CAPACITY", `All ${service.capacity} places are taken at that time.`, {
        calendarId,
      }),
    );
  }
  return { violations: out, remaining: Math.max(0, service.capacity - members) };
}

/**
 * A calendar's sort key for assignment: minutes booked that local day — by the person, across all
 * their calendars, for a team member's calendar — then id.
 */
export function loadKey(index: CalendarIndex, at: number): number {
  const day = index.clock.dayOf(at);
  return index.member ? index.member.bookedMinutes(day) : index.bookedMinutes(day);
}

/**
 * People already booked into this service's class on a calendar at exactly `[start, end)`; 0 for
 * a service of capacity 1 (there is no class to join).
 */
export function classMembers(
  state: PreparedState,
  index: CalendarIndex,
  start: number,
  end: number,
): number {
  const { service } = state;
  if (service.capacity <= 1) return 0;
  let members = 0;
  index.forEachOverlapping(start, end, (entry) => {
    if (entry.serviceId === service.id && entry.start === start && entry.end === end) members += 1;
  });
  return members;
}

/**
 * Orders calendars by the documented assignment rule for a visit at `[start, end)`: for a class,
 * the calendar whose class at that start already has the most people comes first (a class is
 * filled before another one is opened); then the least minutes booked that local day; then id.
 */
export function byAssignment(
  state: PreparedState,
  start: number,
  end: number,
): (a: CalendarIndex, b: CalendarIndex) => number {
  return (a, b) =>
    classMembers(state, b, start, end) - classMembers(state, a, start, end) ||
    loadKey(a, start) - loadKey(b, start) ||
    compareIds(a.calendar.id, b.calendar.id);
}

/**
 * Rooms / equipment of `kind` that can serve the service at `locationId` whatever the time, in
 * id order; computed once per prepared state.
 */
function resourcePool(state: PreparedState, kind: string, locationId: string): CalendarIndex[] {
  let byLocation = state.pools.get(kind);
  if (!byLocation) {
    byLocation = new Map();
    state.pools.set(kind, byLocation);
  }
  let pool = byLocation.get(locationId);
  if (!pool) {
    pool = state.ordered.filter(
      (c) =>
        resourceFitViolations(c.calendar, kind, locationId, state.service.discipline).length === 0,
    );
    byLocation.set(locationId, pool);
  }
  return pool;
}

/**
 * The first calendar of `pool` (minus `taken`) in `byAssignment` order at `[start, end)` — more
 * class members, then fewer minutes booked that day, then id — found in one pass, without sorting.
 */
function firstByRule(
  state: PreparedState,
  pool: readonly CalendarIndex[],
  taken: readonly CalendarIndex[],
  start: number,
  end: number,
): CalendarIndex | undefined {
  const cls = state.service.capacity > 1;
  let best: CalendarIndex | undefined;
  let bestMembers = 0;
  let bestLoad = 0;
  for (const c of pool) {
    if (taken.length > 0 && taken.includes(c)) continue;
    const members = cls ? classMembers(state, c, start, end) : 0;
    const load = loadKey(c, start);
    // The pool is in id order: on a tie the earlier id stays.
    if (!best || members > bestMembers || (members === bestMembers && load < bestLoad)) {
      best = c;
      bestMembers = members;
      bestLoad = load;
    }
  }
  return best;
}

/**
 * The first calendar of `pool` (minus `taken`) in `byAssignment` order that is open and free at
 * `[start, end)`. Usually the first by the rule is free and no list is built; otherwise the rest
 * are sorted by the rule and checked in order. Only codes are looked at, no message is built.
 */
function firstFree(
  state: PreparedState,
  pool: readonly CalendarIndex[],
  taken: readonly CalendarIndex[],
  start: number,
  end: number,
  ignore: ReadonlySet<ViolationCode> | undefined,
): CalendarIndex | undefined {
  const first = firstByRule(state, pool, taken, start, end);
  if (!first || resourceTimeFree(state, first, start, end, ignore)) return first;
  const rest = pool.filter((c) => c !== first && !taken.includes(c));
  rest.sort(byAssignment(state, start, end));
  return rest.find((c) => resourceTimeFree(state, c, start, end, ignore));
}

const NOTHING_TAKEN: readonly CalendarIndex[] = [];

/**
 * The rooms / equipment the assignment rule picks for a provider at `locationId` over
 * `[start, end)`, or `undefined` when some kind has none free: what `computeSlots` needs, without
 * building violations.
 */
export function freeResources(
  state: PreparedState,
  locationId: string,
  start: number,
  end: number,
  ignore?: ReadonlySet<ViolationCode>,
): string[] | undefined {
  const kinds = state.service.resourceKinds;
  // A service that needs two of a kind gets two different calendars of it.
  const taken: CalendarIndex[] | readonly CalendarIndex[] = kinds.length > 1 ? [] : NOTHING_TAKEN;
  const resourceIds: string[] = [];
  for (const kind of kinds) {
    const chosen = firstFree(
      state,
      resourcePool(state, kind, locationId),
      taken,
      start,
      end,
      ignore,
    );
    if (!chosen) return undefined;
    resourceIds.push(chosen.calendar.id);
    if (kinds.length > 1) (taken as CalendarIndex[]).push(chosen);
  }
  return resourceIds;
}

/**
 * Picks free rooms / equipment for every kind the service needs at the provider's location, by the
 * assignment rule; where none is free, returns the violations of the first candidate of that kind.
 */
export function assignResources(
  state: PreparedState,
  provider: Calendar,
  start: number,
  end: number,
  ignore?: ReadonlySet<ViolationCode>,
): { resourceIds: string[]; violations: Violation[] } {
  const resourceIds: string[] = [];
  const violations: Violation[] = [];
  const taken: CalendarIndex[] = [];
  for (const kind of state.service.resourceKinds) {
    const pool = resourcePool(state, kind, provider.locationId);
    const chosen = firstFree(state, pool, taken, start, end, ignore);
    const pick = chosen ?? firstByRule(state, pool, taken, start, end);
    if (!pick) {
      violations.push(
        violation("MISSING_RESOURCE", `No ${kind} is available at ${provider.locationId}.`),
      );
      continue;
    }
    taken.push(pick);
    resourceIds.push(pick.calendar.id);
    if (!chosen) violations.push(...resourceTimeViolations(state, pick, start, end, ignore));
  }
  return { resourceIds, violations };
}

/** Whether a room / equipment calendar is open and free at `[start, end)` (no messages built). */
function resourceTimeFree(
  state: PreparedState,
  index: CalendarIndex,
  start: number,
  end: number,
  ignore?: ReadonlySet<ViolationCode>,
): boolean {
  const code = hoursCode(state, index, start, end, false);
  if (code !== undefined && !ignore?.has(code)) return false;
  return busyFree(state, index, start, end, ignore).free;
}

/** Hours and busy violations of a room / equipment calendar. */
export function resourceTimeViolations(
  state: PreparedState,
  index: CalendarIndex,
  start: number,
  end: number,
  ignore?: ReadonlySet<ViolationCode>,
): Violation[] {
  const hours = hoursViolations(state, index, start, end, false).filter(
    (v) => !ignore?.has(v.code),
  );
  return [...hours, ...busyViolations(state, index, start, end, ignore).violations];
}
