// Free times: for the patients, read without a transaction (busy time in one statement); for
// staff's "find a time", in the command's read transaction.

import type { Slot } from "@bookwell/engine";
import { canAccessCalendar, type Principal } from "../auth/principal.js";
import { type CatalogView, findSlots, type SlotSearch } from "../services/scheduling.js";
import { principalOf } from "../services/staff-appointments.js";
import type { CalendarRecord, ServiceRecord } from "../storage/storage.js";
import type { CommandContext, UnitOfWork } from "./unit-of-work.js";

/**
 * The engine's free start times of a service for a search, at the request's instant.
 *
 * @example
 * const slots = await freeSlots(work, service, { providerId: "any", from: "2026-03-09", to: "2026-03-15" }, catalog);
 */
export function freeSlots(
  work: UnitOfWork,
  service: ServiceRecord,
  search: SlotSearch,
  catalog: CatalogView,
): Promise<Slot[]> {
  return findSlots(work.tx, work.clinic.id, service, work.now, search, catalog);
}

/**
 * The engine's free start times of a service for a search, read without a transaction: the busy
 * time comes from one statement (one snapshot, see `readBusyTime`), so no BEGIN / COMMIT.
 *
 * @example
 * const slots = await readFreeSlots(ctx, service, { providerId: "any", from: "2026-03-09", to: "2026-03-15" }, catalog);
 */
export function readFreeSlots(
  ctx: CommandContext,
  service: ServiceRecord,
  search: SlotSearch,
  catalog: CatalogView,
): Promise<Slot[]> {
  return findSlots(ctx.app.storage, ctx.clinic.id, service, ctx.now, search, catalog);
}

/**
 * The catalog as the caller may use it for "any": providers only their granted provider
 * calendars (rooms and equipment stay, the engine assigns them), other roles all of it.
 *
 * @example
 * visibleCatalog(providerPrincipal, catalog).calendars; // [ana, room-1]
 */
export function visibleCatalog(principal: Principal, catalog: CatalogView): CatalogView {
  if (principal.role !== "provider") return catalog;
  return {
    ...catalog,
    calendars: catalog.calendars.filter(
      (c) => c.kind !== "provider" || canAccessCalendar(principal, c.id),
    ),
  };
}

/**
 * "Find a time" for staff: with `named` provider calendars each is searched on its own (a start
 * free with two of them is listed twice, by start then list order); with `null` each start
 * appears once with the provider the engine assigns among those the caller may see.
 *
 * @example
 * const slots = await staffFreeSlots(work, service, { from: "2026-03-09", to: "2026-03-09", channel: "staff" }, null, catalog);
 */
export async function staffFreeSlots(
  work: UnitOfWork,
  service: ServiceRecord,
  search: Omit<SlotSearch, "providerId">,
  named: readonly CalendarRecord[] | null,
  catalog: CatalogView,
): Promise<Slot[]> {
  if (!named) {
    const scoped = visibleCatalog(principalOf(work.request), catalog);
    return freeSlots(work, service, { ...search, providerId: "any" }, scoped);
  }
  const found: Slot[] = [];
  for (const calendar of named) {
    found.push(
      ...(await freeSlots(work, service, { ...search, providerId: calendar.id }, catalog)),
    );
  }
  // Stable: equal starts keep the order of the list.
  return found.sort((a, b) => a.startMs - b.startMs);
}
