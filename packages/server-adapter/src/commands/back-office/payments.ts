// Payments and refunds recorded at the desk (or by the online provider): against an invoice, a
// visit, or on account of a case. The engine validates them (`createPayment`, `createRefund`
// refuses to pay back more than was paid for the target); each one freezes the receipt it prints
// with the client's balance after it and their package lines.

import { createPayment, createRefund, type PaymentMethod } from "@bookwell/engine";
import { randomId } from "../../auth/api-keys.js";
import { BookwellError } from "../../errors.js";
import type { PrintableDocument } from "../../pdf/document-pdf.js";
import { assertClientVisible, visibleCase } from "../../services/back-office/access.js";
import { caseOfVisit } from "../../services/back-office/cases.js";
import {
  billedParty,
  packageLines,
  payerReferences,
  printableReceipt,
  receiptSnapshot,
  visibleDocument,
} from "../../services/back-office/documents.js";
import { clientBalanceOf, loadLedger, snapshotOf } from "../../services/back-office/ledger.js";
import { visiblePayment } from "../../services/back-office/payments.js";
import { syncVisitBilling } from "../../services/back-office/visit-billing.js";
import { setFields } from "../../services/fields.js";
import type { PaymentRecord } from "../../storage/back-office.js";
import type { JsonObject } from "../../storage/storage.js";
import type { UnitOfWork } from "../unit-of-work.js";

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
  work: UnitOfWork,
  request: PaymentRequest,
): Promise<{
  caseId: string;
  clientId: string;
  description: string;
  references: { label: string; value: string }[];
  /**
   * For a paid invoice: the payer it was addressed to and what it printed about it, or `client`
   * when it was addressed to the client (whatever the case's payer is now).
   */
  billedTo?: { buyer: { name: string }; references: { label: string; value: string }[] } | "client";
}> {
  const { tx } = work;
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
    const invoice = await visibleDocument(work.request, tx, request.invoiceId, "invoice");
    const { document, print } = snapshotOf(invoice);
    const { id: _clientId, ...buyer } = document.buyer;
    // An invoice addressed to a payer (it prints the patient) keeps its payer on the receipt.
    const payerInvoice = (print.references ?? []).length > 0;
    return {
      caseId: invoice.caseId,
      clientId: invoice.clientId,
      description: `Invoice ${invoice.number}`,
      references: [{ label: "Invoice", value: invoice.number }],
      billedTo: payerInvoice ? { buyer, references: print.references ?? [] } : "client",
    };
  }
  if (request.appointmentId) {
    const visit = await tx.getAppointment(work.clinic.id, request.appointmentId);
    if (!visit?.clientId) {
      throw new BookwellError("NOT_FOUND", `No visit with id ${request.appointmentId}`, {
        errors: [{ field: "appointmentId", message: "is not a visit with a client" }],
      });
    }
    await assertClientVisible(work.request, tx, visit.clientId, "visit", visit.id);
    await syncVisitBilling(tx, work.clinic.id, visit);
    const caseId = await caseOfVisit(tx, work.clinic.id, visit);
    const service = await tx.getService(work.clinic.id, visit.serviceId);
    return {
      caseId: caseId as string,
      clientId: visit.clientId,
      description: `${service?.name ?? "Visit"} ${visit.start.slice(0, 10)}`,
      references: [],
    };
  }
  const kase = await visibleCase(work.request, tx, request.caseId as string);
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
 * await recordPayment(work, { kind: "payment", method: "card", amount: { amount: 4500, currency: "EUR" }, invoiceId: "inv_1" });
 */
export async function recordPayment(
  work: UnitOfWork,
  request: PaymentRequest,
): Promise<PaymentRecord> {
  const { tx } = work;
  if (request.amount.currency !== work.clinic.currency) {
    throw new BookwellError("VALIDATION_FAILED", `Payments are in ${work.clinic.currency}`, {
      errors: [{ field: "amount.currency", message: `must be ${work.clinic.currency}` }],
    });
  }
  const target = await resolveTarget(work, request);
  await tx.lockCase(work.clinic.id, target.caseId);
  const client = await tx.getClient(work.clinic.id, target.clientId);
  if (!client) throw new BookwellError("NOT_FOUND", `No client with id ${target.clientId}`);
  const id = randomId(request.kind === "refund" ? "ref" : "pay");
  const fields = {
    id,
    clientId: target.clientId,
    caseId: target.caseId,
    ...setFields(request, ["invoiceId", "appointmentId"]),
    method: request.method,
    amount: request.amount,
    ...(request.reference ? { reference: request.reference } : {}),
    at: request.at ?? work.now.toISOString(),
  };
  const ledger = await loadLedger(tx, work.clinic.id, work.clinic.currency, {
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
  // A receipt goes to the payer a paid invoice was addressed to, else to the case's current payer,
  // else to the client as they are now.
  const kase =
    target.billedTo === "client" ? {} : ((await tx.getCase(work.clinic.id, target.caseId)) ?? {});
  const billedTo =
    target.billedTo === undefined || target.billedTo === "client"
      ? {
          buyer: billedParty(client, kase),
          references: payerReferences(client, kase, work.clinic.locale),
        }
      : target.billedTo;
  const receipt = receiptSnapshot(
    work.clinic,
    billedTo.buyer,
    id,
    target.description,
    [...target.references, ...billedTo.references],
    after.outstanding,
    await packageLines(tx, work.clinic.id, client.id, work.now, work.clinic.locale),
  );
  const record = await tx.insertPayment(work.clinic.id, {
    ...fields,
    kind: payment.kind,
    meta: { ...(request.meta ?? {}), receipt: receipt as unknown as JsonObject },
  });
  return work.audited(record, {
    action: `${payment.kind}.recorded`,
    entityType: "payment",
    entityId: id,
    detail: {
      caseId: target.caseId,
      clientId: target.clientId,
      amount: request.amount.amount,
      method: request.method,
      ...setFields(request, ["invoiceId", "appointmentId"]),
    },
  });
}

/**
 * Reads a payment the caller may see with what its receipt prints (404 when it has no receipt),
 * and audits the read.
 *
 * @example
 * const { payment, receipt } = await readReceipt(work, "pay_1");
 */
export async function readReceipt(
  work: UnitOfWork,
  paymentId: string,
): Promise<{ payment: PaymentRecord; receipt: PrintableDocument }> {
  const payment = await visiblePayment(work.request, work.tx, paymentId);
  await assertClientVisible(work.request, work.tx, payment.clientId, "payment", payment.id);
  await work.audit({ action: "payment.receipt_read", entityType: "payment", entityId: payment.id });
  return { payment, receipt: printableReceipt(payment) };
}
