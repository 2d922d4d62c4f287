// The patient page's ("My visits") request and response schemas.

import { z } from "zod";
import { email, instant, integer, money, phone, providerChoice, text } from "./common.js";
import { publicBooking, publicPolicy } from "./public.js";
import { publicWaitlistEntry } from "./waitlist.js";

/** `POST /v1/patient/sign-in` body. */
export const signInBody = z.strictObject({
  email,
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, "must be a BCP 47 language tag such as pt-PT")
    .max(35)
    .optional(),
});
/** `POST /v1/patient/sign-in` response: the same whether the e-mail is known or not. */
export const signInResponse = z.object({ message: z.string() });
/** `POST /v1/patient/sessions` body. */
export const openSessionBody = z.strictObject({
  token: z.string().min(1).max(200).meta({ description: "The token from the e-mailed link" }),
});
/** `POST /v1/patient/sessions` response. */
export const sessionResponse = z.object({
  sessionToken: z.string().meta({
    description: "Send as `Authorization: Bearer <sessionToken>` on /v1/patient routes; shown once",
  }),
  expiresAt: z.string().meta({ format: "date-time" }),
  email: z.string(),
});
/** A visit on the patient page. */
export const myVisit = z.object({
  booking: publicBooking,
  policy: publicPolicy,
  seriesId: z.string().optional(),
});
/** A package balance on the patient page. */
export const myPackage = z.object({
  id: z.string(),
  name: z.string(),
  sold: integer,
  used: integer,
  remaining: integer,
  expiresOn: z.string().nullable(),
  expired: z.boolean(),
  line: z.string(),
});
/** An invoice, receipt or credit note on the patient page. */
export const myDocument = z.object({
  id: z.string(),
  kind: z.string(),
  number: z.string(),
  issuedAt: z.string().meta({ format: "date-time" }),
  total: money.optional(),
});
/** A series of visits (e.g. 8 sessions, twice a week). */
export const mySeries = z.object({
  seriesId: z.string(),
  serviceName: z.string(),
  total: integer,
  upcoming: integer,
  next: z.string().nullable().meta({ format: "date-time" }),
});
/** `GET /v1/patient/visits` response. */
export const myVisitsResponse = z.object({
  email: z.string(),
  upcoming: z.array(myVisit),
  past: z.array(myVisit),
  series: z.array(mySeries),
  packages: z.array(myPackage),
  documents: z.array(myDocument),
  waitlist: z.array(publicWaitlistEntry),
});
/** `POST /v1/patient/visits/:id/cancel` body. */
export const myCancelBody = z.strictObject({ reason: text(500, 0).optional() });
/** `POST /v1/patient/visits/:id/reschedule` body. */
export const myRescheduleBody = z.strictObject({
  start: instant,
  providerId: providerChoice.optional(),
  holdId: z.string().min(1).max(200).optional(),
});

/** `PATCH /v1/patient/profile` body. */
export const profileBody = z
  .strictObject({
    name: text(200).optional(),
    phone: phone.nullable().optional(),
    locale: z
      .string()
      .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, "must be a BCP 47 language tag such as pt-PT")
      .max(35)
      .optional(),
    channels: z
      .array(z.enum(["email", "sms", "whatsapp"]))
      .min(1, "must name at least one channel")
      .max(3)
      .optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: "must change at least one field" });
/** `PATCH /v1/patient/profile` response. */
export const profileResponse = z.object({
  profile: z.object({
    email: z.string(),
    name: z.string(),
    phone: z.string().optional(),
    locale: z.string().optional(),
    channels: z.array(z.string()).optional(),
    visitsUpdated: integer,
  }),
});
