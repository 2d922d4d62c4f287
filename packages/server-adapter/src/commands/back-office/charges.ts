// Charges staff add, edit and void by hand, and the reads that bring a case's or a visit's money
// up to date first. Every change goes through the engine (`createCharge`, `editCharge`,
// `voidCharge`): an invoiced charge is refused (409 IMMUTABLE) — a credit note corrects it.

import { type ChargePatch, createCharge, editCharge, voidCharge } from "@bookwell/engine";
import { randomId } from "../../auth/api-keys.js";
import { BookwellError } from "../../errors.js";
import { visibleCase } from "../../services/back-office/access.js";
import { caseOfVisit, visitsOfCase } from "../../services/back-office/cases.js";
import {
  CLINIC_BILLING_ID,
  storedCharge,
  visibleCharge,
  voidedFor,
} from "../../services/back-office/charges.js";
import { toEngineCharge } from "../../services/back-office/ledger.js";
import { packageForVisit } from "../../services/back-office/package-state.js";
import { syncVisits } from "../../services/back-office/visit-billing.js";
import { type VisitPayment, visitPayment } from "../../services/back-office/visit-payment.js";
import { visibleAppointment } from "../../services/staff-appointments.js";
import type { ChargeRecord, PackageRecord } from "../../storage/back-office.js";
import type { AppointmentRecord } from "../../storage/storage.js";
import type { UnitOfWork } from "../unit-of-work.js";

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
 * Adds a manual charge to a case (optionally for one of its client's visits).
 *
 * @example
 * await addManualCharge(work, "case_1", { description: "Kinesio tape", unitPrice: { amount: 500, currency: "EUR" }, quantity: 1, taxRateBp: 2300, priceIncludesTax: true });
 */
export async function addManualCharge(
  work: UnitOfWork,
  caseId: string,
  request: ManualChargeRequest,
): Promise<ChargeRecord> {
  const { tx } = work;
  const kase = await visibleCase(work.request, tx, caseId);
  if (kase.status === "closed") {
    throw new BookwellError("CONFLICT", `Case ${caseId} is closed; reopen it to add charges`, {
      errors: [{ field: "caseId", message: "is closed" }],
    });
  }
  if (request.unitPrice.currency !== work.clinic.currency) {
    throw new BookwellError("VALIDATION_FAILED", `Charges are in ${work.clinic.currency}`, {
      errors: [{ field: "unitPrice.currency", message: `must be ${work.clinic.currency}` }],
    });
  }
  let billingProviderId = request.billingProviderId;
  if (request.appointmentId) {
    const visit = await tx.getAppointment(work.clinic.id, request.appointmentId);
    if (!visit || visit.clientId !== kase.clientId) {
      throw new BookwellError("VALIDATION_FAILED", "The visit is not one of this client's", {
        errors: [{ field: "appointmentId", message: "is not a visit of the case's client" }],
      });
    }
    const visitCase = await caseOfVisit(tx, work.clinic.id, visit);
    if (visitCase !== kase.id) {
      throw new BookwellError("VALIDATION_FAILED", "The visit belongs to another case", {
        errors: [{ field: "appointmentId", message: `belongs to case ${visitCase}` }],
      });
    }
    billingProviderId ??= visit.calendarIds[0];
  }
  await tx.lockCase(work.clinic.id, kase.id);
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
    createdAt: work.now.toISOString(),
  });
  const record = await tx.insertCharge(work.clinic.id, {
    ...storedCharge(charge),
    chargedAt: work.now,
    meta: { origin: "staff" },
  });
  return work.audited(record, {
    action: "charge.created",
    entityType: "charge",
    entityId: record.id,
    detail: {
      caseId: kase.id,
      gross: record.unitPrice.amount * record.quantity,
    },
  });
}

function refused(error: { code: string; message: string }): BookwellError {
  return new BookwellError("IMMUTABLE", error.message, { extensions: { reason: error.code } });
}

/**
 * Edits an uninvoiced charge through the engine (`editCharge`); invoiced or void charges are 409.
 *
 * @example
 * await changeCharge(work, "ch_1", { quantity: 2 }, 1);
 */
export async function changeCharge(
  work: UnitOfWork,
  id: string,
  patch: ChargePatch,
  expectedVersion?: number,
): Promise<ChargeRecord> {
  const { tx } = work;
  const current = await visibleCharge(work.request, tx, id);
  await tx.lockCase(work.clinic.id, current.caseId);
  const fresh = (await tx.getCharge(work.clinic.id, id)) ?? current;
  const result = editCharge(toEngineCharge(fresh), patch);
  if (!result.ok) throw refused(result.error);
  const next = result.charge;
  const record = await tx.updateCharge(
    work.clinic.id,
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
  return work.audited(record, {
    action: "charge.updated",
    entityType: "charge",
    entityId: id,
    detail: { fields: Object.keys(patch) },
  });
}

/**
 * Voids an uninvoiced charge through the engine (`voidCharge`); invoiced ones are 409.
 *
 * @example
 * await cancelCharge(work, "ch_1", "entered twice");
 */
export async function cancelCharge(
  work: UnitOfWork,
  id: string,
  reason: string | undefined,
): Promise<ChargeRecord> {
  const { tx } = work;
  const current = await visibleCharge(work.request, tx, id);
  await tx.lockCase(work.clinic.id, current.caseId);
  const fresh = (await tx.getCharge(work.clinic.id, id)) ?? current;
  const result = voidCharge(toEngineCharge(fresh));
  if (!result.ok) throw refused(result.error);
  const record = await tx.updateCharge(
    work.clinic.id,
    id,
    voidedFor(fresh.meta, reason ?? "voided by staff"),
    { expectedVersion: fresh.version },
  );
  return work.audited(record, {
    action: "charge.voided",
    entityType: "charge",
    entityId: id,
    detail: reason ? { reason } : {},
  });
}

/**
 * A case's charges, oldest first, once its visits' status-machine charges are in the charges
 * table.
 *
 * @example
 * const charges = await caseCharges(work, "case_1");
 */
export async function caseCharges(work: UnitOfWork, caseId: string): Promise<ChargeRecord[]> {
  const { tx } = work;
  const kase = await visibleCase(work.request, tx, caseId);
  await syncVisits(tx, work.clinic.id, await visitsOfCase(tx, work.clinic.id, kase));
  return tx.listCharges(work.clinic.id, { caseId: kase.id });
}

/** A visit's money: its payment state and the package that pays for it, if any. */
export interface VisitBilling {
  visit: AppointmentRecord;
  money: VisitPayment;
  package: PackageRecord | undefined;
}

/**
 * A visit's money, brought up to date: the engine's payment state in its case and its package.
 *
 * @example
 * const { money } = await visitBilling(work, "apt_1");
 * money.status.paid; // false while a completed visit still owes money
 */
export async function visitBilling(work: UnitOfWork, appointmentId: string): Promise<VisitBilling> {
  const { tx } = work;
  const visit = await visibleAppointment(work.request, tx, appointmentId);
  const money = await visitPayment(tx, work.clinic.id, work.clinic.currency, visit);
  const pkg = await packageForVisit(tx, work.clinic.id, visit.id, visit.clientId);
  return { visit, money, package: pkg };
}

/**
 * The money of several visits in one read (a day's checkout list): each as {@link visitBilling}
 * answers it, in the order asked, each id once; 404 for a visit the caller may not see.
 *
 * @example
 * const day = await visitsBilling(work, ["apt_1", "apt_2"]);
 * day.map((b) => b.money.status.paid); // [true, false]
 */
export async function visitsBilling(
  work: UnitOfWork,
  appointmentIds: readonly string[],
): Promise<VisitBilling[]> {
  const billings: VisitBilling[] = [];
  for (const id of new Set(appointmentIds)) billings.push(await visitBilling(work, id));
  return billings;
}
