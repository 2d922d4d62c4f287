// Pure helpers of the staff grid: clinic-zone wall times, the visible hour range, shifts and
// breaks of a calendar on a date, and side-by-side lanes for overlapping appointments.
import type { StaffAppointment, StaffCalendar, WallRange } from "./api.js";

/** Minutes of one grid row. */
export const STEP = 15;

/**
 * Minutes since local midnight of `HH:MM` (24:00 → 1440).
 *
 * @example
 * toMinutes("09:30"); // 570
 */
export function toMinutes(wall: string): number {
  const [h, m] = wall.split(":");
  return Number(h) * 60 + Number(m);
}

/**
 * `HH:MM` of minutes since midnight.
 *
 * @example
 * wallTime(570); // "09:30"
 */
export function wallTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/**
 * The local date and minutes of a server time written in the clinic's zone
 * (`2026-03-09T09:30:00+01:00`).
 *
 * @example
 * localParts("2026-03-09T09:30:00Z"); // { date: "2026-03-09", minutes: 570 }
 */
export function localParts(value: string): { date: string; minutes: number } {
  return { date: value.slice(0, 10), minutes: toMinutes(value.slice(11, 16)) };
}

function offsetMinutes(zone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"));
  return Math.round((asUtc - Math.floor(utcMs / 60_000) * 60_000) / 60_000);
}

/**
 * The instant (UTC ISO string) of a wall time on a local date in a zone.
 *
 * @example
 * instantOf("2026-07-01", 540, "Europe/Lisbon"); // "2026-07-01T08:00:00.000Z"
 */
export function instantOf(date: string, minutes: number, zone: string): string {
  const [y, mo, d] = date.split("-").map(Number);
  const wall = Date.UTC(y ?? 1970, (mo ?? 1) - 1, d ?? 1, 0, minutes);
  let guess = wall - offsetMinutes(zone, wall) * 60_000;
  guess = wall - offsetMinutes(zone, guess) * 60_000;
  return new Date(guess).toISOString();
}

/**
 * Today's date (`YYYY-MM-DD`) in a time zone, at `now` (default: the device's clock); the one
 * "today" of the staff app and its sections.
 *
 * @example
 * todayIn("Europe/Lisbon", Date.parse("2026-03-09T23:30:00Z")); // "2026-03-09"
 * todayIn("Asia/Tokyo", new Date("2026-03-09T23:30:00Z")); // "2026-03-10"
 */
export function todayIn(zone: string, now: number | Date = Date.now()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

/**
 * A date `days` after another (`YYYY-MM-DD`).
 *
 * @example
 * addDays("2026-03-31", 1); // "2026-04-01"
 */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * ISO weekday of a date (1 = Monday).
 *
 * @example
 * isoWeekday("2026-03-09"); // 1
 */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** A calendar's working hours and breaks on one date, in minutes. */
export interface DayHours {
  shifts: Array<{ start: number; end: number }>;
  breaks: Array<{ start: number; end: number }>;
  closed: Array<{ start: number; end: number }>;
  /** Time off that date (vacation, training), in the calendar's wall-clock minutes. */
  timeOff: Array<{ start: number; end: number; reason?: string }>;
}

function span(r: WallRange) {
  const start = toMinutes(r.start);
  let end = toMinutes(r.end);
  if (end <= start) end = 24 * 60;
  return { start, end };
}

/**
 * Shifts, breaks, closures and time off of a calendar on a date (weekly shifts with their
 * validity, date overrides of type hours / extra / closed, time off between two instants, read in
 * the calendar's zone, else `zone`).
 *
 * @example
 * hoursOn(calendar, "2026-03-09").shifts; // [{ start: 540, end: 1020 }]
 */
export function hoursOn(calendar: StaffCalendar, date: string, zone = "UTC"): DayHours {
  const weekday = isoWeekday(date);
  const overrides = (calendar.overrides ?? []).filter((o) => o.date === date);
  let hours: Array<WallRange & { breaks?: WallRange[] }> = (calendar.weekly ?? []).filter(
    (s) =>
      s.weekday === weekday &&
      (!s.validFrom || s.validFrom <= date) &&
      (!s.validUntil || s.validUntil >= date),
  );
  const closed: DayHours["closed"] = [];
  for (const o of overrides) {
    if (o.type === "hours") hours = [...o.hours];
    else if (o.type === "extra") hours = [...hours, ...o.hours];
  }
  for (const o of overrides) {
    if (o.type !== "closed") continue;
    if (o.start && o.end) closed.push(span({ start: o.start, end: o.end }));
    else closed.push({ start: 0, end: 24 * 60 });
  }
  // Wall-clock minutes of an instant on this date (negative before it, past 1440 after it).
  const tz = calendar.timeZone ?? zone;
  const midnight = Date.parse(`${date}T00:00:00Z`);
  const wallMinutes = (instant: string) => {
    const ms = Date.parse(instant);
    return Math.round((ms + offsetMinutes(tz, ms) * 60_000 - midnight) / 60_000);
  };
  const timeOff: DayHours["timeOff"] = [];
  for (const t of calendar.timeOff ?? []) {
    const start = Math.max(0, wallMinutes(t.start));
    const end = Math.min(24 * 60, wallMinutes(t.end));
    if (end > start) timeOff.push(t.reason ? { start, end, reason: t.reason } : { start, end });
  }
  return {
    shifts: hours.map(span),
    breaks: hours.flatMap((h) => (h.breaks ?? []).map(span)),
    closed,
    timeOff,
  };
}

/**
 * The rows' range for a day: the union of the calendars' `visibleHours`, else of their shifts,
 * else 08:00–18:00; widened to cover the appointments; whole quarter hours.
 *
 * @example
 * visibleRange(calendars, "2026-03-09", appointments); // { start: 480, end: 1080 }
 */
export function visibleRange(
  calendars: readonly StaffCalendar[],
  date: string,
  appointments: readonly StaffAppointment[] = [],
): { start: number; end: number } {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const c of calendars) {
    const ranges = c.visibleHours ? [span(c.visibleHours)] : hoursOn(c, date).shifts;
    for (const r of ranges) {
      start = Math.min(start, r.start);
      end = Math.max(end, r.end);
    }
  }
  if (!Number.isFinite(start)) {
    start = 8 * 60;
    end = 18 * 60;
  }
  for (const a of appointments) {
    const s = localParts(a.start);
    const e = localParts(a.end);
    if (s.date !== date) continue;
    start = Math.min(start, s.minutes);
    end = Math.max(end, e.date === date ? e.minutes : 24 * 60);
  }
  return {
    start: Math.floor(start / STEP) * STEP,
    end: Math.min(24 * 60, Math.ceil(end / STEP) * STEP),
  };
}

/** An appointment placed in a column: its lane among overlapping ones. */
export interface Placed {
  appointment: StaffAppointment;
  start: number;
  end: number;
  lane: number;
  lanes: number;
}

/**
 * Places one column's appointments side by side: overlapping ones share the width in lanes.
 *
 * @example
 * placeLanes(appointments, "2026-03-09"); // [{ appointment, start: 540, end: 590, lane: 0, lanes: 2 }, …]
 */
export function placeLanes(appointments: readonly StaffAppointment[], date: string): Placed[] {
  const items = appointments
    .map((appointment) => {
      const s = localParts(appointment.start);
      const e = localParts(appointment.end);
      return {
        appointment,
        start: s.date === date ? s.minutes : 0,
        end: e.date === date ? e.minutes : 24 * 60,
        lane: 0,
        lanes: 1,
      };
    })
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Placed[] = [];
  let cluster: Placed[] = [];
  let clusterEnd = -1;
  const close = () => {
    const lanes = cluster.reduce((n, p) => Math.max(n, p.lane + 1), 1);
    for (const p of cluster) p.lanes = lanes;
    out.push(...cluster);
    cluster = [];
  };
  for (const item of items) {
    if (item.start >= clusterEnd && cluster.length > 0) close();
    const laneEnds: number[] = [];
    for (const p of cluster) laneEnds[p.lane] = Math.max(laneEnds[p.lane] ?? 0, p.end);
    let lane = laneEnds.findIndex((end) => end <= item.start);
    if (lane === -1) lane = laneEnds.length;
    item.lane = lane;
    cluster.push(item);
    clusterEnd = Math.max(clusterEnd, item.end);
  }
  if (cluster.length > 0) close();
  return out;
}
