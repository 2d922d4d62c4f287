import { z } from "zod";
import { positiveMoneySchema, sameCurrency } from "../billing/money.js";
import { percentOfAmount } from "../billing/rounding.js";
import type { Money } from "../model.js";

/** What a deposit is: a fixed amount (capped at the visit's price) or a percentage of the price. */
export const depositRuleSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("fixed"), amount: positiveMoneySchema }),
  z.strictObject({
    type: z.literal("percent"),
    basisPoints: z
      .number()
      .int("must be a whole number of basis points (100 bp = 1 %)")
      .min(1, "must be more than zero")
      .max(10_000, "must be at most 10000 (100 %)"),
  }),
]);
/** A deposit rule. */
export type DepositRule = z.infer<typeof depositRuleSchema>;

/**
 * What a service asks the patient to pay online when booking: nothing, the full price, or a
 * deposit (the rest is paid at the clinic, the deposit counting towards the visit's invoice).
 */
export const onlinePaymentRuleSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("none") }),
  z.strictObject({ type: z.literal("full") }),
  z.strictObject({ type: z.literal("deposit"), deposit: depositRuleSchema }),
]);
/** A service's online payment rule. */
export type OnlinePaymentRule = z.infer<typeof onlinePaymentRuleSchema>;

/** What is to be paid online for one visit. */
export interface OnlinePaymentDue {
  /** `full` = the visit's price, `deposit` = part of it. */
  kind: "full" | "deposit";
  /** What the rule asks for this visit's price (a fixed deposit never exceeds the price). */
  total: Money;
  /** What is still to pay online: `total` less what was already paid for the visit, never below 0. */
  due: Money;
}

/**
 * The one rule for how much a patient pays online for a visit priced `price`: nothing (`null`)
 * for no rule, `none` or a free visit; else the full price or the deposit (a percentage rounded
 * half away from zero to the minor unit, a fixed amount capped at the price), less `paid`.
 *
 * @example
 * onlinePaymentDue({ type: "deposit", deposit: { type: "percent", basisPoints: 2000 } }, { amount: 4550, currency: "EUR" });
 * // { kind: "deposit", total: { amount: 910, currency: "EUR" }, due: { amount: 910, currency: "EUR" } }
 * onlinePaymentDue({ type: "full" }, { amount: 4500, currency: "EUR" }, 1000)?.due; // { amount: 3500, currency: "EUR" }
 */
export function onlinePaymentDue(
  rule: OnlinePaymentRule | null | undefined,
  price: Money,
  paid = 0,
): OnlinePaymentDue | null {
  if (!rule || rule.type === "none" || price.amount <= 0) return null;
  let total: number;
  if (rule.type === "full") {
    total = price.amount;
  } else if (rule.deposit.type === "fixed") {
    sameCurrency([
      { field: "price", currency: price.currency },
      { field: "deposit.amount", currency: rule.deposit.amount.currency },
    ]);
    total = Math.min(rule.deposit.amount.amount, price.amount);
  } else {
    total = percentOfAmount(price.amount, rule.deposit.basisPoints, "price");
  }
  if (total <= 0) return null;
  return {
    kind: rule.type,
    total: { amount: total, currency: price.currency },
    due: { amount: Math.max(total - paid, 0), currency: price.currency },
  };
}
