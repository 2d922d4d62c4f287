// Charges as stored and shown: the stored fields of an engine charge, the API's view with the
// engine's amounts, and which charges a caller may see. Adding, editing and voiding them are
// commands (src/commands/back-office/charges.ts).

import { chargeAmounts } from "@bookwell/engine";
import type { CommandContext } from "../../commands/unit-of-work.js";
import type { ChargeRecord } from "../../storage/back-office.js";
import type { StorageOperations } from "../../storage/storage.js";
import { visibleOwned } from "./access.js";
import { toEngineCharge } from "./ledger.js";

export { storedCharge } from "./ledger.js";

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
  return visibleOwned(ctx, ops, "charge", id, await ops.getCharge(ctx.clinic.id, id));
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
