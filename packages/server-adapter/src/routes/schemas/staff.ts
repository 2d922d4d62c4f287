// Zod schemas of the staff routes. Calendars and services reuse the engine's own schemas, so the
// API accepts exactly what the engine schedules with.

import {
  appointmentActionSchema,
  appointmentStatusSchema,
  billingItemSchema,
  calendarKindSchema,
  calendarSchema,
  cancellationPolicySchema,
  dateOverrideSchema,
  feeRuleSchema,
  nonNegativeMoneySchema,
  onlineBookingBlockRuleSchema,
  onlinePaymentRuleSchema,
  parseInstant,
  serviceSchema,
  timeOffSchema,
  violationCodeSchema,
} from "@bookwell/engine";
import { z } from "zod";
import { intakeSchema } from "../../services/intake.js";
import { translationsSchema } from "../../services/translations.js";
import { isStorableText } from "../storable-text.js";
import {
  currency,
  date,
  email,
  id,
  instant,
  integer,
  limit,
  phone,
  providerChoice,
  taxId,
  text,
  timeZone,
} from "./common.js";
import { listSlotsQuery } from "./public.js";

// ---------------------------------------------------------------------------------------------
// Calendars
// ---------------------------------------------------------------------------------------------

/** A provider's photo and short biography, shown to patients (`null` removes one on a `PATCH`). */
const calendarProfile = {
  photoUrl: z
    .url({ protocol: /^https$/, error: "must be an https URL" })
    .max(2000)
    .nullable()
    .optional()
    .meta({ description: "The therapist's photo (https), shown on the booking page" }),
  bio: z
    .string()
    .max(1000)
    .nullable()
    .optional()
    .meta({ description: "A short biography shown on the booking page" }),
};

/** `POST /v1/staff/calendars` body: the engine's calendar plus a provider's `photoUrl` and `bio`; `id` is generated when omitted. */
export const createCalendarBody = calendarSchema
  .extend({ id: id.optional(), ...calendarProfile })
  .strict();

/** `PATCH /v1/staff/calendars/:id` body: any calendar fields but `id` and `kind`. */
export const patchCalendarBody = calendarSchema
  .omit({ id: true, kind: true })
  .extend(calendarProfile)
  .partial()
  .strict();

/** `POST /v1/staff/calendars/:id/overrides` body: one date override. */
export const addOverrideBody = dateOverrideSchema;

/** `POST /v1/staff/calendars/:id/time-off` body. */
export const addTimeOffBody = timeOffSchema;

/** `DELETE /v1/staff/calendars/:id/overrides/:date` params. */
export const overrideDateParams = z.object({ id, date });

/** `GET /v1/staff/calendars` query. */
export const listCalendarsQuery = z.object({
  kind: calendarKindSchema.optional(),
  active: z.enum(["true", "false"]).optional(),
});

/** A calendar as staff see it. */
export const staffCalendar = z
  .object({ id: z.string(), kind: z.string(), name: z.string(), version: integer })
  .passthrough()
  .meta({ description: "The engine's calendar (shifts, overrides, time off) plus `version`" });

// ---------------------------------------------------------------------------------------------
// Services
// ---------------------------------------------------------------------------------------------

/**
 * Rules the status machine and policies read, stored with the service. A `PATCH` changes only the
 * rules it names; `null` removes one (back to the engine's default).
 */
export const servicePolicies = z
  .strictObject({
    cancellationPolicy: cancellationPolicySchema.nullable().optional(),
    noShowFee: feeRuleSchema.nullable().optional(),
    taxRateBp: integer.min(0).max(10_000).nullable().optional(),
    feeTaxRateBp: integer.min(0).max(10_000).nullable().optional(),
    billingItems: z
      .array(billingItemSchema)
      .min(1, "must list at least one item (null removes them)")
      .max(50)
      .nullable()
      .optional()
      .meta({
        description:
          "Charges added when the visit is marked arrived (default: one line, the service at its price)",
      }),
    intake: intakeSchema.nullable().optional(),
    onlinePayment: onlinePaymentRuleSchema.nullable().optional().meta({
      description:
        "What the patient pays online when booking (with a payment provider on the server): `none`, `full` (the price) or `deposit` (`{ type: fixed, amount }` capped at the price, or `{ type: percent, basisPoints }`)",
    }),
    onlineBookingBlock: onlineBookingBlockRuleSchema.nullable().optional().meta({
      description:
        "Pause online booking for a patient with `afterNoShows` no-shows within `withinDays` days",
    }),
  })
  .meta({
    description:
      "Cancellation / no-show policy, tax rates, default billing items, the online block after no-shows (the engine's fields) and the booking form's intake questions and consents, and the online payment (none / full / deposit)",
  });

/** `POST /v1/staff/services` body. */
export const createServiceBody = serviceSchema
  .extend({
    id: id.optional(),
    // A price is never negative: a visit cannot owe the patient money.
    price: nonNegativeMoneySchema,
    description: z.string().max(5000).optional(),
    policies: servicePolicies.optional(),
    translations: translationsSchema.optional(),
  })
  .strict();

/** `PATCH /v1/staff/services/:id` body. */
export const patchServiceBody = serviceSchema
  .omit({ id: true })
  .extend({
    price: nonNegativeMoneySchema,
    description: z.string().max(5000).optional(),
    policies: servicePolicies.optional(),
    translations: translationsSchema.nullable().optional(),
  })
  .partial()
  .strict();

/** A service as staff see it. */
export const staffService = z
  .object({
    id: z.string(),
    name: z.string(),
    active: z.boolean().meta({ description: "`false` once removed (archived)" }),
    version: integer,
  })
  .passthrough();

/** `GET /v1/staff/services` query. */
export const listServicesQuery = z.object({
  active: z.enum(["true", "false"]).optional().meta({
    description:
      "`true`: only services that can be booked (not removed); `false`: only removed ones",
  }),
});

/** Names of the regions the runtime's CLDR data knows: a country code without a name is unknown. */
const knownRegions = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
/** Codes CLDR names that are not countries: user-assigned (Kosovo's XK aside) and groupings. */
const notCountries = /^(AA|Q[M-Z]|X[A-JL-Z]|ZZ|EU|EZ|UN)$/;

/** An ISO 3166-1 alpha-2 country code, any case on input, upper case once parsed. */
export const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, "must be a two-letter country code (ISO 3166-1), e.g. PT")
  .transform((code) => code.toUpperCase())
  .refine(
    (code) => !notCountries.test(code) && knownRegions.of(code) !== undefined,
    "must be a two-letter country code (ISO 3166-1), e.g. PT",
  )
  .meta({ description: "ISO 3166-1 alpha-2 country code, e.g. `PT`" });

// ---------------------------------------------------------------------------------------------
// Clients
// ---------------------------------------------------------------------------------------------

/** `POST /v1/staff/clients` body. */
export const createClientBody = z.strictObject({
  id: id.optional(),
  name: text(200),
  email: email.optional(),
  phone: phone.optional(),
  taxId: taxId.optional(),
});

/** `PATCH /v1/staff/clients/:id` body. */
export const patchClientBody = z.strictObject({
  name: text(200).optional(),
  email: email.nullable().optional(),
  phone: phone.nullable().optional(),
  taxId: taxId.nullable().optional(),
});

/** `GET /v1/staff/clients` query. */
export const listClientsQuery = z.object({
  search: z.string().max(200).optional(),
  email: z.string().max(254).optional(),
  limit,
});

/** Who a client is: the fields every staff view of a client shows. */
export const clientIdentity = {
  id: z.string(),
  name: z.string(),
  email: z.string().optional(),
  phone: z.string().optional(),
  taxId: z.string().optional(),
};

/** A client as staff see it. */
export const staffClient = z.object({ ...clientIdentity, version: integer });

// ---------------------------------------------------------------------------------------------
// Appointments
// ---------------------------------------------------------------------------------------------

/** Soft violations staff knowingly accept: a list of codes, or `all-soft`. */
export const overridesInput = z
  .union([z.literal("all-soft"), z.array(violationCodeSchema).max(20)])
  .meta({
    description:
      'Soft violations to accept (e.g. ["OVERLAP", "OUTSIDE_SHIFT"]) or "all-soft"; hard ones are never overridable',
  });

/** `POST /v1/staff/appointments` body. */
export const createAppointmentBody = z
  .strictObject({
    serviceId: id,
    providerId: providerChoice,
    resourceIds: z.array(id).max(10).optional(),
    start: instant,
    clientId: id.optional(),
    client: z
      .strictObject({ name: text(200), email: email.optional(), phone: phone.optional() })
      .optional()
      .meta({ description: "A new client to create with the appointment (instead of clientId)" }),
    overrides: overridesInput.optional(),
    note: text(10_000).optional().meta({ description: "A private note (audited)" }),
  })
  .refine((b) => !(b.clientId && b.client), {
    message: "give clientId or client, not both",
    path: ["client"],
  });

/** `POST /v1/staff/appointments/:id/status` body. */
export const statusBody = z.strictObject({
  action: appointmentActionSchema.exclude(["move"]).meta({
    description: "confirm, arrive, start, complete, no_show, cancel or rollback (move: use /move)",
  }),
  reason: text(1000).optional(),
  waiveFee: z.boolean().optional(),
});

/** `POST /v1/staff/appointments/:id/move` body: a new start, and for a resize a new end or length. */
export const moveBody = z
  .strictObject({
    start: instant,
    end: instant.optional().meta({
      description: "New end (resize); whole minutes after `start`, at most 24 hours",
    }),
    durationMinutes: z
      .number("must be a number of minutes")
      .int("must be a whole number of minutes")
      .min(1, "must be at least 1")
      .max(24 * 60, "must be at most 1440 (24 hours)")
      .optional()
      .meta({ description: "New length in minutes (resize); default the visit's current length" }),
    providerId: providerChoice.optional(),
    resourceIds: z.array(id).max(10).optional(),
    overrides: overridesInput.optional(),
    reason: text(1000).optional(),
  })
  .refine((b) => b.end === undefined || b.durationMinutes === undefined, {
    message: "give end or durationMinutes, not both",
    path: ["durationMinutes"],
  });

/** Whether per-date plans book every valid date or nothing unless all are valid. */
export const planMode = z.enum(["all-valid", "all-or-nothing"]).default("all-valid");

/** `POST /v1/staff/appointments/:id/copy` body. */
export const copyBody = z.strictObject({
  starts: z.array(instant).min(1).max(100),
  providerId: providerChoice.optional(),
  overrides: overridesInput.optional(),
  mode: planMode,
  dryRun: z.boolean().default(false),
});

/** `POST /v1/staff/appointments/:id/repeat` body. */
export const repeatBody = z.strictObject({
  weekdays: z
    .array(integer.min(1).max(7))
    .min(1)
    .max(7)
    .meta({ description: "ISO weekdays, 1 = Monday" }),
  weeks: integer.min(1).max(52),
  overrides: overridesInput.optional(),
  mode: planMode,
  dryRun: z.boolean().default(false),
});

/**
 * The `nextCursor` of a page of `GET /v1/staff/appointments`: the last row's start and id, so the
 * next page starts right after it even when many visits share a start.
 *
 * @example
 * encodeAppointmentCursor({ start: "2026-03-11T10:00:00.000Z", id: "apt_1" }); // "eyJz…"
 */
export function encodeAppointmentCursor(after: { start: string; id: string }): string {
  return Buffer.from(JSON.stringify({ s: after.start, i: after.id })).toString("base64url");
}

/**
 * Reads a cursor made by {@link encodeAppointmentCursor}; `undefined` for anything else.
 *
 * @example
 * decodeAppointmentCursor(cursor); // { start: "2026-03-11T10:00:00.000Z", id: "apt_1" }
 */
export function decodeAppointmentCursor(value: string): { start: string; id: string } | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const { s, i } = parsed as { s?: unknown; i?: unknown };
    if (typeof s !== "string" || typeof i !== "string" || i.length === 0 || i.length > 128) {
      return undefined;
    }
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(s)) return undefined;
    if (Number.isNaN(Date.parse(s)) || !isStorableText(i)) return undefined;
    return { start: s, id: i };
  } catch {
    return undefined;
  }
}

/** `GET /v1/staff/appointments` query. */
export const listAppointmentsQuery = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    calendarId: id.optional(),
    clientId: id.optional(),
    status: appointmentStatusSchema.optional(),
    limit,
    cursor: z
      .string()
      .max(300, "must be the nextCursor of a previous page")
      .transform((value, ctx) => {
        const after = decodeAppointmentCursor(value);
        if (!after) {
          ctx.addIssue({ code: "custom", message: "must be the nextCursor of a previous page" });
          return z.NEVER;
        }
        return after;
      })
      .optional()
      .meta({ description: "The `nextCursor` of the previous page (the next page follows it)" }),
  })
  .refine(
    (q) =>
      q.from === undefined ||
      q.to === undefined ||
      (parseInstant(q.to) as number) >= (parseInstant(q.from) as number),
    { message: "must not be before from", path: ["to"] },
  );

/** `POST /v1/staff/appointments/:id/notes` body. */
export const noteBody = z.strictObject({ text: text(10_000) });

/** A private note of a visit. */
export const staffNote = z.object({
  id: z.string(),
  appointmentId: z.string(),
  author: z.string(),
  text: z.string(),
  createdAt: z.string(),
});

/** An appointment as staff see it (notes are only on the notes route). */
export const staffAppointment = z.object({
  id: z.string(),
  status: z.string(),
  serviceId: z.string(),
  providerId: z.string(),
  calendarIds: z.array(z.string()),
  start: z.string(),
  end: z.string(),
  channel: z.string(),
  clientId: z.string().optional(),
  seriesId: z.string().optional(),
  contact: z
    .object({ name: z.string(), email: z.string(), phone: z.string().optional() })
    .optional(),
  patientMessage: z.string().optional(),
  intake: z
    .object({
      answers: z.array(
        z.object({
          questionId: z.string(),
          question: z.string(),
          type: z.enum(["text", "choice", "yes_no", "date"]),
          answer: z.union([z.string(), z.boolean()]),
        }),
      ),
      consents: z.array(z.object({ id: z.string(), label: z.string() })),
    })
    .optional()
    .meta({
      description:
        "The patient's answers to the service's intake questions and the consents ticked",
    }),
  price: z.object({ amount: integer, currency: z.string() }),
  allowOverlap: z.boolean(),
  allowedActions: z.array(z.string()),
  version: integer,
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** One date of a copy / repeat plan. */
export const planResult = z.object({
  start: z.string(),
  date: z.string(),
  status: z.enum(["ok", "conflict"]),
  violations: z.array(z.object({ code: z.string(), severity: z.string(), message: z.string() })),
  blocking: z.array(z.object({ code: z.string(), severity: z.string(), message: z.string() })),
  appointmentId: z.string().nullable(),
  alternative: z
    .object({ start: z.string(), end: z.string(), providerId: z.string() })
    .optional()
    .meta({ description: "For a conflict: the nearest free start that local day" }),
});

// ---------------------------------------------------------------------------------------------
// Views, audit, keys, settings
// ---------------------------------------------------------------------------------------------

/** `GET /v1/staff/views/day` query. */
export const dayViewQuery = z.object({
  date,
  calendarIds: z
    .string()
    .max(2000)
    .optional()
    .meta({ description: "Comma-separated calendar ids; default every calendar you may see" }),
  includeHidden: z.enum(["true", "false"]).optional(),
});

/** `GET /v1/staff/views/range` query. */
export const rangeViewQuery = z
  .object({
    from: date,
    to: date,
    calendarIds: z.string().max(2000).optional(),
    includeHidden: z.enum(["true", "false"]).optional(),
  })
  .refine((q) => q.to >= q.from, { message: "must not be before from", path: ["to"] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 62 * 86_400_000, {
    message: "must be at most 62 days after from",
    path: ["to"],
  });

/**
 * `GET /v1/staff/slots` query: the public slots query (service, local days, `providerId` default
 * `any`, zone, location) plus the provider calendars to search by id list.
 */
export const staffSlotsQuery = listSlotsQuery
  .safeExtend({
    calendarIds: z.string().max(2000).optional().meta({
      description:
        "Comma-separated provider calendar ids, each searched on its own (instead of providerId)",
    }),
  })
  .refine((q) => q.calendarIds === undefined || q.providerId === "any", {
    message: "give calendarIds or a providerId, not both",
    path: ["providerId"],
  });

/** `GET /v1/staff/audit` query. */
export const auditQuery = z.object({
  entityType: z.string().max(100).optional(),
  entityId: z.string().max(200).optional(),
  actor: z.string().max(200).optional(),
  appointmentId: z
    .string()
    .max(200)
    .optional()
    .meta({ description: "A visit's entries and those naming it (charges, payments, sessions)" }),
  clientId: z.string().max(200).optional().meta({
    description: "A client's entries, those naming them, and those of their visits",
  }),
  from: instant.optional().meta({ description: "Entries at or after this instant" }),
  to: instant.optional().meta({ description: "Entries before this instant" }),
  afterSeq: z.coerce.number("must be a number").int().min(0).optional(),
  limit,
});

/** `POST /v1/staff/api-keys` body. */
export const createApiKeyBody = z
  .strictObject({
    name: text(200),
    role: z.enum(["manager", "front_desk", "provider"]),
    calendarIds: z.array(id).max(100).default([]),
  })
  .refine((b) => b.role !== "provider" || b.calendarIds.length > 0, {
    message: "a provider key needs at least one calendar",
    path: ["calendarIds"],
  });

/** `PATCH /v1/staff/settings` body. */
export const patchSettingsBody = z.strictObject({
  name: text(200).optional(),
  timeZone: timeZone.optional(),
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, "must be a BCP 47 language tag")
    .optional(),
  currency: currency.optional(),
  allowedOrigins: z
    .array(
      z
        .string()
        .max(300)
        .regex(/^https?:\/\/[^/\s]+$/, "must be an origin such as https://clinic.example"),
    )
    .max(50)
    .optional(),
  taxId: taxId.nullable().optional(),
  address: text(500).nullable().optional(),
  phone: phone.nullable().optional(),
  email: email.nullable().optional(),
  waitlistMode: z.enum(["first_in_line", "everyone"]).optional().meta({
    description:
      "How a freed time goes to the waitlist: the first in line with the time held for them, or everyone waiting at once (first to confirm books)",
  }),
  waitlistHoldMinutes: z
    .int()
    .min(1)
    .max(2880)
    .optional()
    .meta({ description: "How long a first-in-line offer holds the time (default 30)" }),
  brandColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour #rrggbb, e.g. #00696b")
    .nullable()
    .optional()
    .meta({ description: "The clinic's brand colour (the booking widget's primary colour)" }),
  logoUrl: z
    .string()
    .max(2000, "must be at most 2000 characters")
    .regex(/^https:\/\/[^\s]+$/, "must be an https address of an image")
    .nullable()
    .optional()
    .meta({ description: "Where the clinic's logo image is" }),
  country: countryCode.nullable().optional().meta({
    description:
      "The clinic's country, ISO 3166-1 alpha-2 (e.g. `PT`): its public holidays are the ones offered for import (`null` clears; then the locale's region is used)",
  }),
  refundOnFreeCancel: z.boolean().optional().meta({
    description:
      "Refund a visit's online payment (deposit or full price) through the payment provider when it is canceled inside its free-cancellation window, by the patient or by staff (default true)",
  }),
});

/** Clinic settings as a manager sees them. */
export const settingsResponse = z.object({
  settings: z
    .object({
      id: z.string(),
      name: z.string(),
      timeZone: z.string(),
      allowedOrigins: z.array(z.string()),
    })
    .passthrough(),
});
