// The waitlist's pure rules: which entries a freed time matches, in what order, and whom an offer
// goes to under the clinic's policy. The server stores entries and offers and sends the messages;
// these functions decide, with `now` and the clinic's zone as parameters.

import { z } from "zod";
import { dateSchema, idSchema, instantSchema, timeZoneSchema, wallTimeSchema } from "../model.js";
import { clockFor, formatDay, isoWeekday, MINUTE, parseInstant } from "../time/zoned.js";
import { parseInput } from "../validate.js";

/** How a clinic offers a freed time to its waitlist. */
export const waitlistPolicySchema = z.object({
  /**
   * `first_in_line`: the earliest matching entry gets the time alone, held for `holdMinutes`;
   * when it lapses the next in line gets it. `everyone`: every matching entry is told at once and
   * the first to confirm books it.
   */
  mode: z.enum(["first_in_line", "everyone"]),
  /** How long an exclusive offer holds the time (1 minute to 2 days). */
  holdMinutes: z.int().min(1).max(2880),
});
/** See {@link waitlistPolicySchema}. */
export type WaitlistPolicy = z.output<typeof waitlistPolicySchema>;

/** A patient's wish on the waitlist, as the matcher reads it. */
export const waitlistEntrySchema = z
  .object({
    id: idSchema,
    serviceId: idSchema,
    /** The wanted provider; absent = any provider of the service. */
    providerId: idSchema.optional(),
    /** ISO weekdays (1 = Monday … 7 = Sunday) of the visit's local start; absent = any day. */
    weekdays: z.array(z.int().min(1).max(7)).max(7).optional(),
    /** The local start lies in [from, to); absent = any time of day. */
    timeOfDay: z
      .object({ from: wallTimeSchema, to: wallTimeSchema })
      .refine((t) => t.from < t.to, { message: "from must be before to", path: ["to"] })
      .optional(),
    /** First local date of the start (inclusive); absent = from now on. */
    dateFrom: dateSchema.optional(),
    /** Last local date of the start (inclusive); absent = no end. */
    dateTo: dateSchema.optional(),
    /** When the patient joined: the order of the line. */
    joinedAt: instantSchema,
    /** When the entry lapses by itself. */
    expiresAt: instantSchema,
  })
  .refine((e) => !e.dateFrom || !e.dateTo || e.dateFrom <= e.dateTo, {
    message: "dateFrom must not be after dateTo",
    path: ["dateTo"],
  });
/** See {@link waitlistEntrySchema}. */
export type WaitlistEntry = z.output<typeof waitlistEntrySchema>;
/** Input form of {@link WaitlistEntry}. */
export type WaitlistEntryInput = z.input<typeof waitlistEntrySchema>;

/** A time that became free: a service at a start with one provider. */
export const freedTimeSchema = z.object({
  serviceId: idSchema,
  providerId: idSchema,
  start: instantSchema,
});
/** See {@link freedTimeSchema}. */
export type FreedTime = z.output<typeof freedTimeSchema>;

/** Validates {@link matchWaitlist}'s input: the freed time, the waitlist entries and `now`. */
export const matchInputSchema = z.object({
  freed: freedTimeSchema,
  entries: z.array(waitlistEntrySchema),
  /** Entries already offered this time (or that turned it down): never offered it again. */
  excludeEntryIds: z.array(idSchema).optional(),
  now: instantSchema,
  timeZone: timeZoneSchema,
});
/** Input of {@link matchWaitlist}. */
export type MatchWaitlistInput = z.input<typeof matchInputSchema>;

function minutesOf(wall: string): number {
  return Number(wall.slice(0, 2)) * 60 + Number(wall.slice(3, 5));
}

/**
 * Whether one entry wants a freed time, read in the clinic's zone: same service, the wanted
 * provider (or any), a wanted weekday, a local start in the time-of-day window and the date range,
 * and the entry not lapsed at `now`. Inputs are validated by {@link matchWaitlist}.
 */
function wants(entry: WaitlistEntry, freed: FreedTime, startMs: number, zone: string): boolean {
  if (entry.serviceId !== freed.serviceId) return false;
  if (entry.providerId !== undefined && entry.providerId !== freed.providerId) return false;
  const clock = clockFor(zone);
  const day = clock.dayOf(startMs);
  if (entry.weekdays && !entry.weekdays.includes(isoWeekday(day))) return false;
  const date = formatDay(day);
  if (entry.dateFrom && date < entry.dateFrom) return false;
  if (entry.dateTo && date > entry.dateTo) return false;
  if (entry.timeOfDay) {
    // The wall-clock minute of the start: the instant shifted by the zone's offset there.
    const local = ((((startMs + clock.offset(startMs)) / MINUTE) % 1440) + 1440) % 1440;
    if (local < minutesOf(entry.timeOfDay.from) || local >= minutesOf(entry.timeOfDay.to)) {
      return false;
    }
  }
  return true;
}

/**
 * The entries that want a freed time, in line order (joined first, then by id), leaving out
 * entries that lapsed at `now`, entries in `excludeEntryIds`, and every entry when the time has
 * already started.
 *
 * @example
 * matchWaitlist({
 *   freed: { serviceId: "pilates", providerId: "ana", start: "2026-03-10T18:00:00Z" },
 *   entries: [{ id: "w1", serviceId: "pilates", joinedAt: "2026-03-01T10:00:00Z", expiresAt: "2026-04-01T00:00:00Z" }],
 *   now: "2026-03-09T12:00:00Z",
 *   timeZone: "Europe/Lisbon",
 * }); // [{ id: "w1", … }]
 */
export function matchWaitlist(raw: MatchWaitlistInput): WaitlistEntry[] {
  const input = parseInput(matchInputSchema, raw, "matchWaitlist");
  const startMs = parseInstant(input.freed.start) as number;
  const nowMs = parseInstant(input.now) as number;
  if (startMs <= nowMs) return [];
  const excluded = new Set(input.excludeEntryIds ?? []);
  return input.entries
    .filter(
      (entry) =>
        !excluded.has(entry.id) &&
        (parseInstant(entry.expiresAt) as number) > nowMs &&
        wants(entry, input.freed, startMs, input.timeZone),
    )
    .sort((a, b) => {
      const byJoin = (parseInstant(a.joinedAt) as number) - (parseInstant(b.joinedAt) as number);
      if (byJoin !== 0) return byJoin;
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
}

/** Whom a freed time is offered to, and how. */
export interface WaitlistOfferPlan {
  /** The entries that get an offer now, in line order (none when nobody matches). */
  entryIds: string[];
  /** Whether the time is held for the one entry offered (`first_in_line`). */
  exclusive: boolean;
  /** When the offer lapses: `now + holdMinutes` for an exclusive offer, else the visit's start. */
  expiresAt: string;
}

/** Validates {@link planWaitlistOffer}'s input: the policy, the matches in line order and `now`. */
export const planInputSchema = z.object({
  policy: waitlistPolicySchema,
  /** The matching entries in line order ({@link matchWaitlist}'s answer). */
  matches: z.array(z.object({ id: idSchema }).passthrough()),
  /** The freed time's start (an offer never outlives it). */
  start: instantSchema,
  now: instantSchema,
});
/** Input of {@link planWaitlistOffer}. */
export type PlanWaitlistOfferInput = z.input<typeof planInputSchema>;

/**
 * Applies the clinic's policy to the matching entries: `first_in_line` offers the time to the
 * first entry alone with a hold until `now + holdMinutes` (never past the start); `everyone` offers
 * it to all of them at once until the start, and the first to confirm books it.
 *
 * @example
 * planWaitlistOffer({
 *   policy: { mode: "first_in_line", holdMinutes: 30 },
 *   matches: [{ id: "w1" }, { id: "w2" }],
 *   start: "2026-03-10T18:00:00Z",
 *   now: "2026-03-09T12:00:00Z",
 * }); // { entryIds: ["w1"], exclusive: true, expiresAt: "2026-03-09T12:30:00.000Z" }
 */
export function planWaitlistOffer(raw: PlanWaitlistOfferInput): WaitlistOfferPlan {
  const input = parseInput(planInputSchema, raw, "planWaitlistOffer");
  const startMs = parseInstant(input.start) as number;
  const nowMs = parseInstant(input.now) as number;
  const ids = input.matches.map((m) => m.id);
  if (input.policy.mode === "first_in_line") {
    const until = Math.min(nowMs + input.policy.holdMinutes * MINUTE, startMs);
    return { entryIds: ids.slice(0, 1), exclusive: true, expiresAt: new Date(until).toISOString() };
  }
  return { entryIds: ids, exclusive: false, expiresAt: new Date(startMs).toISOString() };
}
