// Public holidays for the setup wizard's "Import public holidays": a list to choose from; the
// chosen dates are closed through the calendar override route like any other closure.

import { z } from "zod";
import { clinicCountry, listPublicHolidays } from "../../commands/public-holidays.js";
import { invalidField } from "../../errors.js";
import { ok } from "../responses.js";
import { integer } from "../schemas/common.js";
import { countryCode } from "../schemas/staff.js";
import { MANAGER, staffRoute } from "./shared.js";

/** `GET /v1/staff/holidays` query. */
const holidaysQuery = z.strictObject({
  country: countryCode.optional().meta({
    description:
      "ISO 3166-1 alpha-2 country code, e.g. `PT` (default the clinic's `country`, else its locale's region)",
  }),
  year: z.coerce
    .number()
    .int("must be a whole year")
    .min(1970, "must be between 1970 and 2199")
    .max(2199, "must be between 1970 and 2199"),
  region: z
    .string()
    .regex(/^[A-Za-z0-9]{1,3}$/, "must be a region code (ISO 3166-2 without the country), e.g. 20")
    .optional()
    .meta({ description: "A region's own holidays too, e.g. `20` (Azores) for `PT`" }),
  language: z
    .string()
    .regex(/^[A-Za-z]{2}([-_][A-Za-z0-9]+)?$/, "must be a language tag, e.g. pt-PT")
    .optional()
    .meta({ description: "Names in this language where the list has it (default the clinic's)" }),
});

const holidaysResponse = z.object({
  country: z.string(),
  countryName: z.string(),
  region: z.string().optional(),
  year: integer,
  holidays: z.array(z.object({ date: z.string(), name: z.string() })),
});

/** `GET /v1/staff/holidays` */
export const listHolidays = staffRoute({
  method: "get",
  path: "/v1/staff/holidays",
  operationId: "staffListHolidays",
  summary: "Public holidays of a country (and region) in a year, to import as closures",
  description:
    "Public holidays only (not observances), by date, named in `language` (default the clinic's locale) where the list has that language, else in the country's own. An unknown country or region is `400` naming `country` or `region`. Nothing is stored: close the chosen dates with `POST /v1/staff/calendars/:id/overrides` (`type: closed`).",
  roles: MANAGER,
  query: holidaysQuery,
  responses: ok("The public holidays", holidaysResponse),
  handler: async ({ query }, ctx) => {
    const country = query.country ?? clinicCountry(ctx.clinic);
    if (country === undefined) {
      throw invalidField("country", "is required: the clinic has no country setting");
    }
    return {
      status: 200,
      body: await listPublicHolidays({
        country,
        region: query.region,
        year: query.year,
        languages: [query.language ?? ctx.clinic.locale, ctx.clinic.locale],
      }),
    };
  },
});
