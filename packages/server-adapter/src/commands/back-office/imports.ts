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
  type ImportSheet,
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
export const importClients = importer("client", ({ tx, clinicId }) => ({
  check: async (sheet, report) => checkClientRows(sheet, await tx.listClients(clinicId), report),
  save: async (row) => {
    const id = randomId("cli");
    await tx.putClient(clinicId, {
      id,
      name: row.name,
      ...setFields(row, ["email", "phone", "taxId", "notes"]),
    });
    return id;
  },
  name: (row) => row.name,
}));

/**
 * Imports services into the catalog from a CSV upload (or checks it, on a dry run), priced in the
 * clinic's currency.
 *
 * @example
 * const report = await importServices(work, bytes, { dryRun: false, mode: "valid-rows" });
 */
export const importServices = importer("service", ({ tx, clinicId, clinic }) => ({
  check: async (sheet, report) =>
    checkServiceRows(sheet, await tx.listServices(clinicId), clinic.currency, report),
  save: async (row) => {
    await tx.putService(clinicId, { ...row.service, description: "", policies: {} });
    return row.service.id;
  },
  name: (row) => row.service.name,
}));

/** How one kind of row is imported: checked against what exists, then each valid one saved. */
interface ImportRows<R> {
  check: (sheet: ImportSheet, report: ImportReport) => Promise<R[]>;
  /** Writes a valid row and answers the id it created. */
  save: (row: R) => Promise<string>;
  /** The name of what a row creates (the client's, the service's). */
  name: (row: R) => string;
}

/**
 * The import command of one kind of row, with the steps of every import: read the file; outside
 * a dry run, take the clinic's turn (two imports at once must not both find a row missing); check
 * the rows against what exists; unless nothing may be written, save each valid row; count what was
 * created and audit it (`clients.imported`, `services.imported`).
 */
function importer<R extends { line: number }>(
  kind: "client" | "service",
  rowsOf: (work: UnitOfWork) => ImportRows<R>,
) {
  return async (
    work: UnitOfWork,
    bytes: Uint8Array,
    options: ImportOptions,
  ): Promise<ImportReport> => {
    const { report, sheet } = readImport(bytes, `${kind}s`, options);
    if (!sheet) return answer(report);
    if (!options.dryRun) await lockClientDuplicates(work.tx, work.clinicId, `${kind}s`);
    const rows = rowsOf(work);
    const valid = await rows.check(sheet, report);
    if (writesNothing(report)) return answer(report);
    for (const row of valid) {
      report.created.push({ line: row.line, id: await rows.save(row), name: rows.name(row) });
    }
    report.imported = report.created.length;
    await work.audit({
      action: `${kind}s.imported`,
      entityType: kind,
      entityId: "import",
      detail: { imported: report.imported, rejected: report.errors.length, mode: report.mode },
    });
    return answer(report);
  };
}

/** The report in line order, or 422 `IMPORT_REJECTED` with it when nothing may be imported. */
function answer(report: ImportReport): ImportReport {
  const done = finishReport(report);
  rejectIfNeeded(done);
  return done;
}
