// Staff clients: the clinic's patients. Providers see only clients with a visit on their calendars.

import { addClient, changeClient } from "../../commands/setup.js";
import { providerClientIds, visibleClient } from "../../services/back-office/access.js";
import { setFields } from "../../services/fields.js";
import type { ClientRecord } from "../../storage/storage.js";
import {
  createClientBody,
  listClientsQuery,
  patchClientBody,
  staffClient,
} from "../schemas/staff.js";
import { staffResource } from "./resource.js";
import { DESK } from "./shared.js";

function present(c: ClientRecord) {
  const out: Record<string, unknown> = { id: c.id, name: c.name, version: c.version };
  if (c.email) out.email = c.email;
  if (c.phone) out.phone = c.phone;
  if (c.taxId) out.taxId = c.taxId;
  return out;
}

const clients = staffResource({
  path: "/v1/staff/clients",
  one: "client",
  name: "Client",
  schema: staffClient,
  present,
  changedBy: DESK,
});

/** `GET /v1/staff/clients` */
export const listClients = clients.list({
  summary: "Search clients by name or e-mail",
  query: listClientsQuery,
  load: async ({ query }, ctx) => {
    const found = await ctx.app.storage.listClients(ctx.clinic.id, {
      ...setFields(query, ["search", "email"]),
      limit: query.limit,
    });
    const allowed = await providerClientIds(ctx, ctx.app.storage);
    return found.filter((c) => !allowed || allowed.has(c.id));
  },
});

/** `POST /v1/staff/clients` */
export const createClient = clients.create({
  body: createClientBody,
  command: ({ body }, work) => addClient(work, body),
});

/** `GET /v1/staff/clients/:id` */
export const getClient = clients.get({
  load: ({ params }, ctx) => visibleClient(ctx, ctx.app.storage, params.id),
});

/** `PATCH /v1/staff/clients/:id` */
export const patchClient = clients.update({
  summary: "Change a client (only the fields sent; null clears)",
  body: patchClientBody,
  command: ({ params, body }, work) => changeClient(work, params.id, body),
});
