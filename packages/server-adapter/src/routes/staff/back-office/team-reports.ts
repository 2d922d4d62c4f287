// Team and report routes: the team (providers with their own catalogs and prices, rooms,
// equipment, locations, calendar grants), provider catalog entries, locations, key grants, and the
// monthly figures as JSON and CSV.

import { monthlyReportToCsv } from "@bookwell/engine";
import { z } from "zod";
import { BookwellError } from "../../../errors.js";
import { audit } from "../../../services/back-office/audit.js";
import { clinicMonthlyReport } from "../../../services/back-office/reports.js";
import { providerCatalog, teamView } from "../../../services/back-office/team.js";
import { principalOf } from "../../../services/staff-appointments.js";
import { inTransaction } from "../../../services/transaction.js";
import type { StorageOperations } from "../../../storage/storage.js";
import { defineRoute } from "../../define.js";
import { idParam } from "../../schemas/public.js";
import { ANY_ROLE, DESK, MANAGER, visibleCalendar } from "../shared.js";
import {
  grantsBody,
  locationBody,
  monthCsvQuery,
  monthQuery,
  providerServiceBody,
  providerServiceParams,
} from "./schemas.js";
import { BACK_OFFICE_TAGS, csvReply, inRequestTransaction } from "./shared.js";

/** `GET /v1/staff/team` */
export const team = defineRoute({
  method: "get",
  path: "/v1/staff/team",
  operationId: "backOfficeTeam",
  summary: "Providers with their catalogs and prices, rooms, equipment, locations, grants",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: DESK,
  responses: {
    200: {
      description: "The team",
      schema: z.object({
        providers: z.array(z.unknown()),
        rooms: z.array(z.unknown()),
        equipment: z.array(z.unknown()),
        locations: z.array(z.unknown()),
      }),
    },
  },
  handler: async (_input, ctx) => ({
    status: 200,
    body: await teamView(ctx.app.storage, ctx.clinic.id, principalOf(ctx).role === "manager"),
  }),
});

const catalogOut = z.object({
  providerId: z.string(),
  services: z.array(
    z
      .object({
        serviceId: z.string(),
        name: z.string(),
        price: z.object({ amount: z.number().int(), currency: z.string() }),
        ownPrice: z.boolean(),
        active: z.boolean(),
        source: z.string(),
      })
      .passthrough(),
  ),
});

async function catalogOf(ctx: Parameters<typeof visibleCalendar>[0], providerId: string) {
  const provider = await visibleCalendar(ctx, providerId);
  if (provider.kind !== "provider") {
    throw new BookwellError("NOT_FOUND", `No provider with id ${providerId}`);
  }
  const [services, entries] = await Promise.all([
    ctx.app.storage.listServices(ctx.clinic.id),
    ctx.app.storage.listProviderServices(ctx.clinic.id, { calendarId: provider.id }),
  ]);
  return { providerId: provider.id, services: providerCatalog(provider, services, entries) };
}

/** `GET /v1/staff/providers/:id/services` */
export const providerServices = defineRoute({
  method: "get",
  path: "/v1/staff/providers/:id/services",
  operationId: "backOfficeProviderServices",
  summary: "A provider's own catalog with their prices",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: idParam,
  responses: { 200: { description: "The catalog", schema: catalogOut } },
  handler: async ({ params }, ctx) => ({ status: 200, body: await catalogOf(ctx, params.id) }),
});

/** `PUT /v1/staff/providers/:id/services/:serviceId` */
export const putProviderService = defineRoute({
  method: "put",
  path: "/v1/staff/providers/:id/services/:serviceId",
  operationId: "backOfficePutProviderService",
  summary: "Put a service on a provider's catalog, optionally at their own price",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: MANAGER,
  params: providerServiceParams,
  body: providerServiceBody,
  responses: { 200: { description: "The catalog", schema: catalogOut } },
  handler: async ({ params, body }, ctx) => {
    const provider = await visibleCalendar(ctx, params.id);
    const service = await ctx.app.storage.getService(ctx.clinic.id, params.serviceId);
    if (provider.kind !== "provider" || !service) {
      throw new BookwellError("NOT_FOUND", "No such provider or service", {
        errors: [
          { field: provider.kind !== "provider" ? "id" : "serviceId", message: "not found" },
        ],
      });
    }
    if (body.price && body.price.currency !== service.price.currency) {
      throw new BookwellError("VALIDATION_FAILED", "The price must be in the service's currency", {
        errors: [{ field: "price.currency", message: `must be ${service.price.currency}` }],
      });
    }
    await inTransaction(ctx.app.storage, async (tx) => {
      await tx.putProviderService(ctx.clinic.id, {
        calendarId: provider.id,
        serviceId: service.id,
        ...(body.price ? { price: body.price } : {}),
        active: body.active,
      });
      await audit(tx, ctx, "provider_service.saved", "calendar", provider.id, {
        serviceId: service.id,
        price: body.price?.amount ?? null,
        active: body.active,
      });
    });
    // The patient routes read the catalog through the short-lived cache: drop it at once.
    ctx.app.cache.invalidate(ctx.clinic.id);
    return { status: 200, body: await catalogOf(ctx, params.id) };
  },
});

/** `DELETE /v1/staff/providers/:id/services/:serviceId` */
export const deleteProviderService = defineRoute({
  method: "delete",
  path: "/v1/staff/providers/:id/services/:serviceId",
  operationId: "backOfficeDeleteProviderService",
  summary: "Take a service off a provider's catalog",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: MANAGER,
  params: providerServiceParams,
  responses: { 204: { description: "Removed" } },
  handler: async ({ params }, ctx) => {
    await visibleCalendar(ctx, params.id);
    const removed = await inTransaction(ctx.app.storage, async (tx) => {
      const done = await tx.deleteProviderService(ctx.clinic.id, params.id, params.serviceId);
      if (done) {
        await audit(tx, ctx, "provider_service.removed", "calendar", params.id, {
          serviceId: params.serviceId,
        });
      }
      return done;
    });
    ctx.app.cache.invalidate(ctx.clinic.id);
    if (!removed) throw new BookwellError("NOT_FOUND", "That service is not on the catalog");
    return { status: 204 };
  },
});

const locationOut = z
  .object({ id: z.string(), name: z.string(), timeZone: z.string() })
  .passthrough();

/** `GET /v1/staff/locations` */
export const listLocations = defineRoute({
  method: "get",
  path: "/v1/staff/locations",
  operationId: "backOfficeListLocations",
  summary: "The clinic's locations",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  responses: {
    200: { description: "Locations", schema: z.object({ locations: z.array(locationOut) }) },
  },
  handler: async (_input, ctx) => ({
    status: 200,
    body: { locations: (await teamView(ctx.app.storage, ctx.clinic.id, false)).locations },
  }),
});

/** `PUT /v1/staff/locations/:id` */
export const putLocation = defineRoute({
  method: "put",
  path: "/v1/staff/locations/:id",
  operationId: "backOfficePutLocation",
  summary: "Create or replace a location",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: MANAGER,
  params: idParam,
  body: locationBody,
  responses: { 200: { description: "The location", schema: z.object({ location: locationOut }) } },
  handler: async ({ params, body }, ctx) =>
    inRequestTransaction(ctx, async (tx) => {
      const saved = await tx.putLocation(ctx.clinic.id, {
        id: params.id,
        name: body.name,
        timeZone: body.timeZone,
        ...(body.address ? { address: body.address } : {}),
        ...(body.phone ? { phone: body.phone } : {}),
      });
      await audit(tx, ctx, "location.saved", "location", params.id);
      return {
        status: 200,
        body: {
          location: {
            id: saved.id,
            name: saved.name,
            timeZone: saved.timeZone,
            ...(saved.address ? { address: saved.address } : {}),
            ...(saved.phone ? { phone: saved.phone } : {}),
          },
        },
      };
    }),
});

/** `PUT /v1/staff/api-keys/:id/calendars` */
export const putGrants = defineRoute({
  method: "put",
  path: "/v1/staff/api-keys/:id/calendars",
  operationId: "backOfficePutKeyGrants",
  summary: "Replace the calendars a provider key may see",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: MANAGER,
  params: idParam,
  body: grantsBody,
  responses: {
    200: {
      description: "The key's grants",
      schema: z.object({ keyId: z.string(), calendarIds: z.array(z.string()) }),
    },
  },
  handler: async ({ params, body }, ctx) =>
    inRequestTransaction(ctx, async (tx) => {
      const known = new Set((await tx.listCalendars(ctx.clinic.id)).map((c) => c.id));
      const unknown = body.calendarIds.filter((id) => !known.has(id));
      if (unknown.length > 0) {
        throw new BookwellError("VALIDATION_FAILED", `Unknown calendars: ${unknown.join(", ")}`, {
          errors: [{ field: "calendarIds", message: `${unknown.join(", ")} not found` }],
        });
      }
      const key = await tx.setApiKeyCalendars(ctx.clinic.id, params.id, body.calendarIds);
      await audit(tx, ctx, "api_key.grants_changed", "api_key", key.id, {
        calendarIds: key.calendarIds,
      });
      return { status: 200, body: { keyId: key.id, calendarIds: key.calendarIds } };
    }),
});

/** A report scoped to an unknown provider would show the clinic's totals beside no row: 404. */
async function assertProviderExists(
  ops: StorageOperations,
  clinicId: string,
  providerId: string | undefined,
): Promise<void> {
  if (providerId === undefined) return;
  const calendar = await ops.getCalendar(clinicId, providerId);
  if (calendar?.kind !== "provider") {
    throw new BookwellError("NOT_FOUND", `No provider with id ${providerId}`, {
      errors: [{ field: "providerId", message: "is not a provider of this clinic" }],
    });
  }
}

/** `GET /v1/staff/reports/monthly` */
export const monthlyReportRoute = defineRoute({
  method: "get",
  path: "/v1/staff/reports/monthly",
  operationId: "backOfficeMonthlyReport",
  summary: "The month's figures: totals, by provider, by location (the engine's report)",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: DESK,
  query: monthQuery,
  responses: {
    200: {
      description: "The report",
      schema: z.object({
        report: z.object({ month: z.string(), totals: z.unknown() }).passthrough(),
      }),
    },
  },
  handler: async ({ query }, ctx) =>
    inTransaction(ctx.app.storage, async (tx) => {
      await assertProviderExists(tx, ctx.clinic.id, query.providerId);
      const report = await clinicMonthlyReport(tx, ctx, query.month);
      await audit(tx, ctx, "report.read", "report", query.month);
      const body = query.providerId
        ? {
            ...report,
            byProvider: report.byProvider.filter((p) => p.providerId === query.providerId),
          }
        : report;
      return { status: 200, body: { report: body } };
    }),
});

/** `GET /v1/staff/reports/monthly.csv` */
export const monthlyReportCsv = defineRoute({
  method: "get",
  path: "/v1/staff/reports/monthly.csv",
  operationId: "backOfficeMonthlyReportCsv",
  summary: "The month's figures as CSV (total, per provider, per location rows)",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: DESK,
  query: monthCsvQuery,
  responses: { 200: { description: "CSV", contentType: "text/csv" } },
  handler: async ({ query }, ctx) =>
    inTransaction(ctx.app.storage, async (tx) => {
      await assertProviderExists(tx, ctx.clinic.id, query.providerId);
      const report = await clinicMonthlyReport(tx, ctx, query.month);
      await audit(tx, ctx, "report.read", "report", query.month, { format: "csv" });
      const scoped = query.providerId
        ? {
            ...report,
            byProvider: report.byProvider.filter((p) => p.providerId === query.providerId),
            byLocation: [],
          }
        : report;
      return csvReply(
        `\uFEFF${monthlyReportToCsv(scoped)}`,
        `report-${query.month}.csv`,
        query.delimiter,
        ["sessions_per_patient", "no_show_rate", "tax_id_share"],
      );
    }),
});
