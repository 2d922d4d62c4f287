import { z } from "zod";
import { appointmentStatusSchema, idSchema } from "../model.js";
import { type Ledger, type LedgerInput, ledgerCurrency, parseLedger } from "./ledger.js";
import { lineAmounts } from "./tax.js";

/** What a visit (or case-level item) owes on one invoice or uninvoiced, and what covers it. */
export interface Slice {
  appointmentId: string | null;
  invoiceId: string | null;
  /** Gross still due after credit notes, never below zero. */
  due: number;
  /** Payments allocated to it, `0 ≤ covered ≤ due`. */
  covered: number;
}

function sliceKey(appointmentId: string | undefined, invoiceId: string | undefined): string {
  return `${invoiceId ?? ""}|${appointmentId ?? ""}`;
}

function buildSlices(ledger: Ledger, caseId: string): Slice[] {
  const invoiceLines = new Map<string, number>();
  for (const invoice of ledger.invoices) {
    for (const line of invoice.lines)
      invoiceLines.set(`${invoice.id}|${line.chargeId}`, line.gross);
  }
  for (const note of ledger.creditNotes) {
    for (const line of note.lines) {
      const key = `${note.invoiceId}|${line.chargeId}`;
      invoiceLines.set(key, (invoiceLines.get(key) ?? 0) + line.gross);
    }
  }
  const slices = new Map<string, Slice & { raw: number }>();
  for (const charge of ledger.charges) {
    if (charge.caseId !== caseId || charge.status === "void") continue;
    const amount =
      charge.status === "invoiced"
        ? (invoiceLines.get(`${charge.invoiceId}|${charge.id}`) ?? 0)
        : lineAmounts(charge).gross;
    const key = sliceKey(charge.appointmentId, charge.invoiceId);
    const slice = slices.get(key) ?? {
      appointmentId: charge.appointmentId ?? null,
      invoiceId: charge.status === "invoiced" ? (charge.invoiceId ?? null) : null,
      due: 0,
      covered: 0,
      raw: 0,
    };
    slice.raw += amount;
    slices.set(key, slice);
  }
  return [...slices.values()].map(({ raw, ...s }) => ({ ...s, due: Math.max(0, raw) }));
}

function cover(slices: Slice[], pool: number): number {
  let left = pool;
  for (const slice of slices) {
    if (left <= 0) break;
    const take = Math.min(left, slice.due - slice.covered);
    slice.covered += take;
    left -= take;
  }
  return left;
}

function uncover(slices: Slice[], amount: number): void {
  let left = amount;
  for (const slice of [...slices].reverse()) {
    if (left <= 0) break;
    const take = Math.min(left, slice.covered);
    slice.covered -= take;
    left -= take;
  }
}

/**
 * Allocates a case's payments (less refunds) to what its visits owe, deterministically:
 * 1. money paid for a visit (`appointmentId`) covers that visit first;
 * 2. money paid on an invoice (`invoiceId`) covers that invoice's visits, in line order;
 * 3. the rest (payments on account of the case, and any surplus from 1–2) covers whatever is
 *    still due, in the order the charges are listed; a net refund un-covers from the last slice.
 * Amounts due are per (visit, invoice) slice: invoiced charges count as on the invoice, less credit
 * notes; uninvoiced ones at their gross; void charges not at all.
 *
 * @example
 * allocatePayments({ caseId: "case-1", charges, invoices, creditNotes, payments });
 * // [{ appointmentId: "a1", invoiceId: "inv-1", due: 4500, covered: 4500 }, ...]
 */
export function allocatePayments(raw: LedgerInput & { caseId: string }): Slice[] {
  const ledger = parseLedger({ caseId: idSchema }, raw, "allocation");
  return allocate(ledger, ledger.caseId);
}

function allocate(ledger: Ledger, caseId: string): Slice[] {
  const slices = buildSlices(ledger, caseId);
  const buckets = new Map<string, number>();
  for (const p of ledger.payments) {
    if (p.caseId !== caseId) continue;
    const key = p.appointmentId
      ? `a:${p.appointmentId}`
      : p.invoiceId
        ? `i:${p.invoiceId}`
        : "case";
    const signed = p.kind === "refund" ? -p.amount.amount : p.amount.amount;
    buckets.set(key, (buckets.get(key) ?? 0) + signed);
  }
  let pool = 0;
  for (const [key, amount] of [...buckets.entries()].sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    if (key === "case" || amount <= 0) {
      pool += amount;
      continue;
    }
    const id = key.slice(2);
    const targets = slices.filter((s) =>
      key.startsWith("a:") ? s.appointmentId === id : s.invoiceId === id,
    );
    pool += cover(targets, amount);
  }
  if (pool > 0) cover(slices, pool);
  else if (pool < 0) uncover(slices, -pool);
  return slices;
}

/** Money state of one visit. */
export type VisitMoneyState = "no_charges" | "unpaid" | "partly_paid" | "paid";

/** Whether a visit is paid, and the figures behind it. */
export interface VisitPaymentStatus {
  appointmentId: string;
  currency: string | null;
  due: number;
  covered: number;
  outstanding: number;
  money: VisitMoneyState;
  /** The derived "paid" badge: a completed visit whose charges are fully paid. */
  paid: boolean;
}

const visitSchema = z.object({
  appointment: z
    .object({ id: idSchema, status: appointmentStatusSchema, caseId: idSchema.optional() })
    .passthrough(),
});

/**
 * Derives a visit's money state with {@link allocatePayments}. `paid` is true only for a
 * `completed` visit with charges that are fully covered, or with nothing left to pay (e.g. a
 * package visit). A visit without a case has no charges.
 *
 * @example
 * visitPaymentStatus({ appointment: { id: "a1", status: "completed", caseId: "case-1" }, charges, payments });
 * // { appointmentId: "a1", due: 4500, covered: 4500, outstanding: 0, money: "paid", paid: true, ... }
 */
export function visitPaymentStatus(
  raw: LedgerInput & { appointment: z.input<typeof visitSchema>["appointment"] },
): VisitPaymentStatus {
  const ledger = parseLedger(visitSchema.shape, raw, "visitPayment");
  const { appointment } = ledger;
  const slices =
    appointment.caseId === undefined
      ? []
      : allocate(ledger, appointment.caseId).filter((s) => s.appointmentId === appointment.id);
  const due = slices.reduce((sum, s) => sum + s.due, 0);
  const covered = slices.reduce((sum, s) => sum + s.covered, 0);
  const hasCharges = ledger.charges.some(
    (c) => c.appointmentId === appointment.id && c.status !== "void",
  );
  const money: VisitMoneyState = !hasCharges
    ? "no_charges"
    : covered >= due
      ? "paid"
      : covered > 0
        ? "partly_paid"
        : "unpaid";
  return {
    appointmentId: appointment.id,
    currency: ledgerCurrency(ledger),
    due,
    covered,
    outstanding: due - covered,
    money,
    paid: appointment.status === "completed" && (money === "paid" || money === "no_charges"),
  };
}
