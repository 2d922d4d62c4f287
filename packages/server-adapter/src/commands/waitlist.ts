// The waitlist's server rules, inside a unit of work: when a time frees up (a cancel, a no-show,
// a move away; see applyStatus and rebookVisit, which call offerFreedTime once each; or new hours:
// a shift, an override, time off removed, see offerOpenedTimes), the engine's
// matchWaitlist picks who wants it and planWaitlistOffer applies the clinic's policy; this writes
// the offers (with a hold for an exclusive one), their audit entries and outbox messages. A lapsed
// exclusive offer moves to the next in line (advanceLapsedOffer, run by the housekeeper).

import {
  type AppointmentStatus,
  type BookingCheck,
  matchWaitlist,
  planWaitlistOffer,
  RELEASING_STATUSES,
  type WaitlistEntry,
} from "@bookwell/engine";
import { generateManageToken, hashSecret, randomId } from "../auth/api-keys.js";
import { isBookwellError } from "../errors.js";
import { WAITLIST_OFFER_ROW_TYPE } from "../notify/waitlist-offer.js";
import { findSlots, lockAndCheck } from "../services/scheduling.js";
import type {
  AppointmentRecord,
  ClinicRecord,
  JsonObject,
  WaitlistEntryRecord,
  WaitlistMode,
  WaitlistOfferRecord,
} from "../storage/storage.js";
import type { UnitOfWork } from "./unit-of-work.js";

/** The audit actor of offers the server makes by itself. */
export const WAITLIST_ACTOR = "system:waitlist";

/**
 * Audits a step of a waitlist entry's life (joined, offered, its offer lapsed, booked, left) by
 * `actor`: every waitlist audit entry is about the entry, whatever the step.
 *
 * @example
 * await auditWaitlistEntry(work, "joined", entry.id, WAITLIST_LINK_ACTOR, { serviceId: "physio" });
 */
export function auditWaitlistEntry(
  work: UnitOfWork,
  step: "joined" | "offered" | "offer_lapsed" | "booked" | "left",
  entryId: string,
  actor: string,
  detail?: JsonObject,
): Promise<void> {
  return work.audit({
    action: `waitlist.${step}`,
    entityType: "waitlist_entry",
    entityId: entryId,
    actor,
    ...(detail ? { detail } : {}),
  });
}

/** Default minutes an exclusive offer holds its time. */
export const DEFAULT_WAITLIST_HOLD_MINUTES = 30;

/**
 * The clinic's waitlist policy, with its defaults (`first_in_line`, 30 minutes).
 *
 * @example
 * waitlistPolicy(clinic); // { mode: "first_in_line", holdMinutes: 30 }
 */
export function waitlistPolicy(clinic: ClinicRecord): { mode: WaitlistMode; holdMinutes: number } {
  return {
    mode: clinic.waitlistMode ?? "first_in_line",
    holdMinutes: clinic.waitlistHoldMinutes ?? DEFAULT_WAITLIST_HOLD_MINUTES,
  };
}

/**
 * A stored entry as the engine's matcher reads it.
 *
 * @example
 * matchWaitlist({ freed, entries: entries.map(engineEntry), now, timeZone });
 */
export function engineEntry(e: WaitlistEntryRecord): WaitlistEntry {
  return {
    id: e.id,
    serviceId: e.serviceId,
    joinedAt: e.joinedAt,
    expiresAt: e.expiresAt,
    ...(e.providerId ? { providerId: e.providerId } : {}),
    ...(e.weekdays && e.weekdays.length > 0 ? { weekdays: e.weekdays } : {}),
    ...(e.timeFrom && e.timeTo ? { timeOfDay: { from: e.timeFrom, to: e.timeTo } } : {}),
    ...(e.dateFrom ? { dateFrom: e.dateFrom } : {}),
    ...(e.dateTo ? { dateTo: e.dateTo } : {}),
  };
}

/** A time that may have become free: a service at a start with one provider. */
export interface FreedSlot {
  serviceId: string;
  providerId: string;
  start: string;
}

/** An offer just made, with its link token (shown once: in the outbox row, stored hashed). */
export interface MadeOffer {
  offer: WaitlistOfferRecord;
  token: string;
}

/**
 * Whether `slot` can be booked online now for `service` (fresh data, calendars locked), and the
 * calendars the engine would assign; `undefined` when it cannot (taken, provider gone…).
 */
async function bookableNow(
  work: UnitOfWork,
  slot: FreedSlot,
): Promise<{ calendarIds: string[]; startMs: number; endMs: number } | undefined> {
  const { tx, clinicId } = work;
  const service = await tx.getService(clinicId, slot.serviceId);
  if (!service?.onlineBookable) return undefined;
  const startMs = Date.parse(slot.start);
  let verdict: BookingCheck;
  try {
    ({ verdict } = await lockAndCheck(tx, clinicId, service, work.now, {
      start: new Date(startMs).toISOString(),
      startMs,
      providerId: slot.providerId,
      channel: "online",
    }));
  } catch (error) {
    // The provider no longer offers the service: nothing to offer.
    if (isBookwellError(error)) return undefined;
    throw error;
  }
  if (!verdict.ok || !verdict.assignment) return undefined;
  return {
    calendarIds: [...verdict.assignment.calendarIds],
    startMs: verdict.startMs,
    endMs: verdict.endMs,
  };
}

/**
 * Writes one offer of `slot` to `entry`: the hold when exclusive, the offer with its hashed link
 * token, the `waitlist.offered` audit entry and the outbox row of the message.
 *
 * @example
 * await makeOffer(work, entry, { calendarIds, startMs, endMs }, { exclusive: true, expiresAt, by: "system:waitlist" });
 */
export async function makeOffer(
  work: UnitOfWork,
  entry: WaitlistEntryRecord,
  time: { calendarIds: readonly string[]; startMs: number; endMs: number },
  how: { exclusive: boolean; expiresAt: Date; by: string },
): Promise<MadeOffer> {
  const { tx, clinicId } = work;
  let holdId: string | undefined;
  if (how.exclusive) {
    const hold = await tx.insertHold(clinicId, {
      id: randomId("hold"),
      serviceId: entry.serviceId,
      calendarIds: [...time.calendarIds],
      start: new Date(time.startMs),
      end: new Date(time.endMs),
      expiresAt: how.expiresAt,
    });
    holdId = hold.id;
  }
  const token = generateManageToken();
  const offer = await tx.insertWaitlistOffer(clinicId, {
    id: randomId("wlo"),
    entryId: entry.id,
    serviceId: entry.serviceId,
    calendarIds: time.calendarIds,
    start: new Date(time.startMs),
    end: new Date(time.endMs),
    ...(holdId ? { holdId } : {}),
    exclusive: how.exclusive,
    status: "open",
    expiresAt: how.expiresAt,
    tokenHash: hashSecret(token),
    offeredBy: how.by,
  });
  await auditWaitlistEntry(work, "offered", entry.id, how.by, {
    offerId: offer.id,
    start: offer.start,
    calendarIds: offer.calendarIds,
    exclusive: offer.exclusive,
    expiresAt: offer.expiresAt,
  });
  // One row per channel: the e-mail, and an SMS when the patient gave a phone (the worker drops
  // it when the clinic has no SMS channel).
  for (const channel of entry.phone ? ["email", "sms"] : ["email"]) {
    const payload: JsonObject = { v: 1, offerId: offer.id, offerToken: token, channel };
    if (entry.locale) payload.locale = entry.locale;
    await work.message(WAITLIST_OFFER_ROW_TYPE, payload);
  }
  return { offer, token };
}

/**
 * Offers a time that may have become free to the waitlist, under the clinic's policy: nothing when
 * nobody waits for the service (the common case costs one read), nobody matches, or the time cannot
 * be booked online now; else an exclusive offer with a hold to the first in line, or an offer to
 * every matching entry. Entries already offered this time, and those in `skip`, are skipped. Runs
 * in the unit of work of the change that freed the time, so the offer commits with it or not at all.
 *
 * @example
 * await offerFreedTime(work, { serviceId: "pilates", providerId: "ana", start: "2026-03-10T18:00:00.000Z" });
 */
export async function offerFreedTime(
  work: UnitOfWork,
  slot: FreedSlot,
  skip: ReadonlySet<string> = new Set(),
): Promise<MadeOffer[]> {
  const { tx, clinic, now } = work;
  if (Date.parse(slot.start) <= now.getTime()) return [];
  const waiting = await tx.listWaitlistEntries(clinic.id, {
    serviceId: slot.serviceId,
    statuses: ["waiting"],
    liveAt: now,
  });
  if (waiting.length === 0) return [];
  const earlier = await tx.listWaitlistOffers(clinic.id, {
    serviceId: slot.serviceId,
    start: slot.start,
  });
  const matches = matchWaitlist({
    freed: slot,
    entries: waiting.map(engineEntry),
    excludeEntryIds: [...new Set([...earlier.map((o) => o.entryId), ...skip])],
    now: now.toISOString(),
    timeZone: clinic.timeZone,
  });
  if (matches.length === 0) return [];
  const time = await bookableNow(work, slot);
  if (!time) return [];
  const plan = planWaitlistOffer({
    policy: waitlistPolicy(clinic),
    matches,
    start: new Date(time.startMs).toISOString(),
    now: now.toISOString(),
  });
  const byId = new Map(waiting.map((e) => [e.id, e]));
  const made: MadeOffer[] = [];
  for (const id of plan.entryIds) {
    const entry = byId.get(id);
    if (!entry) continue;
    made.push(
      await makeOffer(work, entry, time, {
        exclusive: plan.exclusive,
        expiresAt: new Date(plan.expiresAt),
        by: WAITLIST_ACTOR,
      }),
    );
  }
  return made;
}

/**
 * Closes one open offer that lapsed (its hold released) and, when it was exclusive, offers the
 * time to the next in line. Idempotent: an offer that is no longer open, or not lapsed yet,
 * changes nothing. Several housekeepers may run it at once (the offer's key is locked).
 *
 * @example
 * await advanceLapsedOffer(work, offer);
 */
export async function advanceLapsedOffer(
  work: UnitOfWork,
  lapsed: WaitlistOfferRecord,
): Promise<MadeOffer[]> {
  const { tx, clinic, now } = work;
  await tx.lockKey(clinic.id, `waitlist-offer:${lapsed.id}`);
  const [current] = (await tx.listWaitlistOffers(clinic.id, { entryId: lapsed.entryId })).filter(
    (o) => o.id === lapsed.id,
  );
  if (current?.status !== "open" || Date.parse(current.expiresAt) > now.getTime()) {
    return [];
  }
  await tx.updateWaitlistOffer(clinic.id, current.id, { status: "lapsed" });
  if (current.holdId) await tx.deleteHold(clinic.id, current.holdId);
  await auditWaitlistEntry(work, "offer_lapsed", current.entryId, WAITLIST_ACTOR, {
    offerId: current.id,
    start: current.start,
  });
  if (!current.exclusive) return [];
  return offerFreedTime(work, {
    serviceId: current.serviceId,
    providerId: current.calendarIds[0] ?? "any",
    start: current.start,
  });
}

/**
 * The one hook of the visit paths: when a change releases a visit's time (it becomes canceled,
 * no-show or rebooked from a status that held time), offers that time to the waitlist.
 *
 * @example
 * await offerReleasedTime(work, current, updated.status);
 */
export async function offerReleasedTime(
  work: UnitOfWork,
  before: AppointmentRecord,
  next: AppointmentStatus,
): Promise<MadeOffer[]> {
  const released = RELEASING_STATUSES.has(next) && !RELEASING_STATUSES.has(before.status);
  const providerId = before.calendarIds[0];
  if (!released || !providerId) return [];
  return offerFreedTime(work, { serviceId: before.serviceId, providerId, start: before.start });
}

/** How many days ahead new hours are offered to the waitlist (from the clinic's today). */
export const OPENED_TIME_DAYS = 62;

/** A local day (`YYYY-MM-DD`) moved by `n` days. */
function shiftDay(day: string, n: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The one hook of the calendar paths: runs `change` (a save of provider calendar `calendarId`:
 * a new shift, an override, time off removed…) and offers the start times it opened — free online
 * after it and not before, for each service someone waits for, in the next
 * {@link OPENED_TIME_DAYS} days — to the waitlist through {@link offerFreedTime}, earliest first,
 * each entry at most one of them. Costs one read when nobody waits.
 *
 * @example
 * const saved = await offerOpenedTimes(work, "ana", () => work.tx.putCalendar(clinicId, calendar));
 */
export async function offerOpenedTimes<T>(
  work: UnitOfWork,
  calendarId: string,
  change: () => Promise<T>,
): Promise<T> {
  const { tx, clinic, now } = work;
  const waiting = await tx.listWaitlistEntries(clinic.id, { statuses: ["waiting"], liveAt: now });
  const serviceIds = [
    ...new Set(
      waiting.filter((e) => !e.providerId || e.providerId === calendarId).map((e) => e.serviceId),
    ),
  ];
  if (serviceIds.length === 0) return change();
  const from = new Intl.DateTimeFormat("en-CA", { timeZone: clinic.timeZone }).format(now);
  const search = {
    providerId: calendarId,
    from,
    to: shiftDay(from, OPENED_TIME_DAYS - 1),
    channel: "online" as const,
  };
  const starts = async () => {
    const found = new Map<string, Set<number>>();
    for (const id of serviceIds) {
      const service = await tx.getService(clinic.id, id);
      let slots: { startMs: number }[] = [];
      try {
        if (service?.onlineBookable) slots = await findSlots(tx, clinic.id, service, now, search);
      } catch (error) {
        // The calendar does not (or no longer) serve the service: nothing open for it.
        if (!isBookwellError(error)) throw error;
      }
      found.set(id, new Set(slots.map((s) => s.startMs)));
    }
    return found;
  };
  const before = await starts();
  const result = await change();
  const after = await starts();
  const opened = serviceIds
    .flatMap((serviceId) =>
      [...(after.get(serviceId) ?? [])]
        .filter((ms) => !before.get(serviceId)?.has(ms))
        .map((ms) => ({ serviceId, ms })),
    )
    .sort((a, b) => a.ms - b.ms);
  const offered = new Set<string>();
  for (const time of opened) {
    const made = await offerFreedTime(
      work,
      { serviceId: time.serviceId, providerId: calendarId, start: new Date(time.ms).toISOString() },
      offered,
    );
    for (const m of made) offered.add(m.offer.entryId);
  }
  return result;
}
