// The waitlist's request and response schemas (public and staff): one source for validation and
// the OpenAPI document.

import { wallTimeSchema } from "@bookwell/engine";
import { z } from "zod";
import { date, email, id, instant, integer, phone, providerChoice, text } from "./common.js";
import { publicBooking, publicTerms } from "./public.js";

const locale = z
  .string()
  .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, "must be a BCP 47 language tag such as pt-PT")
  .max(35);

/** `POST /v1/waitlist` body. */
export const joinWaitlistBody = z
  .strictObject({
    serviceId: id,
    providerId: providerChoice,
    weekdays: z
      .array(z.int().min(1).max(7))
      .max(7)
      .optional()
      .meta({ description: "ISO weekdays of the wanted start (1 = Monday … 7 = Sunday)" }),
    timeOfDay: z
      .strictObject({ from: wallTimeSchema, to: wallTimeSchema })
      .refine((t) => t.from < t.to, { message: "must end after it starts", path: ["to"] })
      .optional()
      .meta({ description: "The wanted start lies in [from, to), clinic time" }),
    dateFrom: date.optional(),
    dateTo: date.optional(),
    client: z.strictObject({ name: text(200), email, phone: phone.optional() }),
    locale: locale.optional(),
  })
  .refine((b) => !b.dateFrom || !b.dateTo || b.dateFrom <= b.dateTo, {
    message: "must not be before dateFrom",
    path: ["dateTo"],
  });

/** `:token` of a waitlist entry or offer link. */
export const waitlistTokenParam = z.object({
  token: z.string().min(1).max(200).meta({ description: "The token from the waitlist link" }),
});

/** A waitlist entry as its patient (and staff) see it. */
export const publicWaitlistEntry = z.object({
  id: z.string(),
  status: z.enum(["waiting", "booked", "left"]),
  serviceId: z.string(),
  providerId: z.string().meta({ description: "`any` or the wanted provider" }),
  weekdays: z.array(integer).optional(),
  timeOfDay: z.object({ from: z.string(), to: z.string() }).optional(),
  dateFrom: z.string().optional(),
  dateTo: z.string().optional(),
  joinedAt: z.string().meta({ format: "date-time" }),
  expiresAt: z.string().meta({ format: "date-time" }),
});

/** A time offered to a waitlist entry. */
export const publicWaitlistOffer = z.object({
  id: z.string(),
  status: z.enum(["open", "booked", "lapsed", "taken", "withdrawn"]),
  serviceId: z.string(),
  providerId: z.string(),
  start: z.string().meta({ format: "date-time" }),
  end: z.string().meta({ format: "date-time" }),
  timeZone: z.string(),
  exclusive: z
    .boolean()
    .meta({ description: "Held for this patient alone until `expiresAt` (else first to confirm)" }),
  expiresAt: z.string().meta({ format: "date-time" }),
});

/** `POST /v1/waitlist` response. */
export const joinedResponse = z.object({
  entry: publicWaitlistEntry,
  token: z.string().meta({
    description: "Secret for /v1/waitlist/:token (see or leave the entry); shown once",
  }),
});
/** `GET` / `DELETE /v1/waitlist/:token` response. */
export const entryResponse = z.object({ entry: publicWaitlistEntry });
/** `GET /v1/waitlist-offers/:token` response. */
export const offerResponse = z.object({
  offer: publicWaitlistOffer.extend({
    terms: publicTerms.meta({
      description:
        "The cancellation terms of booking the offered time now; when `feeFromBooking`, confirming needs `policyConsent: true`",
    }),
  }),
});
/** `POST /v1/waitlist-offers/:token/confirm` body. */
export const confirmOfferBody = z.strictObject({
  policyConsent: z.boolean().optional().meta({
    description:
      "The patient accepted the cancellation policy shown with the offer (`terms`); required (true) when `terms.feeFromBooking`, else 422 POLICY_CONSENT_REQUIRED",
  }),
});
/** `POST /v1/waitlist-offers/:token/confirm` response. */
export const offerBookedResponse = z.object({
  booking: publicBooking,
  manageToken: z.string().meta({ description: "Secret for /v1/manage/:token; shown once" }),
});

/** `GET /v1/staff/waitlist` query. */
export const staffWaitlistQuery = z
  .object({
    serviceId: id.optional(),
    providerId: id.optional().meta({
      description: "Only entries that would take this provider (those naming them, or anyone)",
    }),
    date: date.optional().meta({ description: "Only entries that want this local date" }),
    from: date.optional().meta({
      description: "Only entries that want a local date on or after this one (with `to`: a range)",
    }),
    to: date.optional().meta({ description: "Only entries that want a local date up to this one" }),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: "must not be before from",
    path: ["to"],
  })
  .refine((q) => !q.date || (!q.from && !q.to), {
    message: "give date, or from and to, not both",
    path: ["date"],
  });
/** `DELETE /v1/staff/waitlist/:id` query. */
export const staffRemoveQuery = z.object({
  reason: text(500).optional().meta({
    description: "Why staff took the entry off (kept in the audit trail; no clinical details)",
  }),
});
/** An entry with its contact and offers, for staff. */
export const staffWaitlistEntry = publicWaitlistEntry.extend({
  client: z.object({ name: z.string(), email: z.string(), phone: z.string().optional() }),
  offers: z.array(publicWaitlistOffer),
});
/** `GET /v1/staff/waitlist` response. */
export const staffWaitlistResponse = z.object({ entries: z.array(staffWaitlistEntry) });
/** `POST /v1/staff/waitlist/:id/offers` body. */
export const staffOfferBody = z.strictObject({ start: instant, providerId: id });
