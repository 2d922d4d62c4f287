// How visits and holds look on the public routes: times in the clinic's zone, the patient's own
// contact and price, never notes or other patients' data.

import type { CanceledVisit, HeldTime, ManagedVisit, VisitView } from "../services/bookings.js";
import { contactOf, priceOf } from "../services/present.js";
import { formatIn } from "../services/scheduling.js";
import type { ClinicRecord } from "../storage/storage.js";
import type { Presenter } from "./command-reply.js";
import type { PublicBooking } from "./schemas/public.js";

/**
 * A booking as the patient sees it, times in the clinic's zone.
 *
 * @example
 * presentBooking({ appointment, service, provider }, clinic);
 */
export function presentBooking(
  { appointment: a, service, provider }: VisitView,
  clinic: ClinicRecord,
): PublicBooking {
  const contact = contactOf(a);
  return {
    id: a.id,
    status: a.status,
    serviceId: a.serviceId,
    serviceName: service?.name ?? "",
    providerId: a.calendarIds[0] ?? "",
    providerName: provider?.name ?? "",
    start: formatIn(a.start, clinic.timeZone),
    end: formatIn(a.end, clinic.timeZone),
    timeZone: clinic.timeZone,
    client: contact,
    price: priceOf(a, service),
  };
}

/**
 * The answer to a patient's reschedule (by manage link or from the patient page): the new visit
 * and its manage link, when it has one.
 *
 * @example
 * presentMoved(await rescheduleByToken(ctx, token, body), ctx.clinic);
 */
export function presentMoved(moved: VisitView, clinic: ClinicRecord) {
  return {
    booking: presentBooking(moved, clinic),
    ...(moved.manageToken ? { manageToken: moved.manageToken } : {}),
  };
}

/**
 * The answer to a patient's cancel (by manage link or from the patient page): the visit and the
 * fee the policy charged.
 *
 * @example
 * presentCanceled(await cancelByToken(ctx, token, body), ctx.clinic);
 */
export function presentCanceled(canceled: CanceledVisit, clinic: ClinicRecord) {
  return { booking: presentBooking(canceled, clinic), fee: canceled.fee, refund: canceled.refund };
}

/**
 * A hold as the patient sees it, with the cancellation terms of booking it.
 *
 * @example
 * presentHold(await placeHold(ctx, body), clinic.timeZone);
 */
export function presentHold({ hold: h, terms }: HeldTime, zone: string) {
  return {
    id: h.id,
    serviceId: h.serviceId,
    providerId: h.calendarIds[0] ?? "",
    start: formatIn(h.start, zone),
    end: formatIn(h.end, zone),
    expiresAt: formatIn(h.expiresAt, zone),
    terms,
  };
}

/**
 * The manage page's answer: the visit, what the patient may do now, and the service's booking
 * window for a reschedule calendar.
 *
 * @example
 * presentManaged(await manageView(ctx, token), ctx.clinic);
 */
export function presentManaged(view: ManagedVisit, clinic: ClinicRecord) {
  const { service } = view;
  return {
    booking: presentBooking(view, clinic),
    policy: view.policy,
    ...(view.payment ? { payment: view.payment } : {}),
    ...(view.refund ? { refund: view.refund } : {}),
    ...(service
      ? {
          bookingWindow: {
            leadTimeMinutes: service.leadTimeMinutes,
            horizonDays: service.horizonDays,
          },
        }
      : {}),
  };
}

/**
 * The reply to a patient's reschedule (by manage link or from the patient page): 200 with
 * {@link presentMoved}.
 *
 * @example
 * publicRoute({ …, run: ({ params, body }, ctx, respond) => rescheduleByToken(ctx, params.token, body, respond), reply: movedReply });
 */
export const movedReply: Presenter<VisitView> = (moved, ctx) => ({
  status: 200,
  body: presentMoved(moved, ctx.clinic),
});

/**
 * The reply to a patient's cancel (by manage link or from the patient page): 200 with
 * {@link presentCanceled}.
 *
 * @example
 * publicRoute({ …, run: ({ params, body }, ctx, respond) => cancelByToken(ctx, params.token, body, respond), reply: canceledReply });
 */
export const canceledReply: Presenter<CanceledVisit> = (canceled, ctx) => ({
  status: 200,
  body: presentCanceled(canceled, ctx.clinic),
});
