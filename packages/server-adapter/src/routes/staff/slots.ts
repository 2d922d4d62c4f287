// "Find a time" for staff: the engine's free times of a service on the calendars the caller may
// see, on the staff channel (services that are not bookable online included). The same
// findSlots as the public route; only the calendars it may look at differ.

import { canonicalZone } from "@bookwell/engine";
import { canAccessCalendar } from "../../auth/principal.js";
import { staffFreeSlots } from "../../commands/slots.js";
import type { UnitOfWork } from "../../commands/unit-of-work.js";
import { runCommand } from "../../commands/unit-of-work.js";
import { BookwellError } from "../../errors.js";
import { catalogService } from "../../services/bookings.js";
import type { RequestContext } from "../../services/context.js";
import { presentSlot } from "../../services/present.js";
import type { CatalogView } from "../../services/scheduling.js";
import { principalOf } from "../../services/staff-appointments.js";
import type { CalendarRecord } from "../../storage/storage.js";
import { ok } from "../responses.js";
import { slotsResponse } from "../schemas/public.js";
import { staffSlotsQuery } from "../schemas/staff.js";
import { staffRoute } from "./shared.js";

/**
 * The provider calendars a "find a time" names (the `calendarIds` list, else one `providerId`
 * other than `any`), in the order given without repeats; `null` means any. Each must be an active provider
 * calendar the caller may see, else 404 naming the field.
 *
 * @example
 * await namedProviders(ctx, catalog, { calendarIds: "ana,bruno" }); // [ana, bruno]
 */
export async function namedProviders(
  ctx: RequestContext,
  catalog: CatalogView,
  query: { calendarIds?: string | undefined; providerId?: string | undefined },
): Promise<CalendarRecord[] | null> {
  const field = query.calendarIds !== undefined ? "calendarIds" : "providerId";
  const raw = query.calendarIds ?? (query.providerId === "any" ? undefined : query.providerId);
  if (raw === undefined) return null;
  const list = field === "calendarIds" ? raw.split(",").map((s) => s.trim()) : [raw];
  const ids = [...new Set(list.filter(Boolean))];
  if (ids.length === 0) {
    throw new BookwellError("VALIDATION_FAILED", `Invalid query: ${field} names no calendar`, {
      errors: [{ field, message: "must name at least one provider calendar" }],
    });
  }
  const principal = principalOf(ctx);
  const out: CalendarRecord[] = [];
  for (const id of ids) {
    const calendar =
      catalog.calendars.find((c) => c.id === id) ??
      // The catalog may be a moment old: ask storage before saying no.
      (id.length <= 128 ? await ctx.app.storage.getCalendar(ctx.clinic.id, id) : undefined);
    if (calendar?.kind !== "provider" || !calendar.active || !canAccessCalendar(principal, id)) {
      // A provider asking for another's calendar gets the same answer as for an unknown one.
      throw new BookwellError("NOT_FOUND", `No provider calendar with id ${id}`, {
        errors: [{ field, message: `${id} is not a provider calendar you may see` }],
      });
    }
    out.push(calendar);
  }
  return out;
}

/** `GET /v1/staff/slots` */
export const staffSlots = staffRoute({
  method: "get",
  path: "/v1/staff/slots",
  operationId: "staffFindSlots",
  summary: "Find a time: free starts of a service across calendars, on the staff channel",
  description:
    "With `calendarIds` each named provider is searched on its own (a start free with two of them is listed twice, once per provider, by start then list order); with `providerId=any` or neither, each start appears once with the provider the engine assigns. Providers search only their granted calendars. Every rule applies (no overrides); services not bookable online are included.",
  query: staffSlotsQuery,
  responses: ok("Free times, sorted by start", slotsResponse, {
    404: "NOT_FOUND: unknown service, or a calendar you may not see",
  }),
  handler: async ({ query }, ctx) => {
    const { catalog, service } = await catalogService(ctx, query.serviceId);
    const named = await namedProviders(ctx, catalog, query);
    const zone = canonicalZone(query.timeZone ?? ctx.clinic.timeZone);
    const search = {
      from: query.from,
      to: query.to,
      timeZone: zone,
      locationId: query.locationId,
      channel: "staff" as const,
    };
    const find = (work: UnitOfWork) => staffFreeSlots(work, service, search, named, catalog);
    const slots = await runCommand(ctx, find);
    return {
      status: 200,
      headers: { "cache-control": "no-store" },
      body: { timeZone: zone, slots: slots.map((s) => presentSlot(s, zone)) },
    };
  },
});
