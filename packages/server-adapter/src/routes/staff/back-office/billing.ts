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
} from "../../../commands/back-office/charges.js";
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
import { commandReply } from "../../command-reply.js";
import { defineRoute } from "../../define.js";
import { idParam } from "../../schemas/public.js";
import { ANY_ROLE, DESK } from "../shared.js";
import {
  chargeBody,
  chargeOut,
  creditNoteBody,
  documentOut,
  issueInvoiceBody,
  listDocumentsQuery,
  listPaymentsQuery,
  onlineRefundBody,
  patchChargeBody,
  paymentBody,
  paymentOut,
  pdfParam,
  voidBody,
} from "./schemas.js";
import { BACK_OFFICE_TAGS, pdfReply } from "./shared.js";

const chargeResponse = z.object({ charge: chargeOut });

/** Drops the absent query parameters (storage queries take no `undefined` members). */
function defined<T extends Record<string, unknown>>(
  query: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

// --- charges ---

/** `GET /v1/staff/cases/:id/charges` */
export const listCaseCharges = defineRoute({
  method: "get",
  path: "/v1/staff/cases/:id/charges",
  operationId: "backOfficeListCharges",
  summary: "A case's charges (the visits' status-machine charges included), oldest first",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: idParam,
  responses: { 200: { description: "Charges", schema: z.object({ charges: z.array(chargeOut) }) } },
  handler: async ({ params }, ctx) => {
    const charges = await runCommand(ctx, (work) => caseCharges(work, params.id));
    return { status: 200, body: { charges: charges.map(presentCharge) } };
  },
});

/** `POST /v1/staff/cases/:id/charges` */
export const addCharge = defineRoute({
  method: "post",
  path: "/v1/staff/cases/:id/charges",
  operationId: "backOfficeAddCharge",
  summary: "Add a charge to a case (optionally for one of its visits)",
  description:
    "Without a visit or `billingProviderId`, the revenue is booked to `clinic` in reports.",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: DESK,
  params: idParam,
  body: chargeBody,
  idempotent: true,
  responses: { 201: { description: "The charge", schema: chargeResponse } },
  handler: async ({ params, body }, ctx) =>
    commandReply(
      ctx,
      (work) => addManualCharge(work, params.id, body),
      (charge) => ({ status: 201, body: { charge: presentCharge(charge) } }),
    ),
});

/** `PATCH /v1/staff/charges/:id` */
export const patchCharge = defineRoute({
  method: "patch",
  path: "/v1/staff/charges/:id",
  operationId: "backOfficePatchCharge",
  summary: "Edit an uninvoiced charge (409 IMMUTABLE once invoiced: issue a credit note)",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: DESK,
  params: idParam,
  body: patchChargeBody,
  responses: {
    200: { description: "The charge", schema: chargeResponse },
    409: { description: "IMMUTABLE (invoiced or void) or CONFLICT (version)" },
  },
  handler: async ({ params, body }, ctx) => {
    const { expectedVersion, ...patch } = body;
    return commandReply(
      ctx,
      (work) => changeCharge(work, params.id, patch, expectedVersion),
      (charge) => ({ status: 200, body: { charge: presentCharge(charge) } }),
    );
  },
});

/** `POST /v1/staff/charges/:id/void` */
export const voidChargeRoute = defineRoute({
  method: "post",
  path: "/v1/staff/charges/:id/void",
  operationId: "backOfficeVoidCharge",
  summary: "Void an uninvoiced charge (409 IMMUTABLE once invoiced)",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: DESK,
  params: idParam,
  body: voidBody,
  idempotent: true,
  responses: { 200: { description: "The voided charge", schema: chargeResponse } },
  handler: async ({ params, body }, ctx) =>
    commandReply(
      ctx,
      (work) => cancelCharge(work, params.id, body.reason),
      (charge) => ({ status: 200, body: { charge: presentCharge(charge) } }),
    ),
});

/** `GET /v1/staff/appointments/:id/billing` */
export const visitBilling = defineRoute({
  method: "get",
  path: "/v1/staff/appointments/:id/billing",
  operationId: "backOfficeVisitBilling",
  summary: "A visit's money: case, charges, payments, paid or not, its package",
  description:
    "`money` is the engine's `visitPaymentStatus` for the visit in its case (`due`, `covered`, `outstanding`, `money`: `no_charges | unpaid | partly_paid | paid`); `paid` is true only for a completed visit with nothing left to pay.",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: idParam,
  responses: {
    200: {
      description: "The visit's billing",
      schema: z
        .object({ appointmentId: z.string(), charges: z.array(chargeOut), paid: z.boolean() })
        .passthrough(),
    },
  },
  handler: async ({ params }, ctx) => {
    const {
      visit,
      money,
      package: pkg,
    } = await runCommand(ctx, (work) => readVisitBilling(work, params.id));
    return {
      status: 200,
      body: {
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
              balance: balanceOf(pkg, ctx.now),
              usedByThisVisit: pkg.uses.some((u) => u.appointmentId === visit.id),
              ...(money.sync.package?.error ? { error: money.sync.package.error } : {}),
            }
          : null,
        needsCreditNote: money.sync.needsCreditNote,
      },
    };
  },
});

// --- invoices and credit notes ---

/** `POST /v1/staff/cases/:id/invoices` */
export const issueInvoiceRoute = defineRoute({
  method: "post",
  path: "/v1/staff/cases/:id/invoices",
  operationId: "backOfficeIssueInvoice",
  summary: "Invoice a case's uninvoiced charges (gap-free number, frozen snapshot)",
  description:
    "Takes the next number of the clinic's invoice series for the year in the same transaction, so concurrent issues never skip or repeat a number. The clinic's tax ID must be set.",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: DESK,
  params: idParam,
  body: issueInvoiceBody,
  idempotent: true,
  responses: {
    201: { description: "The invoice", schema: z.object({ invoice: documentOut }) },
    409: { description: "CONFLICT: nothing to invoice, or a charge that is not open" },
  },
  handler: async ({ params, body }, ctx) =>
    commandReply(
      ctx,
      (work) => issueCaseInvoice(work, params.id, body),
      (invoice) => ({ status: 201, body: { invoice: presentDocument(invoice) } }),
    ),
});

/** `GET /v1/staff/invoices` */
export const listInvoices = defineRoute({
  method: "get",
  path: "/v1/staff/invoices",
  operationId: "backOfficeListInvoices",
  summary: "Issued invoices and credit notes, by issue date",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: DESK,
  query: listDocumentsQuery,
  responses: {
    200: {
      description: "Documents (without snapshots)",
      schema: z.object({ documents: z.array(z.unknown()) }),
    },
  },
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

/** `GET /v1/staff/invoices/:id.pdf` (registered before the JSON route) */
export const invoicePdf = defineRoute({
  method: "get",
  path: "/v1/staff/invoices/:id{[^/]+\\.pdf}",
  operationId: "backOfficeInvoicePdf",
  summary: "An invoice as PDF, rendered from its frozen snapshot (same bytes every time)",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: pdfParam,
  responses: { 200: { description: "The PDF", contentType: "application/pdf" } },
  handler: async ({ params }, ctx) => {
    const read = (work: UnitOfWork) => readDocument(work, "invoice", params.id, "pdf");
    const { record } = await runCommand(ctx, read);
    return pdfReply(printableDocument(record), `${record.number}.pdf`);
  },
});

/** `GET /v1/staff/invoices/:id` */
export const getInvoice = defineRoute({
  method: "get",
  path: "/v1/staff/invoices/:id",
  operationId: "backOfficeGetInvoice",
  summary: "An invoice: its frozen snapshot, live balance and credit notes (audited read)",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: idParam,
  responses: { 200: { description: "The invoice", schema: z.object({ invoice: documentOut }) } },
  handler: async ({ params }, ctx) => {
    const read = (work: UnitOfWork) => readDocument(work, "invoice", params.id, "json");
    return { status: 200, body: { invoice: presentDocument(await runCommand(ctx, read)) } };
  },
});

const immutable = (method: "patch" | "put" | "delete") =>
  defineRoute({
    method,
    path: "/v1/staff/invoices/:id",
    operationId: `backOfficeInvoice${method[0]?.toUpperCase()}${method.slice(1)}`,
    summary: "Issued invoices never change: always 409 IMMUTABLE (issue a credit note)",
    tags: BACK_OFFICE_TAGS,
    access: "staff",
    roles: ANY_ROLE,
    params: idParam,
    responses: { 409: { description: "IMMUTABLE" } },
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
export const issueCreditNoteRoute = defineRoute({
  method: "post",
  path: "/v1/staff/invoices/:id/credit-notes",
  operationId: "backOfficeIssueCreditNote",
  summary: "Correct an invoice with a credit note (whole, or some lines / amounts)",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: DESK,
  params: idParam,
  body: creditNoteBody,
  idempotent: true,
  responses: {
    201: { description: "The credit note", schema: z.object({ creditNote: documentOut }) },
    409: { description: "CONFLICT: nothing left to credit, unknown line, more than the line" },
  },
  handler: async ({ params, body }, ctx) =>
    commandReply(
      ctx,
      (work) => issueInvoiceCreditNote(work, params.id, body),
      (creditNote) => ({ status: 201, body: { creditNote: presentDocument(creditNote) } }),
    ),
});

/** `GET /v1/staff/credit-notes/:id.pdf` */
export const creditNotePdf = defineRoute({
  method: "get",
  path: "/v1/staff/credit-notes/:id{[^/]+\\.pdf}",
  operationId: "backOfficeCreditNotePdf",
  summary: "A credit note as PDF, from its frozen snapshot",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: pdfParam,
  responses: { 200: { description: "The PDF", contentType: "application/pdf" } },
  handler: async ({ params }, ctx) => {
    const read = (work: UnitOfWork) => readDocument(work, "credit_note", params.id, "pdf");
    const { record } = await runCommand(ctx, read);
    return pdfReply(printableDocument(record), `${record.number}.pdf`);
  },
});

/** `GET /v1/staff/credit-notes/:id` */
export const getCreditNote = defineRoute({
  method: "get",
  path: "/v1/staff/credit-notes/:id",
  operationId: "backOfficeGetCreditNote",
  summary: "A credit note (audited read)",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: idParam,
  responses: {
    200: { description: "The credit note", schema: z.object({ creditNote: documentOut }) },
  },
  handler: async ({ params }, ctx) => {
    const read = (work: UnitOfWork) => readDocument(work, "credit_note", params.id, "json");
    return { status: 200, body: { creditNote: presentDocument(await runCommand(ctx, read)) } };
  },
});

// --- payments ---

/** `POST /v1/staff/payments` */
export const createPaymentRoute = defineRoute({
  method: "post",
  path: "/v1/staff/payments",
  operationId: "backOfficeRecordPayment",
  summary: "Record a payment or refund against an invoice, a visit, or a case",
  description:
    "Name exactly one of `invoiceId`, `appointmentId`, `caseId`. A refund may not exceed what was paid for the same target (409 with `available`).",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: DESK,
  body: paymentBody,
  idempotent: true,
  responses: {
    201: { description: "The payment", schema: z.object({ payment: paymentOut }) },
    409: { description: "CONFLICT: refund larger than what was paid (`available`)" },
  },
  handler: async ({ body }, ctx) =>
    commandReply(
      ctx,
      (work) => recordPayment(work, body),
      (payment) => ({ status: 201, body: { payment: presentPayment(payment) } }),
    ),
});

/** `GET /v1/staff/payments` */
export const listPaymentsRoute = defineRoute({
  method: "get",
  path: "/v1/staff/payments",
  operationId: "backOfficeListPayments",
  summary: "Payments and refunds, by date",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: DESK,
  query: listPaymentsQuery,
  responses: {
    200: { description: "Payments", schema: z.object({ payments: z.array(paymentOut) }) },
  },
  handler: async ({ query }, ctx) => ({
    status: 200,
    body: {
      payments: (await ctx.app.storage.listPayments(ctx.clinic.id, defined(query))).map(
        presentPayment,
      ),
    },
  }),
});

/** `GET /v1/staff/payments/:id/receipt.pdf` */
export const receiptPdf = defineRoute({
  method: "get",
  path: "/v1/staff/payments/:id/receipt.pdf",
  operationId: "backOfficeReceiptPdf",
  summary: "A payment's receipt as PDF (balance after it and package lines, frozen)",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: idParam,
  responses: { 200: { description: "The PDF", contentType: "application/pdf" } },
  handler: async ({ params }, ctx) => {
    const read = (work: UnitOfWork) => readReceipt(work, params.id);
    const { payment, receipt } = await runCommand(ctx, read);
    return pdfReply(receipt, `receipt-${payment.id}.pdf`);
  },
});

/** `POST /v1/staff/payments/:id/refund-online` */
export const refundOnlineRoute = defineRoute({
  method: "post",
  path: "/v1/staff/payments/:id/refund-online",
  operationId: "backOfficeRefundOnline",
  summary: "Refund (part of) an online payment through the payment provider",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: DESK,
  params: idParam,
  body: onlineRefundBody,
  idempotent: true,
  responses: {
    201: { description: "The refund", schema: z.object({ payment: paymentOut }) },
    502: { description: "PAYMENT_PROVIDER_FAILED" },
  },
  handler: async ({ params, body }, ctx) =>
    commandReply(
      ctx,
      (work) => refundOnline(work, params.id, body.amount),
      (refund) => ({ status: 201, body: { payment: presentPayment(refund) } }),
    ),
});
