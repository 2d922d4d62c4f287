import type { Charge } from "../billing/schemas.js";
import type { Appointment, AppointmentStatus } from "../model.js";
import type { PackageUse } from "../packages/schema.js";
import type { PackageState } from "../packages/state.js";
import type { PackageError } from "../packages/use.js";
import type { CancellationReason, OnlineChangeReason } from "../policies/cancellation.js";
import type { Actor } from "./context.js";
import type { AppointmentAction } from "./table.js";

/** The audit entry every transition writes: who did what, when, from which status to which. */
export interface AuditEvent {
  type: "audit";
  appointmentId: string;
  action: AppointmentAction;
  /** `null` for the visit a move creates. */
  from: AppointmentStatus | null;
  to: AppointmentStatus;
  actor: Actor;
  at: string;
  reason: string | null;
}

/** New charges to store: arrival items, or a cancellation / no-show fee. */
export interface ChargesAddedEvent {
  type: "charges_added";
  reason: "arrival" | "cancellation_fee" | "no_show_fee";
  charges: Charge[];
}

/** Uninvoiced charges a rollback voids (arrival items, a no-show fee). */
export interface ChargesVoidedEvent {
  type: "charges_voided";
  charges: Charge[];
}

/** Charges a rollback would undo but that are already invoiced: correct them with a credit note. */
export interface CreditNoteNeededEvent {
  type: "credit_note_needed";
  chargeIds: string[];
  invoiceIds: string[];
}

/** A package session taken (completion, or a no-show under a `deduct` rule). */
export interface PackageDeductedEvent {
  type: "package_deducted";
  packageId: string;
  use: PackageUse;
  /** The package after the deduction, to store. */
  package: PackageState;
}

/** A package session given back by a rollback. */
export interface PackageRestoredEvent {
  type: "package_restored";
  packageId: string;
  use: PackageUse;
  package: PackageState;
}

/** What a notification is about; the reminders module decides whether and when it goes out. */
export type TransitionNotificationKind = "confirmed" | "rescheduled" | "canceled" | "no_show";

/** A message due to the client because of this change. */
export interface NotificationDueEvent {
  type: "notification_due";
  kind: TransitionNotificationKind;
  appointmentId: string;
  clientId: string | null;
}

/** The new visit a move created (also returned as `created`). */
export interface AppointmentCreatedEvent {
  type: "appointment_created";
  appointment: Appointment;
  rebookedFromId: string;
}

/** Everything a transition can cause; the server stores/sends them in the same transaction. */
export type TransitionEvent =
  | AuditEvent
  | ChargesAddedEvent
  | ChargesVoidedEvent
  | CreditNoteNeededEvent
  | PackageDeductedEvent
  | PackageRestoredEvent
  | NotificationDueEvent
  | AppointmentCreatedEvent;

/** Stable codes of a refused transition. */
export type TransitionErrorCode =
  | "ILLEGAL_TRANSITION"
  | "NOT_ALLOWED_FOR_ACTOR"
  | "TOO_EARLY"
  | "POLICY_REFUSED"
  | "PACKAGE_UNUSABLE";

/** A refused transition: the code, the status and action, and details where they help. */
export interface TransitionError {
  code: TransitionErrorCode;
  from: AppointmentStatus;
  action: AppointmentAction;
  message: string;
  /** For `POLICY_REFUSED`: the policy's reason. */
  policyReason?: CancellationReason | OnlineChangeReason;
  /** For `PACKAGE_UNUSABLE`: the package's own error. */
  packageError?: PackageError;
}

/** The outcome of {@link transition}. */
export type TransitionResult =
  | {
      ok: true;
      /** The visit after the change (for `move`: the old one, now `rebooked`). */
      appointment: Appointment;
      /** For `move`: the new visit. */
      created?: Appointment;
      events: TransitionEvent[];
    }
  | { ok: false; error: TransitionError };
