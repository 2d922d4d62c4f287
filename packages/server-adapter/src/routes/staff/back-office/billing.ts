// Money routes: charges (added, edited until invoiced, voided), a visit's billing, invoices (issue
// with a gap-free number, read audited, PDF from the snapshot, edits refused), credit notes,
// payments and refunds with their receipts.

import { z } from "zod";
import { BookwellError } from "../../../errors.js";
import { assertClientVisible, visibleCase } from "../../../services/back-office/access.js";
import { audit } from "../../../services/back-office/audit.js";
import { visitsOfCase } from "../../../services/back-office/cases.js";
import {
  addManualCharge,
  cancelCharge,
  changeCharge,
  presentCharge,
} from "../../../services/back-office/charges.js";
import {
  issueCaseInvoice,
  issueInvoiceCreditNote,
  presentDocument,
  printableDocument,
  printableReceipt,
  visibleDocument,
} from "../../../services/back-office/documents.js";
import { refundOnline } from "../../../services/back-office/online-payments.js";
import { balanceOf, packageForVisit } from "../../../services/back-office/package-state.js";
import {
  presentPayment,
  recordPayment,
  visiblePayment,
} from "../../../services/back-office/payments.js";
import { syncVisits } from "../../../services/back-office/visit-billing.js";
import { visitPayment } from "../../../services/back-office/visit-payment.js";
import { visibleAppointment } from "../../../services/staff-appointments.js";
import { inTransaction } from "../../../services/transaction.js";
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
import { BACK_OFFICE_TAGS, inRequestTransaction, pdfReply } from "./shared.js";

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
  handler: async ({ params }, ctx) =>
    inTransaction(ctx.app.storage, async (tx) => {
      const kase = await visibleCase(ctx, tx, params.id);
      await syncVisits(tx, ctx.clinic.id, await visitsOfCase(tx, ctx.clinic.id, kase));
      const charges = await tx.listCharges(ctx.clinic.id, { caseId: kase.id });
      return { status: 200, body: { charges: charges.map(presentCharge) } };
    }),
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
    inRequestTransaction(ctx, async (tx) => ({
      status: 201,
      body: { charge: presentCharge(await addManualCharge(tx, ctx, params.id, body)) },
    })),
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
  handler: async ({ params, body }, ctx) =>
    inRequestTransaction(ctx, async (tx) => {
      const { expectedVersion, ...patch } = body;
      const saved = await changeCharge(tx, ctx, params.id, patch, expectedVersion);
      return { status: 200, body: { charge: presentCharge(saved) } };
    }),
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
    inRequestTransaction(ctx, async (tx) => ({
      status: 200,
      body: { charge: presentCharge(await cancelCharge(tx, ctx, params.id, body.reason)) },
    })),
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
  handler: async ({ params }, ctx) =>
    inTransaction(ctx.app.storage, async (tx) => {
      const visit = await visibleAppointment(ctx, tx, params.id);
      const money = await visitPayment(tx, ctx.clinic.id, ctx.clinic.currency, visit);
      const pkg = await packageForVisit(tx, ctx.clinic.id, visit.id, visit.clientId);
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
    }),
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
    inRequestTransaction(ctx, async (tx) => {
      const record = await issueCaseInvoice(tx, ctx, params.id, body);
      return { status: 201, body: { invoice: await presentDocument(tx, ctx, record) } };
    }),
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
  handler: async ({ query }, ctx) =>
    inTransaction(ctx.app.storage, async (tx) => {
      const documents = await tx.listBillingDocuments(ctx.clinic.id, defined(query));
      await audit(tx, ctx, "invoice.listed", "invoice", "list", { count: documents.length });
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
    }),
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
  handler: async ({ params }, ctx) =>
    inTransaction(ctx.app.storage, async (tx) => {
      const record = await visibleDocument(ctx, tx, params.id, "invoice");
      await audit(tx, ctx, "invoice.read", "invoice", record.id, { format: "pdf" });
      return pdfReply(printableDocument(record), `${record.number}.pdf`);
    }),
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
  handler: async ({ params }, ctx) =>
    inTransaction(ctx.app.storage, async (tx) => {
      const record = await visibleDocument(ctx, tx, params.id, "invoice");
      await audit(tx, ctx, "invoice.read", "invoice", record.id);
      return { status: 200, body: { invoice: await presentDocument(tx, ctx, record) } };
    }),
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
    inRequestTransaction(ctx, async (tx) => {
      const record = await issueInvoiceCreditNote(tx, ctx, params.id, body);
      return { status: 201, body: { creditNote: await presentDocument(tx, ctx, record) } };
    }),
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
  handler: async ({ params }, ctx) =>
    inTransaction(ctx.app.storage, async (tx) => {
      const record = await visibleDocument(ctx, tx, params.id, "credit_note");
      await audit(tx, ctx, "credit_note.read", "credit_note", record.id, { format: "pdf" });
      return pdfReply(printableDocument(record), `${record.number}.pdf`);
    }),
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
  handler: async ({ params }, ctx) =>
    inTransaction(ctx.app.storage, async (tx) => {
      const record = await visibleDocument(ctx, tx, params.id, "credit_note");
      await audit(tx, ctx, "credit_note.read", "credit_note", record.id);
      return { status: 200, body: { creditNote: await presentDocument(tx, ctx, record) } };
    }),
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
    inRequestTransaction(ctx, async (tx) => ({
      status: 201,
      body: { payment: presentPayment(await recordPayment(tx, ctx, body)) },
    })),
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
  handler: async ({ params }, ctx) =>
    inTransaction(ctx.app.storage, async (tx) => {
      const payment = await visiblePayment(ctx, tx, params.id);
      await assertClientVisible(ctx, tx, payment.clientId, "payment", payment.id);
      await audit(tx, ctx, "payment.receipt_read", "payment", payment.id);
      return pdfReply(printableReceipt(payment), `receipt-${payment.id}.pdf`);
    }),
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
  handler: async ({ params, body }, ctx) => {
    const refund = await refundOnline(ctx, params.id, body.amount);
    return { status: 201, body: { payment: presentPayment(refund) } };
  },
});
