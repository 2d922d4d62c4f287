// The per-process busy-time cache of the free-times read (`readBusyTime` outside a transaction).
// What the busy-time statement read is kept per clinic with the clinic's busy version read in the
// same snapshot (bumped by triggers when a transaction that changed the clinic's appointments,
// their per-calendar rows or its holds commits, migration 0021). A later read asks the database
// only for the versions (one small prepared statement); while the busy version is the one kept,
// no committed change touched that clinic's busy time, so the kept lists, filtered to the new
// calendars, window and `now`, are what the statement would answer. Versions only grow, so an
// entry of another version is never good again.

import type { BusyAppointment, HoldRecord } from "../storage.js";

/** An appointment as kept: its record and its instants as epoch milliseconds. */
export interface KeptAppointment {
  start: number;
  end: number;
  record: BusyAppointment;
}

/** A live hold as kept: its record and its instants as epoch milliseconds. */
export interface KeptHold {
  start: number;
  end: number;
  expiresAt: number;
  record: HoldRecord;
}

/** What one busy-time statement read: its calendars, window and `now`, and the two lists. */
export interface BusyRead {
  ids: readonly string[];
  from: number;
  to: number;
  now: number;
  appointments: readonly KeptAppointment[];
  holds: readonly KeptHold[];
}

interface Window extends BusyRead {
  idSet: ReadonlySet<string>;
}

interface ClinicEntry {
  version: number;
  /** Most recently used first. */
  windows: Window[];
  records: number;
}

/** The limits of a {@link BusyTimeCache}. */
export interface BusyCacheLimits {
  /** Clinics kept, least recently used out first. */
  clinics: number;
  /** Windows kept per clinic, least recently used out first. */
  windowsPerClinic: number;
  /** Appointments and holds kept over all clinics; a read of more is not kept. */
  records: number;
}

/** The limits a storage's cache has unless told otherwise. */
export const DEFAULT_BUSY_CACHE_LIMITS: BusyCacheLimits = {
  clinics: 512,
  windowsPerClinic: 8,
  records: 200_000,
};

const overlaps = (ids: readonly string[], wanted: ReadonlySet<string>) =>
  ids.some((id) => wanted.has(id));

/**
 * Keeps, per clinic and busy version, what busy-time reads answered, and answers a later read from
 * them when its calendars, window and `now` are covered. Bounded by {@link BusyCacheLimits}.
 *
 * @example
 * const cache = new BusyTimeCache();
 * cache.store("clinic-a", 7, read);
 * cache.lookup("clinic-a", 7, ["ana"], from, to, now); // the lists, or undefined
 */
export class BusyTimeCache {
  readonly limits: BusyCacheLimits;
  /** Least recently used first (a use moves the clinic to the end). */
  readonly #clinics = new Map<string, ClinicEntry>();
  #records = 0;

  constructor(limits: Partial<BusyCacheLimits> = {}) {
    this.limits = { ...DEFAULT_BUSY_CACHE_LIMITS, ...limits };
  }

  /** Whether anything of the clinic is kept. */
  has(clinicId: string): boolean {
    return this.#clinics.has(clinicId);
  }

  /**
   * Whether a kept read of the clinic (at whatever version) covers `ids` over [from, to) at `now`:
   * when none does, a read goes to the database at once, without asking for the versions first.
   */
  covers(clinicId: string, ids: readonly string[], from: number, to: number, now: number): boolean {
    const entry = this.#clinics.get(clinicId);
    return entry !== undefined && coveringIndex(entry, ids, from, to, now) >= 0;
  }

  /** How many appointments and holds are kept over all clinics. */
  get records(): number {
    return this.#records;
  }

  /**
   * The kept lists for `ids` over [from, to) at `now` when the clinic's kept version is `version`
   * and a kept window covers the read; `undefined` otherwise (the caller reads the database). A
   * clinic kept at another version is dropped: versions only grow.
   */
  lookup(
    clinicId: string,
    version: number,
    ids: readonly string[],
    from: number,
    to: number,
    now: number,
  ): { appointments: BusyAppointment[]; holds: HoldRecord[] } | undefined {
    const entry = this.#clinics.get(clinicId);
    if (!entry) return undefined;
    if (entry.version !== version) {
      this.#drop(clinicId, entry);
      return undefined;
    }
    const at = coveringIndex(entry, ids, from, to, now);
    const window = entry.windows[at];
    if (!window) return undefined;
    const answer = filterRead(window, new Set(ids), from, to, now);
    if (!answer) return undefined;
    // Most recently used: the window first, the clinic last in the map.
    entry.windows.splice(at, 1);
    entry.windows.unshift(window);
    this.#clinics.delete(clinicId);
    this.#clinics.set(clinicId, entry);
    return answer;
  }

  /**
   * Keeps what a busy-time statement read at the clinic's busy `version` (read in the same
   * snapshot). A read of an older version than the one kept is not kept; a newer one replaces it.
   */
  store(clinicId: string, version: number, read: BusyRead): void {
    const size = read.appointments.length + read.holds.length;
    if (this.limits.clinics <= 0 || size > this.limits.records) return;
    let entry = this.#clinics.get(clinicId);
    if (entry && entry.version > version) return;
    if (entry && entry.version < version) {
      this.#drop(clinicId, entry);
      entry = undefined;
    }
    entry ??= { version, windows: [], records: 0 };
    for (const item of [...read.appointments, ...read.holds]) freeze(item.record);
    entry.windows.unshift({ ...read, idSet: new Set(read.ids) });
    entry.records += size;
    this.#records += size;
    while (entry.windows.length > this.limits.windowsPerClinic) {
      const old = entry.windows.pop();
      const dropped = old ? old.appointments.length + old.holds.length : 0;
      entry.records -= dropped;
      this.#records -= dropped;
    }
    this.#clinics.delete(clinicId);
    this.#clinics.set(clinicId, entry);
    for (const [id, oldest] of this.#clinics) {
      if (this.#clinics.size <= this.limits.clinics && this.#records <= this.limits.records) break;
      this.#drop(id, oldest);
    }
  }

  #drop(clinicId: string, entry: ClinicEntry): void {
    this.#clinics.delete(clinicId);
    this.#records -= entry.records;
  }
}

/** The index of the first (most recently used) window of `entry` that covers the read, or -1. */
function coveringIndex(
  entry: ClinicEntry,
  ids: readonly string[],
  from: number,
  to: number,
  now: number,
): number {
  return entry.windows.findIndex(
    (w) => w.from <= from && w.to >= to && w.now <= now && ids.every((id) => w.idSet.has(id)),
  );
}

/** Freezes a kept record and its calendar list: every read shares them. */
function freeze(record: BusyAppointment | HoldRecord): void {
  Object.freeze(record.calendarIds);
  Object.freeze(record);
}

/**
 * The rows of a kept read that the statement would answer for `ids` over [from, to) at `now`:
 * the same conditions (`calendar_ids && ids`, `end > from`, `start < to`, `expires_at > now`) in
 * the same order. Instants are kept in milliseconds rounded as the statement rounds them; when a
 * kept instant equals a bound, the stored value may differ from it below a millisecond, so the
 * answer is left undecided (`undefined`) and the caller asks the database.
 */
function filterRead(
  read: BusyRead,
  ids: ReadonlySet<string>,
  from: number,
  to: number,
  now: number,
): { appointments: BusyAppointment[]; holds: HoldRecord[] } | undefined {
  const appointments: BusyAppointment[] = [];
  for (const a of read.appointments) {
    if (a.end === from || a.start === to) return undefined;
    if (a.end > from && a.start < to && overlaps(a.record.calendarIds, ids)) {
      appointments.push(a.record);
    }
  }
  const holds: HoldRecord[] = [];
  for (const h of read.holds) {
    if (h.end === from || h.start === to || h.expiresAt === now) return undefined;
    if (h.expiresAt > now && h.end > from && h.start < to && overlaps(h.record.calendarIds, ids)) {
      holds.push(h.record);
    }
  }
  return { appointments, holds };
}
