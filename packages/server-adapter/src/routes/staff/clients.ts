// Staff clients: the clinic's patients. Providers see only clients with a visit on their calendars.

import { z } from "zod";
import { randomId } from "../../auth/api-keys.js";
import { BookwellError } from "../../errors.js";
import type { RequestContext } from "../../services/context.js";
import { principalOf } from "../../services/staff-appointments.js";
import type { ClientRecord } from "../../storage/storage.js";
import { defineRoute } from "../define.js";
import { idParam } from "../schemas/public.js";
import {
  createClientBody,
  listClientsQuery,
  patchClientBody,
  staffClient,
} from "../schemas/staff.js";
import { ANY_ROLE, DESK, STAFF_TAGS } from "./shared.js";

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
export const listClients = defineRoute({
  method: "get",
  path: "/v1/staff/clients",
  operationId: "staffListClients",
  summary: "Search clients by name or e-mail",
  tags: STAFF_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  query: listClientsQuery,
  responses: {
    200: { description: "Clients", schema: z.object({ clients: z.array(staffClient) }) },
  },
  handler: async ({ query }, ctx) => {
    const clients = await ctx.app.storage.listClients(ctx.clinic.id, {
      ...(query.search ? { search: query.search } : {}),
      ...(query.email ? { email: query.email } : {}),
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
export const createClient = defineRoute({
  method: "post",
  path: "/v1/staff/clients",
  operationId: "staffCreateClient",
  summary: "Create a client",
  tags: STAFF_TAGS,
  access: "staff",
  roles: DESK,
  body: createClientBody,
  idempotent: true,
  responses: { 201: { description: "The client", schema: clientResponse } },
  handler: async ({ body }, ctx) => {
    const id = body.id ?? randomId("cli");
    if (await ctx.app.storage.getClient(ctx.clinic.id, id)) {
      throw new BookwellError("CONFLICT", `A client with id ${id} exists`, {
        errors: [{ field: "id", message: "is already used" }],
      });
    }
    const saved = await ctx.app.storage.transaction(async (tx) => {
      const record = await tx.putClient(ctx.clinic.id, {
        id,
        name: body.name,
        ...(body.email ? { email: body.email } : {}),
        ...(body.phone ? { phone: body.phone } : {}),
        ...(body.taxId ? { taxId: body.taxId } : {}),
      });
      await tx.appendAudit(ctx.clinic.id, {
        at: ctx.now,
        actor: ctx.actor,
        action: "client.created",
        entityType: "client",
        entityId: id,
      });
      return record;
    });
    return { status: 201, body: { client: present(saved) } };
  },
});

/** `GET /v1/staff/clients/:id` */
export const getClient = defineRoute({
  method: "get",
  path: "/v1/staff/clients/:id",
  operationId: "staffGetClient",
  summary: "One client",
  tags: STAFF_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: idParam,
  responses: { 200: { description: "The client", schema: clientResponse } },
  handler: async ({ params }, ctx) => ({
    status: 200,
    body: { client: present(await visibleClient(ctx, params.id)) },
  }),
});

/** `PATCH /v1/staff/clients/:id` */
export const patchClient = defineRoute({
  method: "patch",
  path: "/v1/staff/clients/:id",
  operationId: "staffPatchClient",
  summary: "Change a client (only the fields sent; null clears)",
  tags: STAFF_TAGS,
  access: "staff",
  roles: DESK,
  params: idParam,
  body: patchClientBody,
  responses: { 200: { description: "The client", schema: clientResponse } },
  handler: async ({ params, body }, ctx) => {
    const saved = await ctx.app.storage.transaction(async (tx) => {
      const current = await tx.getClient(ctx.clinic.id, params.id);
      if (!current) throw new BookwellError("NOT_FOUND", `No client with id ${params.id}`);
      // Everything the PATCH does not name stays as it is (address, notes, language…).
      const { clinicId: _c, version: _v, createdAt: _a, updatedAt: _u, ...kept } = current;
      const next: Record<string, unknown> = { ...kept, name: body.name ?? current.name };
      for (const field of ["email", "phone", "taxId"] as const) {
        const value = body[field] === undefined ? current[field] : body[field];
        if (value) next[field] = value;
        else delete next[field];
      }
      const record = await tx.putClient(ctx.clinic.id, next as never);
      await tx.appendAudit(ctx.clinic.id, {
        at: ctx.now,
        actor: ctx.actor,
        action: "client.updated",
        entityType: "client",
        entityId: params.id,
        detail: { fields: Object.keys(body) },
      });
      return record;
    });
    return { status: 200, body: { client: present(saved) } };
  },
});
