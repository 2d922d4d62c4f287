import { Temporal } from "temporal-polyfill";
import { BoundedMap } from "./bounded-map.js";

/** Milliseconds in one minute. */
export const MINUTE = 60_000;
/** Milliseconds in one (24-hour) day; local days may be 23 or 25 hours long. */
export const DAY = 86_400_000;

/** A civil date as a day number: days since 1970-01-01 (proleptic Gregorian, no zone). */
export type DayNumber = number;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Turns `YYYY-MM-DD` into a day number, or `undefined` when it is not a real date.
 *
 * @example
 * parseDay("1970-01-02"); // 1
 * parseDay("2026-02-30"); // undefined
 */
export function parseDay(date: string): DayNumber | undefined {
  const m = DATE_RE.exec(date);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return Date.UTC(y, mo - 1, d) / DAY;
}

/** Day labels by day number: about 27 years of days, each formatted once. */
const dayLabels = new BoundedMap<DayNumber, string>(10_000);

/**
 * Formats a day number as `YYYY-MM-DD` (cached: open hours and slot labels ask for the same days
 * over and over).
 *
 * @example
 * formatDay(parseDay("2026-03-09") as number); // "2026-03-09"
 * formatDay(0); // "1970-01-01"
 */
export function formatDay(day: DayNumber): string {
  let label = dayLabels.get(day);
  if (label === undefined) {
    label = new Date(day * DAY).toISOString().slice(0, 10);
    dayLabels.set(day, label);
  }
  return label;
}

/**
 * ISO weekday of a day number: 1 = Monday … 7 = Sunday.
 *
 * @example
 * isoWeekday(parseDay("2026-03-09") as number); // 1 (a Monday)
 */
export function isoWeekday(day: DayNumber): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

// Zone names come from callers' input: every cache keyed by one is bounded.
const zoneValidity = new BoundedMap<string, boolean>(1_000);

/** Tells whether `zone` is an IANA time zone name this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    try {
      // Temporal accepts IANA names and fixed offsets; reject empty strings and offsets-only on purpose.
      valid =
        zone.length > 0 &&
        /[A-Za-z]/.test(zone) &&
        Temporal.ZonedDateTime.from({ timeZone: zone, year: 2026, month: 1, day: 1 }).timeZoneId
          .length > 0;
    } catch {
      valid = false;
    }
    zoneValidity.set(zone, valid);
  }
  return valid;
}

const canonicalIds = new BoundedMap<string, string>(1_000);

/** Whether two zone names name the same zone, whatever their spelling (`europe/lisbon`). */
export function sameZone(a: string, b: string): boolean {
  return a === b || canonicalZoneId(a) === canonicalZoneId(b);
}

/**
 * The canonical spelling of an IANA zone name (`america/new_york` → `America/New_York`), from a
 * bounded cache, so a hot path never builds an `Intl.DateTimeFormat` twice for one name; a name
 * `Intl` does not know is returned as given.
 *
 * @example
 * canonicalZone("europe/lisbon"); // "Europe/Lisbon"
 */
export function canonicalZone(zone: string): string {
  return canonicalZoneId(zone);
}

function canonicalZoneId(zone: string): string {
  let id = canonicalIds.get(zone);
  if (id === undefined) {
    try {
      id = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      id = zone;
    }
    canonicalIds.set(zone, id);
  }
  return id;
}

/** Offset of `zone` from UTC at the instant `ms`, in milliseconds (east positive). */
export function offsetAt(zone: string, ms: number): number {
  return (
    Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).offsetNanoseconds / 1e6
  );
}

interface DayInfo {
  /** The zone's offset during the whole day, or `undefined` when it changes that day (DST). */
  steadyOffset: number | undefined;
  /** The instant at which the local day starts. */
  startMs: number;
}

/**
 * Converts between a zone's wall time and instants, caching one entry per (zone, day) so that a
 * month of slots costs a handful of Temporal calls; days with a transition take the exact path.
 */
export class ZoneClock {
  readonly zone: string;
  /** About 27 years of days per zone. */
  private readonly days = new BoundedMap<DayNumber, DayInfo>(10_000);

  constructor(zone: string) {
    this.zone = zone;
  }

  private info(day: DayNumber): DayInfo {
    let info = this.days.get(day);
    if (!info) {
      const startMs = this.exact(day, 0);
      const nextStartMs = this.exact(day + 1, 0);
      const a = offsetAt(this.zone, startMs);
      const b = offsetAt(this.zone, nextStartMs - 1);
      // A day that starts late (a DST gap at midnight: Santiago, Cairo, Havana, Beirut) has one
      // offset throughout but only 23 hours: its early wall times need the exact path too.
      const steady = a === b && nextStartMs - startMs === DAY;
      info = { steadyOffset: steady ? a : undefined, startMs };
      this.days.set(day, info);
    }
    return info;
  }

  private exact(day: DayNumber, minute: number): number {
    const date = new Date(day * DAY);
    return Temporal.ZonedDateTime.from(
      {
        timeZone: this.zone,
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour: Math.floor(minute / 60),
        minute: minute % 60,
      },
      { disambiguation: "compatible" },
    ).epochMilliseconds;
  }

  /**
   * The instant of wall time `minute` (minutes after local midnight, may exceed 1440 for the next
   * day) on local `day`. A wall time skipped by DST moves forward by the gap; a repeated one takes
   * the earlier instant (Temporal's "compatible").
   */
  toInstant(day: DayNumber, minute: number): number {
    const carry = Math.floor(minute / 1440);
    const d = day + carry;
    const m = minute - carry * 1440;
    const info = this.info(d);
    if (info.steadyOffset !== undefined) return d * DAY + m * MINUTE - info.steadyOffset;
    return m === 0 ? info.startMs : this.exact(d, m);
  }

  /** The instant at which local `day` starts. */
  dayStart(day: DayNumber): number {
    return this.info(day).startMs;
  }

  /** The day `dayOf` found last and its bounds: slots and bookings come in runs of one day. */
  private lastDay = 0;
  private lastFrom = 0;
  private lastTo = 0;

  /** The local day that contains instant `ms`. */
  dayOf(ms: number): DayNumber {
    if (ms >= this.lastFrom && ms < this.lastTo) return this.lastDay;
    // The UTC day is within one day of the local one (offsets never exceed ±26 h).
    let day = Math.floor(ms / DAY);
    while (this.dayStart(day) > ms) day -= 1;
    while (this.dayStart(day + 1) <= ms) day += 1;
    this.lastDay = day;
    this.lastFrom = this.dayStart(day);
    this.lastTo = this.dayStart(day + 1);
    return day;
  }

  /** The zone's offset at instant `ms`, in milliseconds. */
  offset(ms: number): number {
    return this.info(this.dayOf(ms)).steadyOffset ?? offsetAt(this.zone, ms);
  }

  /** Formats instant `ms` as ISO-8601 with this zone's offset, e.g. `2026-03-09T09:30:00-04:00`. */
  format(ms: number): string {
    return formatWithOffset(ms, this.offset(ms));
  }
}

const offsetLabels = new BoundedMap<number, string>(1_000);
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

function offsetLabel(offsetMs: number): string {
  let label = offsetLabels.get(offsetMs);
  if (label === undefined) {
    if (offsetMs === 0) label = "Z";
    else {
      const abs = Math.abs(offsetMs) / MINUTE;
      label = `${offsetMs > 0 ? "+" : "-"}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
    }
    offsetLabels.set(offsetMs, label);
  }
  return label;
}

/** `HH:MM:00` for each whole minute of a day, built once (1,440 strings at most). */
const minuteLabels: string[] = [];

function minuteLabel(minute: number): string {
  let label = minuteLabels[minute];
  if (label === undefined) {
    label = `${two(Math.floor(minute / 60))}:${two(minute % 60)}:00`;
    minuteLabels[minute] = label;
  }
  return label;
}

/** Formats instant `ms` as ISO-8601 local time with the given offset in milliseconds. */
export function formatWithOffset(ms: number, offsetMs: number): string {
  const local = ms + offsetMs;
  const day = Math.floor(local / DAY);
  const date = formatDay(day);
  const inDay = local - day * DAY;
  if (inDay % MINUTE === 0) return `${date}T${minuteLabel(inDay / MINUTE)}${offsetLabel(offsetMs)}`;
  const seconds = Math.floor(inDay / 1000);
  const millis = inDay - seconds * 1000;
  const hh = Math.floor(seconds / 3600);
  const mm = Math.floor((seconds % 3600) / 60);
  const ss = seconds % 60;
  const fraction = millis === 0 ? "" : `.${String(millis).padStart(3, "0")}`;
  return `${date}T${two(hh)}:${two(mm)}:${two(ss)}${fraction}${offsetLabel(offsetMs)}`;
}

const clocks = new BoundedMap<string, ZoneClock>(1_000);

/**
 * Returns the shared {@link ZoneClock} for `zone` (caches are pure and safe to share; at most
 * 1,000 zones are kept).
 *
 * @example
 * const clock = clockFor("America/New_York");
 * clock.format(clock.toInstant(parseDay("2026-03-09") as number, 9 * 60)); // "2026-03-09T09:00:00-04:00"
 */
export function clockFor(zone: string): ZoneClock {
  let clock = clocks.get(zone);
  if (!clock) {
    clock = new ZoneClock(zone);
    clocks.set(zone, clock);
  }
  return clock;
}

const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/i;

/**
 * Parses an ISO-8601 instant that carries `Z` or an offset; `undefined` when it is not one.
 *
 * @example
 * parseInstant("2026-03-09T09:00:00-04:00"); // 1773061200000
 * parseInstant("2026-03-09T09:00:00"); // undefined (no offset)
 */
export function parseInstant(value: string): number | undefined {
  const m = INSTANT_RE.exec(value);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const sec = m[6] === undefined ? 0 : Number(m[6]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59)
    return undefined;
  const millis = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000 + 1e-6);
  let offset = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offset = (m[9] === "-" ? -1 : 1) * (oh * 60 + om) * MINUTE;
  }
  return Date.UTC(y, mo - 1, d, h, mi, sec, millis) - offset;
}
