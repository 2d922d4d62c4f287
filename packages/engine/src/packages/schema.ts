import { z } from "zod";
import { nonNegativeMoneySchema } from "../billing/money.js";
import { dateSchema, idSchema, instantSchema, type Money, timeZoneSchema } from "../model.js";

/** One session taken from a package: the visit, when, who treated, who attended, and why. */
export const packageUseSchema = z.object({
  appointmentId: idSchema,
  /** Start of the visit. */
  at: instantSchema,
  /** Local date of the visit in the package's zone, `YYYY-MM-DD`. */
  date: dateSchema,
  therapistId: idSchema,
  /** Who attended (the owner or someone they allowed). */
  clientId: idSchema,
  /** `no_show` when the package's rule deducts missed visits. */
  kind: z.enum(["attended", "no_show"]).default("attended"),
});
/** One logged session of a package. */
export type PackageUse = z.output<typeof packageUseSchema>;

/** The price of a package: its total, or a price per session (exactly one). */
export const packagePriceSchema = z.union([
  z.object({ total: nonNegativeMoneySchema }).strict(),
  z.object({ perSession: nonNegativeMoneySchema }).strict(),
]);

/**
 * A package of prepaid sessions ("10 physio sessions"), owned by one client, optionally usable
 * by others they name, for some services, until an expiry date.
 */
export const packageSchema = z.object({
  id: idSchema,
  name: z.string().max(200).default(""),
  ownerClientId: idSchema,
  /** Others who may use it ("this was for my wife"); the owner always may. */
  allowedClientIds: z.array(idSchema).max(20).default([]),
  /** Services it pays for; empty = any service. */
  serviceIds: z.array(idSchema).max(200).default([]),
  sessions: z.number().int("must be a whole number").min(1, "must be at least 1").max(1000),
  price: packagePriceSchema,
  /** What the client actually paid (default: the total); refunds never exceed it. */
  paid: nonNegativeMoneySchema.optional(),
  purchasedAt: instantSchema,
  /** Last day it may be used (inclusive, in `timeZone`); omitted = never expires. */
  expiresOn: dateSchema.optional(),
  /** Days before the expiry day to nudge the client to book the rest. */
  nudgeDaysBefore: z.number().int().min(0).max(365).default(14),
  timeZone: timeZoneSchema,
  /** Whether a no-show uses up a session. */
  noShowRule: z.enum(["deduct", "keep"]).default("keep"),
  uses: z.array(packageUseSchema).max(1000).default([]),
  /** Set once the unused sessions were refunded; the package is closed then. */
  refund: z
    .object({
      at: instantSchema,
      sessions: z.number().int().min(0),
      amount: nonNegativeMoneySchema,
    })
    .optional(),
});
/** A package as accepted by the engine. */
export type SessionPackageInput = z.input<typeof packageSchema>;
/** A package after validation. */
export type SessionPackage = z.output<typeof packageSchema>;

/** Derived prices of a package's sessions. */
export interface PackagePricing {
  total: Money;
  /** Price of each session but the last. */
  perSession: Money;
  /** Price of the last session: `perSession` plus what rounding left over. */
  lastSession: Money;
}
