import { EngineError } from "../errors.js";
import { type Appointment, appointmentSchema } from "../model.js";
import { formatLike, instantFormatter } from "../policies/format.js";
import { parseInstant } from "../time/zoned.js";
import { parseInput } from "../validate.js";
import type { Step } from "./effects.js";
import type { TransitionEvent } from "./events.js";

/**
 * Builds both halves of a move: the old visit marked `rebooked` (pointing at the new one) and the
 * new visit, `booked`, at the target time (default: same duration and calendars), pointing back.
 * Whether the new time is free is the caller's `checkBooking`, run before this. A
 * `freeCancellationUntil` (a late online move) is kept on the new visit.
 *
 * @example
 * const { old, created, events } = moveEvents(step); // old.status === "rebooked"
 */
export function moveEvents(
  step: Step,
  freeCancellationUntil: string | null = null,
): {
  old: Appointment;
  created: Appointment;
  events: TransitionEvent[];
} {
  const target = step.ctx.move;
  if (!target) {
    const message = "is required for the move action (the new visit's id and start)";
    throw new EngineError("INVALID_INPUT", `context.move: ${message}`, [
      { field: "context.move", message },
    ]);
  }
  const { appointment } = step;
  const duration =
    (parseInstant(appointment.end) as number) - (parseInstant(appointment.start) as number);
  const startMs = parseInstant(target.start) as number;
  const end =
    target.end ??
    (step.ctx.timeZone
      ? instantFormatter(step.ctx.timeZone)(startMs + duration)
      : formatLike(startMs + duration, target.start));
  const { rebookedToId: _previousLink, ...copy } = appointment as Appointment & {
    rebookedToId?: unknown;
  };
  const created = parseInput(
    appointmentSchema,
    {
      ...copy,
      id: target.appointmentId,
      start: target.start,
      end,
      calendarIds: target.calendarIds ?? appointment.calendarIds,
      status: "booked",
      rebookedFromId: appointment.id,
      ...(freeCancellationUntil ? { freeCancellationUntil } : {}),
    },
    "context.move",
  );
  if (created.id === appointment.id) {
    const message = "must differ from the moved visit's id";
    throw new EngineError("INVALID_INPUT", `context.move.appointmentId: ${message}`, [
      { field: "context.move.appointmentId", message },
    ]);
  }
  const old: Appointment = { ...appointment, status: "rebooked", rebookedToId: created.id };
  const events: TransitionEvent[] = [
    { type: "appointment_created", appointment: created, rebookedFromId: appointment.id },
    {
      type: "audit",
      appointmentId: created.id,
      action: "move",
      from: null,
      to: "booked",
      actor: step.ctx.actor,
      at: step.ctx.now,
      reason: step.ctx.reason ?? null,
    },
  ];
  return { old, created, events };
}
