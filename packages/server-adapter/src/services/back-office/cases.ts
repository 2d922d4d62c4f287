// Cases: a client's episodes of care. A visit without a case belongs to the client's general case,
// made on first need with a stable id, so charges always have a case to go to.

import { createHash } from "node:crypto";
import type { CaseRecord } from "../../storage/back-office.js";
import type { AppointmentRecord, StorageOperations } from "../../storage/storage.js";

/** Title of the case visits without a case go to. */
export const GENERAL_CASE_TITLE = "General";

/**
 * The stable id of a client's general case.
 *
 * @example
 * generalCaseId("cli_1"); // "case-gen-…" (always the same for cli_1)
 */
export function generalCaseId(clientId: string): string {
  return `case-gen-${createHash("sha256").update(clientId).digest("hex").slice(0, 24)}`;
}

/**
 * The client's general case, created when missing.
 *
 * @example
 * const general = await generalCase(tx, clinicId, "cli_1");
 */
export async function generalCase(
  ops: StorageOperations,
  clinicId: string,
  clientId: string,
): Promise<CaseRecord> {
  const id = generalCaseId(clientId);
  const existing = await ops.getCase(clinicId, id);
  if (existing) return existing;
  return ops.putCase(clinicId, {
    id,
    clientId,
    title: GENERAL_CASE_TITLE,
    extra: { general: true },
  });
}

/**
 * The case a visit's money goes to: its own case when it names one that exists, else the client's
 * general case. `undefined` for a visit without a client (nothing can be charged then).
 *
 * @example
 * const caseId = await caseOfVisit(tx, clinicId, appointment);
 */
export async function caseOfVisit(
  ops: StorageOperations,
  clinicId: string,
  appointment: AppointmentRecord,
): Promise<string | undefined> {
  if (!appointment.clientId) return undefined;
  if (appointment.caseId) {
    const own = await ops.getCase(clinicId, appointment.caseId);
    if (own && own.clientId === appointment.clientId) return own.id;
  }
  return (await generalCase(ops, clinicId, appointment.clientId)).id;
}

/**
 * The visits of a case: those naming it, plus — for a general case — the client's visits that
 * name no case (or one that does not exist).
 *
 * @example
 * const visits = await visitsOfCase(tx, clinicId, kase);
 */
export async function visitsOfCase(
  ops: StorageOperations,
  clinicId: string,
  kase: CaseRecord,
): Promise<AppointmentRecord[]> {
  const visits = await ops.listAppointments(clinicId, { clientId: kase.clientId });
  if (kase.id !== generalCaseId(kase.clientId)) return visits.filter((v) => v.caseId === kase.id);
  const caseIds = new Set(
    (await ops.listCases(clinicId, { clientId: kase.clientId })).map((c) => c.id),
  );
  return visits.filter((v) => v.caseId === kase.id || !v.caseId || !caseIds.has(v.caseId));
}
