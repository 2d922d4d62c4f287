// Who may see which client and case: managers and front desk see all of their clinic; providers
// only clients with a visit on a calendar granted to them (and those clients' cases, documents,
// payments and packages). Anything else answers 404, not 403, so it does not reveal that it exists.

import type { CommandContext } from "../../commands/unit-of-work.js";
import { BookwellError, type ProblemFieldError } from "../../errors.js";
import type { CaseRecord } from "../../storage/back-office.js";
import type {
  AppointmentRecord,
  ClientRecord,
  StorageOperations,
  StorageTransaction,
} from "../../storage/storage.js";
import { principalOf, visibleAppointment } from "../staff-appointments.js";

/**
 * The client ids a provider may see (clients with a visit on a granted calendar), or `null` for
 * roles that see every client (and for public routes, whose access a manage token or a verified
 * webhook already established).
 *
 * @example
 * const ids = await providerClientIds(ctx, storage); // null for managers
 */
export async function providerClientIds(
  ctx: CommandContext,
  ops: StorageOperations,
): Promise<Set<string> | null> {
  if (ctx.principal === null) return null;
  const principal = principalOf(ctx);
  if (principal.role !== "provider") return null;
  const calendarIds = [...(principal.calendarIds ?? [])];
  if (calendarIds.length === 0) return new Set();
  const visits = await ops.listAppointments(ctx.clinic.id, { calendarIds });
  return new Set(visits.flatMap((v) => (v.clientId ? [v.clientId] : [])));
}

/**
 * A client the caller may see, else 404.
 *
 * @example
 * const client = await visibleClient(ctx, tx, "cli_1");
 */
export async function visibleClient(
  ctx: CommandContext,
  ops: StorageOperations,
  id: string,
): Promise<ClientRecord> {
  const client = await ops.getClient(ctx.clinic.id, id);
  const allowed = client ? await providerClientIds(ctx, ops) : null;
  if (!client || (allowed && !allowed.has(client.id))) {
    throw new BookwellError("NOT_FOUND", `No client with id ${id}`);
  }
  return client;
}

/**
 * A case the caller may see (its client is visible), else 404.
 *
 * @example
 * const kase = await visibleCase(ctx, tx, "case_1");
 */
export async function visibleCase(
  ctx: CommandContext,
  ops: StorageOperations,
  id: string,
): Promise<CaseRecord> {
  return visibleOwned(ctx, ops, "case", id, await ops.getCase(ctx.clinic.id, id));
}

/**
 * A record of a client — a case, charge, document, payment, package — that the caller may see:
 * `found` (what the look-up of `id` gave) when its client (`owner`, default its `clientId`) is
 * visible, else 404 `No <what> with id <id>`, as for a record that does not exist.
 *
 * @example
 * const charge = await visibleOwned(ctx, tx, "charge", "ch_1", await tx.getCharge(clinicId, "ch_1"));
 */
export async function visibleOwned<R extends object>(
  ctx: CommandContext,
  ops: StorageOperations,
  what: string,
  id: string,
  found: R | undefined,
  owner: (record: R) => string = (record) => (record as { clientId: string }).clientId,
): Promise<R> {
  if (!found) throw new BookwellError("NOT_FOUND", `No ${what} with id ${id}`);
  await assertClientVisible(ctx, ops, owner(found), what, id);
  return found;
}

/**
 * A visit the caller may see, locked for a change of its money, that has a client (a visit
 * without one has no case, charges or package): else 404, or 400 naming the field and why.
 *
 * @example
 * const visit = await billableVisit(work.request, tx, "apt_1", { field: "caseId", message: "a visit without a client has no case" });
 */
export async function billableVisit(
  ctx: CommandContext,
  tx: StorageTransaction,
  appointmentId: string,
  problem: ProblemFieldError,
): Promise<AppointmentRecord & { clientId: string }> {
  const visit = await visibleAppointment(ctx, tx, appointmentId, true);
  if (!visit.clientId) {
    throw new BookwellError("VALIDATION_FAILED", "The visit has no client", { errors: [problem] });
  }
  return { ...visit, clientId: visit.clientId };
}

/**
 * Throws 404 unless the caller may see the client `clientId` (used for documents, payments,
 * packages that belong to a client).
 *
 * @example
 * await assertClientVisible(ctx, tx, invoice.clientId, "invoice", invoice.id);
 */
export async function assertClientVisible(
  ctx: CommandContext,
  ops: StorageOperations,
  clientId: string,
  what: string,
  id: string,
): Promise<void> {
  const allowed = await providerClientIds(ctx, ops);
  if (allowed && !allowed.has(clientId)) {
    throw new BookwellError("NOT_FOUND", `No ${what} with id ${id}`);
  }
}
