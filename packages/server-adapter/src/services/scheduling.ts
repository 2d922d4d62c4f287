// Loads what the engine needs from storage (calendars, services, fresh appointments and holds) and
// runs computeSlots / checkBooking on it. Used outside transactions for slots and inside them,
// after the calendar locks, for the final check.

import {
  type BookingCheck,
  type CalendarInput,
  checkBooking,
  clockFor,
  computeSlots,
  type AppointmentInput as EngineAppointment,
  type MemberRules,
  parseInstant,
  type Slot,
  type Travel,
  type ViolationCode,
} from "@bookwell/engine";
import { BookwellError, isBookwellError } from "../errors.js";
import type { ProviderServiceRecord } from "../storage/back-office.js";
import { busyOf } from "../storage/shared.js";
import type {
  BusyAppointment,
  CalendarRecord,
  ClinicRecord,
  HoldRecord,
  ServiceRecord,
  StorageOperations,
  StorageTransaction,
} from "../storage/storage.js";
import { catalogTerms, confirmCatalog, offersService, StaleCatalogError } from "./catalog.js";
import { setFields } from "./fields.js";
import { memberCalendarIds, memberContext, memberState, type TeamView } from "./members.js";

const DAY_MS = 86_400_000;
/** Appointments this far around a window are read, so buffers (≤ 24 h) of neighbours count. */
const MARGIN_MS = 2 * DAY_MS;

/** Violation codes that mean "someone else has that time": the answer is 409 SLOT_TAKEN. */
export const TAKEN_CODES: ReadonlySet<ViolationCode> = new Set(["OVERLAP", "BUFFER", "CAPACITY"]);

/** Codes that mean "the member is taken at another of their calendars": also 409 SLOT_TAKEN. */
const MEMBER_TAKEN_CODES: ReadonlySet<ViolationCode> = new Set(["MEMBER_BUSY", "TRAVEL_TIME"]);

/**
 * The engine's view of a stored appointment (only what it reads).
 *
 * @example
 * toEngineAppointment(record); // { id, serviceId, calendarIds, start, end, status, channel, … }
 */
export function toEngineAppointment(a: BusyAppointment): EngineAppointment {
  return busyOf(a);
}

/**
 * A live hold as an appointment, so the engine treats its time (one place) as taken.
 *
 * @example
 * holdAsAppointment(hold).status; // "booked"
 */
export function holdAsAppointment(h: HoldRecord): EngineAppointment[] {
  return Array.from({ length: Math.max(1, h.places) }, (_, i) => ({
    id: i === 0 ? h.id : `${h.id}~${i}`,
    serviceId: h.serviceId,
    calendarIds: h.calendarIds,
    start: h.start,
    end: h.end,
    status: "booked" as const,
    channel: "online" as const,
  }));
}

/**
 * The calendars that could take part in a booking of `service`: the chosen provider (or every
 * provider who offers it for "any", see `offersService`) plus every room / equipment of the kinds
 * it needs. A provider whose team catalog leaves the service out is never a candidate, named or
 * not.
 *
 * @example
 * candidateCalendarIds(service, calendars, "any", rows); // ["ana", "bruno", "room-1"]
 */
export function candidateCalendarIds(
  service: ServiceRecord,
  calendars: readonly CalendarRecord[],
  providerId: string,
  entries: readonly ProviderServiceRecord[],
): string[] {
  const ids: string[] = [];
  for (const c of calendars) {
    if (c.kind === "provider") {
      if (providerId !== "any") {
        if (c.id === providerId && catalogTerms(service, c.id, entries).offered) ids.push(c.id);
      } else if (offersService(service, c, entries)) {
        ids.push(c.id);
      }
    } else if (c.resourceKind !== undefined && service.resourceKinds.includes(c.resourceKind)) {
      ids.push(c.id);
    }
  }
  return ids.sort();
}

/** Everything the engine needs for one service over one window. */
export interface EngineState {
  service: ServiceRecord;
  calendars: CalendarRecord[];
  services: ServiceRecord[];
  appointments: EngineAppointment[];
  /** The members of the provider calendars, with their limits (one person, one busy set). */
  members: MemberRules[];
  travel?: Travel | undefined;
  /** The clinic's catalog version read with the busy time (absent when nothing was read). */
  catalogVersion?: number;
}

/**
 * Reads the engine's state for `service` on `calendarIds` around [fromMs, toMs): active
 * appointments and live holds (expired at `now` are ignored), minus `excludeHoldIds`.
 *
 * @example
 * const state = await loadState(tx, clinicId, service, calendars, from, to, now);
 */
export async function loadState(
  ops: StorageOperations,
  clinicId: string,
  service: ServiceRecord,
  calendars: CalendarRecord[],
  fromMs: number,
  toMs: number,
  now: Date,
  excludeHoldIds: readonly string[] = [],
  knownServices?: readonly ServiceRecord[],
  knownTeam?: TeamView,
): Promise<EngineState> {
  const calendarIds = calendars.map((c) => c.id);
  if (calendarIds.length === 0) {
    return { service, calendars, services: [service], appointments: [], members: [] };
  }
  const { members, travel, reachMs } = await memberState(ops, clinicId, calendars, knownTeam);
  const from = new Date(fromMs - MARGIN_MS - reachMs);
  const to = new Date(toMs + MARGIN_MS + reachMs);
  // One statement: busy appointments, live holds and the catalog version in one snapshot.
  const busy = await ops.readBusyTime(clinicId, { calendarIds, from, to, now });
  // Other services only widen neighbours that did not capture their own buffers when booked.
  const services = knownServices
    ? [service, ...knownServices.filter((x) => x.id !== service.id)]
    : await ops.listServices(clinicId);
  return {
    service,
    calendars,
    services,
    members,
    travel,
    appointments: [
      ...busy.appointments.map(toEngineAppointment),
      ...busy.holds.filter((h) => !excludeHoldIds.includes(h.id)).flatMap(holdAsAppointment),
    ],
    catalogVersion: busy.catalogVersion,
  };
}

function engineCalendars(calendars: readonly CalendarRecord[]): CalendarInput[] {
  return calendars as unknown as CalendarInput[];
}

/**
 * The clinic as the engine sees it from loaded state: the service, calendars, busy appointments,
 * the services they are of, the members' limits and travel times. The same input for slots, one
 * check and a plan of several dates.
 *
 * @example
 * computeSlots({ ...engineInput(state), from, to, now, providerId: "any" });
 */
export function engineInput(state: EngineState) {
  return {
    service: state.service,
    calendars: engineCalendars(state.calendars),
    appointments: state.appointments,
    services: state.services,
    members: state.members,
    ...(state.travel ? { travel: state.travel } : {}),
  };
}

/**
 * The clinic's calendars relevant to a booking of `service` with `providerId`, unlocked. `known`
 * and `entries` are the (possibly cached) calendars and provider catalog rows; missing ones are
 * read from storage.
 *
 * @example
 * const calendars = await relevantCalendars(storage, clinicId, service, "any");
 */
export async function relevantCalendars(
  ops: StorageOperations,
  clinicId: string,
  service: ServiceRecord,
  providerId: string,
  known?: readonly CalendarRecord[],
  entries?: readonly ProviderServiceRecord[],
): Promise<CalendarRecord[]> {
  const usable = known && (providerId === "any" || known.some((c) => c.id === providerId));
  const all = usable ? known : await ops.listCalendars(clinicId);
  const rows = entries ?? (await ops.listProviderServices(clinicId));
  const ids = new Set(candidateCalendarIds(service, all, providerId, rows));
  const candidates = all.filter((c) => ids.has(c.id));
  // A member's other calendars come along: their visits make the member busy.
  return [...candidates, ...memberContext(all, candidates)];
}

/**
 * The refusal for a named provider whose team catalog leaves the service out: `422
 * BOOKING_RULE_VIOLATED` naming `providerId`, with the engine's `SERVICE_NOT_OFFERED` violation
 * (hard: staff cannot override it either).
 *
 * @example
 * throw notOffered(service, "bruno");
 */
export function notOffered(service: ServiceRecord, providerId: string): BookwellError {
  const message = `Provider ${providerId} does not offer ${service.name}.`;
  return new BookwellError("BOOKING_RULE_VIOLATED", message, {
    errors: [{ field: "providerId", message: "does not offer this service" }],
    extensions: {
      violations: [
        { code: "SERVICE_NOT_OFFERED", severity: "hard", message, calendarId: providerId },
      ],
    },
  });
}

/**
 * The 404 of a `providerId` that names no provider of the clinic (bookings, holds, free times and
 * reports answer it alike).
 *
 * @example
 * if (calendar?.kind !== "provider") throw unknownProvider(providerId);
 */
export function unknownProvider(providerId: string): BookwellError {
  return new BookwellError("NOT_FOUND", `No provider with id ${providerId}`, {
    errors: [{ field: "providerId", message: "is not a provider of this clinic" }],
  });
}

/**
 * Whether patients see and book a service online: bookable online and not removed (archived).
 * The engine refuses both on its own; this is the same rule for the catalog lists and 404s.
 *
 * @example
 * catalog.services.filter(offeredOnline);
 */
export function offeredOnline(service: { onlineBookable: boolean; active: boolean }): boolean {
  return service.onlineBookable && service.active;
}

/**
 * The 404 of a `serviceId` that names no service of the clinic bookable online (public free times
 * and providers answer it alike).
 *
 * @example
 * if (!service || !offeredOnline(service)) throw notOnlineBookable(serviceId);
 */
export function notOnlineBookable(serviceId: string): BookwellError {
  return new BookwellError("NOT_FOUND", `No online-bookable service with id ${serviceId}`, {
    errors: [{ field: "serviceId", message: "is not an online-bookable service of this clinic" }],
  });
}

/**
 * Locks the calendars a booking may use (sorted order, inside the transaction) and returns them
 * fresh, with the provider catalogs read in the transaction: a provider whose catalog leaves the
 * service out is dropped (also when it came in `extraIds`), so "any" never assigns them. Throws
 * `NOT_FOUND` when a named provider does not exist and {@link notOffered} when their catalog
 * leaves the service out.
 *
 * @example
 * const calendars = await lockRelevant(tx, clinicId, service, providerId, extraIds);
 */
export async function lockRelevant(
  tx: StorageTransaction,
  clinicId: string,
  service: ServiceRecord,
  providerId: string,
  extraIds: readonly string[] = [],
  known?: readonly CalendarRecord[],
  inTransaction?: readonly ProviderServiceRecord[],
): Promise<CalendarRecord[]> {
  // The provider catalogs as read in this transaction (by the caller, or now).
  const entries = inTransaction ?? (await tx.listProviderServices(clinicId));
  if (providerId !== "any" && !catalogTerms(service, providerId, entries).offered) {
    // Catalog rows exist only for provider calendars of the clinic, so the provider exists.
    throw notOffered(service, providerId);
  }
  const candidates = await relevantCalendars(tx, clinicId, service, providerId, known, entries);
  // Every calendar of each member involved is locked (sorted order): one person, one busy set.
  // They are read fresh, so a calendar just given to a member (maybe not in a cached list) is too.
  const ids = [
    ...new Set([
      ...candidates.map((c) => c.id),
      ...extraIds,
      ...(await memberCalendarIds(tx, clinicId, candidates)),
    ]),
  ].sort();
  const locked = await tx.lockCalendars(clinicId, ids);
  const keep = new Set([
    ...candidateCalendarIds(service, locked, providerId, entries),
    ...extraIds,
  ]);
  const fresh = locked.filter(
    (c) =>
      keep.has(c.id) && (c.kind !== "provider" || catalogTerms(service, c.id, entries).offered),
  );
  if (providerId !== "any" && !fresh.some((c) => c.id === providerId && c.kind === "provider")) {
    throw unknownProvider(providerId);
  }
  return [...fresh, ...memberContext(locked, fresh)];
}

/** A clinic's calendars, services and provider catalogs as read (maybe from the short cache). */
export interface CatalogView {
  calendars: readonly CalendarRecord[];
  services: readonly ServiceRecord[];
  providerServices: readonly ProviderServiceRecord[];
  /** The clinic's team members and travel times read with the lists. */
  team?: TeamView | undefined;
  /** The clinic record read with the lists (its time zone answers free times). */
  clinic?: ClinicRecord | undefined;
  /**
   * The clinic's catalog version the view was read at (read before the lists). When given,
   * {@link findSlots} throws {@link StaleCatalogError} if the busy-time read sees another one.
   */
  version?: number;
}

/** Options of {@link findSlots}. */
export interface SlotSearch {
  providerId: string;
  from: string;
  to: string;
  timeZone?: string | undefined;
  locationId?: string | undefined;
  channel?: "online" | "staff";
  ignore?: ViolationCode[];
  /** Appointments that hold no time for this search (the visit being moved). */
  excludeAppointmentIds?: string[] | undefined;
  /** Also list full classes with `remaining: 0` (the engine's `includeFull`). */
  includeFull?: boolean | undefined;
}

/**
 * Free start times from the engine, with holds and appointments as busy time.
 *
 * @example
 * const slots = await findSlots(storage, clinicId, service, now, { providerId: "any", from: "2026-03-09", to: "2026-03-15" });
 */
export async function findSlots(
  ops: StorageOperations,
  clinicId: string,
  service: ServiceRecord,
  now: Date,
  search: SlotSearch,
  catalog?: CatalogView,
): Promise<Slot[]> {
  const calendars = await relevantCalendars(
    ops,
    clinicId,
    service,
    search.providerId,
    catalog?.calendars,
    catalog?.providerServices,
  );
  if (!calendars.some((c) => c.kind === "provider")) {
    // "Nobody offers it" from a versioned catalog holds only while that catalog is current.
    if (catalog?.version !== undefined) await confirmCatalog(ops, clinicId, catalog.version);
    return [];
  }
  const [fromMs, toMs] = windowOf(search.from, search.to);
  const state = await loadState(
    ops,
    clinicId,
    service,
    calendars,
    fromMs,
    toMs,
    now,
    [],
    catalog?.services,
    catalog?.team,
  );
  if (
    catalog?.version !== undefined &&
    state.catalogVersion !== undefined &&
    state.catalogVersion !== catalog.version
  ) {
    throw new StaleCatalogError(clinicId);
  }
  return computeSlots({
    ...engineInput(state),
    from: search.from,
    to: search.to,
    now: now.toISOString(),
    providerId: search.providerId,
    ...setFields(search, ["timeZone", "locationId", "ignore", "channel", "includeFull"]),
    ...(search.excludeAppointmentIds?.length
      ? { excludeAppointmentIds: search.excludeAppointmentIds }
      : {}),
  });
}

function windowOf(from: string, to: string): [number, number] {
  // Date-only bounds are local days of some zone: widen by a day on each side.
  const f = parseInstant(from) ?? Date.parse(`${from}T00:00:00Z`) - DAY_MS;
  const t = parseInstant(to) ?? Date.parse(`${to}T00:00:00Z`) + 2 * DAY_MS;
  return [f, t];
}

/** A booking request to check on fresh data. */
export interface CheckRequest {
  start: string;
  providerId: string;
  resourceIds?: string[] | undefined;
  channel: "online" | "staff";
  overrides?: ViolationCode[] | "all-soft";
  excludeAppointmentIds?: string[];
}

/**
 * Runs the engine's `checkBooking` on loaded state.
 *
 * @example
 * const verdict = runCheck(state, now, { start, providerId: "any", channel: "online" });
 */
export function runCheck(state: EngineState, now: Date, request: CheckRequest): BookingCheck {
  return checkBooking({
    ...engineInput(state),
    now: now.toISOString(),
    start: request.start,
    providerId: request.providerId,
    ...(request.resourceIds ? { resourceIds: request.resourceIds } : {}),
    channel: request.channel,
    ...(request.overrides ? { overrides: request.overrides } : {}),
    ...(request.excludeAppointmentIds
      ? { excludeAppointmentIds: request.excludeAppointmentIds }
      : {}),
  });
}

/** A booking request to check with the calendars it needs locked. */
export interface LockedCheck extends CheckRequest {
  /** The request's `start` as epoch milliseconds. */
  startMs: number;
  /** Calendars locked besides the service's relevant ones (a hold's, the moved visit's). */
  extraCalendarIds?: readonly string[];
  /** Holds that are not busy time (the one being redeemed). */
  excludeHoldIds?: readonly string[];
}

/**
 * Locks the calendars a visit of `service` may use, loads their busy time around the visit
 * (`service.durationMinutes` from `startMs`) and runs the engine's check: the one way the hold,
 * the online booking and reschedule, the staff booking and move and the waitlist offers check a
 * time. `known` are the clinic's calendars and services when the caller has read them already.
 * When `known` is a versioned catalog (a {@link CatalogView} with `version` and its provider
 * catalogs), its provider catalogs stand in for a read in the transaction, and the busy-time read
 * (made after the locks) confirms the version: another one throws {@link StaleCatalogError} for
 * the caller to run again with a fresh catalog (see `withCurrentCatalog`).
 *
 * @example
 * const { verdict } = await lockAndCheck(tx, clinicId, service, now, { start, startMs, providerId: "any", channel: "online" });
 */
export async function lockAndCheck(
  tx: StorageTransaction,
  clinicId: string,
  service: ServiceRecord,
  now: Date,
  check: LockedCheck,
  known?: {
    calendars?: readonly CalendarRecord[];
    services?: readonly ServiceRecord[];
    providerServices?: readonly ProviderServiceRecord[];
    version?: number;
  },
): Promise<{
  calendars: CalendarRecord[];
  verdict: BookingCheck;
  /** The provider catalogs read in the transaction (a booking's price comes from them). */
  providerServices: ProviderServiceRecord[];
}> {
  const { startMs, extraCalendarIds = [], excludeHoldIds = [], ...request } = check;
  // A versioned catalog's provider catalogs stand in for a read in the transaction.
  const version = known?.version;
  const cached = version === undefined ? undefined : known?.providerServices;
  const providerServices = cached ? [...cached] : await tx.listProviderServices(clinicId);
  const calendars = await lockRelevant(
    tx,
    clinicId,
    service,
    request.providerId,
    extraCalendarIds,
    known?.calendars,
    providerServices,
  ).catch(async (error: unknown) => {
    // "Not offered" from a versioned catalog holds only while that catalog is current (a storage
    // error, e.g. a lock timeout, has ended the transaction: it goes up as it is).
    if (cached && version !== undefined && isBookwellError(error)) {
      await confirmCatalog(tx, clinicId, version);
    }
    throw error;
  });
  const state = await loadState(
    tx,
    clinicId,
    service,
    calendars,
    startMs,
    startMs + service.durationMinutes * 60_000,
    now,
    excludeHoldIds,
    known?.services,
  );
  if (cached && state.catalogVersion !== version) throw new StaleCatalogError(clinicId);
  return { calendars, verdict: runCheck(state, now, request), providerServices };
}

/**
 * The error for a refused booking: `SLOT_TAKEN` (409) when only other bookings stand in the way,
 * else `BOOKING_RULE_VIOLATED` (422) with the engine's violations.
 *
 * @example
 * if (!verdict.ok) throw refusal(verdict, alternatives);
 */
export function refusal(verdict: BookingCheck): BookwellError {
  const blocking = verdict.blocking.map((v) => ({
    code: v.code,
    severity: v.severity,
    message: v.message,
    ...(v.calendarId ? { calendarId: v.calendarId } : {}),
  }));
  if (
    verdict.blocking.length > 0 &&
    verdict.blocking.every((v) => TAKEN_CODES.has(v.code) || MEMBER_TAKEN_CODES.has(v.code))
  ) {
    return new BookwellError("SLOT_TAKEN", "That time was just taken; pick another one", {
      extensions: { alternatives: [], violations: blocking },
    });
  }
  const first = verdict.blocking[0];
  return new BookwellError(
    "BOOKING_RULE_VIOLATED",
    first ? first.message : "The booking breaks a scheduling rule",
    { extensions: { violations: blocking } },
  );
}

/**
 * Formats an instant in a zone as ISO-8601 with that zone's offset.
 *
 * @example
 * formatIn("2026-03-09T09:30:00.000Z", "Europe/Lisbon"); // "2026-03-09T09:30:00Z"
 */
export function formatIn(instant: string | number, zone: string): string {
  const ms = typeof instant === "number" ? instant : (parseInstant(instant) ?? Date.parse(instant));
  return clockFor(zone).format(ms);
}

/**
 * The nearest free times to `startMs` (same service and provider choice, within ±7 days), closest
 * first, for a `SLOT_TAKEN` answer.
 *
 * @example
 * const alternatives = await nearestSlots(storage, clinicId, service, now, "any", startMs, 5);
 */
export async function nearestSlots(
  ops: StorageOperations,
  clinicId: string,
  service: ServiceRecord,
  now: Date,
  providerId: string,
  startMs: number,
  count: number,
  catalog?: CatalogView,
): Promise<Slot[]> {
  const from = new Date(Math.max(startMs - 7 * DAY_MS, now.getTime())).toISOString();
  const to = new Date(Math.max(startMs, now.getTime()) + 7 * DAY_MS).toISOString();
  const slots = await findSlots(ops, clinicId, service, now, { providerId, from, to }, catalog);
  return slots
    .filter((slot) => slot.startMs !== startMs)
    .sort(
      (a, b) =>
        Math.abs(a.startMs - startMs) - Math.abs(b.startMs - startMs) || a.startMs - b.startMs,
    )
    .slice(0, count);
}
