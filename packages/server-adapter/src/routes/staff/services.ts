// Staff services: what the clinic offers, with durations, prices, buffers, rules and policies.

import { removeService } from "../../commands/remove.js";
import { addService, changeService } from "../../commands/setup.js";
import { requireService } from "../../services/bookings.js";
import type { ServiceRecord } from "../../storage/storage.js";
import {
  createServiceBody,
  listServicesQuery,
  patchServiceBody,
  staffService,
} from "../schemas/staff.js";
import { staffResource, withoutClinic } from "./resource.js";
import { DESK, MANAGER, namedFields } from "./shared.js";

const services = staffResource({
  path: "/v1/staff/services",
  one: "service",
  name: "Service",
  schema: staffService,
  present: (service: ServiceRecord) => withoutClinic(service),
  runs: "catalog",
  changedBy: DESK,
});

/** `GET /v1/staff/services` */
export const listServices = services.list({
  summary: "Every service, online-bookable or not (`active=true`: only those not removed)",
  query: listServicesQuery,
  load: async ({ query }, ctx) => {
    const all = await ctx.app.storage.listServices(ctx.clinic.id);
    return query.active === undefined
      ? all
      : all.filter((s) => s.active === (query.active === "true"));
  },
});

/** `POST /v1/staff/services` */
export const createService = services.create({
  body: createServiceBody,
  command: ({ body }, work) => addService(work, body),
});

/** `GET /v1/staff/services/:id` */
export const getService = services.get({
  load: ({ params }, ctx) => requireService(ctx.app.storage, ctx.clinic.id, params.id, "id"),
});

/** `PATCH /v1/staff/services/:id` */
export const patchService = services.update({
  summary: "Change a service (only the fields sent)",
  body: patchServiceBody,
  command: ({ params, body, raw }, work) => changeService(work, params.id, namedFields(body, raw)),
});

/** `DELETE /v1/staff/services/:id` */
export const deleteService = services.remove({
  summary:
    "Remove a service: archived (inactive), refused while visits of it are booked from now on",
  description:
    "A service with booked visits from now on is `409` (`reason: FUTURE_VISITS`, `visits`: how many): move or cancel them first. Otherwise it is archived (`active: false`), not deleted: it has no free times and cannot be booked online or by staff, the public catalog leaves it out, and past visits keep naming it; a `PATCH` with `active: true` brings it back.",
  roles: MANAGER,
  command: ({ params }, work) => removeService(work, params.id),
});
