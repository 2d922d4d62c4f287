// A service's rules for the engine: the cancellation policy and the other status-machine fields
// are kept in `service.policies` under the engine's own field names (`cancellationPolicy`,
// `noShowFee`, `billingItems`, `taxRateBp`, `feeTaxRateBp`), and every decision is the engine's
// (`evaluateCancellation`, `evaluateReschedule`, `transition`).

import {
  type BookingTerms,
  bookingTerms,
  type CancellationPolicy,
  type CancellationVerdict,
  cancellationPolicySchema,
  evaluateCancellation,
  evaluateOnlineBookingBlock,
  evaluateReschedule,
  onlineBookingBlockRuleSchema,
  type RescheduleVerdict,
  type ServiceRulesInput,
} from "@bookwell/engine";
import type { AppointmentRecord, ServiceRecord } from "../storage/storage.js";
import { offeredOnline } from "./scheduling.js";

/**
 * The cancellation policy stored on a service, or `undefined` (the engine's default: free until the
 * start, online allowed).
 *
 * @example
 * policyOf(service)?.freeUntilHoursBefore; // 24
 */
export function policyOf(service: ServiceRecord): CancellationPolicy | undefined {
  const parsed = cancellationPolicySchema.safeParse(service.policies.cancellationPolicy);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The service as the engine's status machine reads it: its fields plus `service.policies`.
 *
 * @example
 * transition(appointment, "cancel", { now, actor, service: serviceRules(service) });
 */
export function serviceRules(service: ServiceRecord): ServiceRulesInput {
  const { policies, ...rest } = service;
  return { ...rest, ...(policies as Record<string, unknown>) } as ServiceRulesInput;
}

/**
 * The fields of a stored visit the policy rules read: start, status and the free-cancellation
 * deadline a late online move carried over.
 *
 * @example
 * policyAppointment(record); // { start, status, freeCancellationUntil? }
 */
export function policyAppointment(
  appointment: Pick<AppointmentRecord, "start" | "status" | "freeCancellationUntil">,
): { start: string; status: AppointmentRecord["status"]; freeCancellationUntil?: string } {
  const carried = appointment.freeCancellationUntil;
  return {
    start: appointment.start,
    status: appointment.status,
    ...(carried ? { freeCancellationUntil: carried } : {}),
  };
}

/**
 * Whether a visit may be canceled at `now` and the fee, by the engine's policy rules.
 *
 * @example
 * cancellationVerdict(appointment, service, price, now, "online").allowed;
 */
export function cancellationVerdict(
  appointment: Pick<AppointmentRecord, "start" | "status" | "freeCancellationUntil">,
  service: ServiceRecord,
  price: { amount: number; currency: string },
  now: Date,
  channel: "online" | "staff",
): CancellationVerdict {
  const policy = policyOf(service);
  return evaluateCancellation({
    appointment: policyAppointment(appointment),
    ...(policy ? { policy } : {}),
    price,
    now: now.toISOString(),
    channel,
  });
}

/** {@link rescheduleVerdict}'s answer: the engine's, plus the service no longer bookable online. */
export type OnlineRescheduleVerdict = Omit<RescheduleVerdict, "reason"> & {
  reason: RescheduleVerdict["reason"] | "NOT_BOOKABLE_ONLINE";
};

/**
 * Whether the patient may move a visit at `now` (no fee for moving). A service the clinic has
 * since taken off online booking cannot be moved online (the new time would be refused), though
 * the visit can still be canceled by the policy.
 *
 * @example
 * rescheduleVerdict(appointment, service, now).allowed;
 */
export function rescheduleVerdict(
  appointment: Pick<AppointmentRecord, "start" | "status" | "freeCancellationUntil">,
  service: ServiceRecord,
  now: Date,
): OnlineRescheduleVerdict {
  const policy = policyOf(service);
  const verdict = evaluateReschedule({
    appointment: policyAppointment(appointment),
    ...(policy ? { policy } : {}),
    now: now.toISOString(),
    channel: "online",
  });
  if (verdict.allowed && !offeredOnline(service)) {
    return { ...verdict, allowed: false, reason: "NOT_BOOKABLE_ONLINE" };
  }
  return verdict;
}

/** What the patient may still do with a booking through its link (the public `policy`). */
export interface PatientPolicy {
  canCancel: boolean;
  canReschedule: boolean;
  cancellationFee: { amount: number; currency: string } | null;
  /** When free cancellation ends, in the clinic's zone; `null` when there is no such window. */
  freeUntil: string | null;
  /** Why an action is not allowed, in words for the patient. */
  reason?: string;
}

/** Plain-words explanation of a refusal reason, for `policy.reason` and problem details. */
export const REASON_TEXT: Readonly<Record<string, string>> = {
  STATUS_NOT_CANCELABLE: "This visit is no longer booked.",
  STATUS_NOT_CHANGEABLE: "This visit is no longer booked.",
  ONLINE_CANCELLATION_DISABLED: "This visit cannot be canceled online; please call the clinic.",
  ALREADY_STARTED: "This visit has already started.",
  SELF_SERVICE_CUTOFF: "It is too close to the visit to change it online; please call the clinic.",
  LATE_ONLINE_CANCELLATION_DISABLED:
    "The free cancellation window has passed; please call the clinic to cancel.",
  NOT_BOOKABLE_ONLINE:
    "This service can no longer be booked online; please call the clinic to move it.",
  MOVED: "This visit was moved; change it from the link in the latest e-mail about it.",
};

/**
 * Whether a patient may book `service` online after their no-shows, by the service's
 * `policies.onlineBookingBlock` rule (`{ afterNoShows, withinDays, clearedAt? }`); no rule, no block.
 *
 * @example
 * onlineBlock(service, "cli_1", history, now); // { blocked: true, until: "2026-05-12T09:00:00.000Z" }
 */
export function onlineBlock(
  service: ServiceRecord,
  clientId: string,
  history: readonly Pick<AppointmentRecord, "id" | "start" | "status">[],
  now: Date,
): { blocked: boolean; until: string | null } {
  const rule = onlineBookingBlockRuleSchema.safeParse(service.policies.onlineBookingBlock);
  if (!rule.success) return { blocked: false, until: null };
  const verdict = evaluateOnlineBookingBlock({
    clientId,
    appointments: history.map((a) => ({ id: a.id, start: a.start, status: a.status, clientId })),
    rule: rule.data,
    now: now.toISOString(),
  });
  return { blocked: verdict.blocked, until: verdict.until };
}

/**
 * The cancellation terms of booking `start` at `now` by the service's policy (the engine's
 * `bookingTerms`): until when cancelling is free, the fee after that, whether it applies from the
 * booking on and whether the patient must consent; `freeUntil` in `zone` when given.
 *
 * @example
 * termsOf(service, "2026-03-10T15:00:00Z", { amount: 4500, currency: "EUR" }, now, "Europe/Lisbon").feeFromBooking;
 */
export function termsOf(
  service: ServiceRecord,
  start: string,
  price: { amount: number; currency: string },
  now: Date,
  zone?: string,
  freeCancellationUntil?: string,
): BookingTerms {
  const policy = policyOf(service);
  return bookingTerms({
    start,
    now: now.toISOString(),
    price,
    ...(policy ? { policy } : {}),
    ...(zone ? { timeZone: zone } : {}),
    ...(freeCancellationUntil ? { freeCancellationUntil } : {}),
  });
}
