// Package routes: sell, list (with expiry nudges due), read with balance and attendance log,
// assign to a visit, refund unused sessions, record a nudge.

import { z } from "zod";
import {
  assignPackage,
  findPackages,
  nudgePackage,
  readPackage,
  refundUnusedSessions,
  sellPackage,
} from "../../../commands/back-office/packages.js";
import { presentPackage } from "../../../services/back-office/packages.js";
import { setFields } from "../../../services/fields.js";
import type { PackageRecord } from "../../../storage/back-office.js";
import { jsonAnswer, replyAs } from "../../command-reply.js";
import { created, ok } from "../../responses.js";
import { idParam } from "../../schemas/public.js";
import { DESK } from "../shared.js";
import {
  assignPackageBody,
  listPackagesQuery,
  packageOut,
  refundPackageBody,
  sellPackageBody,
} from "./schemas.js";
import { appointmentOffice, backOfficeRoute } from "./shared.js";

const packageResponse = z.object({ package: packageOut });

/** The answer naming one package, with its balance now. */
const packageReply = (status: number) =>
  replyAs(status, "package", (pkg: PackageRecord, ctx) => presentPackage(pkg, ctx.now));

/** `POST /v1/staff/clients/:id/packages` */
export const sell = backOfficeRoute({
  method: "post",
  path: "/v1/staff/clients/:id/packages",
  operationId: "backOfficeSellPackage",
  summary: "Sell a package of sessions (adds the sale charge; optionally records the payment)",
  roles: DESK,
  params: idParam,
  body: sellPackageBody,
  idempotent: true,
  responses: created("The package", packageResponse),
  command: ({ params, body }, work) => sellPackage(work, params.id, body),
  reply: packageReply(201),
});

/** `GET /v1/staff/packages` */
export const listPackages = backOfficeRoute({
  method: "get",
  path: "/v1/staff/packages",
  operationId: "backOfficeListPackages",
  summary: "Packages, with their balance; `nudgeDue=true` lists those to remind before expiry",
  query: listPackagesQuery,
  ...jsonAnswer(200, "Packages", { packages: z.array(packageOut) }, (list: PackageRecord[], ctx) =>
    list.map((p) => presentPackage(p, ctx.now)),
  ),
  command: ({ query }, work) =>
    findPackages(work, setFields(query, ["clientId", "status"]), query.nudgeDue === "true"),
  runs: "read",
});

/** `GET /v1/staff/packages/:id` */
export const getPackage = backOfficeRoute({
  method: "get",
  path: "/v1/staff/packages/:id",
  operationId: "backOfficeGetPackage",
  summary: "A package: sold, used, remaining, expiry, nudge, and who attended when",
  params: idParam,
  responses: ok("The package", packageResponse),
  command: ({ params }, work) => readPackage(work, params.id),
  reply: packageReply(200),
  runs: "read",
});

/** `PUT /v1/staff/appointments/:id/package` */
export const assign = appointmentOffice.put("/package", {
  operationId: "backOfficeAssignPackage",
  summary: "Let a package pay for a visit (null removes it)",
  description:
    "The engine checks the package may pay (client, service, expiry, sessions left: 409 with `reason` otherwise). The session is taken when the visit is completed (or a no-show under a `deduct` rule) and given back on rollback.",
  body: assignPackageBody,
  responses: ok(
    "The visit's package",
    z.object({ appointmentId: z.string(), packageId: z.string().nullable() }).passthrough(),
    {
      409: "CONFLICT with the package's `reason` (PACKAGE_EXHAUSTED…)",
    },
  ),
  command: ({ params, body }, work) => assignPackage(work, params.id, body.packageId),
  reply: (assigned) => ({
    status: 200,
    body: {
      appointmentId: assigned.appointmentId,
      packageId: assigned.packageId,
      ...(assigned.sync.package ? { change: assigned.sync.package.change } : {}),
    },
  }),
});

/** `POST /v1/staff/packages/:id/refund` */
export const refund = backOfficeRoute({
  method: "post",
  path: "/v1/staff/packages/:id/refund",
  operationId: "backOfficeRefundPackage",
  summary: "Refund a package's unused sessions and close it",
  description:
    "Pays back unused × per-session price (never more than was paid), records the refund and corrects the sale (credit note when invoiced, else a negative line) so the balance stays exact.",
  roles: DESK,
  params: idParam,
  body: refundPackageBody,
  idempotent: true,
  responses: ok(
    "The refund and the closed package",
    z.object({ package: packageOut }).passthrough(),
  ),
  command: ({ params, body }, work) => refundUnusedSessions(work, params.id, body),
  reply: ({ package: closed, ...refund }, ctx) => ({
    status: 200,
    body: { ...refund, package: presentPackage(closed, ctx.now) },
  }),
});

/** `POST /v1/staff/packages/:id/nudge` */
export const nudge = backOfficeRoute({
  method: "post",
  path: "/v1/staff/packages/:id/nudge",
  operationId: "backOfficeNudgePackage",
  summary: "Record that the client was reminded to use the package before it expires",
  roles: DESK,
  params: idParam,
  idempotent: true,
  responses: ok("The package", packageResponse),
  command: ({ params }, work) => nudgePackage(work, params.id),
  reply: packageReply(200),
});
