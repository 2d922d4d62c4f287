// The clinic's catalog: which provider may do which service, at what price — the one place that
// rule lives — and a short-lived per-process cache of each clinic's settings, calendars, services
// and provider catalogs.
//
// The rule (docs/server/back-office.md, "Team"): a provider calendar offers a service when it is
// active, practises the service's discipline, works where the service is offered, is among the
// service's own `providerIds` when it lists any, and its own team catalog lets it: a provider with
// no catalog rows offers every service of their disciplines at the service's price; once they have
// rows, exactly the services listed and active there, each at their own price when set.
//
// The cache: they change rarely and are read by every public request. Appointments and holds are
// never cached, and every booking re-reads the calendars it locks and the provider catalogs inside
// its transaction, so a stale entry can at worst show a time that the booking then refuses. Writes
// made through this app invalidate at once; other processes see them within `ttlMs`. Free times
// never use a stale entry: each entry carries the clinic's catalog version (bumped by database
// triggers in the transaction of any catalog write, whichever process made it), and the statement
// that reads busy time reads the version too (see `withCurrentCatalog`).

import type { Money } from "@bookwell/engine";
import type { ProviderServiceRecord } from "../storage/back-office.js";
import type {
  CalendarRecord,
  ClinicRecord,
  ServiceRecord,
  StorageOperations,
} from "../storage/storage.js";
import type { TeamView } from "./members.js";
import type { CatalogView } from "./scheduling.js";

/** What the team catalog says about one provider and one service. */
export interface CatalogTerms {
  /** False when the provider has a catalog that leaves the service out or lists it inactive. */
  offered: boolean;
  /** What the provider charges for it: their own price when set, else the service's. */
  price: Money;
  /** Whether `price` is the provider's own. */
  ownPrice: boolean;
  /** `catalog`: the provider has rows of their own; `discipline`: none yet (by discipline). */
  source: "catalog" | "discipline";
}

/**
 * The team catalog's terms for `providerId` and `service`, from the clinic's provider-service rows
 * (`entries` may hold other providers' rows too). Only the catalog: discipline, location and the
 * rest are {@link offersService}'s.
 *
 * @example
 * catalogTerms(physio, "ana", rows); // { offered: true, price: { amount: 5000, currency: "EUR" }, ownPrice: true, source: "catalog" }
 */
export function catalogTerms(
  service: ServiceRecord,
  providerId: string,
  entries: readonly ProviderServiceRecord[],
): CatalogTerms {
  let listed = false;
  let row: ProviderServiceRecord | undefined;
  for (const e of entries) {
    if (e.calendarId !== providerId) continue;
    listed = true;
    if (e.serviceId === service.id) row = e;
  }
  if (!listed) {
    return { offered: true, price: { ...service.price }, ownPrice: false, source: "discipline" };
  }
  // An own price in another currency than the service's (changed since) is not used.
  const own = row?.price && row.price.currency === service.price.currency ? row.price : undefined;
  return {
    offered: row?.active === true,
    price: { ...(own ?? service.price) },
    ownPrice: own !== undefined,
    source: "catalog",
  };
}

/**
 * Whether a provider calendar may offer the service: active, of the service's discipline, at one
 * of its locations, among its `providerIds` when it lists any, and let by the team catalog.
 *
 * @example
 * offersService(service, calendar, providerServiceRows); // true
 */
export function offersService(
  service: ServiceRecord,
  c: CalendarRecord,
  entries: readonly ProviderServiceRecord[],
): boolean {
  if (c.kind !== "provider" || !c.active) return false;
  if (!c.disciplines.includes(service.discipline)) return false;
  if (service.providerIds.length > 0 && !service.providerIds.includes(c.id)) return false;
  if (service.locationIds.length > 0 && !service.locationIds.includes(c.locationId)) return false;
  return catalogTerms(service, c.id, entries).offered;
}

/** A provider who may do a service, and at what price. */
export interface ProviderOffer {
  provider: CalendarRecord;
  price: Money;
  ownPrice: boolean;
}

/**
 * The providers among `calendars` who may do `service` (see {@link offersService}), in the given
 * order, each with the price they charge for it.
 *
 * @example
 * providerOffers(physio, calendars, rows).map((o) => [o.provider.id, o.price.amount]); // [["ana", 5000], ["bruno", 4500]]
 */
export function providerOffers(
  service: ServiceRecord,
  calendars: readonly CalendarRecord[],
  entries: readonly ProviderServiceRecord[],
): ProviderOffer[] {
  return calendars
    .filter((c) => offersService(service, c, entries))
    .map((provider) => {
      const terms = catalogTerms(service, provider.id, entries);
      return { provider, price: terms.price, ownPrice: terms.ownPrice };
    });
}

/**
 * The price a visit of `service` with `providerId` is booked at: the provider's own price from
 * the team catalog when set, else the service's. Reads that provider's catalog rows with `ops`
 * (pass the transaction that books).
 *
 * @example
 * details.price = await bookingPrice(tx, clinicId, service, verdict.assignment.providerId);
 */
export async function bookingPrice(
  ops: StorageOperations,
  clinicId: string,
  service: ServiceRecord,
  providerId: string,
  inTransaction?: readonly ProviderServiceRecord[],
): Promise<{ amount: number; currency: string }> {
  // The catalog rows already read in the caller's transaction, when it has them.
  const entries =
    inTransaction ?? (await ops.listProviderServices(clinicId, { calendarId: providerId }));
  const { amount, currency } = catalogTerms(service, providerId, entries).price;
  return { amount, currency };
}

/**
 * Thrown by `findSlots` when the catalog it was given is older than the database's: the
 * caller reads the catalog afresh and asks again (see {@link withCurrentCatalog}).
 *
 * @example
 * if (error instanceof StaleCatalogError) cache.invalidate(clinicId);
 */
export class StaleCatalogError extends Error {
  constructor(readonly clinicId: string) {
    super(`the cached catalog of clinic ${clinicId} is stale`);
    this.name = "StaleCatalogError";
  }
}
interface Entry<T> {
  at: number;
  value: T;
}

/**
 * Throws {@link StaleCatalogError} unless the clinic's catalog version in the database is
 * `version`: for an answer drawn from a versioned catalog alone (nobody offers the service, a
 * provider does not offer it, an unknown service).
 *
 * @example
 * await confirmCatalog(storage, "clinic-a", catalog.catalogVersion);
 */
export async function confirmCatalog(
  ops: Pick<StorageOperations, "getCatalogVersion">,
  clinicId: string,
  version: number,
): Promise<void> {
  if ((await ops.getCatalogVersion(clinicId)) !== version) throw new StaleCatalogError(clinicId);
}

/** The catalog of one clinic. */
export interface Catalog {
  calendars: CalendarRecord[];
  services: ServiceRecord[];
  /** Every provider's own catalog rows (see {@link catalogTerms}). */
  providerServices: ProviderServiceRecord[];
  /** The clinic record, read with the lists. */
  clinic: ClinicRecord | undefined;
  /** The clinic's team members and travel times, read with the lists. */
  team: TeamView;
  /** The clinic's catalog version, read before the lists (see `getCatalogVersion`). */
  catalogVersion: number;
}

/**
 * Caches clinic records and catalogs for `ttlMs` (0 turns caching off).
 *
 * @example
 * const cache = new CatalogCache(2000);
 * const { calendars, services, providerServices } = await cache.catalog(storage, "clinic-a");
 */
export class CatalogCache {
  readonly ttlMs: number;
  private readonly clinics = new Map<string, Entry<ClinicRecord | undefined>>();
  private readonly catalogs = new Map<string, Entry<Catalog>>();
  /** Loads under way: requests that find no entry at once share one read of the catalog. */
  private readonly loading = new Map<string, Promise<Catalog>>();

  constructor(ttlMs: number) {
    this.ttlMs = ttlMs;
  }

  private fresh<T>(entry: Entry<T> | undefined): entry is Entry<T> {
    return entry !== undefined && Date.now() - entry.at < this.ttlMs;
  }

  /** The clinic record, from the cache when fresh. */
  async clinic(ops: StorageOperations, id: string): Promise<ClinicRecord | undefined> {
    const hit = this.clinics.get(id);
    if (this.fresh(hit)) return hit.value;
    const value = await ops.getClinic(id);
    if (this.ttlMs > 0) this.clinics.set(id, { at: Date.now(), value });
    if (this.clinics.size > 10_000) this.clinics.clear();
    return value;
  }

  /** The clinic's calendars, services and provider catalogs, from the cache when fresh. */
  async catalog(ops: StorageOperations, clinicId: string): Promise<Catalog> {
    const hit = this.catalogs.get(clinicId);
    if (this.fresh(hit)) return hit.value;
    return this.shared(ops, clinicId);
  }

  /**
   * The cached catalog at any age (for a caller that checks `catalogVersion` against the
   * database, see {@link withCurrentCatalog}), read when there is none or caching is off.
   */
  async versioned(ops: StorageOperations, clinicId: string): Promise<Catalog> {
    const hit = this.catalogs.get(clinicId);
    if (hit !== undefined && this.ttlMs > 0) return hit.value;
    return this.shared(ops, clinicId);
  }

  /** {@link load}, joining a load of the same clinic already under way. */
  private shared(ops: StorageOperations, clinicId: string): Promise<Catalog> {
    const running = this.loading.get(clinicId);
    if (running) return running;
    const started: Promise<Catalog> = this.load(ops, clinicId).finally(() => {
      if (this.loading.get(clinicId) === started) this.loading.delete(clinicId);
    });
    this.loading.set(clinicId, started);
    return started;
  }

  /**
   * Reads the catalog afresh (the version first, so a write in between is seen as one), never
   * joining a load that started earlier: after a stale catalog, only a newer read will do.
   */
  async load(ops: StorageOperations, clinicId: string): Promise<Catalog> {
    const catalogVersion = await ops.getCatalogVersion(clinicId);
    const [calendars, services, providerServices, clinic, members, travel] = await Promise.all([
      ops.listCalendars(clinicId),
      ops.listServices(clinicId),
      ops.listProviderServices(clinicId),
      ops.getClinic(clinicId),
      ops.listMembers(clinicId),
      ops.getTravel(clinicId),
    ]);
    const team = { members, travel };
    const value = { calendars, services, providerServices, clinic, team, catalogVersion };
    if (this.ttlMs > 0) this.catalogs.set(clinicId, { at: Date.now(), value });
    if (this.catalogs.size > 10_000) this.catalogs.clear();
    if (this.ttlMs > 0 && clinic) this.clinics.set(clinicId, { at: Date.now(), value: clinic });
    return value;
  }

  /** Drops what is cached about a clinic (after a change made through this app). */
  invalidate(clinicId: string): void {
    this.clinics.delete(clinicId);
    this.catalogs.delete(clinicId);
    // A load under way may have read before the change: later callers must not join it.
    this.loading.delete(clinicId);
  }
}

/** How many times {@link withCurrentCatalog} reads a catalog that turned out stale afresh. */
const STALE_RETRIES = 3;

/**
 * Runs `fn` with the clinic's catalog as a {@link CatalogView} whose `version` `findSlots` checks
 * in the statement that reads busy time: the cached catalog first (at any age); when the check
 * (or `fn` itself, via `confirm`) finds it stale, the catalog is read afresh and `fn` runs again.
 * `confirm` is for answers drawn from the catalog alone (a 404 for an unknown service): it throws
 * {@link StaleCatalogError} when the catalog used is not the database's current one. After
 * {@link STALE_RETRIES} fresh reads that a concurrent write overtook each time, the last fresh
 * read is used unchecked (it was read during the request).
 *
 * @example
 * const slots = await withCurrentCatalog(cache, storage, "clinic-a", (catalog) =>
 *   findSlots(storage, "clinic-a", service, now, search, catalog));
 */
export async function withCurrentCatalog<T>(
  cache: CatalogCache,
  ops: StorageOperations,
  clinicId: string,
  fn: (catalog: Catalog & CatalogView, confirm: () => Promise<void>) => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    const catalog =
      attempt === 0 ? await cache.versioned(ops, clinicId) : await cache.load(ops, clinicId);
    const checked = attempt <= STALE_RETRIES;
    const confirm = async () => {
      if (checked) await confirmCatalog(ops, clinicId, catalog.catalogVersion);
    };
    try {
      return await fn(
        { ...catalog, ...(checked ? { version: catalog.catalogVersion } : {}) },
        confirm,
      );
    } catch (error) {
      if (!(error instanceof StaleCatalogError) || !checked) throw error;
      cache.invalidate(clinicId);
    }
  }
}
