// Package routes: sell, list (with expiry nudges due), read with balance and attendance log,
// assign to a visit, refund unused sessions, record a nudge.

import { z } from "zod";
import { providerClientIds, visibleClient } from "../../../services/back-office/access.js";
import { audit } from "../../../services/back-office/audit.js";
import { balanceOf } from "../../../services/back-office/package-state.js";
import {
  assignPackage,
  freshPackage,
  presentPackage,
  refundUnusedSessions,
  sellPackage,
  visiblePackage,
} from "../../../services/back-office/packages.js";
import { visibleAppointment } from "../../../services/staff-appointments.js";
import { inTransaction } from "../../../services/transaction.js";
import type { PackageRecord } from "../../../storage/back-office.js";
import { defineRoute } from "../../define.js";
import { idParam } from "../../schemas/public.js";
import { ANY_ROLE, DESK } from "../shared.js";
import {
  assignPackageBody,
  listPackagesQuery,
  packageOut,
  refundPackageBody,
  sellPackageBody,
} from "./schemas.js";
import { BACK_OFFICE_TAGS, inRequestTransaction } from "./shared.js";

const packageResponse = z.object({ package: packageOut });

/** `POST /v1/staff/clients/:id/packages` */
export const sell = defineRoute({
  method: "post",
  path: "/v1/staff/clients/:id/packages",
  operationId: "backOfficeSellPackage",
  summary: "Sell a package of sessions (adds the sale charge; optionally records the payment)",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: DESK,
  params: idParam,
  body: sellPackageBody,
  idempotent: true,
  responses: { 201: { description: "The package", schema: packageResponse } },
  handler: async ({ params, body }, ctx) =>
    inRequestTransaction(ctx, async (tx) => {
      const saved = await sellPackage(tx, ctx, params.id, body);
      return { status: 201, body: { package: presentPackage(saved, ctx.now) } };
    }),
});

/** `GET /v1/staff/packages` */
export const listPackages = defineRoute({
  method: "get",
  path: "/v1/staff/packages",
  operationId: "backOfficeListPackages",
  summary: "Packages, with their balance; `nudgeDue=true` lists those to remind before expiry",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  query: listPackagesQuery,
  responses: {
    200: { description: "Packages", schema: z.object({ packages: z.array(packageOut) }) },
  },
  handler: async ({ query }, ctx) =>
    inTransaction(ctx.app.storage, async (tx) => {
      if (query.clientId) await visibleClient(ctx, tx, query.clientId);
      const allowed = await providerClientIds(ctx, tx);
      const found = await tx.listPackages(ctx.clinic.id, {
        ...(query.clientId ? { clientId: query.clientId } : {}),
        ...(query.status ? { status: query.status } : {}),
      });
      const packages = [];
      for (const p of found) {
        if (allowed && !allowed.has(p.ownerClientId)) continue;
        const fresh = await freshPackage(tx, ctx.clinic.id, p);
        if (query.nudgeDue === "true" && !balanceOf(fresh, ctx.now).nudgeDue) continue;
        packages.push(presentPackage(fresh, ctx.now));
      }
      return { status: 200, body: { packages } };
    }),
});

/** `GET /v1/staff/packages/:id` */
export const getPackage = defineRoute({
  method: "get",
  path: "/v1/staff/packages/:id",
  operationId: "backOfficeGetPackage",
  summary: "A package: sold, used, remaining, expiry, nudge, and who attended when",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: idParam,
  responses: { 200: { description: "The package", schema: packageResponse } },
  handler: async ({ params }, ctx) =>
    inTransaction(ctx.app.storage, async (tx) => {
      const pkg = await visiblePackage(ctx, tx, params.id);
      const fresh = await freshPackage(tx, ctx.clinic.id, pkg);
      return { status: 200, body: { package: presentPackage(fresh, ctx.now) } };
    }),
});

/** `PUT /v1/staff/appointments/:id/package` */
export const assign = defineRoute({
  method: "put",
  path: "/v1/staff/appointments/:id/package",
  operationId: "backOfficeAssignPackage",
  summary: "Let a package pay for a visit (null removes it)",
  description:
    "The engine checks the package may pay (client, service, expiry, sessions left: 409 with `reason` otherwise). The session is taken when the visit is completed (or a no-show under a `deduct` rule) and given back on rollback.",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: idParam,
  body: assignPackageBody,
  responses: {
    200: {
      description: "The visit's package",
      schema: z
        .object({ appointmentId: z.string(), packageId: z.string().nullable() })
        .passthrough(),
    },
    409: { description: "CONFLICT with the package's `reason` (PACKAGE_EXHAUSTED…)" },
  },
  handler: async ({ params, body }, ctx) =>
    inRequestTransaction(ctx, async (tx) => {
      const visit = await visibleAppointment(ctx, tx, params.id, true);
      const result = await assignPackage(tx, ctx, visit, body.packageId);
      return {
        status: 200,
        body: {
          appointmentId: visit.id,
          packageId: result.packageId,
          ...(result.sync.package ? { change: result.sync.package.change } : {}),
        },
      };
    }),
});

/** `POST /v1/staff/packages/:id/refund` */
export const refund = defineRoute({
  method: "post",
  path: "/v1/staff/packages/:id/refund",
  operationId: "backOfficeRefundPackage",
  summary: "Refund a package's unused sessions and close it",
  description:
    "Pays back unused × per-session price (never more than was paid), records the refund and corrects the sale (credit note when invoiced, else a negative line) so the balance stays exact.",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: DESK,
  params: idParam,
  body: refundPackageBody,
  idempotent: true,
  responses: {
    200: {
      description: "The refund and the closed package",
      schema: z.object({ package: packageOut }).passthrough(),
    },
  },
  handler: async ({ params, body }, ctx) =>
    inRequestTransaction(ctx, async (tx) => {
      const result = await refundUnusedSessions(tx, ctx, params.id, body);
      const closed = (await tx.getPackage(ctx.clinic.id, params.id)) as PackageRecord;
      return { status: 200, body: { ...result, package: presentPackage(closed, ctx.now) } };
    }),
});

/** `POST /v1/staff/packages/:id/nudge` */
export const nudge = defineRoute({
  method: "post",
  path: "/v1/staff/packages/:id/nudge",
  operationId: "backOfficeNudgePackage",
  summary: "Record that the client was reminded to use the package before it expires",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: DESK,
  params: idParam,
  idempotent: true,
  responses: { 200: { description: "The package", schema: packageResponse } },
  handler: async ({ params }, ctx) =>
    inRequestTransaction(ctx, async (tx) => {
      const pkg = await visiblePackage(ctx, tx, params.id);
      const locked = (await tx.lockPackage(ctx.clinic.id, pkg.id)) ?? pkg;
      const { clinicId: _c, version, createdAt: _a, updatedAt: _u, ...fields } = locked;
      const saved = await tx.putPackage(
        ctx.clinic.id,
        { ...fields, meta: { ...locked.meta, nudgedAt: ctx.now.toISOString() } },
        { expectedVersion: version },
      );
      await audit(tx, ctx, "package.nudged", "package", pkg.id, {
        line: balanceOf(saved, ctx.now).line,
      });
      return { status: 200, body: { package: presentPackage(saved, ctx.now) } };
    }),
});
