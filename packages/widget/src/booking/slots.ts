import { BookwellApiError } from "../api/client.js";
import type { Service, Slot } from "../api/types.js";
import type { WidgetContext } from "../context.js";
import { addMonths, dayKeyOf, daysInMonth } from "../lib/dates.js";
import type { FlowControls, TakenState } from "./flow.js";

/** Slots are fetched again after this long (ms). */
const FRESH_FOR = 60_000;

/** How far ahead the calendar goes, in days, when the service does not say. */
export const HORIZON_DAYS = 365;

function cacheKey(serviceId: string, providerId: string, month: string): string {
  return `${serviceId}|${providerId}|${month}`;
}

/**
 * Free slots of a month ("YYYY-MM") from the cache or the server; past times are dropped. With a
 * manage `token` they come from that booking's own slots route (times to move it to). A request
 * on its way is shared: a second asker waits for it (its `signal` only stops it from asking).
 *
 * @example
 * const slots = await monthSlots(ctx, "svc-massage", "any", "2026-03", signal);
 * const classes = await monthSlots(ctx, "svc-pilates", "any", "2026-03", signal, undefined, true);
 */
export async function monthSlots(
  ctx: WidgetContext,
  serviceId: string,
  providerId: string,
  month: string,
  signal?: AbortSignal,
  token?: string,
  includeFull = false,
): Promise<Slot[]> {
  signal?.throwIfAborted();
  // A manage token (43 random characters) never equals a provider id.
  const key = cacheKey(serviceId, token || providerId, month);
  const now = ctx.now();
  const cached = ctx.slotCache.get(key);
  let slots: Promise<Slot[]>;
  if (cached && now - cached.at < FRESH_FOR) {
    // Fetched, or still on its way (a second asker joins the request instead of sending another).
    slots = cached.slots;
  } else {
    const today = dayKeyOf(now, ctx.clinic.timeZone);
    const first = `${month}-01`;
    const last = `${month}-${String(daysInMonth(month)).padStart(2, "0")}`;
    const from = first < today ? today : first;
    if (from > last) return [];
    const days = { from, to: last, timeZone: ctx.clinic.timeZone };
    // A class's full times come too (`remaining: 0`), to be shown as full rather than missing.
    const full = includeFull ? { includeFull: "true" as const } : {};
    // The manage route knows the booking's service and provider itself. The request may be
    // shared by several askers, so none of their signals aborts it.
    slots = ctx.api
      .getSlots(token ? days : { serviceId, providerId, ...days, ...full }, undefined, token)
      .then((response) =>
        [...response.slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start)),
      );
    const entry = { at: now, slots };
    ctx.slotCache.set(key, entry);
    // A failed request is forgotten, so the next asker tries again.
    slots.catch(() => {
      if (ctx.slotCache.get(key) === entry) ctx.slotCache.delete(key);
    });
  }
  return (await slots).filter((slot) => Date.parse(slot.start) > now);
}

/**
 * The first day ("YYYY-MM-DD") a service's notice (lead time) allows, in the clinic's zone.
 *
 * @example
 * firstBookableDay(ctx, { leadTimeMinutes: 120 }); // "2026-03-03"
 */
export function firstBookableDay(
  ctx: WidgetContext,
  limits: Pick<Service, "leadTimeMinutes"> | null | undefined,
): string {
  return dayKeyOf(ctx.now() + (limits?.leadTimeMinutes ?? 0) * 60_000, ctx.clinic.timeZone);
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
 * The free slots nearest in time to a wanted start (excluding it and full classes), nearest first.
 *
 * @example
 * nearestSlots(slots, "2026-03-03T09:30:00+00:00", 3);
 */
export function nearestSlots(slots: readonly Slot[], wanted: string, count: number): Slot[] {
  const target = Date.parse(wanted);
  return slots
    .filter((slot) => Date.parse(slot.start) !== target && slot.remaining !== 0)
    .sort(
      (a, b) =>
        Math.abs(Date.parse(a.start) - target) - Math.abs(Date.parse(b.start) - target) ||
        Date.parse(a.start) - Date.parse(b.start),
    )
    .slice(0, count);
}

/**
 * Free times near a wanted start, fetched fresh: its month and the next, nearest first (with a
 * manage `token`, times to move that booking to).
 *
 * @example
 * const alternatives = await findAlternatives(ctx, "svc-massage", "any", slot.start);
 */
export async function findAlternatives(
  ctx: WidgetContext,
  serviceId: string,
  providerId: string,
  wanted: string,
  token?: string,
): Promise<Slot[]> {
  invalidateSlots(ctx, serviceId);
  const day = dayKeyOf(wanted, ctx.clinic.timeZone);
  const months = [day.slice(0, 7), addMonths(day, 1).slice(0, 7)];
  const all: Slot[] = [];
  for (const month of months) {
    all.push(...(await monthSlots(ctx, serviceId, providerId, month, undefined, token)));
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

/**
 * What a refused hold or move leaves the patient: `show` gets the server's alternatives that are
 * still ahead at once, and, when there are none, the nearest free times fetched fresh (`fetched`).
 *
 * @example
 * await offerNearest(ctx, slot, error, "svc-massage", "any", undefined, (taken) => setTaken(taken));
 */
export async function offerNearest(
  ctx: WidgetContext,
  wanted: Slot,
  error: BookwellApiError,
  serviceId: string,
  providerId: string,
  token: string | undefined,
  show: (taken: TakenState, fetched: boolean) => void,
): Promise<void> {
  const now = ctx.now();
  const given = error.problem.alternatives?.filter((slot) => Date.parse(slot.start) > now) ?? [];
  const gone = error.code !== "SLOT_TAKEN";
  const full = error.problem.violations?.some((v) => v.code === "CAPACITY") === true;
  show({ wanted, gone, full, alternatives: given.length > 0 ? given : null }, false);
  if (given.length === 0) {
    const found = await findAlternatives(ctx, serviceId, providerId, wanted.start, token).catch(
      () => [],
    );
    show({ wanted, gone, full, alternatives: found }, true);
  }
}

/**
 * The first month after `month` (up to `lastMonth`) with a free time after `now`, else null: the
 * target of "show the next month with free times" when a month has none. Months are fetched one
 * by one through the same cache as the calendar.
 *
 * @example
 * await nextMonthWithTimes(ctx, "svc-massage", "any", "2026-03", "2027-03");
 */
export async function nextMonthWithTimes(
  ctx: WidgetContext,
  serviceId: string,
  providerId: string,
  month: string,
  lastMonth: string,
  signal?: AbortSignal,
  token?: string,
): Promise<string | null> {
  const now = ctx.now();
  for (let m = addMonths(`${month}-01`, 1).slice(0, 7); m <= lastMonth; ) {
    const slots = await monthSlots(ctx, serviceId, providerId, m, signal, token);
    if (slots.some((slot) => Date.parse(slot.start) > now)) return m;
    m = addMonths(`${m}-01`, 1).slice(0, 7);
  }
  return null;
}

/**
 * Shows a refused time (taken, passed or too soon) with the nearest free times, after forgetting
 * the service's cached times: the flow's "taken" panel, filled in once the times have loaded.
 *
 * @example
 * await showTaken(ctx, controls, slot, error);
 */
export function showTaken(
  ctx: WidgetContext,
  controls: FlowControls,
  wanted: Slot,
  error: BookwellApiError,
): Promise<void> {
  const { flow } = controls;
  controls.invalidate();
  return offerNearest(
    ctx,
    wanted,
    error,
    controls.service.id,
    flow.providerId.value,
    undefined,
    (taken, fetched) => {
      // Fetched times only answer the refusal still shown.
      if (!fetched || flow.taken.value?.wanted === wanted) flow.taken.value = taken;
    },
  );
}
