// Charges as stored and shown: the stored fields of an engine charge, the API's view with the
// engine's amounts, and which charges a caller may see. Adding, editing and voiding them are
// commands (src/commands/back-office/charges.ts).

import { chargeAmounts } from "@bookwell/engine";
import type { CommandContext } from "../../commands/unit-of-work.js";
import type { ChargeRecord } from "../../storage/back-office.js";
import type { JsonObject, StorageOperations } from "../../storage/storage.js";
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
 * The reasons the server writes when it voids a charge by itself (`meta.voidReason`): made here and
 * read back by {@link voidCause}, nowhere else.
 */
export const VOID_REASONS = {
  coveredByPackage: (packageId: string) => `covered by package ${packageId}`,
  noShowFromPackage: (packageId: string) => `no-show deducted from package ${packageId}`,
  rolledBack: "the visit's status was rolled back",
} as const;

/**
 * Why a void charge was voided (`meta.voidReason`: one of {@link VOID_REASONS} or staff's text),
 * if it says; the one place the marker is read.
 *
 * @example
 * voidReasonOf(charge); // "covered by package pkg_1"
 */
export function voidReasonOf(charge: Pick<ChargeRecord, "meta">): string | undefined {
  const reason = charge.meta.voidReason;
  return typeof reason === "string" ? reason : undefined;
}

/**
 * The change that voids a charge for `reason`: its status and its meta with the reason; the one
 * place the marker is written.
 *
 * @example
 * await tx.updateCharge(clinicId, charge.id, voidedFor(charge.meta, VOID_REASONS.rolledBack));
 */
export function voidedFor(meta: JsonObject, reason: string): { status: "void"; meta: JsonObject } {
  return { status: "void", meta: { ...meta, voidReason: reason } };
}

/** Why a charge is void, for a screen to say in its own language. */
export type VoidCause =
  | { kind: "package_session" | "no_show_from_package"; packageId: string }
  | { kind: "status_rolled_back" }
  | { kind: "staff" };

/**
 * Reads a void reason back: the server's own reasons by kind (with the package they name), any
 * other text as staff's.
 *
 * @example
 * voidCause(VOID_REASONS.coveredByPackage("pkg_1")); // { kind: "package_session", packageId: "pkg_1" }
 */
export function voidCause(reason: string): VoidCause {
  const covered = /^covered by package (.+)$/.exec(reason);
  if (covered?.[1]) return { kind: "package_session", packageId: covered[1] };
  const noShow = /^no-show deducted from package (.+)$/.exec(reason);
  if (noShow?.[1]) return { kind: "no_show_from_package", packageId: noShow[1] };
  if (reason === VOID_REASONS.rolledBack) return { kind: "status_rolled_back" };
  return { kind: "staff" };
}

/** A void reason as the API shows it: the text and its cause. */
function voidShown(reason: string | undefined) {
  return reason === undefined ? {} : { voidReason: reason, voidCause: voidCause(reason) };
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
    ...voidShown(voidReasonOf(c)),
    amounts: chargeAmounts(toEngineCharge(c)),
    version: c.version,
  };
}
