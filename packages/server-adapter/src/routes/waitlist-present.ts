// How waitlist entries and offers look on the routes: times in the clinic's zone, no token hashes.

import { formatIn } from "../services/scheduling.js";
import type { WaitlistEntryRecord, WaitlistOfferRecord } from "../storage/storage.js";

/**
 * A waitlist entry as its patient sees it.
 *
 * @example
 * presentEntry(entry, "Europe/Lisbon");
 */
export function presentEntry(e: WaitlistEntryRecord, zone: string) {
  return {
    id: e.id,
    status: e.status,
    serviceId: e.serviceId,
    providerId: e.providerId ?? "any",
    ...(e.weekdays?.length ? { weekdays: e.weekdays } : {}),
    ...(e.timeFrom && e.timeTo ? { timeOfDay: { from: e.timeFrom, to: e.timeTo } } : {}),
    ...(e.dateFrom ? { dateFrom: e.dateFrom } : {}),
    ...(e.dateTo ? { dateTo: e.dateTo } : {}),
    joinedAt: formatIn(e.joinedAt, zone),
    expiresAt: formatIn(e.expiresAt, zone),
  };
}

/**
 * A waitlist offer as its patient sees it.
 *
 * @example
 * presentOffer(offer, "Europe/Lisbon");
 */
export function presentOffer(o: WaitlistOfferRecord, zone: string) {
  return {
    id: o.id,
    status: o.status,
    serviceId: o.serviceId,
    providerId: o.calendarIds[0] ?? "",
    start: formatIn(o.start, zone),
    end: formatIn(o.end, zone),
    timeZone: zone,
    exclusive: o.exclusive,
    expiresAt: formatIn(o.expiresAt, zone),
  };
}

/**
 * An entry with its contact and offers, as staff see it.
 *
 * @example
 * presentStaffEntry({ entry, offers }, "Europe/Lisbon");
 */
export function presentStaffEntry(
  item: { entry: WaitlistEntryRecord; offers: WaitlistOfferRecord[] },
  zone: string,
) {
  const { entry } = item;
  return {
    ...presentEntry(entry, zone),
    client: {
      name: entry.name,
      email: entry.email,
      ...(entry.phone ? { phone: entry.phone } : {}),
    },
    offers: item.offers.map((o) => presentOffer(o, zone)),
  };
}
