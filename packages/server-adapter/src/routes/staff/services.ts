// Staff services: what the clinic offers, with durations, prices, buffers, rules and policies.

import { serviceSchema } from "@bookwell/engine";
import { z } from "zod";
import { randomId } from "../../auth/api-keys.js";
import { BookwellError } from "../../errors.js";
import { requireService } from "../../services/bookings.js";
import type { RequestContext } from "../../services/context.js";
import type { JsonObject, ServiceRecord } from "../../storage/storage.js";
import { defineRoute } from "../define.js";
import { idParam } from "../schemas/public.js";
import { createServiceBody, patchServiceBody, staffService } from "../schemas/staff.js";
import { ANY_ROLE, DESK, namedFields, STAFF_TAGS, withoutMeta } from "./shared.js";

const serviceResponse = z.object({ service: staffService });

function present(s: ServiceRecord) {
  const { clinicId: _c, ...rest } = s;
  return rest;
}

/** Where a service holds money: its price and the fixed fees of its policies. */
function moneyOf(input: Record<string, unknown>): { field: string; currency: unknown }[] {
  const at = (value: unknown, ...path: string[]): unknown =>
    path.reduce<unknown>(
      (v, key) =>
        v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined,
      value,
    );
  const found: { field: string; currency: unknown }[] = [];
  const add = (field: string, money: unknown) => {
    const currency = at(money, "currency");
    if (currency !== undefined) found.push({ field: `${field}.currency`, currency });
  };
  if ("price" in input) add("price", input.price);
  add(
    "policies.cancellationPolicy.lateFee.amount",
    at(input, "policies", "cancellationPolicy", "lateFee", "amount"),
  );
  add("policies.noShowFee.amount", at(input, "policies", "noShowFee", "amount"));
  return found;
}

/**
 * Refuses money in another currency than the clinic's: charges, invoices and payments are kept in
 * the clinic's currency, so a service priced in another one could never be billed.
 */
function requireClinicCurrency(ctx: RequestContext, sent: Record<string, unknown>): void {
  const wrong = moneyOf(sent).filter((m) => m.currency !== ctx.clinic.currency);
  if (wrong.length > 0) {
    throw new BookwellError("VALIDATION_FAILED", `Prices and fees are in ${ctx.clinic.currency}`, {
      errors: wrong.map((m) => ({ field: m.field, message: `must be ${ctx.clinic.currency}` })),
    });
  }
}

async function save(
  ctx: RequestContext,
  input: Record<string, unknown>,
  action: string,
  status: number,
) {
  const { description, policies, ...fields } = input;
  const parsed = serviceSchema.parse(fields);
  const saved = await ctx.app.storage.transaction(async (tx) => {
    const record = await tx.putService(ctx.clinic.id, {
      ...parsed,
      description: typeof description === "string" ? description : "",
      policies: (policies ?? {}) as JsonObject,
    });
    await tx.appendAudit(ctx.clinic.id, {
      at: ctx.now,
      actor: ctx.actor,
      action,
      entityType: "service",
      entityId: record.id,
      detail: { version: record.version },
    });
    return record;
  });
  ctx.app.cache.invalidate(ctx.clinic.id);
  return { status, body: { service: present(saved) } };
}

/** `GET /v1/staff/services` */
export const listServices = defineRoute({
  method: "get",
  path: "/v1/staff/services",
  operationId: "staffListServices",
  summary: "Every service, online-bookable or not",
  tags: STAFF_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  responses: {
    200: { description: "Services", schema: z.object({ services: z.array(staffService) }) },
  },
  handler: async (_input, ctx) => ({
    status: 200,
    body: { services: (await ctx.app.storage.listServices(ctx.clinic.id)).map(present) },
  }),
});

/** `POST /v1/staff/services` */
export const createService = defineRoute({
  method: "post",
  path: "/v1/staff/services",
  operationId: "staffCreateService",
  summary: "Create a service",
  tags: STAFF_TAGS,
  access: "staff",
  roles: DESK,
  body: createServiceBody,
  idempotent: true,
  responses: { 201: { description: "The service", schema: serviceResponse } },
  handler: async ({ body }, ctx) => {
    const id = body.id ?? randomId("svc");
    if (await ctx.app.storage.getService(ctx.clinic.id, id)) {
      throw new BookwellError("CONFLICT", `A service with id ${id} exists`, {
        errors: [{ field: "id", message: "is already used" }],
      });
    }
    requireClinicCurrency(ctx, body);
    return save(ctx, { ...body, id }, "service.created", 201);
  },
});

/** `GET /v1/staff/services/:id` */
export const getService = defineRoute({
  method: "get",
  path: "/v1/staff/services/:id",
  operationId: "staffGetService",
  summary: "One service",
  tags: STAFF_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: idParam,
  responses: { 200: { description: "The service", schema: serviceResponse } },
  handler: async ({ params }, ctx) => ({
    status: 200,
    body: {
      service: present(await requireService(ctx.app.storage, ctx.clinic.id, params.id, "id")),
    },
  }),
});

/** `PATCH /v1/staff/services/:id` */
export const patchService = defineRoute({
  method: "patch",
  path: "/v1/staff/services/:id",
  operationId: "staffPatchService",
  summary: "Change a service (only the fields sent)",
  tags: STAFF_TAGS,
  access: "staff",
  roles: DESK,
  params: idParam,
  body: patchServiceBody,
  responses: { 200: { description: "The service", schema: serviceResponse } },
  handler: async ({ params, body, raw }, ctx) => {
    const current = await requireService(ctx.app.storage, ctx.clinic.id, params.id, "id");
    // Only the money sent is checked, so a service priced before a currency change stays editable.
    requireClinicCurrency(ctx, namedFields(body, raw));
    return save(
      ctx,
      { ...withoutMeta(current), ...namedFields(body, raw) },
      "service.updated",
      200,
    );
  },
});
