// Renders invoices, credit notes and receipts as PDF with pdf-lib, from their frozen snapshots only.
//
// The bytes are a pure function of the snapshot: the document dates are the snapshot's issue
// instant, there are no random ids (pdf-lib writes no /ID unless asked), the metadata is fixed, and
// money and dates are formatted without `Intl`. The file is also 7-bit clean: content streams are
// left uncompressed, text goes in hex strings and the header's binary marker is ASCII, so the bytes
// survive any text channel unchanged (the HTTP layer sends them as they are).

import {
  PDFDocument,
  PDFFlateStream,
  type PDFFont,
  PDFName,
  type PDFPage,
  StandardFonts,
} from "pdf-lib";
import { formatMoney, formatRate, type Labels, labelsFor, localDate } from "./format.js";

/** A party printed on a document. */
export interface PrintedParty {
  name: string;
  taxId?: string | undefined;
  address?: string | undefined;
  email?: string | undefined;
}

/** One printed line. */
export interface PrintedLine {
  description: string;
  quantity?: number | undefined;
  /** Minor units. */
  unitPrice?: number | undefined;
  taxRateBp: number;
  /** Minor units, tax included. */
  gross: number;
}

/** Everything a printed document shows, already frozen. */
export interface PrintableDocument {
  kind: "invoice" | "credit_note" | "receipt";
  number: string;
  issuedAt: string;
  dueAt?: string | undefined;
  locale: string;
  timeZone: string;
  currency: string;
  seller: PrintedParty;
  sellerContact: string[];
  buyer: PrintedParty;
  /** E.g. the invoice a credit note corrects or a receipt pays. */
  references: { label: string; value: string }[];
  lines: PrintedLine[];
  taxes: { rateBp: number; net: number; tax: number; gross: number }[];
  totals: { net: number; tax: number; gross: number };
  /** The client's outstanding balance at that moment (minor units), or null when not shown. */
  outstanding: number | null;
  /** Package balance lines, e.g. "Physio × 10: 6 of 10 used, 4 left, valid until 2026-07-10". */
  packages: string[];
  notes?: string | undefined;
}

const A4: [number, number] = [595.28, 841.89];
const LEFT = 50;
const RIGHT = 545;
const BOTTOM = 80;

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  charset: Set<number>;
}

/** Letters that have no decomposition but a plain Latin look-alike. */
const LOOK_ALIKES: Record<string, string> = {
  Ł: "L",
  ł: "l",
  Đ: "D",
  đ: "d",
  Ħ: "H",
  ħ: "h",
  ı: "i",
  Ŀ: "L",
  ŀ: "l",
  Ŧ: "T",
  ŧ: "t",
  "\u2010": "-",
  "\u2011": "-",
  "\u2212": "-",
};

/** Invisible characters that are dropped rather than shown as "?". */
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060\ufeff]/g;

/**
 * Makes text drawable with the standard fonts (WinAnsi): composed first (a name typed as "e" +
 * accent is "é"), then letters outside the font lose their accents ("Żółć" → "Zółc", "ş" → "s") or
 * take a look-alike ("Ł" → "L"); only what has neither (CJK, emoji) becomes "?".
 */
function printable(text: string, fonts: Fonts): string {
  let out = "";
  for (const char of text
    .normalize("NFC")
    .replace(INVISIBLE, "")
    .replace(/[\r\n\t]+/g, " ")) {
    if (fonts.charset.has(char.codePointAt(0) ?? 63)) {
      out += char;
      continue;
    }
    const base = LOOK_ALIKES[char] ?? char.normalize("NFD").replace(/\p{M}+/gu, "");
    const drawable =
      base !== "" && [...base].every((c) => fonts.charset.has(c.codePointAt(0) ?? 63));
    out += drawable ? base : "?";
  }
  return out;
}

/** Greedy word wrap to `width` points. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const words = text.split(" ");
  const lines: string[] = [];
  let current = "";
  for (const word of words) {
    const next = current ? `${current} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width || current === "") {
      current = next;
      // A single word wider than the column is cut.
      while (font.widthOfTextAtSize(current, size) > width && current.length > 1) {
        let cut = current.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(current.slice(0, cut), size) > width) cut -= 1;
        lines.push(current.slice(0, cut));
        current = current.slice(cut);
      }
    } else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  return lines.length > 0 ? lines : [""];
}

class Writer {
  pages: PDFPage[] = [];
  page!: PDFPage;
  y = 0;

  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: Fonts,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage(A4);
    this.pages.push(this.page);
    this.y = A4[1] - 60;
  }

  ensure(height: number, onBreak?: () => void): void {
    if (this.y - height < BOTTOM) {
      this.newPage();
      onBreak?.();
    }
  }

  text(value: string, x: number, options: { size?: number; bold?: boolean; right?: boolean } = {}) {
    const size = options.size ?? 9;
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    const safe = printable(value, this.fonts);
    const width = font.widthOfTextAtSize(safe, size);
    this.page.drawText(safe, { x: options.right ? x - width : x, y: this.y, size, font });
  }

  rule(): void {
    this.page.drawLine({
      start: { x: LEFT, y: this.y + 4 },
      end: { x: RIGHT, y: this.y + 4 },
      thickness: 0.5,
    });
  }

  down(points: number): void {
    this.y -= points;
  }
}

function title(doc: PrintableDocument, labels: Labels): string {
  if (doc.kind === "invoice") return labels.invoice;
  if (doc.kind === "credit_note") return labels.creditNote;
  return labels.receipt;
}

function party(w: Writer, p: PrintedParty, labels: Labels, x: number, extra: string[] = []) {
  const startY = w.y;
  w.text(p.name, x, { bold: true, size: 10 });
  w.down(13);
  const lines = [
    ...(p.taxId ? [`${labels.taxId}: ${p.taxId}`] : []),
    ...(p.address ? wrap(printable(p.address, w.fonts), w.fonts.regular, 9, 230) : []),
    ...(p.email ? [p.email] : []),
    ...extra,
  ];
  for (const line of lines) {
    w.text(line, x);
    w.down(12);
  }
  return startY - w.y;
}

/**
 * Renders a frozen document to PDF bytes; the same input always gives the same bytes.
 *
 * @example
 * const bytes = await renderDocumentPdf(printableInvoice(snapshot));
 * // Buffer.compare(bytes, await renderDocumentPdf(printableInvoice(snapshot))) === 0
 */
export async function renderDocumentPdf(doc: PrintableDocument): Promise<Uint8Array> {
  const labels = labelsFor(doc.locale);
  const money = (minor: number) => formatMoney(minor, doc.currency, doc.locale);
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const issued = new Date(doc.issuedAt);
  const heading = `${title(doc, labels)} ${doc.number}`;
  pdf.setTitle(heading);
  pdf.setAuthor(doc.seller.name);
  pdf.setCreator("Bookwell");
  pdf.setProducer("Bookwell (pdf-lib)");
  pdf.setCreationDate(issued);
  pdf.setModificationDate(issued);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const fonts: Fonts = { regular, bold, charset: new Set(regular.getCharacterSet()) };
  const w = new Writer(pdf, fonts);

  // Header: who issues, which document, when.
  w.text(doc.seller.name, LEFT, { bold: true, size: 14 });
  w.text(heading, RIGHT, { bold: true, size: 14, right: true });
  w.down(18);
  const meta = [
    `${labels.issued}: ${localDate(doc.issuedAt, doc.timeZone)}`,
    ...(doc.dueAt ? [`${labels.due}: ${localDate(doc.dueAt, doc.timeZone)}`] : []),
    ...doc.references.map((r) => `${r.label}: ${r.value}`),
  ];
  const headerY = w.y;
  for (const line of meta) {
    w.text(line, RIGHT, { right: true });
    w.down(12);
  }
  const metaHeight = headerY - w.y;
  w.y = headerY;
  const sellerHeight = party(w, doc.seller, labels, LEFT, doc.sellerContact);
  w.y = headerY - Math.max(metaHeight, sellerHeight) - 14;
  w.text(labels.billedTo, LEFT, { size: 8 });
  w.down(12);
  party(w, doc.buyer, labels, LEFT);
  w.down(12);

  // Lines.
  const tableHeader = () => {
    w.text(labels.description, LEFT, { bold: true });
    w.text(labels.quantity, 340, { bold: true, right: true });
    w.text(labels.unitPrice, 420, { bold: true, right: true });
    w.text(labels.tax, 470, { bold: true, right: true });
    w.text(labels.amount, RIGHT, { bold: true, right: true });
    w.down(6);
    w.rule();
    w.down(10);
  };
  tableHeader();
  for (const line of doc.lines) {
    const parts = wrap(printable(line.description, fonts), regular, 9, 230);
    w.ensure(12 * parts.length + 4, tableHeader);
    w.text(parts[0] ?? "", LEFT);
    if (line.quantity !== undefined) w.text(String(line.quantity), 340, { right: true });
    if (line.unitPrice !== undefined) w.text(money(line.unitPrice), 420, { right: true });
    w.text(formatRate(line.taxRateBp), 470, { right: true });
    w.text(money(line.gross), RIGHT, { right: true });
    for (const more of parts.slice(1)) {
      w.down(11);
      w.text(more, LEFT + 8);
    }
    w.down(14);
  }

  // Taxes and totals.
  if (doc.taxes.length > 0) {
    w.ensure(30 + 12 * doc.taxes.length);
    w.down(4);
    w.rule();
    w.down(10);
    w.text(labels.taxSummary, LEFT, { bold: true });
    w.text(labels.net, 420, { right: true, bold: true });
    w.text(labels.tax, 470, { right: true, bold: true });
    w.text(labels.total, RIGHT, { right: true, bold: true });
    w.down(13);
    for (const t of doc.taxes) {
      w.text(formatRate(t.rateBp), LEFT);
      w.text(money(t.net), 420, { right: true });
      w.text(money(t.tax), 470, { right: true });
      w.text(money(t.gross), RIGHT, { right: true });
      w.down(12);
    }
  }
  w.ensure(40);
  w.down(6);
  w.rule();
  w.down(12);
  const totalLabel =
    doc.kind === "receipt" ? (doc.totals.gross < 0 ? labels.refunded : labels.paid) : labels.total;
  w.text(totalLabel, 420, { bold: true, size: 11, right: true });
  const shown = doc.kind === "receipt" ? Math.abs(doc.totals.gross) : doc.totals.gross;
  w.text(money(shown), RIGHT, { bold: true, size: 11, right: true });
  w.down(20);

  // Balance and packages: what the client leaves with in writing.
  if (doc.outstanding !== null) {
    w.ensure(16);
    w.text(labels.outstanding, 420, { right: true });
    w.text(money(doc.outstanding), RIGHT, { right: true });
    w.down(18);
  }
  if (doc.packages.length > 0) {
    w.ensure(16 + 12 * doc.packages.length);
    w.text(labels.packages, LEFT, { bold: true });
    w.down(12);
    for (const line of doc.packages) {
      for (const part of wrap(printable(line, fonts), regular, 9, RIGHT - LEFT)) {
        w.ensure(12);
        w.text(part, LEFT);
        w.down(12);
      }
    }
    w.down(6);
  }
  if (doc.notes) {
    w.ensure(24);
    w.text(labels.notes, LEFT, { bold: true });
    w.down(12);
    for (const part of wrap(printable(doc.notes, fonts), regular, 9, RIGHT - LEFT)) {
      w.ensure(12);
      w.text(part, LEFT);
      w.down(12);
    }
  }

  // Footer on every page.
  w.pages.forEach((page, i) => {
    const label = printable(`${heading} · ${labels.page} ${i + 1}/${w.pages.length}`, fonts);
    page.drawText(label, {
      x: RIGHT - regular.widthOfTextAtSize(label, 7),
      y: 40,
      size: 7,
      font: regular,
    });
  });

  // 7-bit clean output: uncompressed content streams.
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (object instanceof PDFFlateStream) {
      (object as unknown as { encode: boolean }).encode = false;
      object.dict.delete(PDFName.of("Filter"));
    }
  }
  const bytes = await pdf.save({ useObjectStreams: false, addDefaultPage: false });
  // pdf-lib marks the file as binary with four 0x81 bytes on the second line; use ASCII instead
  // (same length, so every offset in the cross-reference table stays right).
  for (let i = 0; i < Math.min(bytes.length, 32); i += 1) {
    if ((bytes[i] ?? 0) > 0x7f) bytes[i] = 0x42; // "B"
  }
  return bytes;
}

/**
 * The PDF bytes as a string of the same code units (the file is 7-bit clean), for the route
 * layer's text replies.
 *
 * @example
 * const text = pdfAsText(await renderDocumentPdf(doc)); // text.length === bytes.length
 */
export function pdfAsText(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) {
    if (byte > 0x7f) throw new Error("the PDF is not 7-bit clean");
    out += String.fromCharCode(byte);
  }
  return out;
}
