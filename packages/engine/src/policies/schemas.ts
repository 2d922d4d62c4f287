import { z } from "zod";
import { basisPointsSchema, nonNegativeMoneySchema } from "../billing/money.js";
import { instantSchema } from "../model.js";

/** A fee: a fixed amount, or a percentage (basis points) of the visit's price. */
export const feeRuleSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("fixed"), amount: nonNegativeMoneySchema }),
  z.object({ type: z.literal("percent"), basisPoints: basisPointsSchema }),
]);
/** A fee rule. */
export type FeeRule = z.infer<typeof feeRuleSchema>;

const hours = z
  .number()
  .int("must be a whole number of hours")
  .min(0, "must not be negative")
  .max(24 * 366, "must be at most 8784 hours");

/**
 * Cancellation policy of a service. "N hours before" is real elapsed time (instant arithmetic):
 * 24 hours before 09:00 on the day after a DST change is 08:00 or 10:00 wall time the day before.
 */
export const cancellationPolicySchema = z.object({
  /** Cancellation is free until this many hours before the start. */
  freeUntilHoursBefore: hours,
  /** Fee for a cancellation after that; `null` = late cancellation is free too. */
  lateFee: feeRuleSchema.nullable().default(null),
  /**
   * What the client may do online: `allowed` (free or with the late fee), `free_window_only` (late
   * cancellations only by phoning the clinic), `never` (no online cancellation at all).
   */
  online: z.enum(["allowed", "free_window_only", "never"]).default("allowed"),
  /** No online changes (cancel or reschedule) within this many hours of the start. */
  selfServiceCutoffHours: hours.default(0),
});
/** A cancellation policy as accepted by the engine. */
export type CancellationPolicyInput = z.input<typeof cancellationPolicySchema>;
/** A cancellation policy after validation. */
export type CancellationPolicy = z.output<typeof cancellationPolicySchema>;

/** Block online booking for a client after `afterNoShows` no-shows within `withinDays` days. */
export const onlineBookingBlockRuleSchema = z.object({
  afterNoShows: z.number().int().min(1, "must be at least 1").max(100),
  /** Window length in days of 24 hours, counted back from `now`. */
  withinDays: z.number().int().min(1, "must be at least 1").max(3660),
  /** Staff lifted the block at this instant: earlier no-shows no longer count. */
  clearedAt: instantSchema.optional(),
});
/** A no-show block rule as accepted by the engine. */
export type OnlineBookingBlockRuleInput = z.input<typeof onlineBookingBlockRuleSchema>;
