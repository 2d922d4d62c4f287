// Zod schemas of the back-office routes (they validate requests and feed the OpenAPI document).

import { basisPointsSchema, dateSchema, paymentMethodSchema } from "@bookwell/engine";
import { z } from "zod";
import {
  date,
  email,
  id,
  instant,
  integer,
  limit,
  money,
  phone,
  taxId,
  text,
} from "../../schemas/common.js";
import { clientIdentity, createClientBody } from "../../schemas/staff.js";

/** Money in minor units that must be positive. */
export const positiveMoney = money.refine((m) => m.amount > 0, {
  message: "must be more than 0",
  path: ["amount"],
});

/** `?expectedVersion=` style optimistic concurrency in bodies. */
const version = integer.min(1).optional().meta({
  description: "Refuse (409) unless the record still has this version",
});

// --- clients ---

/** `POST /v1/staff/clients/intake` body. */
export const intakeBody = createClientBody.extend({
  notes: text(2000).optional().meta({ description: "Administrative notes (not clinical)" }),
  address: text(500).optional(),
  createAnyway: z.boolean().default(false).meta({
    description: "Create even when clients with the same e-mail, phone or tax ID exist",
  }),
});

/** `GET /v1/staff/client-duplicates` query. */
export const duplicatesQuery = z
  .object({
    email: z.string().max(254).optional(),
    phone: z.string().max(40).optional(),
    taxId: z.string().max(50).optional(),
  })
  .refine((q) => q.email || q.phone || q.taxId, {
    message: "give email, phone or taxId",
    path: ["email"],
  });

/** `GET /v1/staff/client-search` query. */
export const searchQuery = z.object({
  q: z.string().trim().min(1).max(200),
  limit,
  offset: z.coerce.number().int().min(0).max(100_000).default(0).meta({
    description: "Skip this many matches (the next page starts at the `nextOffset` of the last)",
  }),
});

/** `POST /v1/staff/clients/:id/merge` body. */
export const mergeBody = z.strictObject({
  duplicateId: id.meta({
    description:
      "The duplicate client: its records move to the client in the path, then it is deleted",
  }),
});

/** How many records a merge moved to the kept client. */
export const mergeMovedOut = z.object({
  appointments: integer,
  cases: integer,
  charges: integer,
  documents: integer,
  payments: integer,
  packages: integer,
});

/** `PATCH /v1/staff/clients/:id/details` body. */
export const clientDetailsBody = z.strictObject({
  notes: text(2000).nullable().optional(),
  address: text(500).nullable().optional(),
});

/** A client as the back office shows it. */
export const clientOut = z.object({
  ...clientIdentity,
  notes: z.string().optional(),
  address: z.string().optional(),
  version: integer,
});

/** One existing client that looks like another. */
export const duplicateOut = z.object({
  id: z.string(),
  name: z.string(),
  matchedOn: z.array(z.enum(["email", "phone", "taxId"])),
});

// --- imports ---

/** `POST /v1/staff/imports/*` query. */
/** `?delimiter=` of the CSV exports. */
export const delimiterParam = z.enum(["comma", "semicolon", "tab"]).default("comma").meta({
  description:
    "Separator of the file: `semicolon` is what Excel expects in Portugal, Spain and most of Europe",
});

/** The query of a CSV export. */
export const exportQuery = z.object({ delimiter: delimiterParam });

export const importQuery = z.object({
  dryRun: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true")
    .meta({ description: "Check every row and report; write nothing" }),
  mode: z.enum(["all-or-nothing", "valid-rows"]).default("all-or-nothing").meta({
    description:
      "all-or-nothing: import nothing if any row is bad; valid-rows: import the good rows",
  }),
});

/** An import report. */
export const importReportOut = z.object({
  dryRun: z.boolean(),
  mode: z.string(),
  delimiter: z.string().nullable(),
  rows: integer,
  valid: integer,
  imported: integer,
  errors: z.array(
    z.object({
      line: integer,
      column: z.string().nullable(),
      code: z.string(),
      message: z.string(),
    }),
  ),
  warnings: z.array(z.unknown()),
  created: z.array(z.object({ line: integer, id: z.string(), name: z.string() })),
  skipped: integer.meta({ description: "Rows with errors: not imported" }),
  columns: z
    .array(z.object({ header: z.string(), column: z.string().nullable() }))
    .meta({ description: "Each header cell and the column it fills (null: ignored)" }),
  preview: z
    .array(z.object({ line: integer, cells: z.array(z.string()) }))
    .meta({ description: "The first rows of the file as written" }),
  matched: z
    .array(z.object({ line: integer, column: z.string(), id: z.string(), name: z.string() }))
    .meta({ description: "Rows matching an existing client by e-mail, phone or tax ID" }),
  fileRejected: z.boolean(),
});

// --- cases ---

/** Who pays for a case when it is not the patient. */
export const casePayer = z
  .strictObject({
    kind: z.enum(["insurer", "employer", "other"], "must be insurer, employer or other"),
    name: text(300),
    taxId: taxId.optional(),
    address: text(1000).optional(),
    email: email.optional(),
    reference: text(100).optional().meta({
      description: "Policy, claim or authorisation number, printed on the case's documents",
    }),
  })
  .meta({
    description:
      "Who pays for the case when it is not the patient: its invoices and receipts are addressed to the payer and name the patient",
  });

/** Who referred the patient for a case. */
export const caseReferral = z
  .strictObject({
    by: text(300).meta({ description: "The referring doctor or source" }),
    date: date.optional(),
    reference: text(100).optional(),
  })
  .meta({ description: "Who referred the patient, when, and their reference" });

/** `POST /v1/staff/clients/:id/cases` body. */
export const createCaseBody = z.strictObject({
  id: id.optional(),
  title: text(200),
  payer: casePayer.optional(),
  referral: caseReferral.optional(),
  extra: z
    .record(z.string().max(100), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]))
    .optional()
    .meta({
      description:
        "Anything else the clinic keeps about the case (never clinical notes); shown back as `extra`",
    }),
});

/** `PATCH /v1/staff/cases/:id` body. */
export const patchCaseBody = z.strictObject({
  title: text(200).optional(),
  status: z.enum(["open", "closed"]).optional(),
  payer: casePayer.nullable().optional().meta({ description: "`null`: the patient pays" }),
  referral: caseReferral.nullable().optional().meta({ description: "`null`: no referral" }),
  expectedVersion: version,
});

/** `PUT /v1/staff/appointments/:id/case` body. */
export const attachCaseBody = z.strictObject({ caseId: id.nullable() });

/** A case. */
export const caseOut = z.object({
  id: z.string(),
  clientId: z.string(),
  title: z.string(),
  status: z.enum(["open", "closed"]),
  general: z.boolean(),
  openedAt: z.string(),
  closedAt: z.string().optional(),
  extra: z.record(z.string(), z.unknown()).optional().meta({
    description: "Anything else the clinic keeps about the case (see `payer`, `referral`)",
  }),
  /** Absent: the patient pays. */
  payer: casePayer.optional(),
  referral: caseReferral.optional(),
  version: integer,
});

// --- charges ---

/** `POST /v1/staff/cases/:id/charges` body. */
export const chargeBody = z.strictObject({
  description: text(500),
  unitPrice: money,
  quantity: integer.min(1).max(10_000).default(1),
  taxRateBp: basisPointsSchema.default(0),
  priceIncludesTax: z.boolean().default(true),
  appointmentId: id.optional(),
  billingProviderId: id.optional(),
});

/** `PATCH /v1/staff/charges/:id` body. */
export const patchChargeBody = z.strictObject({
  description: text(500).optional(),
  unitPrice: money.optional(),
  quantity: integer.min(1).max(10_000).optional(),
  taxRateBp: basisPointsSchema.optional(),
  priceIncludesTax: z.boolean().optional(),
  billingProviderId: id.optional(),
  expectedVersion: version,
});

/** `POST /v1/staff/charges/:id/void` body. */
export const voidBody = z.strictObject({ reason: text(500).optional() });

/** A charge. */
export const chargeOut = z
  .object({
    id: z.string(),
    caseId: z.string(),
    description: z.string(),
    status: z.enum(["uninvoiced", "invoiced", "void"]),
    amounts: z.object({ net: integer, tax: integer, gross: integer }),
    version: integer,
  })
  .passthrough();

/** Balance figures (the engine's). */
export const balanceOut = z
  .object({
    currency: z.string().nullable(),
    charged: integer,
    uninvoiced: integer,
    credited: integer,
    paid: integer,
    refunded: integer,
    outstanding: integer,
  })
  .passthrough();

// --- invoices and credit notes ---

/** `POST /v1/staff/cases/:id/invoices` body. */
export const issueInvoiceBody = z.strictObject({
  chargeIds: z.array(id).min(1).max(500).optional().meta({
    description: "Only these uninvoiced charges of the case (default: all of them)",
  }),
  dueAt: instant.optional(),
  notes: text(2000).optional(),
});

/** `POST /v1/staff/invoices/:id/credit-notes` body. */
export const creditNoteBody = z.strictObject({
  reason: text(1000),
  lines: z
    .array(
      z.strictObject({
        chargeId: id,
        amount: integer.min(1).optional().meta({
          description: "Gross minor units to credit on that line (default: the rest of it)",
        }),
      }),
    )
    .min(1)
    .max(500)
    .optional(),
});

/** `GET /v1/staff/invoices` query. */
export const listDocumentsQuery = z.object({
  clientId: id.optional(),
  caseId: id.optional(),
  from: instant.optional(),
  to: instant.optional(),
});

/** An issued document. */
export const documentOut = z
  .object({
    id: z.string(),
    kind: z.enum(["invoice", "credit_note"]),
    number: z.string(),
    caseId: z.string(),
    clientId: z.string(),
    issuedAt: z.string(),
    snapshot: z.unknown(),
    pdf: z.string(),
  })
  .passthrough();

/** `:id.pdf` path parameter. */
export const pdfParam = z.object({
  id: z
    .string()
    .max(140)
    .regex(/^[^\s/]+\.pdf$/, "must end in .pdf")
    .transform((v) => v.slice(0, -4)),
});

// --- payments ---

/** `POST /v1/staff/payments` body. */
export const paymentBody = z.strictObject({
  kind: z.enum(["payment", "refund"]).default("payment"),
  method: paymentMethodSchema,
  amount: positiveMoney,
  reference: text(200).optional(),
  invoiceId: id.optional(),
  appointmentId: id.optional(),
  caseId: id.optional(),
  at: instant.optional().meta({ description: "When the money moved (default: now)" }),
});

/** `GET /v1/staff/payments` query. */
export const listPaymentsQuery = z.object({
  clientId: id.optional(),
  caseId: id.optional(),
  invoiceId: id.optional(),
  appointmentId: id.optional(),
  from: instant.optional(),
  to: instant.optional(),
});

/** `POST /v1/staff/payments/:id/refund-online` body. */
export const onlineRefundBody = z.strictObject({
  amount: integer.min(1).optional(),
});

/** Body of the e-mail routes of invoices and receipts. */
export const documentMailBody = z.strictObject({
  email: email.optional().meta({ description: "Send here instead of the client's own address" }),
});

/** What an e-mail route queued. */
export const documentMailOut = z.object({
  to: z.string(),
  documents: z.array(
    z.object({ kind: z.enum(["invoice", "credit_note", "receipt"]), id: z.string() }),
  ),
});

/** A payment. */
export const paymentOut = z
  .object({
    id: z.string(),
    kind: z.enum(["payment", "refund"]),
    method: z.string(),
    amount: money,
    at: z.string(),
    receipt: z.string(),
  })
  .passthrough();

// --- packages ---

/** `POST /v1/staff/clients/:id/packages` body. */
export const sellPackageBody = z.strictObject({
  name: text(200),
  sessions: integer.min(1).max(1000),
  price: z.union([z.strictObject({ total: money }), z.strictObject({ perSession: money })]),
  serviceIds: z.array(id).max(200).default([]),
  allowedClientIds: z.array(id).max(20).default([]),
  expiresOn: dateSchema.optional(),
  nudgeDaysBefore: integer.min(0).max(365).optional(),
  noShowRule: z.enum(["deduct", "keep"]).default("keep"),
  caseId: id.optional(),
  taxRateBp: basisPointsSchema.default(0),
  billingProviderId: id.optional(),
  payment: z
    .strictObject({ method: paymentMethodSchema, reference: text(200).optional() })
    .optional()
    .meta({ description: "Record the payment for the sale at once" }),
});

/** `PUT /v1/staff/appointments/:id/package` body. */
export const assignPackageBody = z.strictObject({ packageId: id.nullable() });

/** `POST /v1/staff/packages/:id/refund` body. */
export const refundPackageBody = z.strictObject({
  method: paymentMethodSchema,
  reference: text(200).optional(),
});

/** `GET /v1/staff/packages` query. */
export const listPackagesQuery = z.object({
  clientId: id.optional(),
  status: z.enum(["open", "refunded"]).optional(),
  nudgeDue: z.enum(["true", "false"]).optional().meta({
    description: "Only packages whose expiry nudge is due now",
  }),
});

/** A package with its balance and attendance log. */
export const packageOut = z
  .object({
    id: z.string(),
    name: z.string(),
    ownerClientId: z.string(),
    sessions: integer,
    balance: z
      .object({
        sold: integer,
        used: integer,
        remaining: integer,
        line: z.string(),
      })
      .passthrough(),
    attendance: z.array(z.unknown()),
  })
  .passthrough();

// --- reports ---

/** `GET /v1/staff/reports/monthly` query. */
export const monthQuery = z.object({
  month: z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])$/, "must be a month YYYY-MM"),
  providerId: id.optional().meta({ description: "Only this provider's row (JSON) / rows (CSV)" }),
});

/** The query of the monthly report as CSV. */
export const monthCsvQuery = monthQuery.extend({ delimiter: delimiterParam });

// --- team ---

/** `PUT /v1/staff/providers/:id/services/:serviceId` body. */
export const providerServiceBody = z.strictObject({
  price: money
    .nullable()
    .optional()
    .meta({ description: "The provider's own price; null = the service's" }),
  active: z.boolean().default(true),
});

/** `:id/:serviceId` path parameters. */
export const providerServiceParams = z.object({ id, serviceId: id });

/** `PUT /v1/staff/locations/:id` body. */
export const locationBody = z.strictObject({
  name: text(200),
  timeZone: z.string().min(1).max(64),
  address: text(500).optional(),
  phone: phone.optional(),
});

/** `PUT /v1/staff/api-keys/:id/calendars` body. */
export const grantsBody = z.strictObject({ calendarIds: z.array(id).max(100) });

// --- online payments ---

/** `POST /v1/manage/:token/payment-intents/:intentId/confirm` body. */
export const confirmIntentBody = z.strictObject({
  paymentMethod: z.string().max(200).optional(),
});

/** What the widget needs to take the payment. */
export const intentOut = z.object({
  intentId: z.string(),
  provider: z.string(),
  status: z.string(),
  amount: money,
  kind: z.enum(["full", "deposit"]).optional().meta({
    description: "`deposit`: the service's deposit (the rest is paid at the clinic)",
  }),
  clientSecret: z.string().optional().meta({
    description:
      "What the provider's browser SDK needs to finish the payment (Stripe: the PaymentIntent's client secret)",
  }),
  cardForm: z
    .object({
      sdk: z.literal("stripe").meta({
        description:
          "`stripe`: load Stripe.js (`https://js.stripe.com/v3/`) and its Payment Element",
      }),
      publishableKey: z.string().meta({ description: "The provider's public key for the browser" }),
    })
    .optional()
    .meta({
      description:
        "Present when the patient enters the card in the page: mount the provider's card form with `clientSecret`, confirm it there, then call the confirm route without a payment method (the server reads the intent's status from the provider)",
    }),
});

/** `:token/:intentId` path parameters. */
export const tokenIntentParams = z.object({
  token: z.string().min(1).max(200),
  intentId: id,
});

/** `:provider` path parameter. */
export const providerParam = z.object({ provider: z.string().min(1).max(40) });

/** `GET /v1/staff/billing/visits` query: the visits, by id, comma-separated (1 to 200 of them). */
export const visitsBillingQuery = z.object({
  ids: z
    .string()
    .max(8000)
    .regex(/^[^,]+(,[^,]+){0,199}$/, "must list 1 to 200 visit ids, comma-separated")
    .meta({ description: "Comma-separated visit ids (1 to 200), e.g. the day view's visits" }),
});
