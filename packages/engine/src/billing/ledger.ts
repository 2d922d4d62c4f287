import { z } from "zod";
import { EngineError } from "../errors.js";
import { currencySchema } from "../model.js";
import { parseInput } from "../validate.js";
import type { DeepReadonly } from "./documents.js";
import { type CreditNote, creditNoteSchema, type Invoice, invoiceSchema } from "./documents.js";
import { type MoneyAt, sameCurrency } from "./money.js";
import { type Charge, chargeSchema, type Payment, paymentSchema } from "./schemas.js";

/** Every money record of a client or case: charges, issued documents and payments. */
export const ledgerSchema = z.object({
  charges: z.array(chargeSchema).default([]),
  invoices: z.array(invoiceSchema).default([]),
  creditNotes: z.array(creditNoteSchema).default([]),
  payments: z.array(paymentSchema).default([]),
  /** Currency to report when there are no records at all. */
  currency: currencySchema.optional(),
});
/** Money records as accepted by the balance functions. */
export type LedgerInput = DeepReadonly<z.input<typeof ledgerSchema>>;
/** Money records after validation. */
export interface Ledger {
  charges: Charge[];
  invoices: Invoice[];
  creditNotes: CreditNote[];
  payments: Payment[];
  currency?: string | undefined;
}

/**
 * Validates a ledger once and checks that it is consistent: one currency throughout (else
 * INVALID_INPUT naming the first field that differs) and every invoiced charge's invoice present.
 *
 * @example
 * const { caseId, charges } = parseLedger({ caseId: idSchema }, raw, "caseBalance");
 */
export function parseLedger<T extends z.ZodRawShape>(
  extra: T,
  raw: unknown,
  root: string,
): Ledger & z.output<z.ZodObject<T>> {
  const ledger = parseInput(ledgerSchema.extend(extra), raw, root) as Ledger &
    z.output<z.ZodObject<T>>;
  const entries: MoneyAt[] = [
    ...ledger.charges.map((c, i) => ({
      field: `${root}.charges.${i}.unitPrice`,
      currency: c.unitPrice.currency,
    })),
    ...ledger.invoices.map((v, i) => ({ field: `${root}.invoices.${i}`, currency: v.currency })),
    ...ledger.creditNotes.map((n, i) => ({
      field: `${root}.creditNotes.${i}`,
      currency: n.currency,
    })),
    ...ledger.payments.map((p, i) => ({
      field: `${root}.payments.${i}.amount`,
      currency: p.amount.currency,
    })),
  ];
  if (entries.length > 0) sameCurrency(entries, ledger.currency);
  const invoiceIds = new Set(ledger.invoices.map((v) => v.id));
  ledger.charges.forEach((c, i) => {
    if (c.status === "invoiced" && !invoiceIds.has(c.invoiceId ?? "")) {
      const message = `invoice ${c.invoiceId} must be among ${root}.invoices`;
      throw new EngineError("INVALID_INPUT", `${root}.charges.${i}.invoiceId: ${message}`, [
        { field: `${root}.charges.${i}.invoiceId`, message },
      ]);
    }
  });
  return ledger;
}

/**
 * The currency of a parsed ledger, or `null` when it holds nothing and none was given.
 *
 * @example
 * ledgerCurrency(parseLedger({}, { charges }, "ledger")); // "EUR"
 */
export function ledgerCurrency(ledger: Ledger): string | null {
  return (
    ledger.currency ??
    ledger.charges[0]?.unitPrice.currency ??
    ledger.invoices[0]?.currency ??
    ledger.creditNotes[0]?.currency ??
    ledger.payments[0]?.amount.currency ??
    null
  );
}
