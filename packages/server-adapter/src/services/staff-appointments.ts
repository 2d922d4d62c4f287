// Staff appointment logic: create with explicit overrides of soft violations, status transitions
// through the engine's status machine, move, copy / repeat with per-date results, private notes.
// Every change is one transaction with its audit entry (and outbox rows where a client is told).

import {
  type AppointmentAction,
  allowedActions,
  clockFor,
  expandRecurrence,
  formatDay,
  nextStatus,
  parseInstant,
  planBookings,
  type Violation,
  type ViolationCode,
} from "@bookwell/engine";
import { randomId } from "../auth/api-keys.js";
import { canAccessAppointment, type Principal } from "../auth/principal.js";
import {
  type CommandContext,
  type Respond,
  runCommand,
  type UnitOfWork,
} from "../commands/unit-of-work.js";
import { applyStatus } from "../commands/visit-status.js";
import {
  confirmSeries,
  createVisit,
  placedBy,
  type RebookedVisit,
  rebookVisit,
  type SeriesConfirmation,
} from "../commands/visits.js";
import { BookwellError } from "../errors.js";
import type {
  AppointmentRecord,
  CalendarRecord,
  JsonValue,
  ServiceRecord,
  StorageOperations,
  StorageTransaction,
  VisitDetails,
} from "../storage/storage.js";
import { requireService } from "./bookings.js";
import { bookingPrice } from "./catalog.js";
import { setFields } from "./fields.js";
import { contactOf, priceOf } from "./present.js";
import {
  engineInput,
  formatIn,
  loadState,
  lockAndCheck,
  lockRelevant,
  refusal,
  TAKEN_CODES,
} from "./scheduling.js";

/**
 * The principal of a staff request (staff routes always have one; 401 otherwise).
 *
 * @example
 * principalOf(ctx).role; // "front_desk"
 */
export function principalOf(ctx: CommandContext): Principal {
  if (!ctx.principal) throw new BookwellError("UNAUTHORIZED");
  return ctx.principal;
}

/**
 * An appointment of the clinic the caller may see, else 404 (also for a provider asking for
 * another provider's visit: the answer does not reveal that it exists).
 *
 * @example
 * const a = await visibleAppointment(ctx, storage, "apt_1");
 */
export async function visibleAppointment(
  ctx: CommandContext,
  ops: StorageOperations | StorageTransaction,
  id: string,
  lock = false,
): Promise<AppointmentRecord> {
  const a =
    lock && "lockAppointment" in ops
      ? await ops.lockAppointment(ctx.clinic.id, id)
      : await ops.getAppointment(ctx.clinic.id, id);
  if (!a || !canAccessAppointment(principalOf(ctx), a.calendarIds)) {
    throw new BookwellError("NOT_FOUND", `No appointment with id ${id}`);
  }
  return a;
}

/**
 * An appointment as staff see it: times in the clinic's zone, the legal next actions; never notes.
 *
 * @example
 * presentStaffAppointment(a, service, "Europe/Lisbon");
 */
export function presentStaffAppointment(
  a: AppointmentRecord,
  service: ServiceRecord | undefined,
  zone: string,
) {
  const out: Record<string, unknown> = {
    id: a.id,
    status: a.status,
    serviceId: a.serviceId,
    providerId: a.calendarIds[0] ?? "",
    calendarIds: a.calendarIds,
    start: formatIn(a.start, zone),
    end: formatIn(a.end, zone),
    channel: a.channel,
    price: priceOf(a, service),
    allowOverlap: a.allowOverlap,
    allowedActions: allowedActions(a.status),
    version: a.version,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
  if (a.clientId) out.clientId = a.clientId;
  if (a.seriesId) out.seriesId = a.seriesId;
  if (a.contact) out.contact = contactOf(a);
  if (a.patientMessage) out.patientMessage = a.patientMessage;
  if (a.intake) out.intake = a.intake;
  return out;
}

/**
 * Violations as JSON for an answer or an audit entry.
 *
 * @example
 * violationsJson(verdict.violations); // [{ code: "OVERLAP", severity: "soft", message: "…" }]
 */
export function violationsJson(list: readonly Violation[]): JsonValue[] {
  return list.map((v) => ({
    code: v.code,
    severity: v.severity,
    message: v.message,
    ...setFields(v, ["calendarId", "appointmentId"]),
  }));
}

/** Whether accepted violations mean the new visit shares time with another (exclusion off). */
function overlaps(violations: readonly Violation[]): boolean {
  return violations.some((v) => TAKEN_CODES.has(v.code));
}

/** Input of {@link createStaffAppointment}. */
export interface StaffCreate {
  serviceId: string;
  providerId: string;
  resourceIds?: string[] | undefined;
  start: string;
  clientId?: string | undefined;
  client?: { name: string; email?: string | undefined; phone?: string | undefined } | undefined;
  overrides?: ViolationCode[] | "all-soft" | undefined;
  note?: string | undefined;
}

/**
 * Refuses a provider a visit on another provider's calendar (or on "any" provider): 404, as for a
 * calendar they may not see. Other roles may book on every calendar.
 *
 * @example
 * assertOwnCalendar(principalOf(ctx), input.providerId);
 */
export function assertOwnCalendar(principal: Principal, providerId: string): void {
  if (
    principal.role === "provider" &&
    (providerId === "any" || !principal.calendarIds?.includes(providerId))
  ) {
    throw new BookwellError("NOT_FOUND", `No provider with id ${providerId}`, {
      errors: [{ field: "providerId", message: "is not one of your calendars" }],
    });
  }
}

/**
 * Books a visit as staff in one transaction: hard violations always refuse; soft ones refuse
 * unless the request lists them in `overrides` (then they are recorded in the audit entry).
 *
 * @example
 * await createStaffAppointment(ctx, { serviceId: "physio", providerId: "ana", start, overrides: ["OVERLAP"] });
 */
export async function createStaffAppointment(
  ctx: CommandContext,
  input: StaffCreate,
  respond?: Respond<StaffCreated>,
): Promise<StaffCreated> {
  const principal = principalOf(ctx);
  const clinicId = ctx.clinic.id;
  const { storage } = ctx.app;
  const service = await requireService(storage, clinicId, input.serviceId);
  assertOwnCalendar(principal, input.providerId);
  if (input.clientId && !(await storage.getClient(clinicId, input.clientId))) {
    throw new BookwellError("NOT_FOUND", `No client with id ${input.clientId}`, {
      errors: [{ field: "clientId", message: "is not a client of this clinic" }],
    });
  }
  const startMs = Date.parse(input.start);
  return runCommand(
    ctx,
    async (work): Promise<StaffCreated> => {
      const { tx } = work;
      const { verdict } = await lockAndCheck(tx, clinicId, service, ctx.now, {
        start: input.start,
        startMs,
        providerId: input.providerId,
        resourceIds: input.resourceIds,
        channel: "staff",
        ...(input.overrides ? { overrides: input.overrides } : {}),
        extraCalendarIds: input.resourceIds ?? [],
      });
      if (!verdict.ok || !verdict.assignment) throw refusal(verdict);
      let clientId = input.clientId;
      if (!clientId && input.client) {
        const created = await tx.putClient(clinicId, {
          id: randomId("cli"),
          name: input.client.name,
          ...setFields(input.client, ["email", "phone"]),
        });
        clientId = created.id;
      }
      const { appointment } = await createVisit(work, {
        service,
        ...placedBy(verdict.assignment, verdict),
        channel: "staff",
        clientId,
        allowOverlap: overlaps(verdict.violations),
        details: {
          price: await bookingPrice(tx, clinicId, service, verdict.assignment.providerId),
        },
        auditDetail: { overridden: violationsJson(verdict.violations) },
      });
      if (input.note) {
        const note = await tx.addAppointmentNote(clinicId, {
          id: randomId("note"),
          appointmentId: appointment.id,
          author: ctx.actor,
          text: input.note,
        });
        await work.audit({
          action: "note.created",
          entityType: "note",
          entityId: note.id,
          detail: { appointmentId: appointment.id },
        });
      }
      return { appointment, service, violations: verdict.violations };
    },
    { respond },
  );
}

/** A visit staff made or moved, and the soft violations they overrode. */
export interface StaffCreated {
  appointment: AppointmentRecord;
  service: ServiceRecord;
  violations: readonly Violation[];
}

/**
 * Applies a status action (confirm, arrive, start, complete, no_show, cancel, rollback) through the
 * engine's status machine, storing the new status, the charges it adds or voids, the audit entry
 * and an outbox row for each notification it causes. Illegal pairs are 409 `ILLEGAL_TRANSITION`.
 *
 * @example
 * await changeStatus(ctx, "apt_1", { action: "arrive" });
 */
export async function changeStatus(
  ctx: CommandContext,
  id: string,
  input: { action: AppointmentAction; reason?: string | undefined; waiveFee?: boolean | undefined },
  respond?: Respond<StatusChanged>,
): Promise<StatusChanged> {
  const principal = principalOf(ctx);
  return onVisibleVisit(ctx, id, true, respond, async (work, current) => {
    const service = await requireService(work.tx, work.clinicId, current.serviceId);
    const { updated, effects } = await applyStatus(work, current, service, {
      action: input.action,
      actor: { id: principal.actorId, role: principal.role },
      reason: input.reason,
      waiveFee: input.waiveFee,
    });
    return { updated, service, effects };
  });
}

/**
 * Runs `change` in one unit of work on a visit the caller may see (404 otherwise), read first and
 * locked when `lock` (a dry run only reads it).
 */
function onVisibleVisit<R>(
  ctx: CommandContext,
  id: string,
  lock: boolean,
  respond: Respond<R> | undefined,
  change: (work: UnitOfWork, current: AppointmentRecord) => Promise<R>,
): Promise<R> {
  return runCommand(
    ctx,
    async (work) => change(work, await visibleAppointment(ctx, work.tx, id, lock)),
    { respond },
  );
}

/** A visit after a status action, and what the action caused (charges, messages…). */
export interface StatusChanged {
  updated: AppointmentRecord;
  service: ServiceRecord;
  effects: JsonValue[];
}

const MINUTE_MS = 60_000;

/**
 * The length in minutes a moved (or resized) visit gets: `durationMinutes`, else `end` − `start`
 * (whole minutes, 1 minute to 24 hours, else 400 naming `end`), else the visit's current length.
 *
 * @example
 * visitLength({ start: "2026-03-04T10:00:00Z", end: "2026-03-04T11:30:00Z" }, current); // 90
 */
export function visitLength(
  input: { start: string; end?: string | undefined; durationMinutes?: number | undefined },
  current: { start: string; end: string },
): number {
  if (input.durationMinutes !== undefined) return input.durationMinutes;
  const span = (from: string, to: string) =>
    ((parseInstant(to) ?? Date.parse(to)) - (parseInstant(from) ?? Date.parse(from))) / MINUTE_MS;
  if (input.end === undefined) return Math.max(1, Math.round(span(current.start, current.end)));
  const minutes = span(input.start, input.end);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60) {
    throw new BookwellError("VALIDATION_FAILED", "Invalid body: end must follow start", {
      errors: [
        { field: "end", message: "must be whole minutes after start, at most 24 hours later" },
      ],
    });
  }
  return minutes;
}

/**
 * Moves a visit as staff: the old one becomes `rebooked` and a new one is created in the same
 * transaction, checked on the staff channel with the given overrides (the old visit does not
 * count as busy). The new visit keeps the old one's length unless `end` or `durationMinutes`
 * resizes it; the engine checks the new length like a service of that duration.
 *
 * @example
 * await moveAppointment(ctx, "apt_1", { start: "2026-03-05T10:00:00Z" });
 * await moveAppointment(ctx, "apt_1", { start: "2026-03-05T10:00:00Z", durationMinutes: 90 });
 */
export async function moveAppointment(
  ctx: CommandContext,
  id: string,
  input: {
    start: string;
    end?: string | undefined;
    durationMinutes?: number | undefined;
    providerId?: string | undefined;
    resourceIds?: string[] | undefined;
    overrides?: ViolationCode[] | "all-soft" | undefined;
    reason?: string | undefined;
  },
  respond?: Respond<StaffMoved>,
): Promise<StaffMoved> {
  const principal = principalOf(ctx);
  const clinicId = ctx.clinic.id;
  return onVisibleVisit(ctx, id, true, respond, async (work, current) => {
    const { tx } = work;
    if (nextStatus(current.status, "move") === null) {
      throw new BookwellError("ILLEGAL_TRANSITION", `A ${current.status} visit cannot be moved`, {
        extensions: { allowedActions: allowedActions(current.status) },
      });
    }
    const service = await requireService(tx, clinicId, current.serviceId);
    const providerId = input.providerId ?? current.calendarIds[0] ?? "any";
    assertOwnCalendar(principal, providerId);
    const startMs = Date.parse(input.start);
    const minutes = visitLength(input, current);
    const before = visitLength({ start: current.start }, current);
    // Another length is checked as the same service lasting that long (same grid of starts).
    const sized =
      minutes === service.durationMinutes
        ? service
        : {
            ...service,
            durationMinutes: minutes,
            slotIntervalMinutes: service.slotIntervalMinutes ?? service.durationMinutes,
          };
    const { verdict } = await lockAndCheck(tx, clinicId, sized, ctx.now, {
      start: input.start,
      startMs,
      providerId,
      resourceIds: input.resourceIds,
      channel: "staff",
      excludeAppointmentIds: [current.id],
      ...(input.overrides ? { overrides: input.overrides } : {}),
      extraCalendarIds: [...current.calendarIds, ...(input.resourceIds ?? [])],
    });
    if (!verdict.ok || !verdict.assignment) throw refusal(verdict);
    const moved = await rebookVisit(
      work,
      current,
      {
        service,
        ...placedBy(verdict.assignment, verdict),
        allowOverlap: overlaps(verdict.violations),
        auditDetail: { overridden: violationsJson(verdict.violations) },
      },
      {
        kind: "staff",
        actor: ctx.actor,
        reason: input.reason,
        detail: minutes !== before ? { resized: { fromMinutes: before, toMinutes: minutes } } : {},
      },
    );
    return { moved, service, violations: verdict.violations };
  });
}

/** A staff move: the old visit (now `rebooked`), the new one, the overridden violations. */
export interface StaffMoved {
  moved: RebookedVisit;
  service: ServiceRecord;
  violations: readonly Violation[];
}

/**
 * The starts of "repeat by weekdays × N weeks", by the engine's recurrence rule: the source's local
 * time on each chosen weekday, every chosen weekday N times, weeks counted from the source's date
 * (so Tue/Thu × 4 from a Tuesday is 8 sessions with the source), in the provider's zone; the
 * source itself is not repeated.
 *
 * @example
 * repeatStarts("2026-03-03T17:00:00Z", "Europe/Lisbon", [2, 4], 2);
 * // ["2026-03-05T17:00:00.000Z", "2026-03-10T17:00:00.000Z", "2026-03-12T17:00:00.000Z"]
 */
export function repeatStarts(
  source: string,
  zone: string,
  weekdays: readonly number[],
  weeks: number,
): string[] {
  const clock = clockFor(zone);
  const sourceMs = Date.parse(source);
  const day = clock.dayOf(sourceMs);
  const minute = Math.round((sourceMs - clock.dayStart(day)) / 60_000);
  const time = `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
  return expandRecurrence({
    startDate: formatDay(day),
    time,
    timeZone: zone,
    weekdays: [...new Set(weekdays)],
    weeks,
  })
    .filter((o) => o.startMs > sourceMs)
    .map((o) => new Date(o.startMs).toISOString());
}

/** Input of {@link planCopies}. */
export interface CopyPlan {
  starts: string[];
  providerId?: string | undefined;
  overrides?: ViolationCode[] | "all-soft" | undefined;
  mode: "all-valid" | "all-or-nothing";
  dryRun: boolean;
}

/**
 * Copies a visit to other starts with a per-date result: every date is checked with the engine
 * against fresh data and against the copies accepted before it; `all-valid` books the valid ones,
 * `all-or-nothing` books none unless all are valid (409 CONFLICT with the results), `dryRun` only
 * reports. One transaction.
 *
 * @example
 * await planCopies(ctx, "apt_1", { starts: ["2026-03-11T10:00:00Z"], mode: "all-valid", dryRun: false });
 */
export async function planCopies(
  ctx: CommandContext,
  id: string,
  input: CopyPlan,
  respond?: Respond<Planned>,
): Promise<Planned> {
  const principal = principalOf(ctx);
  const clinicId = ctx.clinic.id;
  const lock = !input.dryRun;
  return onVisibleVisit(ctx, id, lock, lock ? respond : undefined, async (work, source) => {
    const { tx } = work;
    const service = await requireService(tx, clinicId, source.serviceId);
    const providerId = input.providerId ?? source.calendarIds[0] ?? "any";
    assertOwnCalendar(principal, providerId);
    const calendars: CalendarRecord[] = await lockRelevant(
      tx,
      clinicId,
      service,
      providerId,
      source.calendarIds.slice(1),
    );
    const times = input.starts.map((s) => Date.parse(s));
    const minMs = Math.min(...times);
    const maxMs = Math.max(...times) + service.durationMinutes * 60_000;
    const state = await loadState(tx, clinicId, service, calendars, minMs, maxMs, ctx.now);
    const zone = ctx.clinic.timeZone;
    // The engine's planner: every date is checked with checkBooking against fresh data and
    // against the dates accepted before it; conflicts get the nearest free start that day.
    const sameProvider = providerId === source.calendarIds[0] && source.calendarIds.length > 1;
    const plan = planBookings({
      ...engineInput(state),
      now: ctx.now.toISOString(),
      channel: "staff",
      ...(input.overrides ? { overrides: input.overrides } : {}),
      providerId,
      ...(sameProvider ? { resourceIds: source.calendarIds.slice(1) } : {}),
      timeZone: zone,
      items: input.starts.map((start) => ({ start })),
    });
    const results: Record<string, JsonValue>[] = plan.items.map((item) => {
      const result: Record<string, JsonValue> = {
        start: formatIn(item.startMs, zone),
        date: item.date,
        status: item.status,
        violations: violationsJson(item.violations),
        blocking: violationsJson(item.blocking),
        appointmentId: null,
      };
      if (item.alternative) {
        result.alternative = {
          start: formatIn(item.alternative.startMs, zone),
          end: formatIn(item.alternative.endMs, zone),
          providerId: item.alternative.providerId,
        };
      }
      return result;
    });
    const drafts = plan.items.flatMap((item) =>
      item.status === "ok" && item.assignment
        ? [
            {
              index: item.index,
              ...placedBy(item.assignment, item),
              overlap: overlaps(item.violations),
            },
          ]
        : [],
    );
    const conflicts = results.filter((r) => r.status === "conflict").length;
    const summary = { total: results.length, ok: results.length - conflicts, conflicts };
    if (input.mode === "all-or-nothing" && conflicts > 0 && !input.dryRun) {
      throw new BookwellError(
        "CONFLICT",
        `${conflicts} of ${results.length} dates conflict; nothing was booked`,
        {
          extensions: { results, summary },
        },
      );
    }
    if (!input.dryRun) {
      const seriesId = source.seriesId ?? randomId("ser");
      if (!source.seriesId && drafts.length > 0) {
        // The source becomes the first visit of the series its copies belong to.
        await tx.updateAppointment(
          clinicId,
          source.id,
          { seriesId },
          { expectedVersion: source.version },
        );
      }
      // A copy is for the same patient: their contact, language and message choices.
      const { contact, locale, messagePrefs } = source;
      const inherited: VisitDetails = {
        copiedFromId: source.id,
        ...(contact ? { contact } : {}),
        ...(locale ? { locale } : {}),
        ...(messagePrefs ? { messagePrefs } : {}),
      };
      // Several visits at once: one e-mail confirms them all (one visit: its own, as usual).
      const series: SeriesConfirmation | undefined = drafts.length > 1 ? { visits: [] } : undefined;
      for (const draft of drafts) {
        const { appointment } = await createVisit(work, {
          series,
          service,
          calendarIds: draft.calendarIds,
          startMs: draft.startMs,
          endMs: draft.endMs,
          channel: "staff",
          clientId: source.clientId,
          caseId: source.caseId,
          seriesId,
          allowOverlap: draft.overlap,
          details: {
            ...inherited,
            // The price of the provider each copy is with (the team catalog's own price).
            price: await bookingPrice(tx, clinicId, service, draft.calendarIds[0] ?? ""),
          },
          auditDetail: { copiedFrom: source.id },
        });
        const result = results[draft.index];
        if (result) result.appointmentId = appointment.id;
      }
      if (series) await confirmSeries(work, series, { seriesId, locale });
    }
    return { results, summary };
  });
}

/** The per-date results of a copy or repeat, and their summary. */
export interface Planned {
  results: Record<string, JsonValue>[];
  summary: { total: number; ok: number; conflicts: number };
}
