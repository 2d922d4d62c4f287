// Client intake with duplicate detection (same e-mail, phone or tax ID → warn with the existing
// ids; "create anyway" is explicit), administrative notes, and the client card: cases, balance,
// packages. Clinical notes are never here: they live on visits (audited, staff only).

import { randomId } from "../../auth/api-keys.js";
import { BookwellError } from "../../errors.js";
import type { ClientRecord, StorageOperations, StorageTransaction } from "../../storage/storage.js";
import type { RequestContext } from "../context.js";
import { providerClientIds } from "./access.js";
import { audit } from "./audit.js";

/** A client that looks like the one being entered, and on what it matched. */
export interface DuplicateMatch {
  id: string;
  name: string;
  matchedOn: ("email" | "phone" | "taxId")[];
}

/**
 * Existing clients with the same e-mail (case-insensitive), phone (digits) or tax ID, by id.
 *
 * @example
 * await findDuplicates(tx, clinicId, { email: "ana@example.com", phone: "+351 912 345 678" });
 */
export async function findDuplicates(
  ops: StorageOperations,
  clinicId: string,
  contact: { email?: string | undefined; phone?: string | undefined; taxId?: string | undefined },
  excludeId?: string,
): Promise<DuplicateMatch[]> {
  const found = new Map<string, DuplicateMatch>();
  const add = (clients: ClientRecord[], on: DuplicateMatch["matchedOn"][number]) => {
    for (const c of clients) {
      if (c.id === excludeId) continue;
      const entry = found.get(c.id) ?? { id: c.id, name: c.name, matchedOn: [] };
      entry.matchedOn.push(on);
      found.set(c.id, entry);
    }
  };
  if (contact.email) add(await ops.listClients(clinicId, { email: contact.email }), "email");
  if (contact.phone) add(await ops.listClients(clinicId, { phone: contact.phone }), "phone");
  if (contact.taxId) add(await ops.listClients(clinicId, { taxId: contact.taxId }), "taxId");
  return [...found.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

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
 * Makes concurrent duplicate checks of one clinic's clients take turns until the transaction
 * ends: intake and CSV imports check "does this e-mail, phone or tax ID exist?" and then insert, so
 * two at once (a double click, the same file uploaded twice) would both find nothing. The lock is
 * the row of a per-clinic counter (`claimDocumentNumber`, locked until commit; its value only
 * counts the checks).
 *
 * @example
 * await lockClientDuplicates(tx, ctx.clinic.id);
 */
export async function lockClientDuplicates(
  tx: StorageTransaction,
  clinicId: string,
  what: "clients" | "services" = "clients",
): Promise<void> {
  await tx.claimDocumentNumber(clinicId, `lock:${what}-duplicates`);
}

/**
 * Creates a client unless it looks like an existing one: then 409 `DUPLICATE_CLIENT` lists the
 * matches (ids and what matched); with `createAnyway` it is created and the matches are returned.
 *
 * @example
 * await intakeClient(tx, ctx, { name: "Ana Lima", email: "ana@example.com", createAnyway: false });
 */
export async function intakeClient(
  tx: StorageTransaction,
  ctx: RequestContext,
  request: IntakeRequest,
): Promise<{ client: ClientRecord; duplicates: DuplicateMatch[] }> {
  const id = request.id ?? randomId("cli");
  if (await tx.getClient(ctx.clinic.id, id)) {
    throw new BookwellError("CONFLICT", `A client with id ${id} exists`, {
      errors: [{ field: "id", message: "is already used" }],
    });
  }
  await lockClientDuplicates(tx, ctx.clinic.id);
  const duplicates = await findDuplicates(tx, ctx.clinic.id, request);
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
  const client = await tx.putClient(ctx.clinic.id, {
    id,
    name: request.name,
    ...(request.email ? { email: request.email } : {}),
    ...(request.phone ? { phone: request.phone } : {}),
    ...(request.taxId ? { taxId: request.taxId } : {}),
    ...(request.notes ? { notes: request.notes } : {}),
    ...(request.address ? { address: request.address } : {}),
  });
  await audit(tx, ctx, "client.created", "client", id, {
    ...(duplicates.length > 0 ? { createdDespite: duplicates.map((d) => d.id) } : {}),
  });
  return { client, duplicates };
}

/**
 * A client as the back office shows it: contact details, administrative notes, address.
 *
 * @example
 * presentClient(record); // { id, name, email?, phone?, taxId?, notes?, address?, version }
 */
export function presentClient(c: ClientRecord) {
  return {
    id: c.id,
    name: c.name,
    ...(c.email ? { email: c.email } : {}),
    ...(c.phone ? { phone: c.phone } : {}),
    ...(c.taxId ? { taxId: c.taxId } : {}),
    ...(c.notes ? { notes: c.notes } : {}),
    ...(c.address ? { address: c.address } : {}),
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/**
 * Sets a client's administrative notes and/or address (kept with the client's other details;
 * never clinical notes) and warns about other clients with the same contact details.
 *
 * @example
 * await updateClientDetails(tx, ctx, "cli_1", { notes: "Prefers mornings" });
 */
export async function updateClientDetails(
  tx: StorageTransaction,
  ctx: RequestContext,
  client: ClientRecord,
  patch: { notes?: string | null | undefined; address?: string | null | undefined },
): Promise<ClientRecord> {
  const { clinicId: _c, version: _v, createdAt: _a, updatedAt: _u, ...input } = client;
  for (const field of ["notes", "address"] as const) {
    const value = patch[field];
    if (value === null) delete input[field];
    else if (value !== undefined) input[field] = value;
  }
  const saved = await tx.putClient(ctx.clinic.id, input);
  await audit(tx, ctx, "client.updated", "client", client.id, { fields: Object.keys(patch) });
  return saved;
}

/**
 * Clients whose name, e-mail, phone, tax ID or notes contain `q`, as the caller may see them.
 *
 * @example
 * await searchClients(ctx, storage, "912 345", 20);
 */
export async function searchClients(
  ctx: RequestContext,
  ops: StorageOperations,
  q: string,
  limit: number,
): Promise<ClientRecord[]> {
  const allowed = await providerClientIds(ctx, ops);
  const found = await ops.listClients(ctx.clinic.id, { search: q, ...(allowed ? {} : { limit }) });
  return (allowed ? found.filter((c) => allowed.has(c.id)) : found).slice(0, limit);
}
