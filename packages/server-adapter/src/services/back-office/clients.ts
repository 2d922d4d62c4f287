// Clients as the back office finds and shows them: duplicates by e-mail, phone or tax ID, the lock
// that makes duplicate checks take turns, search as the caller may see it, the API's view. Intake
// and administrative details are commands (src/commands/back-office/clients.ts). Clinical notes are
// never here: they live on visits (audited, staff only).

import type { CommandContext } from "../../commands/unit-of-work.js";
import type { ClientRecord, StorageOperations, StorageTransaction } from "../../storage/storage.js";
import { setFields } from "../fields.js";
import { providerClientIds } from "./access.js";

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
 * A client as the back office shows it: contact details, administrative notes, address.
 *
 * @example
 * presentClient(record); // { id, name, email?, phone?, taxId?, notes?, address?, version }
 */
export function presentClient(c: ClientRecord) {
  return {
    id: c.id,
    name: c.name,
    ...setFields(c, ["email", "phone", "taxId", "notes", "address"]),
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/**
 * A page of the clients whose name, e-mail, phone, tax ID or notes contain `q`, as the caller may
 * see them: at most `limit` after skipping `offset`, with the offset of the next page (`null` on
 * the last page).
 *
 * @example
 * const { clients, nextOffset } = await searchClients(ctx, storage, "912 345", 20);
 */
export async function searchClients(
  ctx: CommandContext,
  ops: StorageOperations,
  q: string,
  limit: number,
  offset = 0,
): Promise<{ clients: ClientRecord[]; nextOffset: number | null }> {
  const allowed = await providerClientIds(ctx, ops);
  // One more than asked tells whether there is a next page.
  const found = allowed
    ? (await ops.listClients(ctx.clinic.id, { search: q }))
        .filter((c) => allowed.has(c.id))
        .slice(offset, offset + limit + 1)
    : await ops.listClients(ctx.clinic.id, { search: q, limit: limit + 1, offset });
  const more = found.length > limit;
  return { clients: found.slice(0, limit), nextOffset: more ? offset + limit : null };
}
