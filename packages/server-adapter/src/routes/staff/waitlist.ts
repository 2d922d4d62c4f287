// The waitlist for staff: who waits for what (per service and day), offer a time by hand, remove.

import type { MadeOffer } from "../../commands/waitlist.js";
import type { RequestContext } from "../../services/context.js";
import { offerByHand, removeEntry, staffWaitlist } from "../../services/waitlist.js";
import { NO_STORE } from "../command-reply.js";
import { created, ok } from "../responses.js";
import { idParam } from "../schemas/public.js";
import {
  entryResponse,
  offerResponse,
  staffOfferBody,
  staffRemoveQuery,
  staffWaitlistQuery,
  staffWaitlistResponse,
} from "../schemas/waitlist.js";
import { presentEntry, presentOffer, presentStaffEntry } from "../waitlist-present.js";
import { DESK, staffRoute } from "./shared.js";

/** `GET /v1/staff/waitlist` */
export const listWaitlist = staffRoute({
  method: "get",
  path: "/v1/staff/waitlist",
  operationId: "staffListWaitlist",
  summary:
    "Who waits, in line order (optionally one service, one provider, a day or a range of days), with their offers",
  roles: DESK,
  query: staffWaitlistQuery,
  responses: ok("The entries", staffWaitlistResponse),
  handler: async ({ query }, ctx) => {
    const { entries } = await staffWaitlist(ctx, query);
    return {
      status: 200,
      headers: NO_STORE,
      body: { entries: entries.map((e) => presentStaffEntry(e, ctx.clinic.timeZone)) },
    };
  },
});

/** `POST /v1/staff/waitlist/:id/offers` */
export const offerWaitlistTime = staffRoute({
  method: "post",
  path: "/v1/staff/waitlist/:id/offers",
  operationId: "staffOfferWaitlistTime",
  summary: "Offer a free time to one waiting patient by hand (held for the clinic's offer minutes)",
  roles: DESK,
  params: idParam,
  body: staffOfferBody,
  idempotent: true,
  responses: created("The offer (the patient gets the message)", offerResponse, {
    404: "NOT_FOUND: no waiting entry with that id",
    409: "SLOT_TAKEN: the time is not free",
  }),
  run: ({ params, body }, ctx, respond) => offerByHand(ctx, params.id, body, respond),
  reply: (made: MadeOffer, ctx: RequestContext) => ({
    status: 201,
    body: { offer: presentOffer(made.offer, ctx.clinic.timeZone) },
  }),
});

/** `DELETE /v1/staff/waitlist/:id` */
export const removeWaitlistEntry = staffRoute({
  method: "delete",
  path: "/v1/staff/waitlist/:id",
  operationId: "staffRemoveWaitlistEntry",
  summary: "Take a patient off the waitlist (open offers are withdrawn), with an optional reason",
  roles: DESK,
  params: idParam,
  query: staffRemoveQuery,
  responses: ok("The entry, now `left`", entryResponse, {
    404: "NOT_FOUND",
  }),
  handler: async ({ params, query }, ctx) => ({
    status: 200,
    body: {
      entry: presentEntry(
        await removeEntry(ctx, params.id, ctx.actor, query.reason),
        ctx.clinic.timeZone,
      ),
    },
  }),
});
