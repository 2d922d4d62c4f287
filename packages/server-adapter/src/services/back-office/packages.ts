// Session packages: sell (a package and its sale charge, optionally paid at once), assign to a
// visit (the engine checks the package can pay for it), use on completion and give back on
// rollback (visit-billing.ts), no-show rule, expiry and nudge, refund of unused sessions (a refund
// payment plus the matching correction of the sale, so the balance stays right), attendance log.

import {
  chargeAmounts,
  checkPackageUse,
  clockFor,
  createPackage,
  formatDay,
  packageRefundAmount,
  packageSaleCharge,
  refundPackage,
  restorePackageSession,
} from "@bookwell/engine";
import { randomId } from "../../auth/api-keys.js";
import { BookwellError } from "../../errors.js";
import { packageNudgeRow } from "../../notify/package-nudge.js";
import type { PackageRecord } from "../../storage/back-office.js";
import type {
  AppointmentRecord,
  JsonObject,
  StorageOperations,
  StorageTransaction,
} from "../../storage/storage.js";
import type { RequestContext } from "../context.js";
import { assertClientVisible, visibleCase, visibleClient } from "./access.js";
import { audit } from "./audit.js";
import { generalCase } from "./cases.js";
import { CLINIC_BILLING_ID, storedCharge } from "./charges.js";
import { issueInvoiceCreditNote } from "./documents.js";
import { caseBalanceOf, loadLedger, toEngineCharge } from "./ledger.js";
import {
  assignedVisits,
  balanceOf,
  fromEnginePackage,
  packageForVisit,
  toEnginePackage,
} from "./package-state.js";
import { recordPayment } from "./payments.js";
import { syncVisitBilling, syncVisits } from "./visit-billing.js";

/**
 * Brings the visits a package was assigned to (or used by) up to date — sessions taken or given
 * back by their status — and returns the package re-read.
 *
 * @example
 * const current = await freshPackage(tx, clinicId, pkg);
 */
export async function freshPackage(
  tx: StorageTransaction,
  clinicId: string,
  pkg: PackageRecord,
): Promise<PackageRecord> {
  const visitIds = [
    ...new Set([...Object.keys(assignedVisits(pkg)), ...pkg.uses.map((u) => u.appointmentId)]),
  ];
  if (visitIds.length > 0) {
    await syncVisits(tx, clinicId, await tx.listAppointments(clinicId, { ids: visitIds }));
  }
  return (await tx.getPackage(clinicId, pkg.id)) ?? pkg;
}

/** A package to sell. */
export interface SellPackageRequest {
  name: string;
  sessions: number;
  price:
    | { total: { amount: number; currency: string } }
    | { perSession: { amount: number; currency: string } };
  serviceIds: string[];
  allowedClientIds: string[];
  expiresOn?: string | undefined;
  nudgeDaysBefore?: number | undefined;
  noShowRule: "deduct" | "keep";
  caseId?: string | undefined;
  taxRateBp: number;
  billingProviderId?: string | undefined;
  /** Record the payment for the sale at once. */
  payment?: { method: string; reference?: string | undefined } | undefined;
}

/**
 * A package the caller may see (owner or an allowed client visible), else 404.
 *
 * @example
 * const pkg = await visiblePackage(ctx, tx, "pkg_1");
 */
export async function visiblePackage(
  ctx: RequestContext,
  ops: StorageOperations,
  id: string,
): Promise<PackageRecord> {
  const found = await ops.getPackage(ctx.clinic.id, id);
  if (!found) throw new BookwellError("NOT_FOUND", `No package with id ${id}`);
  await assertClientVisible(ctx, ops, found.ownerClientId, "package", id);
  return found;
}

/**
 * Sells a package to a client: stores it, adds the engine's sale charge to the case (the client's
 * general case by default) and, when asked, records the payment for it.
 *
 * @example
 * await sellPackage(tx, ctx, "cli_1", { name: "10 × Physio", sessions: 10, price: { total: { amount: 40000, currency: "EUR" } }, … });
 */
export async function sellPackage(
  tx: StorageTransaction,
  ctx: RequestContext,
  clientId: string,
  request: SellPackageRequest,
): Promise<PackageRecord> {
  const clinicId = ctx.clinic.id;
  const client = await visibleClient(ctx, tx, clientId);
  const money = "total" in request.price ? request.price.total : request.price.perSession;
  if (money.currency !== ctx.clinic.currency) {
    throw new BookwellError("VALIDATION_FAILED", `Prices are in ${ctx.clinic.currency}`, {
      errors: [{ field: "price", message: `must be in ${ctx.clinic.currency}` }],
    });
  }
  const today = formatDay(clockFor(ctx.clinic.timeZone).dayOf(ctx.now.getTime()));
  if (request.expiresOn && request.expiresOn < today) {
    throw new BookwellError("VALIDATION_FAILED", "The package would be expired when sold", {
      errors: [{ field: "expiresOn", message: `must be today (${today}) or later` }],
    });
  }
  for (const other of request.allowedClientIds) {
    if (!(await tx.getClient(clinicId, other))) {
      throw new BookwellError("VALIDATION_FAILED", `No client with id ${other}`, {
        errors: [{ field: "allowedClientIds", message: `${other} is not a client` }],
      });
    }
  }
  for (const serviceId of request.serviceIds) {
    if (!(await tx.getService(clinicId, serviceId))) {
      throw new BookwellError("VALIDATION_FAILED", `No service with id ${serviceId}`, {
        errors: [{ field: "serviceIds", message: `${serviceId} is not a service` }],
      });
    }
  }
  const caseId = request.caseId
    ? (await visibleCase(ctx, tx, request.caseId)).id
    : (await generalCase(tx, clinicId, client.id)).id;
  const id = randomId("pkg");
  const state = createPackage({
    id,
    name: request.name,
    ownerClientId: client.id,
    allowedClientIds: request.allowedClientIds,
    serviceIds: request.serviceIds,
    sessions: request.sessions,
    price: request.price,
    purchasedAt: ctx.now.toISOString(),
    ...(request.expiresOn ? { expiresOn: request.expiresOn } : {}),
    ...(request.nudgeDaysBefore === undefined ? {} : { nudgeDaysBefore: request.nudgeDaysBefore }),
    timeZone: ctx.clinic.timeZone,
    noShowRule: request.noShowRule,
  });
  const sale = packageSaleCharge(state, {
    id: randomId("ch"),
    caseId,
    billingProviderId: request.billingProviderId ?? CLINIC_BILLING_ID,
    taxRateBp: request.taxRateBp,
  });
  await tx.lockCase(clinicId, caseId);
  const saved = await tx.putPackage(
    clinicId,
    fromEnginePackage(state, { caseId, meta: { saleChargeId: sale.id, visits: {} } }),
  );
  await tx.insertCharge(clinicId, {
    ...storedCharge(sale),
    chargedAt: ctx.now,
    meta: { origin: "package_sale", packageId: id },
  });
  await audit(tx, ctx, "package.sold", "package", id, {
    clientId: client.id,
    sessions: state.sessions,
    total: state.pricing.total.amount,
    saleChargeId: sale.id,
  });
  if (request.payment) {
    await recordPayment(tx, ctx, {
      kind: "payment",
      method: request.payment.method as never,
      amount: state.pricing.total,
      reference: request.payment.reference,
      caseId,
      meta: { packageId: id },
    });
  }
  // The expiry nudge e-mail, due on the nudge day (docs/server/back-office.md, Packages).
  const nudge = packageNudgeRow(saved, ctx.clinic.timeZone, ctx.now);
  if (nudge) await tx.enqueueOutbox(clinicId, nudge);
  return saved;
}

/**
 * Assigns a package to pay for a visit (or removes it with `null`). The engine checks the package
 * can pay for it (owner or allowed client, service, expiry, sessions left); uninvoiced treatment
 * charges already on the visit are voided (the package pays for them); a completed visit takes its
 * session at once. Removing gives a taken session back.
 *
 * @example
 * await assignPackage(tx, ctx, visit, "pkg_1");
 */
export async function assignPackage(
  tx: StorageTransaction,
  ctx: RequestContext,
  visit: AppointmentRecord,
  packageId: string | null,
) {
  const clinicId = ctx.clinic.id;
  if (!visit.clientId) {
    throw new BookwellError("VALIDATION_FAILED", "The visit has no client", {
      errors: [{ field: "appointmentId", message: "has no client to use a package" }],
    });
  }
  const current = await packageForVisit(tx, clinicId, visit.id, visit.clientId);
  if (current && current.id !== packageId) {
    const locked = (await tx.lockPackage(clinicId, current.id)) ?? current;
    let state = toEnginePackage(locked);
    if (locked.uses.some((u) => u.appointmentId === visit.id)) {
      const restored = restorePackageSession(state, visit.id);
      if (!restored.ok) {
        throw new BookwellError("CONFLICT", restored.error.message, {
          extensions: { reason: restored.error.code },
        });
      }
      state = restored.package;
    }
    const visits = { ...assignedVisits(locked) };
    delete visits[visit.id];
    await tx.putPackage(
      clinicId,
      fromEnginePackage(state, { caseId: locked.caseId, meta: { ...locked.meta, visits } }),
      { expectedVersion: locked.version },
    );
    await audit(tx, ctx, "package.unassigned", "package", locked.id, { appointmentId: visit.id });
  }
  if (packageId === null || current?.id === packageId) {
    const kept = current?.id === packageId ? packageId : null;
    return { packageId: kept, sync: await syncVisitBilling(tx, clinicId, visit) };
  }
  const pkg = await freshPackage(tx, clinicId, await visiblePackage(ctx, tx, packageId));
  const locked = (await tx.lockPackage(clinicId, pkg.id)) ?? pkg;
  const refusal = checkPackageUse(toEnginePackage(locked), {
    appointmentId: visit.id,
    at: visit.start,
    therapistId: visit.calendarIds[0] ?? "unknown",
    clientId: visit.clientId,
    serviceId: visit.serviceId,
  });
  if (refusal && refusal.code !== "PACKAGE_ALREADY_USED") {
    throw new BookwellError("CONFLICT", refusal.message, {
      errors: [{ field: "packageId", message: refusal.message }],
      extensions: { reason: refusal.code },
    });
  }
  const visits: JsonObject = {
    ...assignedVisits(locked),
    [visit.id]: { assignedAt: ctx.now.toISOString(), by: ctx.actor },
  };
  await tx.putPackage(
    clinicId,
    { ...fromEnginePackage(toEnginePackage(locked), locked), meta: { ...locked.meta, visits } },
    { expectedVersion: locked.version },
  );
  // The package pays for the treatment: void open treatment charges already on the visit.
  for (const charge of await tx.listCharges(clinicId, { appointmentId: visit.id })) {
    if (charge.source === "arrival" && charge.status === "uninvoiced") {
      await tx.updateCharge(clinicId, charge.id, {
        status: "void",
        meta: { ...charge.meta, voidReason: `covered by package ${pkg.id}` },
      });
    }
  }
  await audit(tx, ctx, "package.assigned", "package", pkg.id, { appointmentId: visit.id });
  return { packageId: pkg.id, sync: await syncVisitBilling(tx, clinicId, visit) };
}

/**
 * Refunds a package's unused sessions (the engine's `refundPackage`): closes the package, corrects
 * the sale by the unused sessions' value (a credit note when the sale was invoiced, else a
 * negative line) and pays back what the package's case is then in credit, at most that value: a
 * package paid in full gets the whole value back, one paid in part (a deposit) the part paid
 * beyond the sessions used and whatever else the case owes. Nothing to pay back is a 409
 * `REFUND_EXCEEDS_PAID`. The client's balance stays exact.
 *
 * @example
 * await refundUnusedSessions(tx, ctx, "pkg_1", { method: "card" });
 */
export async function refundUnusedSessions(
  tx: StorageTransaction,
  ctx: RequestContext,
  packageId: string,
  request: { method: string; reference?: string | undefined },
) {
  const clinicId = ctx.clinic.id;
  const pkg = await freshPackage(tx, clinicId, await visiblePackage(ctx, tx, packageId));
  const locked = (await tx.lockPackage(clinicId, pkg.id)) ?? pkg;
  const state = toEnginePackage(locked);
  const caseId = locked.caseId ?? (await generalCase(tx, clinicId, locked.ownerClientId)).id;
  // The unused sessions' value (as if the package was paid in full) at the price the sale stands
  // at: its line less what credit notes took off it (a discount given after invoicing), so the
  // correction fits the line and the sessions are valued as sold. The sale is corrected by it.
  const { paid: _recorded, ...asPaidInFull } = state;
  const listUnused = packageRefundAmount(asPaidInFull);
  const currency = listUnused.currency;
  const total = createPackage(state).pricing.total.amount;
  const ledger = await loadLedger(tx, clinicId, currency, { caseId });
  const saleId = typeof locked.meta.saleChargeId === "string" ? locked.meta.saleChargeId : "";
  const sale = saleId ? await tx.getCharge(clinicId, saleId) : undefined;
  const credited = ledger.creditNotes
    .flatMap((n) => n.lines)
    .filter((l) => sale && l.chargeId === sale.id)
    .reduce((sum, l) => sum + Math.abs(l.gross), 0);
  const standing = sale ? Math.max(0, chargeAmounts(toEngineCharge(sale)).gross - credited) : total;
  const unusedValue =
    standing === total
      ? listUnused
      : packageRefundAmount({ ...asPaidInFull, price: { total: { amount: standing, currency } } });
  // Money back: what the case is in credit once those sessions are no longer owed. A deposit of
  // 100.00 on 400.00 with 40.00 used gets 60.00 back, not a refusal for asking 360.00.
  const owed = caseBalanceOf(ledger, caseId).outstanding;
  const amount = {
    amount: Math.max(0, Math.min(unusedValue.amount, unusedValue.amount - owed)),
    currency: unusedValue.currency,
  };
  if (unusedValue.amount > 0 && amount.amount === 0) {
    throw new BookwellError(
      "CONFLICT",
      "Nothing was paid for this package beyond the sessions used, so there is nothing to refund",
      {
        errors: [{ field: "amount.amount", message: "at most 0 can be refunded" }],
        extensions: { reason: "REFUND_EXCEEDS_PAID", available: 0 },
      },
    );
  }
  // The engine refunds min(unused at the list price, paid − used at the list price): this `paid`
  // makes that the amount above.
  const result = refundPackage(
    { ...state, paid: { amount: total - listUnused.amount + amount.amount, currency } },
    ctx.now.toISOString(),
  );
  if (!result.ok) {
    throw new BookwellError("CONFLICT", result.error.message, {
      extensions: { reason: result.error.code },
    });
  }
  await tx.putPackage(clinicId, fromEnginePackage(result.package, { caseId, meta: locked.meta }), {
    expectedVersion: locked.version,
  });
  let correction: { kind: "credit_note" | "charge"; id: string } | null = null;
  let refundPayment: string | null = null;
  if (unusedValue.amount > 0) {
    const unused = result.package.refund?.sessions ?? 0;
    if (sale?.status === "invoiced" && sale.invoiceId) {
      const note = await issueInvoiceCreditNote(tx, ctx, sale.invoiceId, {
        reason: `Refund of ${unused} unused sessions of package ${locked.name || locked.id}`,
        lines: [{ chargeId: sale.id, amount: unusedValue.amount }],
      });
      correction = { kind: "credit_note", id: note.id };
    } else {
      const line = await tx.insertCharge(clinicId, {
        id: randomId("ch"),
        caseId,
        clientId: locked.ownerClientId,
        description: `Refund of ${unused} unused sessions: ${locked.name || locked.id}`,
        unitPrice: { amount: -unusedValue.amount, currency: unusedValue.currency },
        quantity: 1,
        taxRateBp: sale?.taxRateBp ?? 0,
        priceIncludesTax: true,
        billingProviderId: sale?.billingProviderId ?? CLINIC_BILLING_ID,
        status: "uninvoiced",
        source: "manual",
        chargedAt: ctx.now,
        meta: { origin: "package_refund", packageId: locked.id },
      });
      correction = { kind: "charge", id: line.id };
    }
    const paid = await recordPayment(tx, ctx, {
      kind: "refund",
      method: request.method as never,
      amount,
      reference: request.reference,
      caseId,
      meta: { packageId: locked.id },
    });
    refundPayment = paid.id;
  }
  await audit(tx, ctx, "package.refunded", "package", locked.id, {
    amount: amount.amount,
    sessions: result.package.refund?.sessions ?? 0,
    ...(refundPayment ? { paymentId: refundPayment } : {}),
  });
  return { refund: amount, correction, paymentId: refundPayment };
}

/**
 * A package as the API shows it: the engine's fields and balance at `now` (used, remaining,
 * expiry, nudge, receipt line) and the attendance log.
 *
 * @example
 * presentPackage(record, new Date());
 */
export function presentPackage(p: PackageRecord, now: Date) {
  const state = toEnginePackage(p);
  return {
    id: p.id,
    name: p.name,
    ownerClientId: p.ownerClientId,
    allowedClientIds: p.allowedClientIds,
    serviceIds: p.serviceIds,
    sessions: p.sessions,
    pricing: state.pricing,
    ...(p.paid ? { paid: p.paid } : {}),
    purchasedAt: p.purchasedAt,
    ...(p.expiresOn ? { expiresOn: p.expiresOn } : {}),
    nudgeDaysBefore: p.nudgeDaysBefore,
    noShowRule: p.noShowRule,
    ...(p.caseId ? { caseId: p.caseId } : {}),
    ...(p.refund ? { refund: p.refund } : {}),
    balance: balanceOf(p, now),
    attendance: p.uses,
    assignedVisits: Object.keys(assignedVisits(p)),
    ...(typeof p.meta.nudgedAt === "string" ? { nudgedAt: p.meta.nudgedAt } : {}),
    version: p.version,
  };
}
