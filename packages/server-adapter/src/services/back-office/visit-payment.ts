// A visit's payment state: the one place the server answers "is this visit paid, and what is
// left to pay". It brings the visit's money up to date (`syncVisitBilling`), finds the case its
// money belongs to, and asks the engine's `visitPaymentStatus` with that case, the charges table
// and the client's invoices, credit notes and payments — never adding money up itself. Every
// route that shows a visit's `paid` or balance calls it (docs/server/back-office.md, "A visit's
// money").

import { type VisitPaymentStatus, visitPaymentStatus } from "@bookwell/engine";
import type { ChargeRecord, PaymentRecord } from "../../storage/back-office.js";
import type { AppointmentRecord, StorageTransaction } from "../../storage/storage.js";
import { caseOfVisit } from "./cases.js";
import { loadLedger } from "./ledger.js";
import { syncVisitBilling, type VisitSyncReport } from "./visit-billing.js";

/** What {@link visitPayment} answers about one visit. */
export interface VisitPayment {
  /** The case the visit's money goes to; `undefined` for a visit without a client. */
  caseId: string | undefined;
  /**
   * The engine's answer for the visit in its case: `paid` is true only for a completed visit
   * with nothing left to pay (fully covered charges, or none to pay), `money` says
   * `no_charges | unpaid | partly_paid | paid` whatever the status.
   */
  status: VisitPaymentStatus;
  /** The visit's charges as the charges table has them (void ones included). */
  charges: ChargeRecord[];
  /** Payments and refunds made for this visit (`appointmentId`). */
  payments: PaymentRecord[];
  /** What bringing the visit's money up to date did (package changes, charges to credit). */
  sync: VisitSyncReport;
}

/**
 * A visit's payment state, in the caller's transaction: syncs the visit's status-machine charges
 * and package first, then runs the engine's `visitPaymentStatus` with the visit's case.
 *
 * @example
 * const { status } = await visitPayment(tx, clinicId, "EUR", appointment);
 * status.paid; // false while a completed visit still owes money
 */
export async function visitPayment(
  tx: StorageTransaction,
  clinicId: string,
  currency: string,
  visit: AppointmentRecord,
): Promise<VisitPayment> {
  const sync = await syncVisitBilling(tx, clinicId, visit);
  const caseId = await caseOfVisit(tx, clinicId, visit);
  const ledger =
    visit.clientId === undefined
      ? undefined
      : await loadLedger(tx, clinicId, currency, { clientId: visit.clientId });
  const status = visitPaymentStatus({
    appointment: {
      id: visit.id,
      status: visit.status,
      ...(caseId === undefined ? {} : { caseId }),
    },
    charges: ledger?.charges ?? [],
    invoices: ledger?.invoices ?? [],
    creditNotes: ledger?.creditNotes ?? [],
    payments: ledger?.payments ?? [],
  });
  return {
    caseId,
    status,
    charges: (ledger?.records.charges ?? []).filter((c) => c.appointmentId === visit.id),
    payments: (ledger?.records.payments ?? []).filter((p) => p.appointmentId === visit.id),
    sync,
  };
}
