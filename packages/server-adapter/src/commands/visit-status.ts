// A visit's status changes, written once for staff and patients: the engine's status machine
// decides (legal steps, policies, fees, package sessions), and this applies what it returns —
// the status, the charges it adds or takes off (into the charges table), the package session,
// the patient's message, the audit entry — in the caller's unit of work.

import {
  type AppointmentAction,
  allowedActions,
  type CancellationVerdict,
  type Charge,
  type AppointmentInput as EngineAppointment,
  isEngineError,
  type TransitionEvent,
  transition,
} from "@bookwell/engine";
import { BookwellError } from "../errors.js";
import { statusBeforeArrival } from "../services/arrival.js";
import { syncVisitBilling, visitCharges } from "../services/back-office/visit-billing.js";
import { setFields } from "../services/fields.js";
import { cancellationVerdict, policyAppointment, serviceRules } from "../services/policy.js";
import { priceOf } from "../services/present.js";
import type {
  AppointmentRecord,
  JsonValue,
  ServiceRecord,
  StoredMoney,
  VisitCancellation,
} from "../storage/storage.js";
import { refundOnFreeCancel } from "./back-office/online-payments.js";
import type { UnitOfWork } from "./unit-of-work.js";
import { changePayload } from "./visits.js";
import { offerReleasedTime } from "./waitlist.js";

/** Who changes a visit's status: staff in their role, or the patient (`client`) through a link. */
export interface StatusActor {
  id: string;
  role: "client" | "front_desk" | "provider" | "manager";
}

/** A status action to apply. */
export interface StatusChange {
  action: AppointmentAction;
  actor: StatusActor;
  reason?: string | undefined;
  /** Staff waive the cancellation or no-show fee. */
  waiveFee?: boolean | undefined;
  /** The cancellation verdict the caller already reached at this `now` (a patient's cancel checks it first). */
  verdict?: CancellationVerdict | undefined;
}

/** What a status change did. */
export interface AppliedStatus {
  updated: AppointmentRecord;
  /** What the change caused (charges, package, messages), for the answer and the audit trail. */
  effects: JsonValue[];
  /** The cancellation or no-show fee it charged, `null` when none. */
  fee: StoredMoney | null;
  /** What a free cancellation refunded of the visit's online payment, `null` when nothing. */
  refund: StoredMoney | null;
}

/** Runs the status machine; its input errors about the visit (e.g. no client to charge) are 422. */
function runTransition<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (isEngineError(error) && error.code === "INVALID_INPUT") {
      throw new BookwellError("BOOKING_RULE_VIOLATED", error.message, {
        errors: [...error.issues],
      });
    }
    throw error;
  }
}

/** The cancellation or no-show fee a transition charged, for the patient's message. */
function feeOfEvents(events: readonly TransitionEvent[]): StoredMoney | null {
  for (const event of events) {
    if (event.type !== "charges_added" || event.reason === "arrival") continue;
    const first = event.charges[0];
    const total = event.charges.reduce((sum, c) => sum + c.unitPrice.amount * c.quantity, 0);
    if (first && total > 0) return { amount: total, currency: first.unitPrice.currency };
  }
  return null;
}

function json(money: StoredMoney | null): JsonValue {
  return money ? { ...money } : null;
}

function engineVisit(current: AppointmentRecord, service: ServiceRecord): EngineAppointment {
  const { freeCancellationUntil } = policyAppointment(current);
  return {
    id: current.id,
    serviceId: current.serviceId,
    calendarIds: current.calendarIds,
    start: current.start,
    end: current.end,
    status: current.status,
    channel: current.channel,
    ...setFields(current, ["clientId", "caseId"]),
    ...(freeCancellationUntil ? { freeCancellationUntil } : {}),
    price: priceOf(current, service),
  };
}

/**
 * Applies a status action (confirm, arrive, start, complete, no_show, cancel, rollback) to a
 * locked visit through the engine's status machine, for staff and for a patient alike: the new
 * status; the charges it adds or takes off, written to the charges table with the visit's package
 * session; how a cancellation went (when, by whom, late, fee); an outbox row for each message it
 * causes; the audit entry. Illegal pairs are 409 `ILLEGAL_TRANSITION`, a policy refusal 409
 * `CONFLICT` with the engine's reason.
 *
 * @example
 * const { updated, fee } = await applyStatus(work, current, service, { action: "cancel", actor: { id: "patient:manage-link", role: "client" } });
 */
export async function applyStatus(
  work: UnitOfWork,
  current: AppointmentRecord,
  service: ServiceRecord,
  change: StatusChange,
): Promise<AppliedStatus> {
  const { tx, clinicId } = work;
  const price = priceOf(current, service);
  const before = await visitCharges(tx, clinicId, current);
  const statusBefore =
    current.status === "arrived" && change.action === "rollback"
      ? await statusBeforeArrival(tx, clinicId, current.id)
      : undefined;
  const result = runTransition(() =>
    transition(engineVisit(current, service), change.action, {
      now: work.now.toISOString(),
      actor: change.actor,
      service: { ...serviceRules(service), price },
      charges: before,
      // Charges of a visit without a case go to a case of that visit.
      caseId: current.caseId ?? `visit-${current.id}`,
      ...(change.reason ? { reason: change.reason } : {}),
      ...(change.waiveFee ? { waiveFee: true } : {}),
      ...(statusBefore ? { statusBeforeArrival: statusBefore } : {}),
      timeZone: work.clinic.timeZone,
    }),
  );
  if (!result.ok) {
    const code = result.error.code === "ILLEGAL_TRANSITION" ? "ILLEGAL_TRANSITION" : "CONFLICT";
    throw new BookwellError(code, result.error.message, {
      extensions: { reason: result.error.code, allowedActions: allowedActions(current.status) },
    });
  }
  const fee = feeOfEvents(result.events);
  let after: Charge[] = [...before];
  const effects: JsonValue[] = [];
  for (const event of result.events) {
    if (event.type === "charges_added") {
      after = [...after, ...event.charges];
      effects.push({ type: event.type, reason: event.reason, count: event.charges.length });
    } else if (event.type === "charges_voided") {
      const voided = new Set(event.charges.map((c) => c.id));
      after = after.filter((c) => !voided.has(c.id));
      effects.push({ type: event.type, count: event.charges.length });
    } else if (event.type === "notification_due") {
      // Change rows of docs/server/notifications.md. A staff "confirm" is not a new booking:
      // the patient had the confirmation when it was made, so no row for it.
      if (event.kind !== "confirmed") {
        await work.message(
          `email.booking_${event.kind}`,
          changePayload(current, { fee: json(fee) }),
        );
      }
      effects.push({ type: event.type, kind: event.kind });
    } else if (event.type !== "audit") {
      effects.push(JSON.parse(JSON.stringify(event)) as JsonValue);
    }
  }
  const status = result.appointment.status;
  let cancellation: VisitCancellation | undefined;
  if (status === "canceled") {
    const channel = change.actor.role === "client" ? "online" : "staff";
    const verdict =
      change.verdict ?? cancellationVerdict(current, service, price, work.now, channel);
    cancellation = {
      at: work.now.toISOString(),
      by: change.actor.id,
      late: verdict.allowed && verdict.late,
      fee,
      ...(change.reason ? { reason: change.reason } : {}),
    };
  }
  // Charges live in the charges table only: legacy `extra.charges` leave the appointment now.
  const { charges: _legacy, ...extra } = current.extra;
  const updated = await tx.updateAppointment(
    clinicId,
    current.id,
    {
      status,
      ...(cancellation ? { cancellation } : {}),
      ...("charges" in current.extra ? { extra } : {}),
    },
    { expectedVersion: current.version },
  );
  // The charges it added or took off, and the package session, into the back office at once.
  await syncVisitBilling(tx, clinicId, updated, after);
  // Canceled inside the free window: the deposit (or full online payment) goes back. A late
  // cancel keeps it against the fee (decision 0022, point 5).
  const refund =
    cancellation && !cancellation.late ? await refundOnFreeCancel(work, updated) : null;
  if (refund) effects.push({ type: "refunded", amount: { ...refund } });
  await work.audit({
    action: "appointment.status_changed",
    entityId: current.id,
    actor: change.actor.id,
    detail: {
      action: change.action,
      from: current.status,
      to: updated.status,
      ...(change.reason ? { reason: change.reason } : {}),
      ...(cancellation ? { fee: json(fee) } : {}),
      ...(refund ? { refund: json(refund) } : {}),
      effects,
    },
  });
  // A canceled or no-show visit frees its time: the waitlist hears of it in this unit of work.
  await offerReleasedTime(work, current, updated.status);
  work.emit(
    updated.status === "canceled" ? "appointment.canceled" : "appointment.status_changed",
    current.id,
  );
  return { updated, effects, fee, refund };
}
