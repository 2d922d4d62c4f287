// Invoices and credit notes: issuing gathers a case's uninvoiced charges, takes the next gap-free
// number of the clinic's series for the year inside the same transaction, and stores the engine's
// deep-frozen snapshot (plus the balance and package lines printed on it). An issued document is
// never edited; a credit note corrects it. PDFs render from the snapshot only.

import {
  type CreditNote,
  clockFor,
  type Invoice,
  issueCreditNote,
  issueInvoice,
  nextDocumentNumber,
} from "@bookwell/engine";
import { randomId } from "../../auth/api-keys.js";
import { BookwellError } from "../../errors.js";
import type { PrintableDocument } from "../../pdf/document-pdf.js";
import type { BillingDocumentRecord, PaymentRecord } from "../../storage/back-office.js";
import type {
  ClientRecord,
  ClinicRecord,
  StorageOperations,
  StorageTransaction,
} from "../../storage/storage.js";
import type { RequestContext } from "../context.js";
import { assertClientVisible, visibleCase } from "./access.js";
import { audit } from "./audit.js";
import { visitsOfCase } from "./cases.js";
import { seriesFor } from "./config.js";
import {
  clientBalanceOf,
  type DocumentSnapshot,
  invoiceBalanceOf,
  loadLedger,
  type PrintExtras,
  snapshotJson,
  snapshotOf,
} from "./ledger.js";
import { balanceOf } from "./package-state.js";
import { syncVisits } from "./visit-billing.js";

/**
 * The clinic as the seller on a document; its tax ID is required to invoice.
 *
 * @example
 * clinicParty(ctx.clinic); // { name, taxId, address?, email? }
 */
export function clinicParty(clinic: ClinicRecord) {
  if (!clinic.taxId) {
    throw new BookwellError(
      "VALIDATION_FAILED",
      "Set the clinic's tax ID before issuing documents",
      {
        errors: [
          {
            field: "settings.taxId",
            message: "is required on invoices (PATCH /v1/staff/settings)",
          },
        ],
      },
    );
  }
  return {
    name: clinic.name,
    taxId: clinic.taxId,
    ...(clinic.address ? { address: clinic.address } : {}),
    ...(clinic.email ? { email: clinic.email } : {}),
  };
}

/**
 * The client as the buyer on a document.
 *
 * @example
 * clientParty(client); // { id, name, taxId? , email? }
 */
export function clientParty(client: ClientRecord) {
  const { address } = client;
  return {
    id: client.id,
    name: client.name,
    ...(client.taxId ? { taxId: client.taxId } : {}),
    ...(address ? { address } : {}),
    ...(client.email ? { email: client.email } : {}),
  };
}

/** The clinic's contact lines printed under its name. */
function clinicContact(clinic: ClinicRecord): string[] {
  return [clinic.phone, clinic.email].filter((v): v is string => typeof v === "string" && v !== "");
}

/**
 * The client's package balance lines at `now` (open packages they own or may use).
 *
 * @example
 * await packageLines(tx, clinicId, "cli_1", now); // [{ id, name, line: "2 of 10 used, 8 left…" }]
 */
export async function packageLines(
  ops: StorageOperations,
  clinicId: string,
  clientId: string,
  now: Date,
): Promise<PrintExtras["packages"]> {
  const packages = await ops.listPackages(clinicId, { clientId, status: "open" });
  return packages.map((p) => ({ id: p.id, name: p.name, line: balanceOf(p, now).line }));
}

function localYear(now: Date, timeZone: string): number {
  const day = clockFor(timeZone).dayOf(now.getTime());
  return new Date(day * 86_400_000).getUTCFullYear();
}

/** Takes the next number of a series in this transaction and formats it (engine rules). */
async function nextNumber(
  tx: StorageTransaction,
  ctx: RequestContext,
  kind: "invoice" | "credit_note",
) {
  const series = seriesFor(ctx.app.storage, kind, localYear(ctx.now, ctx.clinic.timeZone));
  const sequence = await tx.claimDocumentNumber(ctx.clinic.id, series.key);
  const numbering = {
    prefix: series.prefix,
    minDigits: series.minDigits,
    previous: sequence === 1 ? null : sequence - 1,
  };
  // The engine formats and checks the number; the storage counter made it gap-free.
  const formatted = nextDocumentNumber(numbering, `${kind}.numbering`);
  return { series, sequence, numbering, number: formatted.number };
}

/** Input of {@link issueCaseInvoice}. */
export interface IssueInvoiceRequest {
  chargeIds?: string[] | undefined;
  dueAt?: string | undefined;
  notes?: string | undefined;
}

const INVOICE_REFUSALS: Record<string, { code: "CONFLICT" | "VALIDATION_FAILED"; field: string }> =
  {
    NOTHING_TO_INVOICE: { code: "CONFLICT", field: "chargeIds" },
    CHARGE_NOT_INVOICEABLE: { code: "CONFLICT", field: "chargeIds" },
    NEGATIVE_TOTAL: { code: "VALIDATION_FAILED", field: "chargeIds" },
  };

/**
 * Issues an invoice for a case's uninvoiced charges (or the listed ones) in one transaction:
 * syncs the case's visits, locks the case, takes the next number, stores the frozen snapshot,
 * marks the charges invoiced and audits it.
 *
 * @example
 * const record = await issueCaseInvoice(tx, ctx, "case_1", { dueAt: "2026-04-09T00:00:00Z" });
 */
export async function issueCaseInvoice(
  tx: StorageTransaction,
  ctx: RequestContext,
  caseId: string,
  request: IssueInvoiceRequest,
): Promise<BillingDocumentRecord> {
  const clinicId = ctx.clinic.id;
  const kase = await visibleCase(ctx, tx, caseId);
  const seller = clinicParty(ctx.clinic);
  await tx.lockCase(clinicId, kase.id);
  await syncVisits(tx, clinicId, await visitsOfCase(tx, clinicId, kase));
  const client = await tx.getClient(clinicId, kase.clientId);
  if (!client) throw new BookwellError("NOT_FOUND", `No client with id ${kase.clientId}`);
  if (request.dueAt) {
    // Due the day it is issued ("on receipt") or later, by the clinic's calendar.
    const clock = clockFor(ctx.clinic.timeZone);
    if (clock.dayOf(Date.parse(request.dueAt)) < clock.dayOf(ctx.now.getTime())) {
      throw new BookwellError("VALIDATION_FAILED", "An invoice cannot be due before it is issued", {
        errors: [{ field: "dueAt", message: "must not be before the issue date" }],
      });
    }
  }
  const ledger = await loadLedger(tx, clinicId, ctx.clinic.currency, { clientId: client.id });
  const { series, sequence, numbering, number } = await nextNumber(tx, ctx, "invoice");
  const id = randomId("inv");
  const result = issueInvoice({
    id,
    caseId: kase.id,
    charges: ledger.charges.filter((c) => c.caseId === kase.id),
    ...(request.chargeIds ? { chargeIds: request.chargeIds } : {}),
    client: clientParty(client),
    clinic: seller,
    numbering,
    issuedAt: ctx.now.toISOString(),
    ...(request.dueAt ? { dueAt: request.dueAt } : {}),
    ...(request.notes ? { notes: request.notes } : {}),
  });
  if (!result.ok) {
    const refusal = INVOICE_REFUSALS[result.error.code] ?? INVOICE_REFUSALS.NOTHING_TO_INVOICE;
    throw new BookwellError(refusal?.code ?? "CONFLICT", result.error.message, {
      errors: [{ field: refusal?.field ?? "chargeIds", message: result.error.message }],
      extensions: {
        reason: result.error.code,
        ...(result.error.chargeId ? { chargeId: result.error.chargeId } : {}),
      },
    });
  }
  if (result.invoice.number !== number) {
    throw new Error(`numbering mismatch: ${result.invoice.number} vs ${number}`);
  }
  // Issuing moves charges from uninvoiced to invoiced at the same gross: the balance is unchanged.
  const balance = clientBalanceOf(ledger, client.id);
  const snapshot: DocumentSnapshot = {
    document: result.invoice as Invoice,
    print: {
      locale: ctx.clinic.locale,
      timeZone: ctx.clinic.timeZone,
      outstanding: { amount: balance.outstanding, currency: ctx.clinic.currency },
      packages: await packageLines(tx, clinicId, client.id, ctx.now),
      clinicContact: clinicContact(ctx.clinic),
    },
  };
  const record = await tx.insertBillingDocument(clinicId, {
    kind: "invoice",
    id,
    series: series.key,
    sequence,
    number,
    caseId: kase.id,
    clientId: client.id,
    issuedAt: ctx.now,
    snapshot: snapshotJson(snapshot),
  });
  const versions = new Map(ledger.records.charges.map((c) => [c.id, c.version]));
  for (const charge of result.charges) {
    await tx.updateCharge(
      clinicId,
      charge.id,
      { status: "invoiced", invoiceId: id },
      { expectedVersion: versions.get(charge.id) ?? 0 },
    );
  }
  await audit(tx, ctx, "invoice.issued", "invoice", id, {
    number,
    caseId: kase.id,
    clientId: client.id,
    total: result.invoice.totals.gross,
    charges: result.charges.map((c) => c.id),
  });
  return record;
}

/** Input of {@link issueInvoiceCreditNote}. */
export interface CreditNoteRequest {
  reason: string;
  lines?: { chargeId: string; amount?: number | undefined }[] | undefined;
}

/**
 * Issues a credit note against an issued invoice (the only way to correct one): the engine checks
 * what may still be credited; the number is the next of the credit-note series.
 *
 * @example
 * await issueInvoiceCreditNote(tx, ctx, "inv_1", { reason: "Goodwill", lines: [{ chargeId: "ch_1", amount: 500 }] });
 */
export async function issueInvoiceCreditNote(
  tx: StorageTransaction,
  ctx: RequestContext,
  invoiceId: string,
  request: CreditNoteRequest,
): Promise<BillingDocumentRecord> {
  const clinicId = ctx.clinic.id;
  const invoiceRecord = await visibleDocument(ctx, tx, invoiceId, "invoice");
  await tx.lockCase(clinicId, invoiceRecord.caseId);
  const invoice = snapshotOf(invoiceRecord).document as Invoice;
  const ledger = await loadLedger(tx, clinicId, ctx.clinic.currency, {
    clientId: invoiceRecord.clientId,
  });
  const previous = ledger.creditNotes.filter((n) => n.invoiceId === invoice.id);
  const { series, sequence, numbering, number } = await nextNumber(tx, ctx, "credit_note");
  const id = randomId("cn");
  const result = issueCreditNote({
    id,
    invoice,
    previousCreditNotes: previous,
    numbering,
    issuedAt: ctx.now.toISOString(),
    reason: request.reason,
    ...(request.lines
      ? {
          lines: request.lines.map((l) => ({
            chargeId: l.chargeId,
            ...(l.amount === undefined
              ? {}
              : { amount: { amount: l.amount, currency: invoice.currency } }),
          })),
        }
      : {}),
  });
  if (!result.ok) {
    throw new BookwellError("CONFLICT", result.error.message, {
      errors: [{ field: "lines", message: result.error.message }],
      extensions: {
        reason: result.error.code,
        ...(result.error.chargeId ? { chargeId: result.error.chargeId } : {}),
      },
    });
  }
  const creditNote = result.creditNote as CreditNote;
  const after = clientBalanceOf(
    { ...ledger, creditNotes: [...ledger.creditNotes, creditNote] },
    invoiceRecord.clientId,
  );
  const snapshot: DocumentSnapshot = {
    document: creditNote,
    print: {
      locale: ctx.clinic.locale,
      timeZone: ctx.clinic.timeZone,
      outstanding: { amount: after.outstanding, currency: ctx.clinic.currency },
      packages: await packageLines(tx, clinicId, invoiceRecord.clientId, ctx.now),
      clinicContact: clinicContact(ctx.clinic),
    },
  };
  const record = await tx.insertBillingDocument(clinicId, {
    kind: "credit_note",
    id,
    series: series.key,
    sequence,
    number,
    caseId: invoiceRecord.caseId,
    clientId: invoiceRecord.clientId,
    invoiceId: invoice.id,
    issuedAt: ctx.now,
    snapshot: snapshotJson(snapshot),
  });
  await audit(tx, ctx, "credit_note.issued", "credit_note", id, {
    number,
    invoiceId: invoice.id,
    reason: request.reason,
    total: creditNote.totals.gross,
  });
  return record;
}

/**
 * An issued document of the given kind that the caller may see, else 404.
 *
 * @example
 * const inv = await visibleDocument(ctx, tx, "inv_1", "invoice");
 */
export async function visibleDocument(
  ctx: RequestContext,
  ops: StorageOperations,
  id: string,
  kind: "invoice" | "credit_note",
): Promise<BillingDocumentRecord> {
  const found = await ops.getBillingDocument(ctx.clinic.id, id);
  const label = kind === "invoice" ? "invoice" : "credit note";
  if (!found || found.kind !== kind)
    throw new BookwellError("NOT_FOUND", `No ${label} with id ${id}`);
  await assertClientVisible(ctx, ops, found.clientId, label, id);
  return found;
}

/**
 * An issued document as the API shows it: the frozen snapshot, what was printed with it, and —
 * for invoices — the live balance and the credit notes issued against it.
 *
 * @example
 * const body = await presentDocument(tx, ctx, record);
 */
export async function presentDocument(
  ops: StorageOperations,
  ctx: RequestContext,
  record: BillingDocumentRecord,
) {
  const snapshot = snapshotOf(record);
  const base = {
    id: record.id,
    kind: record.kind,
    number: record.number,
    caseId: record.caseId,
    clientId: record.clientId,
    issuedAt: record.issuedAt,
    ...(record.invoiceId ? { invoiceId: record.invoiceId } : {}),
    snapshot: snapshot.document,
    printed: snapshot.print,
    pdf: `/v1/staff/${record.kind === "invoice" ? "invoices" : "credit-notes"}/${record.id}.pdf`,
  };
  if (record.kind !== "invoice") return base;
  const ledger = await loadLedger(ops, ctx.clinic.id, ctx.clinic.currency, {
    caseId: record.caseId,
  });
  const invoice = snapshot.document as Invoice;
  return {
    ...base,
    balance: invoiceBalanceOf(ledger, invoice),
    creditNotes: ledger.records.documents
      .filter((d) => d.invoiceId === record.id)
      .map((d) => ({ id: d.id, number: d.number, issuedAt: d.issuedAt })),
  };
}

/**
 * What the PDF of an invoice or credit note prints, from its snapshot only.
 *
 * @example
 * const bytes = await renderDocumentPdf(printableDocument(record));
 */
export function printableDocument(record: BillingDocumentRecord): PrintableDocument {
  const { document, print } = snapshotOf(record);
  const common = {
    number: document.number,
    issuedAt: document.issuedAt,
    locale: print.locale,
    timeZone: print.timeZone,
    currency: document.currency,
    seller: document.seller,
    sellerContact: print.clinicContact,
    buyer: document.buyer,
    taxes: document.taxes.map((t) => ({ ...t })),
    totals: { ...document.totals },
    outstanding: print.outstanding?.amount ?? null,
    packages: print.packages.map((p) => (p.name ? `${p.name}: ${p.line}` : p.line)),
  };
  if (document.kind === "invoice") {
    return {
      ...common,
      kind: "invoice",
      ...(document.dueAt ? { dueAt: document.dueAt } : {}),
      references: [],
      lines: document.lines.map((l) => ({
        description: l.description,
        quantity: l.quantity,
        unitPrice: l.unitPrice.amount,
        taxRateBp: l.taxRateBp,
        gross: l.gross,
      })),
      ...(document.notes ? { notes: document.notes } : {}),
    };
  }
  const labels = print.locale.toLowerCase().startsWith("pt")
    ? ["Retifica a fatura", "Motivo"]
    : print.locale.toLowerCase().startsWith("es")
      ? ["Rectifica la factura", "Motivo"]
      : ["Corrects invoice", "Reason"];
  return {
    ...common,
    kind: "credit_note",
    references: [
      { label: labels[0] ?? "Corrects invoice", value: document.invoiceNumber },
      { label: labels[1] ?? "Reason", value: document.reason },
    ],
    lines: document.lines.map((l) => ({
      description: l.description,
      taxRateBp: l.taxRateBp,
      gross: l.gross,
    })),
  };
}

/**
 * What a payment's receipt prints, from the receipt snapshot frozen with the payment.
 *
 * @example
 * const bytes = await renderDocumentPdf(printableReceipt(payment));
 */
export function printableReceipt(payment: PaymentRecord): PrintableDocument {
  const r = payment.meta.receipt as unknown as ReceiptSnapshot | undefined;
  if (!r) throw new BookwellError("NOT_FOUND", `No receipt for payment ${payment.id}`);
  const sign = payment.kind === "refund" ? -1 : 1;
  return {
    kind: "receipt",
    number: r.number,
    issuedAt: payment.at,
    locale: r.locale,
    timeZone: r.timeZone,
    currency: payment.amount.currency,
    seller: r.seller,
    sellerContact: r.sellerContact,
    buyer: r.buyer,
    references: r.references,
    lines: [
      {
        description: r.description,
        taxRateBp: 0,
        gross: sign * payment.amount.amount,
      },
    ],
    taxes: [],
    totals: { net: sign * payment.amount.amount, tax: 0, gross: sign * payment.amount.amount },
    outstanding: r.outstanding,
    packages: r.packages,
  };
}

/** What is frozen with a payment to print its receipt later, always the same. */
export interface ReceiptSnapshot {
  number: string;
  locale: string;
  timeZone: string;
  seller: { name: string; taxId?: string; address?: string; email?: string };
  sellerContact: string[];
  buyer: { name: string; taxId?: string; email?: string };
  description: string;
  references: { label: string; value: string }[];
  /** The client's outstanding balance right after the payment (minor units). */
  outstanding: number;
  packages: string[];
}

/**
 * The receipt snapshot of a payment: seller and buyer as they are now, what it paid, the balance
 * after it and the package lines.
 *
 * @example
 * meta.receipt = receiptSnapshot(ctx, client, payment, description, references, outstanding, lines);
 */
export function receiptSnapshot(
  ctx: RequestContext,
  client: ClientRecord,
  paymentId: string,
  description: string,
  references: { label: string; value: string }[],
  outstanding: number,
  packages: PrintExtras["packages"],
): ReceiptSnapshot {
  const seller = {
    name: ctx.clinic.name,
    ...(ctx.clinic.taxId ? { taxId: ctx.clinic.taxId } : {}),
    ...(ctx.clinic.address ? { address: ctx.clinic.address } : {}),
    ...(ctx.clinic.email ? { email: ctx.clinic.email } : {}),
  };
  return {
    number: `R-${paymentId}`,
    locale: ctx.clinic.locale,
    timeZone: ctx.clinic.timeZone,
    seller,
    sellerContact: clinicContact(ctx.clinic),
    buyer: {
      name: client.name,
      ...(client.taxId ? { taxId: client.taxId } : {}),
      ...(client.email ? { email: client.email } : {}),
    },
    description,
    references,
    outstanding,
    packages: packages.map((p) => (p.name ? `${p.name}: ${p.line}` : p.line)),
  };
}
