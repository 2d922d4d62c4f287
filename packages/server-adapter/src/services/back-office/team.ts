// The team: providers with their own catalog of services and prices, rooms and equipment (which
// are calendars too), locations, and which staff keys may see which calendars.

import type { Money } from "@bookwell/engine";
import type { CommandContext } from "../../commands/unit-of-work.js";
import { BookwellError } from "../../errors.js";
import type { ProviderServiceRecord } from "../../storage/back-office.js";
import type {
  ApiKeyRecord,
  CalendarRecord,
  ServiceRecord,
  StorageOperations,
} from "../../storage/storage.js";
import { catalogTerms } from "../catalog.js";
import { setFields } from "../fields.js";
import { visibleCalendar } from "../visibility.js";

/** One service on a provider's catalog, with the price the provider charges. */
export interface CatalogEntry {
  serviceId: string;
  name: string;
  durationMinutes: number;
  /** The provider's own price, else the service's. */
  price: Money;
  ownPrice: boolean;
  active: boolean;
  /** `catalog` = on the provider's own list; `discipline` = offered by discipline (no list yet). */
  source: "catalog" | "discipline";
}

/**
 * A provider's catalog: the services on their own list (with their own prices), or — while they
 * have no list — every service of one of their disciplines at the service's price. The terms
 * (offered, price) are `catalogTerms`'s, the rule the patient routes and bookings follow.
 *
 * @example
 * providerCatalog(ana, services, entries); // [{ serviceId: "physio", price: { amount: 5000, … }, ownPrice: true, … }]
 */
export function providerCatalog(
  provider: CalendarRecord,
  services: readonly ServiceRecord[],
  entries: readonly ProviderServiceRecord[],
): CatalogEntry[] {
  const byId = new Map(services.map((s) => [s.id, s]));
  const own = entries.filter((e) => e.calendarId === provider.id);
  const disciplines = new Set(provider.disciplines);
  const listed =
    own.length > 0
      ? own.flatMap((e) => byId.get(e.serviceId) ?? [])
      : services.filter((s) => disciplines.has(s.discipline));
  return listed.map((service) => {
    const terms = catalogTerms(service, provider.id, entries);
    return {
      serviceId: service.id,
      name: service.name,
      durationMinutes: service.durationMinutes,
      price: terms.price,
      ownPrice: terms.ownPrice,
      active: terms.offered,
      source: terms.source,
    };
  });
}

/**
 * The catalog of a provider the caller may see (404 for another calendar kind), as
 * {@link providerCatalog} lists it.
 *
 * @example
 * const { services } = await providerCatalogOf(ctx, storage, "ana");
 */
export async function providerCatalogOf(
  ctx: CommandContext,
  ops: StorageOperations,
  providerId: string,
): Promise<{ providerId: string; services: CatalogEntry[] }> {
  const provider = await visibleCalendar(ctx, ops, providerId);
  if (provider.kind !== "provider") {
    throw new BookwellError("NOT_FOUND", `No provider with id ${providerId}`);
  }
  const [services, entries] = await Promise.all([
    ops.listServices(ctx.clinic.id),
    ops.listProviderServices(ctx.clinic.id, { calendarId: provider.id }),
  ]);
  return { providerId: provider.id, services: providerCatalog(provider, services, entries) };
}

/**
 * The whole team as the back office shows it: providers with catalogs, rooms, equipment,
 * locations and (for managers) which keys see which calendars.
 *
 * @example
 * const team = await teamView(storage, clinicId, true);
 */
export async function teamView(ops: StorageOperations, clinicId: string, withGrants: boolean) {
  const [calendars, services, entries, locations, keys] = await Promise.all([
    ops.listCalendars(clinicId),
    ops.listServices(clinicId),
    ops.listProviderServices(clinicId),
    ops.listLocations(clinicId),
    withGrants ? ops.listApiKeys(clinicId) : Promise.resolve([] as ApiKeyRecord[]),
  ]);
  const brief = (c: CalendarRecord) => ({
    id: c.id,
    name: c.name,
    kind: c.kind,
    locationId: c.locationId,
    active: c.active,
    ...(c.resourceKind ? { resourceKind: c.resourceKind } : {}),
  });
  return {
    providers: calendars
      .filter((c) => c.kind === "provider")
      .map((c) => ({
        ...brief(c),
        ...(c.memberId ? { memberId: c.memberId } : {}),
        disciplines: c.disciplines,
        services: providerCatalog(c, services, entries),
        grantedTo: keys
          .filter((k) => !k.revokedAt && k.role === "provider" && k.calendarIds.includes(c.id))
          .map((k) => ({ keyId: k.id, name: k.name })),
      })),
    rooms: calendars.filter((c) => c.kind === "room").map(brief),
    equipment: calendars.filter((c) => c.kind === "equipment").map(brief),
    locations: locations.map((l) => ({
      id: l.id,
      name: l.name,
      timeZone: l.timeZone,
      ...setFields(l, ["address", "phone"]),
    })),
  };
}
