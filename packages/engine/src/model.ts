import { z } from "zod";
import { isCurrencyCode } from "./billing/currency.js";
import { isValidTimeZone, parseDay, parseInstant } from "./time/zoned.js";

// ---------------------------------------------------------------------------------------------
// Scalars
// ---------------------------------------------------------------------------------------------

/** `HH:MM` wall time, 00:00–24:00 (24:00 only makes sense as an end). */
export const wallTimeSchema = z
  .string()
  .regex(
    /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/,
    "must be a wall time HH:MM between 00:00 and 24:00",
  );

/** The first and last year of a {@link dateSchema} date (what a database timestamp holds with room). */
export const DATE_YEARS = { first: 1970, last: 2199 } as const;

/**
 * `YYYY-MM-DD` civil date in the years 1970–2199 ({@link DATE_YEARS}): every date the engine and
 * the API accept (overrides, shift validity, series, packages, queries) — `9999-01-01` is refused.
 */
export const dateSchema = z
  .string()
  .refine((v) => parseDay(v) !== undefined, "must be a real date YYYY-MM-DD")
  .refine((v) => {
    const year = Number(v.slice(0, 4));
    return !Number.isInteger(year) || (year >= DATE_YEARS.first && year <= DATE_YEARS.last);
  }, `must be between the years ${DATE_YEARS.first} and ${DATE_YEARS.last}`);

/** ISO-8601 instant with `Z` or an explicit offset, e.g. `2026-03-09T09:30:00-04:00`. */
export const instantSchema = z
  .string()
  .refine(
    (v) => parseInstant(v) !== undefined,
    "must be an ISO-8601 date-time with an offset, e.g. 2026-03-09T09:30:00-04:00",
  );

/** IANA time zone name such as `Europe/Lisbon`. */
export const timeZoneSchema = z
  .string()
  .refine(isValidTimeZone, "must be an IANA time zone name such as Europe/Lisbon");

/**
 * Identifier: 1–128 ASCII letters, digits, `_`, `-`, `.` or `:`, starting with a letter, digit or
 * `_` (`physio`, `dr-ana`, `cli_x7Yz`). Safe in a URL path segment, a file name and a log line: no
 * `/`, no `..` path, no spaces or control characters.
 */
export const idSchema = z
  .string()
  .min(1, "must not be empty")
  .max(128, "must be at most 128 characters")
  .regex(
    /^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/,
    "must be letters, digits, _ - . or : (starting with a letter, digit or _)",
  );

/** ISO 4217 currency code of a currency in use (`EUR`, `BHD`; not `ZZZ`), see `isCurrencyCode`. */
export const currencySchema = z
  .string()
  .refine(isCurrencyCode, "must be an ISO 4217 code such as EUR");

/** An amount of money in integer minor units (cents) with its currency. */
export const moneySchema = z.object({
  amount: z.number().int("must be an integer number of minor units (e.g. cents)"),
  currency: currencySchema,
});
/** An amount of money in integer minor units (cents) with its currency. */
export type Money = z.infer<typeof moneySchema>;

const minutes = (max: number) =>
  z
    .number()
    .int("must be a whole number of minutes")
    .min(0, "must not be negative")
    .max(max, `must be at most ${max}`);

// ---------------------------------------------------------------------------------------------
// Calendars
// ---------------------------------------------------------------------------------------------

/** A wall-time range within a day, e.g. a break `12:00–13:00`. */
export const timeRangeSchema = z
  .object({ start: wallTimeSchema, end: wallTimeSchema })
  .refine((r) => r.start !== "24:00", { message: "start must be before 24:00", path: ["start"] })
  .refine((r) => r.start !== r.end, { message: "end must differ from start", path: ["end"] });
/** A wall-time range within a day, e.g. a break `12:00–13:00`. */
export type TimeRange = z.infer<typeof timeRangeSchema>;

const wallToMinutes = (value: string) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));

/**
 * Whether a break lies inside its shift, both read from the shift's start: a shift or break whose
 * end is at or before its start runs past midnight.
 */
function breakInsideShift(shift: { start: string; end: string }, b: TimeRange): boolean {
  const s = wallToMinutes(shift.start);
  let e = wallToMinutes(shift.end);
  if (e <= s) e += 1440;
  let bs = wallToMinutes(b.start);
  if (bs < s) bs += 1440;
  let be = wallToMinutes(b.end);
  if (be <= bs) be += 1440;
  return bs < be && be <= e;
}

/** Working hours on one day: `start`–`end` with breaks; an end at or before the start crosses midnight. */
export const hoursSchema = z
  .object({
    start: wallTimeSchema,
    end: wallTimeSchema,
    breaks: z.array(timeRangeSchema).max(20).default([]),
  })
  .refine((h) => h.start !== "24:00", { message: "start must be before 24:00", path: ["start"] })
  .refine((h) => h.start !== h.end, { message: "end must differ from start", path: ["end"] })
  .superRefine((h, ctx) => {
    if (h.start === "24:00" || h.start === h.end) return;
    h.breaks.forEach((b, i) => {
      if (b.start === "24:00" || b.start === b.end || breakInsideShift(h, b)) return;
      ctx.addIssue({
        code: "custom",
        message: `must lie within the shift ${h.start}–${h.end}`,
        path: ["breaks", i],
      });
    });
  });
/** Working hours on one day: `start`–`end` with breaks; an end at or before the start crosses midnight. */
export type Hours = z.input<typeof hoursSchema>;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const weekdaySchema = z
  .number()
  .int()
  .min(1, "must be 1 (Monday) to 7 (Sunday)")
  .max(7, "must be 1 (Monday) to 7 (Sunday)");

/** A weekly shift: on `weekday`, `start`–`end` with breaks, optionally only between two dates. */
export const weeklyShiftSchema = hoursSchema.and(
  z
    .object({
      weekday: weekdaySchema,
      /** First date the shift applies (inclusive). */
      validFrom: dateSchema.optional(),
      /** Last date the shift applies (inclusive). */
      validUntil: dateSchema.optional(),
    })
    .refine(
      (s) => s.validFrom === undefined || s.validUntil === undefined || s.validFrom <= s.validUntil,
      { message: "must not be before validFrom", path: ["validUntil"] },
    ),
);
/** A weekly shift: on `weekday`, `start`–`end` with breaks, optionally only between two dates. */
export type WeeklyShift = z.input<typeof weeklyShiftSchema>;

/**
 * A change to one date: `closed` (the whole day, or `start`–`end` of it), `hours` (replace that
 * day's weekly shifts) or `extra` (add hours on top of them).
 */
export const dateOverrideSchema = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("closed"),
      date: dateSchema,
      start: wallTimeSchema.optional(),
      end: wallTimeSchema.optional(),
      reason: z.string().max(500).optional(),
    })
    .refine((c) => (c.start ?? "00:00") < (c.end ?? "24:00"), {
      message: "a closure's end must be after its start (00:00–24:00 of that date)",
      path: ["end"],
    }),
  z.object({ type: z.literal("hours"), date: dateSchema, hours: z.array(hoursSchema).max(20) }),
  z.object({
    type: z.literal("extra"),
    date: dateSchema,
    hours: z.array(hoursSchema).min(1).max(20),
  }),
]);
/** A change to one date. */
export type DateOverride = z.input<typeof dateOverrideSchema>;

/** Time off between two instants (vacation, training), across any number of days. */
export const timeOffSchema = z
  .object({ start: instantSchema, end: instantSchema, reason: z.string().max(500).optional() })
  .refine((t) => (parseInstant(t.end) ?? 0) > (parseInstant(t.start) ?? 0), {
    message: "end must be after start",
    path: ["end"],
  });
/** Time off between two instants. */
export type TimeOff = z.input<typeof timeOffSchema>;

/** What a calendar schedules: a provider (therapist), a room or a piece of equipment. */
export const calendarKindSchema = z.enum(["provider", "room", "equipment"]);
/** What a calendar schedules. */
export type CalendarKind = z.infer<typeof calendarKindSchema>;

/** A provider, room or equipment calendar with its location, disciplines, zone and hours. */
export const calendarSchema = z.object({
  id: idSchema,
  kind: calendarKindSchema,
  name: z.string().max(200).default(""),
  locationId: idSchema,
  /** Disciplines a provider serves (e.g. `physio`, `massage`); a room or equipment that lists some suits only those (none: all). */
  disciplines: z.array(z.string().min(1).max(100)).max(50).default([]),
  /** For rooms and equipment: the kind a service asks for, e.g. `treatment-room`, `shockwave`. */
  resourceKind: z.string().min(1).max(100).optional(),
  timeZone: timeZoneSchema,
  weekly: z.array(weeklyShiftSchema).max(200).default([]),
  overrides: z.array(dateOverrideSchema).max(2000).default([]),
  timeOff: z.array(timeOffSchema).max(2000).default([]),
  /** Hours shown in a staff grid (display only). */
  visibleHours: timeRangeSchema.optional(),
  active: z.boolean().default(true),
  /**
   * For provider calendars: the team member (one person) the calendar belongs to. A member's
   * calendars (one per location) share one busy set: a visit on any of them holds all of them.
   */
  memberId: idSchema.optional(),
});
/** A calendar as accepted by the engine (defaults optional). */
export type CalendarInput = z.input<typeof calendarSchema>;
/** A calendar after validation, defaults filled in. */
export type Calendar = z.output<typeof calendarSchema>;

// ---------------------------------------------------------------------------------------------
// Team members
// ---------------------------------------------------------------------------------------------

/**
 * A cap on a team member's work in one local day or ISO week (Monday–Sunday) of the calendar
 * being booked: at most `maxSessions` visits and/or `maxMinutes` minutes, counting only visits of
 * `serviceIds` (and applying only to bookings of them) when that list is not empty.
 */
export const memberLimitSchema = z
  .object({
    period: z.enum(["day", "week"]),
    maxSessions: z.number().int().min(0).max(1000).optional(),
    maxMinutes: minutes(7 * 24 * 60).optional(),
    /** Only these services count and are capped; empty: every service. */
    serviceIds: z.array(idSchema).max(1000).default([]),
  })
  .refine((l) => l.maxSessions !== undefined || l.maxMinutes !== undefined, {
    message: "must set maxSessions or maxMinutes",
    path: ["maxSessions"],
  });
/** A cap on a team member's work per day or week. */
export type MemberLimitInput = z.input<typeof memberLimitSchema>;
/** A cap on a team member's work per day or week, validated. */
export type MemberLimit = z.output<typeof memberLimitSchema>;

/** What the engine needs to know of a team member: the name for messages and the limits. */
export const memberRulesSchema = z.object({
  id: idSchema,
  /** Shown in violation messages ("Ana Silva is seeing a client in porto…"). */
  name: z.string().max(200).default(""),
  limits: z.array(memberLimitSchema).max(20).default([]),
});
/** A team member as the engine reads it. */
export type MemberRulesInput = z.input<typeof memberRulesSchema>;
/** A team member as the engine reads it, validated. */
export type MemberRules = z.output<typeof memberRulesSchema>;

/**
 * Minutes a person needs between two visits at different locations: `defaultMinutes` for any
 * pair, or the minutes of a listed pair (either order). Visits at the same location need none.
 */
export const travelSchema = z.object({
  defaultMinutes: minutes(24 * 60).default(0),
  pairs: z
    .array(
      z.object({
        locationIds: z
          .tuple([idSchema, idSchema])
          .refine((p) => p[0] !== p[1], "must be two different locations"),
        minutes: minutes(24 * 60),
      }),
    )
    .max(1000)
    .default([]),
});
/** Travel time between locations. */
export type TravelInput = z.input<typeof travelSchema>;
/** Travel time between locations, validated. */
export type Travel = z.output<typeof travelSchema>;

/**
 * The travel minutes between two locations under `travel` (0 for the same location or no rule).
 *
 * @example
 * travelMinutes({ defaultMinutes: 30, pairs: [{ locationIds: ["lisbon", "porto"], minutes: 45 }] },
 *   "porto", "lisbon"); // 45
 */
export function travelMinutes(travel: Travel | undefined, a: string, b: string): number {
  if (a === b || travel === undefined) return 0;
  for (const pair of travel.pairs) {
    const [x, y] = pair.locationIds;
    if ((x === a && y === b) || (x === b && y === a)) return pair.minutes;
  }
  return travel.defaultMinutes;
}

// ---------------------------------------------------------------------------------------------
// Services
// ---------------------------------------------------------------------------------------------

/** A treatment or class the clinic offers, with its duration, price, buffers and booking rules. */
export const serviceSchema = z
  .object({
    id: idSchema,
    name: z.string().min(1).max(200),
    category: z.string().max(200).default(""),
    discipline: z.string().min(1).max(100),
    durationMinutes: minutes(24 * 60).refine((v) => v > 0, "must be at least 1 minute"),
    price: moneySchema,
    bufferBeforeMinutes: minutes(24 * 60).default(0),
    bufferAfterMinutes: minutes(24 * 60).default(0),
    /** Step between offered start times; defaults to the duration. */
    slotIntervalMinutes: minutes(24 * 60)
      .refine((v) => v > 0, "must be at least 1 minute")
      .optional(),
    /** Minimum notice: the earliest start is `now + leadTimeMinutes`. */
    leadTimeMinutes: minutes(365 * 24 * 60).default(0),
    /** How many local days ahead may be booked (today counts as day 0); the whole last day is open. */
    horizonDays: z.number().int().min(0).max(3660).default(365),
    /** Room/equipment kinds needed besides the provider, e.g. `["treatment-room"]`; a kind listed twice needs two. */
    resourceKinds: z.array(z.string().min(1).max(100)).max(5).default([]),
    /** Locations where the service is offered; empty means everywhere. */
    locationIds: z.array(idSchema).max(100).default([]),
    /** Providers who offer it (their own catalog); empty means every provider of the discipline. */
    providerIds: z.array(idSchema).max(1000).default([]),
    /** Places per start time: 1 for a treatment, N for a class. */
    capacity: z.number().int().min(1).max(1000).default(1),
    onlineBookable: z.boolean().default(true),
    /** `false` once the clinic removed (archived) it: no free times and no booking on any channel. */
    active: z.boolean().default(true),
  })
  .passthrough();
/** A service as accepted by the engine (defaults optional). */
export type ServiceInput = z.input<typeof serviceSchema>;
/** A service after validation, defaults filled in. */
export type Service = z.output<typeof serviceSchema>;

// ---------------------------------------------------------------------------------------------
// Appointments
// ---------------------------------------------------------------------------------------------

/** Every appointment status of the clinic workflow. */
export const appointmentStatusSchema = z.enum([
  "booked",
  "confirmed",
  "arrived",
  "started",
  "completed",
  "no_show",
  "canceled",
  "rebooked",
]);
/** Every appointment status of the clinic workflow. */
export type AppointmentStatus = z.infer<typeof appointmentStatusSchema>;

/** Statuses that release the calendars' time: the visit will not take place there. */
export const RELEASING_STATUSES: ReadonlySet<AppointmentStatus> = new Set([
  "canceled",
  "rebooked",
  "no_show",
]);

/** How a booking was made: by the patient online or by staff. */
export const channelSchema = z.enum(["online", "staff"]);
/** How a booking was made. */
export type Channel = z.infer<typeof channelSchema>;

/** A booked visit holding one or more calendars (provider, room, equipment) for `start`–`end`. */
export const appointmentSchema = z
  .object({
    id: idSchema,
    serviceId: idSchema,
    calendarIds: z.array(idSchema).min(1, "must hold at least one calendar").max(10),
    start: instantSchema,
    end: instantSchema,
    status: appointmentStatusSchema.default("booked"),
    channel: channelSchema.default("online"),
    clientId: idSchema.optional(),
    caseId: idSchema.optional(),
    seriesId: idSchema.optional(),
    /** Buffers captured when booked; default to the service's current ones. */
    bufferBeforeMinutes: minutes(24 * 60).optional(),
    bufferAfterMinutes: minutes(24 * 60).optional(),
  })
  .passthrough()
  .refine((a) => (parseInstant(a.end) ?? 0) > (parseInstant(a.start) ?? 0), {
    message: "end must be after start",
    path: ["end"],
  });
/** An appointment as accepted by the engine (defaults optional). */
export type AppointmentInput = z.input<typeof appointmentSchema>;
/** An appointment after validation, defaults filled in. */
export type Appointment = z.output<typeof appointmentSchema>;
