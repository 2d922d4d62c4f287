import { z } from "zod";
import { EngineError } from "../errors.js";
import { idSchema, instantSchema } from "../model.js";
import { parseInput } from "../validate.js";
import {
  type CreditNote,
  type CreditNoteLine,
  creditNoteSchema,
  type DeepReadonly,
  type InvoiceLine,
  invoiceSchema,
  summarizeTaxes,
} from "./documents.js";
import { deepFreezeCopy } from "./freeze.js";
import { positiveMoneySchema, sameCurrency } from "./money.js";
import { nextDocumentNumber } from "./numbering.js";
import { divRoundHalfUp } from "./rounding.js";
import { numberingSchema } from "./schemas.js";

const issueCreditNoteSchema = z.object({
  id: idSchema,
  invoice: invoiceSchema,
  /** Credit notes already issued against this invoice. */
  previousCreditNotes: z.array(creditNoteSchema).default([]),
  numbering: numberingSchema,
  issuedAt: instantSchema,
  reason: z.string().min(1, "say why the invoice is corrected").max(1000),
  /** Lines to credit; omitted = everything not yet credited (a full credit note). */
  lines: z
    .array(
      z.object({
        chargeId: idSchema,
        /** Gross amount to credit on that line; omitted = the rest of the line. */
        amount: positiveMoneySchema.optional(),
      }),
    )
    .min(1)
    .optional(),
});
/** What {@link issueCreditNote} needs. */
export type IssueCreditNoteInput = DeepReadonly<z.input<typeof issueCreditNoteSchema>>;

/** Why a credit note could not be issued. */
export type CreditNoteErrorCode =
  | "NOTHING_TO_CREDIT"
  | "UNKNOWN_LINE"
  | "EXCEEDS_INVOICE_LINE"
  | "EXCEEDS_INVOICE_TOTAL"
  | "INCREASES_TOTAL";

/** A refused credit note. */
export interface CreditNoteError {
  code: CreditNoteErrorCode;
  message: string;
  chargeId?: string;
}

/** The issued credit note, or why not. */
export type IssueCreditNoteOutcome =
  | { ok: true; creditNote: DeepReadonly<CreditNote> }
  | { ok: false; error: CreditNoteError };

type Parsed = z.output<typeof issueCreditNoteSchema>;

function creditedSoFar(input: Parsed): Map<string, { gross: number; tax: number }> {
  const credited = new Map<string, { gross: number; tax: number }>();
  const seen = new Set<string>();
  input.previousCreditNotes.forEach((note, i) => {
    if (seen.has(note.id)) {
      // Counting one note twice would shrink what can still be credited.
      const message = `lists credit note ${note.id} twice`;
      throw new EngineError("INVALID_INPUT", `previousCreditNotes.${i}.id: ${message}`, [
        { field: `previousCreditNotes.${i}.id`, message },
      ]);
    }
    seen.add(note.id);
    if (note.invoiceId !== input.invoice.id) {
      const message = `must be ${input.invoice.id}: only credit notes of this invoice`;
      throw new EngineError("INVALID_INPUT", `previousCreditNotes.${i}.invoiceId: ${message}`, [
        { field: `previousCreditNotes.${i}.invoiceId`, message },
      ]);
    }
    for (const line of note.lines) {
      const entry = credited.get(line.chargeId) ?? { gross: 0, tax: 0 };
      entry.gross -= line.gross;
      entry.tax -= line.tax;
      credited.set(line.chargeId, entry);
    }
  });
  return credited;
}

/** Tax of a partial credit: cumulative proportion of the line's tax, so full credits are exact. */
function creditLine(
  line: InvoiceLine,
  before: { gross: number; tax: number },
  gross: number,
): CreditNoteLine {
  const after = before.gross + gross;
  const taxAfter =
    after === line.gross
      ? line.tax
      : Number(divRoundHalfUp(BigInt(line.tax) * BigInt(after), BigInt(line.gross)));
  const tax = taxAfter - before.tax;
  return {
    chargeId: line.chargeId,
    ...(line.appointmentId !== undefined ? { appointmentId: line.appointmentId } : {}),
    description: line.description,
    taxRateBp: line.taxRateBp,
    // `0 -` rather than unary minus: an untaxed line credits tax 0, never -0.
    net: 0 - (gross - tax),
    tax: 0 - tax,
    gross: 0 - gross,
  };
}

function requested(input: Parsed): { chargeId: string; amount?: number }[] {
  if (!input.lines) return input.invoice.lines.map((l) => ({ chargeId: l.chargeId }));
  sameCurrency([
    { field: "invoice", currency: input.invoice.currency },
    ...input.lines.flatMap((l, i) =>
      l.amount ? [{ field: `lines.${i}.amount`, currency: l.amount.currency }] : [],
    ),
  ]);
  return input.lines.map((l) => ({
    chargeId: l.chargeId,
    ...(l.amount ? { amount: l.amount.amount } : {}),
  }));
}

function buildLines(input: Parsed): CreditNoteLine[] | CreditNoteError {
  const credited = creditedSoFar(input);
  const byCharge = new Map(input.invoice.lines.map((l) => [l.chargeId, l]));
  const lines: CreditNoteLine[] = [];
  for (const want of requested(input)) {
    const line = byCharge.get(want.chargeId);
    if (!line) {
      return {
        code: "UNKNOWN_LINE",
        chargeId: want.chargeId,
        message: `invoice ${input.invoice.number} has no line for charge ${want.chargeId}`,
      };
    }
    const before = credited.get(line.chargeId) ?? { gross: 0, tax: 0 };
    const rest = line.gross - before.gross;
    const gross = want.amount ?? rest;
    if (want.amount !== undefined && (line.gross <= 0 || want.amount > rest)) {
      return {
        code: "EXCEEDS_INVOICE_LINE",
        chargeId: line.chargeId,
        message: `at most ${Math.max(rest, 0)} can still be credited on the line for charge ${line.chargeId}`,
      };
    }
    if (gross === 0) continue;
    const credit = creditLine(line, before, gross);
    credited.set(line.chargeId, { gross: before.gross + gross, tax: before.tax - credit.tax });
    lines.push(credit);
  }
  return lines;
}

/**
 * Issues a credit note against an invoice — the only way to correct an issued invoice. Without
 * `lines` it credits everything not credited yet (a full credit note); with `lines` it credits
 * whole lines or gross amounts of them. Lines are negative. The tax of a partial credit is the
 * line's tax times the cumulative share credited, rounded half away from zero, minus what earlier
 * notes took, so crediting a line in parts always adds up to exactly the line. Nothing may be
 * credited twice or beyond the invoice total, and a note whose lines would raise the total (a
 * discount line on its own) is refused with `INCREASES_TOTAL`.
 *
 * @example
 * const r = issueCreditNote({
 *   id: "cn-1", invoice, numbering: { prefix: "NC 2026/", minDigits: 5, previous: null },
 *   issuedAt: "2026-03-10T10:00:00Z", reason: "Session charged twice",
 *   lines: [{ chargeId: "ch2" }],
 * });
 * if (r.ok) r.creditNote.totals.gross; // e.g. -4500
 */
export function issueCreditNote(raw: IssueCreditNoteInput): IssueCreditNoteOutcome {
  const input = parseInput(issueCreditNoteSchema, raw, "creditNote");
  const lines = buildLines(input);
  if (!Array.isArray(lines)) return { ok: false, error: lines };
  if (lines.length === 0) {
    return {
      ok: false,
      error: {
        code: "NOTHING_TO_CREDIT",
        message: `invoice ${input.invoice.number} is fully credited`,
      },
    };
  }
  const { taxes, totals } = summarizeTaxes(lines);
  if (totals.gross > 0) {
    // Crediting only a discount line would raise what the client owes: that is not a credit note.
    return {
      ok: false,
      error: {
        code: "INCREASES_TOTAL",
        message: `these lines would add ${totals.gross} to invoice ${input.invoice.number}; a credit note only reduces it`,
      },
    };
  }
  const creditedBefore = input.previousCreditNotes.reduce((sum, n) => sum - n.totals.gross, 0);
  if (creditedBefore - totals.gross > input.invoice.totals.gross) {
    return {
      ok: false,
      error: {
        code: "EXCEEDS_INVOICE_TOTAL",
        message: `credits would exceed the invoice total ${input.invoice.totals.gross}`,
      },
    };
  }
  const { number, sequence } = nextDocumentNumber(raw.numbering, "creditNote.numbering");
  const note: CreditNote = {
    kind: "credit_note",
    id: input.id,
    number,
    sequence,
    invoiceId: input.invoice.id,
    invoiceNumber: input.invoice.number,
    caseId: input.invoice.caseId,
    clientId: input.invoice.clientId,
    currency: input.invoice.currency,
    issuedAt: input.issuedAt,
    reason: input.reason,
    seller: input.invoice.seller,
    buyer: input.invoice.buyer,
    lines,
    taxes,
    totals,
  };
  return { ok: true, creditNote: deepFreezeCopy(note) };
}
