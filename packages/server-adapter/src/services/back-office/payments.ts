// Payments and refunds as stored and shown: which ones a caller may see and the API's view of one
// (the engine's fields, the balance after it, the receipt link). Recording them is a command
// (src/commands/back-office/payments.ts).

import type { CommandContext } from "../../commands/unit-of-work.js";
import type { PaymentRecord } from "../../storage/back-office.js";
import type { StorageOperations } from "../../storage/storage.js";
import { visibleOwned } from "./access.js";
import { toEnginePayment } from "./ledger.js";

/**
 * A payment the caller may see, else 404.
 *
 * @example
 * const payment = await visiblePayment(ctx, tx, "pay_1");
 */
export async function visiblePayment(
  ctx: CommandContext,
  ops: StorageOperations,
  id: string,
): Promise<PaymentRecord> {
  return visibleOwned(ctx, ops, "payment", id, await ops.getPayment(ctx.clinic.id, id));
}

/**
 * A payment as the API shows it (the engine's fields, the balance after it, the receipt link).
 *
 * @example
 * presentPayment(record); // { id, kind, method, amount, …, receipt: "/v1/staff/payments/pay_1/receipt.pdf" }
 */
export function presentPayment(p: PaymentRecord) {
  const receipt = p.meta.receipt as { outstanding?: unknown } | undefined;
  return {
    ...toEnginePayment(p),
    ...(typeof receipt?.outstanding === "number" ? { outstandingAfter: receipt.outstanding } : {}),
    ...(typeof p.meta.intentId === "string" ? { intentId: p.meta.intentId } : {}),
    ...(typeof p.meta.packageId === "string" ? { packageId: p.meta.packageId } : {}),
    receipt: `/v1/staff/payments/${p.id}/receipt.pdf`,
    createdAt: p.createdAt,
  };
}
