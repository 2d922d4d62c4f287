import type { Calendar } from "../model.js";

type Override = Calendar["overrides"][number];

import { mergeSpans, mergeSpansByDay, type Span, subtractSpans } from "../time/intervals.js";
import {
  clockFor,
  type DayNumber,
  formatDay,
  isoWeekday,
  parseDay,
  parseInstant,
} from "../time/zoned.js";

/** Open hours and breaks of one calendar over a window, as sorted instants. */
export interface OpenHours {
  /** Sorted, disjoint spans when the calendar is open (shifts − breaks − closures − time off). */
  open: Span[];
  /**
   * The same hours merged only within each local day: the spans whose starts anchor the slot
   * grid. Sorted by start; spans of different days may touch or overlap (a night shift and the
   * next morning's), and each keeps the day its shifts start on.
   */
  grid: Span[];
  /** Sorted break spans (inside shifts); used to tell `IN_BREAK` from `OUTSIDE_SHIFT`. */
  breaks: Span[];
}

type DayHours = {
  start: string;
  end: string;
  breaks?: { start: string; end: string }[] | undefined;
};

/** Minutes after midnight of an `HH:MM` wall time (`24:00` → 1440). */
export function wallMinutes(value: string): number {
  return Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));
}

/**
 * The hours that apply on local `day` before partial closures: weekly shifts or an `hours`
 * override, plus extras; none at all on a day closed as a whole. `overrides` are that date's.
 */
function hoursOn(
  calendar: Calendar,
  overrides: readonly Override[],
  day: DayNumber,
  date: string,
): DayHours[] {
  let replaced: DayHours[] | undefined;
  let closedAllDay = false;
  const extra: DayHours[] = [];
  for (const o of overrides) {
    if (o.type === "hours") replaced = [...(replaced ?? []), ...o.hours];
    else if (o.type === "extra") extra.push(...o.hours);
    else if (o.type === "closed" && o.start === undefined && o.end === undefined)
      closedAllDay = true;
  }
  // A whole-day closure wins over every kind of hours on that date, extras included, exactly
  // like the same closure spelled 00:00–24:00 (decision 0011).
  if (closedAllDay) return [];
  let base: DayHours[];
  if (replaced) base = replaced;
  else {
    const weekday = isoWeekday(day);
    base = calendar.weekly.filter(
      (s) =>
        s.weekday === weekday &&
        (s.validFrom === undefined || s.validFrom <= date) &&
        (s.validUntil === undefined || s.validUntil >= date),
    );
  }
  return extra.length > 0 ? [...base, ...extra] : base;
}

/** A calendar's overrides by date, in their listed order (one pass, not one per day). */
function overridesByDate(calendar: Calendar): Map<string, Override[]> {
  const byDate = new Map<string, Override[]>();
  for (const o of calendar.overrides) {
    const list = byDate.get(o.date);
    if (list) list.push(o);
    else byDate.set(o.date, [o]);
  }
  return byDate;
}

const NO_OVERRIDES: readonly Override[] = [];

/**
 * Computes a calendar's open hours and breaks for every shift that starts on a local day touching
 * `[fromMs, toMs)`; a shift that crosses midnight belongs to the day it starts.
 */
export function openHours(calendar: Calendar, fromMs: number, toMs: number): OpenHours {
  const clock = clockFor(calendar.timeZone);
  const firstDay = clock.dayOf(fromMs) - 1; // the day before may hold a shift that crosses midnight
  const lastDay = clock.dayOf(Math.max(fromMs, toMs - 1));
  const open: Span[] = [];
  const breaks: Span[] = [];
  const closures: { start: number; end: number }[] = [];
  const overrides = overridesByDate(calendar);
  for (let day = firstDay; day <= lastDay; day++) {
    const date = formatDay(day);
    const todays = overrides.get(date) ?? NO_OVERRIDES;
    for (const h of hoursOn(calendar, todays, day, date)) {
      const startMin = wallMinutes(h.start);
      let endMin = wallMinutes(h.end);
      if (endMin <= startMin) endMin += 1440;
      const span: Span = {
        start: clock.toInstant(day, startMin),
        end: clock.toInstant(day, endMin),
        day,
      };
      if (span.end <= span.start) continue;
      const cuts: Span[] = [];
      for (const b of h.breaks ?? []) {
        let bs = wallMinutes(b.start);
        let be = wallMinutes(b.end);
        if (bs < startMin) bs += 1440; // a break after midnight in a shift that crosses it
        if (be <= bs) be += 1440;
        const cut: Span = {
          start: Math.max(span.start, clock.toInstant(day, bs)),
          end: Math.min(span.end, clock.toInstant(day, be)),
          day,
        };
        if (cut.end > cut.start) cuts.push(cut);
      }
      open.push(...subtractSpans([span], cuts));
      breaks.push(...cuts);
    }
    for (const o of todays) {
      if (o.type !== "closed" || (o.start === undefined && o.end === undefined)) continue;
      const s = o.start === undefined ? 0 : wallMinutes(o.start);
      const e = o.end === undefined ? 1440 : wallMinutes(o.end);
      closures.push({ start: clock.toInstant(day, s), end: clock.toInstant(day, e) });
    }
  }
  for (const t of calendar.timeOff) {
    closures.push({ start: parseInstant(t.start) ?? 0, end: parseInstant(t.end) ?? 0 });
  }
  const grid = subtractSpans(mergeSpansByDay(open), closures);
  return { open: mergeSpans(grid), grid, breaks: mergeSpans(breaks) };
}

/** Parses a `YYYY-MM-DD` that the schema already validated. */
export function dayOf(date: string): DayNumber {
  return parseDay(date) as DayNumber;
}
