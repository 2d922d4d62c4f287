// Public free times, from the engine's computeSlots with appointments and live holds as busy.

import { canonicalZone } from "@bookwell/engine";
import { readFreeSlots } from "../../commands/slots.js";
import { BookwellError } from "../../errors.js";
import { withCurrentCatalog } from "../../services/catalog.js";
import type { RequestContext } from "../../services/context.js";
import { presentSlot } from "../../services/present.js";
import type { CatalogView, SlotSearch } from "../../services/scheduling.js";
import { notOnlineBookable, offeredOnline, unknownProvider } from "../../services/scheduling.js";
import type { CalendarRecord, ServiceRecord } from "../../storage/storage.js";
import { NO_STORE } from "../command-reply.js";
import type { Reply } from "../define.js";
import { ok } from "../responses.js";
import { listSlotsQuery, slotsResponse } from "../schemas/public.js";
import { publicRoute } from "./shared.js";

/**
 * The `GET /v1/slots` answer for a search: free times from the engine in the search's zone
 * (default the clinic's, in its canonical spelling), never cached. `GET /v1/manage/:token/slots`
 * answers through it too, with the visit being moved excluded.
 *
 * @example
 * return answerSlots(ctx, service, catalog, { providerId: "any", from: "2026-03-09", to: "2026-03-15" });
 */
export async function answerSlots(
  ctx: RequestContext,
  service: ServiceRecord,
  catalog: CatalogView,
  search: SlotSearch,
): Promise<Reply> {
  // Zone names are matched without regard to case; answer with the canonical spelling.
  const zone = canonicalZone(search.timeZone ?? (catalog.clinic ?? ctx.clinic).timeZone);
  const slots = await readFreeSlots(ctx, service, { ...search, timeZone: zone }, catalog);
  return {
    status: 200,
    headers: NO_STORE,
    body: { timeZone: zone, slots: slots.map((s) => presentSlot(s, zone)) },
  };
}

/** `GET /v1/slots` */
export const listSlots = publicRoute({
  method: "get",
  path: "/v1/slots",
  operationId: "listSlots",
  summary: "Free start times of a service between two local days",
  description:
    "Past and too-soon times never appear; held and booked times are not offered. Times are in `timeZone` (default the clinic's). With `includeFull=true`, full classes are listed with `remaining: 0`.",
  query: listSlotsQuery,
  responses: ok("Free times, sorted", slotsResponse, {
    404: "Unknown service, provider or location (the field is named)",
  }),
  // The cached catalog, checked against the database's catalog version in the statement that
  // reads busy time (and before a 404 drawn from it): never stale, whichever process changed it.
  handler: ({ query }, ctx) =>
    withCurrentCatalog(ctx.app.cache, ctx.app.storage, ctx.clinic.id, async (catalog, confirm) => {
      const service = catalog.services.find((s) => s.id === query.serviceId);
      if (!service || !offeredOnline(service)) {
        await confirm();
        throw notOnlineBookable(query.serviceId);
      }
      const isProvider = (c: CalendarRecord | undefined) => c?.kind === "provider" && c.active;
      if (
        query.providerId !== "any" &&
        !isProvider(catalog.calendars.find((c) => c.id === query.providerId))
      ) {
        await confirm();
        // The same answer as a booking or hold with this providerId, not an empty list.
        throw unknownProvider(query.providerId);
      }
      if (
        query.locationId !== undefined &&
        !catalog.calendars.some((c) => c.locationId === query.locationId) &&
        !(await ctx.app.storage.listLocations(ctx.clinic.id)).some((l) => l.id === query.locationId)
      ) {
        // Not "no free times": a location the clinic does not have (an unknown id is 404).
        throw new BookwellError("NOT_FOUND", `No location with id ${query.locationId}`, {
          errors: [{ field: "locationId", message: "is not a location of this clinic" }],
        });
      }
      return answerSlots(ctx, service, catalog, {
        providerId: query.providerId,
        from: query.from,
        to: query.to,
        timeZone: query.timeZone,
        locationId: query.locationId,
        ...(query.includeFull === "true" ? { includeFull: true } : {}),
      });
    }),
});
