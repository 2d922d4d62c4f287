// Session packages as stored and shown: a package brought up to date with its visits (sessions
// taken on completion, given back on rollback: visit-billing.ts), which packages a caller may see,
// and the API's view of one (balance, expiry, nudge, attendance log). Selling, assigning,
// refunding and nudging are commands (src/commands/back-office/packages.ts).

import type { CommandContext } from "../../commands/unit-of-work.js";
import type { PackageRecord } from "../../storage/back-office.js";
import type { JsonObject, StorageOperations, StorageTransaction } from "../../storage/storage.js";
import { setFields } from "../fields.js";
import { visibleOwned } from "./access.js";
import { assignedVisits, balanceOf, toEnginePackage } from "./package-state.js";
import { syncVisits } from "./visit-billing.js";

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

/**
 * A package the caller may see (owner or an allowed client visible), else 404.
 *
 * @example
 * const pkg = await visiblePackage(ctx, tx, "pkg_1");
 */
export async function visiblePackage(
  ctx: CommandContext,
  ops: StorageOperations,
  id: string,
): Promise<PackageRecord> {
  const found = await ops.getPackage(ctx.clinic.id, id);
  return visibleOwned(ctx, ops, "package", id, found, (pkg) => pkg.ownerClientId);
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
    ...setFields(p, ["caseId", "refund"]),
    balance: balanceOf(p, now),
    attendance: p.uses,
    assignedVisits: Object.keys(assignedVisits(p)),
    ...(nudgedAtOf(p) === undefined ? {} : { nudgedAt: nudgedAtOf(p) }),
    version: p.version,
  };
}

/**
 * When the package's owner was nudged about its last sessions (`meta.nudgedAt`, by staff or the
 * outbox worker), if ever; the one place the marker is read.
 *
 * @example
 * nudgedAtOf(pkg); // "2026-03-04T09:00:00.000Z"
 */
export function nudgedAtOf(p: Pick<PackageRecord, "meta">): string | undefined {
  const at = p.meta.nudgedAt;
  return typeof at === "string" ? at : undefined;
}

/**
 * A package's meta with its nudge recorded at `at` (and `by`: the worker's e-mail; staff name
 * none); the one place the marker is written.
 *
 * @example
 * await tx.putPackage(clinicId, { ...fields, meta: withNudge(locked.meta, now, "e-mail") });
 */
export function withNudge(meta: JsonObject, at: Date, by?: "e-mail"): JsonObject {
  return { ...meta, nudgedAt: at.toISOString(), ...(by ? { nudgedBy: by } : {}) };
}
