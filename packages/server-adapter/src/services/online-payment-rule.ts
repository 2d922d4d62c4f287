// A service's online payment rule (issue 18): the clinic sets `policies.onlinePayment` on the
// service (none / full price / deposit, validated by the engine's schema on the staff routes), and
// this file is the one place the server turns it into what the patient is asked to pay, with the
// engine's `onlinePaymentDue`. The catalog, the booking answer and the payment intent all ask here.

import {
  type Money,
  type OnlinePaymentDue,
  type OnlinePaymentRule,
  onlinePaymentDue,
  onlinePaymentRuleSchema,
} from "@bookwell/engine";
import type { ServiceRecord, Storage } from "../storage/storage.js";
import { backOfficeOptions } from "./back-office/config.js";

/**
 * The service's online payment rule as stored (`policies.onlinePayment`), or `undefined` when it
 * sets none.
 *
 * @example
 * onlinePaymentRuleOf(service); // { type: "deposit", deposit: { type: "percent", basisPoints: 2000 } }
 */
export function onlinePaymentRuleOf(service: ServiceRecord): OnlinePaymentRule | undefined {
  const parsed = onlinePaymentRuleSchema.safeParse(service.policies.onlinePayment);
  return parsed.success ? parsed.data : undefined;
}

/** What the widget is told to collect online when booking: the full price or a deposit. */
export interface PaymentAsked {
  kind: OnlinePaymentDue["kind"];
  amount: Money;
}

/**
 * What a patient booking `service` at `price` is asked to pay online, or `undefined` when nothing
 * is: no payment provider on this server, no rule, `none`, or a free visit.
 *
 * @example
 * paymentAsked(storage, service, { amount: 4500, currency: "EUR" }); // { kind: "deposit", amount: { amount: 900, currency: "EUR" } }
 */
export function paymentAsked(
  storage: Storage,
  service: ServiceRecord,
  price: Money,
): PaymentAsked | undefined {
  if (!backOfficeOptions(storage).paymentProvider) return undefined;
  const due = safeDue(onlinePaymentRuleOf(service), price, 0);
  return due ? { kind: due.kind, amount: due.total } : undefined;
}

/**
 * What is still to pay online for a visit priced `price` of which `paid` was paid. A service
 * without a rule is paid in full (the ESM `serverPayment` option's behaviour); `none` asks nothing.
 *
 * @example
 * dueOnline(service, { amount: 4500, currency: "EUR" }, 900)?.due.amount; // 0 for a 20 % deposit
 */
export function dueOnline(
  service: ServiceRecord | undefined,
  price: Money,
  paid: number,
): OnlinePaymentDue | null {
  const rule = service ? onlinePaymentRuleOf(service) : undefined;
  return safeDue(rule ?? { type: "full" }, price, paid);
}

/** A fixed deposit in another currency than the price asks nothing rather than failing a booking. */
function safeDue(
  rule: OnlinePaymentRule | undefined,
  price: Money,
  paid: number,
): OnlinePaymentDue | null {
  try {
    return onlinePaymentDue(rule, price, paid);
  } catch {
    return null;
  }
}
