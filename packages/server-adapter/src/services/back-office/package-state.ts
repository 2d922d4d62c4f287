// Stored packages ⇄ the engine's package state, and which package pays for which visit (kept in
// the package's `meta.visits`, set by staff when they assign a package to a visit).

import {
  createPackage,
  type PackageBalance,
  type PackageState,
  packageBalance,
} from "@bookwell/engine";
import type { PackageInput, PackageRecord } from "../../storage/back-office.js";
import type { JsonObject, StorageOperations } from "../../storage/storage.js";

/**
 * The engine's fields of a package — stored, or the engine's state — copied: the one list both
 * directions share.
 */
function packageFields(p: PackageRecord | PackageState) {
  return {
    id: p.id,
    name: p.name,
    ownerClientId: p.ownerClientId,
    allowedClientIds: [...p.allowedClientIds],
    serviceIds: [...p.serviceIds],
    sessions: p.sessions,
    price: p.price,
    ...(p.paid === undefined ? {} : { paid: p.paid }),
    purchasedAt: p.purchasedAt,
    ...(p.expiresOn === undefined ? {} : { expiresOn: p.expiresOn }),
    nudgeDaysBefore: p.nudgeDaysBefore,
    timeZone: p.timeZone,
    noShowRule: p.noShowRule,
    uses: p.uses.map((u) => ({ ...u })),
    ...(p.refund === undefined ? {} : { refund: p.refund }),
  };
}

/**
 * A stored package as the engine's validated package state.
 *
 * @example
 * toEnginePackage(record).pricing.perSession; // { amount: 4000, currency: "EUR" }
 */
export function toEnginePackage(p: PackageRecord): PackageState {
  return createPackage(packageFields(p));
}

/**
 * What to store for an engine package state, keeping the record's case and meta.
 *
 * @example
 * await tx.putPackage(clinicId, fromEnginePackage(next, record), { expectedVersion: record.version });
 */
export function fromEnginePackage(
  state: PackageState,
  base: { caseId?: string | undefined; meta: JsonObject },
): PackageInput {
  return {
    ...packageFields(state),
    ...(base.caseId === undefined ? {} : { caseId: base.caseId }),
    meta: base.meta,
  };
}

/**
 * The visits a package was assigned to, by appointment id.
 *
 * @example
 * Object.keys(assignedVisits(pkg)); // ["apt_1", "apt_7"]
 */
export function assignedVisits(p: PackageRecord): Record<string, JsonObject> {
  const visits = p.meta.visits;
  return visits && typeof visits === "object" && !Array.isArray(visits)
    ? (visits as Record<string, JsonObject>)
    : {};
}

/**
 * The package assigned to pay for a visit, if any (looked up among the attendee's packages).
 *
 * @example
 * const pkg = await packageForVisit(tx, clinicId, appointment.id, appointment.clientId);
 */
export async function packageForVisit(
  ops: StorageOperations,
  clinicId: string,
  appointmentId: string,
  clientId: string | undefined,
): Promise<PackageRecord | undefined> {
  if (!clientId) return undefined;
  const candidates = await ops.listPackages(clinicId, { clientId });
  return candidates.find(
    (p) =>
      appointmentId in assignedVisits(p) || p.uses.some((u) => u.appointmentId === appointmentId),
  );
}

/**
 * The engine's balance of a stored package at `now`: used, remaining, expiry, nudge, receipt line.
 *
 * @example
 * balanceOf(record, new Date()).line; // "6 of 10 used, 4 left, valid until 2026-07-10"
 */
export function balanceOf(p: PackageRecord, now: Date): PackageBalance {
  return packageBalance(toEnginePackage(p), now.toISOString());
}
