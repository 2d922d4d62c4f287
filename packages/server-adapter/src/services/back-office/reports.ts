// The monthly clinic figures from stored records, computed by the engine's `monthlyReport`
// (sessions per patient, no-show rate, share with tax ID, revenue per booked hour, recurring vs
// new, counts by status — in total, by provider and by location) and written as CSV by the
// engine's `monthlyReportToCsv` (formula injection neutralised).

import {
  type Appointment,
  type Calendar,
  type CreditNote,
  chargeAmounts,
  clockFor,
  type MonthlyReport,
  monthlyReport,
  parseDay,
  type ReportChargeInput,
  type ReportPaymentInput,
} from "@bookwell/engine";
import type { ClinicRecord, StorageTransaction } from "../../storage/storage.js";
import { snapshotOf, toEngineCharge } from "./ledger.js";
import { syncVisits } from "./visit-billing.js";

/**
 * The first instant of a month and of the next one in a zone.
 *
 * @example
 * monthRange("2026-03", "Europe/Lisbon"); // { from: 2026-03-01T00:00Z, to: 2026-04-01T00:00+01:00 }
 */
export function monthRange(month: string, timeZone: string): { from: Date; to: Date } {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, "0")}-01`;
  const clock = clockFor(timeZone);
  return {
    from: new Date(clock.dayStart(parseDay(`${month}-01`) as number)),
    to: new Date(clock.dayStart(parseDay(next) as number)),
  };
}

/**
 * Builds the month's report from storage in one transaction: syncs the month's visits' charges
 * first, then hands appointments, calendars, clients, charges (credit notes as negative lines) and
 * payments to the engine.
 *
 * @example
 * const report = await clinicMonthlyReport(tx, clinic, "2026-03");
 */
export async function clinicMonthlyReport(
  tx: StorageTransaction,
  clinic: ClinicRecord,
  month: string,
): Promise<MonthlyReport> {
  const clinicId = clinic.id;
  const { from, to } = monthRange(month, clinic.timeZone);
  await syncVisits(tx, clinicId, await tx.listAppointments(clinicId, { from, to }));
  const [history, calendars, clients, charges, documents, payments] = await Promise.all([
    tx.listAppointments(clinicId, { to }),
    tx.listCalendars(clinicId),
    tx.listClients(clinicId),
    tx.listCharges(clinicId, { from, to }),
    tx.listBillingDocuments(clinicId, { kind: "credit_note", from, to }),
    tx.listPayments(clinicId, { from, to }),
  ]);
  const appointments: Appointment[] = history.map((a) => ({
    id: a.id,
    serviceId: a.serviceId,
    calendarIds: a.calendarIds,
    start: a.start,
    end: a.end,
    status: a.status,
    channel: a.channel,
    ...(a.clientId ? { clientId: a.clientId } : {}),
  }));
  const reportCharges: ReportChargeInput[] = charges.map((c) => ({
    id: c.id,
    amount: chargeAmounts(toEngineCharge(c)).gross,
    currency: c.unitPrice.currency,
    at: c.chargedAt,
    ...(c.appointmentId ? { appointmentId: c.appointmentId } : {}),
    clientId: c.clientId,
    providerId: c.billingProviderId,
    voided: c.status === "void",
  }));
  // Credit notes lower revenue in the month they are issued, on the provider of the line credited.
  const allCharges = new Map(
    (await tx.listCharges(clinicId, { ids: creditedChargeIds(documents) })).map((c) => [c.id, c]),
  );
  for (const doc of documents) {
    const note = snapshotOf(doc).document as CreditNote;
    note.lines.forEach((line, i) => {
      const original = allCharges.get(line.chargeId);
      reportCharges.push({
        id: `${doc.id}:${i}`,
        amount: line.gross,
        currency: note.currency,
        at: doc.issuedAt,
        ...(line.appointmentId ? { appointmentId: line.appointmentId } : {}),
        clientId: doc.clientId,
        ...(original ? { providerId: original.billingProviderId } : {}),
      });
    });
  }
  const reportPayments: ReportPaymentInput[] = payments.map((p) => ({
    id: p.id,
    kind: p.kind,
    amount: p.amount.amount,
    currency: p.amount.currency,
    at: p.at,
    ...(p.appointmentId ? { appointmentId: p.appointmentId } : {}),
  }));
  return monthlyReport({
    month,
    timeZone: clinic.timeZone,
    currency: clinic.currency,
    appointments,
    calendars: calendars.map(
      ({ clinicId: _c, version: _v, createdAt: _a, updatedAt: _u, ...c }) => c as Calendar,
    ),
    clients: clients.map((c) => ({ id: c.id, taxId: c.taxId ?? null })),
    charges: reportCharges,
    payments: reportPayments,
  });
}

function creditedChargeIds(documents: { snapshot: unknown }[]): string[] {
  const ids = new Set<string>();
  for (const doc of documents) {
    const note = (doc.snapshot as { document?: CreditNote }).document;
    for (const line of note?.lines ?? []) ids.add(line.chargeId);
  }
  return [...ids];
}
