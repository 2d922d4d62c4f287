// Types of the public (patient) API v1, mirroring docs/api/public-v1.md. They are declared here,
// type-only, so the widget never pulls server code (Hono, zod, the engine) into its bundle.

/** An amount of money in integer minor units with its ISO 4217 currency. */
export interface Money {
  amount: number;
  currency: string;
}

/** The clinic the widget books for (`GET /v1/clinic`). */
export interface Clinic {
  id: string;
  name: string;
  /** IANA time zone every time is shown in, e.g. `Europe/Lisbon`. */
  timeZone: string;
  locale: string;
  currency: string;
  address?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

/** A service's cancellation policy, as shown before booking and before cancelling. */
export interface CancellationPolicySummary {
  /** Cancellation is free until this many hours before the start. */
  freeUntilHoursBefore: number;
  /** What happens after the free window. */
  lateCancellation: "fee" | "not_allowed" | "free";
  lateFee: Money | null;
}

/** A text in the clinic's languages (English always). */
export interface Label {
  en: string;
  pt?: string | undefined;
  es?: string | undefined;
}

/** One intake question of a service. */
export type IntakeQuestion = { id: string; label: Label; required: boolean } & (
  | { type: "text" | "yes_no" | "date" }
  | { type: "choice"; options: Array<{ id: string; label: Label }> }
);

/** The questions and consents a service's booking form asks. */
export interface ServiceIntake {
  questions: IntakeQuestion[];
  consents: Array<{ id: string; label: Label }>;
}

/** The patient's intake answers by question id, and the consents ticked. */
export interface IntakeAnswers {
  answers: Record<string, string | boolean>;
  consents: string[];
}

/** An online-bookable service (`GET /v1/services`). */
export interface Service {
  id: string;
  name: string;
  category: string;
  discipline: string;
  description: string;
  durationMinutes: number;
  price: Money;
  capacity: number;
  providerIds: string[];
  cancellationPolicy?: CancellationPolicySummary | undefined;
  /** Minimum notice in minutes: no start is offered before now + this. */
  leadTimeMinutes?: number | undefined;
  /** Booking horizon: the last bookable day is today + this many days (clinic's zone). */
  horizonDays?: number | undefined;
  /** Intake questions and consents the booking form asks. */
  intake?: ServiceIntake | undefined;
  /** What the server asks to be paid online when booking (it has a payment provider). */
  onlinePayment?: PaymentAsked | undefined;
}

/** What the server asks to be paid online: the full price or a deposit (the rest at the clinic). */
export interface PaymentAsked {
  kind: "full" | "deposit";
  amount: Money;
}

/** A therapist (`GET /v1/providers`). */
export interface Provider {
  id: string;
  name: string;
  disciplines: string[];
  locationId: string;
  /** The therapist's photo (https), when the clinic set one. */
  photoUrl?: string | undefined;
  /** A short biography, when the clinic wrote one. */
  bio?: string | undefined;
  /** With `?serviceId=`: what this therapist charges for that service (own price, else the service's). */
  price?: Money | undefined;
}

/** A free time (`GET /v1/slots`); `start`/`end` are ISO-8601 instants with offset. */
export interface Slot {
  start: string;
  end: string;
  providerId: string;
  resourceIds: string[];
  /** Places left (classes); 1 for a treatment. */
  remaining?: number | undefined;
}

/** The cancellation terms of booking a time now, computed by the server (the engine's rules). */
export interface BookingTerms {
  /** Cancelling is free until then; `null` = free until the start. */
  freeUntil: string | null;
  /** The fee for cancelling after `freeUntil`; `null` = free. */
  lateFee: Money | null;
  /** The free window has already passed: the fee applies from the moment of booking. */
  feeFromBooking: boolean;
  /** A fee can apply: the patient accepts the policy when booking (`policyConsent`). */
  consentRequired: boolean;
  onlineCancellation: "allowed" | "free_window_only" | "never";
  selfServiceUntil: string | null;
}

/** A time kept for the patient while they fill in their details (`POST /v1/holds`). */
export interface Hold {
  id: string;
  serviceId: string;
  providerId: string;
  start: string;
  end: string;
  expiresAt: string;
  /** The cancellation terms of booking it (absent from servers before issue 18). */
  terms?: BookingTerms | undefined;
}

/** Statuses a booking can have (the engine's status machine). */
export type BookingStatus =
  | "booked"
  | "confirmed"
  | "arrived"
  | "started"
  | "completed"
  | "no_show"
  | "canceled"
  | "rebooked";

/** A booking as patients see it (never private notes). */
export interface Booking {
  id: string;
  /** One of {@link BookingStatus}; unknown future statuses are shown as they come. */
  status: BookingStatus | (string & {});
  serviceId: string;
  serviceName: string;
  providerId: string;
  providerName: string;
  start: string;
  end: string;
  timeZone: string;
  client: { name: string; email: string; phone?: string | undefined };
  price: Money;
}

/** What a patient may do with a booking from the manage link. */
export interface ManagePolicy {
  canCancel: boolean;
  canReschedule: boolean;
  cancellationFee: Money | null;
  freeUntil: string | null;
  reason?: string | undefined;
}

/** The patient's details sent with a booking. */
export interface ClientDetails {
  name: string;
  email: string;
  phone?: string;
  notes?: string;
}

/** Body of `POST /v1/bookings`. */
export interface CreateBookingBody {
  serviceId: string;
  providerId: string;
  start: string;
  holdId?: string;
  client: ClientDetails;
  locale?: string;
  /** The patient accepted the cancellation policy (needed when `terms.feeFromBooking`). */
  policyConsent?: boolean;
  /** Answers to the service's intake questions. */
  intake?: IntakeAnswers;
}

/** Body of `POST /v1/holds`. */
export interface CreateHoldBody {
  serviceId: string;
  providerId: string;
  start: string;
  /** The patient's e-mail when known (the server limits live holds per e-mail). */
  email?: string;
}

/** Problem codes a patient may meet, plus `NETWORK` when the server could not be reached. */
export type ProblemCode =
  | "VALIDATION_FAILED"
  | "NOT_FOUND"
  | "SLOT_TAKEN"
  | "HOLD_EXPIRED"
  | "IDEMPOTENCY_KEY_REUSED"
  | "IDEMPOTENCY_IN_FLIGHT"
  | "CANCELLATION_NOT_ALLOWED"
  | "BOOKING_RULE_VIOLATED"
  | "POLICY_CONSENT_REQUIRED"
  | "RATE_LIMITED"
  | "HOLD_LIMIT_REACHED"
  | "PAYLOAD_TOO_LARGE"
  | "CONFLICT"
  | "NETWORK"
  | (string & {});

/** An `application/problem+json` body. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code: ProblemCode;
  detail?: string;
  errors?: Array<{ field: string; message: string }>;
  alternatives?: Slot[];
  violations?: Array<{ code: string; message?: string }>;
  /** Why a `CONFLICT` happened, e.g. `MOVED` (a manage link whose visit was moved since). */
  reason?: string;
}

// Response bodies, one per route.
export interface ClinicResponse {
  clinic: Clinic;
}
export interface ServicesResponse {
  services: Service[];
  categories: string[];
}
export interface ProvidersResponse {
  providers: Provider[];
}
export interface SlotsResponse {
  timeZone: string;
  slots: Slot[];
}
export interface HoldResponse {
  hold: Hold;
}
export interface CreateBookingResponse {
  booking: Booking;
  manageToken: string;
  /** The cancellation terms it was booked under. */
  terms?: BookingTerms | undefined;
  /** What to pay online now, when the server asks for it (computed there, never here). */
  payment?: PaymentAsked | undefined;
}
export interface ManageResponse {
  booking: Booking;
  policy: ManagePolicy;
  /** The service's notice and horizon (absent when the service is gone). */
  bookingWindow?: Pick<Service, "leadTimeMinutes" | "horizonDays"> | undefined;
  /** Where the visit's online payment stands, when its service asks for one (computed there). */
  payment?: VisitPayment | undefined;
  /** A canceled visit: what was refunded of its online payment. */
  refund?: Money | undefined;
}
/** Where a visit's online payment stands (`GET /v1/manage/:token`). */
export interface VisitPayment {
  kind: PaymentAsked["kind"];
  /** What the service asks online for this visit in all. */
  total: Money;
  /** What was paid so far, less refunds. */
  paid: Money;
  /** What is still due online (`0` once paid). */
  due: Money;
}
export interface BookingResponse {
  booking: Booking;
  /** After a reschedule: the moved visit's own manage token (the old link turns read-only). */
  manageToken?: string | undefined;
}
export interface CancelResponse {
  booking: Booking;
  fee: Money | null;
  /** What a free cancellation refunded of the visit's online payment (`null`: nothing). */
  refund?: Money | null | undefined;
}
