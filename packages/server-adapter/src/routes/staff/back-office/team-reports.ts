// Team and report routes: the team (providers with their own catalogs and prices, rooms,
// equipment, locations, calendar grants), provider catalog entries, locations, key grants, and the
// monthly figures as JSON and CSV.

import { monthlyReportToCsv } from "@bookwell/engine";
import { z } from "zod";
import {
  grantCalendars,
  offerService,
  readMonthlyReport,
  saveLocation,
  withdrawService,
} from "../../../commands/back-office/team.js";
import { runCommand } from "../../../commands/unit-of-work.js";
import { providerCatalogOf, teamView } from "../../../services/back-office/team.js";
import { principalOf } from "../../../services/staff-appointments.js";
import { catalogReply, commandReply } from "../../command-reply.js";
import { defineRoute } from "../../define.js";
import { idParam } from "../../schemas/public.js";
import { ANY_ROLE, DESK, MANAGER } from "../shared.js";
import {
  grantsBody,
  locationBody,
  monthCsvQuery,
  monthQuery,
  providerServiceBody,
  providerServiceParams,
} from "./schemas.js";
import { BACK_OFFICE_TAGS, csvReply } from "./shared.js";

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
  handler: async ({ params }, ctx) => ({
    status: 200,
    body: await providerCatalogOf(ctx, ctx.app.storage, params.id),
  }),
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
  handler: async ({ params, body }, ctx) =>
    catalogReply(
      ctx,
      (work) => offerService(work, params.id, params.serviceId, body),
      (catalog) => ({ status: 200, body: catalog }),
    ),
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
  handler: async ({ params }, ctx) =>
    catalogReply(
      ctx,
      (work) => withdrawService(work, params.id, params.serviceId),
      () => ({ status: 204 }),
    ),
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
  handler: async ({ params, body }, ctx) => {
    const location = {
      id: params.id,
      name: body.name,
      timeZone: body.timeZone,
      ...(body.address ? { address: body.address } : {}),
      ...(body.phone ? { phone: body.phone } : {}),
    };
    return commandReply(
      ctx,
      (work) => saveLocation(work, location),
      (saved) => ({
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
      }),
    );
  },
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
    commandReply(
      ctx,
      (work) => grantCalendars(work, params.id, body.calendarIds),
      (key) => ({ status: 200, body: { keyId: key.id, calendarIds: key.calendarIds } }),
    ),
});

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
  handler: async ({ query }, ctx) => {
    const report = await runCommand(ctx, (work) =>
      readMonthlyReport(work, query.month, query.providerId, "json"),
    );
    const body = query.providerId
      ? {
          ...report,
          byProvider: report.byProvider.filter((p) => p.providerId === query.providerId),
        }
      : report;
    return { status: 200, body: { report: body } };
  },
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
  handler: async ({ query }, ctx) => {
    const report = await runCommand(ctx, (work) =>
      readMonthlyReport(work, query.month, query.providerId, "csv"),
    );
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
  },
});
