// Invoices and credit notes: issuing gathers a case's uninvoiced charges, takes the next gap-free
// number of the clinic's series for the year inside the same transaction, and stores the engine's
// deep-frozen snapshot (plus the balance and package lines printed on it). An issued document is
// never edited; a credit note corrects it. Every read of one is audited with who and when.

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
import { visibleCase } from "../../services/back-office/access.js";
import { visitsOfCase } from "../../services/back-office/cases.js";
import { seriesFor } from "../../services/back-office/config.js";
import {
  billedParty,
  clinicContact,
  clinicParty,
  type DocumentState,
  documentState,
  packageLines,
  payerReferences,
  visibleDocument,
} from "../../services/back-office/documents.js";
import {
  clientBalanceOf,
  type DocumentSnapshot,
  loadLedger,
  snapshotJson,
  snapshotOf,
} from "../../services/back-office/ledger.js";
import { syncVisits } from "../../services/back-office/visit-billing.js";
import { setFields } from "../../services/fields.js";
import type { BillingDocumentQuery, BillingDocumentRecord } from "../../storage/back-office.js";
import type { UnitOfWork } from "../unit-of-work.js";

function localYear(now: Date, timeZone: string): number {
  const day = clockFor(timeZone).dayOf(now.getTime());
  return new Date(day * 86_400_000).getUTCFullYear();
}

/** Takes the next number of a series in this transaction and formats it (engine rules). */
async function nextNumber(work: UnitOfWork, kind: "invoice" | "credit_note") {
  const { tx } = work;
  const series = seriesFor(work.app.storage, kind, localYear(work.now, work.clinic.timeZone));
  const sequence = await tx.claimDocumentNumber(work.clinic.id, series.key);
  const numbering = {
    prefix: series.prefix,
    minDigits: series.minDigits,
    previous: sequence === 1 ? null : sequence - 1,
  };
  // The engine formats and checks the number; the storage counter made it gap-free.
  const formatted = nextDocumentNumber(numbering, `${kind}.numbering`);
  return { series, sequence, numbering, number: formatted.number };
}

/** `{ references }` when there are any, else nothing (documents without a payer stay as before). */
function nonEmpty(references: { label: string; value: string }[]) {
  return references.length > 0 ? { references } : {};
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
 * marks the charges invoiced and audits it. Answers the invoice with its live state.
 *
 * @example
 * const { record } = await issueCaseInvoice(work, "case_1", { dueAt: "2026-04-09T00:00:00Z" });
 */
export async function issueCaseInvoice(
  work: UnitOfWork,
  caseId: string,
  request: IssueInvoiceRequest,
): Promise<DocumentState> {
  const { tx, clinicId } = work;
  const kase = await visibleCase(work.request, tx, caseId);
  const seller = clinicParty(work.clinic);
  await tx.lockCase(clinicId, kase.id);
  await syncVisits(tx, clinicId, await visitsOfCase(tx, clinicId, kase));
  const client = await tx.getClient(clinicId, kase.clientId);
  if (!client) throw new BookwellError("NOT_FOUND", `No client with id ${kase.clientId}`);
  if (request.dueAt) {
    // Due the day it is issued ("on receipt") or later, by the clinic's calendar.
    const clock = clockFor(work.clinic.timeZone);
    if (clock.dayOf(Date.parse(request.dueAt)) < clock.dayOf(work.now.getTime())) {
      throw new BookwellError("VALIDATION_FAILED", "An invoice cannot be due before it is issued", {
        errors: [{ field: "dueAt", message: "must not be before the issue date" }],
      });
    }
  }
  const ledger = await loadLedger(tx, clinicId, work.clinic.currency, { clientId: client.id });
  const { series, sequence, numbering, number } = await nextNumber(work, "invoice");
  const id = randomId("inv");
  const result = issueInvoice({
    id,
    caseId: kase.id,
    charges: ledger.charges.filter((c) => c.caseId === kase.id),
    ...(request.chargeIds ? { chargeIds: request.chargeIds } : {}),
    // Addressed to the case's payer when it has one; the buyer id (whose balance it is) stays the client's.
    client: billedParty(client, kase),
    clinic: seller,
    numbering,
    issuedAt: work.now.toISOString(),
    ...setFields(request, ["dueAt", "notes"]),
  });
  if (!result.ok) {
    const refusal = INVOICE_REFUSALS[result.error.code] ?? INVOICE_REFUSALS.NOTHING_TO_INVOICE;
    throw new BookwellError(refusal?.code ?? "CONFLICT", result.error.message, {
      errors: [{ field: refusal?.field ?? "chargeIds", message: result.error.message }],
      extensions: refusalOf(result.error),
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
      ...(await printed(work, client.id, balance.outstanding)),
      ...nonEmpty(payerReferences(client, kase, work.clinic.locale)),
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
    issuedAt: work.now,
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
  await work.audit({
    action: "invoice.issued",
    entityType: "invoice",
    entityId: id,
    detail: {
      number,
      caseId: kase.id,
      clientId: client.id,
      total: result.invoice.totals.gross,
      charges: result.charges.map((c) => c.id),
    },
  });
  return documentState(tx, work.clinic, record);
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
 * await issueInvoiceCreditNote(work, "inv_1", { reason: "Goodwill", lines: [{ chargeId: "ch_1", amount: 500 }] });
 */
export async function issueInvoiceCreditNote(
  work: UnitOfWork,
  invoiceId: string,
  request: CreditNoteRequest,
): Promise<DocumentState> {
  const { tx, clinicId } = work;
  const invoiceRecord = await visibleDocument(work.request, tx, invoiceId, "invoice");
  await tx.lockCase(clinicId, invoiceRecord.caseId);
  const invoice = snapshotOf(invoiceRecord).document as Invoice;
  const ledger = await loadLedger(tx, clinicId, work.clinic.currency, {
    clientId: invoiceRecord.clientId,
  });
  const previous = ledger.creditNotes.filter((n) => n.invoiceId === invoice.id);
  const { series, sequence, numbering, number } = await nextNumber(work, "credit_note");
  const id = randomId("cn");
  const result = issueCreditNote({
    id,
    invoice,
    previousCreditNotes: previous,
    numbering,
    issuedAt: work.now.toISOString(),
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
      extensions: refusalOf(result.error),
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
      ...(await printed(work, invoiceRecord.clientId, after.outstanding)),
      // A correction of an invoice addressed to a payer names the same patient and reference.
      ...nonEmpty(snapshotOf(invoiceRecord).print.references ?? []),
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
    issuedAt: work.now,
    snapshot: snapshotJson(snapshot),
  });
  await work.audit({
    action: "credit_note.issued",
    entityType: "credit_note",
    entityId: id,
    detail: {
      number,
      invoiceId: invoice.id,
      reason: request.reason,
      total: creditNote.totals.gross,
    },
  });
  return { record };
}

/**
 * Issued invoices and credit notes by issue date (without their live state); the listing is
 * audited.
 *
 * @example
 * const documents = await listDocuments(work, { from: "2026-03-01T00:00:00Z" });
 */
export async function listDocuments(
  work: UnitOfWork,
  query: BillingDocumentQuery,
): Promise<BillingDocumentRecord[]> {
  const documents = await work.tx.listBillingDocuments(work.clinic.id, query);
  return work.audited(documents, {
    action: "invoice.listed",
    entityType: "invoice",
    entityId: "list",
    detail: { count: documents.length },
  });
}

/**
 * Reads an invoice or credit note the caller may see and audits the read (`invoice.read`,
 * `credit_note.read`); as JSON it comes with its live state, as PDF only the frozen record is
 * needed.
 *
 * @example
 * const { record, balance } = await readDocument(work, "invoice", "inv_1", "json");
 */
export async function readDocument(
  work: UnitOfWork,
  kind: "invoice" | "credit_note",
  id: string,
  format: "json" | "pdf",
): Promise<DocumentState> {
  const record = await visibleDocument(work.request, work.tx, id, kind);
  await work.audit({
    action: `${kind}.read`,
    entityType: kind,
    entityId: record.id,
    ...(format === "pdf" ? { detail: { format } } : {}),
  });
  return format === "pdf" ? { record } : documentState(work.tx, work.clinic, record);
}

/** What an issued document prints besides itself: the clinic's locale, zone and contact, and the client's balance after it and packages. */
async function printed(
  work: UnitOfWork,
  clientId: string,
  outstanding: number,
): Promise<DocumentSnapshot["print"]> {
  return {
    locale: work.clinic.locale,
    timeZone: work.clinic.timeZone,
    outstanding: { amount: outstanding, currency: work.clinic.currency },
    packages: await packageLines(work.tx, work.clinic.id, clientId, work.now, work.clinic.locale),
    clinicContact: clinicContact(work.clinic),
  };
}

/** The extensions of a refused issue: the engine's reason and the charge it names. */
function refusalOf(error: { code: string; chargeId?: string | undefined }) {
  return { reason: error.code, ...(error.chargeId ? { chargeId: error.chargeId } : {}) };
}
