import { type Appointment, type AppointmentInput, appointmentSchema } from "../model.js";
import { evaluateCancellation, evaluateReschedule } from "../policies/cancellation.js";
import { noShowFee } from "../policies/no-show.js";
import { parseInstant } from "../time/zoned.js";
import { parseInput } from "../validate.js";
import { type TransitionContextInput, transitionContextSchema } from "./context.js";
import {
  arrivalEvents,
  checkPackage,
  coveredChargesEvents,
  deductPackage,
  feeEvents,
  restorePackage,
  type Step,
  undoCharges,
} from "./effects.js";
import type {
  TransitionError,
  TransitionEvent,
  TransitionNotificationKind,
  TransitionResult,
} from "./events.js";
import { moveEvents } from "./move.js";
import { type AppointmentAction, appointmentActionSchema, nextStatus } from "./table.js";

const CLIENT_ACTIONS: ReadonlySet<AppointmentAction> = new Set(["confirm", "cancel", "move"]);

function fail(
  step: Pick<Step, "from" | "action">,
  code: TransitionError["code"],
  message: string,
  extra = {},
): TransitionResult {
  return { ok: false, error: { code, from: step.from, action: step.action, message, ...extra } };
}

function notify(
  step: Step,
  kind: TransitionNotificationKind,
  appointmentId = step.appointment.id,
): TransitionEvent[] {
  if (!step.ctx.notify) return [];
  return [
    { type: "notification_due", kind, appointmentId, clientId: step.appointment.clientId ?? null },
  ];
}

function cancelEffects(step: Step): TransitionEvent[] | TransitionResult {
  const online = step.ctx.actor.role === "client";
  const verdict = evaluateCancellation({
    appointment: step.appointment,
    ...(step.ctx.service.cancellationPolicy ? { policy: step.ctx.service.cancellationPolicy } : {}),
    price: step.ctx.service.price,
    now: step.ctx.now,
    channel: online ? "online" : "staff",
    waiveFee: step.ctx.waiveFee,
  });
  if (!verdict.allowed) {
    return fail(step, "POLICY_REFUSED", `the cancellation policy refuses this: ${verdict.reason}`, {
      policyReason: verdict.reason,
    });
  }
  return [...feeEvents(step, "cancellation_fee", verdict.fee), ...notify(step, "canceled")];
}

function noShowEffects(step: Step): TransitionEvent[] | TransitionResult {
  if (step.nowMs < (parseInstant(step.appointment.start) as number)) {
    return fail(
      step,
      "TOO_EARLY",
      "a visit can only be marked a no-show once its start time has passed",
    );
  }
  // A package that cannot take the no-show (exhausted, expired…) does not block it: the fee applies.
  const attempt = deductPackage(step, "no_show");
  const deducted = Array.isArray(attempt) ? attempt : [];
  const fee =
    deducted.length > 0 || step.ctx.waiveFee
      ? null
      : noShowFee({ rule: step.ctx.service.noShowFee ?? null, price: step.ctx.service.price });
  return [...deducted, ...feeEvents(step, "no_show_fee", fee), ...notify(step, "no_show")];
}

function rollbackEffects(step: Step): TransitionEvent[] {
  switch (step.from) {
    case "arrived":
      return undoCharges(step, ["arrival"]);
    case "completed":
      return restorePackage(step);
    case "no_show":
      return [...undoCharges(step, ["no_show_fee"]), ...restorePackage(step)];
    default:
      return [];
  }
}

function forwardEffects(step: Step): TransitionEvent[] | TransitionResult {
  const arrives = step.from === "booked" || step.from === "confirmed";
  switch (step.action) {
    case "confirm":
      return notify(step, "confirmed");
    case "arrive":
    case "start": {
      if (!arrives) return [];
      const refused = checkPackage(step);
      return refused ? { ok: false, error: refused } : arrivalEvents(step);
    }
    case "complete": {
      const deducted = deductPackage(step, "attended");
      if (!Array.isArray(deducted)) return { ok: false, error: deducted };
      if (arrives) return [...arrivalEvents(step), ...deducted];
      // Arrived without the package, completed with it: the package pays, so the treatment's
      // arrival charges go (never a session and a charge for the same visit).
      return [...deducted, ...(deducted.length > 0 ? coveredChargesEvents(step) : [])];
    }
    case "no_show":
      return noShowEffects(step);
    case "cancel":
      return cancelEffects(step);
    default:
      return rollbackEffects(step);
  }
}

function audit(step: Step): TransitionEvent {
  return {
    type: "audit",
    appointmentId: step.appointment.id,
    action: step.action,
    from: step.from,
    to: step.to,
    actor: step.ctx.actor,
    at: step.ctx.now,
    reason: step.ctx.reason ?? null,
  };
}

/**
 * Applies an action to a visit and returns the visit after it with every event it causes — the
 * audit entry, arrival charges (the service's billing items, billed to the visit's provider), the
 * package session taken on completion (and on a no-show when the package deducts them), the
 * cancellation or no-show fee per policy, notifications due, and for `move` the new visit — or a
 * typed error (`ILLEGAL_TRANSITION`, `NOT_ALLOWED_FOR_ACTOR`, `TOO_EARLY`, `POLICY_REFUSED`,
 * `PACKAGE_UNUSABLE`). It never throws for a refused move; malformed input throws `EngineError`
 * INVALID_INPUT naming the field. A rollback undoes what the step forward caused. See
 * `docs/status-machine.md` for the full table.
 *
 * @example
 * const r = transition(appointment, "arrive", {
 *   now: "2026-03-09T09:55:00Z",
 *   actor: { id: "desk-1", role: "front_desk" },
 *   service: { id: "physio-45", name: "Physiotherapy 45 min", price: { amount: 4500, currency: "EUR" } },
 * });
 * if (r.ok) r.events; // [{ type: "charges_added", reason: "arrival", ... }, { type: "audit", ... }]
 * else r.error.code; // e.g. "ILLEGAL_TRANSITION"
 */
export function transition(
  appointmentInput: AppointmentInput,
  action: AppointmentAction,
  contextInput: TransitionContextInput,
): TransitionResult {
  const appointment: Appointment = parseInput(appointmentSchema, appointmentInput, "appointment");
  const parsedAction = parseInput(appointmentActionSchema, action, "action");
  const ctx = parseInput(transitionContextSchema, contextInput, "context");
  const from = appointment.status;
  // A rollback from arrival returns to the status the visit had before it, when it is known.
  const to =
    from === "arrived" && parsedAction === "rollback" && ctx.statusBeforeArrival !== undefined
      ? ctx.statusBeforeArrival
      : nextStatus(from, parsedAction);
  const head = { from, action: parsedAction };
  if (to === null) {
    return fail(head, "ILLEGAL_TRANSITION", `cannot ${parsedAction} a visit that is ${from}`);
  }
  if (ctx.actor.role === "client" && !CLIENT_ACTIONS.has(parsedAction)) {
    return fail(head, "NOT_ALLOWED_FOR_ACTOR", `a client cannot ${parsedAction} a visit`);
  }
  const step: Step = {
    appointment,
    ctx,
    from,
    to,
    action: parsedAction,
    nowMs: parseInstant(ctx.now) as number,
  };
  if (parsedAction === "move") return moveTo(step);
  const effects = forwardEffects(step);
  if (!Array.isArray(effects)) return effects;
  return {
    ok: true,
    appointment: { ...appointment, status: to },
    events: [audit(step), ...effects],
  };
}

function moveTo(step: Step): TransitionResult {
  // A client's late move keeps the old free-cancellation deadline on the new visit.
  let carried: string | null = null;
  if (step.ctx.actor.role === "client") {
    const verdict = evaluateReschedule({
      appointment: step.appointment,
      ...(step.ctx.service.cancellationPolicy
        ? { policy: step.ctx.service.cancellationPolicy }
        : {}),
      now: step.ctx.now,
      channel: "online",
    });
    if (!verdict.allowed) {
      return fail(step, "POLICY_REFUSED", `the policy refuses an online move: ${verdict.reason}`, {
        policyReason: verdict.reason,
      });
    }
    carried = verdict.carryFreeCancellationUntil;
  }
  const moved = moveEvents(step, carried);
  return {
    ok: true,
    appointment: moved.old,
    created: moved.created,
    events: [audit(step), ...moved.events, ...notify(step, "rescheduled", moved.created.id)],
  };
}
