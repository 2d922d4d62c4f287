import { z } from "zod";
import {
  appointmentSchema,
  calendarSchema,
  channelSchema,
  dateSchema,
  idSchema,
  instantSchema,
  memberRulesSchema,
  serviceSchema,
  timeZoneSchema,
  travelSchema,
} from "../model.js";
import { violationCodeSchema } from "./types.js";

const common = {
  /** The service to book. */
  service: serviceSchema,
  /** Every calendar that may take part: providers, rooms, equipment. */
  calendars: z
    .array(calendarSchema)
    .max(5000, "must list at most 5000 calendars")
    .superRefine((calendars, ctx) => {
      const first = new Map<string, number>();
      calendars.forEach((c, i) => {
        const seen = first.get(c.id);
        if (seen === undefined) first.set(c.id, i);
        else
          ctx.addIssue({
            code: "custom",
            message: `must be unique: calendar ${c.id} is also calendars.${seen}`,
            path: [i, "id"],
          });
      });
    }),
  /** Appointments on those calendars, any status (canceled, rebooked and no-show free their time). */
  appointments: z.array(appointmentSchema).max(500_000, "must list at most 500000 appointments"),
  /** Other services, so existing appointments are widened by their own service's buffers. */
  services: z.array(serviceSchema).max(10_000).default([]),
  /** The current instant; the engine never reads a clock. */
  now: instantSchema,
  /** Only providers at this location. */
  locationId: idSchema.optional(),
  /** `online` (the patient: every violation blocks) or `staff`. */
  channel: channelSchema.default("online"),
  /** Appointments to disregard, e.g. the visit being moved (its own time is free for it). */
  excludeAppointmentIds: z.array(idSchema).max(10_000).default([]),
  /**
   * Team members named by the calendars' `memberId`, with their limits (a calendar whose member is
   * not listed still shares the busy set with its member's other calendars, without limits).
   */
  members: z.array(memberRulesSchema).max(5000).default([]),
  /** Time a member needs between visits at two different locations (default: none). */
  travel: travelSchema.optional(),
};

/** Input of {@link computeSlots}. */
export const slotQuerySchema = z
  .object({
    ...common,
    /** First day (`YYYY-MM-DD`, whole local day) or instant (inclusive). */
    from: z.union([dateSchema, instantSchema], {
      error: "must be a date YYYY-MM-DD or an ISO-8601 date-time with offset",
    }),
    /** Last day (`YYYY-MM-DD`, inclusive) or instant (exclusive). */
    to: z.union([dateSchema, instantSchema], {
      error: "must be a date YYYY-MM-DD or an ISO-8601 date-time with offset",
    }),
    /** One provider's id, or `any` (the default) for "any available". */
    providerId: idSchema.default("any"),
    /** Zone in which date-only `from`/`to` are read; default: each provider's own zone. */
    timeZone: timeZoneSchema.optional(),
    /** Soft violation codes staff disregard, e.g. the lead time; hard codes and online: no effect. */
    ignore: z.array(violationCodeSchema).default([]),
    /**
     * Also list the starts of classes (capacity > 1) that are full, with `remaining: 0`, so a
     * booking page can show them as full instead of leaving a gap; every other rule still applies,
     * and a full class never wins "any available" over one with places left.
     */
    includeFull: z.boolean().default(false),
  })
  .passthrough();
/** Input of {@link computeSlots}. */
export type SlotQuery = z.input<typeof slotQuerySchema>;

/** Input of {@link checkBooking}. */
export const bookingCheckSchema = z
  .object({
    ...common,
    /** Start of the visit (its end is start + the service's duration). */
    start: instantSchema,
    /** The provider, or `any` to let the engine choose by the documented rule. */
    providerId: idSchema.default("any"),
    /** Rooms / equipment; omitted: chosen by the same rule as "any available". */
    resourceIds: z.array(idSchema).max(10).optional(),
    /** Soft violations staff knowingly accept (`all-soft` for all); ignored online. */
    overrides: z.union([z.literal("all-soft"), z.array(violationCodeSchema)]).default([]),
  })
  .passthrough();
/** Input of {@link checkBooking}. */
export type BookingCheckRequest = z.input<typeof bookingCheckSchema>;
