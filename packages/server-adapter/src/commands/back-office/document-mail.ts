// Invoices and receipts e-mailed to the patient at the desk: the command checks the caller may
// see the document, fixes the address (the client's, or one given), queues one `notify.document`
// outbox row that names the documents (the worker renders and attaches their PDFs when it sends)
// and audits it, all in the request's unit of work.

import { BookwellError } from "../../errors.js";
import {
  type AttachedDocument,
  DOCUMENT_MAIL_ROW_TYPE,
  type DocumentMailPayload,
} from "../../notify/document-mail.js";
import { assertClientVisible } from "../../services/back-office/access.js";
import { visibleDocument } from "../../services/back-office/documents.js";
import { visiblePayment } from "../../services/back-office/payments.js";
import type { JsonObject } from "../../storage/storage.js";
import type { UnitOfWork } from "../unit-of-work.js";

/** Input of {@link emailInvoice} and {@link emailReceipt}. */
export interface DocumentMailRequest {
  /** Send to this address instead of the client's own. */
  email?: string | undefined;
}

/** What was queued: to whom and which documents. */
export interface QueuedDocumentMail {
  to: string;
  documents: AttachedDocument[];
}

async function queue(
  work: UnitOfWork,
  clientId: string,
  documents: AttachedDocument[],
  request: DocumentMailRequest,
  audit: { action: string; entityType: string; entityId: string },
): Promise<QueuedDocumentMail> {
  const client = await work.tx.getClient(work.clinic.id, clientId);
  if (!client) throw new BookwellError("NOT_FOUND", `No client with id ${clientId}`);
  const to = request.email ?? client.email;
  if (!to) {
    throw new BookwellError("VALIDATION_FAILED", `${client.name} has no e-mail address`, {
      errors: [{ field: "email", message: "the client has no e-mail address: give one" }],
    });
  }
  const payload: DocumentMailPayload = { v: 1, clientId, email: to, documents };
  await work.message(DOCUMENT_MAIL_ROW_TYPE, payload as unknown as JsonObject);
  const detail = { clientId, to, documents: documents.map((d) => `${d.kind}:${d.id}`) };
  return work.audited({ to, documents }, { ...audit, detail });
}

/**
 * Queues an issued invoice's e-mail to its client, its PDF attached, and audits it
 * (`invoice.emailed`).
 *
 * @example
 * const { to } = await emailInvoice(work, "inv_1", {});
 */
export async function emailInvoice(
  work: UnitOfWork,
  invoiceId: string,
  request: DocumentMailRequest,
): Promise<QueuedDocumentMail> {
  const invoice = await visibleDocument(work.request, work.tx, invoiceId, "invoice");
  return queue(work, invoice.clientId, [{ kind: "invoice", id: invoice.id }], request, {
    action: "invoice.emailed",
    entityType: "invoice",
    entityId: invoice.id,
  });
}

/**
 * Queues a payment's receipt to its client (with the invoice it paid, when it paid one), the
 * PDFs attached, and audits it (`payment.emailed`). The receipt prints the balance after the
 * payment and the client's package lines.
 *
 * @example
 * const { documents } = await emailReceipt(work, "pay_1", {});
 */
export async function emailReceipt(
  work: UnitOfWork,
  paymentId: string,
  request: DocumentMailRequest,
): Promise<QueuedDocumentMail> {
  const payment = await visiblePayment(work.request, work.tx, paymentId);
  await assertClientVisible(work.request, work.tx, payment.clientId, "payment", payment.id);
  if (!payment.meta.receipt) {
    throw new BookwellError("NOT_FOUND", `No receipt for payment ${payment.id}`);
  }
  const documents: AttachedDocument[] = [
    ...(payment.invoiceId ? [{ kind: "invoice" as const, id: payment.invoiceId }] : []),
    { kind: "receipt", id: payment.id },
  ];
  return queue(work, payment.clientId, documents, request, {
    action: "payment.emailed",
    entityType: "payment",
    entityId: payment.id,
  });
}
