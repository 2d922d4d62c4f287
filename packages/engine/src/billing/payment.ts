import { z } from "zod";
import { parseInput } from "../validate.js";
import { sameCurrency, sumAmounts } from "./money.js";
import { type Payment, type PaymentInput, paymentSchema } from "./schemas.js";

/**
 * Validates a payment (or refund: `kind: "refund"`); amounts are always positive.
 *
 * @example
 * createPayment({
 *   id: "p1", clientId: "c1", caseId: "case-1", invoiceId: "inv-1", method: "card",
 *   amount: { amount: 4500, currency: "EUR" }, reference: "POS 8812", at: "2026-03-09T18:05:00Z",
 * }).kind; // "payment"
 */
export function createPayment(input: PaymentInput): Payment {
  return parseInput(paymentSchema, input, "payment");
}

function netPaidFor(target: Payment, payments: Payment[]): number {
  const same = payments.filter(
    (p) =>
      p.caseId === target.caseId &&
      (target.invoiceId === undefined || p.invoiceId === target.invoiceId) &&
      (target.appointmentId === undefined || p.appointmentId === target.appointmentId),
  );
  return sumAmounts(same.map((p) => (p.kind === "refund" ? -p.amount.amount : p.amount.amount)));
}

/** A refused refund: it would pay back more than was paid for that target. */
export interface RefundError {
  code: "REFUND_EXCEEDS_PAID";
  message: string;
  /** What may still be refunded for the target, in minor units. */
  available: number;
}

const refundInputSchema = z.object({
  refund: z.unknown(),
  payments: z.array(paymentSchema).default([]),
});

/**
 * Records a refund — a payment event going out — after checking that it does not exceed what was
 * paid, net of earlier refunds, for the same target (the invoice, the visit, or the whole case),
 * nor for the target's whole case.
 *
 * @example
 * const r = createRefund({
 *   refund: { id: "r1", clientId: "c1", caseId: "case-1", method: "card", amount: { amount: 2000, currency: "EUR" }, at: "2026-03-12T10:00:00Z" },
 *   payments,
 * });
 * if (!r.ok) r.error.available; // how much could be refunded
 */
export function createRefund(raw: {
  refund: Omit<PaymentInput, "kind">;
  payments?: PaymentInput[];
}): { ok: true; refund: Payment } | { ok: false; error: RefundError } {
  const input = parseInput(refundInputSchema, raw, "refund");
  const refund = parseInput(paymentSchema, { ...(raw.refund as object), kind: "refund" }, "refund");
  sameCurrency([
    { field: "refund.amount", currency: refund.amount.currency },
    ...input.payments.map((p, i) => ({
      field: `payments.${i}.amount`,
      currency: p.amount.currency,
    })),
  ]);
  // Within its target and within its case: a case-level refund uses up what a visit or invoice
  // of that case may still give back, so two refunds never return more than was paid.
  const { invoiceId: _invoice, appointmentId: _visit, ...wholeCase } = refund;
  const available = Math.min(
    netPaidFor(refund, input.payments),
    netPaidFor(wholeCase, input.payments),
  );
  if (refund.amount.amount > available) {
    return {
      ok: false,
      error: {
        code: "REFUND_EXCEEDS_PAID",
        available: Math.max(0, available),
        message: `only ${Math.max(0, available)} was paid for this target and not yet refunded`,
      },
    };
  }
  return { ok: true, refund };
}
