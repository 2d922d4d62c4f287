// Staff clients: the clinic's patients. Providers see only clients with a visit on their calendars.

import { z } from "zod";
import { addClient, changeClient } from "../../commands/setup.js";
import { BookwellError } from "../../errors.js";
import type { RequestContext } from "../../services/context.js";
import { setFields } from "../../services/fields.js";
import { principalOf } from "../../services/staff-appointments.js";
import type { ClientRecord } from "../../storage/storage.js";
import { replyAs } from "../command-reply.js";
import { idParam } from "../schemas/public.js";
import {
  createClientBody,
  listClientsQuery,
  patchClientBody,
  staffClient,
} from "../schemas/staff.js";
import { DESK, staffRoute } from "./shared.js";

const clientResponse = z.object({ client: staffClient });

function present(c: ClientRecord) {
  const out: Record<string, unknown> = { id: c.id, name: c.name, version: c.version };
  if (c.email) out.email = c.email;
  if (c.phone) out.phone = c.phone;
  if (c.taxId) out.taxId = c.taxId;
  return out;
}

/** Client ids a provider may see: those with a visit on one of their calendars. */
async function providerClientIds(ctx: RequestContext): Promise<Set<string> | null> {
  const principal = principalOf(ctx);
  if (principal.role !== "provider") return null;
  const visits = await ctx.app.storage.listAppointments(ctx.clinic.id, {
    calendarIds: [...(principal.calendarIds ?? [])],
  });
  return new Set(visits.flatMap((v) => (v.clientId ? [v.clientId] : [])));
}

async function visibleClient(ctx: RequestContext, id: string): Promise<ClientRecord> {
  const client = await ctx.app.storage.getClient(ctx.clinic.id, id);
  const allowed = await providerClientIds(ctx);
  if (!client || (allowed && !allowed.has(id))) {
    throw new BookwellError("NOT_FOUND", `No client with id ${id}`);
  }
  return client;
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
    const allowed = await providerClientIds(ctx);
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
  responses: { 201: { description: "The client", schema: clientResponse } },
  command: ({ body }, work) => addClient(work, body),
  reply: replyAs(201, "client", present),
});

/** `GET /v1/staff/clients/:id` */
export const getClient = staffRoute({
  method: "get",
  path: "/v1/staff/clients/:id",
  operationId: "staffGetClient",
  summary: "One client",
  params: idParam,
  responses: { 200: { description: "The client", schema: clientResponse } },
  load: ({ params }, ctx) => visibleClient(ctx, params.id),
  reply: replyAs(200, "client", present),
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
  responses: { 200: { description: "The client", schema: clientResponse } },
  command: ({ params, body }, work) => changeClient(work, params.id, body),
  reply: replyAs(200, "client", present),
});
