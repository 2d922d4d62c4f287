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
import { packageSaleLine } from "../../pdf/format.js";
import {
  billableVisit,
  providerClientIds,
  visibleCase,
  visibleClient,
} from "../../services/back-office/access.js";
import { generalCase } from "../../services/back-office/cases.js";
import {
  CLINIC_BILLING_ID,
  storedCharge,
  VOID_REASONS,
  voidedFor,
} from "../../services/back-office/charges.js";
import { caseBalanceOf, loadLedger, toEngineCharge } from "../../services/back-office/ledger.js";
import {
  assignedVisits,
  balanceOf,
  fromEnginePackage,
  packageForVisit,
  toEnginePackage,
} from "../../services/back-office/package-state.js";
import { freshPackage, visiblePackage, withNudge } from "../../services/back-office/packages.js";
import {
  syncVisitBilling,
  type VisitSyncReport,
} from "../../services/back-office/visit-billing.js";
import type { PackageQuery, PackageRecord } from "../../storage/back-office.js";
import type { JsonObject } from "../../storage/storage.js";
import type { UnitOfWork } from "../unit-of-work.js";
import { issueInvoiceCreditNote } from "./documents.js";
import { recordPayment } from "./payments.js";

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
 * Sells a package to a client: stores it, adds the engine's sale charge to the case (the client's
 * general case by default) and, when asked, records the payment for it.
 *
 * @example
 * await sellPackage(work, "cli_1", { name: "10 × Physio", sessions: 10, price: { total: { amount: 40000, currency: "EUR" } }, … });
 */
export async function sellPackage(
  work: UnitOfWork,
  clientId: string,
  request: SellPackageRequest,
): Promise<PackageRecord> {
  const { tx, clinicId } = work;
  const client = await visibleClient(work.request, tx, clientId);
  const money = "total" in request.price ? request.price.total : request.price.perSession;
  if (money.currency !== work.clinic.currency) {
    throw new BookwellError("VALIDATION_FAILED", `Prices are in ${work.clinic.currency}`, {
      errors: [{ field: "price", message: `must be in ${work.clinic.currency}` }],
    });
  }
  const today = formatDay(clockFor(work.clinic.timeZone).dayOf(work.now.getTime()));
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
    ? (await visibleCase(work.request, tx, request.caseId)).id
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
    purchasedAt: work.now.toISOString(),
    ...(request.expiresOn ? { expiresOn: request.expiresOn } : {}),
    ...(request.nudgeDaysBefore === undefined ? {} : { nudgeDaysBefore: request.nudgeDaysBefore }),
    timeZone: work.clinic.timeZone,
    noShowRule: request.noShowRule,
  });
  const engineSale = packageSaleCharge(state, {
    id: randomId("ch"),
    caseId,
    billingProviderId: request.billingProviderId ?? CLINIC_BILLING_ID,
    taxRateBp: request.taxRateBp,
  });
  // The invoice line in the clinic's language, as the rest of the invoice.
  const sale = {
    ...engineSale,
    description: packageSaleLine(
      state.name,
      state.sessions,
      work.clinic.locale,
      engineSale.description,
    ),
  };
  await tx.lockCase(clinicId, caseId);
  const saved = await tx.putPackage(
    clinicId,
    fromEnginePackage(state, { caseId, meta: { saleChargeId: sale.id, visits: {} } }),
  );
  await tx.insertCharge(clinicId, {
    ...storedCharge(sale),
    chargedAt: work.now,
    meta: { origin: "package_sale", packageId: id },
  });
  await work.audit({
    action: "package.sold",
    entityType: "package",
    entityId: id,
    detail: {
      clientId: client.id,
      sessions: state.sessions,
      total: state.pricing.total.amount,
      saleChargeId: sale.id,
    },
  });
  if (request.payment) {
    await recordPayment(work, {
      kind: "payment",
      method: request.payment.method as never,
      amount: state.pricing.total,
      reference: request.payment.reference,
      caseId,
      meta: { packageId: id },
    });
  }
  // The expiry nudge e-mail, due on the nudge day (docs/server/back-office.md, Packages).
  const nudge = packageNudgeRow(saved, work.clinic.timeZone, work.now);
  if (nudge) await tx.enqueueOutbox(clinicId, nudge);
  return saved;
}

/** What {@link assignPackage} did: the visit's package now, and the visit's money brought up to date. */
export interface PackageAssignment {
  appointmentId: string;
  packageId: string | null;
  sync: VisitSyncReport;
}

/**
 * Assigns a package to pay for a visit the caller may see (or removes it with `null`). The engine
 * checks the package can pay for it (owner or allowed client, service, expiry, sessions left);
 * uninvoiced treatment charges already on the visit are voided (the package pays for them); a
 * completed visit takes its session at once. Removing gives a taken session back.
 *
 * @example
 * await assignPackage(work, "apt_1", "pkg_1");
 */
export async function assignPackage(
  work: UnitOfWork,
  appointmentId: string,
  packageId: string | null,
): Promise<PackageAssignment> {
  const { tx, clinicId } = work;
  const visit = await billableVisit(work.request, tx, appointmentId, {
    field: "appointmentId",
    message: "has no client to use a package",
  });
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
    await work.audit({
      action: "package.unassigned",
      entityType: "package",
      entityId: locked.id,
      detail: { appointmentId: visit.id },
    });
  }
  if (packageId === null || current?.id === packageId) {
    const kept = current?.id === packageId ? packageId : null;
    return {
      appointmentId: visit.id,
      packageId: kept,
      sync: await syncVisitBilling(tx, clinicId, visit),
    };
  }
  const pkg = await freshPackage(tx, clinicId, await visiblePackage(work.request, tx, packageId));
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
    [visit.id]: { assignedAt: work.now.toISOString(), by: work.actor },
  };
  await tx.putPackage(
    clinicId,
    { ...fromEnginePackage(toEnginePackage(locked), locked), meta: { ...locked.meta, visits } },
    { expectedVersion: locked.version },
  );
  // The package pays for the treatment: void open treatment charges already on the visit.
  for (const charge of await tx.listCharges(clinicId, { appointmentId: visit.id })) {
    if (charge.source === "arrival" && charge.status === "uninvoiced") {
      await tx.updateCharge(
        clinicId,
        charge.id,
        voidedFor(charge.meta, VOID_REASONS.coveredByPackage(pkg.id)),
      );
    }
  }
  await work.audit({
    action: "package.assigned",
    entityType: "package",
    entityId: pkg.id,
    detail: { appointmentId: visit.id },
  });
  return {
    appointmentId: visit.id,
    packageId: pkg.id,
    sync: await syncVisitBilling(tx, clinicId, visit),
  };
}

/**
 * Refunds a package's unused sessions (the engine's `refundPackage`): closes the package, corrects
 * the sale by the unused sessions' value (a credit note when the sale was invoiced, else a
 * negative line) and pays back what the package's case is then in credit, at most that value: a
 * package paid in full gets the whole value back, one paid in part (a deposit) the part paid
 * beyond the sessions used and whatever else the case owes. Nothing to pay back is a 409
 * `REFUND_EXCEEDS_PAID`. The client's balance stays exact. Answers the refund, the correction,
 * the refund payment and the closed package.
 *
 * @example
 * await refundUnusedSessions(work, "pkg_1", { method: "card" });
 */
export async function refundUnusedSessions(
  work: UnitOfWork,
  packageId: string,
  request: { method: string; reference?: string | undefined },
) {
  const { tx, clinicId } = work;
  const pkg = await freshPackage(tx, clinicId, await visiblePackage(work.request, tx, packageId));
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
    work.now.toISOString(),
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
      const note = await issueInvoiceCreditNote(work, sale.invoiceId, {
        reason: `Refund of ${unused} unused sessions of package ${locked.name || locked.id}`,
        lines: [{ chargeId: sale.id, amount: unusedValue.amount }],
      });
      correction = { kind: "credit_note", id: note.record.id };
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
        chargedAt: work.now,
        meta: { origin: "package_refund", packageId: locked.id },
      });
      correction = { kind: "charge", id: line.id };
    }
    const paid = await recordPayment(work, {
      kind: "refund",
      method: request.method as never,
      amount,
      reference: request.reference,
      caseId,
      meta: { packageId: locked.id },
    });
    refundPayment = paid.id;
  }
  await work.audit({
    action: "package.refunded",
    entityType: "package",
    entityId: locked.id,
    detail: {
      amount: amount.amount,
      sessions: result.package.refund?.sessions ?? 0,
      ...(refundPayment ? { paymentId: refundPayment } : {}),
    },
  });
  const closed = (await tx.getPackage(clinicId, locked.id)) as PackageRecord;
  return { refund: amount, correction, paymentId: refundPayment, package: closed };
}

/**
 * Records that the client was reminded to use a package before it expires, and audits it with
 * the package's balance line.
 *
 * @example
 * const saved = await nudgePackage(work, "pkg_1");
 */
export async function nudgePackage(work: UnitOfWork, packageId: string): Promise<PackageRecord> {
  const { tx } = work;
  const pkg = await visiblePackage(work.request, tx, packageId);
  const locked = (await tx.lockPackage(work.clinic.id, pkg.id)) ?? pkg;
  const { clinicId: _c, version, createdAt: _a, updatedAt: _u, ...fields } = locked;
  const saved = await tx.putPackage(
    work.clinic.id,
    { ...fields, meta: withNudge(locked.meta, work.now) },
    { expectedVersion: version },
  );
  return work.audited(saved, {
    action: "package.nudged",
    entityType: "package",
    entityId: pkg.id,
    detail: { line: balanceOf(saved, work.now).line },
  });
}

/**
 * The packages the caller may see, brought up to date with their visits; `nudgeDue` keeps those
 * to remind before expiry.
 *
 * @example
 * const due = await findPackages(work, { status: "open" }, true);
 */
export async function findPackages(
  work: UnitOfWork,
  query: PackageQuery,
  nudgeDue: boolean,
): Promise<PackageRecord[]> {
  const { tx } = work;
  if (query.clientId) await visibleClient(work.request, tx, query.clientId);
  const allowed = await providerClientIds(work.request, tx);
  const packages: PackageRecord[] = [];
  for (const p of await tx.listPackages(work.clinic.id, query)) {
    if (allowed && !allowed.has(p.ownerClientId)) continue;
    const fresh = await freshPackage(tx, work.clinic.id, p);
    if (nudgeDue && !balanceOf(fresh, work.now).nudgeDue) continue;
    packages.push(fresh);
  }
  return packages;
}

/**
 * A package the caller may see, brought up to date with its visits.
 *
 * @example
 * const pkg = await readPackage(work, "pkg_1");
 */
export async function readPackage(work: UnitOfWork, packageId: string): Promise<PackageRecord> {
  return freshPackage(
    work.tx,
    work.clinic.id,
    await visiblePackage(work.request, work.tx, packageId),
  );
}
