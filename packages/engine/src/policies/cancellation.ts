import { z } from "zod";
import { signedMoneySchema } from "../billing/money.js";
import {
  appointmentStatusSchema,
  channelSchema,
  instantSchema,
  type Money,
  timeZoneSchema,
} from "../model.js";
import { parseInstant } from "../time/zoned.js";
import { parseInput } from "../validate.js";
import { feeFor } from "./fee.js";
import { instantFormatter } from "./format.js";
import { cancellationPolicySchema } from "./schemas.js";

const HOUR = 3_600_000;

/** Statuses a visit can still be canceled or moved from. */
export const CHANGEABLE_STATUSES = new Set(["booked", "confirmed"] as const);

/** Why a cancellation is free, costs a fee or is refused. */
export type CancellationReason =
  | "FREE_WINDOW"
  | "LATE_FEE"
  | "LATE_NO_FEE"
  | "FEE_WAIVED"
  | "ONLINE_CANCELLATION_DISABLED"
  | "LATE_ONLINE_CANCELLATION_DISABLED"
  | "SELF_SERVICE_CUTOFF"
  | "ALREADY_STARTED"
  | "STATUS_NOT_CANCELABLE";

/** The verdict on a cancellation at `now`. */
export interface CancellationVerdict {
  allowed: boolean;
  /** Fee due if it goes ahead (`null` = free). */
  fee: Money | null;
  /** Last instant of free cancellation, or `null` without a policy window. */
  freeUntil: string | null;
  /** Last instant the client may change the visit online, or `null` when they never may. */
  selfServiceUntil: string | null;
  /** Past the free window. */
  late: boolean;
  reason: CancellationReason;
}

const appointmentPart = z
  .object({
    start: instantSchema,
    status: appointmentStatusSchema.default("booked"),
    /**
     * A free-cancellation deadline carried over from the visit this one was moved from, when that
     * move came after the old visit's free window (see {@link evaluateReschedule}): the free window
     * ends at the earlier of this and the policy's own deadline, so a late move never buys a new
     * free window.
     */
    freeCancellationUntil: instantSchema.optional(),
  })
  .passthrough();

/** The last instant of free cancellation: the policy's deadline or an earlier carried one. */
function freeUntilOf(
  appointment: { start: string; freeCancellationUntil?: string | undefined },
  freeUntilHoursBefore: number,
): number {
  const own = (parseInstant(appointment.start) as number) - freeUntilHoursBefore * HOUR;
  const carried = appointment.freeCancellationUntil;
  return carried === undefined ? own : Math.min(own, parseInstant(carried) as number);
}

const cancellationInputSchema = z.object({
  appointment: appointmentPart,
  /** The service's policy; omitted = free cancellation until the start, online allowed. */
  policy: cancellationPolicySchema.optional(),
  /** The visit's price, for percentage fees. */
  price: signedMoneySchema,
  now: instantSchema,
  channel: channelSchema,
  /** Staff waive the fee (ignored online). */
  waiveFee: z.boolean().default(false),
  /** Zone to print instants in; default UTC. */
  timeZone: timeZoneSchema.optional(),
});
/** What {@link evaluateCancellation} needs. */
export type CancellationInput = z.input<typeof cancellationInputSchema>;

/**
 * Decides whether a visit may be canceled at `now` through `channel`, and the fee. Free until
 * `freeUntilHoursBefore` real hours before the start (instant arithmetic, DST-safe); after that
 * the late fee applies (fixed, or a percentage of `price` rounded half away from zero). Online,
 * `policy.online` and the self-service cutoff may refuse it; staff may always cancel a booked or
 * confirmed visit, and may waive the fee.
 *
 * @example
 * evaluateCancellation({
 *   appointment: { start: "2026-03-10T09:00:00Z", status: "booked" },
 *   policy: { freeUntilHoursBefore: 24, lateFee: { type: "percent", basisPoints: 5000 } },
 *   price: { amount: 4500, currency: "EUR" }, now: "2026-03-09T12:00:00Z", channel: "online",
 * });
 * // { allowed: true, fee: { amount: 2250, currency: "EUR" }, late: true, reason: "LATE_FEE", freeUntil: "2026-03-09T09:00:00.000Z", ... }
 */
export function evaluateCancellation(raw: CancellationInput): CancellationVerdict {
  const input = parseInput(cancellationInputSchema, raw, "cancellation");
  const policy = input.policy ?? cancellationPolicySchema.parse({ freeUntilHoursBefore: 0 });
  const format = instantFormatter(input.timeZone);
  const start = parseInstant(input.appointment.start) as number;
  const now = parseInstant(input.now) as number;
  const freeUntilMs = freeUntilOf(input.appointment, policy.freeUntilHoursBefore);
  const cutoffMs = start - policy.selfServiceCutoffHours * HOUR;
  const online = input.channel === "online";
  const late = now > freeUntilMs;
  const base = {
    freeUntil: format(freeUntilMs),
    selfServiceUntil: policy.online === "never" ? null : format(Math.min(cutoffMs, start)),
    late,
  };
  const refuse = (reason: CancellationReason): CancellationVerdict => ({
    ...base,
    allowed: false,
    fee: null,
    reason,
  });
  if (!CHANGEABLE_STATUSES.has(input.appointment.status as "booked"))
    return refuse("STATUS_NOT_CANCELABLE");
  if (online) {
    if (policy.online === "never") return refuse("ONLINE_CANCELLATION_DISABLED");
    if (now >= start) return refuse("ALREADY_STARTED");
    if (now > cutoffMs) return refuse("SELF_SERVICE_CUTOFF");
    if (late && policy.online === "free_window_only")
      return refuse("LATE_ONLINE_CANCELLATION_DISABLED");
  }
  if (!late) return { ...base, allowed: true, fee: null, reason: "FREE_WINDOW" };
  const fee = feeFor(policy.lateFee, input.price, "policy.lateFee.amount");
  if (fee && input.waiveFee && !online)
    return { ...base, allowed: true, fee: null, reason: "FEE_WAIVED" };
  return { ...base, allowed: true, fee, reason: fee ? "LATE_FEE" : "LATE_NO_FEE" };
}

/** Why an online change (reschedule) is allowed or not. */
export type OnlineChangeReason =
  | "OK"
  | "SELF_SERVICE_CUTOFF"
  | "ALREADY_STARTED"
  | "STATUS_NOT_CHANGEABLE";

const changeInputSchema = cancellationInputSchema.pick({
  appointment: true,
  policy: true,
  now: true,
  channel: true,
  timeZone: true,
});
/** What {@link evaluateReschedule} needs. */
export type RescheduleInput = z.input<typeof changeInputSchema>;

/** The verdict on a move at `now`. */
export interface RescheduleVerdict {
  allowed: boolean;
  reason: OnlineChangeReason;
  /** Last instant the client may change the visit online. */
  cutoffAt: string;
  /**
   * Set when the move comes after the visit's free-cancellation window: the deadline the new
   * visit must keep as its `freeCancellationUntil`, so that moving late and then canceling costs
   * what canceling late costs. `null` for a move inside the free window.
   */
  carryFreeCancellationUntil: string | null;
}

/**
 * Decides whether a visit may be moved at `now`: staff may move any booked or confirmed visit;
 * online, the client may until the self-service cutoff (`selfServiceCutoffHours` real hours before
 * the start). A late move costs no fee (the cancellation fee is for cancellations), but it does not
 * buy a new free window: past the free window, the verdict names the deadline the new visit keeps.
 *
 * @example
 * evaluateReschedule({
 *   appointment: { start: "2026-03-10T09:00:00Z", status: "confirmed" },
 *   policy: { freeUntilHoursBefore: 24, selfServiceCutoffHours: 12 },
 *   now: "2026-03-09T22:00:00Z", channel: "online",
 * }); // { allowed: false, reason: "SELF_SERVICE_CUTOFF", cutoffAt: "2026-03-09T21:00:00.000Z", carryFreeCancellationUntil: "2026-03-09T09:00:00.000Z" }
 */
export function evaluateReschedule(raw: RescheduleInput): RescheduleVerdict {
  const input = parseInput(changeInputSchema, raw, "reschedule");
  const start = parseInstant(input.appointment.start) as number;
  const now = parseInstant(input.now) as number;
  const cutoffMs = start - (input.policy?.selfServiceCutoffHours ?? 0) * HOUR;
  const format = instantFormatter(input.timeZone);
  const cutoffAt = format(cutoffMs);
  const freeUntilMs = freeUntilOf(input.appointment, input.policy?.freeUntilHoursBefore ?? 0);
  const carryFreeCancellationUntil = now > freeUntilMs ? format(freeUntilMs) : null;
  const verdict = (allowed: boolean, reason: OnlineChangeReason): RescheduleVerdict => ({
    allowed,
    reason,
    cutoffAt,
    carryFreeCancellationUntil,
  });
  if (!CHANGEABLE_STATUSES.has(input.appointment.status as "booked"))
    return verdict(false, "STATUS_NOT_CHANGEABLE");
  if (input.channel === "staff") return verdict(true, "OK");
  if (now >= start) return verdict(false, "ALREADY_STARTED");
  if (now > cutoffMs) return verdict(false, "SELF_SERVICE_CUTOFF");
  return verdict(true, "OK");
}

/** Validates {@link bookingTerms}'s input: the time to book, the service's policy and price, `now`. */
export const termsInputSchema = cancellationInputSchema
  .pick({ policy: true, price: true, now: true, timeZone: true })
  .extend({ start: instantSchema, freeCancellationUntil: instantSchema.optional() });
/** What {@link bookingTerms} needs: the time to book and the service's policy and price. */
export type BookingTermsInput = z.input<typeof termsInputSchema>;

/** The cancellation terms a patient accepts by booking a time at `now`. */
export interface BookingTerms {
  /** Last instant of free cancellation, or `null` when cancelling is free until the start. */
  freeUntil: string | null;
  /** The fee for cancelling after `freeUntil` (`null` = late cancellation is free too). */
  lateFee: Money | null;
  /** Booking now is already past the free window: cancelling costs `lateFee` from the start. */
  feeFromBooking: boolean;
  /** A fee can apply to this booking, so the patient consents to the policy when booking. */
  consentRequired: boolean;
  /** What the patient may do online: `allowed`, `free_window_only` or `never`. */
  onlineCancellation: "allowed" | "free_window_only" | "never";
  /** Last instant the patient may change the visit online, or `null` when they never may. */
  selfServiceUntil: string | null;
}

/**
 * The cancellation terms of booking `start` at `now`, as the patient should read them before
 * committing: until when cancelling is free, the fee after that, whether the fee already applies
 * at booking (a same-day booking under a 24-hour policy) and whether consent is needed (a fee can
 * apply). The same policy {@link evaluateCancellation} applies later; a moved visit passes the
 * deadline it carried (`freeCancellationUntil`).
 *
 * @example
 * bookingTerms({
 *   start: "2026-03-10T15:00:00Z", now: "2026-03-10T09:00:00Z",
 *   policy: { freeUntilHoursBefore: 24, lateFee: { type: "fixed", amount: { amount: 1750, currency: "EUR" } } },
 *   price: { amount: 4500, currency: "EUR" },
 * });
 * // { freeUntil: "2026-03-09T15:00:00.000Z", lateFee: { amount: 1750, currency: "EUR" }, feeFromBooking: true, consentRequired: true, … }
 */
export function bookingTerms(raw: BookingTermsInput): BookingTerms {
  const input = parseInput(termsInputSchema, raw, "terms");
  const policy = input.policy ?? cancellationPolicySchema.parse({ freeUntilHoursBefore: 0 });
  const verdict = evaluateCancellation({
    appointment: {
      start: input.start,
      status: "booked",
      ...(input.freeCancellationUntil
        ? { freeCancellationUntil: input.freeCancellationUntil }
        : {}),
    },
    policy,
    price: input.price,
    now: input.now,
    channel: "staff",
    ...(input.timeZone ? { timeZone: input.timeZone } : {}),
  });
  const lateFee = feeFor(policy.lateFee, input.price, "policy.lateFee.amount");
  const windowed = policy.freeUntilHoursBefore > 0 || lateFee !== null;
  return {
    freeUntil: windowed ? verdict.freeUntil : null,
    lateFee,
    feeFromBooking: lateFee !== null && verdict.late,
    consentRequired: lateFee !== null,
    onlineCancellation: policy.online,
    selfServiceUntil: verdict.selfServiceUntil,
  };
}
