// Cases: a client's episodes of care. Opening, renaming, closing and reopening one, putting a
// visit in one (its uninvoiced charges move with it), and the audited reads: a client's cases, a
// case with its visits and money, the private session notes of a case's visits.

import type { CaseBalance } from "@bookwell/engine";
import { randomId } from "../../auth/api-keys.js";
import { canAccessAppointment } from "../../auth/principal.js";
import { BookwellError, idTaken } from "../../errors.js";
import { billableVisit, visibleCase, visibleClient } from "../../services/back-office/access.js";
import { caseOfVisit, generalCaseId, visitsOfCase } from "../../services/back-office/cases.js";
import { caseBalanceOf, loadLedger } from "../../services/back-office/ledger.js";
import { syncVisitBilling, syncVisits } from "../../services/back-office/visit-billing.js";
import { definedFields } from "../../services/fields.js";
import { principalOf } from "../../services/staff-appointments.js";
import type {
  BillingDocumentRecord,
  CasePayer,
  CasePayerKind,
  CaseRecord,
  CaseReferral,
  ChargeRecord,
  PaymentRecord,
} from "../../storage/back-office.js";
import type {
  AppointmentNoteRecord,
  AppointmentRecord,
  JsonObject,
} from "../../storage/storage.js";
import type { UnitOfWork } from "../unit-of-work.js";

/**
 * The cases of a client the caller may see, oldest first; the listing is audited.
 *
 * @example
 * const cases = await clientCases(work, "cli_1");
 */
export async function clientCases(work: UnitOfWork, clientId: string): Promise<CaseRecord[]> {
  const client = await visibleClient(work.request, work.tx, clientId);
  const cases = await work.tx.listCases(work.clinic.id, { clientId: client.id });
  return work.audited(cases, {
    action: "case.listed",
    entityType: "client",
    entityId: client.id,
    detail: { count: cases.length },
  });
}

/** A case to open. */
export interface NewCase {
  id?: string | undefined;
  title: string;
  /** Who pays when it is not the patient (absent: the patient pays). */
  payer?: CasePayerInput | undefined;
  /** Who referred the patient. */
  referral?: CaseReferralInput | undefined;
  /** Anything else the clinic keeps about the case (never clinical notes). */
  extra?: JsonObject | undefined;
}

/** A case's payer as a request gives it. */
export interface CasePayerInput {
  kind: CasePayerKind;
  name: string;
  taxId?: string | undefined;
  address?: string | undefined;
  email?: string | undefined;
  reference?: string | undefined;
}

/** A case's referral as a request gives it. */
export interface CaseReferralInput {
  by: string;
  date?: string | undefined;
  reference?: string | undefined;
}

const payerFrom = (p: CasePayerInput): CasePayer => ({
  kind: p.kind,
  name: p.name,
  ...definedFields(p, ["taxId", "address", "email", "reference"]),
});

const referralFrom = (r: CaseReferralInput): CaseReferral => ({
  by: r.by,
  ...definedFields(r, ["date", "reference"]),
});

/**
 * Opens a new case for a client the caller may see (409 when the id is taken).
 *
 * @example
 * const kase = await openCase(work, "cli_1", { title: "Knee rehab" });
 */
export async function openCase(
  work: UnitOfWork,
  clientId: string,
  input: NewCase,
): Promise<CaseRecord> {
  const { tx } = work;
  const client = await visibleClient(work.request, tx, clientId);
  const id = input.id ?? randomId("case");
  if (await tx.getCase(work.clinic.id, id)) throw idTaken("case", id);
  const created = await tx.putCase(work.clinic.id, {
    id,
    clientId: client.id,
    title: input.title,
    ...(input.payer ? { payer: payerFrom(input.payer) } : {}),
    ...(input.referral ? { referral: referralFrom(input.referral) } : {}),
    ...(input.extra ? { extra: input.extra } : {}),
  });
  return work.audited(created, {
    action: "case.created",
    entityType: "case",
    entityId: id,
    detail: {
      clientId: client.id,
      ...(created.payer ? { payer: { kind: created.payer.kind, name: created.payer.name } } : {}),
      ...(created.referral ? { referral: true } : {}),
    },
  });
}

/** A case with everything about it the caller may see. */
export interface CaseFile {
  case: CaseRecord;
  /** The case's visits on calendars the caller may see. */
  visits: AppointmentRecord[];
  charges: ChargeRecord[];
  documents: BillingDocumentRecord[];
  payments: PaymentRecord[];
  balance: CaseBalance;
}

/**
 * A case the caller may see with its visits, charges, documents, payments and balance (the
 * visits' money brought up to date first); the read is audited.
 *
 * @example
 * const { balance } = await readCase(work, "case_1");
 */
export async function readCase(work: UnitOfWork, caseId: string): Promise<CaseFile> {
  const { tx } = work;
  const kase = await visibleCase(work.request, tx, caseId);
  const visits = await visitsOfCase(tx, work.clinic.id, kase);
  await syncVisits(tx, work.clinic.id, visits);
  const ledger = await loadLedger(tx, work.clinic.id, work.clinic.currency, { caseId: kase.id });
  await work.audit({ action: "case.read", entityType: "case", entityId: kase.id });
  const principal = principalOf(work.request);
  return {
    case: kase,
    visits: visits.filter((v) => canAccessAppointment(principal, v.calendarIds)),
    charges: ledger.records.charges,
    documents: ledger.records.documents,
    payments: ledger.records.payments,
    balance: caseBalanceOf(ledger, kase.id),
  };
}

/**
 * A change of a case: its title, open or closed, its payer and referral (`null` removes one), at
 * the version the caller saw.
 */
export interface CaseChange {
  title?: string | undefined;
  status?: "open" | "closed" | undefined;
  payer?: CasePayerInput | null | undefined;
  referral?: CaseReferralInput | null | undefined;
  expectedVersion?: number | undefined;
}

/**
 * Renames, closes or reopens a case the caller may see, or sets or removes its payer or referral
 * (409 on a stale `expectedVersion`); the audit entry names the fields sent, and the payer before
 * and after when it changed.
 *
 * @example
 * const closed = await changeCase(work, "case_1", { status: "closed" });
 */
export async function changeCase(
  work: UnitOfWork,
  caseId: string,
  change: CaseChange,
): Promise<CaseRecord> {
  const { tx } = work;
  const kase = await visibleCase(work.request, tx, caseId);
  const status = change.status ?? kase.status;
  const payer = change.payer === undefined ? kase.payer : change.payer && payerFrom(change.payer);
  const referral =
    change.referral === undefined
      ? kase.referral
      : change.referral && referralFrom(change.referral);
  const saved = await tx.putCase(
    work.clinic.id,
    {
      id: kase.id,
      clientId: kase.clientId,
      title: change.title ?? kase.title,
      status,
      openedAt: kase.openedAt,
      ...(status === "closed" ? { closedAt: kase.closedAt ?? work.now } : {}),
      ...(payer ? { payer } : {}),
      ...(referral ? { referral } : {}),
      extra: kase.extra,
    },
    { expectedVersion: change.expectedVersion ?? kase.version },
  );
  const payerOf = (p: CasePayer | undefined) => (p ? { kind: p.kind, name: p.name } : null);
  return work.audited(saved, {
    action: "case.updated",
    entityType: "case",
    entityId: kase.id,
    detail: {
      fields: Object.keys(change).filter(
        (k) => k !== "expectedVersion" && change[k as keyof CaseChange] !== undefined,
      ),
      ...(change.payer !== undefined
        ? { payer: { from: payerOf(kase.payer), to: payerOf(saved.payer) } }
        : {}),
    },
  });
}

/** Where {@link attachVisitToCase} put a visit, and the charges that moved with it. */
export interface VisitCase {
  appointmentId: string;
  caseId: string;
  moved: string[];
}

/**
 * Puts a visit the caller may see in one of its client's open cases (`null`: the client's general
 * case). Its uninvoiced charges move with it; invoiced ones stay on their invoice's case.
 *
 * @example
 * const { moved } = await attachVisitToCase(work, "apt_1", "case_1");
 */
export async function attachVisitToCase(
  work: UnitOfWork,
  appointmentId: string,
  targetCaseId: string | null,
): Promise<VisitCase> {
  const { tx, clinicId } = work;
  const visit = await billableVisit(work.request, tx, appointmentId, {
    field: "caseId",
    message: "a visit without a client has no case",
  });
  await syncVisitBilling(tx, clinicId, visit);
  let caseId = generalCaseId(visit.clientId);
  if (targetCaseId) {
    const target = await visibleCase(work.request, tx, targetCaseId);
    if (target.clientId !== visit.clientId) {
      throw new BookwellError("VALIDATION_FAILED", "The case belongs to another client", {
        errors: [{ field: "caseId", message: "is not a case of the visit's client" }],
      });
    }
    if (target.status === "closed") {
      throw new BookwellError("CONFLICT", "The case is closed", {
        errors: [{ field: "caseId", message: "is closed" }],
      });
    }
    caseId = target.id;
  }
  const updated = await tx.updateAppointment(
    clinicId,
    visit.id,
    { caseId: targetCaseId === null ? null : caseId },
    { expectedVersion: visit.version },
  );
  const finalCase = (await caseOfVisit(tx, clinicId, updated)) as string;
  await tx.lockCase(clinicId, finalCase);
  const moved: string[] = [];
  for (const charge of await tx.listCharges(clinicId, { appointmentId: visit.id })) {
    if (charge.status === "uninvoiced" && charge.caseId !== finalCase) {
      await tx.updateCharge(clinicId, charge.id, { caseId: finalCase });
      moved.push(charge.id);
    }
  }
  await work.audit({
    action: "appointment.case_changed",
    entityType: "appointment",
    entityId: visit.id,
    detail: { caseId: finalCase, movedCharges: moved },
  });
  return { appointmentId: visit.id, caseId: finalCase, moved };
}

/**
 * The private session notes of a case's visits the caller may see, by visit, oldest first; each
 * visit's read is audited.
 *
 * @example
 * const notes = await caseNotes(work, "case_1");
 */
export async function caseNotes(
  work: UnitOfWork,
  caseId: string,
): Promise<AppointmentNoteRecord[]> {
  const { tx } = work;
  const kase = await visibleCase(work.request, tx, caseId);
  const principal = principalOf(work.request);
  const visits = (await visitsOfCase(tx, work.clinic.id, kase)).filter((v) =>
    canAccessAppointment(principal, v.calendarIds),
  );
  const notes: AppointmentNoteRecord[] = [];
  for (const visit of visits) {
    const list = await tx.listAppointmentNotes(work.clinic.id, visit.id);
    await work.audit({
      action: "note.read",
      entityType: "appointment",
      entityId: visit.id,
      detail: { count: list.length, via: `case:${kase.id}` },
    });
    notes.push(...list);
  }
  return notes;
}
