// Charges staff add, edit and void by hand. Every change goes through the engine (`createCharge`,
// `editCharge`, `voidCharge`): an invoiced charge is refused (409 IMMUTABLE) — a credit note
// corrects it.

import {
  type Charge,
  type ChargePatch,
  chargeAmounts,
  createCharge,
  editCharge,
  voidCharge,
} from "@bookwell/engine";
import { randomId } from "../../auth/api-keys.js";
import { BookwellError } from "../../errors.js";
import type { ChargeInput, ChargeRecord } from "../../storage/back-office.js";
import type { StorageOperations, StorageTransaction } from "../../storage/storage.js";
import type { RequestContext } from "../context.js";
import { assertClientVisible, visibleCase } from "./access.js";
import { audit } from "./audit.js";
import { caseOfVisit } from "./cases.js";
import { toEngineCharge } from "./ledger.js";

/** Revenue that belongs to no provider (a package sale, a clinic fee) is booked to this id. */
export const CLINIC_BILLING_ID = "clinic";

/** A manual charge. */
export interface ManualChargeRequest {
  description: string;
  unitPrice: { amount: number; currency: string };
  quantity: number;
  taxRateBp: number;
  priceIncludesTax: boolean;
  appointmentId?: string | undefined;
  billingProviderId?: string | undefined;
}

/**
 * A charge the caller may see, else 404.
 *
 * @example
 * const charge = await visibleCharge(ctx, tx, "ch_1");
 */
export async function visibleCharge(
  ctx: RequestContext,
  ops: StorageOperations,
  id: string,
): Promise<ChargeRecord> {
  const found = await ops.getCharge(ctx.clinic.id, id);
  if (!found) throw new BookwellError("NOT_FOUND", `No charge with id ${id}`);
  await assertClientVisible(ctx, ops, found.clientId, "charge", id);
  return found;
}

/**
 * Adds a manual charge to a case (optionally for one of its client's visits).
 *
 * @example
 * await addManualCharge(tx, ctx, "case_1", { description: "Kinesio tape", unitPrice: { amount: 500, currency: "EUR" }, quantity: 1, taxRateBp: 2300, priceIncludesTax: true });
 */
export async function addManualCharge(
  tx: StorageTransaction,
  ctx: RequestContext,
  caseId: string,
  request: ManualChargeRequest,
): Promise<ChargeRecord> {
  const kase = await visibleCase(ctx, tx, caseId);
  if (kase.status === "closed") {
    throw new BookwellError("CONFLICT", `Case ${caseId} is closed; reopen it to add charges`, {
      errors: [{ field: "caseId", message: "is closed" }],
    });
  }
  if (request.unitPrice.currency !== ctx.clinic.currency) {
    throw new BookwellError("VALIDATION_FAILED", `Charges are in ${ctx.clinic.currency}`, {
      errors: [{ field: "unitPrice.currency", message: `must be ${ctx.clinic.currency}` }],
    });
  }
  let billingProviderId = request.billingProviderId;
  if (request.appointmentId) {
    const visit = await tx.getAppointment(ctx.clinic.id, request.appointmentId);
    if (!visit || visit.clientId !== kase.clientId) {
      throw new BookwellError("VALIDATION_FAILED", "The visit is not one of this client's", {
        errors: [{ field: "appointmentId", message: "is not a visit of the case's client" }],
      });
    }
    const visitCase = await caseOfVisit(tx, ctx.clinic.id, visit);
    if (visitCase !== kase.id) {
      throw new BookwellError("VALIDATION_FAILED", "The visit belongs to another case", {
        errors: [{ field: "appointmentId", message: `belongs to case ${visitCase}` }],
      });
    }
    billingProviderId ??= visit.calendarIds[0];
  }
  await tx.lockCase(ctx.clinic.id, kase.id);
  const charge = createCharge({
    id: randomId("ch"),
    caseId: kase.id,
    clientId: kase.clientId,
    ...(request.appointmentId ? { appointmentId: request.appointmentId } : {}),
    description: request.description,
    unitPrice: request.unitPrice,
    quantity: request.quantity,
    taxRateBp: request.taxRateBp,
    priceIncludesTax: request.priceIncludesTax,
    billingProviderId: billingProviderId ?? CLINIC_BILLING_ID,
    source: "manual",
    createdAt: ctx.now.toISOString(),
  });
  const record = await tx.insertCharge(ctx.clinic.id, {
    ...storedCharge(charge),
    chargedAt: ctx.now,
    meta: { origin: "staff" },
  });
  await audit(tx, ctx, "charge.created", "charge", record.id, {
    caseId: kase.id,
    gross: record.unitPrice.amount * record.quantity,
  });
  return record;
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

function refused(error: { code: string; message: string }): BookwellError {
  return new BookwellError("IMMUTABLE", error.message, { extensions: { reason: error.code } });
}

/**
 * Edits an uninvoiced charge through the engine (`editCharge`); invoiced or void charges are 409.
 *
 * @example
 * await changeCharge(tx, ctx, "ch_1", { quantity: 2 }, 1);
 */
export async function changeCharge(
  tx: StorageTransaction,
  ctx: RequestContext,
  id: string,
  patch: ChargePatch,
  expectedVersion?: number,
): Promise<ChargeRecord> {
  const current = await visibleCharge(ctx, tx, id);
  await tx.lockCase(ctx.clinic.id, current.caseId);
  const fresh = (await tx.getCharge(ctx.clinic.id, id)) ?? current;
  const result = editCharge(toEngineCharge(fresh), patch);
  if (!result.ok) throw refused(result.error);
  const next = result.charge;
  const record = await tx.updateCharge(
    ctx.clinic.id,
    id,
    {
      description: next.description,
      unitPrice: next.unitPrice,
      quantity: next.quantity,
      taxRateBp: next.taxRateBp,
      priceIncludesTax: next.priceIncludesTax,
      billingProviderId: next.billingProviderId,
      meta: { ...fresh.meta, edited: true },
    },
    { expectedVersion: expectedVersion ?? fresh.version },
  );
  await audit(tx, ctx, "charge.updated", "charge", id, { fields: Object.keys(patch) });
  return record;
}

/**
 * Voids an uninvoiced charge through the engine (`voidCharge`); invoiced ones are 409.
 *
 * @example
 * await cancelCharge(tx, ctx, "ch_1", "entered twice");
 */
export async function cancelCharge(
  tx: StorageTransaction,
  ctx: RequestContext,
  id: string,
  reason: string | undefined,
): Promise<ChargeRecord> {
  const current = await visibleCharge(ctx, tx, id);
  await tx.lockCase(ctx.clinic.id, current.caseId);
  const fresh = (await tx.getCharge(ctx.clinic.id, id)) ?? current;
  const result = voidCharge(toEngineCharge(fresh));
  if (!result.ok) throw refused(result.error);
  const record = await tx.updateCharge(
    ctx.clinic.id,
    id,
    { status: "void", meta: { ...fresh.meta, voidReason: reason ?? "voided by staff" } },
    { expectedVersion: fresh.version },
  );
  await audit(tx, ctx, "charge.voided", "charge", id, reason ? { reason } : {});
  return record;
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
