import { z } from "zod";
import { signedMoneySchema } from "../billing/money.js";
import {
  appointmentStatusSchema,
  idSchema,
  instantSchema,
  type Money,
  timeZoneSchema,
} from "../model.js";
import { DAY, parseInstant } from "../time/zoned.js";
import { parseInput } from "../validate.js";
import { feeFor } from "./fee.js";
import { instantFormatter } from "./format.js";
import { feeRuleSchema, onlineBookingBlockRuleSchema } from "./schemas.js";

const noShowFeeInputSchema = z.object({
  /** The service's no-show fee rule; `null`/omitted = no fee. */
  rule: feeRuleSchema.nullable().optional(),
  price: signedMoneySchema,
});

/**
 * The fee for a no-show: fixed, or a percentage of the price rounded half away from zero;
 * `null` when the service has no no-show fee.
 *
 * @example
 * noShowFee({ rule: { type: "fixed", amount: { amount: 2000, currency: "EUR" } }, price: { amount: 4500, currency: "EUR" } });
 * // { amount: 2000, currency: "EUR" }
 */
export function noShowFee(raw: z.input<typeof noShowFeeInputSchema>): Money | null {
  const input = parseInput(noShowFeeInputSchema, raw, "noShowFee");
  return feeFor(input.rule, input.price, "rule.amount");
}

const blockInputSchema = z.object({
  clientId: idSchema,
  /** The client's visits (others are ignored); only `no_show` ones count. */
  appointments: z.array(
    z
      .object({
        id: idSchema,
        start: instantSchema,
        status: appointmentStatusSchema,
        clientId: idSchema.optional(),
      })
      .passthrough(),
  ),
  /** The clinic's rule; `null`/omitted = never block. */
  rule: onlineBookingBlockRuleSchema.nullable().optional(),
  now: instantSchema,
  timeZone: timeZoneSchema.optional(),
});
/** What {@link evaluateOnlineBookingBlock} needs. */
export type OnlineBookingBlockInput = z.input<typeof blockInputSchema>;

/** Whether a client may book online, and until when a block lasts. */
export interface OnlineBookingBlockVerdict {
  blocked: boolean;
  /** When the block ends by itself (the count drops below the threshold), or `null`. */
  until: string | null;
  /** No-shows counted in the window. */
  noShows: number;
  /** Ids of the no-shows counted, oldest first. */
  noShowIds: string[];
}

/**
 * Tells whether a client is blocked from booking online after `afterNoShows` no-shows whose
 * start lies in the last `withinDays` × 24 h before `now` (and after `clearedAt`, when staff lifted
 * an earlier block). A block ends when enough of those no-shows leave the window: at the start of
 * the (count − K + 1)-th oldest counted no-show plus the window length.
 *
 * @example
 * evaluateOnlineBookingBlock({
 *   clientId: "c1", appointments: history, rule: { afterNoShows: 2, withinDays: 90 }, now: "2026-03-09T12:00:00Z",
 * }); // { blocked: true, until: "2026-05-12T09:00:00.000Z", noShows: 2, noShowIds: ["a1", "a7"] }
 */
export function evaluateOnlineBookingBlock(
  raw: OnlineBookingBlockInput,
): OnlineBookingBlockVerdict {
  const input = parseInput(blockInputSchema, raw, "onlineBookingBlock");
  const rule = input.rule;
  if (!rule) return { blocked: false, until: null, noShows: 0, noShowIds: [] };
  const now = parseInstant(input.now) as number;
  const window = rule.withinDays * DAY;
  const cleared = rule.clearedAt
    ? (parseInstant(rule.clearedAt) as number)
    : Number.NEGATIVE_INFINITY;
  const counted = input.appointments
    .filter((a) => a.clientId === input.clientId && a.status === "no_show")
    .map((a) => ({ id: a.id, at: parseInstant(a.start) as number }))
    .filter((a) => a.at <= now && a.at > now - window && a.at > cleared)
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  const excess = counted.length - rule.afterNoShows;
  const pivot = excess >= 0 ? counted[excess] : undefined;
  const format = instantFormatter(input.timeZone);
  return {
    blocked: pivot !== undefined,
    until: pivot ? format(pivot.at + window) : null,
    noShows: counted.length,
    noShowIds: counted.map((a) => a.id),
  };
}
