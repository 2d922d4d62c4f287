// Staff services: what the clinic offers, with durations, prices, buffers, rules and policies.

import { z } from "zod";
import { addService, changeService } from "../../commands/setup.js";
import { requireService } from "../../services/bookings.js";
import type { ServiceRecord } from "../../storage/storage.js";
import { catalogReply } from "../command-reply.js";
import { defineRoute } from "../define.js";
import { idParam } from "../schemas/public.js";
import { createServiceBody, patchServiceBody, staffService } from "../schemas/staff.js";
import { ANY_ROLE, DESK, namedFields, STAFF_TAGS } from "./shared.js";

const serviceResponse = z.object({ service: staffService });

function present(s: ServiceRecord) {
  const { clinicId: _c, ...rest } = s;
  return rest;
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
  handler: async ({ body }, ctx) =>
    catalogReply(
      ctx,
      (work) => addService(work, body),
      (service) => ({ status: 201, body: { service: present(service) } }),
    ),
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
    const changes = namedFields(body, raw);
    return catalogReply(
      ctx,
      (work) => changeService(work, params.id, changes),
      (service) => ({ status: 200, body: { service: present(service) } }),
    );
  },
});
