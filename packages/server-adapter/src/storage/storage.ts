// The Storage interface: one contract with written guarantees, implemented once in SQL on Drizzle
// (./sql/), run on PGlite and on PostgreSQL (node-postgres), and proven by the conformance suite
// in ./conformance/.
//
// Guarantees (also in docs/server/storage.md):
// - Tenancy: every record belongs to a clinic and every method takes the clinic id; a method never
//   returns or changes a record of another clinic. The few global look-ups are named as such
//   (`findApiKeyByHash`, `findAppointmentByManageToken`, `claimDueOutbox`, `deleteExpiredHolds`,
//   `deleteIdempotencyBefore`, `findPaymentIntentByProviderId`) and return the clinic id with each
//   record.
// - Money (back office): amounts are integer minor units. Issued documents (invoices, credit
//   notes) and payments are never changed or deleted; an `invoiced` or `void` charge never changes
//   again (`IMMUTABLE`). Document numbers are gap-free per (clinic, series): `claimDocumentNumber`
//   takes a row lock that serializes issuers until commit, and a rollback gives the number back.
// - Atomicity: `transaction(fn)` commits every write made through `tx` when `fn` resolves and
//   none of them when it throws (the error is rethrown). A method called on `Storage` itself is
//   its own small transaction: all of its writes happen or none do.
// - Isolation: PostgreSQL READ COMMITTED (the server default) plus explicit row locks; PGlite runs
//   one transaction at a time (stronger). `tx.lockCalendars` serializes every transaction that
//   locks an overlapping set of calendars until commit/rollback, so "read the calendar's
//   appointments, check, insert" is race-free on every driver. Reads made after the lock see every
//   transaction that committed before the lock was granted.
// - Ordering: list methods return a stable documented order (see each method). Audit `seq` values
//   increase in insertion order; across concurrent PostgreSQL transactions they are not commit order.
// - Time: every instant is returned as a UTC ISO-8601 string with milliseconds
//   (`2026-03-09T13:30:00.000Z`). Expiry and due times are compared with the `now` you pass,
//   never the database clock; `createdAt`/`updatedAt` stamps come from the storage's `clock` option.
// - Errors: failures the caller can act on are `StorageError`s with a stable `code` (see errors.ts).

import type { AppointmentStatus, Calendar, Channel, Service } from "@bookwell/engine";
import type {
  BillingDocumentInput,
  BillingDocumentQuery,
  BillingDocumentRecord,
  CaseInput,
  CaseQuery,
  CaseRecord,
  ChargeInput,
  ChargeQuery,
  ChargeRecord,
  MessageSettingsInput,
  MessageSettingsRecord,
  PackageInput,
  PackageQuery,
  PackageRecord,
  PackageUseQuery,
  PackageUseRecord,
  PaymentInput,
  PaymentIntentInput,
  PaymentIntentPatch,
  PaymentIntentRecord,
  PaymentQuery,
  PaymentRecord,
  ProviderServiceInput,
  ProviderServiceRecord,
} from "./back-office.js";
import type { MemberOperations } from "./members.js";

// ---------------------------------------------------------------------------------------------
// Scalars
// ---------------------------------------------------------------------------------------------

/** A JSON value as stored in a `jsonb` column. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };
/** A JSON object as stored in a `jsonb` column. */
export type JsonObject = { [key: string]: JsonValue };

/** An instant given to storage: an ISO-8601 string with offset, a `Date` or epoch milliseconds. */
export type InstantInput = string | Date | number;

/** Stamps every stored entity carries. `version` starts at 1 and grows by 1 on every update. */
export interface RecordMeta {
  clinicId: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Clinics, locations, calendars, services, clients
// ---------------------------------------------------------------------------------------------

/** What a clinic (tenant) configures about itself. */
export interface ClinicSettings {
  name: string;
  /** IANA zone used to show times, e.g. `Europe/Lisbon`. */
  timeZone: string;
  /** BCP 47 locale, e.g. `pt-PT`. */
  locale: string;
  /** ISO 4217 currency of its prices. */
  currency: string;
  /** Origins allowed to call the API from a browser (CORS), e.g. `https://clinic.example`. */
  allowedOrigins: string[];
  taxId?: string;
  address?: string;
  phone?: string;
  email?: string;
  /** How a freed time is offered to the waitlist (default `first_in_line`). */
  waitlistMode?: WaitlistMode;
  /** How long an exclusive waitlist offer holds the time, in minutes (default 30). */
  waitlistHoldMinutes?: number;
  /** The clinic's brand colour, `#rrggbb` (the booking widget's theme). */
  brandColor?: string;
  /** Where the clinic's logo image is (an https address). */
  logoUrl?: string;
  /**
   * Whether a visit canceled inside its free-cancellation window gets its online payment
   * (deposit or full price) refunded at once through the payment provider (default true).
   */
  refundOnFreeCancel?: boolean;
  /** ISO 3166-1 alpha-2 code of the clinic's country (upper case), e.g. `PT`: its public holidays. */
  country?: string;
}

/** See {@link ClinicSettings.waitlistMode}. */
export type WaitlistMode = "first_in_line" | "everyone";

/** A stored clinic. */
export interface ClinicRecord extends ClinicSettings {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A place where the clinic works. */
export interface LocationInput {
  id: string;
  name: string;
  timeZone: string;
  address?: string;
  phone?: string;
}

/** A stored location. */
export type LocationRecord = LocationInput & RecordMeta;

/** A stored calendar: the engine's `Calendar` exactly as validated, plus the record stamps. */
export type CalendarRecord = Calendar & CalendarProfile & RecordMeta;

/** How a provider calendar introduces the therapist to patients (display only, never a rule). */
export interface CalendarProfile {
  /** An https address of the therapist's photo. */
  photoUrl?: string;
  /** A short biography shown on the booking page. */
  bio?: string;
}

/** What is stored for a service: the engine's `Service` plus text and policies for the clinic. */
export type ServiceInput = Service & {
  /** Longer text shown to patients. */
  description?: string;
  /** Name, description and category per language (`{ pt: { name, description, category } }`). */
  translations?: JsonObject;
  /** Cancellation / no-show policies and other rules, as the engine's billing module defines them. */
  policies?: JsonObject;
};

/** A stored service. `description` and `policies` are always present (`""` and `{}` by default). */
export type ServiceRecord = Service & {
  description: string;
  policies: JsonObject;
  translations?: JsonObject;
} & RecordMeta;

/** Which clients to list (see `StorageOperations.listClients`). */
export interface ClientQuery {
  /** Matches the e-mail case-insensitively. */
  email?: string;
  /** Matches the phone number by its digits only (`+351 912-345-678` = `351912345678`). */
  phone?: string;
  /** Matches the tax ID ignoring case and spaces. */
  taxId?: string;
  /**
   * A case-insensitive substring of the name, e-mail, tax ID or notes, or (when it has
   * at least 3 digits) of the phone number's digits.
   */
  search?: string;
  limit?: number;
  /** Skips this many matches first (paging; the order is by id). */
  offset?: number;
}

/** What {@link StorageOperations.mergeClient} moved from the duplicate to the kept client. */
export interface ClientMergeCounts {
  appointments: number;
  cases: number;
  charges: number;
  documents: number;
  payments: number;
  packages: number;
}

/** A patient of the clinic. */
export interface ClientInput {
  id: string;
  name: string;
  email?: string;
  phone?: string;
  taxId?: string;
  /** Postal address, printed on invoices. */
  address?: string;
  /** The clinic's own notes about the patient (administrative; never clinical notes). */
  notes?: string;
  /** BCP 47 locale the patient's messages are written in. */
  locale?: string;
  /** Anything else the clinic keeps, free-form (no field the product reads). Never clinical notes. */
  extra?: JsonObject;
}

/** A stored client. */
export type ClientRecord = Omit<ClientInput, "extra"> & { extra: JsonObject } & RecordMeta;

// ---------------------------------------------------------------------------------------------
// Appointments, notes, holds
// ---------------------------------------------------------------------------------------------

/** The contact typed on the booking form, kept on the visit (the client record may change). */
export interface VisitContact {
  name: string;
  email?: string;
  phone?: string;
}

/** An amount of money in integer minor units of an ISO 4217 currency. */
export interface StoredMoney {
  amount: number;
  currency: string;
}

/** How and when a visit was canceled through its manage link. */
export interface VisitCancellation {
  /** UTC ISO instant. */
  at: string;
  /** The actor, e.g. `patient:manage-link`. */
  by: string;
  /** Canceled after the free-cancellation window. */
  late: boolean;
  /** The fee it cost, `null` when free. */
  fee: StoredMoney | null;
  reason?: string;
}

/** A visit's own message choices, over the clinic's and provider's (the engine's `BookingPreferencesInput`). */
export interface VisitMessagePrefs {
  send?: boolean;
  reminderOffsetsMinutes?: number[];
  channels?: ("email" | "sms" | "whatsapp")[];
}

/**
 * What the server keeps about a visit besides its time and calendars: each field is a typed column
 * (`extra` holds only what is truly free-form). Instants are UTC ISO strings.
 */
export interface VisitDetails {
  /** The contact typed on the booking form. */
  contact?: VisitContact;
  /** The price agreed at booking (the provider's own price when the team catalog sets one). */
  price?: StoredMoney;
  /** BCP 47 locale the patient chose for this visit's messages. */
  locale?: string;
  /** The patient's message to the clinic from the booking form (never a clinical note). */
  patientMessage?: string;
  /** The answers to the service's intake questions and the consents ticked, as booked. */
  intake?: VisitIntake;
  /** Booked with "any available provider": a move through the link offers any provider again. */
  anyProvider?: boolean;
  /** The visit this one replaced by a move. */
  rebookedFromId?: string;
  /** The visit that replaced this one (status `rebooked`). */
  rebookedToId?: string;
  /** When this visit was moved. */
  rebookedAt?: string;
  /** The visit this one is a copy of (copy, repeat). */
  copiedFromId?: string;
  /** The hold this visit was booked from. */
  holdId?: string;
  /** A free-cancellation deadline carried over from a late move (a move does not buy a new one). */
  freeCancellationUntil?: string;
  /** How the patient canceled it. */
  cancellation?: VisitCancellation;
  /** The visit's own message choices. */
  messagePrefs?: VisitMessagePrefs;
}

/** An answer as stored on the visit: the question and its label as asked, and the answer. */
export interface IntakeAnswer {
  questionId: string;
  /** The question's English label when it was answered (the service may change later). */
  question: string;
  type: "text" | "choice" | "yes_no" | "date";
  /** Text, the chosen option's id, `true` / `false`, or a date `YYYY-MM-DD`. */
  answer: string | boolean;
}

/** The answers and consents stored on a visit. */
export interface VisitIntake {
  answers: IntakeAnswer[];
  /** Ids of the consents the patient ticked, with their English label. */
  consents: { id: string; label: string }[];
}

/** A change to a visit's details: only the given fields change; `null` clears one. */
export type VisitDetailsPatch = { [K in keyof VisitDetails]?: VisitDetails[K] | null };

/** A new appointment: the engine's appointment fields plus what the server keeps about it. */
export interface AppointmentInput extends VisitDetails {
  id: string;
  serviceId: string;
  /** Provider first, then rooms / equipment; at least one, ids of this clinic's calendars. */
  calendarIds: string[];
  start: InstantInput;
  end: InstantInput;
  status: AppointmentStatus;
  channel: Channel;
  clientId?: string;
  caseId?: string;
  seriesId?: string;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  /**
   * Places of the service at booking time: 1 makes the appointment exclusive, so the database's
   * exclusion constraint refuses any other active exclusive appointment overlapping it on one of
   * its calendars (unless either has `allowOverlap`). Default 1.
   */
  capacity?: number;
  /** A staff override: this appointment may overlap others (it is left out of the constraint). */
  allowOverlap?: boolean;
  /** SHA-256 (hex) of the patient's manage token; unique across all clinics. */
  manageTokenHash?: string;
  manageTokenExpiresAt?: InstantInput;
  /** Anything else a clinic keeps about the visit, free-form (no field the product reads). */
  extra?: JsonObject;
}

/** A stored appointment. Instants are UTC ISO strings. */
export interface AppointmentRecord extends RecordMeta, VisitDetails {
  id: string;
  serviceId: string;
  calendarIds: string[];
  start: string;
  end: string;
  status: AppointmentStatus;
  channel: Channel;
  clientId?: string;
  caseId?: string;
  seriesId?: string;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  capacity: number;
  allowOverlap: boolean;
  manageTokenHash?: string;
  manageTokenExpiresAt?: string;
  extra: JsonObject;
}

/**
 * A change to an appointment: only the given fields change; `null` clears an optional field.
 * `calendarIds`, `start`, `end`, `status`, `capacity` and `allowOverlap` re-apply the exclusion
 * constraint.
 */
export interface AppointmentPatch extends VisitDetailsPatch {
  serviceId?: string;
  calendarIds?: string[];
  start?: InstantInput;
  end?: InstantInput;
  status?: AppointmentStatus;
  channel?: Channel;
  clientId?: string | null;
  caseId?: string | null;
  seriesId?: string | null;
  bufferBeforeMinutes?: number | null;
  bufferAfterMinutes?: number | null;
  capacity?: number;
  allowOverlap?: boolean;
  manageTokenHash?: string | null;
  manageTokenExpiresAt?: InstantInput | null;
  extra?: JsonObject;
}

/** Which appointments to list. Every given condition must hold. */
export interface AppointmentQuery {
  /** Appointments holding at least one of these calendars. */
  calendarIds?: string[];
  /** Appointments ending after `from` (overlap with [from, to)). */
  from?: InstantInput;
  /** Appointments starting before `to` (overlap with [from, to)). */
  to?: InstantInput;
  statuses?: AppointmentStatus[];
  /** Leave out statuses that release the time (`canceled`, `rebooked`, `no_show`). */
  activeOnly?: boolean;
  clientId?: string;
  seriesId?: string;
  /** Appointments of this service. */
  serviceId?: string;
  ids?: string[];
  /**
   * Keyset paging: only appointments after this one in the list order (start, then id compared
   * by code point), e.g. the last row of the previous page.
   */
  after?: { start: InstantInput; id: string };
  /** At most this many (default: all). */
  limit?: number;
}

/** Which time-holding appointments {@link StorageOperations.listBusyAppointments} reads. */
export interface BusyQuery {
  /** Appointments holding at least one of these calendars. */
  calendarIds: string[];
  /** Appointments ending after `from`. */
  from: InstantInput;
  /** Appointments starting before `to`. */
  to: InstantInput;
}

/** What {@link StorageOperations.readBusyTime} reads: busy time on calendars around a window. */
export interface BusyTimeQuery extends BusyQuery {
  /** Holds that expire at or before this instant are left out. */
  now: InstantInput;
}

/**
 * Busy appointments, live holds and the clinic's catalog version, read by one statement (one
 * snapshot, one round trip, no transaction needed).
 */
export interface BusyTime {
  /** As {@link StorageOperations.listBusyAppointments} answers. */
  appointments: BusyAppointment[];
  /** As {@link StorageOperations.listHolds} answers with `now`, `calendarIds`, `from`, `to`. */
  holds: HoldRecord[];
  /** As {@link StorageOperations.getCatalogVersion} answers, in the same snapshot. */
  catalogVersion: number;
}

/**
 * What scheduling reads of an appointment that holds time: no client, contact data, token or
 * `extra` (nine columns instead of twenty-one, which PGlite reads at about half the cost).
 */
export type BusyAppointment = Pick<
  AppointmentRecord,
  | "id"
  | "serviceId"
  | "calendarIds"
  | "start"
  | "end"
  | "status"
  | "channel"
  | "bufferBeforeMinutes"
  | "bufferAfterMinutes"
>;

/** A private note on an appointment. Only staff routes may read it, and every read is audited. */
export interface AppointmentNoteInput {
  id: string;
  appointmentId: string;
  /** Who wrote it (an actor string, as in the audit trail). */
  author: string;
  text: string;
}

/** A stored note. */
export interface AppointmentNoteRecord extends AppointmentNoteInput {
  clinicId: string;
  createdAt: string;
}

/** A short reservation of a slot while the patient types details or pays. */
export interface HoldInput {
  id: string;
  serviceId: string;
  calendarIds: string[];
  start: InstantInput;
  end: InstantInput;
  /** Places held (default 1). */
  places?: number;
  expiresAt: InstantInput;
  /** Who placed it: a hash of the visitor's key (client address), for the per-visitor hold limit. */
  visitorHash?: string | undefined;
  /** A hash of the e-mail the hold named, for the per-e-mail hold limit. */
  emailHash?: string | undefined;
}

/** A stored hold. */
export interface HoldRecord {
  clinicId: string;
  id: string;
  serviceId: string;
  calendarIds: string[];
  start: string;
  end: string;
  places: number;
  expiresAt: string;
  createdAt: string;
  /** See {@link HoldInput.visitorHash}; absent when the visitor was not known. */
  visitorHash?: string;
  /** See {@link HoldInput.emailHash}; absent when the hold named no e-mail. */
  emailHash?: string;
}

/** Which live holds to list (expired ones, `expiresAt <= now`, are never returned). */
export interface HoldQuery {
  now: InstantInput;
  calendarIds?: string[];
  from?: InstantInput;
  to?: InstantInput;
  /** Only the holds placed by this visitor. */
  visitorHash?: string;
  /** Only the holds that named this e-mail. */
  emailHash?: string;
}

// ---------------------------------------------------------------------------------------------
// Audit, idempotency, outbox, API keys
// ---------------------------------------------------------------------------------------------

/** One line of the audit trail. */
export interface AuditInput {
  at: InstantInput;
  /** Who: e.g. `api-key:k_123`, `user:ana@clinic`, `patient:manage-token`, `system`. */
  actor: string;
  /** What: e.g. `appointment.created`, `appointment.status_changed`, `note.read`. */
  action: string;
  entityType: string;
  entityId: string;
  detail?: JsonObject;
}

/** A stored audit entry; `seq` is unique and increases in insertion order. */
export interface AuditRecord {
  clinicId: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  detail: JsonObject;
}

/** Which audit entries to list, oldest first (by `seq`). */
export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actor?: string;
  /**
   * Entries about a visit: the visit's own, and those whose `detail.appointmentId` names it
   * (charges, payments, package sessions).
   */
  appointmentId?: string;
  /**
   * Entries about a client: the client's own, those whose `detail.clientId` names them (invoices,
   * packages, cases) and those of the client's visits.
   */
  clientId?: string;
  /** Only entries at or after this instant. */
  from?: InstantInput;
  /** Only entries before this instant. */
  to?: InstantInput;
  /** Only entries with `seq` greater than this (paging). */
  afterSeq?: number;
  limit?: number;
}

/** A response kept for an idempotency key, replayed byte for byte. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Arguments of `claimIdempotency`. */
export interface IdempotencyClaim {
  key: string;
  /** A hash of what makes the request the same (method, path, body), computed by the caller. */
  requestHash: string;
  now: InstantInput;
  /**
   * An `in_flight` claim older than this is taken over (its process is presumed dead).
   * Default 60 000 ms.
   */
  staleAfterMs?: number;
}

/**
 * The outcome of claiming a key: `new` (you own it: do the work, then `completeIdempotency`),
 * `replay` (done before with the same request: send `response`), `mismatch` (the key was used
 * with another request), `in_flight` (the same request is running elsewhere right now).
 */
export type IdempotencyOutcome =
  | { outcome: "new" }
  | { outcome: "replay"; response: StoredResponse }
  | { outcome: "mismatch" }
  | { outcome: "in_flight" };

/** Outbox row states: `pending` → `sending` (claimed) → `sent`, or back to `pending`, or `dead`. */
export type OutboxStatus = "pending" | "sending" | "sent" | "dead";

/** A message to send later, written in the same transaction as the change that causes it. */
export interface OutboxInput {
  /** Generated when absent. */
  id?: string;
  /** e.g. `email.booking_confirmed`, `email.reminder`. */
  type: string;
  /** What the sender needs; never clinical notes. */
  payload: JsonObject;
  /** Not claimed before this instant. */
  dueAt: InstantInput;
}

/** A stored outbox row. */
export interface OutboxRecord {
  clinicId: string;
  id: string;
  type: string;
  payload: JsonObject;
  dueAt: string;
  status: OutboxStatus;
  /** Claims so far. */
  attempts: number;
  /** When a `pending` row may be claimed next. */
  nextAttemptAt: string;
  /** While `sending`: until when the claim holds; after it the row may be claimed again. */
  lockedUntil?: string;
  lastError?: string;
  sentAt?: string;
  createdAt: string;
}

/** Arguments of `claimDueOutbox`. */
export interface OutboxClaim {
  now: InstantInput;
  limit: number;
  /** How long a claim holds before another worker may take the row (default 5 minutes). */
  leaseMs?: number;
}

/** Arguments of `renewOutboxLease`: the claim being renewed and the new lease. */
export interface OutboxLeaseRenewal {
  /** The row's `attempts` when it was claimed: it identifies the claim. */
  attempts: number;
  now: InstantInput;
  /** The new `lockedUntil` is `now + leaseMs`. */
  leaseMs: number;
}

/** Arguments of `markOutboxFailed`. */
export interface OutboxFailure {
  now: InstantInput;
  error: string;
  /** After this many attempts the row becomes `dead` (default 8). */
  maxAttempts?: number;
}

/** Staff roles: `manager` (everything), `front_desk`, `provider` (only granted calendars). */
export type ApiKeyRole = "manager" | "front_desk" | "provider";

/** A staff API key; only its hash is ever stored. */
export interface ApiKeyInput {
  id: string;
  name: string;
  /** SHA-256 (hex) of the secret; unique across all clinics. */
  keyHash: string;
  role: ApiKeyRole;
  /** Calendars a `provider` key may see (ignored for other roles). */
  calendarIds: string[];
}

/** A stored API key. */
export interface ApiKeyRecord extends ApiKeyInput {
  clinicId: string;
  createdAt: string;
  revokedAt?: string;
}

/** A clinic's staff user: someone who signs in to the staff app with a password. */
export interface StaffUserInput {
  id: string;
  /** Lower-cased and trimmed; unique within the clinic. */
  email: string;
  name: string;
  role: ApiKeyRole;
  /** Calendars a `provider` may see (ignored for other roles). */
  calendarIds: string[];
  /** Inactive users cannot sign in and their sessions are gone. */
  active: boolean;
  /** The password's hash (`scrypt$…`); absent until the user sets one. */
  passwordHash?: string;
  /** The confirmed TOTP secret (base32): the second factor is on when set. */
  totpSecret?: string;
  /** A TOTP secret being enrolled, not yet confirmed with a code. */
  totpPendingSecret?: string;
  /** The last TOTP time step accepted (a code is accepted once). */
  totpLastStep?: number;
  /** SHA-256 (hex) of each unused backup code. */
  backupCodeHashes: string[];
}

/** A stored staff user. */
export interface StaffUserRecord extends StaffUserInput {
  clinicId: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A staff session; only the SHA-256 of its token is stored. */
export interface StaffSessionRecord {
  tokenHash: string;
  clinicId: string;
  userId: string;
  /** `full`, or `totp` while the second factor is still due. */
  stage: "full" | "totp";
  createdAt: string;
  expiresAt: string;
}

/** A single-use link: an invite of one user, or the setup of the clinic's first manager. */
export interface StaffTokenRecord {
  tokenHash: string;
  clinicId: string;
  purpose: "invite" | "setup";
  userId?: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

/** Failed sign-in attempts of one e-mail at one clinic. */
export interface SignInAttemptsRecord {
  clinicId: string;
  email: string;
  failures: number;
  windowStart: string;
  lockedUntil?: string;
}

// ---------------------------------------------------------------------------------------------
// Waitlist
// ---------------------------------------------------------------------------------------------

/** Where a waitlist entry stands. */
export type WaitlistEntryStatus = "waiting" | "booked" | "left";

/** A patient waiting for a time of a service. */
export interface WaitlistEntryInput {
  id: string;
  serviceId: string;
  /** The wanted provider; absent = any. */
  providerId?: string;
  /** ISO weekdays of the local start; absent = any day. */
  weekdays?: number[];
  /** Local start window `HH:MM` [timeFrom, timeTo); both or neither. */
  timeFrom?: string;
  timeTo?: string;
  /** Local dates `YYYY-MM-DD`, inclusive. */
  dateFrom?: string;
  dateTo?: string;
  clientId?: string;
  name: string;
  email: string;
  phone?: string;
  locale?: string;
  status: WaitlistEntryStatus;
  joinedAt: InstantInput;
  expiresAt: InstantInput;
  /** SHA-256 of the patient's leave token. */
  tokenHash: string;
}

/** A stored waitlist entry. */
export interface WaitlistEntryRecord
  extends Omit<WaitlistEntryInput, "joinedAt" | "expiresAt">,
    RecordMeta {
  joinedAt: string;
  expiresAt: string;
}

/** Which waitlist entries to list. Every given condition must hold. */
export interface WaitlistEntryQuery {
  serviceId?: string;
  statuses?: readonly WaitlistEntryStatus[];
  /** Exactly this e-mail address (compared case-insensitively). */
  email?: string;
  /** Only entries that have not lapsed at this instant. */
  liveAt?: InstantInput;
}

/** Where a waitlist offer stands. */
export type WaitlistOfferStatus = "open" | "booked" | "lapsed" | "taken" | "withdrawn";

/** A freed time offered to one waitlist entry. */
export interface WaitlistOfferInput {
  id: string;
  entryId: string;
  serviceId: string;
  /** Provider first, then rooms / equipment. */
  calendarIds: readonly string[];
  start: InstantInput;
  end: InstantInput;
  /** The hold keeping an exclusive offer's time. */
  holdId?: string;
  exclusive: boolean;
  status: WaitlistOfferStatus;
  expiresAt: InstantInput;
  /** SHA-256 of the offer link's token. */
  tokenHash: string;
  appointmentId?: string;
  /** `waitlist` for a freed time, else the staff actor who offered it. */
  offeredBy: string;
}

/** A stored waitlist offer. */
export interface WaitlistOfferRecord
  extends Omit<WaitlistOfferInput, "start" | "end" | "expiresAt" | "calendarIds">,
    RecordMeta {
  calendarIds: string[];
  start: string;
  end: string;
  expiresAt: string;
}

/** Which waitlist offers to list. Every given condition must hold. */
export interface WaitlistOfferQuery {
  entryId?: string;
  serviceId?: string;
  /** Offers of the time starting exactly here. */
  start?: InstantInput;
  statuses?: readonly WaitlistOfferStatus[];
  /** Offers whose `expiresAt` is at or before this instant. */
  expiredAt?: InstantInput;
}

/** What may change on an offer. */
export interface WaitlistOfferPatch {
  status?: WaitlistOfferStatus;
  appointmentId?: string;
}

// ---------------------------------------------------------------------------------------------
// Patient page sign-in ("My visits")
// ---------------------------------------------------------------------------------------------

/** A one-time sign-in link to store. */
export interface PatientSignInInput {
  id: string;
  /** Lower-cased e-mail. */
  email: string;
  tokenHash: string;
  expiresAt: InstantInput;
  /** When it was asked for (the request's instant: the per-e-mail limit counts by it). */
  createdAt: InstantInput;
}

/** A stored sign-in link. */
export interface PatientSignInRecord {
  clinicId: string;
  id: string;
  email: string;
  tokenHash: string;
  expiresAt: string;
  usedAt?: string;
  createdAt: string;
}

/** A patient page session to store. */
export interface PatientSessionInput {
  id: string;
  /** Lower-cased e-mail. */
  email: string;
  tokenHash: string;
  expiresAt: InstantInput;
}

/** A stored patient page session. */
export interface PatientSessionRecord {
  clinicId: string;
  id: string;
  email: string;
  tokenHash: string;
  expiresAt: string;
  createdAt: string;
}

// ---------------------------------------------------------------------------------------------
// The interface
// ---------------------------------------------------------------------------------------------

/**
 * Every read and write. Available on `Storage` (each call its own transaction) and on the `tx`
 * of `Storage.transaction` (part of that unit of work).
 */
export interface StorageOperations extends MemberOperations {
  // --- clinics ---
  /** Creates a clinic. Throws `DUPLICATE` when the id exists. */
  createClinic(input: ClinicSettings & { id: string }): Promise<ClinicRecord>;
  /** A clinic by id. */
  getClinic(id: string): Promise<ClinicRecord | undefined>;
  /** Replaces a clinic's settings. Throws `NOT_FOUND`. */
  updateClinic(id: string, settings: ClinicSettings): Promise<ClinicRecord>;
  /** Every clinic, by id. */
  listClinics(): Promise<ClinicRecord[]>;

  // --- locations, calendars, services ---
  /** Creates or replaces a location (version + 1 on replace). */
  putLocation(clinicId: string, location: LocationInput): Promise<LocationRecord>;
  /** The clinic's locations, by id. */
  listLocations(clinicId: string): Promise<LocationRecord[]>;
  /** Creates or replaces a calendar (shifts, overrides, time off as the engine's model). */
  putCalendar(clinicId: string, calendar: Calendar & CalendarProfile): Promise<CalendarRecord>;
  /** A calendar of the clinic. */
  getCalendar(clinicId: string, id: string): Promise<CalendarRecord | undefined>;
  /** The clinic's calendars, by id, optionally only some ids / one kind / active ones. */
  listCalendars(
    clinicId: string,
    filter?: { ids?: string[]; kind?: Calendar["kind"]; activeOnly?: boolean },
  ): Promise<CalendarRecord[]>;
  /** Creates or replaces a service. */
  putService(clinicId: string, service: ServiceInput): Promise<ServiceRecord>;
  /** A service of the clinic. */
  getService(clinicId: string, id: string): Promise<ServiceRecord | undefined>;
  /** The clinic's services, by id. */
  listServices(clinicId: string): Promise<ServiceRecord[]>;

  // --- clients ---
  /**
   * Creates or replaces a client. Its only failures are faults (the clinic is gone, the database
   * failed), so, like `appendAudit`, it may leave a transaction unusable then.
   */
  putClient(clinicId: string, client: ClientInput): Promise<ClientRecord>;
  /** A client of the clinic. */
  getClient(clinicId: string, id: string): Promise<ClientRecord | undefined>;
  /**
   * Clients by id matching every condition given: `email` case-insensitively, `phone` by its
   * digits, `taxId` ignoring case and spaces, `search` as a substring of name, e-mail, tax ID,
   * notes or the phone's digits (see {@link ClientQuery}).
   */
  listClients(clinicId: string, filter?: ClientQuery): Promise<ClientRecord[]>;
  /**
   * Moves everything of client `fromId` to client `intoId` — visits (and so their notes), cases,
   * charges (invoiced ones too), issued documents (their printed snapshot is kept), payments,
   * payment intents, packages (owner, allowed clients, attendance log) — then deletes `fromId`.
   * Changed versioned rows get version + 1. Throws `NOT_FOUND` when either client is missing.
   * Persistence only: who may merge, and the audit entry, are the caller's.
   */
  mergeClient(clinicId: string, fromId: string, intoId: string): Promise<ClientMergeCounts>;

  // --- appointments ---
  /**
   * Inserts an appointment (version 1). Throws `SLOT_TAKEN` when an active exclusive appointment
   * overlaps it on one of its calendars, `DUPLICATE` for an existing id or manage token hash,
   * `INVALID_REFERENCE` for a calendar, service or client the clinic does not have. After
   * `SLOT_TAKEN` the transaction stays usable (nothing of the visit is left); after the other two,
   * which are faults of the caller's input, an adapter may leave it unusable.
   */
  insertAppointment(clinicId: string, input: AppointmentInput): Promise<AppointmentRecord>;
  /**
   * Changes an appointment (version + 1). With `expectedVersion`, throws `VERSION_CONFLICT` when
   * the stored version differs (someone changed it first). Throws `NOT_FOUND`, `SLOT_TAKEN`.
   */
  updateAppointment(
    clinicId: string,
    id: string,
    patch: AppointmentPatch,
    options?: { expectedVersion?: number },
  ): Promise<AppointmentRecord>;
  /** An appointment of the clinic. */
  getAppointment(clinicId: string, id: string): Promise<AppointmentRecord | undefined>;
  /** Appointments matching the query, by start then id. */
  listAppointments(clinicId: string, query?: AppointmentQuery): Promise<AppointmentRecord[]>;
  /**
   * The appointments that hold time (`listAppointments` with `activeOnly`) on any of the
   * calendars overlapping [from, to), by start then id, with only the fields scheduling reads.
   */
  listBusyAppointments(clinicId: string, query: BusyQuery): Promise<BusyAppointment[]>;
  /**
   * `listBusyAppointments`, `listHolds` (live at `now`, on the calendars, overlapping the window)
   * and `getCatalogVersion` in one statement: one consistent snapshot, one round trip.
   */
  readBusyTime(clinicId: string, query: BusyTimeQuery): Promise<BusyTime>;
  /**
   * The clinic's catalog version: a number that changes in the same transaction as any write to
   * the clinic record, its locations, team members, calendars, travel rules, services or
   * provider catalogs (0 before the first). A cache of those is current while it is unchanged.
   */
  getCatalogVersion(clinicId: string): Promise<number>;
  /**
   * Global look-up by manage token hash: the appointment, or `undefined` when no appointment has
   * that hash or its token expired (`manageTokenExpiresAt <= now`) — the two are indistinguishable.
   */
  findAppointmentByManageToken(
    tokenHash: string,
    now: InstantInput,
  ): Promise<AppointmentRecord | undefined>;
  /** Adds a private note. Throws `INVALID_REFERENCE` when the appointment does not exist. */
  addAppointmentNote(clinicId: string, note: AppointmentNoteInput): Promise<AppointmentNoteRecord>;
  /** An appointment's notes, oldest first. */
  listAppointmentNotes(clinicId: string, appointmentId: string): Promise<AppointmentNoteRecord[]>;

  // --- holds ---
  /** Stores a hold. Throws `DUPLICATE` for an existing id. */
  insertHold(clinicId: string, hold: HoldInput): Promise<HoldRecord>;
  /** A hold that has not expired at `now`. */
  getHold(clinicId: string, id: string, now: InstantInput): Promise<HoldRecord | undefined>;
  /** Live holds overlapping [from, to) on any of the calendars, by start then id. */
  listHolds(clinicId: string, query: HoldQuery): Promise<HoldRecord[]>;
  /** Moves a live hold's expiry; `undefined` when it is gone or expired at `now`. */
  extendHold(
    clinicId: string,
    id: string,
    expiresAt: InstantInput,
    now: InstantInput,
  ): Promise<HoldRecord | undefined>;
  /** Deletes a hold (expired or not); true when one was deleted. */
  deleteHold(clinicId: string, id: string): Promise<boolean>;
  /** Global clean-up: deletes holds of every clinic expired at `now`; returns how many. */
  deleteExpiredHolds(now: InstantInput): Promise<number>;

  // --- audit ---
  /**
   * Appends an audit entry. Its only failures are faults (the clinic is gone, the database
   * failed), so an adapter may run it without a savepoint: a `StorageError` from it inside a
   * transaction may leave that transaction unusable (unlike other writes).
   */
  appendAudit(clinicId: string, entry: AuditInput): Promise<AuditRecord>;
  /**
   * Appends audit entries (their `seq` in the order given) and queues outbox messages with fresh
   * ids, in one statement where the adapter can: what a unit of work records at its end. Like
   * `appendAudit` it fails only by a fault and may leave a transaction unusable then.
   */
  appendAuditAndOutbox(
    clinicId: string,
    records: { audit: readonly AuditInput[]; outbox: readonly Omit<OutboxInput, "id">[] },
  ): Promise<void>;
  /** Audit entries matching the query, by `seq`. */
  listAudit(clinicId: string, query?: AuditQuery): Promise<AuditRecord[]>;

  // --- idempotency ---
  /**
   * Claims an idempotency key for a request, race-safe across processes (a unique key and
   * `INSERT … ON CONFLICT DO NOTHING`): exactly one concurrent claimer gets `new`.
   */
  claimIdempotency(clinicId: string, claim: IdempotencyClaim): Promise<IdempotencyOutcome>;
  /** Stores the response of a claimed key (state `done`). Throws `NOT_FOUND` without a claim. */
  completeIdempotency(clinicId: string, key: string, response: StoredResponse): Promise<void>;
  /** Drops an `in_flight` claim (the request failed and should be retryable); true when dropped. */
  releaseIdempotency(clinicId: string, key: string): Promise<boolean>;
  /** Global clean-up: deletes records created before `before`; returns how many. */
  deleteIdempotencyBefore(before: InstantInput): Promise<number>;

  // --- outbox ---
  /**
   * Queues a message (status `pending`, next attempt at `dueAt`). Without an `id` of its own it
   * can fail only by a fault, so, like `appendAudit`, it may leave a transaction unusable then;
   * with one, a `DUPLICATE` leaves the transaction usable.
   */
  enqueueOutbox(clinicId: string, message: OutboxInput): Promise<OutboxRecord>;
  /**
   * Global: claims up to `limit` rows of any clinic that are `pending` with
   * `nextAttemptAt <= now`, or `sending` with an expired lease, oldest `nextAttemptAt` first;
   * marks them `sending`, adds 1 to `attempts`, sets `lockedUntil = now + leaseMs`. Uses
   * `FOR UPDATE SKIP LOCKED`: concurrent claimers never receive the same row.
   */
  claimDueOutbox(claim: OutboxClaim): Promise<OutboxRecord[]>;
  /**
   * Extends a claim that is still running (a worker's heartbeat): sets `lockedUntil = now + leaseMs`
   * when the row is still `sending` with the same `attempts`. False when the claim is over (the
   * row was finished, or claimed again after its lease ran out).
   */
  renewOutboxLease(clinicId: string, id: string, renewal: OutboxLeaseRenewal): Promise<boolean>;
  /** Marks a row `sent`. */
  markOutboxSent(clinicId: string, id: string, now: InstantInput): Promise<OutboxRecord>;
  /**
   * Records a failed attempt: back to `pending` with `nextAttemptAt = now + outboxBackoffMs(attempts)`,
   * or `dead` once `attempts >= maxAttempts`.
   */
  markOutboxFailed(clinicId: string, id: string, failure: OutboxFailure): Promise<OutboxRecord>;
  /** The clinic's outbox rows, by `createdAt` then id. */
  listOutbox(
    clinicId: string,
    filter?: { status?: OutboxStatus; limit?: number },
  ): Promise<OutboxRecord[]>;

  // --- API keys ---
  /** Stores an API key. Throws `DUPLICATE` for an existing id or hash. */
  insertApiKey(clinicId: string, key: ApiKeyInput): Promise<ApiKeyRecord>;
  /** Global look-up of a key that is not revoked, by the hash of its secret. */
  findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
  /** The clinic's keys, revoked ones included, by id. */
  listApiKeys(clinicId: string): Promise<ApiKeyRecord[]>;
  /** Revokes a key; true when it was live. */
  revokeApiKey(clinicId: string, id: string, now: InstantInput): Promise<boolean>;
  /** Replaces the calendars granted to a key (what a `provider` key may see). Throws `NOT_FOUND`. */
  setApiKeyCalendars(clinicId: string, id: string, calendarIds: string[]): Promise<ApiKeyRecord>;

  // --- cases ---
  /**
   * Creates or replaces a case (version + 1 on replace; the payer and referral are replaced too, so
   * leaving one out removes it). Throws `INVALID_REFERENCE` for a client
   * the clinic does not have, `VERSION_CONFLICT` when `expectedVersion` differs.
   */
  putCase(
    clinicId: string,
    input: CaseInput,
    options?: { expectedVersion?: number },
  ): Promise<CaseRecord>;
  /** A case of the clinic. */
  getCase(clinicId: string, id: string): Promise<CaseRecord | undefined>;
  /** The clinic's cases matching the query, by `openedAt` then id. */
  listCases(clinicId: string, query?: CaseQuery): Promise<CaseRecord[]>;

  // --- charges ---
  /**
   * Stores a charge. Throws `DUPLICATE` for an existing id, `INVALID_REFERENCE` for a case,
   * client, visit or invoice the clinic does not have, `INVALID_VALUE` for a quantity below 1 or
   * an `invoiced` charge without its invoice.
   */
  insertCharge(clinicId: string, input: ChargeInput): Promise<ChargeRecord>;
  /**
   * Changes a charge (version + 1). An `invoiced` or `void` charge never changes again: throws
   * `IMMUTABLE` (so marking charges invoiced is a change from `uninvoiced` only). Throws
   * `NOT_FOUND`, and `VERSION_CONFLICT` when `expectedVersion` differs.
   */
  updateCharge(
    clinicId: string,
    id: string,
    patch: Partial<Omit<ChargeInput, "id">>,
    options?: { expectedVersion?: number },
  ): Promise<ChargeRecord>;
  /** A charge of the clinic. */
  getCharge(clinicId: string, id: string): Promise<ChargeRecord | undefined>;
  /** Charges matching the query, by `chargedAt` then id. */
  listCharges(clinicId: string, query?: ChargeQuery): Promise<ChargeRecord[]>;

  // --- issued documents ---
  /**
   * Takes the next number of a series (e.g. `invoice:2026`) and returns its sequence (1, 2, 3…).
   * The counter row stays locked until the transaction ends, so concurrent issuers wait in turn;
   * a transaction that rolls back gives its number back. Numbers are therefore gap-free and never
   * repeat **when the number is used in the same transaction** (`storage.transaction`); called on
   * `Storage` directly it commits at once.
   */
  claimDocumentNumber(clinicId: string, series: string): Promise<number>;
  /**
   * Stores an issued invoice or credit note. Throws `DUPLICATE` for an existing id, number or
   * (series, sequence), `INVALID_REFERENCE` for an unknown case, client or corrected invoice.
   * Documents never change afterwards: there is no update or delete.
   */
  insertBillingDocument(
    clinicId: string,
    input: BillingDocumentInput,
  ): Promise<BillingDocumentRecord>;
  /** An issued document of the clinic. */
  getBillingDocument(clinicId: string, id: string): Promise<BillingDocumentRecord | undefined>;
  /** Issued documents matching the query, by `issuedAt` then number. */
  listBillingDocuments(
    clinicId: string,
    query?: BillingDocumentQuery,
  ): Promise<BillingDocumentRecord[]>;

  // --- payments ---
  /**
   * Stores a payment or refund (immutable afterwards). Throws `DUPLICATE`, `INVALID_REFERENCE`
   * (case, client, invoice, visit), `INVALID_VALUE` for an amount that is not a positive integer.
   */
  insertPayment(clinicId: string, input: PaymentInput): Promise<PaymentRecord>;
  /** A payment of the clinic. */
  getPayment(clinicId: string, id: string): Promise<PaymentRecord | undefined>;
  /** Payments and refunds matching the query, by `at` then id. */
  listPayments(clinicId: string, query?: PaymentQuery): Promise<PaymentRecord[]>;
  /** Stores an online payment intent. Throws `DUPLICATE` for an id or provider intent id in use. */
  insertPaymentIntent(clinicId: string, input: PaymentIntentInput): Promise<PaymentIntentRecord>;
  /** Changes an intent (version + 1). Throws `NOT_FOUND`, `VERSION_CONFLICT`. */
  updatePaymentIntent(
    clinicId: string,
    id: string,
    patch: PaymentIntentPatch,
    options?: { expectedVersion?: number },
  ): Promise<PaymentIntentRecord>;
  /** An intent of the clinic. */
  getPaymentIntent(clinicId: string, id: string): Promise<PaymentIntentRecord | undefined>;
  /** Global look-up for provider webhooks: the intent with that provider id, any clinic. */
  findPaymentIntentByProviderId(
    provider: string,
    providerIntentId: string,
  ): Promise<PaymentIntentRecord | undefined>;

  // --- packages ---
  /**
   * Creates or replaces a package with its attendance log (`uses`, stored one row per visit;
   * version + 1 on replace). Throws `INVALID_REFERENCE` (owner, case, a used visit),
   * `DUPLICATE` when a visit in `uses` already used another package, `VERSION_CONFLICT`.
   */
  putPackage(
    clinicId: string,
    input: PackageInput,
    options?: { expectedVersion?: number },
  ): Promise<PackageRecord>;
  /** A package of the clinic, with its uses in the order they were taken. */
  getPackage(clinicId: string, id: string): Promise<PackageRecord | undefined>;
  /** Packages matching the query, by `purchasedAt` then id. */
  listPackages(clinicId: string, query?: PackageQuery): Promise<PackageRecord[]>;
  /** The attendance log across packages, by `at` then appointment id. */
  listPackageUses(clinicId: string, query?: PackageUseQuery): Promise<PackageUseRecord[]>;

  // --- each provider's catalog ---
  /**
   * Creates or replaces a service on a provider's own catalog, with an optional own price.
   * Throws `INVALID_REFERENCE` for an unknown calendar or service.
   */
  putProviderService(clinicId: string, input: ProviderServiceInput): Promise<ProviderServiceRecord>;
  /** Provider services by calendar id then service id. */
  listProviderServices(
    clinicId: string,
    query?: { calendarId?: string; serviceId?: string },
  ): Promise<ProviderServiceRecord[]>;
  /** Removes a service from a provider's catalog; true when it was there. */
  deleteProviderService(clinicId: string, calendarId: string, serviceId: string): Promise<boolean>;

  // --- staff accounts ---
  /** Creates a staff user. Throws `DUPLICATE` when the id or the clinic's e-mail exists. */
  insertStaffUser(clinicId: string, input: StaffUserInput): Promise<StaffUserRecord>;
  /** Replaces a staff user's fields (version + 1). Throws `NOT_FOUND`. */
  updateStaffUser(clinicId: string, input: StaffUserInput): Promise<StaffUserRecord>;
  /** A staff user by id. */
  getStaffUser(clinicId: string, id: string): Promise<StaffUserRecord | undefined>;
  /** A staff user by (lower-cased) e-mail. */
  findStaffUserByEmail(clinicId: string, email: string): Promise<StaffUserRecord | undefined>;
  /** The clinic's staff users by e-mail. */
  listStaffUsers(clinicId: string): Promise<StaffUserRecord[]>;
  /** Stores a new session. */
  insertStaffSession(session: StaffSessionRecord): Promise<void>;
  /** A session by the hash of its token (any clinic), expired or not. */
  findStaffSession(tokenHash: string): Promise<StaffSessionRecord | undefined>;
  /** Ends one session; true when it existed. */
  deleteStaffSession(tokenHash: string): Promise<boolean>;
  /** Ends every session of a user (but `exceptTokenHash`); answers how many ended. */
  deleteStaffSessions(clinicId: string, userId: string, exceptTokenHash?: string): Promise<number>;
  /** Deletes the sessions and single-use links that expired at or before `now`; answers how many. */
  deleteExpiredStaffSessions(now: InstantInput): Promise<number>;
  /** Stores a single-use link. */
  insertStaffToken(token: StaffTokenRecord): Promise<void>;
  /** A link by the hash of its token (any clinic), used or not. */
  findStaffToken(tokenHash: string): Promise<StaffTokenRecord | undefined>;
  /** Marks a link used, once: true for the call that used it, false when it was used already. */
  useStaffToken(tokenHash: string, at: InstantInput): Promise<boolean>;
  /** The failed sign-in attempts of an e-mail at a clinic. */
  getSignInAttempts(clinicId: string, email: string): Promise<SignInAttemptsRecord | undefined>;
  /** Stores the failed attempts of an e-mail (`undefined` forgets them, after a success). */
  putSignInAttempts(
    clinicId: string,
    email: string,
    attempts: Omit<SignInAttemptsRecord, "clinicId" | "email"> | undefined,
  ): Promise<void>;

  // --- message settings ---
  /** The clinic's message settings, or `undefined` when it never stored any. */
  // --- patient page sign-in ---
  /** Stores a sign-in link. */
  insertPatientSignIn(clinicId: string, input: PatientSignInInput): Promise<PatientSignInRecord>;
  /** A sign-in link by id (used or not). */
  findPatientSignIn(clinicId: string, id: string): Promise<PatientSignInRecord | undefined>;
  /** How many sign-in links were asked for this (lower-cased) e-mail since `since`. */
  countPatientSignIns(clinicId: string, email: string, since: InstantInput): Promise<number>;
  /**
   * Uses the sign-in link with this token hash, in any clinic, in one statement: answers it and
   * marks it used when it was unused and live at `now`, else `undefined` (so a link works once,
   * also for requests racing each other).
   */
  usePatientSignIn(tokenHash: string, now: InstantInput): Promise<PatientSignInRecord | undefined>;
  /** Stores a patient page session. */
  insertPatientSession(clinicId: string, input: PatientSessionInput): Promise<PatientSessionRecord>;
  /** The live session with this token hash at `now`, in any clinic. */
  findPatientSession(
    tokenHash: string,
    now: InstantInput,
  ): Promise<PatientSessionRecord | undefined>;
  // --- waitlist ---
  /** Stores a waitlist entry. Throws `DUPLICATE` for an existing id. */
  insertWaitlistEntry(clinicId: string, entry: WaitlistEntryInput): Promise<WaitlistEntryRecord>;
  /** A waitlist entry by id. */
  getWaitlistEntry(clinicId: string, id: string): Promise<WaitlistEntryRecord | undefined>;
  /** The entry whose leave token has this hash, in any clinic. */
  findWaitlistEntryByToken(tokenHash: string): Promise<WaitlistEntryRecord | undefined>;
  /** Waitlist entries by `joinedAt`, then id (the order of the line). */
  listWaitlistEntries(clinicId: string, query?: WaitlistEntryQuery): Promise<WaitlistEntryRecord[]>;
  /** Sets an entry's status. Throws `NOT_FOUND`. */
  setWaitlistEntryStatus(
    clinicId: string,
    id: string,
    status: WaitlistEntryStatus,
  ): Promise<WaitlistEntryRecord>;
  /** Stores an offer. Throws `DUPLICATE` for an existing id or token. */
  insertWaitlistOffer(clinicId: string, offer: WaitlistOfferInput): Promise<WaitlistOfferRecord>;
  /** The offer whose link token has this hash, in any clinic. */
  findWaitlistOfferByToken(tokenHash: string): Promise<WaitlistOfferRecord | undefined>;
  /** Offers by start, then creation, then id. */
  listWaitlistOffers(clinicId: string, query?: WaitlistOfferQuery): Promise<WaitlistOfferRecord[]>;
  /** Changes an offer. Throws `NOT_FOUND`. */
  updateWaitlistOffer(
    clinicId: string,
    id: string,
    patch: WaitlistOfferPatch,
  ): Promise<WaitlistOfferRecord>;
  /** Global: open offers of every clinic that lapsed at `now`, oldest first, at most `limit`. */
  listLapsedWaitlistOffers(now: InstantInput, limit: number): Promise<WaitlistOfferRecord[]>;
  getMessageSettings(clinicId: string): Promise<MessageSettingsRecord | undefined>;
  /**
   * Stores the clinic's message settings (version 1, then + 1 on replace). Throws
   * `INVALID_REFERENCE` for an unknown clinic and `VERSION_CONFLICT` when `expectedVersion`
   * (0 = none stored yet) differs.
   */
  putMessageSettings(
    clinicId: string,
    input: MessageSettingsInput,
    options?: { expectedVersion?: number },
  ): Promise<MessageSettingsRecord>;
}

/** The unit of work inside `Storage.transaction`. */
export interface StorageTransaction extends StorageOperations {
  /**
   * Locks the clinic's calendars with these ids until the transaction ends (PostgreSQL
   * `SELECT … ORDER BY id FOR NO KEY UPDATE`: taken in sorted id order, so two transactions never
   * deadlock on them; it excludes every other locker but not foreign-key checks)
   * and returns them, by id; ids the clinic does not have are left out. Lock an appointment's
   * calendars before reading what overlaps it and inserting or moving it. When a transaction
   * also changes an existing appointment, read it with `lockAppointment` first, then lock calendars.
   */
  lockCalendars(clinicId: string, ids: readonly string[]): Promise<CalendarRecord[]>;
  /** Locks one appointment row until the transaction ends and returns it fresh. */
  lockAppointment(clinicId: string, id: string): Promise<AppointmentRecord | undefined>;
  /**
   * Serializes every transaction that locks the same `(clinicId, key)` until commit or rollback,
   * for a rule about rows that may not exist yet (e.g. "one client per e-mail": lock
   * `client-email:<address>`, look it up, create it). Keys are compared exactly.
   */
  lockKey(clinicId: string, key: string): Promise<void>;
  /**
   * Asks for the lock of `key` ({@link lockKey}) to be taken in the statement of the
   * transaction's next `readBusyTime` after it locked calendars, a round trip fewer for a booking
   * that locks a key after its check. A later `lockKey` of that key returns at once once it is
   * held, and takes it itself otherwise. Order is kept: calendars first, then the key.
   */
  lockKeyAfterCalendars(clinicId: string, key: string): void;
  /**
   * The clinic's first client (in id order) with `client.email` (compared case-insensitively),
   * or, when there is none, `client` stored as `putClient` stores it, in one statement; `created`
   * tells which. Hold `lockKey(clinicId, "client-email:<address>")` first, so two transactions
   * never both create one.
   */
  findOrCreateClient(
    clinicId: string,
    client: ClientInput & { email: string },
  ): Promise<{ client: ClientRecord; created: boolean }>;
  /**
   * Locks one case until the transaction ends and returns it fresh (`FOR UPDATE`). Take it before
   * reading a case's charges to invoice or change them, so two issuers never gather one charge.
   */
  lockCase(clinicId: string, id: string): Promise<CaseRecord | undefined>;
  /** Locks one package until the transaction ends and returns it fresh (`FOR UPDATE`). */
  lockPackage(clinicId: string, id: string): Promise<PackageRecord | undefined>;
}

/** Which database a storage runs on. */
export type StorageKind = "pglite" | "postgres";

/** Persistent state of Bookwell. See the guarantees at the top of this file. */
export interface Storage extends StorageOperations {
  readonly kind: StorageKind;
  /**
   * Runs `fn` as one atomic unit of work and returns its result: commits when it resolves,
   * rolls back and rethrows when it throws. Inside, use only `tx` (calling `storage` itself
   * there throws `NESTED_TRANSACTION`, because it would wait for the transaction it is in).
   */
  transaction<T>(fn: (tx: StorageTransaction) => Promise<T>): Promise<T>;
  /** Releases connections / the embedded database. Further calls fail. */
  close(): Promise<void>;
}

/** Options every adapter accepts. */
export interface StorageOptions {
  /** Source of `createdAt` / `updatedAt` stamps (default: the system clock). */
  clock?: () => Date;
  /**
   * Limits of the per-process cache of busy time that free-times reads keep per clinic, checked
   * against the clinic's busy version on every read (default 512 clinics, 8 windows each, 200,000
   * appointments and holds in all); `{ clinics: 0 }` turns it off.
   */
  busyCache?: { clinics?: number; windowsPerClinic?: number; records?: number };
}
