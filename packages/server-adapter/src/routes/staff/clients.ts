// Staff clients: the clinic's patients. Providers see only clients with a visit on their calendars.

import { z } from "zod";
import { addClient, changeClient } from "../../commands/setup.js";
import { providerClientIds, visibleClient } from "../../services/back-office/access.js";
import { setFields } from "../../services/fields.js";
import type { ClientRecord } from "../../storage/storage.js";
import { jsonAnswer } from "../command-reply.js";
import { idParam } from "../schemas/public.js";
import {
  createClientBody,
  listClientsQuery,
  patchClientBody,
  staffClient,
} from "../schemas/staff.js";
import { DESK, staffRoute } from "./shared.js";

function present(c: ClientRecord) {
  const out: Record<string, unknown> = { id: c.id, name: c.name, version: c.version };
  if (c.email) out.email = c.email;
  if (c.phone) out.phone = c.phone;
  if (c.taxId) out.taxId = c.taxId;
  return out;
}

/** `GET /v1/staff/clients` */
export const listClients = staffRoute({
  method: "get",
  path: "/v1/staff/clients",
  operationId: "staffListClients",
  summary: "Search clients by name or e-mail",
  query: listClientsQuery,
  responses: {
    200: { description: "Clients", schema: z.object({ clients: z.array(staffClient) }) },
  },
  handler: async ({ query }, ctx) => {
    const clients = await ctx.app.storage.listClients(ctx.clinic.id, {
      ...setFields(query, ["search", "email"]),
      limit: query.limit,
    });
    const allowed = await providerClientIds(ctx, ctx.app.storage);
    return {
      status: 200,
      body: { clients: clients.filter((c) => !allowed || allowed.has(c.id)).map(present) },
    };
  },
});

/** `POST /v1/staff/clients` */
export const createClient = staffRoute({
  method: "post",
  path: "/v1/staff/clients",
  operationId: "staffCreateClient",
  summary: "Create a client",
  roles: DESK,
  body: createClientBody,
  idempotent: true,
  ...jsonAnswer(201, "The client", { client: staffClient }, present),
  command: ({ body }, work) => addClient(work, body),
});

/** `GET /v1/staff/clients/:id` */
export const getClient = staffRoute({
  method: "get",
  path: "/v1/staff/clients/:id",
  operationId: "staffGetClient",
  summary: "One client",
  params: idParam,
  ...jsonAnswer(200, "The client", { client: staffClient }, present),
  load: ({ params }, ctx) => visibleClient(ctx, ctx.app.storage, params.id),
});

/** `PATCH /v1/staff/clients/:id` */
export const patchClient = staffRoute({
  method: "patch",
  path: "/v1/staff/clients/:id",
  operationId: "staffPatchClient",
  summary: "Change a client (only the fields sent; null clears)",
  roles: DESK,
  params: idParam,
  body: patchClientBody,
  ...jsonAnswer(200, "The client", { client: staffClient }, present),
  command: ({ params, body }, work) => changeClient(work, params.id, body),
});
