// Patient-facing booking logic: holds, bookings, and the manage link (view, reschedule, cancel).
// Every change is one storage transaction: lock the calendars in sorted order, re-read fresh
// appointments and holds, check with the engine, write the change, the audit entry, the outbox
// rows and the idempotency record, commit.

import {
  type Assignment,
  type BookingCheck,
  type BookingTerms,
  parseInstant,
} from "@bookwell/engine";
import { hashSecret, randomId } from "../auth/api-keys.js";
import {
  type CommandContext,
  type Respond,
  runCommand,
  type UnitOfWork,
} from "../commands/unit-of-work.js";
import { applyStatus } from "../commands/visit-status.js";
import { createVisit, placedBy, rebookVisit } from "../commands/visits.js";
import { BookwellError, toBookwellError } from "../errors.js";
import { loadLineage } from "../notify/lineage.js";
import type { ProviderServiceRecord } from "../storage/back-office.js";
import type {
  AppointmentRecord,
  CalendarRecord,
  HoldRecord,
  ServiceRecord,
  StorageOperations,
  StorageTransaction,
  VisitDetails,
} from "../storage/storage.js";
import { bookingPrice, catalogTerms, StaleCatalogError, withCurrentCatalog } from "./catalog.js";
import { claimHoldRoom, type HoldOwner } from "./hold-limits.js";
import { checkIntake, type IntakeInput } from "./intake.js";
import { refundedOnline, type VisitPayment, visitPayment } from "./online-payment-rule.js";
import {
  cancellationVerdict,
  onlineBlock,
  type PatientPolicy,
  REASON_TEXT,
  rescheduleVerdict,
  termsOf,
} from "./policy.js";
import { presentSlot, priceOf } from "./present.js";
import { type CatalogView, formatIn, lockAndCheck, nearestSlots, refusal } from "./scheduling.js";

/** The actor written to the audit trail for online bookings. */
export const ONLINE_ACTOR = "patient:online";
/** The actor written to the audit trail for changes made through a manage link. */
export const MANAGE_ACTOR = "patient:manage-link";

/**
 * A service of the clinic or 404 naming the field.
 *
 * @example
 * const service = await requireService(storage, clinicId, body.serviceId);
 */
export async function requireService(
  ops: StorageOperations,
  clinicId: string,
  serviceId: string,
  field = "serviceId",
): Promise<ServiceRecord> {
  const service = await ops.getService(clinicId, serviceId);
  if (!service) {
    throw new BookwellError("NOT_FOUND", `No service with id ${serviceId}`, {
      errors: [{ field, message: "is not a service of this clinic" }],
    });
  }
  return service;
}

/**
 * The clinic's catalog (short-lived cache) and a service from it; a service the cache does not
 * know yet is read from storage.
 *
 * @example
 * const { catalog, service } = await catalogService(ctx, "physio");
 */
export async function catalogService(
  ctx: CommandContext,
  serviceId: string,
): Promise<{ catalog: CatalogView; service: ServiceRecord }> {
  const catalog = await ctx.app.cache.catalog(ctx.app.storage, ctx.clinic.id);
  return { catalog, service: await serviceIn(ctx, catalog, serviceId) };
}

/** A service from the catalog, or read from storage when the catalog does not know it (yet). */
async function serviceIn(
  ctx: CommandContext,
  catalog: CatalogView,
  serviceId: string,
): Promise<ServiceRecord> {
  return (
    catalog.services.find((s) => s.id === serviceId) ??
    (await requireService(ctx.app.storage, ctx.clinic.id, serviceId))
  );
}

function instantMs(value: string): number {
  return parseInstant(value) as number;
}

/** Adds the nearest free times to a `SLOT_TAKEN` error (read after the transaction ended). */
async function withAlternatives<T>(
  ctx: CommandContext,
  catalog: CatalogView,
  service: ServiceRecord,
  providerId: string,
  startMs: number,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StaleCatalogError) throw error;
    const problem = toBookwellError(error);
    if (problem.code !== "SLOT_TAKEN") throw problem;
    try {
      const slots = await nearestSlots(
        ctx.app.storage,
        ctx.clinic.id,
        service,
        ctx.now,
        providerId,
        startMs,
        5,
        catalog,
      );
      problem.extensions.alternatives = slots.map((s) => presentSlot(s, ctx.clinic.timeZone));
    } catch (inner) {
      ctx.app.logError(inner);
    }
    throw problem;
  }
}

// ---------------------------------------------------------------------------------------------
// Holds
// ---------------------------------------------------------------------------------------------

/**
 * A hold id: 128 random bits (the id is the patient's capability to extend, use or release it)
 * after the issue instant in base 36, so the extension cap follows the app's clock.
 */
function holdId(now: Date): string {
  return `hold_${now.getTime().toString(36)}.${randomId("h").slice(2)}`;
}

function holdIssuedAt(hold: HoldRecord): number {
  const match = /^hold_([0-9a-z]+)\./.exec(hold.id);
  const issued = match?.[1] ? Number.parseInt(match[1], 36) : Number.NaN;
  return Number.isFinite(issued) ? issued : Date.parse(hold.createdAt);
}

/** Input of {@link placeHold}: the time, and who holds it (for the hold limits). */
export interface HoldRequest extends HoldOwner {
  serviceId: string;
  providerId: string;
  start: string;
}

/** A hold and the cancellation terms the patient accepts by booking it (engine's `bookingTerms`). */
export interface HeldTime {
  hold: HoldRecord;
  terms: BookingTerms;
}

/**
 * The cancellation terms of booking `start` with `providerId` now, at that provider's price for
 * the service: what a hold and a waitlist offer show before the patient commits.
 *
 * @example
 * termsAt(ctx, catalog, service, "ana", "2026-03-10T15:00:00Z").feeFromBooking; // true on the day
 */
export function termsAt(
  ctx: CommandContext,
  catalog: CatalogView,
  service: ServiceRecord,
  providerId: string,
  start: string,
): BookingTerms {
  const { price } = catalogTerms(service, providerId, catalog.providerServices);
  return termsOf(
    service,
    start,
    { amount: price.amount, currency: price.currency },
    ctx.now,
    ctx.clinic.timeZone,
  );
}

/** The terms of booking a held time now, at the held provider's price for the service. */
function heldTime(
  ctx: CommandContext,
  catalog: CatalogView,
  service: ServiceRecord,
  hold: HoldRecord,
): HeldTime {
  return { hold, terms: termsAt(ctx, catalog, service, hold.calendarIds[0] ?? "", hold.start) };
}

/**
 * Reserves a slot for `holdMinutes`: checked like a booking (online rules), not offered to others
 * while it lives, expired by the injected clock. A visitor or e-mail already holding the most
 * times at once is `429 HOLD_LIMIT_REACHED` (see `claimHoldRoom`). The answer carries the
 * cancellation terms of booking it, so the patient reads them before committing.
 *
 * @example
 * const { hold, terms } = await placeHold(ctx, { serviceId: "physio", providerId: "any", start: "2026-03-09T09:00:00Z" });
 */
export async function placeHold(
  ctx: CommandContext,
  input: HoldRequest,
  respond?: Respond<HeldTime>,
): Promise<HeldTime> {
  const { holdMinutes } = ctx.app;
  const clinicId = ctx.clinic.id;
  const { catalog, service } = await catalogService(ctx, input.serviceId);
  const startMs = instantMs(input.start);
  return withAlternatives(ctx, catalog, service, input.providerId, startMs, () =>
    runCommand(
      ctx,
      async ({ tx }) => {
        const owner = await claimHoldRoom(tx, ctx, input);
        const { verdict } = await lockAndCheck(
          tx,
          clinicId,
          service,
          ctx.now,
          { start: input.start, startMs, providerId: input.providerId, channel: "online" },
          catalog,
        );
        if (!verdict.ok || !verdict.assignment) throw refusal(verdict);
        const created = await tx.insertHold(clinicId, {
          id: holdId(ctx.now),
          serviceId: service.id,
          calendarIds: verdict.assignment.calendarIds,
          start: new Date(verdict.startMs),
          end: new Date(verdict.endMs),
          expiresAt: new Date(ctx.now.getTime() + holdMinutes * 60_000),
          ...owner,
        });
        return heldTime(ctx, catalog, service, created);
      },
      { respond },
    ),
  );
}

/**
 * Extends a live hold by `holdMinutes` from now, up to three times the hold length in total.
 * Expired or unknown holds are 404. Answers the terms again, as {@link placeHold} does.
 *
 * @example
 * await extendHold(ctx, "hold_abc");
 */
export async function extendHold(ctx: CommandContext, id: string): Promise<HeldTime> {
  const { storage, holdMinutes } = ctx.app;
  const clinicId = ctx.clinic.id;
  const hold = await storage.getHold(clinicId, id, ctx.now);
  if (!hold) throw new BookwellError("NOT_FOUND", "This hold has expired or does not exist");
  const cap = holdIssuedAt(hold) + 3 * holdMinutes * 60_000;
  const wanted = Math.min(ctx.now.getTime() + holdMinutes * 60_000, cap);
  const next = Math.max(wanted, Date.parse(hold.expiresAt));
  const extended = await storage.extendHold(clinicId, id, new Date(next), ctx.now);
  if (!extended) throw new BookwellError("NOT_FOUND", "This hold has expired or does not exist");
  const { catalog, service } = await catalogService(ctx, extended.serviceId);
  return heldTime(ctx, catalog, service, extended);
}

/**
 * Releases a hold at once (whether or not it still existed).
 *
 * @example
 * await releaseHold(ctx, "hold_abc");
 */
export async function releaseHold(ctx: CommandContext, id: string): Promise<void> {
  await ctx.app.storage.deleteHold(ctx.clinic.id, id);
}

// ---------------------------------------------------------------------------------------------
// Bookings
// ---------------------------------------------------------------------------------------------

/** Input of {@link bookOnline}. */
export interface BookingRequest {
  serviceId: string;
  providerId: string;
  start: string;
  holdId?: string | undefined;
  client: { name: string; email: string; phone?: string | undefined; notes?: string | undefined };
  locale?: string | undefined;
  /** The patient accepted the cancellation policy (required when a fee applies from booking). */
  policyConsent?: boolean | undefined;
  /** Answers to the service's intake questions and the consents ticked. */
  intake?: IntakeInput | undefined;
}

/**
 * Refuses a booking whose cancellation fee applies from the moment it is made (a same-day booking
 * under a 24-hour policy) unless the patient consented to the policy: `POLICY_CONSENT_REQUIRED`
 * naming `policyConsent`, with the terms.
 */
function requireConsent(terms: BookingTerms, consent: boolean | undefined): void {
  if (!terms.feeFromBooking || consent === true) return;
  throw new BookwellError(
    "POLICY_CONSENT_REQUIRED",
    "Cancelling this visit costs a fee from the moment it is booked; accept the cancellation policy to book it",
    {
      errors: [
        {
          field: "policyConsent",
          message: "must be true: the cancellation fee applies from the moment of booking",
        },
      ],
      extensions: { terms },
    },
  );
}

async function usableHold(
  tx: StorageTransaction,
  ctx: CommandContext,
  holdId: string,
  serviceId: string,
  startMs: number,
  providerId: string,
): Promise<HoldRecord> {
  const hold = await tx.getHold(ctx.clinic.id, holdId, ctx.now);
  if (!hold) {
    throw new BookwellError("HOLD_EXPIRED", "The hold has expired; pick the time again", {
      errors: [{ field: "holdId", message: "has expired or does not exist" }],
    });
  }
  const matches =
    hold.serviceId === serviceId &&
    Date.parse(hold.start) === startMs &&
    (providerId === "any" || hold.calendarIds[0] === providerId);
  if (!matches) {
    throw new BookwellError("VALIDATION_FAILED", "The hold is for another service or time", {
      errors: [{ field: "holdId", message: "does not match serviceId, providerId and start" }],
    });
  }
  return hold;
}

/** The key that serializes finding or creating the client of an e-mail address. */
const clientEmailKey = (email: string) => `client-email:${email.toLowerCase()}`;

/**
 * The client an online booking is for: the clinic's client with that e-mail, else a new one. The
 * e-mail is locked first, so two bookings by one new patient at once make one client on every
 * storage. A patient blocked for repeated no-shows is refused here.
 */
async function findOrCreateClient(
  tx: StorageTransaction,
  ctx: CommandContext,
  service: ServiceRecord,
  client: BookingRequest["client"],
): Promise<string> {
  const clinicId = ctx.clinic.id;
  await tx.lockKey(clinicId, clientEmailKey(client.email));
  const { client: found, created } = await tx.findOrCreateClient(clinicId, {
    id: randomId("cli"),
    name: client.name,
    email: client.email,
    ...(client.phone ? { phone: client.phone } : {}),
  });
  if (!created) {
    // A patient who missed too many visits books by phone for a while (the service's rule).
    const history = await tx.listAppointments(clinicId, {
      clientId: found.id,
      statuses: ["no_show"],
    });
    const block = onlineBlock(service, found.id, history, ctx.now);
    if (block.blocked) {
      throw new BookwellError(
        "ONLINE_BOOKING_BLOCKED",
        block.until
          ? `Online booking is paused until ${block.until}; please contact the clinic to book.`
          : "Online booking is paused; please contact the clinic to book.",
      );
    }
  }
  return found.id;
}

/**
 * Locks the calendars an online booking may use, re-reads their appointments and holds, and runs
 * the engine's check on the online channel (every violation blocks); throws the refusal, so what
 * it returns always has an assignment.
 *
 * @example
 * const { verdict } = await lockAndCheckOnline(tx, ctx, catalog, service, { providerId: "any", … });
 */
async function lockAndCheckOnline(
  tx: StorageTransaction,
  ctx: CommandContext,
  catalog: Awaited<ReturnType<typeof catalogService>>["catalog"],
  service: ServiceRecord,
  booking: {
    providerId: string;
    start: string;
    startMs: number;
    hold: HoldRecord | undefined;
    extraCalendarIds: readonly string[];
    excludeAppointmentIds: readonly string[];
  },
): Promise<{
  calendars: CalendarRecord[];
  verdict: BookingCheck & { assignment: Assignment };
  providerServices: ProviderServiceRecord[];
}> {
  const { hold } = booking;
  const { calendars, verdict, providerServices } = await lockAndCheck(
    tx,
    ctx.clinic.id,
    service,
    ctx.now,
    {
      start: booking.start,
      startMs: booking.startMs,
      providerId: booking.providerId,
      resourceIds: hold ? hold.calendarIds.slice(1) : undefined,
      channel: "online",
      ...(booking.excludeAppointmentIds.length > 0
        ? { excludeAppointmentIds: [...booking.excludeAppointmentIds] }
        : {}),
      extraCalendarIds: booking.extraCalendarIds,
      excludeHoldIds: hold ? [hold.id] : [],
    },
    catalog,
  );
  if (!verdict.ok || !verdict.assignment) throw refusal(verdict);
  return {
    calendars,
    verdict: verdict as BookingCheck & { assignment: Assignment },
    providerServices,
  };
}

/**
 * Books a visit online in one transaction (see the file header); returns 201 with the booking and
 * the manage token (shown once, stored only as its SHA-256).
 *
 * @example
 * const reply = await bookOnline(ctx, { serviceId, providerId: "any", start, client: { name, email } });
 */
export async function bookOnline(
  ctx: CommandContext,
  input: BookingRequest,
  respond?: Respond<VisitView>,
): Promise<VisitView> {
  const startMs = instantMs(input.start);
  // The cached catalog at any age: the transaction's busy-time read confirms its version (no
  // read of the provider catalogs in the transaction); a stale one runs the booking again.
  return withCurrentCatalog(ctx.app.cache, ctx.app.storage, ctx.clinic.id, async (catalog) => {
    const service = await serviceIn(ctx, catalog, input.serviceId);
    // Checked once, before anything is locked: a missing answer is the patient's to fix.
    const intake = checkIntake(service, input.intake);
    const { version: _checked, ...alternativesCatalog } = catalog;
    return withAlternatives(ctx, alternativesCatalog, service, input.providerId, startMs, () =>
      runCommand(ctx, (work) => bookOnlineIn(work, catalog, service, input, startMs, intake), {
        respond,
      }),
    );
  });
}

/**
 * The body of {@link bookOnline} inside a unit of work the caller runs (a waitlist offer's
 * confirmation books through it): the hold, the online check on locked calendars, the client,
 * the visit with its link and confirmation.
 *
 * @example
 * const view = await bookOnlineIn(work, catalog, service, input, Date.parse(input.start));
 */
export async function bookOnlineIn(
  work: UnitOfWork,
  catalog: CatalogView,
  service: ServiceRecord,
  input: BookingRequest,
  startMs: number,
  intake?: VisitDetails["intake"],
): Promise<VisitView> {
  const ctx = work.request;
  const { tx } = work;
  const hold = input.holdId
    ? await usableHold(tx, ctx, input.holdId, service.id, startMs, input.providerId)
    : undefined;
  const providerId = hold ? (hold.calendarIds[0] as string) : input.providerId;
  // The patient's e-mail lock (findOrCreateClient) rides on the check's busy-time read.
  tx.lockKeyAfterCalendars(ctx.clinic.id, clientEmailKey(input.client.email));
  const { calendars, verdict, providerServices } = await lockAndCheckOnline(
    tx,
    ctx,
    catalog,
    service,
    {
      providerId,
      start: input.start,
      startMs,
      hold,
      extraCalendarIds: hold?.calendarIds ?? [],
      excludeAppointmentIds: [],
    },
  );
  const price = await bookingPrice(
    tx,
    ctx.clinic.id,
    service,
    verdict.assignment.providerId,
    providerServices,
  );
  const startIso = new Date(verdict.startMs).toISOString();
  const terms = termsOf(service, startIso, price, ctx.now, ctx.clinic.timeZone);
  requireConsent(terms, input.policyConsent);
  const clientId = await findOrCreateClient(tx, ctx, service, input.client);
  const { name, email, phone, notes } = input.client;
  const details: VisitDetails = {
    contact: { name, email, ...(phone ? { phone } : {}) },
    price,
    ...(notes ? { patientMessage: notes } : {}),
    ...(intake ? { intake } : {}),
    ...(input.locale ? { locale: input.locale } : {}),
    // Remembered so the manage link offers any provider again (a move keeps it).
    ...(input.providerId === "any" ? { anyProvider: true } : {}),
    ...(hold ? { holdId: hold.id } : {}),
  };
  const created = await createVisit(work, {
    service,
    ...placedBy(verdict.assignment, verdict),
    channel: "online",
    clientId,
    details,
    actor: ONLINE_ACTOR,
    auditDetail: {
      ...(hold ? { holdId: hold.id } : {}),
      ...(input.policyConsent ? { policyConsent: true } : {}),
    },
  });
  if (hold) await tx.deleteHold(ctx.clinic.id, hold.id);
  const provider = calendars.find((c) => c.id === verdict.assignment.providerId);
  return {
    ...visitView(created.appointment, service, provider),
    ...manageTokenOf(created),
    terms,
  };
}

/** A visit with what presenting it needs, and what the change that made it returns. */
export interface VisitView {
  appointment: AppointmentRecord;
  service: ServiceRecord | undefined;
  provider: CalendarRecord | undefined;
  /** The visit's manage token when this change issued one (shown once). */
  manageToken?: string;
  /** The cancellation terms the patient booked under (a new online booking). */
  terms?: BookingTerms;
}

function visitView(
  appointment: AppointmentRecord,
  service: ServiceRecord | undefined,
  provider: CalendarRecord | undefined,
): VisitView {
  return { appointment, service, provider };
}

function manageTokenOf(created: { manageToken?: string }): { manageToken?: string } {
  return created.manageToken ? { manageToken: created.manageToken } : {};
}

// ---------------------------------------------------------------------------------------------
// Manage link
// ---------------------------------------------------------------------------------------------

const GONE = "This link is not valid (it may have expired)";

/**
 * The visit a manage token was issued for, or 404 (unknown and expired tokens look the same).
 * After a move this is the `rebooked` visit: the link changes nothing any more.
 *
 * @example
 * const own = await linkedVisit(ctx, token);
 */
export async function linkedVisit(ctx: CommandContext, token: string): Promise<AppointmentRecord> {
  const found = await ctx.app.storage.findAppointmentByManageToken(hashSecret(token), ctx.now);
  // Tokens are global; a token of another clinic is as unknown as a made-up one.
  if (!found || found.clinicId !== ctx.clinic.id) throw new BookwellError("NOT_FOUND", GONE);
  return found;
}

/**
 * The visit a manage link shows: the one it was issued for, or, once that was moved, the visit it
 * was moved to (following the moves), so an older e-mail's link still shows the visit as it is.
 *
 * @example
 * const appointment = await byToken(ctx, token);
 */
export async function byToken(ctx: CommandContext, token: string): Promise<AppointmentRecord> {
  return followMoves(ctx, await linkedVisit(ctx, token));
}

/** The visit `own` was moved to, following the moves (`own` itself when it was not moved). */
async function followMoves(
  ctx: CommandContext,
  own: AppointmentRecord,
): Promise<AppointmentRecord> {
  if (own.status !== "rebooked") return own;
  return (await loadLineage(ctx.app.storage, ctx.clinic.id, own.id))?.head ?? own;
}

/**
 * The visit behind a manage link, locked in `tx` and re-read: `404` when it is gone, `409
 * CONFLICT` (reason `MOVED`) once it was moved, by the patient or by staff, even a moment ago by
 * a request racing this one: a link changes its own visit only, and the moved visit has a link of
 * its own (in the "rescheduled" e-mail and in the reschedule's answer).
 *
 * @example
 * const current = await lockByToken(tx, ctx, own);
 */
async function lockByToken(
  tx: StorageTransaction,
  ctx: CommandContext,
  own: AppointmentRecord,
): Promise<AppointmentRecord> {
  const current = await tx.lockAppointment(ctx.clinic.id, own.id);
  if (!current || current.manageTokenHash !== own.manageTokenHash) {
    throw new BookwellError("NOT_FOUND", GONE);
  }
  if (current.status === "rebooked") {
    throw new BookwellError("CONFLICT", REASON_TEXT.MOVED ?? "This visit was moved", {
      extensions: { reason: "MOVED" },
    });
  }
  return current;
}

/**
 * The provider choice a booking is moved with: `"any"` when the patient booked any available
 * provider, else the provider it is booked with.
 *
 * @example
 * rescheduleChoice(appointment); // "ana", or "any"
 */
export function rescheduleChoice(a: AppointmentRecord): string {
  return a.anyProvider ? "any" : (a.calendarIds[0] ?? "any");
}

/** Loads the service and provider calendar of an appointment, for presenting it. */
async function parts(ops: StorageOperations, a: AppointmentRecord) {
  const [service, provider] = await Promise.all([
    ops.getService(a.clinicId, a.serviceId),
    ops.getCalendar(a.clinicId, a.calendarIds[0] ?? ""),
  ]);
  return { service, provider };
}

/**
 * What the patient may do with a booking now: cancel (with fee), reschedule.
 *
 * @example
 * policyView(appointment, service, Date.now());
 */
export function policyView(
  a: AppointmentRecord,
  service: ServiceRecord | undefined,
  nowMs: number,
  zone: string,
): PatientPolicy {
  if (!service) {
    return { canCancel: false, canReschedule: false, cancellationFee: null, freeUntil: null };
  }
  const now = new Date(nowMs);
  const cancel = cancellationVerdict(a, service, priceOf(a, service), now, "online");
  const move = rescheduleVerdict(a, service, now);
  const view: PatientPolicy = {
    canCancel: cancel.allowed,
    canReschedule: move.allowed,
    cancellationFee: cancel.allowed ? cancel.fee : null,
    freeUntil: cancel.freeUntil ? formatIn(cancel.freeUntil, zone) : null,
  };
  const reason = !cancel.allowed ? cancel.reason : !move.allowed ? move.reason : undefined;
  if (reason) view.reason = REASON_TEXT[reason] ?? reason;
  return view;
}

/**
 * `GET /v1/manage/:token`: the booking and the policy; changes nothing.
 *
 * @example
 * await manageView(ctx, token);
 */
export async function manageView(ctx: CommandContext, token: string): Promise<ManagedVisit> {
  const own = await linkedVisit(ctx, token);
  const a = await followMoves(ctx, own);
  const { service, provider } = await parts(ctx.app.storage, a);
  // An older link shows the visit it led to, but only the visit's own link may change it.
  const moved = own.id !== a.id;
  const policy: PatientPolicy = moved
    ? {
        canCancel: false,
        canReschedule: false,
        cancellationFee: null,
        freeUntil: null,
        reason: REASON_TEXT.MOVED ?? "This visit was moved",
      }
    : policyView(a, service, ctx.now.getTime(), ctx.clinic.timeZone);
  const storage = ctx.app.storage;
  const payment = moved ? undefined : await visitPayment(storage, a, service);
  const refund = a.status === "canceled" ? await refundedOnline(storage, a) : null;
  return {
    ...visitView(a, service, provider),
    policy,
    ...(payment ? { payment } : {}),
    ...(refund ? { refund } : {}),
  };
}

/**
 * What the manage link shows: the visit and what the patient may do with it now; where its online
 * payment stands (when the service asks one); what was refunded when it was canceled.
 */
export interface ManagedVisit extends VisitView {
  policy: PatientPolicy;
  payment?: VisitPayment;
  refund?: { amount: number; currency: string };
}

/** Where a patient moves a visit: the new start, the provider (else the visit's), the hold taken. */
export interface RescheduleRequest {
  start: string;
  providerId?: string | undefined;
  holdId?: string | undefined;
}

/**
 * Moves a booking to a new time in one transaction: the old visit becomes `rebooked`, a new one is
 * created (same client, the manage link moves to it), both audited. Moving it onto its own start
 * and provider changes nothing and answers the booking as it is.
 *
 * @example
 * await rescheduleByToken(ctx, token, { start: "2026-03-10T10:00:00Z" });
 */
export async function rescheduleByToken(
  ctx: CommandContext,
  token: string,
  input: RescheduleRequest,
  respond?: Respond<VisitView>,
): Promise<VisitView> {
  const found = await linkedVisit(ctx, token);
  return rescheduleAsPatient(ctx, found, (tx) => lockByToken(tx, ctx, found), input, respond);
}

/** How a patient's change locks its visit: by its manage link, or by a signed-in session. */
export type PatientVisitLock = (tx: StorageTransaction) => Promise<AppointmentRecord>;

/**
 * {@link rescheduleByToken} for a visit the caller found and knows how to lock (the manage link's
 * check, or the patient page's ownership check): the same policy, check and move.
 *
 * @example
 * await rescheduleAsPatient(ctx, found, lock, { start: "2026-03-10T10:00:00Z" });
 */
export async function rescheduleAsPatient(
  ctx: CommandContext,
  found: AppointmentRecord,
  lock: PatientVisitLock,
  input: RescheduleRequest,
  respond?: Respond<VisitView>,
  actor: string = MANAGE_ACTOR,
): Promise<VisitView> {
  const { catalog, service } = await catalogService(ctx, found.serviceId);
  const startMs = instantMs(input.start);
  const providerChoice = input.providerId ?? found.calendarIds[0] ?? "any";
  return withAlternatives(ctx, catalog, service, providerChoice, startMs, () =>
    runCommand(
      ctx,
      async (work): Promise<VisitView> => {
        const { tx } = work;
        const current = await lock(tx);
        const move = rescheduleVerdict(current, service, ctx.now);
        if (!move.allowed) {
          throw new BookwellError(
            "RESCHEDULE_NOT_ALLOWED",
            REASON_TEXT[move.reason] ?? move.reason,
            { extensions: { reason: move.reason } },
          );
        }
        if (
          !input.holdId &&
          startMs === instantMs(current.start) &&
          providerChoice === current.calendarIds[0]
        ) {
          // Moving a visit onto its own time and provider changes nothing: no new visit, no
          // audit entry, no "rescheduled" e-mail.
          const { provider } = await parts(tx, current);
          return visitView(current, service, provider);
        }
        const hold = input.holdId
          ? await usableHold(tx, ctx, input.holdId, service.id, startMs, providerChoice)
          : undefined;
        const providerId = hold ? (hold.calendarIds[0] as string) : providerChoice;
        const { calendars, verdict } = await lockAndCheckOnline(tx, ctx, catalog, service, {
          providerId,
          start: input.start,
          startMs,
          hold,
          extraCalendarIds: [...current.calendarIds, ...(hold?.calendarIds ?? [])],
          excludeAppointmentIds: [current.id],
        });
        const moved = await rebookVisit(
          work,
          current,
          {
            service,
            ...placedBy(verdict.assignment, verdict),
            details: {
              ...(hold ? { holdId: hold.id } : {}),
              // A late move keeps the old free-cancellation deadline: moving does not buy a new one.
              ...(move.carryFreeCancellationUntil
                ? { freeCancellationUntil: move.carryFreeCancellationUntil }
                : {}),
            },
          },
          { kind: "patient", actor },
        );
        if (hold) await tx.deleteHold(ctx.clinic.id, hold.id);
        const provider = calendars.find((c) => c.id === verdict.assignment.providerId);
        return { ...visitView(moved.appointment, service, provider), ...manageTokenOf(moved) };
      },
      { respond },
    ),
  );
}

/**
 * Cancels a booking by its manage token, applying the service's policy; a second cancel of the
 * same booking changes nothing and answers the same booking and fee.
 *
 * @example
 * await cancelByToken(ctx, token, { reason: "ill" });
 */
export async function cancelByToken(
  ctx: CommandContext,
  token: string,
  input: { reason?: string | undefined },
  respond?: Respond<CanceledVisit>,
): Promise<CanceledVisit> {
  const found = await linkedVisit(ctx, token);
  return cancelAsPatient(ctx, (tx) => lockByToken(tx, ctx, found), input, respond);
}

/**
 * {@link cancelByToken} for a visit the caller knows how to lock (see {@link PatientVisitLock}):
 * the same policy and status change, as `actor`.
 *
 * @example
 * await cancelAsPatient(ctx, lock, { reason: "ill" }, undefined, "patient:session");
 */
export async function cancelAsPatient(
  ctx: CommandContext,
  lock: PatientVisitLock,
  input: { reason?: string | undefined },
  respond?: Respond<CanceledVisit>,
  actor: string = MANAGE_ACTOR,
): Promise<CanceledVisit> {
  return runCommand(
    ctx,
    async (work): Promise<CanceledVisit> => {
      const { tx } = work;
      const current = await lock(tx);
      const { service, provider } = await parts(tx, current);
      if (current.status === "canceled") {
        return {
          ...visitView(current, service, provider),
          fee: current.cancellation?.fee ?? null,
          refund: await refundedOnline(tx, current),
        };
      }
      if (!service) throw new BookwellError("NOT_FOUND", GONE);
      const verdict = cancellationVerdict(
        current,
        service,
        priceOf(current, service),
        ctx.now,
        "online",
      );
      if (!verdict.allowed) {
        throw new BookwellError(
          "CANCELLATION_NOT_ALLOWED",
          REASON_TEXT[verdict.reason] ?? verdict.reason,
          { extensions: { reason: verdict.reason } },
        );
      }
      // The same status change as the desk's, as the patient: the fee becomes a charge.
      const { updated, fee, refund } = await applyStatus(work, current, service, {
        action: "cancel",
        actor: { id: actor, role: "client" },
        reason: input.reason,
        verdict,
      });
      return { ...visitView(updated, service, provider), fee, refund };
    },
    { respond },
  );
}

/** A canceled visit, the fee its cancellation charged (`null` when free) and what was refunded. */
export interface CanceledVisit extends VisitView {
  fee: { amount: number; currency: string } | null;
  /** The online payment refunded because it was canceled free of charge (`null`: nothing). */
  refund: { amount: number; currency: string } | null;
}
