import { z } from "zod";
import { wallMinutes } from "../availability/open-hours.js";
import { EngineError } from "../errors.js";
import {
  type Appointment,
  type AppointmentStatus,
  type Calendar,
  dateSchema,
  idSchema,
  instantSchema,
  RELEASING_STATUSES,
  type Service,
  wallTimeSchema,
} from "../model.js";
import { clockFor, MINUTE, parseDay, parseInstant } from "../time/zoned.js";
import { parseInput } from "../validate.js";
import { carriedFields, type Plan, type PlanTarget, planBaseSchema, runPlan } from "./planner.js";
import { wallOf } from "./wall-time.js";

/** Statuses a visit may be moved from (a move marks it `rebooked`). */
export const MOVABLE_STATUSES: ReadonlySet<AppointmentStatus> = new Set(["booked", "confirmed"]);

/** Where the selected visits go. Exactly one of `date`, `start`, `shiftDays`, `shiftMinutes`. */
export const planTargetSchema = z
  .object({
    /** Same local wall time (or `time`) on this date. */
    date: dateSchema.optional(),
    /** With `date`: a new wall time `HH:MM` for every selected visit. */
    time: wallTimeSchema.refine((v) => v !== "24:00", "must be before 24:00").optional(),
    /** The earliest selected visit starts here; the others keep their distance to it. */
    start: instantSchema.optional(),
    /** Same wall time this many days later (negative: earlier), DST-safe. */
    shiftDays: z.number().int("must be a whole number").min(-3660).max(3660).optional(),
    /** Exactly this many minutes later (negative: earlier). */
    shiftMinutes: z
      .number()
      .int("must be a whole number")
      .min(-5_270_400)
      .max(5_270_400)
      .optional(),
  })
  .superRefine((t, ctx) => {
    const given = (["date", "start", "shiftDays", "shiftMinutes"] as const).filter(
      (k) => t[k] !== undefined,
    );
    if (given.length !== 1) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: "give exactly one of date, start, shiftDays or shiftMinutes",
      });
    }
    if (t.time !== undefined && t.date === undefined) {
      ctx.addIssue({ code: "custom", path: ["time"], message: "only goes with date" });
    }
  });

/** One group of visits to copy or move, and where to. */
export const planSourceSchema = z
  .object({
    /** The visits, by id. */
    appointmentIds: z
      .array(idSchema)
      .min(1, "must list at least one appointment")
      .max(1000)
      .optional(),
    /** Or: every visit starting on this local date (in its provider's zone)… */
    fromDate: dateSchema.optional(),
    /** …holding one of these calendars (default: any). */
    calendarIds: z.array(idSchema).max(1000).optional(),
    to: planTargetSchema,
    /** New provider (or `any`); default: the visit's own provider. */
    providerId: idSchema.optional(),
    /** Rooms / equipment to hold; default: chosen by the any-available rule. */
    resourceIds: z.array(idSchema).max(10).optional(),
  })
  .superRefine((s, ctx) => {
    if ((s.appointmentIds === undefined) === (s.fromDate === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["appointmentIds"],
        message: "give exactly one of appointmentIds or fromDate",
      });
    }
    if (s.calendarIds !== undefined && s.fromDate === undefined) {
      ctx.addIssue({ code: "custom", path: ["calendarIds"], message: "only goes with fromDate" });
    }
  });

/** Input of {@link planCopy} and {@link planMove}. */
export const planCopyMoveSchema = planBaseSchema.extend({
  /** Groups of visits and where each goes; handled in order. */
  items: z.array(planSourceSchema).min(1, "must list at least one item").max(100),
});
/** Input of {@link planCopy} and {@link planMove}. */
export type PlanCopyMoveRequest = z.input<typeof planCopyMoveSchema>;

type Parsed = z.output<typeof planCopyMoveSchema>;

function invalid(field: string, message: string): never {
  throw new EngineError("INVALID_INPUT", `Invalid request: ${field}: ${message}`, [
    { field, message },
  ]);
}

/** The provider calendar an appointment holds. */
function providerOf(
  a: Appointment,
  calendars: ReadonlyMap<string, Calendar>,
): Calendar | undefined {
  for (const id of a.calendarIds) {
    const c = calendars.get(id);
    if (c?.kind === "provider") return c;
  }
  return undefined;
}

/**
 * The visits starting on a local date (read in each visit's provider zone), optionally only those
 * holding one of `calendarIds` and having one of `statuses` (default: every status that holds
 * time), sorted by start then id.
 *
 * @example
 * // "all of Tuesday's visits of Ana"
 * const tuesday = appointmentsOnDate({ appointments, calendars, date: "2026-03-10", calendarIds: ["ana"] });
 */
export function appointmentsOnDate(args: {
  appointments: readonly Appointment[];
  calendars: readonly Calendar[];
  date: string;
  calendarIds?: readonly string[] | undefined;
  statuses?: ReadonlySet<AppointmentStatus> | undefined;
}): Appointment[] {
  const byId = new Map(args.calendars.map((c) => [c.id, c]));
  const day = parseDay(args.date);
  const wanted = args.calendarIds ? new Set(args.calendarIds) : undefined;
  return args.appointments
    .filter((a) =>
      args.statuses ? args.statuses.has(a.status) : !RELEASING_STATUSES.has(a.status),
    )
    .filter((a) => !wanted || a.calendarIds.some((id) => wanted.has(id)))
    .filter((a) => {
      const zone = providerOf(a, byId)?.timeZone ?? byId.get(a.calendarIds[0] ?? "")?.timeZone;
      if (zone === undefined) return false;
      return clockFor(zone).dayOf(parseInstant(a.start) as number) === day;
    })
    .sort((a, b) => {
      const d = (parseInstant(a.start) as number) - (parseInstant(b.start) as number);
      return d !== 0 ? d : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
}

/** Turns every selected visit into a plan target (the request already validated). */
function targetsFor(r: Parsed, kind: "copy" | "move"): PlanTarget[] {
  const calendars = new Map(r.calendars.map((c) => [c.id, c]));
  const appointments = new Map(r.appointments.map((a) => [a.id, a]));
  const services = new Map<string, Service>(r.services.map((s) => [s.id, s]));
  const seen = new Set<string>();
  const targets: PlanTarget[] = [];
  r.items.forEach((item, i) => {
    const at = `request.items.${i}`;
    let selected: { appointment: Appointment; field: string }[];
    if (item.appointmentIds) {
      selected = item.appointmentIds.map((id, j) => {
        const appointment = appointments.get(id);
        if (!appointment)
          return invalid(`${at}.appointmentIds.${j}`, `no appointment ${id} in appointments`);
        return { appointment, field: `${at}.appointmentIds.${j}` };
      });
    } else {
      selected = appointmentsOnDate({
        appointments: r.appointments,
        calendars: r.calendars,
        date: item.fromDate as string,
        calendarIds: item.calendarIds,
        statuses: kind === "move" ? MOVABLE_STATUSES : undefined,
      }).map((appointment) => ({ appointment, field: `${at}.fromDate` }));
    }
    const starts = selected.map((s) => parseInstant(s.appointment.start) as number);
    const earliest = Math.min(...starts);
    selected.forEach(({ appointment: a, field }, j) => {
      if (kind === "move") {
        if (seen.has(a.id))
          invalid(field, `appointment ${a.id} is already moved by an earlier item`);
        if (!MOVABLE_STATUSES.has(a.status)) {
          invalid(
            field,
            `appointment ${a.id} is ${a.status}; only booked or confirmed visits can be moved`,
          );
        }
      }
      seen.add(a.id);
      const service = services.get(a.serviceId);
      if (!service)
        invalid("request.services", `must include service ${a.serviceId} (of appointment ${a.id})`);
      const source = providerOf(a, calendars);
      if (!source)
        invalid(field, `appointment ${a.id} holds no provider calendar listed in calendars`);
      const sourceProvider = source as Calendar;
      const providerId = item.providerId ?? sourceProvider.id;
      const zone = calendars.get(providerId)?.timeZone ?? sourceProvider.timeZone;
      const startMs = starts[j] as number;
      const durationMinutes = Math.max(
        1,
        Math.round(((parseInstant(a.end) as number) - startMs) / MINUTE),
      );
      const base = service as Service;
      const visitService: Service = {
        ...base,
        durationMinutes,
        slotIntervalMinutes: base.slotIntervalMinutes ?? base.durationMinutes,
        bufferBeforeMinutes: a.bufferBeforeMinutes ?? base.bufferBeforeMinutes,
        bufferAfterMinutes: a.bufferAfterMinutes ?? base.bufferAfterMinutes,
      };
      const target: PlanTarget = {
        startMs: newStart(item.to, startMs, earliest, sourceProvider.timeZone, zone),
        zone,
        service: visitService,
        providerId,
        resourceIds: item.resourceIds,
        sourceAppointmentId: a.id,
        carry:
          kind === "move"
            ? { ...carriedFields(a), rebookedFromId: a.id }
            : {
                ...(a.clientId === undefined ? {} : { clientId: a.clientId }),
                ...(a.caseId === undefined ? {} : { caseId: a.caseId }),
                copiedFrom: a.id,
              },
      };
      targets.push(target);
    });
  });
  return targets;
}

/** The new start of a visit that started at `startMs` (wall times read in `fromZone`). */
function newStart(
  to: z.output<typeof planTargetSchema>,
  startMs: number,
  earliest: number,
  fromZone: string,
  toZone: string,
): number {
  if (to.start !== undefined) return (parseInstant(to.start) as number) + (startMs - earliest);
  if (to.shiftMinutes !== undefined) return startMs + to.shiftMinutes * MINUTE;
  const from = clockFor(fromZone);
  const { day, minute: wall } = wallOf(from, startMs);
  if (to.shiftDays !== undefined) return from.toInstant(day + to.shiftDays, wall);
  const minute = to.time === undefined ? wall : wallMinutes(to.time);
  return clockFor(toZone).toInstant(parseDay(to.date as string) as number, minute);
}

/**
 * Plans copies of one or many visits (to another date, time or provider) with the same checks
 * and result as `planSeries`: each copy is `ok` or `conflict`, with the nearest free start that
 * day for a conflict. The originals stay where they are. Drafts carry `clientId`, `caseId` and
 * `copiedFrom`.
 *
 * @example
 * // Repeat last Tuesday's visits of Ana next Tuesday
 * const plan = planCopy({ calendars, appointments, services, now, channel: "staff",
 *   items: [{ fromDate: "2026-03-10", calendarIds: ["ana"], to: { shiftDays: 7 } }] });
 * confirmPlan(plan, "all-valid").create; // the copies to insert
 */
export function planCopy(request: PlanCopyMoveRequest): Plan {
  const r = parseInput(planCopyMoveSchema, request, "request");
  return runPlan("copy", r, targetsFor(r, "copy"), { excluded: new Set(), keepProvider: false });
}

/**
 * Plans moving one or many visits ("move all of Tuesday's visits to Wednesday"): the visits
 * being moved do not hold their old times, except that a visit whose move conflicts stays where
 * it is and keeps its time busy for the others (so "book all valid ones" never double-books).
 * Confirming returns the replacements to create and the visits to mark `rebooked`. Drafts carry
 * the visit's fields and `rebookedFromId` (the same link the status machine's `move` writes).
 *
 * @example
 * const plan = planMove({ calendars, appointments, services, now, channel: "staff",
 *   items: [{ fromDate: "2026-03-10", calendarIds: ["ana"], to: { date: "2026-03-11" } }] });
 * const result = confirmPlan(plan, "all-or-nothing");
 * if (result.ok) result.rebook; // [{ appointmentId: "a1", createIndex: 0, planIndex: 0 }, …]
 */
export function planMove(request: PlanCopyMoveRequest): Plan {
  const r = parseInput(planCopyMoveSchema, request, "request");
  const targets = targetsFor(r, "move");
  const sources = targets.map((t) => t.sourceAppointmentId as string);
  // Fixpoint: visits whose move fails stay put and are busy for the others; re-plan until stable
  // (without the alternatives search), then once more with it.
  const staying = new Set<string>();
  for (;;) {
    const plan = runPlan("move", r, targets, {
      excluded: new Set(sources.filter((id) => !staying.has(id))),
      keepProvider: false,
      alternatives: false,
    });
    const failed = plan.items
      .filter((i) => i.status === "conflict")
      .map((i) => i.sourceAppointmentId as string);
    if (failed.every((id) => staying.has(id))) {
      if (!r.alternatives || failed.length === 0) return plan;
      return runPlan("move", r, targets, {
        excluded: new Set(sources.filter((id) => !staying.has(id))),
        keepProvider: false,
      });
    }
    for (const id of failed) staying.add(id);
  }
}
