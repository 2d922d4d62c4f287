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
import type { PaymentRecord } from "../storage/back-office.js";
import type {
  AppointmentRecord,
  ServiceRecord,
  Storage,
  StorageOperations,
} from "../storage/storage.js";
import { backOfficeOptions } from "./back-office/config.js";
import { priceOf } from "./present.js";

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

/**
 * What was paid for a visit (every method, less refunds) and what of it was refunded online, in
 * minor units, from its payments.
 *
 * @example
 * paidOf(await storage.listPayments(clinicId, { appointmentId })); // { paid: 900, refundedOnline: 0 }
 */
export function paidOf(payments: readonly PaymentRecord[]): {
  paid: number;
  refundedOnline: number;
} {
  let paid = 0;
  let refundedOnline = 0;
  for (const p of payments) {
    if (p.kind === "refund") {
      paid -= p.amount.amount;
      if (p.method === "online") refundedOnline += p.amount.amount;
    } else paid += p.amount.amount;
  }
  return { paid, refundedOnline };
}

/** Where a visit's online payment stands (the manage page's "pay now" and "paid"). */
export interface VisitPayment {
  kind: OnlinePaymentDue["kind"];
  /** What the service's rule asks online for this visit in all. */
  total: Money;
  /** What was paid for the visit so far, less refunds. */
  paid: Money;
  /** What is still due online (`0` once paid). */
  due: Money;
}

/**
 * Where the online payment of a visit stands, or `undefined` when nothing is asked online: no
 * payment provider on this server, no rule or `none` on the service, a free visit, or a visit
 * that is canceled or was moved. The booking's rule, through {@link dueOnline}.
 *
 * @example
 * await visitPayment(storage, visit, service); // { kind: "deposit", total: EUR 9, paid: EUR 0, due: EUR 9 }
 */
export async function visitPayment(
  storage: Storage,
  visit: AppointmentRecord,
  service: ServiceRecord | undefined,
): Promise<VisitPayment | undefined> {
  if (!backOfficeOptions(storage).paymentProvider || !service) return undefined;
  if (visit.status === "canceled" || visit.status === "rebooked") return undefined;
  if (!onlinePaymentRuleOf(service)) return undefined;
  const price = priceOf(visit, service);
  const { paid } = paidOf(await storage.listPayments(visit.clinicId, { appointmentId: visit.id }));
  const owed = dueOnline(service, price, paid);
  if (!owed) return undefined;
  return {
    kind: owed.kind,
    total: owed.total,
    paid: { amount: Math.max(0, paid), currency: owed.total.currency },
    due: owed.due,
  };
}

/**
 * What was refunded online for a visit (its payment's refunds), or `null` when nothing was.
 *
 * @example
 * await refundedOnline(storage, visit); // { amount: 900, currency: "EUR" }
 */
export async function refundedOnline(
  ops: Pick<StorageOperations, "listPayments">,
  visit: Pick<AppointmentRecord, "clinicId" | "id">,
): Promise<Money | null> {
  const payments = await ops.listPayments(visit.clinicId, { appointmentId: visit.id });
  const { refundedOnline: amount } = paidOf(payments);
  const currency = payments.find((p) => p.kind === "refund" && p.method === "online")?.amount
    .currency;
  return amount > 0 && currency ? { amount, currency } : null;
}
