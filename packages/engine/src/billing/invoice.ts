import { z } from "zod";
import { EngineError } from "../errors.js";
import { idSchema, instantSchema } from "../model.js";
import { parseInput } from "../validate.js";
import { type DeepReadonly, type Invoice, type InvoiceLine, summarizeTaxes } from "./documents.js";
import { deepFreezeCopy } from "./freeze.js";
import { sameCurrency } from "./money.js";
import { nextDocumentNumber } from "./numbering.js";
import {
  type Charge,
  chargeSchema,
  clinicPartySchema,
  numberingSchema,
  partySchema,
} from "./schemas.js";
import { lineAmounts } from "./tax.js";

const issueInvoiceSchema = z.object({
  /** Id for the new invoice (the caller's storage makes ids). */
  id: idSchema,
  caseId: idSchema,
  /** Charges to gather from: every uninvoiced charge of the case is taken (or only `chargeIds`). */
  charges: z.array(chargeSchema),
  chargeIds: z.array(idSchema).min(1).optional(),
  client: partySchema.extend({ id: idSchema }),
  clinic: clinicPartySchema,
  numbering: numberingSchema,
  issuedAt: instantSchema,
  dueAt: instantSchema.optional(),
  notes: z.string().max(2000).optional(),
});
/** What {@link issueInvoice} needs. */
export type IssueInvoiceInput = DeepReadonly<z.input<typeof issueInvoiceSchema>>;

/** Why an invoice could not be issued. */
export type InvoiceErrorCode = "NOTHING_TO_INVOICE" | "CHARGE_NOT_INVOICEABLE" | "NEGATIVE_TOTAL";

/** A refused invoice, with the offending charge where there is one. */
export interface InvoiceError {
  code: InvoiceErrorCode;
  message: string;
  chargeId?: string;
}

/** The issued invoice and the gathered charges, now `invoiced` and pointing at it. */
export type IssueInvoiceOutcome =
  | { ok: true; invoice: DeepReadonly<Invoice>; charges: Charge[] }
  | { ok: false; error: InvoiceError };

function gather(
  input: z.output<typeof issueInvoiceSchema>,
): { charges: Charge[] } | { error: InvoiceError } {
  const open = input.charges.filter((c) => c.caseId === input.caseId && c.status === "uninvoiced");
  if (!input.chargeIds) {
    if (open.length === 0) {
      return {
        error: {
          code: "NOTHING_TO_INVOICE",
          message: `case ${input.caseId} has no uninvoiced charges`,
        },
      };
    }
    return { charges: open };
  }
  const byId = new Map(open.map((c) => [c.id, c]));
  const picked: Charge[] = [];
  for (const id of new Set(input.chargeIds)) {
    const charge = byId.get(id);
    if (!charge) {
      return {
        error: {
          code: "CHARGE_NOT_INVOICEABLE",
          chargeId: id,
          message: `charge ${id} is not an uninvoiced charge of case ${input.caseId}`,
        },
      };
    }
    picked.push(charge);
  }
  return { charges: picked };
}

function checkClient(input: z.output<typeof issueInvoiceSchema>, charges: Charge[]): void {
  for (const charge of charges) {
    if (charge.clientId !== input.client.id) {
      const index = input.charges.indexOf(charge);
      const message = `must be the invoice's client ${input.client.id}`;
      throw new EngineError("INVALID_INPUT", `charges.${index}.clientId: ${message}`, [
        { field: `charges.${index}.clientId`, message },
      ]);
    }
  }
}

function toLine(charge: Charge): InvoiceLine {
  const amounts = lineAmounts(charge);
  return {
    chargeId: charge.id,
    ...(charge.appointmentId !== undefined ? { appointmentId: charge.appointmentId } : {}),
    description: charge.description,
    quantity: charge.quantity,
    unitPrice: { ...charge.unitPrice },
    taxRateBp: charge.taxRateBp,
    priceIncludesTax: charge.priceIncludesTax,
    billingProviderId: charge.billingProviderId,
    ...amounts,
  };
}

/**
 * Issues an invoice for a case: gathers its uninvoiced charges (or the listed `chargeIds`),
 * assigns the next number of the series, computes each line's tax (rounded per line) and the tax
 * per rate and totals, and returns a deep-frozen snapshot with copies of the client's and clinic's
 * details — later changes to any input never reach it. The gathered charges come back `invoiced`.
 * Mixed currencies and charges of another client throw `EngineError` INVALID_INPUT naming the field.
 *
 * @example
 * const r = issueInvoice({
 *   id: "inv-1", caseId: "case-1", charges,
 *   client: { id: "c1", name: "Rita Lopes", taxId: "PT123456789" },
 *   clinic: { name: "Clínica Sol", taxId: "PT500000000", address: "Rua A 1, Lisboa" },
 *   numbering: { prefix: "FT 2026/", minDigits: 5, previous: "FT 2026/00041" },
 *   issuedAt: "2026-03-09T18:00:00Z",
 * });
 * if (r.ok) r.invoice.number; // "FT 2026/00042"
 */
export function issueInvoice(raw: IssueInvoiceInput): IssueInvoiceOutcome {
  const input = parseInput(issueInvoiceSchema, raw, "invoice");
  const gathered = gather(input);
  if ("error" in gathered) return { ok: false, error: gathered.error };
  const { charges } = gathered;
  checkClient(input, charges);
  const currency = sameCurrency(
    charges.map((c) => ({
      field: `charges.${input.charges.indexOf(c)}.unitPrice`,
      currency: c.unitPrice.currency,
    })),
  );
  const lines = charges.map(toLine);
  const { taxes, totals } = summarizeTaxes(lines);
  if (totals.gross < 0) {
    return {
      ok: false,
      error: {
        code: "NEGATIVE_TOTAL",
        message: "an invoice total cannot be negative; issue a credit note",
      },
    };
  }
  const { number, sequence } = nextDocumentNumber(raw.numbering, "invoice.numbering");
  const invoice: Invoice = {
    kind: "invoice",
    id: input.id,
    number,
    sequence,
    caseId: input.caseId,
    clientId: input.client.id,
    currency,
    issuedAt: input.issuedAt,
    ...(input.dueAt !== undefined ? { dueAt: input.dueAt } : {}),
    seller: input.clinic,
    buyer: input.client,
    lines,
    taxes,
    totals,
    ...(input.notes !== undefined ? { notes: input.notes } : {}),
  };
  return {
    ok: true,
    invoice: deepFreezeCopy(invoice),
    charges: charges.map((c) => ({ ...c, status: "invoiced", invoiceId: input.id })),
  };
}
