// Calendar arithmetic on local dates ("YYYY-MM-DD" day keys and "YYYY-MM" month keys) and the one
// conversion the widget needs from an instant to the clinic's local date, through Intl (no Temporal).

const partsCache = new Map<string, Intl.DateTimeFormat>();

function zonedFormatter(timeZone: string): Intl.DateTimeFormat {
  let format = partsCache.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    partsCache.set(timeZone, format);
  }
  return format;
}

/** Wall-clock fields of an instant in a time zone. */
export interface WallTime {
  day: string;
  hour: number;
  minute: number;
}

/**
 * The local date ("YYYY-MM-DD") and time of an instant in an IANA time zone.
 *
 * @example
 * wallTime(Date.parse("2026-03-09T23:30:00Z"), "Europe/Madrid"); // { day: "2026-03-10", hour: 0, minute: 30 }
 */
export function wallTime(instant: number, timeZone: string): WallTime {
  const parts: Record<string, string> = {};
  for (const part of zonedFormatter(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
  };
}

/**
 * The local date ("YYYY-MM-DD") of an instant (epoch ms or ISO string) in a time zone.
 *
 * @example
 * dayKeyOf("2026-03-09T09:30:00+00:00", "Europe/Lisbon"); // "2026-03-09"
 */
export function dayKeyOf(instant: number | string, timeZone: string): string {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant;
  return wallTime(ms, timeZone).day;
}

function split(key: string): [number, number, number] {
  const [y = "1970", m = "01", d = "01"] = key.split("-");
  return [Number(y), Number(m), Number(d)];
}

function keyOfUtc(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * A day key moved by a number of days.
 *
 * @example
 * addDays("2026-02-28", 1); // "2026-03-01"
 */
export function addDays(key: string, days: number): string {
  const [y, m, d] = split(key);
  return keyOfUtc(new Date(Date.UTC(y, m - 1, d + days)));
}

/**
 * Days in the month of a day or month key.
 *
 * @example
 * daysInMonth("2028-02"); // 29
 */
export function daysInMonth(key: string): number {
  const [y, m] = split(key);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * A day key moved by whole months, keeping the day of month where it exists (31 Jan + 1 → 28/29 Feb).
 *
 * @example
 * addMonths("2026-01-31", 1); // "2026-02-28"
 */
export function addMonths(key: string, months: number): string {
  const [y, m, d] = split(key);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const month = keyOfUtc(first).slice(0, 7);
  return `${month}-${String(Math.min(d, daysInMonth(month))).padStart(2, "0")}`;
}

/**
 * Day of the week of a day key, 0 = Sunday … 6 = Saturday.
 *
 * @example
 * weekday("2026-03-03"); // 2 (Tuesday)
 */
export function weekday(key: string): number {
  const [y, m, d] = split(key);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/**
 * The weeks of a month ("YYYY-MM") as rows of seven day keys, `null` outside the month.
 *
 * @example
 * monthWeeks("2026-03", 1)[0]; // [null, null, null, null, null, null, "2026-03-01"]
 */
export function monthWeeks(month: string, firstDayOfWeek: number): Array<Array<string | null>> {
  const total = daysInMonth(month);
  const lead = (weekday(`${month}-01`) - firstDayOfWeek + 7) % 7;
  const cells: Array<string | null> = Array.from({ length: lead }, () => null);
  for (let day = 1; day <= total; day += 1) cells.push(`${month}-${String(day).padStart(2, "0")}`);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: Array<Array<string | null>> = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/**
 * The first and last day of the week (by `firstDayOfWeek`) that contains a day.
 *
 * @example
 * weekBounds("2026-03-04", 1); // ["2026-03-02", "2026-03-08"]
 */
export function weekBounds(key: string, firstDayOfWeek: number): [string, string] {
  const back = (weekday(key) - firstDayOfWeek + 7) % 7;
  const start = addDays(key, -back);
  return [start, addDays(start, 6)];
}

/**
 * The first day of the week for a locale (1 = Monday, 0 = Sunday), from Intl.Locale week info
 * where the browser has it.
 *
 * @example
 * firstDayOfWeek("en-GB"); // 1
 */
export function firstDayOfWeek(locale: string): number {
  try {
    const loc = new Intl.Locale(locale) as Intl.Locale & {
      getWeekInfo?: () => { firstDay: number };
      weekInfo?: { firstDay: number };
    };
    const info = loc.getWeekInfo?.() ?? loc.weekInfo;
    if (info) return info.firstDay % 7;
    const region = loc.maximize().region;
    return /US|BR|CA|MX/.test(`${region}`) ? 0 : 1;
  } catch {
    return 1;
  }
}

/**
 * Clamps a day key into [min, max] (string order is date order for day keys).
 *
 * @example
 * clampDay("2026-01-01", "2026-03-01", "2026-12-31"); // "2026-03-01"
 */
export function clampDay(key: string, min: string, max: string): string {
  if (key < min) return min;
  if (key > max) return max;
  return key;
}
