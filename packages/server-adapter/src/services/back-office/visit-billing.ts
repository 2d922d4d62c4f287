// A visit's money after a status change: the charges the status machine added (arrival items,
// cancellation and no-show fees), and the session its package pays with.
//
// A status change runs the engine's `transition` on the visit's charges as the charges table holds
// them (`visitCharges`) and hands the charges it returns to `syncVisitBilling`, which writes what
// changed into the charges table (the only place charges live) and reconciles the package from
// the visit's status:
// completed (or a no-show under a `deduct` rule) takes one session, anything else gives it back —
// always through the engine's `usePackageSession` / `restorePackageSession`. It is idempotent, so
// it runs in every back-office unit of work that reads a visit's money, and the status route can
// call it in its own transaction (see docs/server/back-office.md, "Status changes and money").

import {
  type Charge,
  type ChargeSource,
  chargeSchema,
  restorePackageSession,
  usePackageSession,
} from "@bookwell/engine";
import type { ChargeRecord, PackageRecord } from "../../storage/back-office.js";
import type {
  AppointmentRecord,
  JsonObject,
  JsonValue,
  ServiceRecord,
  StorageTransaction,
} from "../../storage/storage.js";
import { catalogTerms } from "../catalog.js";
import { caseOfVisit } from "./cases.js";
import { VOID_REASONS, voidedFor, voidReasonOf } from "./charges.js";
import { toEngineCharge } from "./ledger.js";
import { fromEnginePackage, packageForVisit, toEnginePackage } from "./package-state.js";

/** Charge sources the status machine adds (and may void on rollback). */
const TRANSITION_SOURCES: ReadonlySet<ChargeSource> = new Set([
  "arrival",
  "cancellation_fee",
  "no_show_fee",
]);

/** What {@link syncVisitBilling} did. */
export interface VisitSyncReport {
  caseId?: string;
  imported: string[];
  voided: string[];
  /** Charges the visit no longer has but that are invoiced: correct them with a credit note. */
  needsCreditNote: string[];
  package?: {
    id: string;
    change: "used" | "restored" | "none";
    /** Why the package could not take the session (the engine's code), if it could not. */
    error?: string;
  };
}

/**
 * Charges an appointment stored before charges lived only in the charges table (`extra.charges`
 * of version 0.1 data): read once, by the next status change or money read of that visit, which
 * writes them into the table and drops them from the appointment.
 */
function legacyCharges(a: AppointmentRecord): Charge[] | undefined {
  if (!Array.isArray(a.extra.charges)) return undefined;
  const out: Charge[] = [];
  for (const item of a.extra.charges) {
    const parsed = chargeSchema.safeParse(item);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

/**
 * The visit's charges as the status machine sees them: the ones the status machine added that are
 * still open or invoiced (from the charges table; a visit stored with legacy `extra.charges`
 * answers those).
 *
 * @example
 * const before = await visitCharges(tx, clinicId, appointment);
 * transition(visit, "arrive", { …, charges: before });
 */
export async function visitCharges(
  tx: StorageTransaction,
  clinicId: string,
  appointment: AppointmentRecord,
): Promise<Charge[]> {
  const legacy = legacyCharges(appointment);
  if (legacy) return legacy;
  const stored = await tx.listCharges(clinicId, { appointmentId: appointment.id });
  return stored.filter((c) => c.meta.origin === "visit" && c.status !== "void").map(toEngineCharge);
}

/** Index of an arrival charge among the service's billing items (`<apt>:arrival:<t>:<i>`). */
function itemIndex(chargeId: string): number {
  const last = chargeId.split(":").pop() ?? "";
  return /^\d+$/.test(last) ? Number(last) : 0;
}

/** Whether an arrival charge is for an item a package covers (the treatment itself). */
function coveredByPackage(charge: Charge, service: ServiceRecord | undefined): boolean {
  if (charge.source !== "arrival") return false;
  const items = service?.policies.billingItems;
  if (!Array.isArray(items)) return true; // the default single line is the treatment
  const item = items[itemIndex(charge.id)] as { coveredByPackage?: JsonValue } | undefined;
  return item?.coveredByPackage !== false;
}

function packageShouldPay(
  a: AppointmentRecord,
  pkg: PackageRecord,
): false | "attended" | "no_show" {
  if (a.status === "completed") return "attended";
  if (a.status === "no_show" && pkg.noShowRule === "deduct") return "no_show";
  return false;
}

/**
 * Writes a visit's status-machine charges into the charges table — `onVisit` is the list the
 * status machine returned; charges it added are inserted, charges it took off are voided (or
 * flagged for a credit note when invoiced) — and reconciles its package with its status
 * (idempotent). Without `onVisit` (a money read) the table already holds the visit's charges and
 * only the package is reconciled. Call it inside a transaction.
 *
 * @example
 * await syncVisitBilling(tx, clinicId, updated, chargesAfterTransition);
 */
export async function syncVisitBilling(
  tx: StorageTransaction,
  clinicId: string,
  appointment: AppointmentRecord,
  onVisitCharges?: readonly Charge[],
): Promise<VisitSyncReport> {
  const report: VisitSyncReport = { imported: [], voided: [], needsCreditNote: [] };
  const caseId = await caseOfVisit(tx, clinicId, appointment);
  if (caseId === undefined || appointment.clientId === undefined) return report;
  report.caseId = caseId;
  await tx.lockCase(clinicId, caseId);
  const [service, pkgRecord, stored, override] = await Promise.all([
    tx.getService(clinicId, appointment.serviceId),
    packageForVisit(tx, clinicId, appointment.id, appointment.clientId),
    tx.listCharges(clinicId, { appointmentId: appointment.id }),
    tx.listProviderServices(clinicId, {
      calendarId: appointment.calendarIds[0] ?? "",
      serviceId: appointment.serviceId,
    }),
  ]);
  const pkg = pkgRecord && (await tx.lockPackage(clinicId, pkgRecord.id));
  const storedById = new Map(stored.map((c) => [c.id, c]));
  const onVisit = onVisitCharges ?? (await visitCharges(tx, clinicId, appointment));
  const onVisitIds = new Set(onVisit.map((c) => c.id));
  const terms = service && catalogTerms(service, appointment.calendarIds[0] ?? "", override);
  const ownPrice = terms?.offered && terms.ownPrice ? terms.price : undefined;

  // 1. Charges the status machine added that the table does not have yet.
  for (const charge of onVisit) {
    if (storedById.has(charge.id) || charge.status === "invoiced") continue;
    const covered = pkg !== undefined && coveredByPackage(charge, service);
    const meta: JsonObject = { origin: "visit" };
    let unitPrice = charge.unitPrice;
    if (
      ownPrice &&
      charge.source === "arrival" &&
      !Array.isArray(service?.policies.billingItems) &&
      service &&
      charge.unitPrice.amount === service.price.amount &&
      ownPrice.currency === charge.unitPrice.currency
    ) {
      unitPrice = ownPrice;
      meta.price = "provider";
    }
    const record = await tx.insertCharge(clinicId, {
      id: charge.id,
      caseId,
      clientId: appointment.clientId,
      appointmentId: appointment.id,
      description: charge.description,
      unitPrice,
      quantity: charge.quantity,
      taxRateBp: charge.taxRateBp,
      priceIncludesTax: charge.priceIncludesTax,
      billingProviderId: charge.billingProviderId,
      status: covered || charge.status === "void" ? "void" : "uninvoiced",
      source: charge.source,
      chargedAt: charge.createdAt ?? appointment.start,
      meta: covered ? voidedFor(meta, VOID_REASONS.coveredByPackage(pkg.id)).meta : meta,
    });
    storedById.set(record.id, record);
    report.imported.push(record.id);
  }

  // 2. Charges a rollback took off the visit: void them, or flag them when already invoiced.
  for (const charge of storedById.values()) {
    if (charge.meta.origin !== "visit" || onVisitIds.has(charge.id)) continue;
    if (!TRANSITION_SOURCES.has(charge.source)) continue;
    if (charge.status === "uninvoiced") {
      const voided = await tx.updateCharge(
        clinicId,
        charge.id,
        voidedFor(charge.meta, VOID_REASONS.rolledBack),
      );
      storedById.set(voided.id, voided);
      report.voided.push(charge.id);
    } else if (charge.status === "invoiced") {
      report.needsCreditNote.push(charge.id);
    }
  }

  // 3. The package: one session while the visit is completed (or a deducted no-show).
  if (pkg) {
    report.package = { id: pkg.id, change: "none" };
    const should = packageShouldPay(appointment, pkg);
    if (!should) {
      await voidUncovered(tx, clinicId, storedById, report, "the visit is no longer completed");
    }
    const has = pkg.uses.some((u) => u.appointmentId === appointment.id);
    const state = toEnginePackage(pkg);
    if (should && !has) {
      const result = usePackageSession(state, {
        appointmentId: appointment.id,
        at: appointment.start,
        therapistId: appointment.calendarIds[0] ?? "unknown",
        clientId: appointment.clientId,
        serviceId: appointment.serviceId,
        kind: should,
      });
      if (result.ok) {
        await tx.putPackage(clinicId, fromEnginePackage(result.package, pkg), {
          expectedVersion: pkg.version,
        });
        report.package.change = "used";
        // Billed while the package could not pay; it pays now.
        await voidUncovered(tx, clinicId, storedById, report, `paid by package ${pkg.id}`);
        if (should === "no_show") await voidNoShowFee(tx, clinicId, storedById, pkg.id, report);
      } else {
        // The package cannot pay after all (used up by other visits, expired…): the treatment it
        // was to cover is billed again, or the visit would go unpaid.
        report.package.error = result.error.code;
        await billUncovered(tx, clinicId, storedById, pkg.id, result.error.code, report);
      }
    } else if (!should && has) {
      const result = restorePackageSession(state, appointment.id);
      if (result.ok) {
        await tx.putPackage(clinicId, fromEnginePackage(result.package, pkg), {
          expectedVersion: pkg.version,
        });
        report.package.change = "restored";
      } else {
        report.package.error = result.error.code;
      }
    } else if (should === "no_show") {
      await voidNoShowFee(tx, clinicId, storedById, pkg.id, report);
    }
  }
  return report;
}

/** Marks the charges {@link billUncovered} adds. */
const UNCOVERED = "package-refused";

/**
 * Adds back, as open charges, the visit's treatment charges that were voided as "covered by
 * package" when the package then could not take the session (idempotent: one copy per charge).
 */
async function billUncovered(
  tx: StorageTransaction,
  clinicId: string,
  charges: Map<string, ChargeRecord>,
  packageId: string,
  reason: string,
  report: VisitSyncReport,
): Promise<void> {
  for (const charge of [...charges.values()]) {
    if (
      charge.status !== "void" ||
      voidReasonOf(charge) !== VOID_REASONS.coveredByPackage(packageId)
    ) {
      continue;
    }
    const id = `${charge.id}:uncovered`;
    if (charges.has(id)) continue;
    const { id: _id, version: _v, createdAt: _c, updatedAt: _u, invoiceId: _i, ...fields } = charge;
    const record = await tx.insertCharge(clinicId, {
      ...fields,
      id,
      status: "uninvoiced",
      meta: { origin: UNCOVERED, replaces: charge.id, packageId, reason },
    });
    charges.set(id, record);
    report.imported.push(id);
  }
}

/**
 * Voids the copies {@link billUncovered} added once they are owed no more (the visit is no longer
 * completed, or its package paid after all); invoiced ones are flagged for a credit note.
 */
async function voidUncovered(
  tx: StorageTransaction,
  clinicId: string,
  charges: Map<string, ChargeRecord>,
  report: VisitSyncReport,
  voidReason: string,
): Promise<void> {
  for (const charge of [...charges.values()]) {
    if (charge.meta.origin !== UNCOVERED) continue;
    if (charge.status === "uninvoiced") {
      const voided = await tx.updateCharge(clinicId, charge.id, voidedFor(charge.meta, voidReason));
      charges.set(voided.id, voided);
      report.voided.push(charge.id);
    } else if (charge.status === "invoiced") {
      report.needsCreditNote.push(charge.id);
    }
  }
}

/** A no-show the package paid for carries no no-show fee (the engine's rule). */
async function voidNoShowFee(
  tx: StorageTransaction,
  clinicId: string,
  charges: Map<string, ChargeRecord>,
  packageId: string,
  report: VisitSyncReport,
): Promise<void> {
  for (const charge of charges.values()) {
    if (charge.source !== "no_show_fee" || charge.status !== "uninvoiced") continue;
    await tx.updateCharge(
      clinicId,
      charge.id,
      voidedFor(charge.meta, VOID_REASONS.noShowFromPackage(packageId)),
    );
    report.voided.push(charge.id);
  }
}

/**
 * What the status route should pass to the engine's `transition` for a visit: the case its new
 * charges go to and the visit's charges as the table has them (so a rollback voids what is really
 * open and flags what is invoiced).
 *
 * @example
 * const billing = await visitBillingContext(tx, clinicId, appointment);
 * transition(engineAppointment, "rollback", { ...context, caseId: billing.caseId, charges: billing.charges });
 */
export async function visitBillingContext(
  tx: StorageTransaction,
  clinicId: string,
  appointment: AppointmentRecord,
): Promise<{ caseId: string | undefined; charges: Charge[] }> {
  const caseId = await caseOfVisit(tx, clinicId, appointment);
  const charges = await tx.listCharges(clinicId, { appointmentId: appointment.id });
  return { caseId, charges: charges.map(toEngineCharge) };
}

/**
 * Syncs every visit of a client that has money to sync (status-machine charges or a package),
 * oldest first. Returns the reports of visits where something changed.
 *
 * @example
 * await syncClientVisits(tx, clinicId, "cli_1");
 */
export async function syncClientVisits(
  tx: StorageTransaction,
  clinicId: string,
  clientId: string,
): Promise<VisitSyncReport[]> {
  const visits = await tx.listAppointments(clinicId, { clientId });
  return syncVisits(tx, clinicId, visits);
}

/**
 * Syncs the given visits (see {@link syncVisitBilling}); visits without charges on them and
 * without a package are skipped cheaply.
 *
 * @example
 * await syncVisits(tx, clinicId, monthVisits);
 */
export async function syncVisits(
  tx: StorageTransaction,
  clinicId: string,
  visits: readonly AppointmentRecord[],
): Promise<VisitSyncReport[]> {
  const clients = [...new Set(visits.flatMap((v) => (v.clientId ? [v.clientId] : [])))];
  const withPackage = new Set<string>();
  for (const clientId of clients) {
    for (const p of await tx.listPackages(clinicId, { clientId })) {
      const visitsOfPackage = p.meta.visits;
      if (visitsOfPackage && typeof visitsOfPackage === "object") {
        for (const id of Object.keys(visitsOfPackage)) withPackage.add(id);
      }
      for (const u of p.uses) withPackage.add(u.appointmentId);
    }
  }
  const reports: VisitSyncReport[] = [];
  for (const visit of visits) {
    // Charges are written by the status change itself; only packages (and legacy data) need it.
    if (!Array.isArray(visit.extra.charges) && !withPackage.has(visit.id)) continue;
    const report = await syncVisitBilling(tx, clinicId, visit);
    if (
      report.imported.length > 0 ||
      report.voided.length > 0 ||
      (report.package && report.package.change !== "none")
    ) {
      reports.push(report);
    }
  }
  return reports;
}
