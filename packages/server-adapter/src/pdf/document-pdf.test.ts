import { PDFDocument } from "pdf-lib";
import { describe, expect, test } from "vitest";
import { type PrintableDocument, pdfAsText, renderDocumentPdf } from "./document-pdf.js";
import {
  formatMoney,
  formatRate,
  labelsFor,
  localDate,
  packageBalanceLine,
  packageSaleLine,
} from "./format.js";

function invoice(overrides: Partial<PrintableDocument> = {}): PrintableDocument {
  return {
    kind: "invoice",
    number: "INV 2026/00042",
    issuedAt: "2026-03-09T18:00:00.000Z",
    locale: "pt-PT",
    timeZone: "Europe/Lisbon",
    currency: "EUR",
    seller: { name: "Clínica São João", taxId: "PT500000000", address: "Rua A 1, Lisboa" },
    sellerContact: ["+351 210 000 000"],
    buyer: { name: "Rita Lopes", taxId: "PT123456789" },
    references: [],
    lines: [
      {
        description: "Fisioterapia 45 min",
        quantity: 1,
        unitPrice: 4500,
        taxRateBp: 0,
        gross: 4500,
      },
    ],
    taxes: [{ rateBp: 0, net: 4500, tax: 0, gross: 4500 }],
    totals: { net: 4500, tax: 0, gross: 4500 },
    outstanding: 4500,
    packages: ["10 × Physio: 6 of 10 used, 4 left, valid until 2026-07-10"],
    ...overrides,
  };
}

describe("renderDocumentPdf", () => {
  test("the same snapshot gives the same bytes; another snapshot other bytes", async () => {
    const a = await renderDocumentPdf(invoice());
    const b = await renderDocumentPdf(invoice());
    expect(Buffer.compare(a, b)).toBe(0);
    const c = await renderDocumentPdf(invoice({ outstanding: 0 }));
    expect(Buffer.compare(a, c)).not.toBe(0);
  });

  test("fixed metadata from the snapshot, 7-bit clean, text drawn in hex strings", async () => {
    const bytes = await renderDocumentPdf(invoice());
    expect([...bytes].every((b) => b < 0x80)).toBe(true);
    const text = pdfAsText(bytes);
    expect(text.startsWith("%PDF-1.7\n%BBBB")).toBe(true);
    expect(text).not.toContain("FlateDecode");
    expect(text).not.toMatch(/\/ID\s*\[/);
    const hex = (s: string) =>
      [...s].map((ch) => ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")).join("");
    expect(text).toContain(hex("INV 2026/00042"));
    expect(text).toContain(hex("Saldo em d"));
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getTitle()).toBe("Fatura INV 2026/00042");
    expect(doc.getProducer()).toBe("Bookwell (pdf-lib)");
    expect(doc.getCreationDate()?.toISOString()).toBe("2026-03-09T18:00:00.000Z");
    expect(doc.getModificationDate()?.toISOString()).toBe("2026-03-09T18:00:00.000Z");
  });

  test("long documents break into pages; characters outside WinAnsi print as ?", async () => {
    const lines = Array.from({ length: 80 }, (_, i) => ({
      description: `Sessão ${i} — uma descrição longa que tem de quebrar em várias linhas na coluna da descrição`,
      quantity: 1,
      unitPrice: 100,
      taxRateBp: 2300,
      gross: 100,
    }));
    const bytes = await renderDocumentPdf(invoice({ lines, buyer: { name: "李 Zoë" } }));
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThan(2);
    const text = pdfAsText(bytes);
    expect(text).toContain("3F205A"); // "? Z" of "? Zoë" in WinAnsi hex
  });

  test("regression: Polish, Turkish and decomposed names print without ? (accents dropped only where the font has no glyph)", async () => {
    const bytes = await renderDocumentPdf(
      invoice({
        buyer: { name: "Łukasz Żółć" },
        lines: [
          {
            description: "Jose\u0301 \u015eahin\u200b",
            quantity: 1,
            unitPrice: 4500,
            taxRateBp: 0,
            gross: 4500,
          },
        ],
      }),
    );
    const text = pdfAsText(bytes);
    // WinAnsi hex of what is drawn: "Lukasz Zólc", "José Sahin" (ó = F3, é = E9).
    expect(text).toContain("4C756B61737A205AF36C63");
    expect(text).toContain("4A6F73E920536168696E");
  });

  test("pdfAsText refuses bytes that are not 7-bit", () => {
    expect(() => pdfAsText(new Uint8Array([0x25, 0x81]))).toThrow("7-bit");
  });
});

describe("format", () => {
  test("money without Intl, per locale, in minor units", () => {
    expect(formatMoney(123456, "EUR", "pt-PT")).toBe("1 234,56 €");
    expect(formatMoney(123456, "EUR", "es-ES")).toBe("1.234,56 €");
    expect(formatMoney(-500, "USD", "en-US")).toBe("-$5.00");
    expect(formatMoney(5, "EUR", "en")).toBe("€0.05");
    expect(formatMoney(1500, "JPY", "en")).toBe("JPY1,500");
    expect(formatMoney(1234, "KWD", "pt")).toBe("1,234 KWD");
    expect(formatMoney(12345, "BHD", "en")).toBe("BHD12.345");
  });

  test("rates, local dates and labels", () => {
    expect(formatRate(2300)).toBe("23%");
    expect(formatRate(650)).toBe("6.5%");
    expect(formatRate(0)).toBe("0%");
    expect(localDate("2026-03-29T23:30:00Z", "Europe/Lisbon")).toBe("2026-03-30");
    expect(localDate("2026-03-09T23:30:00Z", "America/New_York")).toBe("2026-03-09");
    expect(labelsFor("es-ES").invoice).toBe("Factura");
    expect(labelsFor("fr-FR").invoice).toBe("Invoice");
  });

  test("a package sale's invoice line in the document's language", () => {
    const english = "Package: 10 × Physio (10 sessions)";
    expect(packageSaleLine("10 × Physio", 10, "en-GB", english)).toBe(english);
    expect(packageSaleLine("10 × Fisioterapia", 10, "pt-PT", english)).toBe(
      "Pacote: 10 × Fisioterapia (10 sessões)",
    );
    expect(packageSaleLine(undefined, 1, "es", "Package: 1 sessions")).toBe("Bono: (1 sesión)");
  });

  test("a package's balance line in the document's language", () => {
    const balance = {
      sold: 10,
      used: 1,
      remaining: 9,
      refunded: 0,
      expired: false,
      expiresOn: "2026-09-30",
      line: "1 of 10 used, 9 left, valid until 2026-09-30",
    };
    expect(packageBalanceLine(balance, "en-GB")).toBe(balance.line);
    expect(packageBalanceLine(balance, "fr-FR")).toBe(balance.line);
    expect(packageBalanceLine(balance, "pt-PT")).toBe(
      "1 de 10 usadas, faltam 9, válido até 30/09/2026",
    );
    expect(packageBalanceLine(balance, "es-ES")).toBe(
      "1 de 10 usadas, quedan 9, válido hasta el 30/09/2026",
    );
    const last = { ...balance, used: 9, remaining: 1, expired: true };
    expect(packageBalanceLine(last, "pt")).toBe("9 de 10 usadas, falta 1, expirou a 30/09/2026");
    const refunded = { ...balance, remaining: 0, refunded: 9, expiresOn: null };
    expect(packageBalanceLine(refunded, "es")).toBe("1 de 10 usadas, 9 reembolsadas");
  });
});
