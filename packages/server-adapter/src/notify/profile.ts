// What the worker needs to know about a clinic to write to its patients: name and address, zone
// and locale, message settings (the engine's), provider preferences, template overrides and the
// manage link.

import type { NotificationSettingsInput, ProviderPreferencesInput } from "@bookwell/engine";
import { setFields } from "../services/fields.js";
import type { ClinicRecord, StorageOperations } from "../storage/storage.js";
import { mergeMessageSettings, storedMessageSettings } from "./stored-settings.js";
import type { ProviderNoticeKind, TemplateOverrides } from "./templates.js";

/** The clinic as messages show it. */
export interface NotifyClinic {
  id: string;
  name: string;
  timeZone: string;
  /** BCP 47, e.g. `pt-PT`: the language of messages unless the booking chose another. */
  locale: string;
  address?: string;
  phone?: string;
  /** Replies go here. */
  email?: string;
}

/** A clinic's message settings; `timeZone` defaults to the clinic's. */
export type NotifySettings = Omit<NotificationSettingsInput, "timeZone"> & { timeZone?: string };

/**
 * A provider's preferences: the engine's (what the provider's patients get), plus whether and
 * where the provider hears about changes to their own visits.
 */
export type ProviderNotifyPreferences = ProviderPreferencesInput & {
  /** The address the provider gets a notice at when one of their visits is booked, moved, … */
  noticeEmail?: string;
  /** Which changes they hear about (default `new`, `rescheduled`, `canceled`). */
  noticeKinds?: ProviderNoticeKind[];
};

/** Everything about one clinic that shapes its messages. */
export interface ClinicNotifyProfile {
  clinic: NotifyClinic;
  /** Types on/off and channels, default send flag, reminder offsets, quiet hours, coalescing. */
  settings?: NotifySettings;
  /** Per-provider preferences (channels off, own offsets, types off, notices to the provider). */
  providers?: ProviderNotifyPreferences[];
  /** The clinic's own texts over the built-in ones. */
  templates?: TemplateOverrides;
  /**
   * The manage page: `{token}` is replaced by the patient's manage token, e.g.
   * `https://clinic.example/booking#manage={token}`; without `{token}`, `?token=` is added.
   */
  manageUrl?: string;
  /**
   * The page a waitlist offer opens: `{token}` is replaced by the offer token, e.g.
   * `https://clinic.example/booking#offer={token}`. Default: the manage page with `?offer=`.
   */
  offerUrl?: string;
  /**
   * The patient page a sign-in e-mail opens: `{token}` is replaced by the sign-in token, e.g.
   * `https://clinic.example/visits#signin={token}`. Default: the manage page with `?signin=`.
   */
  patientUrl?: string;
}

/** Finds a clinic's profile; `undefined` for an unknown clinic (its rows are dropped). */
export type ClinicResolver = (clinicId: string) => Promise<ClinicNotifyProfile | undefined>;

/** Defaults that apply to every clinic the resolver does not say otherwise about. */
export interface NotifyDefaults {
  settings?: NotifySettings;
  providers?: ProviderNotifyPreferences[];
  templates?: TemplateOverrides;
  manageUrl?: string;
  /** See {@link ClinicNotifyProfile.offerUrl}. */
  offerUrl?: string;
  /** See {@link ClinicNotifyProfile.patientUrl}. */
  patientUrl?: string;
}

/**
 * The clinic fields messages show, from a stored clinic.
 *
 * @example
 * const clinic = notifyClinic(await storage.getClinic("clinic-a"));
 */
export function notifyClinic(record: ClinicRecord): NotifyClinic {
  return {
    id: record.id,
    name: record.name,
    timeZone: record.timeZone,
    locale: record.locale,
    ...setFields(record, ["address", "phone", "email"]),
  };
}

/**
 * The default resolver: the stored clinic, with the message settings, provider preferences and
 * texts the clinic stored (`PUT /v1/staff/notifications/settings`) laid over `defaults`, and the
 * manage link from `defaults`.
 *
 * @example
 * const resolve = storageClinicResolver(storage, { manageUrl: "https://clinic.example/manage/{token}" });
 */
export function storageClinicResolver(
  storage: StorageOperations,
  defaults: NotifyDefaults = {},
): ClinicResolver {
  return async (clinicId) => {
    const [record, stored] = await Promise.all([
      storage.getClinic(clinicId),
      storage.getMessageSettings(clinicId),
    ]);
    if (!record) return undefined;
    return {
      ...(defaults.manageUrl ? { manageUrl: defaults.manageUrl } : {}),
      ...(defaults.offerUrl ? { offerUrl: defaults.offerUrl } : {}),
      ...(defaults.patientUrl ? { patientUrl: defaults.patientUrl } : {}),
      ...mergeMessageSettings(defaults, storedMessageSettings(stored)),
      clinic: notifyClinic(record),
    };
  };
}

/**
 * The manage link for a token, from a `{token}` template or a base URL.
 *
 * @example
 * manageLink("https://clinic.example/manage/{token}", "abc"); // "https://clinic.example/manage/abc"
 * manageLink("https://clinic.example/booking", "abc"); // "https://clinic.example/booking?token=abc"
 */
export function manageLink(template: string, token: string): string {
  if (template.includes("{token}")) {
    return template.replaceAll("{token}", encodeURIComponent(token));
  }
  const url = new URL(template);
  url.searchParams.set("token", token);
  return url.toString();
}
