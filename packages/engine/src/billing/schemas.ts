import { z } from "zod";
import { idSchema, instantSchema } from "../model.js";
import { basisPointsSchema, positiveMoneySchema, signedMoneySchema } from "./money.js";

/** Where a charge came from. */
export const chargeSourceSchema = z.enum([
  "arrival",
  "manual",
  "cancellation_fee",
  "no_show_fee",
  "package_sale",
]);
/** Where a charge came from. */
export type ChargeSource = z.infer<typeof chargeSourceSchema>;

/** Billing state of a charge: open, on an issued invoice, or voided before invoicing. */
export const chargeStatusSchema = z.enum(["uninvoiced", "invoiced", "void"]);
/** Billing state of a charge. */
export type ChargeStatus = z.infer<typeof chargeStatusSchema>;

/**
 * One billable line: `quantity × unitPrice` at a tax rate, for a case (and usually a visit).
 * `priceIncludesTax` (default `true`, what a patient sees) tells whether `unitPrice` is gross.
 */
export const chargeSchema = z
  .object({
    id: idSchema,
    caseId: idSchema,
    clientId: idSchema,
    appointmentId: idSchema.optional(),
    description: z.string().min(1, "must not be empty").max(500),
    /** Price of one unit; negative for a discount line. */
    unitPrice: signedMoneySchema,
    quantity: z.number().int("must be a whole number").min(1, "must be at least 1").max(10_000),
    /** Tax rate in basis points: 2300 = 23 %. */
    taxRateBp: basisPointsSchema.default(0),
    priceIncludesTax: z.boolean().default(true),
    /** Provider the revenue is booked to; defaults to the visit's provider calendar. */
    billingProviderId: idSchema,
    status: chargeStatusSchema.default("uninvoiced"),
    invoiceId: idSchema.optional(),
    source: chargeSourceSchema.default("manual"),
    createdAt: instantSchema.optional(),
  })
  .refine((c) => c.status !== "invoiced" || c.invoiceId !== undefined, {
    message: "an invoiced charge must name its invoiceId",
    path: ["invoiceId"],
  });
/** A charge as accepted by the engine (defaults optional). */
export type ChargeInput = z.input<typeof chargeSchema>;
/** A charge after validation. */
export type Charge = z.output<typeof chargeSchema>;

/** How money moved: a payment in or a refund out. */
export const paymentKindSchema = z.enum(["payment", "refund"]);
/** How money moved. */
export type PaymentKind = z.infer<typeof paymentKindSchema>;

/** Payment methods a clinic front desk takes. */
export const paymentMethodSchema = z.enum([
  "cash",
  "card",
  "transfer",
  "direct_debit",
  "mobile",
  "online",
  "voucher",
  "insurance",
  "other",
]);
/** Payment method. */
export type PaymentMethod = z.infer<typeof paymentMethodSchema>;

/**
 * A payment or a refund (always a positive amount; `kind` gives the direction). It belongs to a
 * case and may target one invoice or one visit; otherwise it is paid on account of the case.
 */
export const paymentSchema = z
  .object({
    id: idSchema,
    kind: paymentKindSchema.default("payment"),
    clientId: idSchema,
    caseId: idSchema,
    invoiceId: idSchema.optional(),
    appointmentId: idSchema.optional(),
    method: paymentMethodSchema,
    amount: positiveMoneySchema,
    reference: z.string().max(200).optional(),
    at: instantSchema,
  })
  .refine((p) => p.invoiceId === undefined || p.appointmentId === undefined, {
    message: "target either an invoice or a visit, not both",
    path: ["appointmentId"],
  });
/** A payment as accepted by the engine. */
export type PaymentInput = z.input<typeof paymentSchema>;
/** A payment after validation. */
export type Payment = z.output<typeof paymentSchema>;

/** A party on an invoice: the clinic (seller) or the client (buyer). */
export const partySchema = z.object({
  name: z.string().min(1, "must not be empty").max(300),
  taxId: z.string().min(1).max(50).optional(),
  address: z.string().max(1000).optional(),
  email: z.string().max(320).optional(),
});
/** A party on an invoice. */
export type Party = z.infer<typeof partySchema>;

/** The clinic as it must appear on an invoice: its tax ID is required. */
export const clinicPartySchema = partySchema.extend({
  taxId: z.string().min(1, "the clinic's tax ID is required on an invoice").max(50),
});
/** The clinic as it appears on an invoice. */
export type ClinicParty = z.infer<typeof clinicPartySchema>;

/** A document number series: `prefix` + sequence padded to `minDigits`, e.g. `FT 2026/00042`. */
export const numberingSchema = z.object({
  prefix: z.string().max(40).default(""),
  minDigits: z.number().int().min(1).max(12).default(5),
  /** The previous number issued in this series (`null` for the first), or its sequence. */
  previous: z.union([z.string().min(1).max(60), z.number().int().min(0), z.null()]),
});
/** A document number series. */
export type NumberingInput = z.input<typeof numberingSchema>;
