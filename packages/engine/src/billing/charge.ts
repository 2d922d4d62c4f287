import { z } from "zod";
import { idSchema } from "../model.js";
import { parseInput } from "../validate.js";
import { basisPointsSchema, sameCurrency, signedMoneySchema } from "./money.js";
import { type Charge, type ChargeInput, chargeSchema } from "./schemas.js";
import { type LineAmounts, lineAmounts } from "./tax.js";

/** Why a change to a charge was refused. */
export type ChargeErrorCode = "CHARGE_INVOICED" | "CHARGE_VOID";

/** A refused change to a charge: invoiced charges are corrected with a credit note. */
export interface ChargeError {
  code: ChargeErrorCode;
  chargeId: string;
  message: string;
}

/** The outcome of a change to a charge. */
export type ChargeOutcome = { ok: true; charge: Charge } | { ok: false; error: ChargeError };

/**
 * Validates a charge and fills in its defaults (status `uninvoiced`, tax 0, tax-inclusive price).
 *
 * @example
 * createCharge({
 *   id: "ch1", caseId: "case1", clientId: "c1", description: "Physiotherapy 45 min",
 *   unitPrice: { amount: 4500, currency: "EUR" }, quantity: 1, billingProviderId: "dr-ana",
 * }).status; // "uninvoiced"
 */
export function createCharge(input: ChargeInput): Charge {
  return parseInput(chargeSchema, input, "charge");
}

/**
 * Net, tax and gross of a charge (see {@link lineAmounts} for the rounding rule).
 *
 * @example
 * chargeAmounts(createCharge({ ...base, unitPrice: { amount: 4500, currency: "EUR" }, quantity: 2 }));
 * // { net: 9000, tax: 0, gross: 9000 }
 */
export function chargeAmounts(charge: Charge): LineAmounts {
  return lineAmounts(charge);
}

const chargePatchSchema = z
  .object({
    description: z.string().min(1, "must not be empty").max(500),
    unitPrice: signedMoneySchema,
    quantity: z.number().int("must be a whole number").min(1, "must be at least 1").max(10_000),
    taxRateBp: basisPointsSchema,
    priceIncludesTax: z.boolean(),
    billingProviderId: idSchema,
  })
  .partial()
  .strict();
/** Fields of an uninvoiced charge that staff may edit. */
export type ChargePatch = z.input<typeof chargePatchSchema>;

function refuse(charge: Charge): ChargeOutcome | undefined {
  if (charge.status === "invoiced") {
    return {
      ok: false,
      error: {
        code: "CHARGE_INVOICED",
        chargeId: charge.id,
        message: `charge ${charge.id} is on invoice ${charge.invoiceId}; correct it with a credit note`,
      },
    };
  }
  if (charge.status === "void") {
    return {
      ok: false,
      error: { code: "CHARGE_VOID", chargeId: charge.id, message: `charge ${charge.id} is void` },
    };
  }
  return undefined;
}

/**
 * Edits an uninvoiced charge (price, quantity, tax, description, billing provider); an invoiced
 * or void charge is refused with a typed error. The currency cannot change.
 *
 * @example
 * const r = editCharge(charge, { quantity: 2 });
 * if (r.ok) r.charge.quantity; // 2
 */
export function editCharge(chargeInput: ChargeInput, patchInput: ChargePatch): ChargeOutcome {
  const charge = createCharge(chargeInput);
  const patch = parseInput(chargePatchSchema, patchInput, "patch");
  const refused = refuse(charge);
  if (refused) return refused;
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const next = { ...charge, ...defined };
  if (patch.unitPrice) {
    sameCurrency([
      { field: "charge.unitPrice", currency: charge.unitPrice.currency },
      { field: "patch.unitPrice", currency: patch.unitPrice.currency },
    ]);
  }
  return { ok: true, charge: createCharge(next) };
}

/**
 * Voids an uninvoiced charge (e.g. an arrival that is rolled back); invoiced charges are refused.
 *
 * @example
 * voidCharge(charge).ok; // true while the charge is uninvoiced
 */
export function voidCharge(chargeInput: ChargeInput): ChargeOutcome {
  const charge = createCharge(chargeInput);
  const refused = refuse(charge);
  if (refused) return refused;
  return { ok: true, charge: { ...charge, status: "void" } };
}
