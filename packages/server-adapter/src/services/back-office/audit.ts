// One helper for the back office's audit entries: every read or write of cases, invoices and
// notes, and every money change, is written with who and when in the same transaction.

import type { JsonObject, StorageOperations } from "../../storage/storage.js";
import type { RequestContext } from "../context.js";

/**
 * Appends an audit entry for the request's actor at the request's instant.
 *
 * @example
 * await audit(tx, ctx, "invoice.read", "invoice", invoice.id);
 */
export async function audit(
  ops: StorageOperations,
  ctx: RequestContext,
  action: string,
  entityType: string,
  entityId: string,
  detail: JsonObject = {},
): Promise<void> {
  await ops.appendAudit(ctx.clinic.id, {
    at: ctx.now,
    actor: ctx.actor,
    action,
    entityType,
    entityId,
    detail,
  });
}
