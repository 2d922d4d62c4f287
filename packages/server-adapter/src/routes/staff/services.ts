// Staff services: what the clinic offers, with durations, prices, buffers, rules and policies.

import { z } from "zod";
import { removeService } from "../../commands/remove.js";
import { addService, changeService } from "../../commands/setup.js";
import { requireService } from "../../services/bookings.js";
import type { ServiceRecord } from "../../storage/storage.js";
import { each, jsonAnswer } from "../command-reply.js";
import { idParam } from "../schemas/public.js";
import {
  createServiceBody,
  listServicesQuery,
  patchServiceBody,
  staffService,
} from "../schemas/staff.js";
import { DESK, MANAGER, namedFields, staffRoute } from "./shared.js";

function present(s: ServiceRecord) {
  const { clinicId: _c, ...rest } = s;
  return rest;
}

/** `GET /v1/staff/services` */
export const listServices = staffRoute({
  method: "get",
  path: "/v1/staff/services",
  operationId: "staffListServices",
  summary: "Every service, online-bookable or not (`active=true`: only those not removed)",
  query: listServicesQuery,
  ...jsonAnswer(200, "Services", { services: z.array(staffService) }, each(present)),
  load: async ({ query }, ctx) => {
    const all = await ctx.app.storage.listServices(ctx.clinic.id);
    return query.active === undefined
      ? all
      : all.filter((s) => s.active === (query.active === "true"));
  },
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

/** `DELETE /v1/staff/services/:id` */
export const deleteService = staffRoute({
  method: "delete",
  path: "/v1/staff/services/:id",
  operationId: "staffRemoveService",
  summary:
    "Remove a service: archived (inactive), refused while visits of it are booked from now on",
  description:
    "A service with booked visits from now on is `409` (`reason: FUTURE_VISITS`, `visits`: how many): move or cancel them first. Otherwise it is archived (`active: false`), not deleted: it has no free times and cannot be booked online or by staff, the public catalog leaves it out, and past visits keep naming it; a `PATCH` with `active: true` brings it back.",
  roles: MANAGER,
  params: idParam,
  ...jsonAnswer(200, "The service", { service: staffService }, present),
  command: ({ params }, work) => removeService(work, params.id),
  runs: "catalog",
});
