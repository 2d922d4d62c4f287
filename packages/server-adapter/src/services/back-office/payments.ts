// Payments and refunds recorded at the desk (or by the online provider): against an invoice, a
// visit, or on account of a case. The engine validates them (`createPayment`, `createRefund`
// refuses to pay back more than was paid for the target); each one freezes the receipt it prints
// with the client's balance after it and their package lines.

import { createPayment, createRefund, type PaymentMethod } from "@bookwell/engine";
import { randomId } from "../../auth/api-keys.js";
import { BookwellError } from "../../errors.js";
import type { PaymentRecord } from "../../storage/back-office.js";
import type { JsonObject, StorageOperations, StorageTransaction } from "../../storage/storage.js";
import type { RequestContext } from "../context.js";
import { assertClientVisible, visibleCase } from "./access.js";
import { audit } from "./audit.js";
import { caseOfVisit } from "./cases.js";
import { packageLines, receiptSnapshot, visibleDocument } from "./documents.js";
import { clientBalanceOf, loadLedger, toEnginePayment } from "./ledger.js";
import { syncVisitBilling } from "./visit-billing.js";

/** A payment or refund to record. */
export interface PaymentRequest {
  kind: "payment" | "refund";
  method: PaymentMethod;
  amount: { amount: number; currency: string };
  reference?: string | undefined;
  invoiceId?: string | undefined;
  appointmentId?: string | undefined;
  caseId?: string | undefined;
  /** When the money moved; default now. */
  at?: string | undefined;
  /** Extra facts kept with the payment (e.g. the online intent or the refunded package). */
  meta?: JsonObject | undefined;
}

/** Where the money goes: the case and client, and a description for the receipt. */
async function resolveTarget(
  tx: StorageTransaction,
  ctx: RequestContext,
  request: PaymentRequest,
): Promise<{
  caseId: string;
  clientId: string;
  description: string;
  references: { label: string; value: string }[];
}> {
  const given = [request.invoiceId, request.appointmentId, request.caseId].filter(Boolean);
  if (given.length !== 1) {
    throw new BookwellError(
      "VALIDATION_FAILED",
      "Name exactly one of invoiceId, appointmentId, caseId",
      {
        errors: [
          { field: "invoiceId", message: "give exactly one of invoiceId, appointmentId, caseId" },
        ],
      },
    );
  }
  if (request.invoiceId) {
    const invoice = await visibleDocument(ctx, tx, request.invoiceId, "invoice");
    return {
      caseId: invoice.caseId,
      clientId: invoice.clientId,
      description: `Invoice ${invoice.number}`,
      references: [{ label: "Invoice", value: invoice.number }],
    };
  }
  if (request.appointmentId) {
    const visit = await tx.getAppointment(ctx.clinic.id, request.appointmentId);
    if (!visit?.clientId) {
      throw new BookwellError("NOT_FOUND", `No visit with id ${request.appointmentId}`, {
        errors: [{ field: "appointmentId", message: "is not a visit with a client" }],
      });
    }
    await assertClientVisible(ctx, tx, visit.clientId, "visit", visit.id);
    await syncVisitBilling(tx, ctx.clinic.id, visit);
    const caseId = await caseOfVisit(tx, ctx.clinic.id, visit);
    const service = await tx.getService(ctx.clinic.id, visit.serviceId);
    return {
      caseId: caseId as string,
      clientId: visit.clientId,
      description: `${service?.name ?? "Visit"} ${visit.start.slice(0, 10)}`,
      references: [],
    };
  }
  const kase = await visibleCase(ctx, tx, request.caseId as string);
  return {
    caseId: kase.id,
    clientId: kase.clientId,
    description: kase.title,
    references: [],
  };
}

/**
 * Records a payment or refund in the caller's transaction: validates it with the engine, checks a
 * refund against what was paid for the same target, freezes its receipt, audits it.
 *
 * @example
 * await recordPayment(tx, ctx, { kind: "payment", method: "card", amount: { amount: 4500, currency: "EUR" }, invoiceId: "inv_1" });
 */
export async function recordPayment(
  tx: StorageTransaction,
  ctx: RequestContext,
  request: PaymentRequest,
): Promise<PaymentRecord> {
  if (request.amount.currency !== ctx.clinic.currency) {
    throw new BookwellError("VALIDATION_FAILED", `Payments are in ${ctx.clinic.currency}`, {
      errors: [{ field: "amount.currency", message: `must be ${ctx.clinic.currency}` }],
    });
  }
  const target = await resolveTarget(tx, ctx, request);
  await tx.lockCase(ctx.clinic.id, target.caseId);
  const client = await tx.getClient(ctx.clinic.id, target.clientId);
  if (!client) throw new BookwellError("NOT_FOUND", `No client with id ${target.clientId}`);
  const id = randomId(request.kind === "refund" ? "ref" : "pay");
  const fields = {
    id,
    clientId: target.clientId,
    caseId: target.caseId,
    ...(request.invoiceId ? { invoiceId: request.invoiceId } : {}),
    ...(request.appointmentId ? { appointmentId: request.appointmentId } : {}),
    method: request.method,
    amount: request.amount,
    ...(request.reference ? { reference: request.reference } : {}),
    at: request.at ?? ctx.now.toISOString(),
  };
  const ledger = await loadLedger(tx, ctx.clinic.id, ctx.clinic.currency, {
    clientId: target.clientId,
  });
  let payment: ReturnType<typeof createPayment>;
  if (request.kind === "refund") {
    const result = createRefund({ refund: fields, payments: ledger.payments });
    if (!result.ok) {
      throw new BookwellError("CONFLICT", result.error.message, {
        errors: [
          { field: "amount.amount", message: `at most ${result.error.available} can be refunded` },
        ],
        extensions: { reason: result.error.code, available: result.error.available },
      });
    }
    payment = result.refund;
  } else {
    payment = createPayment({ ...fields, kind: "payment" });
  }
  const after = clientBalanceOf({ ...ledger, payments: [...ledger.payments, payment] }, client.id);
  const receipt = receiptSnapshot(
    ctx,
    client,
    id,
    target.description,
    target.references,
    after.outstanding,
    await packageLines(tx, ctx.clinic.id, client.id, ctx.now),
  );
  const record = await tx.insertPayment(ctx.clinic.id, {
    ...fields,
    kind: payment.kind,
    meta: { ...(request.meta ?? {}), receipt: receipt as unknown as JsonObject },
  });
  await audit(tx, ctx, `${payment.kind}.recorded`, "payment", id, {
    caseId: target.caseId,
    amount: request.amount.amount,
    method: request.method,
    ...(request.invoiceId ? { invoiceId: request.invoiceId } : {}),
    ...(request.appointmentId ? { appointmentId: request.appointmentId } : {}),
  });
  return record;
}

/**
 * A payment the caller may see, else 404.
 *
 * @example
 * const payment = await visiblePayment(ctx, tx, "pay_1");
 */
export async function visiblePayment(
  ctx: RequestContext,
  ops: StorageOperations,
  id: string,
): Promise<PaymentRecord> {
  const found = await ops.getPayment(ctx.clinic.id, id);
  if (!found) throw new BookwellError("NOT_FOUND", `No payment with id ${id}`);
  await assertClientVisible(ctx, ops, found.clientId, "payment", id);
  return found;
}

/**
 * A payment as the API shows it (the engine's fields, the balance after it, the receipt link).
 *
 * @example
 * presentPayment(record); // { id, kind, method, amount, …, receipt: "/v1/staff/payments/pay_1/receipt.pdf" }
 */
export function presentPayment(p: PaymentRecord) {
  const receipt = p.meta.receipt as { outstanding?: unknown } | undefined;
  return {
    ...toEnginePayment(p),
    ...(typeof receipt?.outstanding === "number" ? { outstandingAfter: receipt.outstanding } : {}),
    ...(typeof p.meta.intentId === "string" ? { intentId: p.meta.intentId } : {}),
    ...(typeof p.meta.packageId === "string" ? { packageId: p.meta.packageId } : {}),
    receipt: `/v1/staff/payments/${p.id}/receipt.pdf`,
    createdAt: p.createdAt,
  };
}
