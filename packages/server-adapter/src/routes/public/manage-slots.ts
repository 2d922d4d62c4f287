// Free times for moving a booking from its manage link: the booking's own service and provider
// choice, with the visit itself left out of the busy time so it never blocks its own new time.

import { canonicalZone } from "@bookwell/engine";
import { catalogService, linkedVisit, rescheduleChoice } from "../../services/bookings.js";
import { rescheduleVerdict } from "../../services/policy.js";
import { NO_STORE } from "../command-reply.js";
import { ok } from "../responses.js";
import { manageSlotsQuery, slotsResponse, tokenParam } from "../schemas/public.js";
import { publicRoute } from "./shared.js";
import { answerSlots } from "./slots.js";

/** `GET /v1/manage/:token/slots` */
export const listManagedSlots = publicRoute({
  method: "get",
  path: "/v1/manage/:token/slots",
  operationId: "listManagedBookingSlots",
  summary: "Free times to move the booking to",
  description:
    "Like `GET /v1/slots` for the booking's service and provider (any available, if it was booked with any), except that the visit being moved does not count as busy: a time overlapping it is offered. No times when the booking can no longer be rescheduled online (see the manage view's policy). Changes nothing.",
  params: tokenParam,
  query: manageSlotsQuery,
  responses: ok("Free times, sorted", slotsResponse, {
    404: "Unknown or expired link (indistinguishable)",
  }),
  handler: async ({ params, query }, ctx) => {
    // The link's own visit: once moved, its link offers nothing (the moved visit has its own).
    const booking = await linkedVisit(ctx, params.token);
    const { catalog, service } = await catalogService(ctx, booking.serviceId);
    if (!rescheduleVerdict(booking, service, ctx.now).allowed) {
      // Canceled, moved, too late or no longer bookable online: nothing it could move to (the
      // manage view's policy says why).
      return {
        status: 200,
        headers: NO_STORE,
        body: { timeZone: canonicalZone(query.timeZone ?? ctx.clinic.timeZone), slots: [] },
      };
    }
    return answerSlots(ctx, service, catalog, {
      providerId: rescheduleChoice(booking),
      from: query.from,
      to: query.to,
      timeZone: query.timeZone,
      excludeAppointmentIds: [booking.id],
    });
  },
});
