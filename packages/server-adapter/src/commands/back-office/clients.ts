// Client intake with duplicate detection (same e-mail, phone or tax ID → warn with the existing
// ids; "create anyway" is explicit), administrative notes, the audited client card (cases,
// balance, packages), the balance, and the audited CSV export of clients.

import type { ClientBalance } from "@bookwell/engine";
import { randomId } from "../../auth/api-keys.js";
import { BookwellError, idTaken } from "../../errors.js";
import { providerClientIds, visibleClient } from "../../services/back-office/access.js";
import {
  type DuplicateMatch,
  findDuplicates,
  lockClientDuplicates,
} from "../../services/back-office/clients.js";
import { clientBalanceOf, loadLedger } from "../../services/back-office/ledger.js";
import { syncClientVisits } from "../../services/back-office/visit-billing.js";
import { setFields } from "../../services/fields.js";
import type { CaseRecord, PackageRecord } from "../../storage/back-office.js";
import type { ClientMergeCounts, ClientRecord } from "../../storage/storage.js";
import type { UnitOfWork } from "../unit-of-work.js";

/** A client to create at the desk. */
export interface IntakeRequest {
  id?: string | undefined;
  name: string;
  email?: string | undefined;
  phone?: string | undefined;
  taxId?: string | undefined;
  notes?: string | undefined;
  address?: string | undefined;
  /** Create even though clients with the same e-mail / phone / tax ID exist. */
  createAnyway: boolean;
}

/**
 * Creates a client unless it looks like an existing one: then 409 `DUPLICATE_CLIENT` lists the
 * matches (ids and what matched); with `createAnyway` it is created and the matches are returned.
 *
 * @example
 * await intakeClient(work, { name: "Ana Lima", email: "ana@example.com", createAnyway: false });
 */
export async function intakeClient(
  work: UnitOfWork,
  request: IntakeRequest,
): Promise<{ client: ClientRecord; duplicates: DuplicateMatch[] }> {
  const { tx } = work;
  const id = request.id ?? randomId("cli");
  if (await tx.getClient(work.clinic.id, id)) throw idTaken("client", id);
  await lockClientDuplicates(tx, work.clinic.id);
  const duplicates = await findDuplicates(tx, work.clinic.id, request);
  if (duplicates.length > 0 && !request.createAnyway) {
    throw new BookwellError(
      "DUPLICATE_CLIENT",
      `${duplicates.length} client(s) have the same e-mail, phone or tax ID; send createAnyway: true to create a new one`,
      {
        errors: [...new Set(duplicates.flatMap((d) => d.matchedOn))].map((field) => ({
          field,
          message: "matches an existing client",
        })),
        extensions: { duplicates },
      },
    );
  }
  const client = await tx.putClient(work.clinic.id, {
    id,
    name: request.name,
    ...setFields(request, ["email", "phone", "taxId", "notes", "address"]),
  });
  await work.audit({
    action: "client.created",
    entityType: "client",
    entityId: id,
    detail: {
      ...(duplicates.length > 0 ? { createdDespite: duplicates.map((d) => d.id) } : {}),
    },
  });
  return { client, duplicates };
}

/**
 * Sets a client's administrative notes and/or address (kept with the client's other details;
 * never clinical notes) and warns about other clients with the same contact details.
 *
 * @example
 * await updateClientDetails(work, "cli_1", { notes: "Prefers mornings" });
 */
export async function updateClientDetails(
  work: UnitOfWork,
  clientId: string,
  patch: { notes?: string | null | undefined; address?: string | null | undefined },
): Promise<ClientRecord> {
  const { tx } = work;
  const client = await visibleClient(work.request, tx, clientId);
  const { clinicId: _c, version: _v, createdAt: _a, updatedAt: _u, ...input } = client;
  for (const field of ["notes", "address"] as const) {
    const value = patch[field];
    if (value === null) delete input[field];
    else if (value !== undefined) input[field] = value;
  }
  const saved = await tx.putClient(work.clinic.id, input);
  return work.audited(saved, {
    action: "client.updated",
    entityType: "client",
    entityId: client.id,
    detail: { fields: Object.keys(patch) },
  });
}

/** A client's attendance, as the desk sees it before booking them. */
export interface Attendance {
  /** Visits that were not canceled or moved (past and future). */
  visits: number;
  noShows: number;
  /** Start of the last visit the client came to (arrived, started or completed). */
  lastVisit: string | null;
  /** Start of the next booked or confirmed visit from now. */
  nextVisit: string | null;
}

/** The client card: the client, their cases, their balance, packages and attendance. */
export interface ClientCard {
  client: ClientRecord;
  cases: CaseRecord[];
  balance: ClientBalance;
  packages: PackageRecord[];
  attendance: Attendance;
}

/**
 * A client's attendance from their visits at `now`.
 *
 * @example
 * attendanceOf(await tx.listAppointments(clinicId, { clientId }), new Date());
 */
export function attendanceOf(
  visits: ReadonlyArray<{ status: string; start: string }>,
  now: Date,
): Attendance {
  const at = now.getTime();
  let lastVisit: string | null = null;
  let nextVisit: string | null = null;
  let count = 0;
  let noShows = 0;
  for (const v of visits) {
    if (v.status === "canceled" || v.status === "rebooked") continue;
    count += 1;
    if (v.status === "no_show") noShows += 1;
    const start = Date.parse(v.start);
    if (["arrived", "started", "completed"].includes(v.status) && start <= at) {
      if (!lastVisit || start > Date.parse(lastVisit)) lastVisit = v.start;
    }
    if ((v.status === "booked" || v.status === "confirmed") && start >= at) {
      if (!nextVisit || start < Date.parse(nextVisit)) nextVisit = v.start;
    }
  }
  return { visits: count, noShows, lastVisit, nextVisit };
}

/**
 * The client card of a client the caller may see, with the visits' money brought up to date;
 * the read is audited.
 *
 * @example
 * const { balance } = await clientCard(work, "cli_1");
 */
export async function clientCard(work: UnitOfWork, clientId: string): Promise<ClientCard> {
  const { tx } = work;
  const client = await visibleClient(work.request, tx, clientId);
  await syncClientVisits(tx, work.clinic.id, client.id);
  const [cases, ledger, packages, visits] = await Promise.all([
    tx.listCases(work.clinic.id, { clientId: client.id }),
    loadLedger(tx, work.clinic.id, work.clinic.currency, { clientId: client.id }),
    tx.listPackages(work.clinic.id, { clientId: client.id }),
    tx.listAppointments(work.clinic.id, { clientId: client.id }),
  ]);
  await work.audit({
    action: "client.read",
    entityType: "client",
    entityId: client.id,
    detail: { view: "summary" },
  });
  return {
    client,
    cases,
    balance: clientBalanceOf(ledger, client.id),
    packages,
    attendance: attendanceOf(visits, work.now),
  };
}

/**
 * What a client the caller may see owes (or has in credit), in total and per case, with the
 * visits' money brought up to date.
 *
 * @example
 * const balance = await clientBalance(work, "cli_1");
 */
export async function clientBalance(work: UnitOfWork, clientId: string): Promise<ClientBalance> {
  const { tx } = work;
  const client = await visibleClient(work.request, tx, clientId);
  await syncClientVisits(tx, work.clinic.id, client.id);
  const ledger = await loadLedger(tx, work.clinic.id, work.clinic.currency, {
    clientId: client.id,
  });
  return clientBalanceOf(ledger, client.id);
}

/**
 * Every client the caller may see, for the CSV export; the export is audited with its count.
 *
 * @example
 * const clients = await exportedClients(work);
 */
export async function exportedClients(work: UnitOfWork): Promise<ClientRecord[]> {
  const allowed = await providerClientIds(work.request, work.tx);
  const clients = (await work.tx.listClients(work.clinic.id)).filter(
    (c) => !allowed || allowed.has(c.id),
  );
  return work.audited(clients, {
    action: "clients.exported",
    entityType: "client",
    entityId: "export",
    detail: { count: clients.length },
  });
}

/** What a merge did: the kept client and how many records moved to it. */
export interface ClientMerge {
  client: ClientRecord;
  mergedId: string;
  moved: ClientMergeCounts;
}

/**
 * Merges a duplicate client into the one kept: the duplicate's visits (with their notes), cases,
 * charges, invoices and credit notes, payments and packages move to the kept client in this unit
 * of work, contact details the kept client lacks are taken over, both clients' administrative notes
 * are kept, and the duplicate is deleted. Audited on both clients.
 *
 * @example
 * const { moved } = await mergeClients(work, "cli_kept", "cli_duplicate");
 */
export async function mergeClients(
  work: UnitOfWork,
  keepId: string,
  duplicateId: string,
): Promise<ClientMerge> {
  const { tx } = work;
  if (keepId === duplicateId) {
    throw new BookwellError("VALIDATION_FAILED", "A client cannot be merged into itself", {
      errors: [{ field: "duplicateId", message: "must be another client than the one kept" }],
    });
  }
  await lockClientDuplicates(tx, work.clinic.id);
  const kept = await visibleClient(work.request, tx, keepId);
  const duplicate = await visibleClient(work.request, tx, duplicateId);
  const moved = await tx.mergeClient(work.clinic.id, duplicate.id, kept.id);
  const { clinicId: _c, version: _v, createdAt: _a, updatedAt: _u, ...input } = kept;
  const taken: string[] = [];
  for (const field of ["email", "phone", "taxId", "address", "locale"] as const) {
    const value = duplicate[field];
    if (!input[field] && value) {
      input[field] = value;
      taken.push(field);
    }
  }
  if (duplicate.notes && duplicate.notes !== kept.notes) {
    input.notes = kept.notes ? `${kept.notes}\n${duplicate.notes}` : duplicate.notes;
    taken.push("notes");
  }
  const client = await tx.putClient(work.clinic.id, input);
  const detail = { kept: kept.id, merged: duplicate.id, taken, moved: { ...moved } };
  await work.audit({ action: "client.merged", entityType: "client", entityId: kept.id, detail });
  await work.audit({
    action: "client.merged_away",
    entityType: "client",
    entityId: duplicate.id,
    detail,
  });
  return { client, mergedId: duplicate.id, moved };
}
