import { describe, expect, it } from "vitest";
import { isEngineError } from "../errors.js";
import { issueInvoice } from "./invoice.js";
import type { ChargeInput } from "./schemas.js";
import { charge, client, EUR, invoiceInput } from "./test-fixtures.js";

function fields(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (isEngineError(error)) return error.issues.map((i) => i.field);
  }
  return [];
}

describe("issueInvoice", () => {
  const charges: ChargeInput[] = [
    charge("ch1"),
    charge("ch2", {
      description: "Shockwave",
      unitPrice: EUR(1999),
      taxRateBp: 2300,
      priceIncludesTax: false,
    }),
    charge("ch3", {
      description: "Tape",
      unitPrice: EUR(333),
      quantity: 3,
      taxRateBp: 2300,
      priceIncludesTax: false,
    }),
    charge("ch4", { caseId: "case-2" }),
    charge("ch5", { status: "invoiced", invoiceId: "inv-0" }),
    charge("ch6", { status: "void" }),
  ];

  it("gathers the case's uninvoiced charges, numbers it and totals tax per rate", () => {
    const r = issueInvoice(invoiceInput(charges));
    if (!r.ok) throw new Error(r.error.code);
    const { invoice } = r;
    expect(invoice.number).toBe("FT 2026/00042");
    expect(invoice.sequence).toBe(42);
    expect(invoice.lines.map((l) => [l.chargeId, l.net, l.tax, l.gross])).toEqual([
      ["ch1", 4500, 0, 4500],
      ["ch2", 1999, 460, 2459],
      ["ch3", 999, 230, 1229],
    ]);
    expect(invoice.taxes).toEqual([
      { rateBp: 0, net: 4500, tax: 0, gross: 4500 },
      { rateBp: 2300, net: 2998, tax: 690, gross: 3688 },
    ]);
    expect(invoice.totals).toEqual({ net: 7498, tax: 690, gross: 8188 });
    expect(invoice.seller.taxId).toBe("PT500000000");
    expect(invoice.buyer).toEqual(client);
    expect(r.charges.map((c) => [c.id, c.status, c.invoiceId])).toEqual([
      ["ch1", "invoiced", "inv-1"],
      ["ch2", "invoiced", "inv-1"],
      ["ch3", "invoiced", "inv-1"],
    ]);
  });

  it("freezes a snapshot that later changes to the inputs never reach", () => {
    const input = invoiceInput([charge("ch1")]);
    const r = issueInvoice(input);
    if (!r.ok) throw new Error(r.error.code);
    input.client.name = "Someone Else";
    input.clinic.taxId = "XX";
    (input.charges[0] as ChargeInput).unitPrice.amount = 1;
    expect(r.invoice.buyer.name).toBe("Rita Lopes");
    expect(r.invoice.seller.taxId).toBe("PT500000000");
    expect(r.invoice.lines[0]?.unitPrice.amount).toBe(4500);
    expect(Object.isFrozen(r.invoice)).toBe(true);
    expect(Object.isFrozen(r.invoice.lines[0]?.unitPrice)).toBe(true);
    expect(() => {
      (r.invoice.totals as { gross: number }).gross = 0;
    }).toThrow(TypeError);
  });

  it("can invoice only some charges, and refuses ones that are not open in the case", () => {
    const some = issueInvoice(invoiceInput(charges, { chargeIds: ["ch2"] }));
    expect(some.ok && some.invoice.lines.map((l) => l.chargeId)).toEqual(["ch2"]);
    for (const id of ["ch4", "ch5", "ch6", "nope"]) {
      const r = issueInvoice(invoiceInput(charges, { chargeIds: [id] }));
      expect(!r.ok && [r.error.code, r.error.chargeId]).toEqual(["CHARGE_NOT_INVOICEABLE", id]);
    }
  });

  it("has nothing to invoice without open charges", () => {
    const r = issueInvoice(
      invoiceInput([charge("ch5", { status: "invoiced", invoiceId: "inv-0" })]),
    );
    expect(!r.ok && r.error.code).toBe("NOTHING_TO_INVOICE");
  });

  it("refuses a negative total (that is a credit note's job)", () => {
    const r = issueInvoice(invoiceInput([charge("d", { unitPrice: EUR(-100) })]));
    expect(!r.ok && r.error.code).toBe("NEGATIVE_TOTAL");
  });

  it("names the field for mixed currencies, another client's charge, or a clinic without tax ID", () => {
    const usd = charge("ch9", { unitPrice: { amount: 100, currency: "USD" } });
    expect(fields(() => issueInvoice(invoiceInput([charge("ch1"), usd])))).toEqual([
      "charges.1.unitPrice.currency",
    ]);
    const other = charge("ch9", { clientId: "c2" });
    expect(fields(() => issueInvoice(invoiceInput([other])))).toEqual(["charges.0.clientId"]);
    expect(
      fields(() => issueInvoice(invoiceInput([charge("ch1")], { clinic: { name: "X" } }))),
    ).toEqual(["invoice.clinic.taxId"]);
  });
});
