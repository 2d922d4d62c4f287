import { z } from "zod";
import {
  type Assignment,
  type BookingCheck,
  bookingCheckSchema,
  checkBooking,
  computeSlots,
  type Slot,
  type Violation,
  type ViolationCode,
} from "../availability/index.js";
import { hasWeeklyLimit, travelMargin } from "../availability/members.js";
import type {
  Appointment,
  AppointmentInput,
  Calendar,
  Channel,
  MemberRules,
  Service,
  Travel,
} from "../model.js";
import type { PackageErrorCode } from "../packages/use.js";
import { clockFor, DAY, formatDay, MINUTE, parseInstant } from "../time/zoned.js";
import { parseInput } from "../validate.js";

/** What a plan was made for. */
export type PlanKind = "series" | "bookings" | "copy" | "move";

/** The nearest free start on the same local day as a conflicting item (a slot, without `remaining`). */
export type PlanAlternative = Omit<Slot, "remaining">;

/**
 * The appointment a plan item would create: everything but the id (the caller assigns ids; the
 * engine has no randomness). Carried fields (`clientId`, `caseId`, `seriesId`, …) are copied in.
 */
export interface AppointmentDraft {
  serviceId: string;
  calendarIds: string[];
  start: string;
  end: string;
  status: "booked";
  channel: Channel;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  [field: string]: unknown;
}

/** One date of a plan, checked with `checkBooking` against everything booked before it. */
export interface PlanItem {
  /** 0-based position in the plan (the order the items were asked for). */
  index: number;
  /** Local date `YYYY-MM-DD` of the start, in the item's zone. */
  date: string;
  start: string;
  end: string;
  startMs: number;
  endMs: number;
  /** `ok` when nothing blocks the booking in its channel; `conflict` otherwise. */
  status: "ok" | "conflict";
  /** Every violation found (a staff plan may be `ok` with overridden soft ones). */
  violations: Violation[];
  /** The violations that make the item a conflict. */
  blocking: Violation[];
  /** The calendars that were (or would be) booked; `null` when none could be chosen. */
  assignment: Assignment | null;
  /** For a conflict: the nearest free start that same local day, when one exists. */
  alternative?: PlanAlternative;
  /** For copy and move: the appointment the item comes from. */
  sourceAppointmentId?: string;
  /** What confirming the item creates (present when `status` is `ok`). */
  draft?: AppointmentDraft;
  /**
   * With a `package` in the request, for an `ok` item: whether the package would pay for it when
   * the visits before it have used it (`covered`), or why not (`PACKAGE_EXPIRED` past its last
   * valid day, `PACKAGE_EXHAUSTED` once its sessions are spoken for, …). Informative only: the
   * item stays bookable, the patient then pays for that visit.
   */
  package?: { covered: true } | { covered: false; code: PackageErrorCode; message: string };
}

/** The outcome of a planner: every item in order, with a summary. */
export interface Plan {
  kind: PlanKind;
  items: PlanItem[];
  summary: { total: number; ok: number; conflicts: number };
}

/**
 * The id an accepted plan item holds while later items are checked: an `OVERLAP` with an
 * earlier item of the same plan names this id.
 *
 * @example
 * planAppointmentId(3); // "plan:3"
 * item.blocking.some((v) => v.appointmentId === planAppointmentId(0)); // collides with item 0
 */
export function planAppointmentId(index: number): string {
  return `plan:${index}`;
}

/** Request fields shared by every planner: the same ones as a single `checkBooking`. */
export const planBaseSchema = bookingCheckSchema
  .omit({ start: true, service: true, providerId: true, resourceIds: true })
  .extend({
    /** Look for the nearest free start on the same day for each conflict (default true). */
    alternatives: z.boolean().default(true),
  });

/** The validated shared request of the planners. */
export type PlanBase = z.output<typeof planBaseSchema>;

/** One thing to check: a start for a service with a provider (or "any"). */
export interface PlanTarget {
  startMs: number;
  /** Zone of the local day (the item's `date` and the day searched for alternatives). */
  zone: string;
  service: Service;
  providerId: string;
  resourceIds: string[] | undefined;
  sourceAppointmentId?: string;
  /** Fields copied into the draft (clientId, caseId, seriesId, …). */
  carry: Record<string, unknown>;
}

/** Options of {@link runPlan}. */
export interface RunOptions {
  /** Appointment ids that do not hold their time (e.g. visits being moved away). */
  excluded: ReadonlySet<string>;
  /** With provider `any`: the first accepted item's provider is used for the rest. */
  keepProvider: boolean;
  /** Look for alternatives (default: the request's `alternatives`). */
  alternatives?: boolean;
}

/** A `checkBooking` request without its start. */
interface CheckRequest {
  service: Service;
  calendars: Calendar[];
  appointments: AppointmentInput[];
  services: Service[];
  now: string;
  providerId: string;
  channel: Channel;
  overrides: ViolationCode[] | "all-soft";
  members: MemberRules[];
  travel?: Travel;
  locationId?: string;
  resourceIds?: string[];
}

interface TimedAppointment {
  appointment: AppointmentInput;
  startMs: number;
  endMs: number;
}

/**
 * Appointments sorted by start, for cheap "what can affect this time" look-ups, plus the items a
 * plan accepts as it goes. An appointment can only affect a check through its buffers and the
 * checked service's, so `margin` (twice the largest buffer) bounds how far to look.
 */
class Neighbourhood {
  private readonly sorted: TimedAppointment[];
  private readonly added: TimedAppointment[] = [];
  private maxLength = 0;

  constructor(
    appointments: readonly AppointmentInput[],
    private readonly margin: number,
  ) {
    this.sorted = appointments
      .map((appointment) => ({
        appointment,
        startMs: parseInstant(appointment.start) as number,
        endMs: parseInstant(appointment.end) as number,
      }))
      .sort((a, b) => a.startMs - b.startMs);
    for (const t of this.sorted) this.maxLength = Math.max(this.maxLength, t.endMs - t.startMs);
  }

  add(appointment: AppointmentInput, startMs: number, endMs: number): void {
    this.added.push({ appointment, startMs, endMs });
  }

  /** Appointments within `margin` of `[from, to)`, minus `excluded`. */
  near(from: number, to: number, excluded: ReadonlySet<string>): AppointmentInput[] {
    const lo = from - this.margin;
    const hi = to + this.margin;
    const keep = (t: TimedAppointment) =>
      t.startMs < hi && t.endMs > lo && !excluded.has(t.appointment.id);
    let first = 0;
    let last = this.sorted.length;
    while (first < last) {
      const mid = (first + last) >> 1;
      if ((this.sorted[mid] as TimedAppointment).startMs < lo - this.maxLength) first = mid + 1;
      else last = mid;
    }
    const out: AppointmentInput[] = [];
    for (let i = first; i < this.sorted.length; i++) {
      const t = this.sorted[i] as TimedAppointment;
      if (t.startMs >= hi) break;
      if (keep(t)) out.push(t.appointment);
    }
    for (const t of this.added) if (keep(t)) out.push(t.appointment);
    return out;
  }
}

/** Twice the largest buffer anywhere in the request: how far apart two visits can still clash. */
function bufferMargin(base: PlanBase, targets: readonly PlanTarget[]): number {
  let most = 0;
  for (const s of [...base.services, ...targets.map((t) => t.service)]) {
    most = Math.max(most, s.bufferBeforeMinutes, s.bufferAfterMinutes);
  }
  for (const a of base.appointments) {
    most = Math.max(most, a.bufferBeforeMinutes ?? 0, a.bufferAfterMinutes ?? 0);
  }
  return 2 * most * MINUTE;
}

/**
 * The window whose appointments matter for a check at `[start, end)`: the time itself and, for
 * the any-available rule (least booked that local day), the whole local day in every providers' zone.
 */
function checkWindow(zones: readonly string[], start: number, end: number): [number, number] {
  let from = start;
  let to = end;
  for (const zone of zones) {
    const clock = clockFor(zone);
    const day = clock.dayOf(start);
    from = Math.min(from, clock.dayStart(day));
    to = Math.max(to, clock.dayStart(day + 1));
  }
  return [from, to];
}

/**
 * The zone local days are read in: the given provider's, or the one every provider (of
 * `locationId`) shares; `undefined` when that is not one zone.
 *
 * @example
 * providerZone(calendars, "ana"); // "Europe/Lisbon"
 * providerZone([lisbonCalendar, newYorkCalendar], "any"); // undefined
 */
export function providerZone(
  calendars: readonly Calendar[],
  providerId: string,
  locationId?: string,
): string | undefined {
  const providers = calendars.filter(
    (c) =>
      c.kind === "provider" &&
      (providerId === "any"
        ? locationId === undefined || c.locationId === locationId
        : c.id === providerId),
  );
  const zones = new Set(providers.map((c) => c.timeZone));
  return zones.size === 1 ? [...zones][0] : undefined;
}

/**
 * Checks every target in order with `checkBooking`; each accepted one is added to the busy set
 * (as `plan:<index>`) before the next is checked, so items never collide with each other.
 *
 * @example
 * const plan = runPlan("bookings", parsedRequest, targets, { excluded: new Set(), keepProvider: true });
 * plan.items.map((i) => i.status); // ["ok", "conflict", …]
 */
export function runPlan(
  kind: PlanKind,
  base: PlanBase,
  targets: readonly PlanTarget[],
  options: RunOptions,
): Plan {
  // A visit matters through buffers, through a member's travel time and, for weekly limits,
  // anywhere in the same week.
  const margin =
    bufferMargin(base, targets) +
    2 * travelMargin(base.travel) +
    (hasWeeklyLimit(base.members) ? 8 * DAY : 0);
  const near = new Neighbourhood(base.appointments, margin);
  const providers = base.calendars.filter((c) => c.kind === "provider");
  const zones = [...new Set(providers.map((c) => c.timeZone))];
  // A check for one provider only reads that provider's calendar (with the member's other
  // calendars: one person, one busy set) and the rooms / equipment.
  const resources = base.calendars.filter((c) => c.kind !== "provider");
  const calendarsFor = (providerId: string): Calendar[] => {
    if (providerId === "any") return base.calendars;
    const own = providers.filter((c) => c.id === providerId);
    const memberId = own[0]?.memberId;
    const siblings =
      memberId === undefined
        ? []
        : providers.filter((c) => c.memberId === memberId && c.id !== providerId);
    return own.length > 0 ? [...own, ...siblings, ...resources] : base.calendars;
  };
  const lookForAlternatives = options.alternatives ?? base.alternatives;
  // Conflicts whose alternative is searched once every item is checked (see below).
  const pending: {
    item: PlanItem;
    request: CheckRequest;
    target: PlanTarget;
    date: string;
    excluded: Set<string>;
  }[] = [];
  let pinned: string | undefined;
  const items: PlanItem[] = targets.map((target, index) => {
    const providerId =
      target.providerId === "any" && pinned !== undefined ? pinned : target.providerId;
    const service = target.service;
    const endGuess = target.startMs + service.durationMinutes * MINUTE;
    const excluded = new Set([...base.excludeAppointmentIds, ...options.excluded]);
    if (target.sourceAppointmentId !== undefined && kind === "move") {
      excluded.add(target.sourceAppointmentId);
    }
    const appointments = near.near(...checkWindow(zones, target.startMs, endGuess), excluded);
    const request: CheckRequest = {
      service,
      calendars: calendarsFor(providerId),
      appointments,
      services: base.services,
      now: base.now,
      providerId,
      channel: base.channel,
      overrides: base.overrides,
      members: base.members,
      ...(base.travel === undefined ? {} : { travel: base.travel }),
      ...(base.locationId === undefined ? {} : { locationId: base.locationId }),
      ...(target.resourceIds === undefined ? {} : { resourceIds: target.resourceIds }),
    };
    const check = checkBooking({ ...request, start: new Date(target.startMs).toISOString() });
    const clock = clockFor(target.zone);
    const date = formatDay(clock.dayOf(target.startMs));
    const item: PlanItem = {
      index,
      date,
      start: check.start,
      end: check.end,
      startMs: check.startMs,
      endMs: check.endMs,
      status: check.ok ? "ok" : "conflict",
      violations: check.violations,
      blocking: check.blocking,
      assignment: check.assignment,
    };
    if (target.sourceAppointmentId !== undefined) {
      item.sourceAppointmentId = target.sourceAppointmentId;
    }
    if (check.ok && check.assignment) {
      const draft: AppointmentDraft = {
        ...target.carry,
        serviceId: service.id,
        calendarIds: check.assignment.calendarIds,
        start: check.start,
        end: check.end,
        status: "booked",
        channel: base.channel,
        bufferBeforeMinutes: service.bufferBeforeMinutes,
        bufferAfterMinutes: service.bufferAfterMinutes,
      };
      item.draft = draft;
      near.add(
        { ...draft, id: planAppointmentId(index) } as AppointmentInput,
        check.startMs,
        check.endMs,
      );
      if (options.keepProvider && target.providerId === "any")
        pinned ??= check.assignment.providerId;
    } else if (lookForAlternatives) {
      pending.push({ item, request, target, date, excluded });
    }
    return item;
  });
  // Alternatives are searched after every item is checked, in plan order, and each one found is
  // held like an accepted item: an alternative never takes the time of a later item of the plan
  // or of another conflict's alternative, so the ok items plus every alternative fit together.
  for (const { item, request: asked, target, date, excluded } of pending) {
    // A conflict before the first accepted date looks with the therapist the series keeps.
    const request =
      asked.providerId === "any" && pinned !== undefined
        ? { ...asked, providerId: pinned, calendars: calendarsFor(pinned) }
        : asked;
    const alternative = nearestAlternative(request, target, date, near, excluded, zones);
    if (!alternative) continue;
    item.alternative = alternative;
    const service = target.service;
    near.add(
      {
        id: `${planAppointmentId(item.index)}-alternative`,
        serviceId: service.id,
        calendarIds: alternative.calendarIds,
        start: alternative.start,
        end: alternative.end,
        status: "booked",
        bufferBeforeMinutes: service.bufferBeforeMinutes,
        bufferAfterMinutes: service.bufferAfterMinutes,
      } as AppointmentInput,
      alternative.startMs,
      alternative.endMs,
    );
  }
  return summarize(kind, items);
}

/** Builds a plan with its summary counts. */
function summarize(kind: PlanKind, items: PlanItem[]): Plan {
  const ok = items.filter((i) => i.status === "ok").length;
  return { kind, items, summary: { total: items.length, ok, conflicts: items.length - ok } };
}

/** Codes about when a booking may be made (not about free time): staff overrides carry over. */
const POLICY_CODES: readonly ViolationCode[] = ["PAST", "LEAD_TIME", "HORIZON", "OFF_GRID"];

/**
 * The free start nearest to the target on its local day (earlier wins a tie), re-checked with
 * `checkBooking` under the same request so that it really would be accepted.
 */
function nearestAlternative(
  request: CheckRequest,
  target: PlanTarget,
  date: string,
  near: Neighbourhood,
  excluded: ReadonlySet<string>,
  zones: readonly string[],
): PlanAlternative | undefined {
  const clock = clockFor(target.zone);
  const day = clock.dayOf(target.startMs);
  const [from] = checkWindow(zones, clock.dayStart(day), clock.dayStart(day + 1));
  const [, to] = checkWindow(zones, clock.dayStart(day + 1) - 1, clock.dayStart(day + 1));
  const dayAppointments = near.near(from, to, excluded);
  const { overrides } = request;
  const ignore: ViolationCode[] =
    request.channel === "staff"
      ? POLICY_CODES.filter((c) => overrides === "all-soft" || overrides.includes(c))
      : [];
  const slots = computeSlots({
    service: request.service,
    calendars: request.calendars,
    appointments: dayAppointments,
    services: request.services,
    now: request.now,
    from: date,
    to: date,
    timeZone: target.zone,
    providerId: request.providerId,
    channel: request.channel,
    ignore,
    members: request.members,
    ...(request.travel === undefined ? {} : { travel: request.travel }),
    ...(request.locationId === undefined ? {} : { locationId: request.locationId }),
  })
    .filter((s) => s.startMs !== target.startMs)
    .sort(
      (a, b) =>
        Math.abs(a.startMs - target.startMs) - Math.abs(b.startMs - target.startMs) ||
        a.startMs - b.startMs,
    );
  for (const slot of slots.slice(0, 20)) {
    const check: BookingCheck = checkBooking({
      ...request,
      appointments: dayAppointments,
      start: slot.start,
    });
    if (check.ok && check.assignment) {
      return {
        start: check.start,
        end: check.end,
        startMs: check.startMs,
        endMs: check.endMs,
        providerId: check.assignment.providerId,
        resourceIds: check.assignment.resourceIds,
        calendarIds: check.assignment.calendarIds,
      };
    }
  }
  return undefined;
}

/** How to book a plan: every `ok` item, or nothing unless every item is `ok`. */
export type ConfirmMode = "all-valid" | "all-or-nothing";

/** A move to carry out: mark the old visit `rebooked` when its replacement is created. */
export interface Rebooking {
  /** The visit being moved. */
  appointmentId: string;
  /** Position of its replacement in `create`. */
  createIndex: number;
  /** The plan item it comes from. */
  planIndex: number;
}

/** What {@link confirmPlan} returns. */
export type ConfirmResult =
  | {
      ok: true;
      mode: ConfirmMode;
      /** Appointments to create, in plan order (ids are the caller's to assign). */
      create: AppointmentDraft[];
      /** Plan index of each draft in `create`. */
      planIndexes: number[];
      /** For a move plan: the visits to mark `rebooked`, each with its replacement. */
      rebook: Rebooking[];
      /** Plan items left out (conflicts), by index. */
      skipped: number[];
    }
  | {
      ok: false;
      mode: ConfirmMode;
      code: "CONFLICT";
      message: string;
      /** Every conflicting item with what blocks it. */
      conflicts: { index: number; date: string; start: string; blocking: Violation[] }[];
    };

const confirmModeSchema = z.enum(["all-valid", "all-or-nothing"]);

/**
 * Turns a plan into the appointments to create: `all-valid` takes every `ok` item and skips the
 * conflicts; `all-or-nothing` takes all of them or refuses (a typed `CONFLICT` result listing
 * every conflict). It does not re-check: the server re-runs `checkBooking` for each appointment
 * inside its booking transaction.
 *
 * @example
 * const plan = planSeries({ ...request, recurrence: { startDate: "2026-03-03", time: "17:00", weekdays: [2, 4], count: 8 } });
 * const result = confirmPlan(plan, "all-or-nothing");
 * if (result.ok) await storage.createMany(result.create.map((d) => ({ ...d, id: newId() })));
 * else console.log(result.conflicts.map((c) => c.date));
 */
export function confirmPlan(plan: Plan, mode: ConfirmMode): ConfirmResult {
  parseInput(confirmModeSchema, mode, "mode");
  const conflicts = plan.items.filter((i) => i.status !== "ok" || !i.draft);
  if (mode === "all-or-nothing" && conflicts.length > 0) {
    return {
      ok: false,
      mode,
      code: "CONFLICT",
      message: `${conflicts.length} of ${plan.items.length} dates conflict; nothing was booked.`,
      conflicts: conflicts.map((i) => ({
        index: i.index,
        date: i.date,
        start: i.start,
        blocking: i.blocking,
      })),
    };
  }
  const create: AppointmentDraft[] = [];
  const planIndexes: number[] = [];
  const rebook: Rebooking[] = [];
  for (const item of plan.items) {
    if (item.status !== "ok" || !item.draft) continue;
    if (plan.kind === "move" && item.sourceAppointmentId !== undefined) {
      rebook.push({
        appointmentId: item.sourceAppointmentId,
        createIndex: create.length,
        planIndex: item.index,
      });
    }
    create.push(item.draft);
    planIndexes.push(item.index);
  }
  return { ok: true, mode, create, planIndexes, rebook, skipped: conflicts.map((i) => i.index) };
}

/**
 * Appointment fields a copy or move never carries over: identity, times, status, calendars and
 * the visit's own lineage (a moved visit points at the visit it replaces, not at that visit's
 * predecessor).
 */
const NOT_CARRIED = new Set([
  "id",
  "start",
  "end",
  "status",
  "calendarIds",
  "rebookedFromId",
  "rebookedToId",
  "rebookedFrom",
  "rebookedTo",
]);

/**
 * The carried fields of an appointment (everything but id, times, status, calendars and the
 * `rebookedFromId` / `rebookedToId` links).
 *
 * @example
 * carriedFields({ id: "a1", serviceId: "physio", calendarIds: ["ana"], start, end, status: "booked", channel: "online", clientId: "c1" });
 * // { serviceId: "physio", channel: "online", clientId: "c1" }
 */
export function carriedFields(appointment: Appointment): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(appointment)) {
    if (!NOT_CARRIED.has(key) && value !== undefined) out[key] = value;
  }
  return out;
}
