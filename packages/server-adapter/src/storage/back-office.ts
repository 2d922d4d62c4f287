// Records of the back office: cases, charges, issued documents (invoices, credit notes) with their
// gap-free numbers, payments and refunds, online payment intents, session packages and their
// attendance log, and each provider's own catalog. The methods are on `StorageOperations`
// (storage.ts); the guarantees are written there and proven by the conformance suite.

import type { Money } from "@bookwell/engine";
import type { InstantInput, JsonObject, RecordMeta } from "./storage.js";

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

/** Whether a case still takes visits and charges. */
export type CaseStatus = "open" | "closed";

/** Who pays for a case when it is not the patient. */
export type CasePayerKind = "insurer" | "employer" | "other";

/**
 * The payer of a case: invoices of the case are addressed to it (the patient is named on them).
 * `reference` is the policy, claim or authorisation number printed on the documents.
 */
export interface CasePayer {
  kind: CasePayerKind;
  name: string;
  taxId?: string;
  address?: string;
  email?: string;
  reference?: string;
}

/** Who referred the patient for a case: a doctor or another source, when, and their reference. */
export interface CaseReferral {
  by: string;
  /** A calendar date `YYYY-MM-DD`. */
  date?: string;
  reference?: string;
}

/** An episode of care of one client ("left knee, 2026"); appointments and charges belong to one. */
export interface CaseInput {
  id: string;
  clientId: string;
  title: string;
  /** Default `open`. */
  status?: CaseStatus;
  /** Default: the storage clock. */
  openedAt?: InstantInput;
  closedAt?: InstantInput;
  /** Who pays when it is not the patient; absent (or null) when the patient pays. */
  payer?: CasePayer | null;
  /** Who referred the patient; absent (or null) when nobody did. */
  referral?: CaseReferral | null;
  /** Anything else the clinic keeps about the case. Never clinical notes. */
  extra?: JsonObject;
}

/** A stored case. */
export interface CaseRecord extends RecordMeta {
  id: string;
  clientId: string;
  title: string;
  status: CaseStatus;
  openedAt: string;
  closedAt?: string;
  /** Who pays when it is not the patient; absent when the patient pays. */
  payer?: CasePayer;
  /** Who referred the patient. */
  referral?: CaseReferral;
  extra: JsonObject;
}

/** Which cases to list, by `openedAt` then id. */
export interface CaseQuery {
  clientId?: string;
  status?: CaseStatus;
  ids?: string[];
}

// ---------------------------------------------------------------------------------------------
// Charges
// ---------------------------------------------------------------------------------------------

/** Billing state of a charge (the engine's). */
export type ChargeStatusValue = "uninvoiced" | "invoiced" | "void";

/** Where a charge came from (the engine's). */
export type ChargeSourceValue =
  | "arrival"
  | "manual"
  | "cancellation_fee"
  | "no_show_fee"
  | "package_sale";

/**
 * A charge as stored: the engine's `Charge` fields (without its optional `createdAt`), the
 * business instant it was charged at, and free `meta` for the server (e.g. where it was imported
 * from, why it was voided).
 */
export interface ChargeInput {
  id: string;
  caseId: string;
  clientId: string;
  appointmentId?: string;
  description: string;
  unitPrice: Money;
  quantity: number;
  taxRateBp: number;
  priceIncludesTax: boolean;
  billingProviderId: string;
  status: ChargeStatusValue;
  invoiceId?: string;
  source: ChargeSourceValue;
  /** When the charge arose (the visit's arrival, the sale…): what reports date it by. */
  chargedAt: InstantInput;
  meta?: JsonObject;
}

/** A stored charge. */
export interface ChargeRecord extends Omit<ChargeInput, "chargedAt" | "meta">, RecordMeta {
  chargedAt: string;
  meta: JsonObject;
}

/** Which charges to list, by `chargedAt` then id. Every given condition must hold. */
export interface ChargeQuery {
  caseId?: string;
  clientId?: string;
  appointmentId?: string;
  /** Charges of any of these visits. */
  appointmentIds?: string[];
  invoiceId?: string;
  statuses?: ChargeStatusValue[];
  ids?: string[];
  /** `chargedAt >= from`. */
  from?: InstantInput;
  /** `chargedAt < to`. */
  to?: InstantInput;
}

// ---------------------------------------------------------------------------------------------
// Issued documents: invoices and credit notes
// ---------------------------------------------------------------------------------------------

/** The kinds of issued documents. */
export type BillingDocumentKind = "invoice" | "credit_note";

/**
 * An issued invoice or credit note: its number in a series and its frozen snapshot. Documents are
 * immutable: storage has no method that changes or deletes one.
 */
export interface BillingDocumentInput {
  kind: BillingDocumentKind;
  id: string;
  /** The numbering series, e.g. `invoice:2026`; numbers are gap-free per (clinic, series). */
  series: string;
  /** The sequence {@link StorageOperations.claimDocumentNumber} returned for the series. */
  sequence: number;
  /** The formatted number, e.g. `INV 2026/00042`; unique per clinic. */
  number: string;
  caseId: string;
  clientId: string;
  /** For a credit note: the invoice it corrects. */
  invoiceId?: string;
  issuedAt: InstantInput;
  /** The frozen document exactly as issued (the engine's snapshot plus what the server adds). */
  snapshot: JsonObject;
}

/** A stored document. */
export interface BillingDocumentRecord extends Omit<BillingDocumentInput, "issuedAt"> {
  clinicId: string;
  issuedAt: string;
  createdAt: string;
}

/** Which documents to list, by `issuedAt` then number. */
export interface BillingDocumentQuery {
  kind?: BillingDocumentKind;
  caseId?: string;
  clientId?: string;
  invoiceId?: string;
  ids?: string[];
  from?: InstantInput;
  to?: InstantInput;
}

// ---------------------------------------------------------------------------------------------
// Payments, refunds and online payment intents
// ---------------------------------------------------------------------------------------------

/** A payment in, or a refund out (the engine's kinds). */
export type PaymentKindValue = "payment" | "refund";

/** A payment or refund. Immutable once stored (a correction is another payment or refund). */
export interface PaymentInput {
  id: string;
  kind: PaymentKindValue;
  clientId: string;
  caseId: string;
  invoiceId?: string;
  appointmentId?: string;
  /** The engine's method: cash, card, transfer, direct_debit, mobile, online, voucher, insurance, other. */
  method: string;
  /** Always positive; `kind` gives the direction. */
  amount: Money;
  reference?: string;
  at: InstantInput;
  /** The package a refund closes, or an online intent a payment settles, and the receipt snapshot. */
  meta?: JsonObject;
}

/** A stored payment. */
export interface PaymentRecord extends Omit<PaymentInput, "at" | "meta"> {
  clinicId: string;
  at: string;
  meta: JsonObject;
  createdAt: string;
}

/** Which payments to list, by `at` then id. */
export interface PaymentQuery {
  clientId?: string;
  caseId?: string;
  invoiceId?: string;
  appointmentId?: string;
  ids?: string[];
  from?: InstantInput;
  to?: InstantInput;
}

/** States of an online payment intent. */
export type PaymentIntentStatus = "requires_payment" | "succeeded" | "failed" | "canceled";

/** An online prepayment in progress at a payment provider. */
export interface PaymentIntentInput {
  id: string;
  /** The provider's name, e.g. `stripe`. */
  provider: string;
  /** The provider's id of the intent; unique per provider across all clinics. */
  providerIntentId: string;
  status: PaymentIntentStatus;
  amount: Money;
  appointmentId?: string;
  clientId?: string;
  /** The payment recorded once it succeeded. */
  paymentId?: string;
  meta?: JsonObject;
}

/** A stored payment intent. */
export interface PaymentIntentRecord extends Omit<PaymentIntentInput, "meta">, RecordMeta {
  meta: JsonObject;
}

/** Fields of a payment intent that change as it progresses. */
export interface PaymentIntentPatch {
  status?: PaymentIntentStatus;
  paymentId?: string;
  meta?: JsonObject;
}

// ---------------------------------------------------------------------------------------------
// Session packages
// ---------------------------------------------------------------------------------------------

/** One session taken from a package (the engine's `PackageUse`). */
export interface PackageUseValue {
  appointmentId: string;
  at: string;
  date: string;
  therapistId: string;
  clientId: string;
  kind: "attended" | "no_show";
}

/**
 * A package of prepaid sessions as stored: the engine's package fields (`uses` is its attendance
 * log, kept in its own table with one row per visit) plus the case its sale was charged to.
 */
export interface PackageInput {
  id: string;
  name: string;
  ownerClientId: string;
  allowedClientIds: string[];
  serviceIds: string[];
  sessions: number;
  price: { total: Money } | { perSession: Money };
  paid?: Money;
  purchasedAt: InstantInput;
  expiresOn?: string;
  nudgeDaysBefore: number;
  timeZone: string;
  noShowRule: "deduct" | "keep";
  /** In the order the sessions were taken. A visit uses at most one package. */
  uses: PackageUseValue[];
  refund?: { at: string; sessions: number; amount: Money };
  caseId?: string;
  /** Anything else the server keeps (sale charge id, visits assigned, nudges sent…). */
  meta?: JsonObject;
}

/** A stored package. */
export interface PackageRecord extends Omit<PackageInput, "purchasedAt" | "meta">, RecordMeta {
  purchasedAt: string;
  meta: JsonObject;
}

/** Which packages to list, by `purchasedAt` then id. */
export interface PackageQuery {
  /** Packages the client owns or may use. */
  clientId?: string;
  ownerClientId?: string;
  /** `open` = not refunded. */
  status?: "open" | "refunded";
  ids?: string[];
}

/** A line of the attendance log with its package. */
export interface PackageUseRecord extends PackageUseValue {
  clinicId: string;
  packageId: string;
}

/** Which uses to list, by `at` then appointment id. */
export interface PackageUseQuery {
  packageId?: string;
  appointmentId?: string;
  clientId?: string;
  therapistId?: string;
}

// ---------------------------------------------------------------------------------------------
// Each provider's own catalog
// ---------------------------------------------------------------------------------------------

/** A service a provider offers, optionally at their own price. */
export interface ProviderServiceInput {
  /** The provider's calendar. */
  calendarId: string;
  serviceId: string;
  /** The provider's own price; omitted = the service's price. */
  price?: Money;
  /** Default true. */
  active?: boolean;
}

/** A stored provider service. */
export interface ProviderServiceRecord extends Omit<ProviderServiceInput, "active"> {
  clinicId: string;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

// ---------------------------------------------------------------------------------------------
// A clinic's message settings (notifications)
// ---------------------------------------------------------------------------------------------

/**
 * What a clinic chose for its messages, kept as JSON: the notification module validates it (the
 * engine's settings and provider preferences, template overrides) before storing and reading.
 */
export interface MessageSettingsInput {
  /** Types on/off and channels, default send flag, reminder offsets, quiet hours, coalescing. */
  settings: JsonObject;
  /** Per-provider preferences. */
  providers: JsonObject[];
  /** The clinic's own texts per language and kind. */
  templates: JsonObject;
}

/** A clinic's stored message settings (one per clinic). */
export interface MessageSettingsRecord extends MessageSettingsInput {
  clinicId: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}
