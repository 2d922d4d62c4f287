import { z } from "zod";
import { EngineError } from "../errors.js";
import { type Calendar, idSchema, instantSchema, serviceSchema, timeZoneSchema } from "../model.js";
import { packageSchema } from "../packages/schema.js";
import { createPackage, type PackageState } from "../packages/state.js";
import { usePackageSession } from "../packages/use.js";
import { parseInstant } from "../time/zoned.js";
import { parseInput } from "../validate.js";
import {
  type Plan,
  type PlanTarget,
  planAppointmentId,
  planBaseSchema,
  providerZone,
  runPlan,
} from "./planner.js";
import { expandParsedRecurrence, recurrenceSchema } from "./recurrence.js";

const RESERVED_FIELDS = ["id", "start", "end", "status", "calendarIds", "serviceId"] as const;

/** Fields put on every appointment a plan creates, e.g. the client, case and series id. */
export const appointmentFieldsSchema = z
  .object({
    clientId: idSchema.optional(),
    caseId: idSchema.optional(),
    seriesId: idSchema.optional(),
  })
  .passthrough()
  .superRefine((fields, ctx) => {
    for (const key of RESERVED_FIELDS) {
      if (key in fields) {
        ctx.addIssue({ code: "custom", path: [key], message: "is set by the planner, not here" });
      }
    }
  });

const singleServiceFields = {
  /** The service booked on every date. */
  service: serviceSchema,
  /** One provider, or `any` (the default) for the any-available rule. */
  providerId: idSchema.default("any"),
  /** Rooms / equipment to hold; omitted: chosen by the any-available rule on each date. */
  resourceIds: z.array(idSchema).max(10).optional(),
  /** With `providerId: "any"`: keep the provider of the first accepted date for the rest (default true). */
  keepProvider: z.boolean().default(true),
  /** Fields put on every appointment created (clientId, caseId, seriesId, …). */
  appointmentFields: appointmentFieldsSchema.default({}),
  /**
   * The package the visits will use: each `ok` item then says whether the package still pays
   * for it (expiry, sessions left, client, service), taking the earlier items' sessions first.
   */
  package: packageSchema.optional(),
};

/**
 * Marks each `ok` item with whether `pkg` would pay for it, using one session per covered item
 * in plan order (the attendee is `clientId`, else the package's owner).
 */
function withPackage(
  plan: Plan,
  pkg: PackageState | undefined,
  clientId: string | undefined,
  serviceId: string,
): Plan {
  if (!pkg) return plan;
  let state = pkg;
  for (const item of plan.items) {
    if (item.status !== "ok" || !item.assignment) continue;
    const used = usePackageSession(state, {
      appointmentId: planAppointmentId(item.index),
      at: item.start,
      therapistId: item.assignment.providerId,
      clientId: clientId ?? pkg.ownerClientId,
      serviceId,
    });
    if (used.ok) {
      state = used.package;
      item.package = { covered: true };
    } else {
      item.package = { covered: false, code: used.error.code, message: used.error.message };
    }
  }
  return plan;
}

/** Input of {@link planSeries}: a booking request plus a recurrence instead of a start. */
export const planSeriesSchema = planBaseSchema.extend({
  ...singleServiceFields,
  recurrence: recurrenceSchema,
});
/** Input of {@link planSeries}. */
export type PlanSeriesRequest = z.input<typeof planSeriesSchema>;

/** Input of {@link planBookings}: a booking request with an explicit list of starts. */
export const planBookingsSchema = planBaseSchema.extend({
  ...singleServiceFields,
  /** Zone of the items' local dates and of the alternatives; default: the provider calendar's. */
  timeZone: timeZoneSchema.optional(),
  items: z
    .array(
      z.object({
        start: instantSchema,
        /** Overrides the request's provider for this item. */
        providerId: idSchema.optional(),
        /** Overrides the request's rooms / equipment for this item. */
        resourceIds: z.array(idSchema).max(10).optional(),
      }),
    )
    .min(1, "must list at least one start")
    .max(1000, "must list at most 1000 starts"),
});
/** Input of {@link planBookings}. */
export type PlanBookingsRequest = z.input<typeof planBookingsSchema>;

/** The zone of local dates: the explicit one, else the provider's (or the one all providers share). */
function zoneFor(
  explicit: string | undefined,
  r: { calendars: Calendar[]; locationId?: string | undefined },
  providerId: string,
  fields: { zone: string; provider: string },
): string {
  if (explicit !== undefined) return explicit;
  const zone = providerZone(r.calendars, providerId, r.locationId);
  if (zone !== undefined) return zone;
  const [field, message] =
    providerId === "any"
      ? [
          fields.zone,
          "is required: the providers' calendars are in different zones (or none match)",
        ]
      : [fields.provider, `no provider calendar ${providerId} in calendars`];
  throw new EngineError("INVALID_INPUT", `Invalid request: ${field}: ${message}`, [
    { field, message },
  ]);
}

/**
 * Plans a recurring booking: expands the recurrence in the calendar's zone, checks **every**
 * occurrence with `checkBooking` (each accepted one counts as busy for the next), and lists each
 * date as `ok` or `conflict` with its violations and, for a conflict, the nearest free start that
 * same local day. With a `package`, each `ok` item also says whether the package still pays for
 * it (e.g. sessions after its expiry). Book the result with {@link confirmPlan}.
 *
 * @example
 * // 8 sessions, Tuesdays and Thursdays at 17:00, with Ana
 * const plan = planSeries({
 *   service, calendars, appointments, now: "2026-03-01T12:00:00Z", channel: "staff",
 *   providerId: "ana",
 *   recurrence: { startDate: "2026-03-03", time: "17:00", weekdays: [2, 4], count: 8 },
 *   appointmentFields: { clientId: "c-42", seriesId: "s-7" },
 * });
 * plan.summary; // { total: 8, ok: 7, conflicts: 1 }
 * plan.items[3]; // { date: "2026-03-12", status: "conflict", violations: [{ code: "OVERLAP", … }], alternative: { start: "2026-03-12T18:00:00Z", … } }
 */
export function planSeries(request: PlanSeriesRequest): Plan {
  const r = parseInput(planSeriesSchema, request, "request");
  const zone = zoneFor(r.recurrence.timeZone, r, r.providerId, {
    zone: "request.recurrence.timeZone",
    provider: "request.providerId",
  });
  const occurrences = expandParsedRecurrence(r.recurrence, zone, "request.recurrence");
  const targets: PlanTarget[] = occurrences.map((o) => ({
    startMs: o.startMs,
    zone,
    service: r.service,
    providerId: r.providerId,
    resourceIds: r.resourceIds,
    carry: r.appointmentFields,
  }));
  const plan = runPlan("series", r, targets, { excluded: new Set(), keepProvider: r.keepProvider });
  return withPackage(plan, packageOf(r.package), clientOf(r.appointmentFields), r.service.id);
}

function packageOf(input: z.output<typeof packageSchema> | undefined): PackageState | undefined {
  return input ? createPackage(input, "request.package") : undefined;
}

function clientOf(fields: Record<string, unknown>): string | undefined {
  return typeof fields.clientId === "string" ? fields.clientId : undefined;
}

/**
 * Plans an explicit list of starts for one service (e.g. dates picked by hand, or a series
 * re-planned with some alternatives taken), with the same checks and result as {@link planSeries}.
 *
 * @example
 * const plan = planBookings({
 *   service, calendars, appointments, now: "2026-03-01T12:00:00Z", providerId: "ana",
 *   items: [{ start: "2026-03-03T17:00:00Z" }, { start: "2026-03-12T18:00:00Z" }],
 * });
 * plan.items.map((i) => i.status); // ["ok", "ok"]
 */
export function planBookings(request: PlanBookingsRequest): Plan {
  const r = parseInput(planBookingsSchema, request, "request");
  const targets: PlanTarget[] = r.items.map((item, i) => {
    const providerId = item.providerId ?? r.providerId;
    return {
      startMs: parseInstant(item.start) as number,
      zone: zoneFor(r.timeZone, r, providerId, {
        zone: "request.timeZone",
        provider:
          item.providerId === undefined ? "request.providerId" : `request.items.${i}.providerId`,
      }),
      service: r.service,
      providerId,
      resourceIds: item.resourceIds ?? r.resourceIds,
      carry: r.appointmentFields,
    };
  });
  const plan = runPlan("bookings", r, targets, {
    excluded: new Set(),
    keepProvider: r.keepProvider,
  });
  return withPackage(plan, packageOf(r.package), clientOf(r.appointmentFields), r.service.id);
}
