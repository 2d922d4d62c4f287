import { z } from "zod";
import { basisPointsSchema, signedMoneySchema } from "../billing/money.js";
import { chargeSchema } from "../billing/schemas.js";
import {
  calendarKindSchema,
  idSchema,
  instantSchema,
  moneySchema,
  timeZoneSchema,
} from "../model.js";
import { packageSchema } from "../packages/schema.js";
import { cancellationPolicySchema, feeRuleSchema } from "../policies/schemas.js";

/** A default billing item of a service, added as an editable charge when the client arrives. */
export const billingItemSchema = z.object({
  description: z.string().min(1, "must not be empty").max(500),
  unitPrice: signedMoneySchema,
  quantity: z.number().int().min(1).max(10_000).default(1),
  taxRateBp: basisPointsSchema.default(0),
  priceIncludesTax: z.boolean().default(true),
  /** A package that pays for the visit covers this item (the treatment itself; not extras). */
  coveredByPackage: z.boolean().default(true),
});
/** A default billing item as accepted by the engine. */
export type BillingItemInput = z.input<typeof billingItemSchema>;

/**
 * The service fields the status machine reads: the price, and the extra (passthrough) fields
 * `billingItems`, `taxRateBp`, `cancellationPolicy`, `noShowFee` and `feeTaxRateBp`.
 */
export const serviceRulesSchema = z
  .object({
    id: idSchema,
    name: z.string().min(1).max(200),
    price: moneySchema,
    /** Charges added on arrival; omitted = one line "<name>" at the service price. */
    billingItems: z.array(billingItemSchema).max(50).optional(),
    /** Tax rate of the default line when `billingItems` is omitted. */
    taxRateBp: basisPointsSchema.default(0),
    cancellationPolicy: cancellationPolicySchema.optional(),
    noShowFee: feeRuleSchema.nullable().optional(),
    /** Tax rate of cancellation and no-show fees (default 0: compensation, outside VAT scope). */
    feeTaxRateBp: basisPointsSchema.default(0),
  })
  .passthrough()
  .superRefine((service, ctx) => {
    // One service, one currency: a billing item in another would poison the client's ledger.
    service.billingItems?.forEach((item, i) => {
      if (item.unitPrice.currency !== service.price.currency) {
        ctx.addIssue({
          code: "custom",
          path: ["billingItems", i, "unitPrice", "currency"],
          message: `must be ${service.price.currency} like the price (mixed currencies are not allowed)`,
        });
      }
    });
  });
/** The service fields the status machine reads. */
export type ServiceRulesInput = z.input<typeof serviceRulesSchema>;
/** The service fields the status machine reads, validated. */
export type ServiceRules = z.output<typeof serviceRulesSchema>;

/** Who acts: a client online, or staff in their role, or the system (automations). */
export const actorSchema = z.object({
  id: idSchema,
  role: z.enum(["client", "front_desk", "provider", "manager", "system"]),
});
/** Who acts. */
export type Actor = z.infer<typeof actorSchema>;

/** Where a visit moves to (for the `move` action). */
export const moveTargetSchema = z.object({
  /** Id of the new visit (the caller's storage makes ids). */
  appointmentId: idSchema,
  start: instantSchema,
  /** Default: the new start plus the old duration. */
  end: instantSchema.optional(),
  /** Default: the same calendars. */
  calendarIds: z.array(idSchema).min(1).max(10).optional(),
});

/** Everything a transition may need besides the appointment. */
export const transitionContextSchema = z.object({
  now: instantSchema,
  actor: actorSchema,
  reason: z.string().max(1000).optional(),
  service: serviceRulesSchema,
  /** The package that pays for this visit, if any. */
  package: packageSchema.optional(),
  /** Charges already on this visit (to void or flag on rollback). */
  charges: z.array(chargeSchema).default([]),
  /**
   * Who revenue is booked to (and who the package log names as therapist); default: the visit's
   * provider calendar — the first of its `calendarIds` that `calendars` lists as a provider, else
   * `calendarIds[0]`.
   */
  billingProviderId: idSchema.optional(),
  /** The visit's calendars with their kind, so the provider is found whatever the order of `calendarIds`. */
  calendars: z
    .array(z.object({ id: idSchema, kind: calendarKindSchema }).passthrough())
    .max(5000)
    .optional(),
  /** Case for new charges when the appointment has none. */
  caseId: idSchema.optional(),
  /** Staff waive a cancellation or no-show fee (ignored for clients). */
  waiveFee: z.boolean().default(false),
  /** `false` = do not emit notifications for this change. */
  notify: z.boolean().default(true),
  /**
   * The status the visit had when it went through arrival (`booked` for a walk-in that was never
   * confirmed): a rollback from `arrived` returns to it. Unknown: `confirmed`, the table's cell.
   */
  statusBeforeArrival: z.enum(["booked", "confirmed"]).optional(),
  /** Zone to print instants in (default UTC). */
  timeZone: timeZoneSchema.optional(),
  move: moveTargetSchema.optional(),
  /** Makes ids for new charges; default `<appointmentId>:<purpose>:<now in base 36>:<index>`. */
  makeId: z
    .custom<(purpose: string, index: number) => string>(
      (v) => typeof v === "function",
      "must be a function",
    )
    .optional(),
});
/** What {@link transition} needs besides the appointment. */
export type TransitionContextInput = z.input<typeof transitionContextSchema>;
/** The transition context after validation. */
export type TransitionContext = z.output<typeof transitionContextSchema>;
