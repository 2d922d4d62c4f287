import { describe, expect, it } from "vitest";
import { chargeAmounts, createCharge, editCharge, voidCharge } from "./charge.js";
import { charge, EUR } from "./test-fixtures.js";

describe("charges", () => {
  it("fill defaults: uninvoiced, tax-inclusive, no tax", () => {
    const c = createCharge(charge("ch1"));
    expect(c).toMatchObject({
      status: "uninvoiced",
      priceIncludesTax: true,
      taxRateBp: 0,
      source: "manual",
    });
    expect(chargeAmounts(createCharge(charge("ch2", { quantity: 2 })))).toEqual({
      net: 9000,
      tax: 0,
      gross: 9000,
    });
  });

  it("reject floats and name the field", () => {
    expect(() => createCharge(charge("ch1", { unitPrice: EUR(45.5) }))).toThrow(
      /charge\.unitPrice\.amount/,
    );
    expect(() => createCharge(charge("ch1", { status: "invoiced" }))).toThrow(/charge\.invoiceId/);
  });

  it("can be edited and voided while uninvoiced", () => {
    const edited = editCharge(charge("ch1"), { quantity: 2, description: "Two sessions" });
    expect(edited.ok && [edited.charge.quantity, edited.charge.description]).toEqual([
      2,
      "Two sessions",
    ]);
    const voided = voidCharge(charge("ch1"));
    expect(voided.ok && voided.charge.status).toBe("void");
  });

  it("cannot change once invoiced or void (a credit note corrects an invoice)", () => {
    const invoiced = charge("ch1", { status: "invoiced", invoiceId: "inv-1" });
    expect(editCharge(invoiced, { quantity: 3 })).toEqual({
      ok: false,
      error: expect.objectContaining({ code: "CHARGE_INVOICED", chargeId: "ch1" }),
    });
    expect(voidCharge(invoiced).ok).toBe(false);
    const voided = voidCharge(charge("ch1", { status: "void" }));
    expect(!voided.ok && voided.error.code).toBe("CHARGE_VOID");
  });

  it("keeps its currency", () => {
    expect(() =>
      editCharge(charge("ch1"), { unitPrice: { amount: 100, currency: "USD" } }),
    ).toThrow(/patch\.unitPrice\.currency/);
    expect(() => editCharge(charge("ch1"), { colour: "red" } as never)).toThrow(/patch/);
  });
});
