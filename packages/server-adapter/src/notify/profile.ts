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
export type NotifyDefaults = Omit<ClinicNotifyProfile, "clinic">;

/**
 * A profile with `{clinic}` in its link templates replaced by the clinic's id, so that one
 * server's links (`bookwell serve`: `/patient/?clinic={clinic}&signin={token}`) open each
 * clinic's own page.
 *
 * @example
 * withClinicLinks("clinic-b", { patientUrl: "http://127.0.0.1:3000/patient/?clinic={clinic}&signin={token}" }).patientUrl;
 * // "http://127.0.0.1:3000/patient/?clinic=clinic-b&signin={token}"
 */
export function withClinicLinks<
  P extends { manageUrl?: string; offerUrl?: string; patientUrl?: string },
>(clinicId: string, profile: P): P {
  const id = encodeURIComponent(clinicId);
  const fill = (template: string | undefined) => template?.replaceAll("{clinic}", id);
  const links = {
    manageUrl: fill(profile.manageUrl),
    offerUrl: fill(profile.offerUrl),
    patientUrl: fill(profile.patientUrl),
  };
  return {
    ...profile,
    ...(links.manageUrl ? { manageUrl: links.manageUrl } : {}),
    ...(links.offerUrl ? { offerUrl: links.offerUrl } : {}),
    ...(links.patientUrl ? { patientUrl: links.patientUrl } : {}),
  };
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
 * texts the clinic stored (`PUT /v1/staff/notifications/settings`) laid over `defaults`, the
 * notice addresses of team members who opted in, and the manage link from `defaults`.
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
    const merged = mergeMessageSettings(defaults, storedMessageSettings(stored));
    const providers = withMemberNotices(
      merged.providers ?? [],
      await memberNoticeAddresses(storage, clinicId),
    );
    return {
      ...(defaults.manageUrl ? { manageUrl: defaults.manageUrl } : {}),
      ...(defaults.offerUrl ? { offerUrl: defaults.offerUrl } : {}),
      ...(defaults.patientUrl ? { patientUrl: defaults.patientUrl } : {}),
      ...merged,
      ...(providers.length > 0 ? { providers } : {}),
      clinic: notifyClinic(record),
    };
  };
}

/**
 * Where the notices of each provider calendar go when its team member opted in (`notices: true`,
 * active, with an e-mail address): calendar id → address. Members who never opted in are not
 * listed, so nobody is e-mailed who did not ask for it.
 *
 * @example
 * await memberNoticeAddresses(storage, "clinic-a"); // Map { "ana-lisbon" => "ana@clinic.example" }
 */
export async function memberNoticeAddresses(
  storage: StorageOperations,
  clinicId: string,
): Promise<Map<string, string>> {
  const members = (await storage.listMembers(clinicId)).filter(
    (m) => m.notices === true && m.active && m.email,
  );
  const out = new Map<string, string>();
  if (members.length === 0) return out;
  const emails = new Map(members.map((m) => [m.id, m.email as string]));
  for (const calendar of await storage.listCalendars(clinicId, { kind: "provider" })) {
    const email = calendar.memberId === undefined ? undefined : emails.get(calendar.memberId);
    if (email) out.set(calendar.id, email);
  }
  return out;
}

/**
 * Provider preferences with the member notice addresses laid in: a calendar whose preferences
 * name their own `noticeEmail` keeps it (set per calendar wins); one without gets its member's.
 *
 * @example
 * withMemberNotices([{ providerId: "ana-lisbon" }], new Map([["ana-lisbon", "ana@clinic.example"]]));
 * // [{ providerId: "ana-lisbon", noticeEmail: "ana@clinic.example" }]
 */
export function withMemberNotices(
  providers: readonly ProviderNotifyPreferences[],
  addresses: ReadonlyMap<string, string>,
): ProviderNotifyPreferences[] {
  const out = providers.map((p) => {
    const email = addresses.get(p.providerId);
    return email && !p.noticeEmail ? { ...p, noticeEmail: email } : p;
  });
  const listed = new Set(providers.map((p) => p.providerId));
  for (const [providerId, noticeEmail] of addresses) {
    if (!listed.has(providerId)) out.push({ providerId, noticeEmail });
  }
  return out;
}

/**
 * The link of a page of the widget other than the manage page (an offer, the patient sign-in):
 * the page's own address template when the profile has one (see {@link manageLink}), else the
 * manage page's address with `?<param>=<token>`; `undefined` when the profile has neither.
 *
 * @example
 * pageLink(undefined, "https://clinic.example/manage/{token}", "offer", "abc"); // "https://clinic.example/manage/?offer=abc"
 */
export function pageLink(
  pageUrl: string | undefined,
  manageUrl: string | undefined,
  param: string,
  token: string,
): string | undefined {
  if (pageUrl) return manageLink(pageUrl, token);
  if (!manageUrl) return undefined;
  const url = new URL(manageUrl.replaceAll("{token}", ""));
  url.hash = "";
  url.searchParams.set(param, token);
  return url.toString();
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
