import { type Options, RRule } from "rrule";
import { z } from "zod";
import { wallMinutes } from "../availability/open-hours.js";
import { EngineError } from "../errors.js";
import { dateSchema, timeZoneSchema, wallTimeSchema, weekdaySchema } from "../model.js";
import {
  clockFor,
  DAY,
  type DayNumber,
  formatDay,
  isoWeekday,
  MINUTE,
  parseDay,
} from "../time/zoned.js";
import { parseInput } from "../validate.js";
import { formatWallTime } from "./wall-time.js";

/** Default and hard upper bound of occurrences one recurrence may expand to. */
export const MAX_OCCURRENCES = 200;
/** The largest `maxOccurrences` a caller may ask for. */
export const MAX_OCCURRENCES_LIMIT = 1000;

const positiveInt = (max: number) =>
  z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(max, `must be at most ${max}`);

/**
 * A recurrence, interpreted in `timeZone` (the calendar's zone): every occurrence starts at the
 * wall time `time` of its local date, so "Tue and Thu 17:00" stays 17:00 across DST changes.
 *
 * Give either the pattern (`weekdays`, `everyWeeks`, bounded by `count`, `weeks` and/or `until`)
 * or a raw RFC 5545 `rule` such as `FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8`.
 */
export const recurrenceSchema = z
  .object({
    /** First date of the series (the RFC 5545 DTSTART date); nothing before it is produced. */
    startDate: dateSchema,
    /** Wall time of every occurrence, `HH:MM`. */
    time: wallTimeSchema.refine((v) => v !== "24:00", "must be before 24:00"),
    /** IANA zone the dates and `time` are read in; defaults to the provider calendar's zone. */
    timeZone: timeZoneSchema.optional(),
    /** Raw RRULE (without DTSTART/TZID: use `startDate`, `time`, `timeZone`). Excludes the pattern. */
    rule: z
      .string()
      .min(1, "must not be empty")
      .max(500, "must be at most 500 characters")
      .optional(),
    /** ISO weekdays (1 = Monday … 7 = Sunday) of the pattern; defaults to `startDate`'s weekday. */
    weekdays: z
      .array(weekdaySchema)
      .min(1, "must list at least one weekday")
      .max(7)
      .refine((v) => new Set(v).size === v.length, "must not repeat a weekday")
      .optional(),
    /** Repeat every N weeks (1 = weekly, 2 = fortnightly). */
    everyWeeks: positiveInt(52).default(1),
    /** Number of sessions (occurrences) in the pattern. */
    count: positiveInt(MAX_OCCURRENCES_LIMIT).optional(),
    /** Number of weeks: each listed weekday occurs this many times (counted from `startDate`). */
    weeks: positiveInt(520).optional(),
    /** Last date (inclusive, local) an occurrence may fall on. Applies to `rule` too. */
    until: dateSchema.optional(),
    /** Dates to leave out (holidays). In the pattern they do not use up `count`. */
    skipDates: z.array(dateSchema).max(366).default([]),
    /** Cap on the expansion; more occurrences than this is an error. */
    maxOccurrences: positiveInt(MAX_OCCURRENCES_LIMIT).default(MAX_OCCURRENCES),
  })
  .superRefine((r, ctx) => {
    if (r.rule !== undefined) {
      for (const key of ["weekdays", "count", "weeks"] as const) {
        if (r[key] !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: "must not be combined with rule (put it in the RRULE instead)",
          });
        }
      }
    } else if (r.count === undefined && r.weeks === undefined && r.until === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["count"],
        message: "the pattern needs an end: give count, weeks or until",
      });
    }
    if (r.until !== undefined && r.until < r.startDate) {
      ctx.addIssue({ code: "custom", path: ["until"], message: "must not be before startDate" });
    }
  });

/** A recurrence as accepted by {@link expandRecurrence}. */
export type RecurrenceInput = z.input<typeof recurrenceSchema>;

/** One expanded occurrence: its position, local date and wall time, and the instant it starts. */
export interface Occurrence {
  /** 0-based position in the series. */
  index: number;
  /** Local date `YYYY-MM-DD` in the recurrence's zone. */
  date: string;
  /** Wall time asked for, `HH:MM` (a time skipped by a DST gap starts later, see `start`). */
  time: string;
  /** ISO-8601 instant with the zone's offset. */
  start: string;
  /** `start` in epoch milliseconds. */
  startMs: number;
}

const ALLOWED_FREQ = new Set(["YEARLY", "MONTHLY", "WEEKLY", "DAILY"]);
const NUMBER_LIST = /^[+-]?\d{1,3}(?:,[+-]?\d{1,3})*$/;
const RULE_KEYS: Record<string, (value: string) => string | undefined> = {
  FREQ: (v) =>
    ALLOWED_FREQ.has(v)
      ? undefined
      : "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY (the time of day comes from `time`)",
  INTERVAL: (v) => (/^[1-9]\d{0,2}$/.test(v) ? undefined : "INTERVAL must be 1–999"),
  COUNT: (v) => (/^[1-9]\d{0,3}$/.test(v) ? undefined : "COUNT must be a positive whole number"),
  UNTIL: (v) =>
    parseUntil(v) === undefined
      ? "UNTIL must be YYYYMMDD, YYYYMMDDTHHMMSS or YYYYMMDDTHHMMSSZ"
      : undefined,
  BYDAY: (v) =>
    /^(?:[+-]?\d{1,2})?(?:MO|TU|WE|TH|FR|SA|SU)(?:,(?:[+-]?\d{1,2})?(?:MO|TU|WE|TH|FR|SA|SU))*$/.test(
      v,
    )
      ? undefined
      : "BYDAY must list weekdays such as TU,TH or 1MO,-1FR",
  WKST: (v) => (/^(?:MO|TU|WE|TH|FR|SA|SU)$/.test(v) ? undefined : "WKST must be MO … SU"),
  BYMONTH: (v) => (NUMBER_LIST.test(v) ? undefined : "BYMONTH must list numbers"),
  BYMONTHDAY: (v) => (NUMBER_LIST.test(v) ? undefined : "BYMONTHDAY must list numbers"),
  BYSETPOS: (v) => (NUMBER_LIST.test(v) ? undefined : "BYSETPOS must list numbers"),
  BYYEARDAY: (v) => (NUMBER_LIST.test(v) ? undefined : "BYYEARDAY must list numbers"),
  BYWEEKNO: (v) => (NUMBER_LIST.test(v) ? undefined : "BYWEEKNO must list numbers"),
};
const REJECTED_KEYS: Record<string, string> = {
  DTSTART: "DTSTART is not allowed in rule: use startDate and time",
  TZID: "TZID is not allowed in rule: use timeZone",
  BYHOUR: "BYHOUR is not allowed in rule: the time of day comes from `time`",
  BYMINUTE: "BYMINUTE is not allowed in rule: the time of day comes from `time`",
  BYSECOND: "BYSECOND is not allowed in rule: the time of day comes from `time`",
};

/** UNTIL as `{ day, minute, utc }`; a date-only UNTIL covers the whole day. */
function parseUntil(
  value: string,
): { day: DayNumber; minute: number; second: number; utc: boolean } | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value);
  if (!m) return undefined;
  const day = parseDay(`${m[1]}-${m[2]}-${m[3]}`);
  if (day === undefined) return undefined;
  if (m[4] === undefined) return { day, minute: 1439, second: 59, utc: false };
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const s = Number(m[6]);
  if (h > 23 || mi > 59 || s > 59) return undefined;
  return { day, minute: h * 60 + mi, second: s, utc: m[7] === "Z" };
}

/** Floating wall time (a UTC `Date` whose fields are the local fields) for rrule. */
function floating(day: DayNumber, minute: number, second = 0): Date {
  return new Date(day * DAY + minute * MINUTE + second * 1000);
}

/** Validates a raw RRULE and turns it into rrule options (UNTIL read in `zone`). */
function ruleOptions(
  rule: string,
  zone: string,
  fail: (message: string) => never,
): Partial<Options> {
  const body = rule.trim().replace(/^RRULE:/i, "");
  if (/[\r\n]/.test(body)) fail("must be a single RRULE line");
  const seen = new Set<string>();
  let untilValue: string | undefined;
  const kept: string[] = [];
  for (const part of body.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) fail(`"${part}" is not KEY=VALUE`);
    const key = part.slice(0, eq).trim().toUpperCase();
    const value = part
      .slice(eq + 1)
      .trim()
      .toUpperCase();
    const rejected = REJECTED_KEYS[key];
    if (rejected) fail(rejected);
    const check = RULE_KEYS[key];
    if (!check) fail(`unknown RRULE property ${key}`);
    if (seen.has(key)) fail(`${key} is given twice`);
    seen.add(key);
    const problem = check?.(value);
    if (problem) fail(problem);
    if (key === "UNTIL") untilValue = value;
    else kept.push(`${key}=${value}`);
  }
  if (!seen.has("FREQ")) fail("FREQ is required, e.g. FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8");
  if (seen.has("COUNT") && untilValue !== undefined) fail("COUNT and UNTIL must not both be given");
  let options: Partial<Options>;
  try {
    options = RRule.parseString(kept.join(";"));
  } catch (error) {
    return fail(error instanceof Error ? error.message : "is not a valid RRULE");
  }
  if (untilValue !== undefined) {
    const u = parseUntil(untilValue);
    if (u) {
      if (u.utc) {
        // A UTC UNTIL (RFC 5545 form with a zoned DTSTART) is an instant: read it as the zone's wall time.
        const clock = clockFor(zone);
        const ms = u.day * DAY + u.minute * MINUTE + u.second * 1000;
        options.until = new Date(ms + clock.offset(ms));
      } else {
        options.until = floating(u.day, u.minute, u.second);
      }
    }
  }
  return options;
}

/**
 * Parses a recurrence with zod (errors name `recurrence.<field>`), filling in the defaults.
 *
 * @example
 * const r = parseRecurrence({ startDate: "2026-03-03", time: "17:00", weekdays: [2, 4], count: 8 });
 * r.everyWeeks; // 1
 */
export function parseRecurrence(input: RecurrenceInput): Recurrence {
  return parseInput(recurrenceSchema, input, "recurrence");
}

/**
 * Expands a recurrence into its occurrences, in order. The rule runs on floating wall time (rrule
 * never sees a zone); each wall time is then turned into an instant in the zone, so occurrences
 * keep their local time across DST. A wall time skipped by a DST gap moves forward by the gap
 * (02:30 on a spring-forward night starts at 03:30) — back by it when the gap ends the day, so an
 * occurrence never leaves its date; a repeated one takes the earlier instant.
 *
 * Throws `EngineError` `INVALID_INPUT` naming the field when the input is invalid, when no zone
 * is known, or when the series has more than `maxOccurrences` (default 200) occurrences.
 *
 * @example
 * // 8 sessions, Tuesdays and Thursdays at 17:00 from 3 March 2026, in Lisbon
 * const dates = expandRecurrence({
 *   startDate: "2026-03-03", time: "17:00", timeZone: "Europe/Lisbon", weekdays: [2, 4], count: 8,
 * });
 * dates.map((o) => o.start); // ["2026-03-03T17:00:00Z", "2026-03-05T17:00:00Z", …, "2026-04-02T17:00:00+01:00"]
 */
export function expandRecurrence(input: RecurrenceInput, defaultTimeZone?: string): Occurrence[] {
  return expandParsedRecurrence(parseRecurrence(input), defaultTimeZone, "recurrence");
}

/** The validated form of a recurrence. */
export type Recurrence = z.output<typeof recurrenceSchema>;

/**
 * {@link expandRecurrence} for an already validated recurrence; errors name `<root>.<field>`.
 *
 * @example
 * expandParsedRecurrence(parsed.recurrence, "Europe/Lisbon", "request.recurrence");
 */
export function expandParsedRecurrence(
  r: Recurrence,
  defaultTimeZone: string | undefined,
  root: string,
): Occurrence[] {
  const fail = (field: string, message: string): never => {
    throw new EngineError("INVALID_INPUT", `Invalid ${root}: ${root}.${field}: ${message}`, [
      { field: `${root}.${field}`, message },
    ]);
  };
  const zone = r.timeZone ?? defaultTimeZone;
  if (zone === undefined) {
    return fail("timeZone", "is required: the calendars do not determine one zone");
  }
  const startDay = parseDay(r.startDate) as DayNumber;
  const minuteOfDay = wallMinutes(r.time);
  const dtstart = floating(startDay, minuteOfDay);

  let options: Partial<Options>;
  let countLimit: number | undefined;
  if (r.rule !== undefined) {
    options = ruleOptions(r.rule, zone, (message) => fail("rule", message));
  } else {
    const weekdays = (r.weekdays ?? [isoWeekday(startDay)]).slice().sort((a, b) => a - b);
    // Weeks start on startDate's weekday, so "× N weeks" gives every listed weekday exactly N times.
    options = {
      freq: RRule.WEEKLY,
      interval: r.everyWeeks,
      byweekday: weekdays.map((d) => d - 1),
      wkst: isoWeekday(startDay) - 1,
    };
    if (r.weeks !== undefined) {
      options.until = floating(startDay + 7 * r.everyWeeks * r.weeks - 1, 1439, 59);
    }
    countLimit = r.count;
  }
  if (r.until !== undefined) {
    const untilDate = floating(parseDay(r.until) as DayNumber, 1439, 59);
    if (!options.until || options.until.getTime() > untilDate.getTime()) options.until = untilDate;
  }

  const rule = new RRule({ ...options, dtstart, tzid: null });
  const skip = new Set(r.skipDates);
  const clock = clockFor(zone);
  const result: Occurrence[] = [];
  let overflow = false;
  rule.all((date) => {
    const ms = date.getTime();
    const day = Math.floor(ms / DAY);
    const dateText = formatDay(day);
    if (!skip.has(dateText)) {
      if (result.length === r.maxOccurrences) {
        overflow = true;
        return false;
      }
      const minute = Math.round((ms - day * DAY) / MINUTE);
      let startMs = clock.toInstant(day, minute);
      if (clock.dayOf(startMs) !== day) {
        // A gap at the very end of the day (Nuuk: 23:00 → 00:00) would push the wall time into
        // the next day; take the instant before the gap instead, so the occurrence keeps its date.
        startMs -= clock.offset(startMs) - clock.offset(clock.dayStart(day));
      }
      result.push({
        index: result.length,
        date: dateText,
        time: formatWallTime(minute),
        start: clock.format(startMs),
        startMs,
      });
    }
    return countLimit === undefined || result.length < countLimit;
  });
  if (overflow) {
    fail(
      r.rule !== undefined ? "rule" : "count",
      `yields more than ${r.maxOccurrences} occurrences (the cap); add or lower COUNT/UNTIL, count, weeks or until, or raise maxOccurrences (at most ${MAX_OCCURRENCES_LIMIT})`,
    );
  }
  return result;
}
