import { z } from "zod";
import { idSchema } from "../model.js";
import { parseInput } from "../validate.js";
import type { DeepReadonly } from "./documents.js";
import { creditNoteSchema, invoiceSchema } from "./documents.js";
import { type Ledger, type LedgerInput, ledgerCurrency, parseLedger } from "./ledger.js";
import { sameCurrency, sumAmounts } from "./money.js";
import { paymentSchema } from "./schemas.js";
import { lineAmounts } from "./tax.js";

/** Money figures of an invoice, case or client, in minor units. `outstanding < 0` is credit. */
export interface BalanceFigures {
  currency: string | null;
  /** Gross of issued invoices plus uninvoiced (non-void) charges. */
  charged: number;
  /** Of `charged`, what is not invoiced yet. */
  uninvoiced: number;
  /** Total of credit notes (positive). */
  credited: number;
  paid: number;
  refunded: number;
  /** `charged − credited − paid + refunded`. */
  outstanding: number;
}

/** How an invoice stands. */
export type InvoiceStatus = "open" | "partly_paid" | "paid" | "overpaid" | "credited";

/** Balance of one invoice. */
export interface InvoiceBalance extends BalanceFigures {
  invoiceId: string;
  number: string;
  status: InvoiceStatus;
}

const invoiceBalanceSchema = z.object({
  invoice: invoiceSchema,
  creditNotes: z.array(creditNoteSchema).default([]),
  payments: z.array(paymentSchema).default([]),
});
/** What {@link invoiceBalance} needs; credit notes and payments of other invoices are ignored. */
export type InvoiceBalanceInput = DeepReadonly<z.input<typeof invoiceBalanceSchema>>;

function figures(
  currency: string | null,
  charged: number,
  uninvoiced: number,
  ledger: Pick<Ledger, "creditNotes" | "payments">,
): BalanceFigures {
  // `0 -` rather than unary minus: no credit notes is 0, never -0.
  const credited = 0 - sumAmounts(ledger.creditNotes.map((n) => n.totals.gross));
  const paid = sumAmounts(
    ledger.payments.filter((p) => p.kind === "payment").map((p) => p.amount.amount),
  );
  const refunded = sumAmounts(
    ledger.payments.filter((p) => p.kind === "refund").map((p) => p.amount.amount),
  );
  return {
    currency,
    charged,
    uninvoiced,
    credited,
    paid,
    refunded,
    outstanding: sumAmounts([charged, -credited, -paid, refunded]),
  };
}

function invoiceStatus(f: BalanceFigures): InvoiceStatus {
  // A zero-total invoice with no credit note is settled ("paid"), not "credited".
  if (f.credited > 0 && f.credited >= f.charged && f.paid - f.refunded <= 0) return "credited";
  if (f.outstanding < 0) return "overpaid";
  if (f.outstanding === 0) return "paid";
  return f.paid - f.refunded > 0 || f.credited > 0 ? "partly_paid" : "open";
}

/**
 * Outstanding balance of one invoice: total − credit notes − payments + refunds that target it.
 *
 * @example
 * invoiceBalance({ invoice, payments: [cardPaymentOf3000] });
 * // { invoiceId, number, charged: 4500, credited: 0, paid: 3000, refunded: 0, outstanding: 1500, status: "partly_paid", ... }
 */
export function invoiceBalance(raw: InvoiceBalanceInput): InvoiceBalance {
  const input = parseInput(invoiceBalanceSchema, raw, "invoiceBalance");
  const creditNotes = input.creditNotes.filter((n) => n.invoiceId === input.invoice.id);
  const payments = input.payments.filter((p) => p.invoiceId === input.invoice.id);
  sameCurrency([
    { field: "invoice", currency: input.invoice.currency },
    ...creditNotes.map((n) => ({
      field: `creditNotes.${input.creditNotes.indexOf(n)}`,
      currency: n.currency,
    })),
    ...payments.map((p) => ({
      field: `payments.${input.payments.indexOf(p)}.amount`,
      currency: p.amount.currency,
    })),
  ]);
  const f = figures(input.invoice.currency, input.invoice.totals.gross, 0, {
    creditNotes,
    payments,
  });
  return {
    ...f,
    invoiceId: input.invoice.id,
    number: input.invoice.number,
    status: invoiceStatus(f),
  };
}

/** Balance of one case. */
export interface CaseBalance extends BalanceFigures {
  caseId: string;
}

function caseFigures(ledger: Ledger, caseId: string): CaseBalance {
  const uninvoiced = sumAmounts(
    ledger.charges
      .filter((c) => c.caseId === caseId && c.status === "uninvoiced")
      .map((c) => lineAmounts(c).gross),
  );
  const invoiced = sumAmounts(
    ledger.invoices.filter((v) => v.caseId === caseId).map((v) => v.totals.gross),
  );
  const f = figures(ledgerCurrency(ledger), uninvoiced + invoiced, uninvoiced, {
    creditNotes: ledger.creditNotes.filter((n) => n.caseId === caseId),
    payments: ledger.payments.filter((p) => p.caseId === caseId),
  });
  return { ...f, caseId };
}

/**
 * Balance of a case: its invoices and uninvoiced charges, less its credit notes and payments, plus
 * refunds. Records of other cases in the ledger are ignored; mixed currencies throw INVALID_INPUT.
 *
 * @example
 * caseBalance({ caseId: "case-1", charges, invoices, creditNotes, payments }).outstanding; // e.g. 1500
 */
export function caseBalance(raw: LedgerInput & { caseId: string }): CaseBalance {
  const ledger = parseLedger({ caseId: idSchema }, raw, "caseBalance");
  return caseFigures(ledger, ledger.caseId);
}

/** Balance of a client: every case of theirs and the sum. */
export interface ClientBalance extends BalanceFigures {
  clientId: string;
  cases: CaseBalance[];
}

/**
 * Balance of a client across all their cases (a client can have several), with one entry per case
 * sorted by case id. This is the figure a receipt shows as "balance".
 *
 * @example
 * clientBalance({ clientId: "c1", charges, invoices, creditNotes, payments }).outstanding; // 0 when settled
 */
export function clientBalance(raw: LedgerInput & { clientId: string }): ClientBalance {
  const ledger = parseLedger({ clientId: idSchema }, raw, "clientBalance");
  const mine = (r: { clientId: string }) => r.clientId === ledger.clientId;
  const own: Ledger = {
    charges: ledger.charges.filter(mine),
    invoices: ledger.invoices.filter(mine),
    creditNotes: ledger.creditNotes.filter(mine),
    payments: ledger.payments.filter(mine),
    currency: ledgerCurrency(ledger) ?? undefined,
  };
  const caseIds = [
    ...new Set(
      [...own.charges, ...own.invoices, ...own.creditNotes, ...own.payments].map((r) => r.caseId),
    ),
  ].sort();
  const cases = caseIds.map((id) => caseFigures(own, id));
  const sum = (key: keyof BalanceFigures) => sumAmounts(cases.map((c) => c[key] as number));
  return {
    clientId: ledger.clientId,
    currency: ledgerCurrency(own),
    charged: sum("charged"),
    uninvoiced: sum("uninvoiced"),
    credited: sum("credited"),
    paid: sum("paid"),
    refunded: sum("refunded"),
    outstanding: sum("outstanding"),
    cases,
  };
}
