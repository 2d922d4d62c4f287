// Money routes: charges (added, edited until invoiced, voided), a visit's billing, invoices (issue
// with a gap-free number, read audited, PDF from the snapshot, edits refused), credit notes,
// payments and refunds with their receipts.

import { z } from "zod";
import {
  addManualCharge,
  cancelCharge,
  caseCharges,
  changeCharge,
  visitBilling as readVisitBilling,
  visitsBilling as readVisitsBilling,
  type VisitBilling,
} from "../../../commands/back-office/charges.js";
import { emailInvoice, emailReceipt } from "../../../commands/back-office/document-mail.js";
import {
  issueCaseInvoice,
  issueInvoiceCreditNote,
  listDocuments,
  readDocument,
} from "../../../commands/back-office/documents.js";
import { refundOnline } from "../../../commands/back-office/online-payments.js";
import { readReceipt, recordPayment } from "../../../commands/back-office/payments.js";
import type { UnitOfWork } from "../../../commands/unit-of-work.js";
import { runCommand } from "../../../commands/unit-of-work.js";
import { BookwellError } from "../../../errors.js";
import { presentCharge } from "../../../services/back-office/charges.js";
import {
  presentDocument,
  printableDocument,
  visibleDocument,
} from "../../../services/back-office/documents.js";
import { balanceOf } from "../../../services/back-office/package-state.js";
import { presentPayment } from "../../../services/back-office/payments.js";
import type { RequestContext } from "../../../services/context.js";
import { each, jsonAnswer, replyAs } from "../../command-reply.js";
import { file, ok } from "../../responses.js";
import { idParam } from "../../schemas/public.js";
import { DESK } from "../shared.js";
import {
  chargeBody,
  chargeOut,
  creditNoteBody,
  documentMailBody,
  documentMailOut,
  documentOut,
  issueInvoiceBody,
  listDocumentsQuery,
  listPaymentsQuery,
  onlineRefundBody,
  patchChargeBody,
  paymentBody,
  paymentOut,
  pdfParam,
  visitsBillingQuery,
  voidBody,
} from "./schemas.js";
import { appointmentOffice, backOfficeRoute, pdfReply } from "./shared.js";

/** Drops the absent query parameters (storage queries take no `undefined` members). */
function defined<T extends Record<string, unknown>>(
  query: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/** An issued document's PDF, read (and audited) in one unit of work, rendered from its snapshot. */
async function documentPdf(ctx: RequestContext, kind: "invoice" | "credit_note", id: string) {
  const { record } = await runCommand(ctx, (work) => readDocument(work, kind, id, "pdf"));
  return pdfReply(printableDocument(record), `${record.number}.pdf`);
}

// --- charges ---

/** `GET /v1/staff/cases/:id/charges` */
export const listCaseCharges = backOfficeRoute({
  method: "get",
  path: "/v1/staff/cases/:id/charges",
  operationId: "backOfficeListCharges",
  summary: "A case's charges (the visits' status-machine charges included), oldest first",
  params: idParam,
  ...jsonAnswer(200, "Charges", { charges: z.array(chargeOut) }, each(presentCharge)),
  command: ({ params }, work) => caseCharges(work, params.id),
  runs: "read",
});

/** `POST /v1/staff/cases/:id/charges` */
export const addCharge = backOfficeRoute({
  method: "post",
  path: "/v1/staff/cases/:id/charges",
  operationId: "backOfficeAddCharge",
  summary: "Add a charge to a case (optionally for one of its visits)",
  description:
    "Without a visit or `billingProviderId`, the revenue is booked to `clinic` in reports.",
  roles: DESK,
  params: idParam,
  body: chargeBody,
  idempotent: true,
  ...jsonAnswer(201, "The charge", { charge: chargeOut }, presentCharge),
  command: ({ params, body }, work) => addManualCharge(work, params.id, body),
});

/** `PATCH /v1/staff/charges/:id` */
export const patchCharge = backOfficeRoute({
  method: "patch",
  path: "/v1/staff/charges/:id",
  operationId: "backOfficePatchCharge",
  summary: "Edit an uninvoiced charge (409 IMMUTABLE once invoiced: issue a credit note)",
  roles: DESK,
  params: idParam,
  body: patchChargeBody,
  ...jsonAnswer(200, "The charge", { charge: chargeOut }, presentCharge, {
    409: "IMMUTABLE (invoiced or void) or CONFLICT (version)",
  }),
  command: ({ params, body: { expectedVersion, ...patch } }, work) =>
    changeCharge(work, params.id, patch, expectedVersion),
});

/** `POST /v1/staff/charges/:id/void` */
export const voidChargeRoute = backOfficeRoute({
  method: "post",
  path: "/v1/staff/charges/:id/void",
  operationId: "backOfficeVoidCharge",
  summary: "Void an uninvoiced charge (409 IMMUTABLE once invoiced)",
  roles: DESK,
  params: idParam,
  body: voidBody,
  idempotent: true,
  ...jsonAnswer(200, "The voided charge", { charge: chargeOut }, presentCharge),
  command: ({ params, body }, work) => cancelCharge(work, params.id, body.reason),
});

/** A visit's billing as the staff routes answer it. */
const visitBillingOut = z
  .object({ appointmentId: z.string(), charges: z.array(chargeOut), paid: z.boolean() })
  .passthrough();

/** The engine's money answer for one visit, with its charges, payments and package, as JSON. */
function presentVisitBilling({ visit, money, package: pkg }: VisitBilling, now: Date) {
  return {
    appointmentId: visit.id,
    status: visit.status,
    caseId: money.caseId ?? null,
    charges: money.charges.map(presentCharge),
    payments: money.payments.map(presentPayment),
    money: money.status,
    paid: money.status.paid,
    package: pkg
      ? {
          id: pkg.id,
          name: pkg.name,
          balance: balanceOf(pkg, now),
          usedByThisVisit: pkg.uses.some((u) => u.appointmentId === visit.id),
          ...(money.sync.package?.error ? { error: money.sync.package.error } : {}),
        }
      : null,
    needsCreditNote: money.sync.needsCreditNote,
  };
}

/** `GET /v1/staff/appointments/:id/billing` */
export const visitBilling = appointmentOffice.get("/billing", {
  operationId: "backOfficeVisitBilling",
  summary: "A visit's money: case, charges, payments, paid or not, its package",
  description:
    "`money` is the engine's `visitPaymentStatus` for the visit in its case (`due`, `covered`, `outstanding`, `money`: `no_charges | unpaid | partly_paid | paid`); `paid` is true only for a completed visit with nothing left to pay.",
  responses: ok("The visit's billing", visitBillingOut),
  command: ({ params }, work) => readVisitBilling(work, params.id),
  runs: "read",
  reply: (billing, ctx) => ({ status: 200, body: presentVisitBilling(billing, ctx.now) }),
});

/** `GET /v1/staff/billing/visits` */
export const visitsBillingRoute = backOfficeRoute({
  method: "get",
  path: "/v1/staff/billing/visits",
  operationId: "backOfficeVisitsBilling",
  summary: "Several visits' money in one read (the checkout's day list)",
  description:
    "Each visit as `GET /v1/staff/appointments/{id}/billing` answers it, in the order asked (each id once).",
  query: visitsBillingQuery,
  ...jsonAnswer(
    200,
    "Each visit's billing",
    { visits: z.array(visitBillingOut) },
    (billings: VisitBilling[], ctx) => billings.map((b) => presentVisitBilling(b, ctx.now)),
    { 404: "NOT_FOUND: a visit you may not see" },
  ),
  command: ({ query }, work) => readVisitsBilling(work, query.ids.split(",")),
  runs: "read",
});

// --- invoices and credit notes ---

/** `POST /v1/staff/cases/:id/invoices` */
export const issueInvoiceRoute = backOfficeRoute({
  method: "post",
  path: "/v1/staff/cases/:id/invoices",
  operationId: "backOfficeIssueInvoice",
  summary: "Invoice a case's uninvoiced charges (gap-free number, frozen snapshot)",
  description:
    "Takes the next number of the clinic's invoice series for the year in the same transaction, so concurrent issues never skip or repeat a number. The clinic's tax ID must be set.",
  roles: DESK,
  params: idParam,
  body: issueInvoiceBody,
  idempotent: true,
  ...jsonAnswer(201, "The invoice", { invoice: documentOut }, presentDocument, {
    409: "CONFLICT: nothing to invoice, or a charge that is not open",
  }),
  command: ({ params, body }, work) => issueCaseInvoice(work, params.id, body),
});

/** `GET /v1/staff/invoices` */
export const listInvoices = backOfficeRoute({
  method: "get",
  path: "/v1/staff/invoices",
  operationId: "backOfficeListInvoices",
  summary: "Issued invoices and credit notes, by issue date",
  roles: DESK,
  query: listDocumentsQuery,
  responses: ok("Documents (without snapshots)", z.object({ documents: z.array(z.unknown()) })),
  handler: async ({ query }, ctx) => {
    const documents = await runCommand(ctx, (work) => listDocuments(work, defined(query)));
    return {
      status: 200,
      body: {
        documents: documents.map((d) => ({
          id: d.id,
          kind: d.kind,
          number: d.number,
          caseId: d.caseId,
          clientId: d.clientId,
          issuedAt: d.issuedAt,
          ...(d.invoiceId ? { invoiceId: d.invoiceId } : {}),
          total: (d.snapshot as { document?: { totals?: { gross?: number } } }).document?.totals
            ?.gross,
        })),
      },
    };
  },
});

/**
 * The two reads of an issued document (invoice or credit note), both audited: its PDF, rendered
 * from the frozen snapshot (registered before the JSON route, whose `:id` it would match), and its
 * JSON.
 */
function documentReads(
  kind: "invoice" | "credit_note",
  spec: { path: string; name: string; key: string; noun: string; pdf: string; json: string },
) {
  const pdf = backOfficeRoute({
    method: "get",
    path: `${spec.path}/:id{[^/]+\\.pdf}`,
    operationId: `backOffice${spec.noun}Pdf`,
    summary: spec.pdf,
    params: pdfParam,
    responses: file("The PDF", "application/pdf"),
    handler: async ({ params }, ctx) => documentPdf(ctx, kind, params.id),
  });
  const json = backOfficeRoute({
    method: "get",
    path: `${spec.path}/:id`,
    operationId: `backOfficeGet${spec.noun}`,
    summary: spec.json,
    params: idParam,
    ...jsonAnswer(200, `The ${spec.name}`, { [spec.key]: documentOut }, presentDocument),
    command: ({ params }, work) => readDocument(work, kind, params.id, "json"),
    runs: "read",
  });
  return [pdf, json] as const;
}

/** `GET /v1/staff/invoices/:id.pdf` and `GET /v1/staff/invoices/:id` */
export const [invoicePdf, getInvoice] = documentReads("invoice", {
  path: "/v1/staff/invoices",
  name: "invoice",
  key: "invoice",
  noun: "Invoice",
  pdf: "An invoice as PDF, rendered from its frozen snapshot (same bytes every time)",
  json: "An invoice: its frozen snapshot, live balance and credit notes (audited read)",
});

const immutable = (method: "patch" | "put" | "delete") =>
  backOfficeRoute({
    method,
    path: "/v1/staff/invoices/:id",
    operationId: `backOfficeInvoice${method[0]?.toUpperCase()}${method.slice(1)}`,
    summary: "Issued invoices never change: always 409 IMMUTABLE (issue a credit note)",
    params: idParam,
    responses: { 409: "IMMUTABLE" },
    handler: async ({ params }, ctx) => {
      await visibleDocument(ctx, ctx.app.storage, params.id, "invoice");
      throw new BookwellError(
        "IMMUTABLE",
        `Invoice ${params.id} is issued and cannot change; correct it with POST /v1/staff/invoices/${params.id}/credit-notes`,
      );
    },
  });

/** `PATCH /v1/staff/invoices/:id` → 409 */
export const patchInvoice = immutable("patch");
/** `PUT /v1/staff/invoices/:id` → 409 */
export const putInvoice = immutable("put");
/** `DELETE /v1/staff/invoices/:id` → 409 */
export const deleteInvoice = immutable("delete");

/** `POST /v1/staff/invoices/:id/credit-notes` */
export const issueCreditNoteRoute = backOfficeRoute({
  method: "post",
  path: "/v1/staff/invoices/:id/credit-notes",
  operationId: "backOfficeIssueCreditNote",
  summary: "Correct an invoice with a credit note (whole, or some lines / amounts)",
  roles: DESK,
  params: idParam,
  body: creditNoteBody,
  idempotent: true,
  ...jsonAnswer(201, "The credit note", { creditNote: documentOut }, presentDocument, {
    409: "CONFLICT: nothing left to credit, unknown line, more than the line",
  }),
  command: ({ params, body }, work) => issueInvoiceCreditNote(work, params.id, body),
});

/** `GET /v1/staff/credit-notes/:id.pdf` and `GET /v1/staff/credit-notes/:id` */
export const [creditNotePdf, getCreditNote] = documentReads("credit_note", {
  path: "/v1/staff/credit-notes",
  name: "credit note",
  key: "creditNote",
  noun: "CreditNote",
  pdf: "A credit note as PDF, from its frozen snapshot",
  json: "A credit note (audited read)",
});

// --- payments ---

/** `POST /v1/staff/payments` */
export const createPaymentRoute = backOfficeRoute({
  method: "post",
  path: "/v1/staff/payments",
  operationId: "backOfficeRecordPayment",
  summary: "Record a payment or refund against an invoice, a visit, or a case",
  description:
    "Name exactly one of `invoiceId`, `appointmentId`, `caseId`. A refund may not exceed what was paid for the same target (409 with `available`).",
  roles: DESK,
  body: paymentBody,
  idempotent: true,
  ...jsonAnswer(201, "The payment", { payment: paymentOut }, presentPayment, {
    409: "CONFLICT: refund larger than what was paid (`available`)",
  }),
  command: ({ body }, work) => recordPayment(work, body),
});

/** `GET /v1/staff/payments` */
export const listPaymentsRoute = backOfficeRoute({
  method: "get",
  path: "/v1/staff/payments",
  operationId: "backOfficeListPayments",
  summary: "Payments and refunds, by date",
  roles: DESK,
  query: listPaymentsQuery,
  ...jsonAnswer(200, "Payments", { payments: z.array(paymentOut) }, each(presentPayment)),
  load: ({ query }, ctx) => ctx.app.storage.listPayments(ctx.clinic.id, defined(query)),
});

/** `GET /v1/staff/payments/:id/receipt.pdf` */
export const receiptPdf = backOfficeRoute({
  method: "get",
  path: "/v1/staff/payments/:id/receipt.pdf",
  operationId: "backOfficeReceiptPdf",
  summary: "A payment's receipt as PDF (balance after it and package lines, frozen)",
  params: idParam,
  responses: file("The PDF", "application/pdf"),
  handler: async ({ params }, ctx) => {
    const read = (work: UnitOfWork) => readReceipt(work, params.id);
    const { payment, receipt } = await runCommand(ctx, read);
    return pdfReply(receipt, `receipt-${payment.id}.pdf`);
  },
});

/** `POST /v1/staff/payments/:id/refund-online` */
export const refundOnlineRoute = backOfficeRoute({
  method: "post",
  path: "/v1/staff/payments/:id/refund-online",
  operationId: "backOfficeRefundOnline",
  summary: "Refund (part of) an online payment through the payment provider",
  roles: DESK,
  params: idParam,
  body: onlineRefundBody,
  idempotent: true,
  ...jsonAnswer(201, "The refund", { payment: paymentOut }, presentPayment, {
    502: "PAYMENT_PROVIDER_FAILED",
  }),
  command: ({ params, body }, work) => refundOnline(work, params.id, body.amount),
});

// --- e-mail ---

const mailResponses = {
  202: {
    description: "Queued: the worker sends it with the PDFs attached",
    schema: z.object({ email: documentMailOut }),
  },
  400: "VALIDATION_FAILED: the client has no e-mail address (`email`)",
};

/** `POST /v1/staff/invoices/:id/email` */
export const emailInvoiceRoute = backOfficeRoute({
  method: "post",
  path: "/v1/staff/invoices/:id/email",
  operationId: "backOfficeEmailInvoice",
  summary: "E-mail an invoice to its client with the PDF attached (queued in the outbox)",
  description:
    "The message goes to the client's address (or `email`); the outbox worker renders the PDF from the invoice's snapshot when it sends, so the attachment is the PDF `GET /v1/staff/invoices/:id.pdf` serves.",
  roles: DESK,
  params: idParam,
  body: documentMailBody,
  idempotent: true,
  responses: mailResponses,
  command: ({ params, body }, work) => emailInvoice(work, params.id, body),
  reply: replyAs(202, "email"),
});

/** `POST /v1/staff/payments/:id/email` */
export const emailReceiptRoute = backOfficeRoute({
  method: "post",
  path: "/v1/staff/payments/:id/email",
  operationId: "backOfficeEmailReceipt",
  summary: "E-mail a payment's receipt (and the invoice it paid) with the PDFs attached",
  description:
    "The receipt prints the balance after the payment and the client's package lines; a payment of an invoice attaches the invoice too. Queued in the outbox like every message.",
  roles: DESK,
  params: idParam,
  body: documentMailBody,
  idempotent: true,
  responses: mailResponses,
  command: ({ params, body }, work) => emailReceipt(work, params.id, body),
  reply: replyAs(202, "email"),
});
