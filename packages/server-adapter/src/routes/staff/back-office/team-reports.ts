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
import type { RequestContext } from "../../../services/context.js";
import { setFields } from "../../../services/fields.js";
import { principalOf } from "../../../services/staff-appointments.js";
import { asBody, jsonAnswer } from "../../command-reply.js";
import { file, ok } from "../../responses.js";
import { integer } from "../../schemas/common.js";
import { idParam } from "../../schemas/public.js";
import { DESK, MANAGER } from "../shared.js";
import {
  grantsBody,
  locationBody,
  monthCsvQuery,
  monthQuery,
  providerServiceBody,
  providerServiceParams,
} from "./schemas.js";
import { backOfficeRoute, csvReply } from "./shared.js";

/** `GET /v1/staff/team` */
export const team = backOfficeRoute({
  method: "get",
  path: "/v1/staff/team",
  operationId: "backOfficeTeam",
  summary: "Providers with their catalogs and prices, rooms, equipment, locations, grants",
  roles: DESK,
  responses: ok(
    "The team",
    z.object({
      providers: z.array(z.unknown()),
      rooms: z.array(z.unknown()),
      equipment: z.array(z.unknown()),
      locations: z.array(z.unknown()),
    }),
  ),
  load: (_input, ctx) =>
    teamView(ctx.app.storage, ctx.clinic.id, principalOf(ctx).role === "manager"),
  reply: asBody(200),
});

const catalogOut = z.object({
  providerId: z.string(),
  services: z.array(
    z
      .object({
        serviceId: z.string(),
        name: z.string(),
        price: z.object({ amount: integer, currency: z.string() }),
        ownPrice: z.boolean(),
        active: z.boolean(),
        source: z.string(),
      })
      .passthrough(),
  ),
});

/** `GET /v1/staff/providers/:id/services` */
export const providerServices = backOfficeRoute({
  method: "get",
  path: "/v1/staff/providers/:id/services",
  operationId: "backOfficeProviderServices",
  summary: "A provider's own catalog with their prices",
  params: idParam,
  responses: ok("The catalog", catalogOut),
  load: ({ params }, ctx) => providerCatalogOf(ctx, ctx.app.storage, params.id),
  reply: asBody(200),
});

/** `PUT /v1/staff/providers/:id/services/:serviceId` */
export const putProviderService = backOfficeRoute({
  method: "put",
  path: "/v1/staff/providers/:id/services/:serviceId",
  operationId: "backOfficePutProviderService",
  summary: "Put a service on a provider's catalog, optionally at their own price",
  roles: MANAGER,
  params: providerServiceParams,
  body: providerServiceBody,
  responses: ok("The catalog", catalogOut),
  command: ({ params, body }, work) => offerService(work, params.id, params.serviceId, body),
  reply: asBody(200),
  runs: "catalog",
});

/** `DELETE /v1/staff/providers/:id/services/:serviceId` */
export const deleteProviderService = backOfficeRoute({
  method: "delete",
  path: "/v1/staff/providers/:id/services/:serviceId",
  operationId: "backOfficeDeleteProviderService",
  summary: "Take a service off a provider's catalog",
  roles: MANAGER,
  params: providerServiceParams,
  responses: { 204: "Removed" },
  command: ({ params }, work) => withdrawService(work, params.id, params.serviceId),
  reply: () => ({ status: 204 }),
  runs: "catalog",
});

const locationOut = z
  .object({ id: z.string(), name: z.string(), timeZone: z.string() })
  .passthrough();

/** A location as the API takes and shows it: an empty address or phone is left out. */
function locationFields(l: {
  id: string;
  name: string;
  timeZone: string;
  address?: string | undefined;
  phone?: string | undefined;
}) {
  return {
    id: l.id,
    name: l.name,
    timeZone: l.timeZone,
    ...setFields(l, ["address", "phone"]),
  };
}

/** `GET /v1/staff/locations` */
export const listLocations = backOfficeRoute({
  method: "get",
  path: "/v1/staff/locations",
  operationId: "backOfficeListLocations",
  summary: "The clinic's locations",
  ...jsonAnswer(200, "Locations", { locations: z.array(locationOut) }),
  load: async (_input, ctx) => (await teamView(ctx.app.storage, ctx.clinic.id, false)).locations,
});

/** `PUT /v1/staff/locations/:id` */
export const putLocation = backOfficeRoute({
  method: "put",
  path: "/v1/staff/locations/:id",
  operationId: "backOfficePutLocation",
  summary: "Create or replace a location",
  roles: MANAGER,
  params: idParam,
  body: locationBody,
  ...jsonAnswer(200, "The location", { location: locationOut }, locationFields),
  command: ({ params, body }, work) =>
    saveLocation(work, locationFields({ ...body, id: params.id })),
});

/** `PUT /v1/staff/api-keys/:id/calendars` */
export const putGrants = backOfficeRoute({
  method: "put",
  path: "/v1/staff/api-keys/:id/calendars",
  operationId: "backOfficePutKeyGrants",
  summary: "Replace the calendars a provider key may see",
  roles: MANAGER,
  params: idParam,
  body: grantsBody,
  responses: ok(
    "The key's grants",
    z.object({ keyId: z.string(), calendarIds: z.array(z.string()) }),
  ),
  command: ({ params, body }, work) => grantCalendars(work, params.id, body.calendarIds),
  reply: (key) => ({
    status: 200,
    body: { keyId: key.id, calendarIds: key.calendarIds },
  }),
});

/**
 * The month's report, read (and audited) in one unit of work, narrowed to the provider asked for
 * (the CSV of one provider has no location rows: they are the clinic's).
 */
async function monthReport(
  ctx: RequestContext,
  query: { month: string; providerId?: string | undefined },
  format: "json" | "csv",
) {
  const report = await runCommand(ctx, (work) =>
    readMonthlyReport(work, query.month, query.providerId, format),
  );
  if (!query.providerId) return report;
  return {
    ...report,
    byProvider: report.byProvider.filter((p) => p.providerId === query.providerId),
    ...(format === "csv" ? { byLocation: [] } : {}),
  };
}

/** `GET /v1/staff/reports/monthly` */
export const monthlyReportRoute = backOfficeRoute({
  method: "get",
  path: "/v1/staff/reports/monthly",
  operationId: "backOfficeMonthlyReport",
  summary: "The month's figures: totals, by provider, by location (the engine's report)",
  roles: DESK,
  query: monthQuery,
  responses: ok(
    "The report",
    z.object({
      report: z.object({ month: z.string(), totals: z.unknown() }).passthrough(),
    }),
  ),
  handler: async ({ query }, ctx) => ({
    status: 200,
    body: { report: await monthReport(ctx, query, "json") },
  }),
});

/** `GET /v1/staff/reports/monthly.csv` */
export const monthlyReportCsv = backOfficeRoute({
  method: "get",
  path: "/v1/staff/reports/monthly.csv",
  operationId: "backOfficeMonthlyReportCsv",
  summary: "The month's figures as CSV (total, per provider, per location rows)",
  roles: DESK,
  query: monthCsvQuery,
  responses: file("CSV", "text/csv"),
  handler: async ({ query }, ctx) =>
    csvReply(
      `\uFEFF${monthlyReportToCsv(await monthReport(ctx, query, "csv"))}`,
      `report-${query.month}.csv`,
      query.delimiter,
      ["sessions_per_patient", "no_show_rate", "tax_id_share"],
    ),
});
