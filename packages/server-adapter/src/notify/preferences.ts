// A booking's own message choices (the per-booking override of the clinic's default send flag,
// its own reminder offsets and channels), changed after the booking: stored on the appointment and
// re-planned by the worker at once, so reminders follow the new choices.

import type { BookingPreferencesInput } from "@bookwell/engine";
import type {
  AppointmentRecord,
  JsonObject,
  StorageTransaction,
  VisitMessagePrefs,
} from "../storage/storage.js";
import { WAKE_ROW_TYPE, type WakePayload } from "./contract.js";
import { bookingPreferences } from "./planner.js";

/**
 * Stores a booking's message choices (`null` clears them: the clinic's and provider's settings
 * apply) and queues a `notify.wake` row due now, in the caller's transaction. The worker then
 * plans the reminders the new choices ask for; reminders planned before that the booking no
 * longer wants (another offset or channel, or `send: false`) are dropped when they come due, and a
 * confirmation still inside its coalescing delay follows the new send flag.
 *
 * @example
 * await setBookingPreferences(tx, "clinic-a", appointment, { send: true, reminderOffsetsMinutes: [2880] }, new Date());
 */
export async function setBookingPreferences(
  tx: StorageTransaction,
  clinicId: string,
  appointment: AppointmentRecord,
  preferences: BookingPreferencesInput | null,
  at: Date,
): Promise<{ appointment: AppointmentRecord; preferences: BookingPreferencesInput }> {
  const messagePrefs = preferences ? (preferences as VisitMessagePrefs) : null;
  const updated = await tx.updateAppointment(clinicId, appointment.id, { messagePrefs });
  const wake: WakePayload = { v: 1, appointmentId: updated.id, since: at.toISOString() };
  await tx.enqueueOutbox(clinicId, {
    id: `wake:preferences:${updated.id}:${at.getTime()}:${updated.version}`,
    type: WAKE_ROW_TYPE,
    dueAt: at,
    payload: wake as unknown as JsonObject,
  });
  return { appointment: updated, preferences: bookingPreferences(updated) };
}
