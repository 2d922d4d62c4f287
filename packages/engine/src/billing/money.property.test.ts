import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caseBalance, invoiceBalance } from "./balance.js";
import { voidCharge } from "./charge.js";
import { issueCreditNote } from "./credit-note.js";
import type { CreditNote, Invoice } from "./documents.js";
import { issueInvoice } from "./invoice.js";
import { allocatePayments } from "./paid.js";
import { createRefund } from "./payment.js";
import type { Charge, ChargeInput, Payment } from "./schemas.js";
import { lineAmounts } from "./tax.js";
import { charge, EUR, invoiceInput } from "./test-fixtures.js";

type Op =
  | {
      op: "charge";
      amount: number;
      quantity: number;
      rate: number;
      inclusive: boolean;
      visit: number;
    }
  | { op: "void"; pick: number }
  | { op: "invoice" }
  | { op: "credit"; pick: number; amount: number | null }
  | { op: "pay" | "refund"; amount: number; target: "case" | "invoice" | "visit"; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant("charge" as const),
    amount: fc.integer({ min: -2_000, max: 20_000 }),
    quantity: fc.integer({ min: 1, max: 4 }),
    rate: fc.constantFrom(0, 600, 1300, 2300),
    inclusive: fc.boolean(),
    visit: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({ op: fc.constant("void" as const), pick: fc.nat() }),
  fc.record({ op: fc.constant("invoice" as const) }),
  fc.record({
    op: fc.constant("credit" as const),
    pick: fc.nat(),
    amount: fc.option(fc.integer({ min: 1, max: 30_000 })),
  }),
  fc.record({
    op: fc.constantFrom("pay" as const, "refund" as const),
    amount: fc.integer({ min: 1, max: 30_000 }),
    target: fc.constantFrom("case" as const, "invoice" as const, "visit" as const),
    pick: fc.nat(),
  }),
);

interface Books {
  charges: Charge[];
  invoices: Invoice[];
  creditNotes: CreditNote[];
  payments: Payment[];
}

function apply(books: Books, op: Op, n: number): void {
  const id = `x${n}`;
  if (op.op === "charge") {
    const input: ChargeInput = charge(id, {
      appointmentId: `a${op.visit}`,
      unitPrice: EUR(op.amount),
      quantity: op.quantity,
      taxRateBp: op.rate,
      priceIncludesTax: op.inclusive,
    });
    books.charges.push({ ...(input as Charge), status: "uninvoiced", source: "manual" });
  } else if (op.op === "void") {
    const i = op.pick % Math.max(1, books.charges.length);
    const target = books.charges[i];
    if (!target) return;
    const r = voidCharge(target);
    if (r.ok) books.charges[i] = r.charge;
  } else if (op.op === "invoice") {
    const r = issueInvoice({
      ...invoiceInput(books.charges),
      id,
      numbering: { prefix: "F-", previous: books.invoices.length },
    });
    if (!r.ok) return;
    books.invoices.push(r.invoice as Invoice);
    const done = new Map(r.charges.map((c) => [c.id, c]));
    books.charges = books.charges.map((c) => done.get(c.id) ?? c);
  } else if (op.op === "credit") {
    const invoice = books.invoices[op.pick % Math.max(1, books.invoices.length)];
    if (!invoice) return;
    const line = invoice.lines[op.pick % invoice.lines.length] as Invoice["lines"][number];
    const r = issueCreditNote({
      id,
      invoice,
      previousCreditNotes: books.creditNotes.filter((c) => c.invoiceId === invoice.id),
      numbering: { prefix: "C-", previous: books.creditNotes.length },
      issuedAt: "2026-03-10T10:00:00Z",
      reason: "correction",
      ...(op.amount === null
        ? {}
        : { lines: [{ chargeId: line.chargeId, amount: EUR(op.amount) }] }),
    });
    if (r.ok) books.creditNotes.push(r.creditNote as CreditNote);
  } else {
    const target =
      op.target === "invoice" && books.invoices.length > 0
        ? { invoiceId: (books.invoices[op.pick % books.invoices.length] as Invoice).id }
        : op.target === "visit"
          ? { appointmentId: `a${op.pick % 4}` }
          : {};
    const payment = {
      id,
      clientId: "c1",
      caseId: "case-1",
      method: "cash" as const,
      amount: EUR(op.amount),
      at: "2026-03-10T10:00:00Z",
      ...target,
    };
    if (op.op === "pay") {
      books.payments.push({ ...payment, kind: "payment" });
      return;
    }
    const r = createRefund({ refund: payment, payments: books.payments });
    if (r.ok) books.payments.push(r.refund);
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("money always sums", () => {
  it("charges − credits − payments + refunds = balance, for any sequence of operations", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 30 }), (ops) => {
        const books: Books = { charges: [], invoices: [], creditNotes: [], payments: [] };
        ops.forEach((op, n) => {
          apply(books, op, n);
        });
        const live = books.charges.filter((c) => c.status !== "void");
        const charged = sum(live.map((c) => lineAmounts(c).gross));
        const credited = 0 - sum(books.creditNotes.map((c) => c.totals.gross));
        const paid = sum(
          books.payments.filter((p) => p.kind === "payment").map((p) => p.amount.amount),
        );
        const refunded = sum(
          books.payments.filter((p) => p.kind === "refund").map((p) => p.amount.amount),
        );
        const balance = caseBalance({ caseId: "case-1", ...books, currency: "EUR" });
        expect(balance).toMatchObject({ charged, credited, paid, refunded });
        expect(balance.outstanding).toBe(charged - credited - paid + refunded);
        // refunds never exceed payments; credits never exceed an invoice
        expect(refunded).toBeLessThanOrEqual(paid);
        for (const invoice of books.invoices) {
          const b = invoiceBalance({ invoice, ...books });
          expect(b.credited).toBeLessThanOrEqual(invoice.totals.gross);
          expect(sum(invoice.lines.map((l) => l.gross))).toBe(invoice.totals.gross);
          expect(sum(invoice.taxes.map((t) => t.tax))).toBe(invoice.totals.tax);
        }
        // allocation covers exactly what the net payments allow, slice by slice within what is due
        const slices = allocatePayments({ caseId: "case-1", ...books, currency: "EUR" });
        for (const s of slices) expect(s.covered >= 0 && s.covered <= s.due).toBe(true);
        const due = sum(slices.map((s) => s.due));
        expect(sum(slices.map((s) => s.covered))).toBe(Math.min(due, Math.max(0, paid - refunded)));
      }),
      { numRuns: 200 },
    );
  });
});
