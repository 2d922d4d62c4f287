import { describe, expect, it } from "vitest";
import { issueCreditNote } from "./credit-note.js";
import type { CreditNote, DeepReadonly, Invoice } from "./documents.js";
import { issueInvoice } from "./invoice.js";
import { charge, EUR, invoiceInput } from "./test-fixtures.js";

function invoice(): DeepReadonly<Invoice> {
  const r = issueInvoice(
    invoiceInput([
      charge("ch1"),
      charge("ch2", {
        description: "Shockwave",
        unitPrice: EUR(1001),
        taxRateBp: 2300,
        priceIncludesTax: false,
      }),
    ]),
  );
  if (!r.ok) throw new Error(r.error.code);
  return r.invoice;
}

const numbering = (previous: string | null) => ({ prefix: "NC 2026/", minDigits: 5, previous });

describe("issueCreditNote", () => {
  it("credits everything with negative lines when no lines are named", () => {
    const inv = invoice();
    const r = issueCreditNote({
      id: "cn1",
      invoice: inv,
      numbering: numbering(null),
      issuedAt: "2026-03-10T10:00:00Z",
      reason: "Wrong client",
    });
    if (!r.ok) throw new Error(r.error.code);
    expect(r.creditNote).toMatchObject({
      number: "NC 2026/00001",
      invoiceId: "inv-1",
      invoiceNumber: "FT 2026/00042",
    });
    expect(r.creditNote.totals).toEqual({
      net: -inv.totals.net,
      tax: -inv.totals.tax,
      gross: -inv.totals.gross,
    });
    expect(Object.isFrozen(r.creditNote.lines)).toBe(true);
  });

  it("credits a line in parts that add up exactly to the line, tax included", () => {
    const inv = invoice(); // ch2: net 1001, tax 230, gross 1231
    const notes: DeepReadonly<CreditNote>[] = [];
    for (const amount of [400, 400, 431]) {
      const r = issueCreditNote({
        id: `cn${notes.length + 1}`,
        invoice: inv,
        previousCreditNotes: notes as CreditNote[],
        numbering: numbering(notes.at(-1)?.number ?? null),
        issuedAt: "2026-03-10T10:00:00Z",
        reason: "Goodwill",
        lines: [{ chargeId: "ch2", amount: EUR(amount) }],
      });
      if (!r.ok) throw new Error(r.error.code);
      notes.push(r.creditNote);
    }
    const sum = (k: "net" | "tax" | "gross") => notes.reduce((s, n) => s + n.totals[k], 0);
    expect([sum("net"), sum("tax"), sum("gross")]).toEqual([-1001, -230, -1231]);
    expect(notes.map((n) => n.number)).toEqual(["NC 2026/00001", "NC 2026/00002", "NC 2026/00003"]);
    const again = issueCreditNote({
      id: "cn4",
      invoice: inv,
      previousCreditNotes: notes as CreditNote[],
      numbering: numbering("NC 2026/00003"),
      issuedAt: "2026-03-10T10:00:00Z",
      reason: "Again",
      lines: [{ chargeId: "ch2", amount: EUR(1) }],
    });
    expect(!again.ok && again.error.code).toBe("EXCEEDS_INVOICE_LINE");
  });

  it("refuses unknown lines and a second full credit", () => {
    const inv = invoice();
    const base = {
      invoice: inv,
      numbering: numbering(null),
      issuedAt: "2026-03-10T10:00:00Z",
      reason: "x",
    };
    const unknown = issueCreditNote({ ...base, id: "cn1", lines: [{ chargeId: "zz" }] });
    expect(!unknown.ok && unknown.error.code).toBe("UNKNOWN_LINE");
    const full = issueCreditNote({ ...base, id: "cn1" });
    if (!full.ok) throw new Error(full.error.code);
    const twice = issueCreditNote({
      ...base,
      id: "cn2",
      previousCreditNotes: [full.creditNote as CreditNote],
    });
    expect(!twice.ok && twice.error.code).toBe("NOTHING_TO_CREDIT");
  });

  it("never credits more than the invoice total when a discount line exists", () => {
    const r = issueInvoice(
      invoiceInput([
        charge("ch1"),
        charge("disc", { description: "Discount", unitPrice: EUR(-500) }),
      ]),
    );
    if (!r.ok) throw new Error(r.error.code);
    const over = issueCreditNote({
      id: "cn1",
      invoice: r.invoice,
      numbering: numbering(null),
      issuedAt: "2026-03-10T10:00:00Z",
      reason: "x",
      lines: [{ chargeId: "ch1" }],
    });
    expect(!over.ok && over.error.code).toBe("EXCEEDS_INVOICE_TOTAL");
  });

  it("regression: crediting a discount line alone raised the total the client owes", () => {
    const r = issueInvoice(
      invoiceInput([
        charge("ch1"),
        charge("disc", { description: "Discount", unitPrice: EUR(-1000) }),
      ]),
    );
    if (!r.ok) throw new Error(r.error.code);
    const base = {
      id: "cn1",
      invoice: r.invoice,
      numbering: numbering(null),
      issuedAt: "2026-03-10T10:00:00Z",
      reason: "Discount given by mistake",
    };
    const alone = issueCreditNote({ ...base, lines: [{ chargeId: "disc" }] });
    expect(!alone.ok && alone.error.code).toBe("INCREASES_TOTAL");
    // A full credit still reverses the discount together with the line it reduced.
    const full = issueCreditNote(base);
    if (!full.ok) throw new Error(full.error.code);
    expect(full.creditNote.lines.map((l) => l.gross)).toEqual([-4500, 1000]);
    expect(full.creditNote.totals.gross).toBe(-3500);
  });

  it("regression: an untaxed credit line carried tax -0", () => {
    const r = issueCreditNote({
      id: "cn1",
      invoice: invoice(),
      numbering: numbering(null),
      issuedAt: "2026-03-10T10:00:00Z",
      reason: "x",
      lines: [{ chargeId: "ch1" }],
    });
    if (!r.ok) throw new Error(r.error.code);
    expect(Object.is(r.creditNote.lines[0]?.tax, 0)).toBe(true);
    expect(Object.is(r.creditNote.totals.tax, 0)).toBe(true);
  });

  it("regression: the same earlier credit note listed twice was counted twice", () => {
    const inv = invoice();
    const base = { invoice: inv, issuedAt: "2026-03-10T10:00:00Z", reason: "Goodwill" };
    const first = issueCreditNote({
      ...base,
      id: "cn1",
      numbering: numbering(null),
      lines: [{ chargeId: "ch2", amount: EUR(400) }],
    });
    if (!first.ok) throw new Error(first.error.code);
    const note = first.creditNote as CreditNote;
    expect(() =>
      issueCreditNote({
        ...base,
        id: "cn2",
        numbering: numbering("NC 2026/00001"),
        previousCreditNotes: [note, note],
      }),
    ).toThrow(/previousCreditNotes\.1\.id/);
  });

  it("names the field for another currency or another invoice's notes", () => {
    const inv = invoice();
    const base = {
      id: "cn1",
      invoice: inv,
      numbering: numbering(null),
      issuedAt: "2026-03-10T10:00:00Z",
      reason: "x",
    };
    expect(() =>
      issueCreditNote({
        ...base,
        lines: [{ chargeId: "ch1", amount: { amount: 1, currency: "USD" } }],
      }),
    ).toThrow(/lines\.0\.amount\.currency/);
    const other = issueCreditNote(base);
    if (!other.ok) throw new Error(other.error.code);
    const foreign = { ...(other.creditNote as CreditNote), invoiceId: "inv-9" };
    expect(() => issueCreditNote({ ...base, previousCreditNotes: [foreign] })).toThrow(
      /previousCreditNotes\.0\.invoiceId/,
    );
  });
});
