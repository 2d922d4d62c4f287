// How stored records look on the public routes. Nothing private (notes, messages, ids of other
// clients) ever leaves through these functions.

import { feeFor, type Slot } from "@bookwell/engine";
import type { AppointmentRecord, ServiceRecord } from "../storage/storage.js";
import { type Intake, intakeOf } from "./intake.js";
import type { PaymentAsked } from "./online-payment-rule.js";
import { policyOf } from "./policy.js";
import { formatIn } from "./scheduling.js";
import { translated } from "./translations.js";

/** The contact details typed by the patient, kept on the appointment. */
export interface Contact {
  name: string;
  email: string;
  phone?: string;
}

/**
 * The contact typed on the booking form (empty strings where it has none).
 *
 * @example
 * contactOf(appointment); // { name: "Ana", email: "ana@example.com" }
 */
export function contactOf(a: Pick<AppointmentRecord, "contact">): Contact {
  const { name = "", email = "", phone } = a.contact ?? {};
  return { name, email, ...(phone ? { phone } : {}) };
}

/**
 * The price agreed at booking, else the service's price.
 *
 * @example
 * priceOf(appointment, service); // { amount: 3500, currency: "EUR" }
 */
export function priceOf(
  a: Pick<AppointmentRecord, "price">,
  service: ServiceRecord | undefined,
): { amount: number; currency: string } {
  if (a.price) return { ...a.price };
  return service ? { ...service.price } : { amount: 0, currency: "EUR" };
}

/**
 * A free time as the patient sees it, in `zone`.
 *
 * @example
 * presentSlot(slot, "Europe/Lisbon");
 */
export function presentSlot(s: Slot, zone: string) {
  return {
    start: formatIn(s.startMs, zone),
    end: formatIn(s.endMs, zone),
    providerId: s.providerId,
    resourceIds: s.resourceIds,
    remaining: s.remaining,
  };
}

/**
 * A service's cancellation policy as shown to patients (percent fees resolved on its price).
 *
 * @example
 * presentPolicy(service); // { freeUntilHoursBefore: 24, lateCancellation: "fee", lateFee: { amount: 2000, currency: "EUR" } }
 */
export function presentPolicy(service: ServiceRecord) {
  const policy = policyOf(service);
  if (!policy) {
    return { freeUntilHoursBefore: 0, lateCancellation: "free" as const, lateFee: null };
  }
  let lateFee: { amount: number; currency: string } | null = null;
  try {
    lateFee = feeFor(policy.lateFee, service.price);
  } catch {
    lateFee = null; // a fee in another currency than the price: shown as no fee rather than failing
  }
  const lateCancellation =
    policy.online === "never" || policy.online === "free_window_only"
      ? ("not_allowed" as const)
      : lateFee
        ? ("fee" as const)
        : ("free" as const);
  return { freeUntilHoursBefore: policy.freeUntilHoursBefore, lateCancellation, lateFee };
}

/**
 * A service as patients see it.
 *
 * @example
 * presentService(service, ["ana", "bruno"], "pt-PT", paymentAsked(storage, service, service.price));
 */
export function presentService(
  service: ServiceRecord,
  providerIds: string[],
  locale?: string,
  payment?: PaymentAsked,
) {
  const texts = translated(service, locale);
  return {
    id: service.id,
    name: texts.name,
    category: texts.category,
    discipline: service.discipline,
    description: texts.description,
    durationMinutes: service.durationMinutes,
    price: service.price,
    capacity: service.capacity,
    providerIds,
    cancellationPolicy: presentPolicy(service),
    leadTimeMinutes: service.leadTimeMinutes,
    horizonDays: service.horizonDays,
    ...intakeField(service),
    ...(payment ? { onlinePayment: payment } : {}),
  };
}

/** The service's intake questions and consents for the booking form, when it has any. */
function intakeField(service: ServiceRecord): { intake?: Intake } {
  const intake = intakeOf(service);
  return intake ? { intake } : {};
}
