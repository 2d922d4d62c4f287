// Public booking and the manage link (view, reschedule, cancel, calendar file).

import { buildCalendarFile } from "../../notify/invite.js";
import { calendarIdentity } from "../../notify/lineage.js";
import {
  bookOnline,
  byToken,
  cancelByToken,
  manageView,
  rescheduleByToken,
  type VisitView,
} from "../../services/bookings.js";
import type { RequestContext } from "../../services/context.js";
import { type PaymentAsked, paymentAsked } from "../../services/online-payment-rule.js";
import { priceOf } from "../../services/present.js";
import type { Storage } from "../../storage/storage.js";
import { NO_STORE } from "../command-reply.js";
import { routesAt } from "../group.js";
import { canceledReply, movedReply, presentBooking, presentManaged } from "../present.js";
import { created, file, ok } from "../responses.js";
import {
  bookingCreatedResponse,
  bookingResponse,
  cancelBody,
  cancelResponse,
  createBookingBody,
  manageResponse,
  rescheduleBody,
  tokenParam,
} from "../schemas/public.js";
import { publicRoute } from "./shared.js";

/** What the new visit asks to be paid online, at its own (provider's) price. */
function paymentOf(booked: VisitView, storage: Storage): { payment?: PaymentAsked } {
  if (!booked.service) return {};
  const asked = paymentAsked(storage, booked.service, priceOf(booked.appointment, booked.service));
  return asked ? { payment: asked } : {};
}

/** `POST /v1/bookings` */
export const createBooking = publicRoute({
  method: "post",
  path: "/v1/bookings",
  operationId: "createBooking",
  summary: "Book a visit",
  description:
    "Checked with the engine inside one transaction (online: every violation blocks). Send an `Idempotency-Key` so a retry never books twice.",
  body: createBookingBody,
  idempotent: true,
  responses: created("The booking and its manage token (shown once)", bookingCreatedResponse, {
    409: "SLOT_TAKEN (with `alternatives`) or HOLD_EXPIRED",
    422: "BOOKING_RULE_VIOLATED (with the engine's `violations`) or POLICY_CONSENT_REQUIRED (a fee applies from booking and `policyConsent` is not true; with `terms`)",
  }),
  run: ({ body }, ctx, respond) => bookOnline(ctx, body, respond),
  reply: (booked: VisitView, ctx: RequestContext) => ({
    status: 201,
    body: {
      booking: presentBooking(booked, ctx.clinic),
      manageToken: booked.manageToken,
      ...(booked.terms ? { terms: booked.terms } : {}),
      ...paymentOf(booked, ctx.app.storage),
    },
  }),
});

/** The routes of a manage link. */
const manage = routesAt(publicRoute, "/v1/manage/:token", tokenParam);

/** `GET /v1/manage/:token` */
export const getManaged = manage.get("", {
  operationId: "getManagedBooking",
  summary: "The booking behind a manage link and what the patient may do",
  responses: ok("The booking and its policy", manageResponse, {
    404: "Unknown or expired link (indistinguishable)",
  }),
  handler: async ({ params }, ctx) => ({
    status: 200,
    headers: NO_STORE,
    body: presentManaged(await manageView(ctx, params.token), ctx.clinic),
  }),
});

/** `POST /v1/manage/:token/reschedule` */
export const rescheduleManaged = manage.post("/reschedule", {
  operationId: "rescheduleManagedBooking",
  summary: "Move the booking to another time (the old visit becomes `rebooked`)",
  body: rescheduleBody,
  idempotent: true,
  responses: ok("The new visit", bookingResponse, {
    409: "SLOT_TAKEN or RESCHEDULE_NOT_ALLOWED",
  }),
  run: ({ params, body }, ctx, respond) => rescheduleByToken(ctx, params.token, body, respond),
  reply: movedReply,
});

/** `POST /v1/manage/:token/cancel` */
export const cancelManaged = manage.post("/cancel", {
  operationId: "cancelManagedBooking",
  summary: "Cancel the booking under the service's policy; reports any fee",
  body: cancelBody,
  idempotent: true,
  responses: ok("The canceled booking and the fee (null = free)", cancelResponse, {
    409: "CANCELLATION_NOT_ALLOWED",
  }),
  run: ({ params, body }, ctx, respond) => cancelByToken(ctx, params.token, body, respond),
  reply: canceledReply,
});

/** `GET /v1/manage/:token/ics` */
export const managedIcs = manage.get("/ics", {
  operationId: "getManagedBookingIcs",
  summary: "The visit as an iCalendar file",
  responses: file("text/calendar", "text/calendar"),
  handler: async ({ params }, ctx) => {
    const a = await byToken(ctx, params.token);
    const [service, provider, identity] = await Promise.all([
      ctx.app.storage.getService(ctx.clinic.id, a.serviceId),
      ctx.app.storage.getCalendar(ctx.clinic.id, a.calendarIds[0] ?? ""),
      // The same UID and SEQUENCE as the e-mailed invites, so a rescheduled visit updates the
      // event in the patient's calendar instead of adding a second one.
      calendarIdentity(ctx.app.storage, ctx.clinic.id, a.id),
    ]);
    const summary = `${service?.name ?? "Visit"} — ${ctx.clinic.name}`;
    const text = buildCalendarFile({
      uid: identity?.uid ?? `${a.id}@bookwell`,
      sequence: identity?.sequence ?? a.version - 1,
      method: a.status === "canceled" || a.status === "rebooked" ? "CANCEL" : "REQUEST",
      start: a.start,
      end: a.end,
      stamp: a.updatedAt,
      title: summary,
      ...(provider?.name ? { description: `With ${provider.name}` } : {}),
      ...(ctx.clinic.address ? { location: ctx.clinic.address } : {}),
      organizer: { name: ctx.clinic.name },
      attendee: { name: "" },
    });
    return {
      status: 200,
      text,
      contentType: "text/calendar; charset=utf-8",
      headers: {
        "content-disposition": 'attachment; filename="visit.ics"',
        "cache-control": "no-store",
      },
    };
  },
});
