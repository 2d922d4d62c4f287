// Zod schemas of the public (patient) routes: what they accept and what they answer.
// Field names are the contract of docs/api/public-v1.md; keep both in sync.

import { z } from "zod";
import { intakeInputSchema, intakeSchema } from "../../services/intake.js";
import {
  date,
  email,
  id,
  instant,
  integer,
  money,
  phone,
  providerChoice,
  text,
  timeZone,
} from "./common.js";

// ---------------------------------------------------------------------------------------------
// Query and body inputs
// ---------------------------------------------------------------------------------------------

/** An optional BCP 47 language tag of a query (`locale`). */
const localeParam = z
  .string()
  .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, "must be a BCP 47 language tag such as pt-PT")
  .max(35)
  .optional();

/** `GET /v1/services` query. */
export const listServicesQuery = z.object({
  category: z
    .string()
    .max(200)
    .optional()
    .meta({ description: "Only services of this category (as named in the answer's language)" }),
  locale: localeParam.meta({
    description:
      "Answer names, descriptions and categories in this language where the clinic translated them",
  }),
});

/** `GET /v1/patient/visits` query. */
export const myVisitsQuery = z.object({
  locale: localeParam.meta({
    description:
      "The page's language: package balance lines are written in it (Portuguese, Spanish; English otherwise); default the clinic's",
  }),
});

/** `GET /v1/providers` query. */
export const listProvidersQuery = z.object({
  serviceId: id.optional().meta({ description: "Only providers who offer this service" }),
});

/** The local days and zone of a slots query (`from`, `to`, `timeZone`). */
const dayWindow = {
  from: date.meta({ description: "First local day (inclusive)" }),
  to: date.meta({ description: "Last local day (inclusive); at most 62 days after `from`" }),
  timeZone: timeZone
    .optional()
    .meta({ description: "Zone of `from`/`to` and of the returned times; default the clinic's" }),
};

/** The rules every slots query keeps: `to` not before `from`, at most 62 days after it. */
function checkedDays<S extends z.ZodType<{ from: string; to: string }>>(schema: S): S {
  return schema
    .refine((q) => q.to >= q.from, { message: "must not be before from", path: ["to"] })
    .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 62 * 86_400_000, {
      message: "must be at most 62 days after from",
      path: ["to"],
    });
}

/** `GET /v1/slots` query. */
export const listSlotsQuery = checkedDays(
  z.object({
    serviceId: id,
    providerId: providerChoice.default("any"),
    ...dayWindow,
    locationId: id.optional(),
    includeFull: z.enum(["true", "false"]).optional().meta({
      description:
        "`true`: also list the times of classes that are full, with `remaining: 0` (shown as full, not bookable)",
    }),
  }),
);

/** `GET /v1/manage/:token/slots` query: the days and zone only (service and provider are the booking's). */
export const manageSlotsQuery = checkedDays(z.object(dayWindow));

/** `POST /v1/holds` body. */
export const createHoldBody = z.strictObject({
  serviceId: id,
  providerId: providerChoice,
  start: instant,
  email: email.optional().meta({
    description:
      "The patient's e-mail, when known: a few live holds per e-mail at a time (429 HOLD_LIMIT_REACHED); never shown back",
  }),
});

/** The patient's details on a booking. */
export const clientInput = z.strictObject({
  name: text(200),
  email,
  phone: phone.optional(),
  notes: text(2000, 0).optional().meta({
    description: "A message for the clinic; shown to staff, never returned on public routes",
  }),
});

/** `POST /v1/bookings` body. */
export const createBookingBody = z.strictObject({
  serviceId: id,
  providerId: providerChoice,
  start: instant,
  holdId: id.optional().meta({ description: "A hold from POST /v1/holds to consume" }),
  client: clientInput,
  intake: intakeInputSchema.optional().meta({
    description:
      "Answers to the service's intake questions by question id (text, an option id, true/false, YYYY-MM-DD) and the ids of the consents ticked",
  }),
  policyConsent: z.boolean().optional().meta({
    description:
      "The patient accepted the cancellation policy shown with the hold (`terms`); required (true) when `terms.feeFromBooking`, else 422 POLICY_CONSENT_REQUIRED",
  }),
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, "must be a BCP 47 language tag such as pt-PT")
    .max(35)
    .optional(),
});

/** `POST /v1/manage/:token/reschedule` body. */
export const rescheduleBody = z.strictObject({
  start: instant,
  providerId: providerChoice.optional(),
  holdId: id.optional().meta({ description: "A hold for the new time to consume" }),
});

/** `POST /v1/manage/:token/cancel` body. */
export const cancelBody = z.strictObject({ reason: text(500, 0).optional() });

/** `:id` path parameter. */
export const idParam = z.object({ id });

/** `:token` path parameter of a manage link. */
export const tokenParam = z.object({
  token: z.string().min(1).max(200).meta({ description: "The manage token from the booking" }),
});

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

/** The clinic as patients see it. */
export const publicClinic = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  locale: z.string(),
  currency: z.string(),
  address: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  brandColor: z.string().optional().meta({ description: "The clinic's brand colour, #rrggbb" }),
  logoUrl: z.string().optional().meta({ description: "Where the clinic's logo image is" }),
});

/** A service's cancellation policy, as shown before booking and before canceling. */
export const publicCancellationPolicy = z.object({
  freeUntilHoursBefore: integer.meta({
    description: "Cancellation is free until this many hours before the start",
  }),
  lateCancellation: z
    .enum(["fee", "not_allowed", "free"])
    .meta({ description: "What happens after the free window" }),
  lateFee: money.nullable(),
});

/** A service's minimum notice and booking horizon (docs/api/public-v1.md, "Booking window"). */
const bookingWindowFields = {
  leadTimeMinutes: integer.meta({
    description: "Minimum notice: a start is offered only this many minutes from now or later",
  }),
  horizonDays: integer.meta({
    description:
      "Booking horizon: the last bookable local day is today + horizonDays (in the provider's zone)",
  }),
};

/** A service's booking window, on its own (the manage link's service). */
export const publicBookingWindow = z.object(bookingWindowFields);

/** What the patient is asked to pay online when booking (a payment provider is set up). */
export const publicPaymentAsked = z
  .object({
    kind: z.enum(["full", "deposit"]),
    amount: money.meta({ description: "What is paid online (a deposit: the rest at the clinic)" }),
  })
  .meta({
    description:
      "Present when the server takes online payments and the service asks for one: pay `amount` through `POST /v1/manage/:token/payment-intents` after booking",
  });

/** An online-bookable service. */
export const publicService = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  discipline: z.string(),
  description: z.string(),
  durationMinutes: integer,
  price: money,
  capacity: integer,
  providerIds: z.array(z.string()),
  cancellationPolicy: publicCancellationPolicy.optional(),
  ...bookingWindowFields,
  intake: intakeSchema.optional().meta({
    description:
      "Questions and consents the booking form asks (send answers as `intake` on the booking)",
  }),
  onlinePayment: publicPaymentAsked.optional(),
});

/** A provider (therapist) patients can choose. */
export const publicProvider = z.object({
  id: z.string(),
  name: z.string(),
  disciplines: z.array(z.string()),
  locationId: z.string(),
  photoUrl: z.string().optional().meta({ description: "The therapist's photo (https)" }),
  bio: z.string().optional().meta({ description: "A short biography" }),
  price: money.optional().meta({
    description:
      "With `?serviceId=`: what this provider charges for that service (their own price, else the service's)",
  }),
});

/** A free time. */
export const publicSlot = z.object({
  start: z.string().meta({ format: "date-time" }),
  end: z.string().meta({ format: "date-time" }),
  providerId: z.string(),
  resourceIds: z.array(z.string()),
  remaining: integer.meta({
    description: "Places left (classes); 1 for a treatment; 0 for a full class (`includeFull`)",
  }),
});

/** The cancellation terms of booking a time now (the engine's `bookingTerms`). */
export const publicTerms = z.object({
  freeUntil: z.string().nullable().meta({
    format: "date-time",
    description: "Cancelling is free until then (clinic's zone); null = free until the start",
  }),
  lateFee: money.nullable().meta({ description: "The fee for cancelling after `freeUntil`" }),
  feeFromBooking: z.boolean().meta({
    description: "Booking now is already past the free window: the fee applies from booking",
  }),
  consentRequired: z.boolean().meta({
    description: "A fee can apply: ask the patient to accept the policy (`policyConsent`)",
  }),
  onlineCancellation: z.enum(["allowed", "free_window_only", "never"]),
  selfServiceUntil: z.string().nullable().meta({ format: "date-time" }),
});

/** A hold on a time. */
export const publicHold = z.object({
  id: z.string(),
  serviceId: z.string(),
  providerId: z.string(),
  start: z.string().meta({ format: "date-time" }),
  end: z.string().meta({ format: "date-time" }),
  expiresAt: z.string().meta({ format: "date-time" }),
  terms: publicTerms,
});

/** A booking as the patient sees it: never private notes. */
export const publicBooking = z.object({
  id: z.string(),
  status: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  start: z.string().meta({ format: "date-time" }),
  end: z.string().meta({ format: "date-time" }),
  timeZone: z.string(),
  client: z.object({ name: z.string(), email: z.string(), phone: z.string().optional() }),
  price: money,
});
/** A booking as the patient sees it. */
export type PublicBooking = z.infer<typeof publicBooking>;

/** What the patient may still do with a booking. */
export const publicPolicy = z.object({
  canCancel: z.boolean(),
  canReschedule: z.boolean(),
  cancellationFee: money.nullable(),
  freeUntil: z.string().nullable().meta({ format: "date-time" }),
  reason: z.string().optional(),
});
/** What the patient may still do with a booking. */
export type PublicPolicy = z.infer<typeof publicPolicy>;

/** `GET /v1/clinic` response. */
export const clinicResponse = z.object({ clinic: publicClinic });
/** `GET /v1/services` response. */
export const servicesResponse = z.object({
  services: z.array(publicService),
  categories: z.array(z.string()),
});
/** `GET /v1/providers` response. */
export const providersResponse = z.object({ providers: z.array(publicProvider) });
/** `GET /v1/slots` response. */
export const slotsResponse = z.object({ timeZone: z.string(), slots: z.array(publicSlot) });
/** `POST /v1/holds` and `POST /v1/holds/:id/extend` response. */
export const holdResponse = z.object({ hold: publicHold });
/** `POST /v1/bookings` response. */
export const bookingCreatedResponse = z.object({
  booking: publicBooking,
  manageToken: z.string().meta({ description: "Secret for /v1/manage/:token; shown once" }),
  terms: publicTerms
    .optional()
    .meta({ description: "The cancellation terms the visit was booked under" }),
  payment: publicPaymentAsked.optional(),
});
/** `GET /v1/manage/:token` response. */
export const manageResponse = z.object({
  booking: publicBooking,
  policy: publicPolicy,
  bookingWindow: publicBookingWindow
    .optional()
    .meta({ description: "The service's notice and horizon, for a reschedule calendar" }),
  payment: z
    .object({
      kind: z.enum(["full", "deposit"]),
      total: money.meta({ description: "What the service asks online for this visit in all" }),
      paid: money.meta({ description: "What was paid for the visit so far, less refunds" }),
      due: money.meta({
        description:
          "What is still due online: pay it through `POST /v1/manage/:token/payment-intents` (0 once paid)",
      }),
    })
    .optional()
    .meta({
      description:
        "Present when the server takes online payments and the visit's service asks for one (not for a canceled or moved visit)",
    }),
  refund: money.optional().meta({
    description:
      "A canceled visit: what was refunded of its online payment (a free cancellation refunds it when the clinic's `refundOnFreeCancel` is on)",
  }),
});
/** `POST /v1/manage/:token/reschedule` response. */
export const bookingResponse = z.object({
  booking: publicBooking,
  manageToken: z.string().optional().meta({
    description:
      "The moved visit's own manage token (shown once; also in the rescheduled e-mail). The old link now only shows the visit.",
  }),
});
/** `POST /v1/manage/:token/cancel` response. */
export const cancelResponse = z.object({
  booking: publicBooking,
  fee: money.nullable(),
  refund: money.nullable().meta({
    description:
      "What was refunded of the visit's online payment (deposit or full price) because it was canceled free of charge; `null` when nothing",
  }),
});

/** Response types of the public routes, for typed clients. */
export type ClinicResponse = z.infer<typeof clinicResponse>;
/** `GET /v1/services` response. */
export type ServicesResponse = z.infer<typeof servicesResponse>;
/** `GET /v1/providers` response. */
export type ProvidersResponse = z.infer<typeof providersResponse>;
/** `GET /v1/slots` response. */
export type SlotsResponse = z.infer<typeof slotsResponse>;
/** A hold response. */
export type HoldResponse = z.infer<typeof holdResponse>;
/** `POST /v1/bookings` response. */
export type BookingCreatedResponse = z.infer<typeof bookingCreatedResponse>;
/** `GET /v1/manage/:token` response. */
export type ManageResponse = z.infer<typeof manageResponse>;
/** `POST /v1/manage/:token/cancel` response. */
export type CancelResponse = z.infer<typeof cancelResponse>;
