// Invoices and credit notes as issued: the parties printed on them, the package lines, which
// documents a caller may see, their live state (balance, credit notes), what their PDFs print from
// the frozen snapshot, and the receipt frozen with a payment. Issuing them is a command
// (src/commands/back-office/documents.ts); an issued document is never edited.

import type { Invoice, InvoiceBalance } from "@bookwell/engine";
import type { CommandContext } from "../../commands/unit-of-work.js";
import { BookwellError } from "../../errors.js";
import type { PrintableDocument } from "../../pdf/document-pdf.js";
import { labelsFor, packageBalanceLine } from "../../pdf/format.js";
import type {
  BillingDocumentRecord,
  CaseRecord,
  PaymentRecord,
} from "../../storage/back-office.js";
import type { ClientRecord, ClinicRecord, StorageOperations } from "../../storage/storage.js";
import { setFields } from "../fields.js";
import { visibleOwned } from "./access.js";
import { invoiceBalanceOf, loadLedger, type PrintExtras, snapshotOf } from "./ledger.js";
import { balanceOf } from "./package-state.js";

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
    ...setFields(clinic, ["address", "email"]),
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

/**
 * Who a case's documents are addressed to: the case's payer when it has one (the buyer id stays
 * the client's, whose balance it is), else the client.
 *
 * @example
 * billedParty(client, kase); // { id: "cli_1", name: "Médis", taxId: "PT503…", … } for an insured case
 */
export function billedParty(client: ClientRecord, kase: Pick<CaseRecord, "payer">) {
  if (!kase.payer) return clientParty(client);
  return { id: client.id, ...setFields(kase.payer, ["name", "taxId", "address", "email"]) } as {
    id: string;
    name: string;
    taxId?: string;
    address?: string;
    email?: string;
  };
}

/**
 * The lines a document addressed to a case's payer prints under the parties: the patient, and
 * the payer's policy / claim / authorisation number when it has one (none when the patient pays).
 *
 * @example
 * payerReferences(client, kase, "pt-PT"); // [{ label: "Paciente", value: "Maria" }, { label: "Apólice / autorização", value: "POL-77" }]
 */
export function payerReferences(
  client: ClientRecord,
  kase: Pick<CaseRecord, "payer">,
  locale: string,
): { label: string; value: string }[] {
  if (!kase.payer) return [];
  const labels = labelsFor(locale);
  const patient = client.taxId ? `${client.name} (${labels.taxId} ${client.taxId})` : client.name;
  return [
    { label: labels.patient, value: patient },
    ...(kase.payer.reference
      ? [{ label: labels.payerReference, value: kase.payer.reference }]
      : []),
  ];
}

/**
 * The clinic's contact lines printed under its name.
 *
 * @example
 * clinicContact(clinic); // ["+351 210 000 000", "desk@clinic.example"]
 */
export function clinicContact(clinic: ClinicRecord): string[] {
  return [clinic.phone, clinic.email].filter((v): v is string => typeof v === "string" && v !== "");
}

/**
 * The client's package balance lines at `now` (open packages they own or may use), in the
 * document's language (`locale`, the clinic's).
 *
 * @example
 * await packageLines(tx, clinicId, "cli_1", now, "en"); // [{ id, name, line: "2 of 10 used, 8 left…" }]
 */
export async function packageLines(
  ops: StorageOperations,
  clinicId: string,
  clientId: string,
  now: Date,
  locale: string,
): Promise<PrintExtras["packages"]> {
  const packages = await ops.listPackages(clinicId, { clientId, status: "open" });
  return packages.map((p) => ({
    id: p.id,
    name: p.name,
    line: packageBalanceLine(balanceOf(p, now), locale),
  }));
}

/**
 * An issued document of the given kind that the caller may see, else 404.
 *
 * @example
 * const inv = await visibleDocument(ctx, tx, "inv_1", "invoice");
 */
export async function visibleDocument(
  ctx: CommandContext,
  ops: StorageOperations,
  id: string,
  kind: "invoice" | "credit_note",
): Promise<BillingDocumentRecord> {
  const found = await ops.getBillingDocument(ctx.clinic.id, id);
  const label = kind === "invoice" ? "invoice" : "credit note";
  return visibleOwned(ctx, ops, label, id, found?.kind === kind ? found : undefined);
}

/** An issued document and what is live about it: for an invoice, its balance and credit notes. */
export interface DocumentState {
  record: BillingDocumentRecord;
  /** Invoices only: what is paid and left to pay now. */
  balance?: InvoiceBalance;
  /** Invoices only: the credit notes issued against it. */
  creditNotes?: { id: string; number: string; issuedAt: string }[];
}

/**
 * An issued document with its live state: for an invoice, the balance and the credit notes
 * against it, read from the case's ledger.
 *
 * @example
 * const state = await documentState(tx, clinic, record);
 */
export async function documentState(
  ops: StorageOperations,
  clinic: ClinicRecord,
  record: BillingDocumentRecord,
): Promise<DocumentState> {
  if (record.kind !== "invoice") return { record };
  const ledger = await loadLedger(ops, clinic.id, clinic.currency, { caseId: record.caseId });
  return {
    record,
    balance: invoiceBalanceOf(ledger, snapshotOf(record).document as Invoice),
    creditNotes: ledger.records.documents
      .filter((d) => d.invoiceId === record.id)
      .map((d) => ({ id: d.id, number: d.number, issuedAt: d.issuedAt })),
  };
}

/**
 * An issued document as the API shows it: the frozen snapshot, what was printed with it, and —
 * for invoices — the live balance and the credit notes issued against it.
 *
 * @example
 * const body = { invoice: presentDocument(await documentState(tx, clinic, record)) };
 */
export function presentDocument(state: DocumentState) {
  const { record } = state;
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
  return { ...base, balance: state.balance, creditNotes: state.creditNotes };
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
      references: print.references ?? [],
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
      ...(print.references ?? []),
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
  buyer: { name: string; taxId?: string; address?: string; email?: string };
  description: string;
  references: { label: string; value: string }[];
  /** The client's outstanding balance right after the payment (minor units). */
  outstanding: number;
  packages: string[];
}

/**
 * The receipt snapshot of a payment: seller and buyer (the client, or the payer the paid
 * invoice or case is addressed to) as they are now, what it paid, the balance after it and the
 * package lines.
 *
 * @example
 * meta.receipt = receiptSnapshot(clinic, billedParty(client, kase), payment, description, references, outstanding, lines);
 */
export function receiptSnapshot(
  clinic: ClinicRecord,
  buyer: { name: string; taxId?: string; address?: string; email?: string },
  paymentId: string,
  description: string,
  references: { label: string; value: string }[],
  outstanding: number,
  packages: PrintExtras["packages"],
): ReceiptSnapshot {
  const seller = {
    name: clinic.name,
    ...setFields(clinic, ["taxId", "address", "email"]),
  };
  return {
    number: `R-${paymentId}`,
    locale: clinic.locale,
    timeZone: clinic.timeZone,
    seller,
    sellerContact: clinicContact(clinic),
    buyer: { name: buyer.name, ...setFields(buyer, ["taxId", "address", "email"]) },
    description,
    references,
    outstanding,
    packages: packages.map((p) => (p.name ? `${p.name}: ${p.line}` : p.line)),
  };
}
