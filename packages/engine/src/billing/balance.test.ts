import { describe, expect, it } from "vitest";
import { caseBalance, clientBalance, invoiceBalance } from "./balance.js";
import { issueCreditNote } from "./credit-note.js";
import type { CreditNote, Invoice } from "./documents.js";
import { issueInvoice } from "./invoice.js";
import { createPayment, createRefund } from "./payment.js";
import type { PaymentInput } from "./schemas.js";
import { charge, EUR, invoiceInput } from "./test-fixtures.js";

const pay = (id: string, amount: number, extra: Partial<PaymentInput> = {}): PaymentInput => ({
  id,
  clientId: "c1",
  caseId: "case-1",
  method: "card",
  amount: EUR(amount),
  at: "2026-03-09T18:05:00Z",
  ...extra,
});

function setup() {
  const r = issueInvoice(
    invoiceInput([charge("ch1"), charge("ch2", { appointmentId: "a2", unitPrice: EUR(3000) })]),
  );
  if (!r.ok) throw new Error(r.error.code);
  const invoice = r.invoice as Invoice;
  const cn = issueCreditNote({
    id: "cn1",
    invoice,
    numbering: { prefix: "NC-", previous: null },
    issuedAt: "2026-03-10T09:00:00Z",
    reason: "Discount agreed",
    lines: [{ chargeId: "ch2", amount: EUR(500) }],
  });
  if (!cn.ok) throw new Error(cn.error.code);
  return { invoice, charges: r.charges, creditNote: cn.creditNote as CreditNote };
}

describe("invoiceBalance", () => {
  it("is total − credits − payments + refunds on that invoice", () => {
    const { invoice, creditNote } = setup();
    const payments = [
      pay("p1", 5000, { invoiceId: "inv-1" }),
      pay("r1", 1000, { invoiceId: "inv-1", kind: "refund" }),
      pay("p2", 999, { invoiceId: "inv-9" }),
    ];
    expect(invoiceBalance({ invoice, creditNotes: [creditNote], payments })).toMatchObject({
      charged: 7500,
      credited: 500,
      paid: 5000,
      refunded: 1000,
      outstanding: 3000,
      status: "partly_paid",
    });
    expect(
      invoiceBalance({
        invoice,
        creditNotes: [creditNote],
        payments: [pay("p1", 7000, { invoiceId: "inv-1" })],
      }).status,
    ).toBe("paid");
    expect(
      invoiceBalance({ invoice, payments: [pay("p1", 8000, { invoiceId: "inv-1" })] }),
    ).toMatchObject({
      outstanding: -500,
      status: "overpaid",
    });
  });
});

describe("invoice status", () => {
  it("regression: a zero-total invoice without any credit note showed as credited", () => {
    const r = issueInvoice(invoiceInput([charge("ch1", { unitPrice: EUR(0) })]));
    if (!r.ok) throw new Error(r.error.code);
    expect(invoiceBalance({ invoice: r.invoice })).toMatchObject({
      charged: 0,
      credited: 0,
      outstanding: 0,
      status: "paid",
    });
    const { invoice, creditNote } = setup();
    const full = issueCreditNote({
      id: "cn2",
      invoice,
      previousCreditNotes: [creditNote],
      numbering: { prefix: "NC-", previous: "NC-00001" },
      issuedAt: "2026-03-11T09:00:00Z",
      reason: "Wrong client",
    });
    if (!full.ok) throw new Error(full.error.code);
    expect(
      invoiceBalance({ invoice, creditNotes: [creditNote, full.creditNote as CreditNote] }).status,
    ).toBe("credited");
  });
});

describe("case and client balances", () => {
  it("add uninvoiced charges to invoices and keep cases apart", () => {
    const { invoice, charges, creditNote } = setup();
    const ledger = {
      charges: [
        ...charges,
        charge("ch3", { appointmentId: "a3", unitPrice: EUR(2000) }),
        charge("ch4", { status: "void" }),
        charge("ch5", { caseId: "case-2", unitPrice: EUR(1500) }),
      ],
      invoices: [invoice],
      creditNotes: [creditNote],
      payments: [pay("p1", 4000), pay("p2", 500, { caseId: "case-2" })],
    };
    expect(caseBalance({ caseId: "case-1", ...ledger })).toMatchObject({
      charged: 9500,
      uninvoiced: 2000,
      credited: 500,
      paid: 4000,
      outstanding: 5000,
    });
    const client = clientBalance({ clientId: "c1", ...ledger });
    expect(client.cases.map((c) => [c.caseId, c.outstanding])).toEqual([
      ["case-1", 5000],
      ["case-2", 1000],
    ]);
    expect(client.outstanding).toBe(6000);
    expect(clientBalance({ clientId: "c9", ...ledger })).toMatchObject({
      outstanding: 0,
      cases: [],
    });
  });

  it("refuses mixed currencies and invoiced charges without their invoice, naming the field", () => {
    expect(() =>
      caseBalance({
        caseId: "case-1",
        charges: [charge("ch1")],
        payments: [pay("p1", 1, { amount: { amount: 1, currency: "USD" } })],
      }),
    ).toThrow(/caseBalance\.payments\.0\.amount\.currency/);
    expect(() =>
      caseBalance({
        caseId: "case-1",
        charges: [charge("ch1", { status: "invoiced", invoiceId: "inv-7" })],
      }),
    ).toThrow(/caseBalance\.charges\.0\.invoiceId/);
  });
});

describe("payments and refunds", () => {
  it("validate positive integer amounts", () => {
    expect(createPayment(pay("p1", 100)).kind).toBe("payment");
    expect(() => createPayment(pay("p1", 0))).toThrow(/payment\.amount\.amount/);
    expect(() => createPayment(pay("p1", 10.5))).toThrow(/payment\.amount\.amount/);
  });

  it("never refund more than was paid for the same target", () => {
    const payments = [pay("p1", 3000, { invoiceId: "inv-1" }), pay("p2", 1000)];
    const ok = createRefund({ refund: pay("r1", 3000, { invoiceId: "inv-1" }), payments });
    expect(ok.ok && ok.refund.kind).toBe("refund");
    const over = createRefund({ refund: pay("r2", 3001, { invoiceId: "inv-1" }), payments });
    expect(!over.ok && over.error).toMatchObject({ code: "REFUND_EXCEEDS_PAID", available: 3000 });
    const wholeCase = createRefund({ refund: pay("r3", 4000), payments });
    expect(wholeCase.ok).toBe(true);
  });

  it("regression: a case-level refund then a visit refund paid back more than was paid (8515 paid, 8516 refunded)", () => {
    const paid = pay("p1", 8515, { appointmentId: "apt-1" });
    const first = createRefund({ refund: pay("r1", 1), payments: [paid] });
    expect(first.ok).toBe(true);
    const payments = first.ok ? [paid, first.refund] : [paid];
    const second = createRefund({
      refund: pay("r2", 8515, { appointmentId: "apt-1" }),
      payments,
    });
    expect(!second.ok && second.error).toMatchObject({
      code: "REFUND_EXCEEDS_PAID",
      available: 8514,
    });
    expect(createRefund({ refund: pay("r3", 8514, { appointmentId: "apt-1" }), payments }).ok).toBe(
      true,
    );
  });
});
