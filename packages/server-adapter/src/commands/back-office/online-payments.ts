// The money side of online payments: recording a succeeded intent's payment once (whether the
// provider's webhook or a server-side confirm reports it, or both), and refunding an online
// payment through the provider. The flows around the provider's own calls (creating and
// confirming an intent, the webhook) are in src/services/back-office/online-payments.ts.

import { createHash } from "node:crypto";
import { createRefund } from "@bookwell/engine";
import { randomId } from "../../auth/api-keys.js";
import { BookwellError } from "../../errors.js";
import { backOfficeOptions, requireProvider } from "../../services/back-office/config.js";
import { toEnginePayment } from "../../services/back-office/ledger.js";
import { providerFailed } from "../../services/back-office/payment-provider.js";
import type { PaymentIntentRecord, PaymentRecord } from "../../storage/back-office.js";
import type { AppointmentRecord, StoredMoney } from "../../storage/storage.js";
import type { UnitOfWork } from "../unit-of-work.js";
import { recordPayment } from "./payments.js";

/**
 * Records the payment of a succeeded intent once (a second call, webhook or confirm, changes
 * nothing).
 *
 * @example
 * await settleIntent(work, "pi_1", "ch_3Nx…");
 */
export async function settleIntent(
  work: UnitOfWork,
  intentId: string,
  reference: string | undefined,
): Promise<PaymentIntentRecord> {
  const { tx } = work;
  const intent = await tx.getPaymentIntent(work.clinic.id, intentId);
  if (!intent) throw new BookwellError("NOT_FOUND", `No payment intent ${intentId}`);
  if (intent.status === "succeeded") return intent;
  if (!intent.appointmentId) throw new BookwellError("CONFLICT", "The intent pays for no visit");
  const payment = await recordPayment(work, {
    kind: "payment",
    method: "online",
    amount: intent.amount,
    appointmentId: intent.appointmentId,
    reference: reference ?? intent.providerIntentId,
    meta: { intentId: intent.id, provider: intent.provider },
  });
  const settled = await tx.updatePaymentIntent(
    work.clinic.id,
    intent.id,
    { status: "succeeded", paymentId: payment.id },
    { expectedVersion: intent.version },
  );
  return work.audited(settled, {
    action: "payment_intent.succeeded",
    entityType: "payment_intent",
    entityId: intent.id,
    detail: { paymentId: payment.id, amount: intent.amount.amount },
  });
}

/**
 * Refunds (part of) an online payment at the provider and records the refund against the same
 * visit: the engine first checks it refunds no more than was paid for it, then the provider
 * refunds, then the refund is recorded.
 *
 * @example
 * const refund = await refundOnline(work, "pay_1", 2000);
 */
export async function refundOnline(
  work: UnitOfWork,
  paymentId: string,
  amount: number | undefined,
): Promise<PaymentRecord> {
  const { tx } = work;
  const payment = await tx.getPayment(work.clinic.id, paymentId);
  const intentId = typeof payment?.meta.intentId === "string" ? payment.meta.intentId : undefined;
  if (!payment || !intentId || payment.kind !== "payment") {
    throw new BookwellError("NOT_FOUND", `No online payment with id ${paymentId}`);
  }
  const money = { amount: amount ?? payment.amount.amount, currency: payment.amount.currency };
  // A retry of the same request (the same Idempotency-Key) reaches the provider with the same key:
  // a refund it made before our answer was lost is answered again, not made twice. Without a key
  // each request is a refund of its own.
  const attempt = work.request.idempotency?.key;
  const refundKey = attempt
    ? createHash("sha256").update(attempt).digest("hex").slice(0, 32)
    : randomId("ref");
  return refundAtProvider(
    work,
    payment,
    intentId,
    money,
    `bookwell:${work.clinic.id}:${payment.id}:refund:${money.amount}:${refundKey}`,
  );
}

/**
 * Refunds what is left of every online payment of a visit canceled free of charge (decision
 * 0022, point 5), when the server has a payment provider and the clinic has not turned
 * `refundOnFreeCancel` off; answers what it refunded (`null`: nothing). Each refund goes to the
 * provider with a key made of the payment and the amount left, so a cancel run again (a retried
 * transaction, a retried request) asks with the same key and the provider answers the refund it
 * made instead of refunding twice. Called by the one status change every cancel goes through
 * (`applyStatus`).
 *
 * @example
 * const refunded = await refundOnFreeCancel(work, canceledVisit); // { amount: 900, currency: "EUR" }
 */
export async function refundOnFreeCancel(
  work: UnitOfWork,
  visit: Pick<AppointmentRecord, "id">,
): Promise<StoredMoney | null> {
  if (!backOfficeOptions(work.app.storage).paymentProvider) return null;
  if (work.clinic.refundOnFreeCancel === false) return null;
  const payments = await work.tx.listPayments(work.clinic.id, { appointmentId: visit.id });
  let total = 0;
  let currency: string | undefined;
  for (const payment of payments) {
    const intentId = typeof payment.meta.intentId === "string" ? payment.meta.intentId : undefined;
    if (payment.kind !== "payment" || payment.method !== "online" || !intentId) continue;
    const before = payments
      .filter((p) => p.kind === "refund" && p.method === "online" && p.meta.intentId === intentId)
      .reduce((sum, p) => sum + p.amount.amount, 0);
    const left = payment.amount.amount - before;
    if (left <= 0) continue;
    const money = { amount: left, currency: payment.amount.currency };
    await refundAtProvider(
      work,
      payment,
      intentId,
      money,
      `bookwell:${work.clinic.id}:${payment.id}:free-cancel-refund:${left}`,
    );
    total += left;
    currency = money.currency;
  }
  return currency ? { amount: total, currency } : null;
}

/** Checks a refund with the engine, asks the provider with `idempotencyKey`, records it. */
async function refundAtProvider(
  work: UnitOfWork,
  payment: PaymentRecord,
  intentId: string,
  money: StoredMoney,
  idempotencyKey: string,
): Promise<PaymentRecord> {
  const { tx } = work;
  const provider = requireProvider(work.app.storage);
  const intent = await tx.getPaymentIntent(work.clinic.id, intentId);
  if (!intent) throw new BookwellError("NOT_FOUND", `No payment intent ${intentId}`);
  await tx.lockCase(work.clinic.id, payment.caseId);
  const paid = await tx.listPayments(work.clinic.id, { caseId: payment.caseId });
  const check = createRefund({
    refund: {
      id: "check",
      clientId: payment.clientId,
      caseId: payment.caseId,
      ...(payment.appointmentId ? { appointmentId: payment.appointmentId } : {}),
      method: "online",
      amount: money,
      at: work.now.toISOString(),
    },
    payments: paid.map(toEnginePayment),
  });
  if (!check.ok) {
    throw new BookwellError("CONFLICT", check.error.message, {
      errors: [{ field: "amount", message: `at most ${check.error.available} can be refunded` }],
      extensions: { reason: check.error.code, available: check.error.available },
    });
  }
  const result = await provider
    .refund({ providerIntentId: intent.providerIntentId, amount: money, idempotencyKey })
    .catch(providerFailed);
  if (result.status === "failed") {
    throw new BookwellError("PAYMENT_PROVIDER_FAILED", "The provider refused the refund");
  }
  return recordPayment(work, {
    kind: "refund",
    method: "online",
    amount: money,
    ...(payment.appointmentId
      ? { appointmentId: payment.appointmentId }
      : { caseId: payment.caseId }),
    reference: result.providerRefundId,
    meta: { intentId: intent.id, provider: intent.provider },
  });
}
