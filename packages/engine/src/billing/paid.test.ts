import { describe, expect, it } from "vitest";
import type { Invoice } from "./documents.js";
import { issueInvoice } from "./invoice.js";
import { allocatePayments, visitPaymentStatus } from "./paid.js";
import type { PaymentInput } from "./schemas.js";
import { charge, EUR, invoiceInput } from "./test-fixtures.js";

const pay = (id: string, amount: number, extra: Partial<PaymentInput> = {}): PaymentInput => ({
  id,
  clientId: "c1",
  caseId: "case-1",
  method: "cash",
  amount: EUR(amount),
  at: "2026-03-09T18:05:00Z",
  ...extra,
});

const completed = (id: string) => ({ id, status: "completed" as const, caseId: "case-1" });

describe("visitPaymentStatus (the derived 'paid')", () => {
  const charges = [charge("ch1"), charge("ch2", { appointmentId: "a2", unitPrice: EUR(3000) })];

  it("is paid when a completed visit's charges are covered by money paid for it", () => {
    const status = visitPaymentStatus({
      appointment: completed("a1"),
      charges,
      payments: [pay("p1", 4500, { appointmentId: "a1" })],
    });
    expect(status).toMatchObject({
      due: 4500,
      covered: 4500,
      outstanding: 0,
      money: "paid",
      paid: true,
    });
    const other = visitPaymentStatus({
      appointment: completed("a2"),
      charges,
      payments: [pay("p1", 4500, { appointmentId: "a1" })],
    });
    expect(other).toMatchObject({ due: 3000, covered: 0, money: "unpaid", paid: false });
  });

  it("is not paid before completion even when money covers it", () => {
    const status = visitPaymentStatus({
      appointment: { id: "a1", status: "arrived", caseId: "case-1" },
      charges,
      payments: [pay("p1", 4500, { appointmentId: "a1" })],
    });
    expect([status.money, status.paid]).toEqual(["paid", false]);
  });

  it("spreads invoice payments over the invoice's visits in line order", () => {
    const r = issueInvoice(invoiceInput(charges));
    if (!r.ok) throw new Error(r.error.code);
    const ledger = {
      charges: r.charges,
      invoices: [r.invoice as Invoice],
      payments: [pay("p1", 5000, { invoiceId: "inv-1" })],
    };
    expect(visitPaymentStatus({ appointment: completed("a1"), ...ledger }).paid).toBe(true);
    expect(visitPaymentStatus({ appointment: completed("a2"), ...ledger })).toMatchObject({
      covered: 500,
      money: "partly_paid",
    });
  });

  it("lets money on account cover what is still due, and a refund un-cover it", () => {
    const onAccount = [pay("p1", 7500)];
    expect(
      visitPaymentStatus({ appointment: completed("a2"), charges, payments: onAccount }).paid,
    ).toBe(true);
    const refunded = [...onAccount, pay("r1", 3000, { kind: "refund" })];
    expect(
      visitPaymentStatus({ appointment: completed("a1"), charges, payments: refunded }).paid,
    ).toBe(true);
    expect(
      visitPaymentStatus({ appointment: completed("a2"), charges, payments: refunded }).money,
    ).toBe("unpaid");
  });

  it("shows a completed visit with nothing to pay (e.g. a package visit) as paid", () => {
    expect(
      visitPaymentStatus({ appointment: completed("a7"), charges, currency: "EUR" }),
    ).toMatchObject({
      money: "no_charges",
      paid: true,
    });
  });

  it("overpaying one visit spills over to the next", () => {
    const slices = allocatePayments({
      caseId: "case-1",
      charges,
      payments: [pay("p1", 6000, { appointmentId: "a1" })],
    });
    expect(slices.map((s) => [s.appointmentId, s.due, s.covered])).toEqual([
      ["a1", 4500, 4500],
      ["a2", 3000, 1500],
    ]);
  });
});
