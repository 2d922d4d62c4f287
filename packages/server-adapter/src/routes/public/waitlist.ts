// The public waitlist: join when no time suits, see or leave the entry by its token, see and
// confirm an offered time by the offer link.

import type { RequestContext } from "../../services/context.js";
import {
  type ConfirmedOffer,
  confirmOffer,
  type JoinedEntry,
  joinWaitlist,
  leaveByToken,
  type OfferView,
  offerView,
  waitlistEntryView,
} from "../../services/waitlist.js";
import type { WaitlistEntryRecord } from "../../storage/storage.js";
import { NO_STORE, replyAs } from "../command-reply.js";
import { routesAt } from "../group.js";
import { presentBooking } from "../present.js";
import { created, ok } from "../responses.js";
import {
  confirmOfferBody,
  entryResponse,
  joinedResponse,
  joinWaitlistBody,
  offerBookedResponse,
  offerResponse,
  waitlistTokenParam,
} from "../schemas/waitlist.js";
import { presentEntry, presentOffer } from "../waitlist-present.js";
import { publicRoute } from "./shared.js";

/** The answer to a token no entry or offer of this clinic has. */
const UNKNOWN = "Unknown token";

/** `POST /v1/waitlist` */
export const joinWaitlistRoute = publicRoute({
  method: "post",
  path: "/v1/waitlist",
  operationId: "joinWaitlist",
  summary: "Join the waitlist of a service (optionally a provider, weekdays, time of day, dates)",
  description:
    "When a time that matches frees up, the clinic offers it by e-mail/SMS: to the first in line with the time held for them, or to everyone waiting at once (the clinic's choice).",
  body: joinWaitlistBody,
  idempotent: true,
  responses: created("The entry and its token (shown once)", joinedResponse, {
    404: "NOT_FOUND: no online-bookable service / provider with that id",
  }),
  run: ({ body }, ctx, respond) => joinWaitlist(ctx, body, respond),
  reply: (joined: JoinedEntry, ctx: RequestContext) => ({
    status: 201,
    body: { entry: presentEntry(joined.entry, ctx.clinic.timeZone), token: joined.token },
  }),
});

/** The answer naming a waitlist entry, in the clinic's time zone. */
function entryReply(headers?: Record<string, string>) {
  return replyAs(
    200,
    "entry",
    (entry: WaitlistEntryRecord, ctx) => presentEntry(entry, ctx.clinic.timeZone),
    headers,
  );
}

/** The routes of a waitlist entry's token. */
const entry = routesAt(publicRoute, "/v1/waitlist/:token", waitlistTokenParam);

/** `GET /v1/waitlist/:token` */
export const getWaitlistEntry = entry.get("", {
  operationId: "getWaitlistEntry",
  summary: "The waitlist entry behind a token",
  responses: ok("The entry", entryResponse, {
    404: "Unknown token (also another clinic's)",
  }),
  load: ({ params }, ctx) => waitlistEntryView(ctx, params.token),
  reply: entryReply(NO_STORE),
});

/** `DELETE /v1/waitlist/:token` */
export const leaveWaitlistRoute = entry.delete("", {
  operationId: "leaveWaitlist",
  summary: "Leave the waitlist (open offers are withdrawn)",
  responses: { 200: { description: "The entry, now `left`", schema: entryResponse }, 404: UNKNOWN },
  run: ({ params }, ctx) => leaveByToken(ctx, params.token),
  reply: entryReply(),
});

/** The routes of a waitlist offer link. */
const offer = routesAt(publicRoute, "/v1/waitlist-offers/:token", waitlistTokenParam);

/** `GET /v1/waitlist-offers/:token` */
export const getWaitlistOffer = offer.get("", {
  operationId: "getWaitlistOffer",
  summary: "The time offered by a waitlist offer link",
  responses: { 200: { description: "The offer", schema: offerResponse }, 404: UNKNOWN },
  load: ({ params }, ctx) => offerView(ctx, params.token),
  reply: replyAs(
    200,
    "offer",
    ({ offer, terms }: OfferView, ctx) => ({ ...presentOffer(offer, ctx.clinic.timeZone), terms }),
    NO_STORE,
  ),
});

/** `POST /v1/waitlist-offers/:token/confirm` */
export const confirmWaitlistOffer = offer.post("/confirm", {
  operationId: "confirmWaitlistOffer",
  summary: "Book the offered time",
  description:
    "Books through the same transaction as `POST /v1/bookings`, for the waiting patient. Racing confirmations of one time book it once.",
  body: confirmOfferBody,
  idempotent: true,
  responses: created("The booking and its manage token", offerBookedResponse, {
    404: UNKNOWN,
    409: "OFFER_UNAVAILABLE (`reason`: lapsed, booked, taken, withdrawn, left) or SLOT_TAKEN (someone confirmed first)",
  }),
  run: ({ params, body }, ctx, respond) => confirmOffer(ctx, params.token, body, respond),
  reply: (booked: ConfirmedOffer, ctx: RequestContext) => ({
    status: 201,
    body: { booking: presentBooking(booked, ctx.clinic), manageToken: booked.manageToken },
  }),
});
