import { EngineError } from "../errors.js";
import { clockFor, DAY, MINUTE, parseDay, parseInstant, sameZone } from "../time/zoned.js";
import { parseInput } from "../validate.js";
import { evaluateProvider } from "./evaluate.js";
import { memberFree } from "./members.js";
import {
  type BookingCheckRequest,
  bookingCheckSchema,
  type SlotQuery,
  slotQuerySchema,
} from "./query.js";
import {
  busyFree,
  byAssignment,
  type CalendarIndex,
  classMembers,
  compareIds,
  freeResources,
  horizonEnd,
  loadKey,
  prepareState,
  providerFitViolations,
} from "./state.js";
import type { Assignment, BookingCheck, Slot, Violation, ViolationCode } from "./types.js";
import { SOFT_VIOLATIONS, violation } from "./types.js";

const MAX_RANGE_DAYS = 400;

/** Reads a query bound: a date is a whole local day in `zone`; an instant is exact. */
function bound(value: string, zone: string, edge: "from" | "to"): number {
  const day = parseDay(value);
  if (day === undefined) return parseInstant(value) as number;
  const clock = clockFor(zone);
  return clock.dayStart(edge === "from" ? day : day + 1);
}

/**
 * Computes the free start times of a service over a date range, for one provider or "any
 * available", honouring shifts, breaks, overrides, time off, buffers, lead time, horizon,
 * disciplines, locations, rooms / equipment and capacity. Each start appears once, sorted; for
 * "any" the provider (and rooms) are chosen by the rule: for a class, the one whose class at that
 * start already has the most people; then least minutes booked that local day; then by id.
 * With `includeFull: true`, full classes are listed too, with `remaining: 0` (never offered as
 * bookable: `checkBooking` refuses them with `CAPACITY`).
 *
 * @example
 * const slots = computeSlots({
 *   service: { id: "physio-50", name: "Physio session", discipline: "physio", durationMinutes: 50,
 *              slotIntervalMinutes: 60, price: { amount: 3500, currency: "EUR" } },
 *   calendars: [{ id: "ana", kind: "provider", locationId: "lisbon", disciplines: ["physio"],
 *                 timeZone: "Europe/Lisbon", weekly: [{ weekday: 1, start: "09:00", end: "13:00" }] }],
 *   appointments: [],
 *   from: "2026-03-09", to: "2026-03-15", now: "2026-03-01T12:00:00Z",
 * });
 * // slots[0].start === "2026-03-09T09:00:00Z" (Lisbon is on UTC in March)
 */
export function computeSlots(query: SlotQuery): Slot[] {
  const q = parseInput(slotQuerySchema, query, "query");
  const now = parseInstant(q.now) as number;
  // Like checkBooking's overrides: only staff may look past rules, and only past soft ones.
  const ignore = new Set<ViolationCode>(
    q.channel === "staff" ? q.ignore.filter((code) => SOFT_VIOLATIONS.has(code)) : [],
  );
  if (!q.service.active) return [];
  if (q.channel === "online" && !q.service.onlineBookable) return [];

  const providers = q.calendars
    .filter((c) => c.kind === "provider" && (q.providerId === "any" || c.id === q.providerId))
    .filter((c) =>
      providerFitViolations(q.service, c, q.locationId).every((v) => ignore.has(v.code)),
    );
  if (providers.length === 0) return [];

  // One window over every provider's zone; each provider then reads its own bounds.
  const windows = new Map<string, { from: number; to: number }>();
  let windowFrom = Number.POSITIVE_INFINITY;
  let windowTo = Number.NEGATIVE_INFINITY;
  for (const p of providers) {
    const zone = q.timeZone ?? p.timeZone;
    if (windows.has(zone)) continue;
    const w = { from: bound(q.from, zone, "from"), to: bound(q.to, zone, "to") };
    if (w.to <= w.from) {
      throw new EngineError("INVALID_INPUT", "Invalid query: query.to: must be after query.from", [
        { field: "query.to", message: "must be after query.from" },
      ]);
    }
    if (w.to - w.from > MAX_RANGE_DAYS * DAY) {
      throw new EngineError(
        "INVALID_INPUT",
        `Invalid query: query.to: the range may span at most ${MAX_RANGE_DAYS} days`,
        [{ field: "query.to", message: `the range may span at most ${MAX_RANGE_DAYS} days` }],
      );
    }
    windows.set(zone, w);
    windowFrom = Math.min(windowFrom, w.from);
    windowTo = Math.max(windowTo, w.to);
  }

  const state = prepareState({
    service: q.service,
    services: q.services,
    calendars: q.calendars,
    appointments: q.appointments,
    now,
    windowFrom,
    windowTo,
    excludeAppointmentIds: q.excludeAppointmentIds,
    members: q.members,
    travel: q.travel,
  });
  const { durationMs, stepMs, service } = state;
  const leadEarliest = ignore.has("LEAD_TIME") ? -Infinity : now + service.leadTimeMinutes * MINUTE;
  const pastEarliest = ignore.has("PAST") ? -Infinity : now;

  const fromDay = parseDay(q.from);
  const toDay = parseDay(q.to);
  const dateRange = fromDay !== undefined && toDay !== undefined;
  const simpleBusy = service.capacity === 1 && !ignore.has("OVERLAP") && !ignore.has("BUFFER");
  const listFull = q.includeFull && service.capacity > 1;
  const bufferBefore = service.bufferBeforeMinutes * MINUTE;
  const bufferAfter = service.bufferAfterMinutes * MINUTE;
  // start -> [load, provider id, slot]
  const best = new Map<number, Candidate>();
  const single = providers.length === 1;
  const found: Candidate[] = [];
  /** Starts that some provider offers within its own reading of the range. */
  const listed = new Set<number>();
  // Rooms / equipment depend on the location and the start, never on the provider: pick them
  // once per (location, start) however many providers offer that start.
  const picks = new Map<string, Map<number, string[] | null>>();
  const resources = (locationId: string, t: number, end: number) => {
    let byStart = picks.get(locationId);
    if (!byStart) {
      byStart = new Map();
      picks.set(locationId, byStart);
    }
    let picked = byStart.get(t);
    if (picked === undefined) {
      picked = freeResources(state, locationId, t, end, ignore) ?? null;
      byStart.set(t, picked);
    }
    return picked ?? undefined;
  };
  for (const p of providers) {
    const index = state.calendars.get(p.id) as CalendarIndex;
    const w = windows.get(q.timeZone ?? p.timeZone) as { from: number; to: number };
    // Date-only ranges in the provider's own zone select shifts by the day they start on, so a
    // shift crossing midnight belongs to its first day; otherwise the range is exact instants.
    const shiftDays = dateRange && (q.timeZone === undefined || sameZone(q.timeZone, p.timeZone));
    const horizon = ignore.has("HORIZON") ? Infinity : horizonEnd(state, index);
    // One provider: only its own range. Several: every start in the whole window is looked at
    // (a start that one provider's range lists may fall on another's previous or next day), so
    // that the assignment depends on the start alone, as in checkBooking, never on the range.
    const earliest = Math.max(
      single ? (shiftDays ? -Infinity : w.from) : windowFrom,
      leadEarliest,
      pastEarliest,
    );
    const latest = Math.min(single ? (shiftDays ? Infinity : w.to) : windowTo + DAY, horizon);
    for (const span of index.hours.grid) {
      const spanInRange =
        !shiftDays || (span.day >= (fromDay as number) && span.day <= (toDay as number));
      if (single && !spanInRange) continue;
      if (span.end <= earliest || span.start >= latest) continue;
      const k0 = span.start >= earliest ? 0 : Math.ceil((earliest - span.start) / stepMs);
      for (
        let t = span.start + k0 * stepMs;
        t + durationMs <= span.end && t < latest;
        t += stepMs
      ) {
        const end = t + durationMs;
        let remaining = 1;
        if (simpleBusy) {
          // Capacity 1 and nothing ignored: any widened overlap is a violation (same rule, no allocation).
          if (index.anyOverlapping(t - bufferBefore, end + bufferAfter)) continue;
        } else {
          const busy = busyFree(state, index, t, end, ignore);
          if (!busy.free && !(listFull && busy.full)) continue;
          remaining = busy.free ? busy.remaining : 0;
        }
        // One person, one busy set: the member's other calendars, travel and limits.
        if (index.member && !memberFree(state, index, t, end, ignore)) continue;
        let resourceIds: string[] = NO_RESOURCES;
        if (service.resourceKinds.length > 0) {
          const picked = resources(p.locationId, t, end);
          if (picked === undefined) continue;
          resourceIds = picked;
        }
        const candidate: Candidate = {
          t,
          end,
          index,
          resourceIds,
          remaining,
          load: 0,
          members: 0,
        };
        if (single) {
          found.push(candidate);
          continue;
        }
        if (shiftDays ? spanInRange : t >= w.from && t < w.to) listed.add(t);
        candidate.load = loadKey(index, t);
        candidate.members = service.capacity > 1 ? classMembers(state, index, t, end) : 0;
        const current = best.get(t);
        if (current && !assignsBefore(candidate, current)) continue;
        best.set(t, candidate);
      }
    }
  }
  const winners = single
    ? sortedUnique(found)
    : [...best.values()].filter((c) => listed.has(c.t)).sort((a, b) => a.t - b.t);
  return winners.map(toSlot);
}

/**
 * One provider's candidates in start order, each start once: grid spans of two local days can
 * overlap (a night shift running into the next morning's), and both may offer the same start.
 */
function sortedUnique(found: Candidate[]): Candidate[] {
  let ordered = true;
  for (let i = 1; i < found.length && ordered; i++)
    ordered = (found[i] as Candidate).t > (found[i - 1] as Candidate).t;
  if (ordered) return found;
  const out: Candidate[] = [];
  for (const c of found.slice().sort((a, b) => a.t - b.t)) {
    if (out.length === 0 || (out[out.length - 1] as Candidate).t !== c.t) out.push(c);
  }
  return out;
}

const NO_RESOURCES: string[] = [];

interface Candidate {
  t: number;
  end: number;
  index: CalendarIndex;
  resourceIds: string[];
  remaining: number;
  load: number;
  /** People already in this provider's class at that start (0 for capacity 1). */
  members: number;
}

/** The assignment rule (see `byAssignment`): fuller class, then fewer minutes booked, then id. */
function assignsBefore(a: Candidate, b: Candidate): boolean {
  // With `includeFull`: a class with places left always wins over a full one.
  if ((a.remaining === 0) !== (b.remaining === 0)) return b.remaining === 0;
  if (a.members !== b.members) return a.members > b.members;
  if (a.load !== b.load) return a.load < b.load;
  return compareIds(a.index.calendar.id, b.index.calendar.id) < 0;
}

function toSlot(c: Candidate): Slot {
  const providerId = c.index.calendar.id;
  return {
    start: c.index.clock.format(c.t),
    end: c.index.clock.format(c.end),
    startMs: c.t,
    endMs: c.end,
    providerId,
    resourceIds: c.resourceIds.slice(),
    calendarIds: [providerId, ...c.resourceIds],
    remaining: c.remaining,
  };
}

/**
 * Checks one booking and returns every violation with a code, each hard or soft, plus which of
 * them block in the booking's channel: online, all of them; staff, the hard ones and the soft
 * ones not listed in `overrides`. With `providerId: "any"` (or no `resourceIds`) the engine
 * picks calendars by the same rule as {@link computeSlots}.
 *
 * @example
 * const verdict = checkBooking({ service, calendars, appointments, now: "2026-03-01T12:00:00Z",
 *   start: "2026-03-09T09:00:00Z", providerId: "ana", channel: "staff", overrides: ["OVERLAP"] });
 * if (!verdict.ok) console.log(verdict.blocking.map((v) => v.code));
 */
export function checkBooking(request: BookingCheckRequest): BookingCheck {
  const r = parseInput(bookingCheckSchema, request, "request");
  const now = parseInstant(r.now) as number;
  const start = parseInstant(r.start) as number;
  const end = start + r.service.durationMinutes * MINUTE;
  const state = prepareState({
    service: r.service,
    services: r.services,
    calendars: r.calendars,
    appointments: r.appointments,
    now,
    windowFrom: start,
    windowTo: end,
    excludeAppointmentIds: r.excludeAppointmentIds,
    members: r.members,
    travel: r.travel,
  });
  const overrides: ReadonlySet<ViolationCode> =
    r.channel === "online"
      ? new Set()
      : r.overrides === "all-soft"
        ? SOFT_VIOLATIONS
        : new Set(r.overrides);
  const blocks = (v: Violation) =>
    r.channel === "online" || v.severity === "hard" || !overrides.has(v.code);
  const noIgnore = new Set<ViolationCode>();

  const top: Violation[] = [];
  if (!r.service.active) {
    top.push(violation("SERVICE_INACTIVE", `${r.service.name} has been removed.`));
  }
  if (r.channel === "online" && !r.service.onlineBookable) {
    top.push(violation("NOT_BOOKABLE_ONLINE", `${r.service.name} cannot be booked online.`));
  }

  let candidates: CalendarIndex[];
  if (r.providerId === "any") {
    candidates = state.ordered
      .filter((c) => c.calendar.kind === "provider")
      .filter((c) => providerFitViolations(r.service, c.calendar, r.locationId).length === 0)
      .sort(byAssignment(state, start, end));
  } else {
    const index = state.calendars.get(r.providerId);
    if (!index) {
      top.push(
        violation("UNKNOWN_CALENDAR", `There is no calendar ${r.providerId}.`, {
          calendarId: r.providerId,
        }),
      );
      return verdict(state, start, end, top, blocks, null);
    }
    candidates = [index];
  }
  if (candidates.length === 0) {
    top.push(violation("NO_PROVIDER", `No provider offers ${r.service.name} here.`));
    return verdict(state, start, end, top, blocks, null);
  }

  let chosen: { violations: Violation[]; assignment: Assignment } | undefined;
  let fallback: { violations: Violation[]; assignment: Assignment } | undefined;
  for (const candidate of candidates) {
    const result = evaluateProvider(state, candidate, start, end, {
      locationId: r.locationId,
      resourceIds: r.resourceIds,
      ignore: noIgnore,
    });
    const outcome = {
      violations: result.violations,
      assignment: {
        providerId: candidate.calendar.id,
        resourceIds: result.resourceIds,
        calendarIds: [candidate.calendar.id, ...result.resourceIds],
      },
    };
    fallback ??= outcome;
    if (!result.violations.some(blocks)) {
      chosen = outcome;
      break;
    }
  }
  const pick = chosen ?? (fallback as { violations: Violation[]; assignment: Assignment });
  return verdict(state, start, end, [...top, ...pick.violations], blocks, pick.assignment);
}

function verdict(
  state: { calendars: Map<string, CalendarIndex> },
  start: number,
  end: number,
  violations: Violation[],
  blocks: (v: Violation) => boolean,
  assignment: Assignment | null,
): BookingCheck {
  const zoneOf = assignment ? state.calendars.get(assignment.providerId)?.clock : undefined;
  const format = (ms: number) =>
    zoneOf ? zoneOf.format(ms) : new Date(ms).toISOString().replace(".000Z", "Z");
  const blocking = violations.filter(blocks);
  return {
    ok: blocking.length === 0,
    violations,
    blocking,
    assignment,
    start: format(start),
    end: format(end),
    startMs: start,
    endMs: end,
  };
}

export type { BookingCheckRequest, SlotQuery };
