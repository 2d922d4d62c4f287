// A short-lived per-process cache of each clinic's settings, calendars and services: they change
// rarely and are read by every public request. Appointments and holds are never cached, and every
// booking re-reads the calendars it locks inside its transaction, so a stale entry can at worst
// show a time that the booking then refuses. Writes made through this app invalidate at once;
// other processes see them within `ttlMs`.

import type {
  CalendarRecord,
  ClinicRecord,
  ServiceRecord,
  StorageOperations,
} from "../storage/storage.js";

interface Entry<T> {
  at: number;
  value: T;
}

/** The catalog of one clinic. */
export interface Catalog {
  calendars: CalendarRecord[];
  services: ServiceRecord[];
}

/**
 * Caches clinic records and catalogs for `ttlMs` (0 turns caching off).
 *
 * @example
 * const cache = new CatalogCache(2000);
 * const { calendars, services } = await cache.catalog(storage, "clinic-a");
 */
export class CatalogCache {
  readonly ttlMs: number;
  private readonly clinics = new Map<string, Entry<ClinicRecord | undefined>>();
  private readonly catalogs = new Map<string, Entry<Catalog>>();

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

  /** The clinic's calendars and services, from the cache when fresh. */
  async catalog(ops: StorageOperations, clinicId: string): Promise<Catalog> {
    const hit = this.catalogs.get(clinicId);
    if (this.fresh(hit)) return hit.value;
    const [calendars, services] = await Promise.all([
      ops.listCalendars(clinicId),
      ops.listServices(clinicId),
    ]);
    const value = { calendars, services };
    if (this.ttlMs > 0) this.catalogs.set(clinicId, { at: Date.now(), value });
    if (this.catalogs.size > 10_000) this.catalogs.clear();
    return value;
  }

  /** Drops what is cached about a clinic (after a change made through this app). */
  invalidate(clinicId: string): void {
    this.clinics.delete(clinicId);
    this.catalogs.delete(clinicId);
  }
}
