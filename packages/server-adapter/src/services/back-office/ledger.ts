// Stored money records ⇄ the engine's billing objects, and the balances the engine computes from
// them. The server never adds money up itself: `caseBalance`, `clientBalance`, `invoiceBalance`
// and `visitPaymentStatus` do.

import {
  type CaseBalance,
  type Charge,
  type ClientBalance,
  type CreditNote,
  caseBalance,
  clientBalance,
  type Invoice,
  type InvoiceBalance,
  invoiceBalance,
  type Payment,
} from "@bookwell/engine";
import type {
  BillingDocumentRecord,
  ChargeInput,
  ChargeRecord,
  PaymentRecord,
} from "../../storage/back-office.js";
import type { JsonObject, StorageOperations } from "../../storage/storage.js";
import { definedFields } from "../fields.js";

/** What the server adds to an issued document's snapshot for printing it. */
export interface PrintExtras {
  /** BCP 47 locale and IANA zone the document is printed in. */
  locale: string;
  timeZone: string;
  /** The client's outstanding balance right after issuing (what the document shows), or null. */
  outstanding: { amount: number; currency: string } | null;
  /** Package balance lines of the client at issue time, e.g. "6 of 10 used, 4 left…". */
  packages: { id: string; name: string; line: string }[];
  /** The clinic's contact lines at issue time. */
  clinicContact: string[];
  /**
   * Lines printed under the parties, e.g. the patient and the policy number on a document
   * addressed to the case's payer (absent on documents issued before payers existed).
   */
  references?: { label: string; value: string }[];
}

/** The frozen snapshot stored with an invoice or credit note. */
export interface DocumentSnapshot {
  document: Invoice | CreditNote;
  print: PrintExtras;
}

/**
 * A stored charge as the engine's `Charge`.
 *
 * @example
 * const engineCharge = toEngineCharge(record);
 */
export function toEngineCharge(c: ChargeRecord): Charge {
  return { ...storedCharge(c), createdAt: c.chargedAt };
}

/**
 * The fields a charge has both in storage and in the engine (without the engine's optional
 * `createdAt`, which storage keeps as `chargedAt`): what is stored of an engine charge.
 *
 * @example
 * await tx.insertCharge(clinicId, { ...storedCharge(charge), chargedAt: now });
 */
export function storedCharge(charge: Charge | ChargeRecord): Omit<ChargeInput, "chargedAt"> {
  return {
    id: charge.id,
    caseId: charge.caseId,
    clientId: charge.clientId,
    ...(charge.appointmentId === undefined ? {} : { appointmentId: charge.appointmentId }),
    description: charge.description,
    unitPrice: { ...charge.unitPrice },
    quantity: charge.quantity,
    taxRateBp: charge.taxRateBp,
    priceIncludesTax: charge.priceIncludesTax,
    billingProviderId: charge.billingProviderId,
    status: charge.status,
    ...(charge.invoiceId === undefined ? {} : { invoiceId: charge.invoiceId }),
    source: charge.source,
  };
}

/**
 * A stored payment as the engine's `Payment`.
 *
 * @example
 * const enginePayment = toEnginePayment(record);
 */
export function toEnginePayment(p: PaymentRecord): Payment {
  return {
    id: p.id,
    kind: p.kind,
    clientId: p.clientId,
    caseId: p.caseId,
    ...definedFields(p, ["invoiceId", "appointmentId"]),
    method: p.method as Payment["method"],
    amount: { ...p.amount },
    ...(p.reference === undefined ? {} : { reference: p.reference }),
    at: p.at,
  };
}

/**
 * The snapshot of a stored document.
 *
 * @example
 * snapshotOf(record).document.number; // "INV 2026/00001"
 */
export function snapshotOf(d: BillingDocumentRecord): DocumentSnapshot {
  return d.snapshot as unknown as DocumentSnapshot;
}

/**
 * Makes a snapshot storable as JSON.
 *
 * @example
 * await tx.insertBillingDocument(clinicId, { …, snapshot: snapshotJson(snapshot) });
 */
export function snapshotJson(snapshot: DocumentSnapshot): JsonObject {
  return JSON.parse(JSON.stringify(snapshot)) as JsonObject;
}

/** Every money record of a client or case, as the engine wants them. */
export interface Ledger {
  charges: Charge[];
  invoices: Invoice[];
  creditNotes: CreditNote[];
  payments: Payment[];
  currency: string;
  records: {
    charges: ChargeRecord[];
    documents: BillingDocumentRecord[];
    payments: PaymentRecord[];
  };
}

/**
 * Loads the money records of one client or one case.
 *
 * @example
 * const ledger = await loadLedger(tx, clinicId, "EUR", { clientId: "cli_1" });
 */
export async function loadLedger(
  ops: StorageOperations,
  clinicId: string,
  currency: string,
  scope: { clientId: string } | { caseId: string },
): Promise<Ledger> {
  const [charges, documents, payments] = await Promise.all([
    ops.listCharges(clinicId, scope),
    ops.listBillingDocuments(clinicId, scope),
    ops.listPayments(clinicId, scope),
  ]);
  // The client a document is filed under is the record's: a merge of duplicate patients re-files
  // documents whose printed snapshot still names the duplicate.
  const snapshots = documents.map((d) => ({ ...snapshotOf(d).document, clientId: d.clientId }));
  return {
    charges: charges.map(toEngineCharge),
    invoices: snapshots.filter((d): d is Invoice => d.kind === "invoice"),
    creditNotes: snapshots.filter((d): d is CreditNote => d.kind === "credit_note"),
    payments: payments.map(toEnginePayment),
    currency,
    records: { charges, documents, payments },
  };
}

/**
 * A client's balance across their cases (the engine's `clientBalance`).
 *
 * @example
 * clientBalanceOf(ledger, "cli_1").outstanding; // 1500
 */
export function clientBalanceOf(ledger: Ledger, clientId: string): ClientBalance {
  return clientBalance({
    clientId,
    charges: ledger.charges,
    invoices: ledger.invoices,
    creditNotes: ledger.creditNotes,
    payments: ledger.payments,
    currency: ledger.currency,
  });
}

/**
 * A case's balance (the engine's `caseBalance`).
 *
 * @example
 * caseBalanceOf(ledger, "case_1").outstanding;
 */
export function caseBalanceOf(ledger: Ledger, caseId: string): CaseBalance {
  return caseBalance({
    caseId,
    charges: ledger.charges,
    invoices: ledger.invoices,
    creditNotes: ledger.creditNotes,
    payments: ledger.payments,
    currency: ledger.currency,
  });
}

/**
 * An invoice's balance (the engine's `invoiceBalance`).
 *
 * @example
 * invoiceBalanceOf(ledger, invoice).status; // "partly_paid"
 */
export function invoiceBalanceOf(ledger: Ledger, invoice: Invoice): InvoiceBalance {
  return invoiceBalance({
    invoice,
    creditNotes: ledger.creditNotes.filter((n) => n.invoiceId === invoice.id),
    payments: ledger.payments.filter((p) => p.invoiceId === invoice.id),
  });
}
