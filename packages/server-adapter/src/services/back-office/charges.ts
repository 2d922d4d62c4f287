// Charges as stored and shown: the stored fields of an engine charge, the API's view with the
// engine's amounts, and which charges a caller may see. Adding, editing and voiding them are
// commands (src/commands/back-office/charges.ts).

import { type Charge, chargeAmounts } from "@bookwell/engine";
import type { CommandContext } from "../../commands/unit-of-work.js";
import { BookwellError } from "../../errors.js";
import type { ChargeInput, ChargeRecord } from "../../storage/back-office.js";
import type { StorageOperations } from "../../storage/storage.js";
import { assertClientVisible } from "./access.js";
import { toEngineCharge } from "./ledger.js";

/** Revenue that belongs to no provider (a package sale, a clinic fee) is booked to this id. */
export const CLINIC_BILLING_ID = "clinic";

/**
 * A charge the caller may see, else 404.
 *
 * @example
 * const charge = await visibleCharge(ctx, tx, "ch_1");
 */
export async function visibleCharge(
  ctx: CommandContext,
  ops: StorageOperations,
  id: string,
): Promise<ChargeRecord> {
  const found = await ops.getCharge(ctx.clinic.id, id);
  if (!found) throw new BookwellError("NOT_FOUND", `No charge with id ${id}`);
  await assertClientVisible(ctx, ops, found.clientId, "charge", id);
  return found;
}

/**
 * The stored fields of an engine charge (without its optional `createdAt`).
 *
 * @example
 * await tx.insertCharge(clinicId, { ...storedCharge(charge), chargedAt: now });
 */
export function storedCharge(charge: Charge): Omit<ChargeInput, "chargedAt"> {
  return {
    id: charge.id,
    caseId: charge.caseId,
    clientId: charge.clientId,
    ...(charge.appointmentId === undefined ? {} : { appointmentId: charge.appointmentId }),
    description: charge.description,
    unitPrice: charge.unitPrice,
    quantity: charge.quantity,
    taxRateBp: charge.taxRateBp,
    priceIncludesTax: charge.priceIncludesTax,
    billingProviderId: charge.billingProviderId,
    status: charge.status,
    ...(charge.invoiceId === undefined ? {} : { invoiceId: charge.invoiceId }),
    source: charge.source,
  };
}

/**
 * A charge as the API shows it, with the engine's amounts.
 *
 * @example
 * presentCharge(record); // { id, description, unitPrice, quantity, amounts: { net, tax, gross }, … }
 */
export function presentCharge(c: ChargeRecord) {
  return {
    id: c.id,
    caseId: c.caseId,
    clientId: c.clientId,
    ...(c.appointmentId ? { appointmentId: c.appointmentId } : {}),
    description: c.description,
    unitPrice: c.unitPrice,
    quantity: c.quantity,
    taxRateBp: c.taxRateBp,
    priceIncludesTax: c.priceIncludesTax,
    billingProviderId: c.billingProviderId,
    status: c.status,
    ...(c.invoiceId ? { invoiceId: c.invoiceId } : {}),
    source: c.source,
    chargedAt: c.chargedAt,
    ...(typeof c.meta.voidReason === "string" ? { voidReason: c.meta.voidReason } : {}),
    amounts: chargeAmounts(toEngineCharge(c)),
    version: c.version,
  };
}
