import { BookwellApiError } from "../api/client.js";
import type { Slot } from "../api/types.js";
import type { WidgetContext } from "../context.js";
import { addDays, dayKeyOf, daysInMonth } from "../lib/dates.js";

/** Slots are fetched again after this long (ms). */
const FRESH_FOR = 60_000;

/** How far ahead the calendar goes, in days. */
export const HORIZON_DAYS = 365;

function cacheKey(serviceId: string, providerId: string, month: string): string {
  return `${serviceId}|${providerId}|${month}`;
}

/**
 * Free slots of a month ("YYYY-MM") from the cache or the server; past times are dropped.
 *
 * @example
 * const slots = await monthSlots(ctx, "svc-massage", "any", "2026-03", signal);
 */
export async function monthSlots(
  ctx: WidgetContext,
  serviceId: string,
  providerId: string,
  month: string,
  signal?: AbortSignal,
): Promise<Slot[]> {
  const key = cacheKey(serviceId, providerId, month);
  const now = ctx.now();
  const cached = ctx.slotCache.get(key);
  let slots: Slot[];
  if (cached && now - cached.at < FRESH_FOR) {
    slots = cached.slots;
  } else {
    const today = dayKeyOf(now, ctx.clinic.timeZone);
    const first = `${month}-01`;
    const last = `${month}-${String(daysInMonth(month)).padStart(2, "0")}`;
    const from = first < today ? today : first;
    if (from > last) return [];
    const response = await ctx.api.getSlots(
      { serviceId, providerId, from, to: last, timeZone: ctx.clinic.timeZone },
      signal,
    );
    slots = [...response.slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    ctx.slotCache.set(key, { at: now, slots });
  }
  return slots.filter((slot) => Date.parse(slot.start) > now);
}

/**
 * Forgets cached slots of a service (after a 409 or a booking), so the next view refetches.
 *
 * @example
 * invalidateSlots(ctx, "svc-massage");
 */
export function invalidateSlots(ctx: WidgetContext, serviceId: string): void {
  for (const key of [...ctx.slotCache.keys()]) {
    if (key.startsWith(`${serviceId}|`)) ctx.slotCache.delete(key);
  }
}

/**
 * Groups slots by their local day in a time zone.
 *
 * @example
 * slotsByDay(slots, "Europe/Lisbon").get("2026-03-03"); // the slots of 3 March
 */
export function slotsByDay(slots: readonly Slot[], timeZone: string): Map<string, Slot[]> {
  const days = new Map<string, Slot[]>();
  for (const slot of slots) {
    const day = dayKeyOf(slot.start, timeZone);
    const list = days.get(day);
    if (list) list.push(slot);
    else days.set(day, [slot]);
  }
  return days;
}

/**
 * The free slots nearest in time to a wanted start (excluding it), nearest first.
 *
 * @example
 * nearestSlots(slots, "2026-03-03T09:30:00+00:00", 3);
 */
export function nearestSlots(slots: readonly Slot[], wanted: string, count: number): Slot[] {
  const target = Date.parse(wanted);
  return slots
    .filter((slot) => Date.parse(slot.start) !== target)
    .sort(
      (a, b) =>
        Math.abs(Date.parse(a.start) - target) - Math.abs(Date.parse(b.start) - target) ||
        Date.parse(a.start) - Date.parse(b.start),
    )
    .slice(0, count);
}

/**
 * Free times near a wanted start, fetched fresh: its month and the next, nearest first.
 *
 * @example
 * const alternatives = await findAlternatives(ctx, "svc-massage", "any", slot.start);
 */
export async function findAlternatives(
  ctx: WidgetContext,
  serviceId: string,
  providerId: string,
  wanted: string,
): Promise<Slot[]> {
  invalidateSlots(ctx, serviceId);
  const day = dayKeyOf(wanted, ctx.clinic.timeZone);
  const months = [day.slice(0, 7), addDays(`${day.slice(0, 7)}-28`, 7).slice(0, 7)];
  const all: Slot[] = [];
  for (const month of months) {
    all.push(...(await monthSlots(ctx, serviceId, providerId, month)));
    if (all.length >= 3) break;
  }
  return nearestSlots(all, wanted, 3);
}

/**
 * Whether a refused hold or move means "this time cannot be had": taken meanwhile (409
 * SLOT_TAKEN) or no longer bookable, e.g. it passed or became too soon while the page was open
 * (422 BOOKING_RULE_VIOLATED). Either way the patient is offered the nearest free times.
 *
 * @example
 * if (unavailable(error)) showNearest(slot, error);
 */
export function unavailable(error: unknown): error is BookwellApiError {
  return (
    error instanceof BookwellApiError &&
    (error.code === "SLOT_TAKEN" || error.code === "BOOKING_RULE_VIOLATED")
  );
}
