// Commands over notifications: queueing a dead message again, a booking's own message choices
// (reminders planned again at once), and the clinic's message settings. Each is audited.

import { type BookingPreferencesInput, clockFor } from "@bookwell/engine";
import type { z } from "zod";
import { BookwellError } from "../errors.js";
import type { NotificationKind } from "../notify/contract.js";
import { retryDeadLetter } from "../notify/dead-letters.js";
import { setBookingPreferences } from "../notify/preferences.js";
import {
  type messageSettingsSchema,
  saveMessageSettings,
  storedMessageSettings,
} from "../notify/stored-settings.js";
import {
  clinicView,
  type RenderedMessage,
  renderMessage,
  type TemplateLanguage,
  type TemplateOverrides,
} from "../notify/templates.js";
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

/** What {@link previewMessage} renders: one kind of message in one language. */
export interface MessagePreviewRequest {
  kind: NotificationKind;
  language: TemplateLanguage;
  /** Texts not saved yet, laid over the clinic's stored ones (e.g. while a manager types). */
  templates?: TemplateOverrides | undefined;
}

const SAMPLE_CLIENT: Record<TemplateLanguage, string> = {
  en: "Maria Santos",
  pt: "Maria Santos",
  es: "María Santos",
};
const SAMPLE_SERVICE: Record<TemplateLanguage, string> = {
  en: "Physiotherapy",
  pt: "Fisioterapia",
  es: "Fisioterapia",
};
const LANGUAGE_TAGS: Record<TemplateLanguage, string> = { en: "en-GB", pt: "pt-PT", es: "es-ES" };

/**
 * The real message (subject, text, HTML, SMS text) a patient would get, rendered by the same
 * templates the outbox worker sends with, for a sample visit tomorrow at 10:00: the clinic's
 * name and contacts, its first service and therapist (samples while it has none), the clinic's
 * stored texts with `templates` laid over them. Nothing is stored or sent.
 *
 * @example
 * const { subject, text } = await previewMessage(work, { kind: "new", language: "pt" });
 */
export async function previewMessage(
  work: UnitOfWork,
  request: MessagePreviewRequest,
): Promise<RenderedMessage> {
  const clinic = work.clinic;
  const stored = storedMessageSettings(await work.tx.getMessageSettings(clinic.id))?.templates;
  const services = await work.tx.listServices(clinic.id);
  const calendars = await work.tx.listCalendars(clinic.id, {});
  const provider = calendars.find((c) => c.kind === "provider" && c.active);
  const { language } = request;
  // Tomorrow at 10:00 in the clinic's zone (moved from today at 10:00, for `rescheduled`).
  const clock = clockFor(clinic.timeZone);
  const today = clock.dayOf(work.now.getTime());
  type Day = Parameters<typeof clock.toInstant>[0];
  const at = new Date(clock.toInstant((today + 1) as Day, 10 * 60));
  const before = new Date(clock.toInstant(today, 10 * 60));
  const format = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(LANGUAGE_TAGS[language], { ...options, timeZone: clinic.timeZone });
  const overrides: TemplateOverrides = { ...stored };
  for (const [lang, kinds] of Object.entries(request.templates ?? {}) as Array<
    [TemplateLanguage, NonNullable<TemplateOverrides[TemplateLanguage]>]
  >) {
    const merged = { ...overrides[lang] };
    for (const [kind, texts] of Object.entries(kinds) as Array<[NotificationKind, object]>) {
      merged[kind] = { ...merged[kind], ...texts };
    }
    overrides[lang] = merged;
  }
  return renderMessage(
    {
      kind: request.kind,
      language,
      ...clinicView(clinic),
      clientName: SAMPLE_CLIENT[language],
      serviceName: services[0]?.name ?? SAMPLE_SERVICE[language],
      providerName: provider?.name || "Ana Silva",
      date: format({ dateStyle: "full" }).format(at),
      time: format({ timeStyle: "short" }).format(at),
      shortDate: format({ weekday: "short", day: "numeric", month: "short" }).format(at),
      previousDate: format({ dateStyle: "full" }).format(before),
      previousTime: format({ timeStyle: "short" }).format(before),
      timeZone: clinic.timeZone,
    },
    overrides,
  );
}
