import { z } from "zod";
import { currencySchema, idSchema, instantSchema } from "../model.js";
import { basisPointsSchema, minorUnitsSchema, signedMoneySchema } from "./money.js";
import { clinicPartySchema, partySchema } from "./schemas.js";

/** Net, tax and gross of a line or a document, in minor units. */
export const amountsSchema = z.object({
  net: minorUnitsSchema,
  tax: minorUnitsSchema,
  gross: minorUnitsSchema,
});

/** One line of an issued invoice: a frozen copy of a charge with its computed amounts. */
export const invoiceLineSchema = amountsSchema.extend({
  chargeId: idSchema,
  appointmentId: idSchema.optional(),
  description: z.string(),
  quantity: z.number().int(),
  unitPrice: signedMoneySchema,
  taxRateBp: basisPointsSchema,
  priceIncludesTax: z.boolean(),
  billingProviderId: idSchema,
});
/** One line of an issued invoice. */
export type InvoiceLine = z.output<typeof invoiceLineSchema>;

/** Tax summed per rate: what the law asks an invoice to show. */
export const taxSummarySchema = amountsSchema.extend({ rateBp: basisPointsSchema });
/** Tax summed per rate. */
export type TaxSummary = z.output<typeof taxSummarySchema>;

/** The buyer on a document: the client with their id. */
export const buyerSchema = partySchema.extend({ id: idSchema });

/** An issued invoice: an immutable snapshot of parties, lines, taxes per rate and totals. */
export const invoiceSchema = z.object({
  kind: z.literal("invoice"),
  id: idSchema,
  number: z.string().min(1),
  sequence: z.number().int().min(1),
  caseId: idSchema,
  clientId: idSchema,
  currency: currencySchema,
  issuedAt: instantSchema,
  dueAt: instantSchema.optional(),
  seller: clinicPartySchema,
  buyer: buyerSchema,
  lines: z.array(invoiceLineSchema).min(1),
  taxes: z.array(taxSummarySchema),
  totals: amountsSchema,
  notes: z.string().optional(),
});
/** An issued invoice (deep-frozen when the engine returns it). */
export type Invoice = z.output<typeof invoiceSchema>;

/** One line of a credit note: a (negative) correction of one invoice line. */
export const creditNoteLineSchema = amountsSchema.extend({
  chargeId: idSchema,
  appointmentId: idSchema.optional(),
  description: z.string(),
  taxRateBp: basisPointsSchema,
});
/** One line of a credit note; amounts are negative. */
export type CreditNoteLine = z.output<typeof creditNoteLineSchema>;

/** An issued credit note correcting an invoice; its amounts are negative. */
export const creditNoteSchema = z.object({
  kind: z.literal("credit_note"),
  id: idSchema,
  number: z.string().min(1),
  sequence: z.number().int().min(1),
  invoiceId: idSchema,
  invoiceNumber: z.string().min(1),
  caseId: idSchema,
  clientId: idSchema,
  currency: currencySchema,
  issuedAt: instantSchema,
  reason: z.string().min(1).max(1000),
  seller: clinicPartySchema,
  buyer: buyerSchema,
  lines: z.array(creditNoteLineSchema).min(1),
  taxes: z.array(taxSummarySchema),
  totals: amountsSchema,
});
/** An issued credit note (deep-frozen when the engine returns it). */
export type CreditNote = z.output<typeof creditNoteSchema>;

/** Makes every property of a value read-only, all the way down. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * Sums line amounts per tax rate, sorted by rate, and returns them with the document totals.
 *
 * @example
 * summarizeTaxes([{ taxRateBp: 600, net: 1000, tax: 60, gross: 1060 }]);
 * // { taxes: [{ rateBp: 600, net: 1000, tax: 60, gross: 1060 }], totals: { net: 1000, tax: 60, gross: 1060 } }
 */
export function summarizeTaxes(
  lines: readonly { taxRateBp: number; net: number; tax: number; gross: number }[],
): { taxes: TaxSummary[]; totals: { net: number; tax: number; gross: number } } {
  const byRate = new Map<number, TaxSummary>();
  const totals = { net: 0, tax: 0, gross: 0 };
  for (const line of lines) {
    const entry = byRate.get(line.taxRateBp) ?? {
      rateBp: line.taxRateBp,
      net: 0,
      tax: 0,
      gross: 0,
    };
    entry.net += line.net;
    entry.tax += line.tax;
    entry.gross += line.gross;
    byRate.set(line.taxRateBp, entry);
    totals.net += line.net;
    totals.tax += line.tax;
    totals.gross += line.gross;
  }
  return { taxes: [...byRate.values()].sort((a, b) => a.rateBp - b.rateBp), totals };
}
