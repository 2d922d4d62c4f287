// Public catalog: the clinic, its online-bookable services and its providers.

import type { z } from "zod";
import { offersService, providerOffers } from "../../services/catalog.js";
import { paymentAsked } from "../../services/online-payment-rule.js";
import { presentService } from "../../services/present.js";
import { notOnlineBookable, offeredOnline } from "../../services/scheduling.js";
import type { CalendarRecord } from "../../storage/storage.js";
import { ok } from "../responses.js";
import {
  clinicResponse,
  listProvidersQuery,
  listServicesQuery,
  providersResponse,
  servicesResponse,
} from "../schemas/public.js";
import { publicRoute } from "./shared.js";

/** `GET /v1/clinic` */
export const getClinic = publicRoute({
  method: "get",
  path: "/v1/clinic",
  operationId: "getClinic",
  summary: "The clinic: name, zone, locale, currency, contact, brand colour and logo",
  responses: ok("The clinic", clinicResponse),
  handler: async (_input, ctx) => {
    const c = ctx.clinic;
    const clinic: z.infer<typeof clinicResponse>["clinic"] = {
      id: c.id,
      name: c.name,
      timeZone: c.timeZone,
      locale: c.locale,
      currency: c.currency,
    };
    if (c.address) clinic.address = c.address;
    if (c.phone) clinic.phone = c.phone;
    if (c.email) clinic.email = c.email;
    if (c.brandColor) clinic.brandColor = c.brandColor;
    if (c.logoUrl) clinic.logoUrl = c.logoUrl;
    return { status: 200, body: { clinic } };
  },
});

function sortServices(a: { category: string; name: string; id: string }, b: typeof a): number {
  return (
    a.category.localeCompare(b.category) || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1)
  );
}

/** `GET /v1/services` */
export const listServices = publicRoute({
  method: "get",
  path: "/v1/services",
  operationId: "listServices",
  summary: "Online-bookable services, by category, with duration, price and providers",
  query: listServicesQuery,
  responses: ok("Services and their categories", servicesResponse),
  handler: async ({ query }, ctx) => {
    const catalog = await ctx.app.cache.catalog(ctx.app.storage, ctx.clinic.id);
    const services = catalog.services;
    const calendars = catalog.calendars.filter((c) => c.kind === "provider" && c.active);
    const bookable = services
      .filter(offeredOnline)
      .map((s) => ({
        s,
        providers: providerOffers(s, calendars, catalog.providerServices).map((o) => o.provider.id),
      }))
      .filter(({ providers }) => providers.length > 0);
    // Names, descriptions and categories in the language asked (the clinic's own otherwise).
    const presented = bookable.map(({ s, providers }) =>
      presentService(s, providers, query.locale, paymentAsked(ctx.app.storage, s, s.price)),
    );
    const categories = [...new Set(presented.map((p) => p.category))].sort();
    const shown = presented
      .filter((p) => query.category === undefined || p.category === query.category)
      .sort(sortServices);
    return { status: 200, body: { services: shown, categories } };
  },
});

/** `GET /v1/providers` */
export const listProviders = publicRoute({
  method: "get",
  path: "/v1/providers",
  operationId: "listProviders",
  summary: "Providers patients can choose, optionally only those offering a service",
  query: listProvidersQuery,
  responses: ok("Providers", providersResponse, {
    404: "`serviceId` is not an online-bookable service of this clinic",
  }),
  handler: async ({ query }, ctx) => {
    const catalog = await ctx.app.cache.catalog(ctx.app.storage, ctx.clinic.id);
    const calendars = catalog.calendars.filter((c) => c.kind === "provider" && c.active);
    let bookable = catalog.services.filter(
      (s) => offeredOnline(s) && (query.serviceId === undefined || s.id === query.serviceId),
    );
    if (query.serviceId !== undefined && bookable.length === 0) {
      // The catalog may be a moment old: ask storage before saying no. An unknown service is 404
      // naming serviceId, as on GET /v1/slots, not an empty list that reads "nobody offers it".
      const fresh = await ctx.app.storage.getService(ctx.clinic.id, query.serviceId);
      if (!fresh || !offeredOnline(fresh)) {
        throw notOnlineBookable(query.serviceId);
      }
      bookable = [fresh];
    }
    const entries = catalog.providerServices;
    const brief = (c: CalendarRecord) => ({
      id: c.id,
      name: c.name,
      disciplines: c.disciplines,
      locationId: c.locationId,
      ...(c.photoUrl ? { photoUrl: c.photoUrl } : {}),
      ...(c.bio ? { bio: c.bio } : {}),
    });
    // For one service each provider shows the price they charge for it (their own, else the
    // service's); for all services there is no single price to show.
    const [service] = bookable;
    const providers =
      query.serviceId !== undefined && service
        ? providerOffers(service, calendars, entries).map((o) => ({
            ...brief(o.provider),
            price: o.price,
          }))
        : calendars.filter((c) => bookable.some((s) => offersService(s, c, entries))).map(brief);
    return { status: 200, body: { providers } };
  },
});
