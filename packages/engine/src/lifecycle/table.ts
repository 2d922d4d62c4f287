import { z } from "zod";
import type { AppointmentStatus } from "../model.js";

/** Everything staff or a client can do to a visit's status. */
export const appointmentActionSchema = z.enum([
  "confirm",
  "arrive",
  "start",
  "complete",
  "no_show",
  "cancel",
  "move",
  "rollback",
]);
/** An action on a visit's status. */
export type AppointmentAction = z.infer<typeof appointmentActionSchema>;

/** Every action, in the column order of the table in `docs/status-machine.md`. */
export const APPOINTMENT_ACTIONS: readonly AppointmentAction[] = appointmentActionSchema.options;

/** Statuses nothing leaves: not even a rollback. */
export const FINAL_STATUSES: ReadonlySet<AppointmentStatus> = new Set(["canceled", "rebooked"]);

/**
 * The status machine: for each status, the status each legal action leads to. Missing pairs are
 * illegal. Forward shortcuts a front desk needs (walk-in `booked → arrived`, `start` or `complete`
 * without a check-in) pass through arrival, so its charges are never skipped.
 */
export const TRANSITIONS: Readonly<
  Record<AppointmentStatus, Readonly<Partial<Record<AppointmentAction, AppointmentStatus>>>>
> = {
  booked: {
    confirm: "confirmed",
    arrive: "arrived",
    start: "started",
    complete: "completed",
    no_show: "no_show",
    cancel: "canceled",
    move: "rebooked",
  },
  confirmed: {
    arrive: "arrived",
    start: "started",
    complete: "completed",
    no_show: "no_show",
    cancel: "canceled",
    move: "rebooked",
    rollback: "booked",
  },
  arrived: { start: "started", complete: "completed", rollback: "confirmed" },
  started: { complete: "completed", rollback: "arrived" },
  completed: { rollback: "started" },
  no_show: { rollback: "booked" },
  canceled: {},
  rebooked: {},
};

/**
 * The status an action leads to from `from`, or `null` when the pair is illegal.
 *
 * @example
 * nextStatus("booked", "arrive"); // "arrived" (walk-in without confirming)
 * nextStatus("canceled", "rollback"); // null (final)
 */
export function nextStatus(
  from: AppointmentStatus,
  action: AppointmentAction,
): AppointmentStatus | null {
  return TRANSITIONS[from][action] ?? null;
}

/**
 * Actions that are legal from a status, in table order — what a UI offers as buttons.
 *
 * @example
 * allowedActions("arrived"); // ["start", "complete", "rollback"]
 */
export function allowedActions(from: AppointmentStatus): AppointmentAction[] {
  return APPOINTMENT_ACTIONS.filter((action) => nextStatus(from, action) !== null);
}

/** Statuses whose visit has been through arrival (its arrival charges exist). */
export const ARRIVED_STATUSES: ReadonlySet<AppointmentStatus> = new Set([
  "arrived",
  "started",
  "completed",
]);
