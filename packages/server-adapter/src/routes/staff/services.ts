// Staff services: what the clinic offers, with durations, prices, buffers, rules and policies.

import { z } from "zod";
import { addService, changeService } from "../../commands/setup.js";
import { requireService } from "../../services/bookings.js";
import type { ServiceRecord } from "../../storage/storage.js";
import { each, jsonAnswer } from "../command-reply.js";
import { idParam } from "../schemas/public.js";
import { createServiceBody, patchServiceBody, staffService } from "../schemas/staff.js";
import { DESK, namedFields, staffRoute } from "./shared.js";

function present(s: ServiceRecord) {
  const { clinicId: _c, ...rest } = s;
  return rest;
}

/** `GET /v1/staff/services` */
export const listServices = staffRoute({
  method: "get",
  path: "/v1/staff/services",
  operationId: "staffListServices",
  summary: "Every service, online-bookable or not",
  ...jsonAnswer(200, "Services", { services: z.array(staffService) }, each(present)),
  load: (_input, ctx) => ctx.app.storage.listServices(ctx.clinic.id),
});

/** `POST /v1/staff/services` */
export const createService = staffRoute({
  method: "post",
  path: "/v1/staff/services",
  operationId: "staffCreateService",
  summary: "Create a service",
  roles: DESK,
  body: createServiceBody,
  idempotent: true,
  ...jsonAnswer(201, "The service", { service: staffService }, present),
  command: ({ body }, work) => addService(work, body),
  runs: "catalog",
});

/** `GET /v1/staff/services/:id` */
export const getService = staffRoute({
  method: "get",
  path: "/v1/staff/services/:id",
  operationId: "staffGetService",
  summary: "One service",
  params: idParam,
  ...jsonAnswer(200, "The service", { service: staffService }, present),
  load: ({ params }, ctx) => requireService(ctx.app.storage, ctx.clinic.id, params.id, "id"),
});

/** `PATCH /v1/staff/services/:id` */
export const patchService = staffRoute({
  method: "patch",
  path: "/v1/staff/services/:id",
  operationId: "staffPatchService",
  summary: "Change a service (only the fields sent)",
  roles: DESK,
  params: idParam,
  body: patchServiceBody,
  ...jsonAnswer(200, "The service", { service: staffService }, present),
  command: ({ params, body, raw }, work) => changeService(work, params.id, namedFields(body, raw)),
  runs: "catalog",
});
