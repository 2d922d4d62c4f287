// CSV imports of clients and of the service catalog: every row is checked first (the rules of
// src/services/back-office/imports.ts) against what exists, with concurrent imports of the clinic
// taking turns; then — unless it is a dry run, or `all-or-nothing` found a bad row — the valid
// rows are written and the import is audited. An import that may import nothing (a file-level
// problem, or bad rows in `all-or-nothing` mode outside a dry run) is 422 `IMPORT_REJECTED`.

import { randomId } from "../../auth/api-keys.js";
import { lockClientDuplicates } from "../../services/back-office/clients.js";
import {
  checkClientRows,
  checkServiceRows,
  finishReport,
  type ImportOptions,
  type ImportReport,
  readImport,
  rejectIfNeeded,
  writesNothing,
} from "../../services/back-office/imports.js";
import { setFields } from "../../services/fields.js";
import type { UnitOfWork } from "../unit-of-work.js";

/**
 * Imports clients from a CSV upload (or checks it, on a dry run): the report lists every problem
 * by line and column and the ids created (422 `IMPORT_REJECTED` with it when nothing may be
 * imported).
 *
 * @example
 * const report = await importClients(work, bytes, { dryRun: true, mode: "all-or-nothing" });
 */
export async function importClients(
  work: UnitOfWork,
  bytes: Uint8Array,
  options: ImportOptions,
): Promise<ImportReport> {
  const { tx } = work;
  const { report, sheet } = readImport(bytes, "clients", options);
  if (!sheet) return answer(report);
  // Two imports at once (the same file sent twice) must not both find the clients missing.
  if (!options.dryRun) await lockClientDuplicates(tx, work.clinic.id);
  const valid = checkClientRows(sheet, await tx.listClients(work.clinic.id), report);
  if (writesNothing(report)) return answer(report);
  for (const row of valid) {
    const id = randomId("cli");
    await tx.putClient(work.clinic.id, {
      id,
      name: row.name,
      ...setFields(row, ["email", "phone", "taxId", "notes"]),
    });
    report.created.push({ line: row.line, id });
  }
  return imported(work, report, "client");
}

/**
 * Imports services into the catalog from a CSV upload (or checks it, on a dry run), priced in the
 * clinic's currency.
 *
 * @example
 * const report = await importServices(work, bytes, { dryRun: false, mode: "valid-rows" });
 */
export async function importServices(
  work: UnitOfWork,
  bytes: Uint8Array,
  options: ImportOptions,
): Promise<ImportReport> {
  const { tx } = work;
  const { report, sheet } = readImport(bytes, "services", options);
  if (!sheet) return answer(report);
  if (!options.dryRun) await lockClientDuplicates(tx, work.clinic.id, "services");
  const existing = await tx.listServices(work.clinic.id);
  const valid = checkServiceRows(sheet, existing, work.clinic.currency, report);
  if (writesNothing(report)) return answer(report);
  for (const row of valid) {
    await tx.putService(work.clinic.id, { ...row.service, description: "", policies: {} });
    report.created.push({ line: row.line, id: row.service.id });
  }
  return imported(work, report, "service");
}

/** Counts what an import created and audits it (`clients.imported`, `services.imported`). */
async function imported(
  work: UnitOfWork,
  report: ImportReport,
  entityType: "client" | "service",
): Promise<ImportReport> {
  report.imported = report.created.length;
  await work.audit({
    action: `${entityType}s.imported`,
    entityType,
    entityId: "import",
    detail: { imported: report.imported, rejected: report.errors.length, mode: report.mode },
  });
  return answer(report);
}

/** The report in line order, or 422 `IMPORT_REJECTED` with it when nothing may be imported. */
function answer(report: ImportReport): ImportReport {
  const done = finishReport(report);
  rejectIfNeeded(done);
  return done;
}
