// Commands over notifications: queueing a dead message again, a booking's own message choices
// (reminders planned again at once), and the clinic's message settings. Each is audited.

import type { BookingPreferencesInput } from "@bookwell/engine";
import type { z } from "zod";
import { BookwellError } from "../errors.js";
import { retryDeadLetter } from "../notify/dead-letters.js";
import { setBookingPreferences } from "../notify/preferences.js";
import { type messageSettingsSchema, saveMessageSettings } from "../notify/stored-settings.js";
import { visibleAppointment } from "../services/staff-appointments.js";
import type { MessageSettingsRecord } from "../storage/back-office.js";
import type { OutboxRecord } from "../storage/storage.js";
import type { UnitOfWork } from "./unit-of-work.js";

/**
 * Queues a dead message again, with the same delivery id (404 when there is no dead message with
 * that id). While an earlier retry is queued, being sent or delivered, answers that retry and
 * queues nothing.
 *
 * @example
 * const row = await retryDeadMessage(work, "out_1");
 */
export async function retryDeadMessage(work: UnitOfWork, id: string): Promise<OutboxRecord> {
  const queued = await retryDeadLetter(work.tx, work.clinic.id, id, work.now);
  if (!queued) throw new BookwellError("NOT_FOUND", `No dead message with id ${id}`);
  if (queued.queued) {
    await work.audit({ action: "notification.retried", entityType: "outbox", entityId: id });
  }
  return queued;
}

/**
 * Replaces a booking's own message choices (`null` clears them: the provider's and clinic's
 * settings apply) on a visit the caller may see; its reminders are planned again at once.
 *
 * @example
 * const { preferences } = await setVisitNotifications(work, "apt_1", { send: false });
 */
export async function setVisitNotifications(
  work: UnitOfWork,
  appointmentId: string,
  choices: BookingPreferencesInput | null,
): Promise<{ appointmentId: string; preferences: BookingPreferencesInput }> {
  const appointment = await visibleAppointment(work.request, work.tx, appointmentId, true);
  const result = await setBookingPreferences(
    work.tx,
    work.clinic.id,
    appointment,
    choices,
    work.now,
  );
  await work.audit({
    action: "appointment.notifications_changed",
    entityType: "appointment",
    entityId: appointment.id,
    detail: { notifications: result.preferences as Record<string, never> },
  });
  return { appointmentId: appointment.id, preferences: result.preferences };
}

/**
 * Replaces the clinic's message settings, provider preferences and own texts; every provider
 * named must be a provider calendar, and `expectedVersion` (0 = nothing stored yet) makes a
 * concurrent change a 409.
 *
 * @example
 * const record = await saveNotificationSettings(work, { settings: {}, providers: [], templates: {} }, 0);
 */
export async function saveNotificationSettings(
  work: UnitOfWork,
  settings: z.output<typeof messageSettingsSchema>,
  expectedVersion: number | undefined,
): Promise<MessageSettingsRecord> {
  for (const [i, p] of settings.providers.entries()) {
    const calendar = await work.tx.getCalendar(work.clinic.id, p.providerId);
    if (calendar?.kind !== "provider") {
      throw new BookwellError("VALIDATION_FAILED", `No provider with id ${p.providerId}`, {
        errors: [{ field: `providers.${i}.providerId`, message: "is not a provider" }],
      });
    }
  }
  const record = await saveMessageSettings(
    work.tx,
    work.clinic.id,
    settings,
    expectedVersion === undefined ? {} : { expectedVersion },
  );
  return work.audited(record, {
    action: "notification.settings_changed",
    entityType: "clinic",
    entityId: work.clinic.id,
    detail: { version: record.version },
  });
}
