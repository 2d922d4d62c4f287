// The waitlist for patients and staff: join (from the widget when no time suits), see and leave an
// entry by its token, see and confirm an offer by its link, and for staff list, offer by hand and
// remove. Each change is one command in runCommand; who is offered a freed time is decided in
// commands/waitlist.ts (with the engine's matchWaitlist).

import { type BookingTerms, clockFor, parseDay } from "@bookwell/engine";
import { generateManageToken, hashSecret, randomId } from "../auth/api-keys.js";
import { type CommandContext, type Respond, runCommand } from "../commands/unit-of-work.js";
import {
  advanceLapsedOffer,
  auditWaitlistEntry,
  type MadeOffer,
  makeOffer,
  waitlistPolicy,
} from "../commands/waitlist.js";
import { BookwellError } from "../errors.js";
import type { WaitlistEntryRecord, WaitlistOfferRecord } from "../storage/storage.js";
import { bookOnlineIn, catalogService, termsAt, type VisitView } from "./bookings.js";
import type { AppContext } from "./context.js";
import {
  lockAndCheck,
  lockRelevant,
  notOnlineBookable,
  offeredOnline,
  refusal,
} from "./scheduling.js";

const DAY_MS = 86_400_000;
/** How long an entry waits when the patient names no last date. */
export const WAITLIST_ENTRY_DAYS = 60;
/** The longest an entry may wait. */
export const WAITLIST_MAX_DAYS = 180;
/** The actor of changes made through a waitlist link. */
export const WAITLIST_LINK_ACTOR = "patient:waitlist-link";

/** What a patient asks for when joining the waitlist. */
export interface JoinRequest {
  serviceId: string;
  /** A provider, or `any`. */
  providerId: string;
  weekdays?: number[] | undefined;
  timeOfDay?: { from: string; to: string } | undefined;
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  client: { name: string; email: string; phone?: string | undefined };
  locale?: string | undefined;
}

/** A joined entry and its token (shown once; it lets the patient see and leave the entry). */
export interface JoinedEntry {
  entry: WaitlistEntryRecord;
  token: string;
}

/** The end of local day `date` in the clinic's zone (its next midnight). */
function endOfDay(date: string, zone: string): number {
  return clockFor(zone).dayStart((parseDay(date) as number) + 1);
}

/**
 * Puts a patient on the waitlist of an online-bookable service: when the last wanted date is past
 * or before the first, 400 naming the field; the entry lapses after its last date, or after
 * {@link WAITLIST_ENTRY_DAYS} days (at most {@link WAITLIST_MAX_DAYS}).
 *
 * @example
 * const { entry, token } = await joinWaitlist(ctx, { serviceId: "pilates", providerId: "any", client: { name: "Ana", email: "ana@example.com" } });
 */
export async function joinWaitlist(
  ctx: CommandContext,
  input: JoinRequest,
  respond?: Respond<JoinedEntry>,
): Promise<JoinedEntry> {
  const { service } = await catalogService(ctx, input.serviceId);
  if (!offeredOnline(service)) throw notOnlineBookable(input.serviceId);
  const zone = ctx.clinic.timeZone;
  const nowMs = ctx.now.getTime();
  if (input.dateTo && endOfDay(input.dateTo, zone) <= nowMs) {
    throw new BookwellError("VALIDATION_FAILED", "The last wanted date has passed", {
      errors: [{ field: "dateTo", message: "must be today or later" }],
    });
  }
  const cap = nowMs + WAITLIST_MAX_DAYS * DAY_MS;
  const expiresMs = input.dateTo
    ? Math.min(endOfDay(input.dateTo, zone), cap)
    : nowMs + WAITLIST_ENTRY_DAYS * DAY_MS;
  return runCommand(
    ctx,
    async (work) => {
      if (input.providerId !== "any") {
        // A named provider must offer the service (404 / 422 naming providerId otherwise).
        await lockRelevant(work.tx, ctx.clinic.id, service, input.providerId);
      }
      const token = generateManageToken();
      const [client] = await work.tx.listClients(ctx.clinic.id, {
        email: input.client.email,
        limit: 1,
      });
      const entry = await work.tx.insertWaitlistEntry(ctx.clinic.id, {
        id: randomId("wl"),
        serviceId: service.id,
        ...(input.providerId !== "any" ? { providerId: input.providerId } : {}),
        ...(input.weekdays?.length ? { weekdays: [...new Set(input.weekdays)].sort() } : {}),
        ...(input.timeOfDay ? { timeFrom: input.timeOfDay.from, timeTo: input.timeOfDay.to } : {}),
        ...(input.dateFrom ? { dateFrom: input.dateFrom } : {}),
        ...(input.dateTo ? { dateTo: input.dateTo } : {}),
        ...(client ? { clientId: client.id } : {}),
        name: input.client.name,
        email: input.client.email,
        ...(input.client.phone ? { phone: input.client.phone } : {}),
        ...(input.locale ? { locale: input.locale } : {}),
        status: "waiting",
        joinedAt: ctx.now,
        expiresAt: new Date(expiresMs),
        tokenHash: hashSecret(token),
      });
      await auditWaitlistEntry(work, "joined", entry.id, WAITLIST_LINK_ACTOR, {
        serviceId: service.id,
        providerId: input.providerId,
      });
      return { entry, token };
    },
    { respond },
  );
}

const GONE = "This waitlist link is not valid (it may have expired)";

/** The entry behind a leave token of this clinic, or 404 (unknown and foreign look the same). */
async function entryByToken(ctx: CommandContext, token: string): Promise<WaitlistEntryRecord> {
  const entry = await ctx.app.storage.findWaitlistEntryByToken(hashSecret(token));
  if (!entry || entry.clinicId !== ctx.clinic.id) throw new BookwellError("NOT_FOUND", GONE);
  return entry;
}

/**
 * The entry behind a waitlist token (`GET`; changes nothing).
 *
 * @example
 * const entry = await waitlistEntryView(ctx, token);
 */
export function waitlistEntryView(
  ctx: CommandContext,
  token: string,
): Promise<WaitlistEntryRecord> {
  return entryByToken(ctx, token);
}

/**
 * Takes an entry off the list: status `left`, its open offers withdrawn and their holds released,
 * audited with who left it (and staff's reason, when given). Leaving twice changes nothing.
 *
 * @example
 * await removeEntry(ctx, "wl_1", "api-key:desk", "Booked by phone");
 */
export async function removeEntry(
  ctx: CommandContext,
  entryId: string,
  actor: string,
  reason?: string,
): Promise<WaitlistEntryRecord> {
  return runCommand(ctx, async (work) => {
    const { tx, clinicId } = work;
    await tx.lockKey(clinicId, `waitlist-entry:${entryId}`);
    const entry = await tx.getWaitlistEntry(clinicId, entryId);
    if (!entry) {
      throw new BookwellError("NOT_FOUND", `No waitlist entry with id ${entryId}`, {
        errors: [{ field: "id", message: "is not a waitlist entry of this clinic" }],
      });
    }
    if (entry.status !== "waiting") return entry;
    for (const offer of await tx.listWaitlistOffers(clinicId, {
      entryId,
      statuses: ["open"],
    })) {
      await tx.updateWaitlistOffer(clinicId, offer.id, { status: "withdrawn" });
      if (offer.holdId) await tx.deleteHold(clinicId, offer.holdId);
    }
    const left = await tx.setWaitlistEntryStatus(clinicId, entryId, "left");
    await auditWaitlistEntry(work, "left", entryId, actor, reason ? { reason } : undefined);
    return left;
  });
}

/**
 * The patient leaves the waitlist through their entry's token.
 *
 * @example
 * await leaveByToken(ctx, token);
 */
export async function leaveByToken(
  ctx: CommandContext,
  token: string,
): Promise<WaitlistEntryRecord> {
  const entry = await entryByToken(ctx, token);
  return removeEntry(ctx, entry.id, WAITLIST_LINK_ACTOR);
}

/** An offer with its entry, for presenting it. */
export interface OfferView {
  offer: WaitlistOfferRecord;
  entry: WaitlistEntryRecord;
  /** The cancellation terms of booking the offered time now (consent when a fee applies at once). */
  terms: BookingTerms;
}

async function offerByToken(ctx: CommandContext, token: string): Promise<WaitlistOfferRecord> {
  const offer = await ctx.app.storage.findWaitlistOfferByToken(hashSecret(token));
  if (!offer || offer.clinicId !== ctx.clinic.id) throw new BookwellError("NOT_FOUND", GONE);
  return offer;
}

/** Whether an offer can still be confirmed at `now`; the reason when not. */
function offerState(offer: WaitlistOfferRecord, now: Date): "open" | WaitlistOfferRecord["status"] {
  if (offer.status === "open" && Date.parse(offer.expiresAt) <= now.getTime()) return "lapsed";
  return offer.status;
}

/**
 * The offer behind an offer link and its entry (`GET`; changes nothing). A lapsed offer shows as
 * `lapsed` at once, before the housekeeper moves it on.
 *
 * @example
 * const { offer } = await offerView(ctx, token);
 */
export async function offerView(ctx: CommandContext, token: string): Promise<OfferView> {
  const offer = await offerByToken(ctx, token);
  const entry = await ctx.app.storage.getWaitlistEntry(ctx.clinic.id, offer.entryId);
  if (!entry) throw new BookwellError("NOT_FOUND", GONE);
  const { catalog, service } = await catalogService(ctx, offer.serviceId);
  const terms = termsAt(ctx, catalog, service, offer.calendarIds[0] ?? "", offer.start);
  return { offer: { ...offer, status: offerState(offer, ctx.now) }, entry, terms };
}

/** A confirmed offer: the visit it booked (with its manage token, shown once). */
export interface ConfirmedOffer extends VisitView {
  offer: WaitlistOfferRecord;
}

/**
 * Books the offered time for the entry's patient in one transaction, through the online booking's
 * own code (the hold of an exclusive offer, the engine's check on locked calendars, the client, the
 * confirmation with its manage link), then marks the offer `booked` and the entry `booked`. A
 * lapsed, withdrawn or used offer is 409 `OFFER_UNAVAILABLE` (`reason`); a time someone else got
 * first is 409 `SLOT_TAKEN`, so of racing confirmations exactly one books.
 *
 * @example
 * const { appointment, manageToken } = await confirmOffer(ctx, token, { policyConsent: true });
 */
export async function confirmOffer(
  ctx: CommandContext,
  token: string,
  consent: { policyConsent?: boolean | undefined },
  respond?: Respond<ConfirmedOffer>,
): Promise<ConfirmedOffer> {
  const found = await offerByToken(ctx, token);
  const { catalog, service } = await catalogService(ctx, found.serviceId);
  return runCommand(
    ctx,
    async (work) => {
      const { tx, clinicId } = work;
      await tx.lockKey(clinicId, `waitlist-offer:${found.id}`);
      const offer = await tx.findWaitlistOfferByToken(found.tokenHash);
      const entry = offer && (await tx.getWaitlistEntry(clinicId, offer.entryId));
      if (!offer || !entry) throw new BookwellError("NOT_FOUND", GONE);
      const state = offerState(offer, ctx.now);
      if (state !== "open" || entry.status !== "waiting") {
        const reason = state === "open" ? "left" : state;
        throw new BookwellError("OFFER_UNAVAILABLE", `This offer is ${reason}`, {
          extensions: { reason },
        });
      }
      const booked = await bookOnlineIn(
        work,
        catalog,
        service,
        {
          serviceId: offer.serviceId,
          providerId: offer.calendarIds[0] ?? "any",
          start: offer.start,
          ...(offer.holdId ? { holdId: offer.holdId } : {}),
          client: {
            name: entry.name,
            email: entry.email,
            ...(entry.phone ? { phone: entry.phone } : {}),
          },
          ...(entry.locale ? { locale: entry.locale } : {}),
          // The same consent as an online booking when a fee applies from booking.
          ...(consent.policyConsent ? { policyConsent: true } : {}),
        },
        Date.parse(offer.start),
      );
      const used = await tx.updateWaitlistOffer(clinicId, offer.id, {
        status: "booked",
        appointmentId: booked.appointment.id,
      });
      await tx.setWaitlistEntryStatus(clinicId, entry.id, "booked");
      // The entry's other open offers end with it.
      for (const other of await tx.listWaitlistOffers(clinicId, {
        entryId: entry.id,
        statuses: ["open"],
      })) {
        await tx.updateWaitlistOffer(clinicId, other.id, { status: "withdrawn" });
        if (other.holdId) await tx.deleteHold(clinicId, other.holdId);
      }
      await auditWaitlistEntry(work, "booked", entry.id, WAITLIST_LINK_ACTOR, {
        offerId: offer.id,
        appointmentId: booked.appointment.id,
      });
      return { ...booked, offer: used };
    },
    { respond },
  );
}

// --- staff ---------------------------------------------------------------------------------------

/** The waitlist of a service as staff see it: entries in line order with their offers. */
export interface StaffWaitlist {
  entries: { entry: WaitlistEntryRecord; offers: WaitlistOfferRecord[] }[];
}

/** What staff filter the waitlist by: a service, a provider, a local date or a range of them. */
export interface StaffWaitlistFilter {
  serviceId?: string | undefined;
  /** Entries that would take this provider: those naming them and those taking anyone. */
  providerId?: string | undefined;
  /** One local date (the same as `from` and `to` both this date). */
  date?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** Whether an entry wants some local date in the day numbers [from, to] (either end open). */
function wantsSomeDay(e: WaitlistEntryRecord, from?: number, to?: number): boolean {
  const first = Math.max(
    from ?? -Infinity,
    e.dateFrom ? (parseDay(e.dateFrom) as number) : -Infinity,
  );
  const last = Math.min(to ?? Infinity, e.dateTo ? (parseDay(e.dateTo) as number) : Infinity);
  if (first > last) return false;
  if (!e.weekdays?.length) return true;
  // A week of days holds every weekday; an open end means a whole week is there.
  if (!Number.isFinite(first) || !Number.isFinite(last) || last - first >= 6) return true;
  for (let day = first; day <= last; day += 1) {
    if (e.weekdays.includes(((day + 3) % 7) + 1)) return true; // 1970-01-01 was a Thursday (ISO 4)
  }
  return false;
}

/**
 * The live entries of the clinic's waitlist (optionally of one service, that would take one
 * provider, and wanting a local date in a range), in line order, each with its offers.
 *
 * @example
 * const { entries } = await staffWaitlist(ctx, { serviceId: "pilates", from: "2026-03-09", to: "2026-03-15" });
 */
export async function staffWaitlist(
  ctx: CommandContext,
  filter: StaffWaitlistFilter,
): Promise<StaffWaitlist> {
  const { storage } = ctx.app;
  const clinicId = ctx.clinic.id;
  const entries = await storage.listWaitlistEntries(clinicId, {
    ...(filter.serviceId ? { serviceId: filter.serviceId } : {}),
    statuses: ["waiting"],
    liveAt: ctx.now,
  });
  const fromDay = filter.date ?? filter.from;
  const toDay = filter.date ?? filter.to;
  const from = fromDay ? (parseDay(fromDay) as number) : undefined;
  const to = toDay ? (parseDay(toDay) as number) : undefined;
  const wanted = entries.filter(
    (e) =>
      (!filter.providerId || !e.providerId || e.providerId === filter.providerId) &&
      (from === undefined && to === undefined ? true : wantsSomeDay(e, from, to)),
  );
  const offers = await Promise.all(
    wanted.map((entry) => storage.listWaitlistOffers(clinicId, { entryId: entry.id })),
  );
  // An offer past its time shows as lapsed at once, as on the patient's link, not "open" until
  // the housekeeper moves it on.
  const now = ctx.now;
  return {
    entries: wanted.map((entry, i) => ({
      entry,
      offers: (offers[i] ?? []).map((o) => ({ ...o, status: offerState(o, now) })),
    })),
  };
}

/**
 * Staff offer a time to one entry by hand: checked like an online booking on locked calendars,
 * held for the clinic's offer minutes, messaged and audited like a freed time's offer.
 *
 * @example
 * await offerByHand(ctx, "wl_1", { start: "2026-03-10T18:00:00Z", providerId: "ana" });
 */
export async function offerByHand(
  ctx: CommandContext,
  entryId: string,
  input: { start: string; providerId: string },
  respond?: Respond<MadeOffer>,
): Promise<MadeOffer> {
  return runCommand(
    ctx,
    async (work) => {
      const { tx, clinicId } = work;
      await tx.lockKey(clinicId, `waitlist-entry:${entryId}`);
      const entry = await tx.getWaitlistEntry(clinicId, entryId);
      if (entry?.status !== "waiting") {
        throw new BookwellError("NOT_FOUND", `No waiting entry with id ${entryId}`, {
          errors: [{ field: "id", message: "is not a waiting entry of this clinic" }],
        });
      }
      const service = await tx.getService(clinicId, entry.serviceId);
      if (!service) throw notOnlineBookable(entry.serviceId);
      const startMs = Date.parse(input.start);
      const { verdict } = await lockAndCheck(tx, clinicId, service, ctx.now, {
        start: input.start,
        startMs,
        providerId: input.providerId,
        channel: "online",
      });
      if (!verdict.ok || !verdict.assignment) throw refusal(verdict);
      const { holdMinutes } = waitlistPolicy(ctx.clinic);
      const expiresAt = new Date(Math.min(ctx.now.getTime() + holdMinutes * 60_000, startMs));
      return makeOffer(
        work,
        entry,
        {
          calendarIds: verdict.assignment.calendarIds,
          startMs: verdict.startMs,
          endMs: verdict.endMs,
        },
        { exclusive: true, expiresAt, by: ctx.actor },
      );
    },
    { respond },
  );
}

// --- the housekeeper's part ------------------------------------------------------------------------

/** What one {@link advanceWaitlists} pass did. */
export interface WaitlistAdvance {
  lapsed: number;
  offered: number;
}

/**
 * Closes the open offers that lapsed at `now` in every clinic and offers each exclusive one's time
 * to the next in line, one command per offer (the housekeeper runs it; several processes may).
 *
 * @example
 * const { lapsed, offered } = await advanceWaitlists(app);
 */
export async function advanceWaitlists(app: AppContext, limit = 100): Promise<WaitlistAdvance> {
  const now = app.now();
  const lapsed = await app.storage.listLapsedWaitlistOffers(now, limit);
  let offered = 0;
  for (const offer of lapsed) {
    const clinic = await app.storage.getClinic(offer.clinicId);
    if (!clinic) continue;
    const made = await runCommand(
      { app, clinic, principal: null, actor: "system:waitlist", now, idempotency: null },
      (work) => advanceLapsedOffer(work, offer),
    );
    offered += made.length;
  }
  return { lapsed: lapsed.length, offered };
}
