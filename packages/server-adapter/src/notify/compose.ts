// Composing: a planned `notify.message` row becomes an OutgoingMessage, from fresh storage data and
// a whitelist of fields (so notes, cases and invoice lines never reach a message).

import { createHash } from "node:crypto";
import { refundedOnline } from "../services/online-payment-rule.js";
import { termsOf } from "../services/policy.js";
import { priceOf } from "../services/present.js";
import type { AppointmentRecord, ServiceRecord, StorageOperations } from "../storage/storage.js";
import type { OutgoingMessage } from "./channel.js";
import type { ChannelName, MessagePayload } from "./contract.js";
import { buildInvite } from "./invite.js";
import { calendarUid } from "./lineage.js";
import { type VisitPlace, visitPlace } from "./place.js";
import { bookingPreferences, bookingState, contactFor, REMINDABLE } from "./planner.js";
import { type ClinicNotifyProfile, manageLink, type NotifyClinic } from "./profile.js";
import { noticeTarget, providerView } from "./provider-notices.js";
import { gsmText } from "./sms-text.js";
import { clinicView, type MessageView, renderMessage, templateLanguage } from "./templates.js";

const FORMAT_LOCALE = { en: "en-GB", pt: "pt-PT", es: "es-ES" } as const;

/** Why a planned message is not sent after all (it would be wrong or unwanted now). */
export type DropReason =
  | "appointment-gone"
  | "superseded"
  | "send-off"
  | "type-disabled"
  | "no-recipient"
  | "too-late";

/** The outcome of composing: a message to send, or why none. */
export type Composition =
  | { message: OutgoingMessage; drop?: undefined }
  | { message?: undefined; drop: DropReason };

/** Options that are the same for every message of a worker. */
export interface ComposeOptions {
  /** Domain of Message-IDs and calendar UIDs (default `bookwell`). */
  domain: string;
  now: Date;
  /** The channels the worker has (the engine's coalescing is re-run with them). */
  channels: ReadonlySet<ChannelName>;
}

function formatter(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions) {
  return new Intl.DateTimeFormat(locale, { ...options, timeZone });
}

/**
 * An instant as a message states it in `timeZone`: the full date, the time, and a short date for
 * SMS.
 *
 * @example
 * localParts("2026-03-10T16:00:00Z", "en-GB", "Europe/Lisbon"); // { date: "Tuesday 10 March 2026", time: "16:00", shortDate: "Tue 10 Mar" }
 */
export function localParts(iso: string, locale: string, timeZone: string) {
  const at = new Date(iso);
  return {
    date: formatter(locale, timeZone, { dateStyle: "full" }).format(at),
    time: formatter(locale, timeZone, { hour: "2-digit", minute: "2-digit" }).format(at),
    // SMS pays per segment: no year, short weekday and month ("Mon 9 Mar", "lun, 9 mar").
    shortDate: formatter(locale, timeZone, {
      weekday: "short",
      day: "numeric",
      month: "short",
    }).format(at),
  };
}

function money(amount: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}

/**
 * The locale for dates and money: the chosen one when its language has texts, else a default.
 *
 * @example
 * formatLocale("de-DE"); // "en-GB" (no German texts: English dates)
 */
export function formatLocale(locale: string): string {
  const language = templateLanguage(locale);
  return locale.toLowerCase().startsWith(language) ? locale : FORMAT_LOCALE[language];
}

/**
 * The e-mail Message-ID of a delivery: readable, valid RFC 5322 (`dot-atom` characters only) and
 * the same on every retry; a short hash keeps ids that differ only in punctuation apart.
 *
 * @example
 * messageIdFor("msg:apt_1:new:2026-03-02T08:00:00.000Z:0:email", "clinic.example");
 * // "<bw-msg-apt_1-new-2026-03-02T08-00-00-000Z-0-email-1a2b3c4d@clinic.example>"
 */
export function messageIdFor(deliveryId: string, domain: string): string {
  const readable = deliveryId.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 80);
  const hash = createHash("sha256").update(deliveryId).digest("hex").slice(0, 8);
  return `<bw-${readable}-${hash}@${domain}>`;
}

/** What a message says and to whom, besides the parts {@link clinicMessage} fills in. */
export type MessageParts = Omit<OutgoingMessage, "deliveryId" | "messageId" | "clinicId" | "from">;

/**
 * A message the clinic sends: its delivery id and Message-ID, the clinic, and the clinic as the
 * sender (with its e-mail address when it has one) between the recipient and the content.
 *
 * @example
 * clinicMessage(row.id, domain, clinic, { appointmentId: "", kind: "new", channel: "email", locale, to, subject, text, html, short });
 */
export function clinicMessage(
  deliveryId: string,
  domain: string,
  clinic: NotifyClinic,
  parts: MessageParts,
): OutgoingMessage {
  const { appointmentId, kind, channel, locale, to, ...content } = parts;
  return {
    deliveryId,
    messageId: messageIdFor(deliveryId, domain),
    clinicId: clinic.id,
    appointmentId,
    kind,
    channel,
    locale,
    to,
    from: { name: clinic.name, ...(clinic.email ? { email: clinic.email } : {}) },
    ...content,
  };
}

/** The messages that state the cancellation terms the visit was booked under. */
const TERMS_KINDS: ReadonlySet<string> = new Set(["new", "rescheduled", "reminder"]);

/**
 * The cancellation terms of a visit at `now` (the engine's, with any deadline a late move
 * carried), for the message about `start`: written right after booking, they are the terms the
 * patient booked under.
 */
function bookedTerms(
  appointment: AppointmentRecord,
  service: ServiceRecord,
  start: string,
  now: Date,
) {
  return termsOf(
    service,
    start,
    priceOf(appointment, service),
    now,
    undefined,
    appointment.freeCancellationUntil,
  );
}

/**
 * The whitelisted view of a message: clinic and place, who and what, and when in the visit's
 * zone (the start the payload states, and the one before it for a reschedule).
 */
function baseView(
  payload: MessagePayload,
  start: string,
  language: MessageView["language"],
  fmt: string,
  clinic: ClinicNotifyProfile["clinic"],
  place: VisitPlace,
  names: { client: string; service: string; provider: string },
): MessageView {
  const when = localParts(start, fmt, place.timeZone);
  const view: MessageView = {
    kind: payload.kind,
    language,
    ...clinicView(clinic),
    ...(place.locationName ? { locationName: place.locationName } : {}),
    ...(place.address ? { locationAddress: place.address } : {}),
    ...(place.phone ? { locationPhone: place.phone } : {}),
    clientName: names.client,
    serviceName: names.service,
    providerName: names.provider,
    date: when.date,
    time: when.time,
    shortDate: when.shortDate,
    timeZone: place.timeZone,
  };
  if (payload.previousStart) {
    const before = localParts(payload.previousStart, fmt, place.timeZone);
    view.previousDate = before.date;
    view.previousTime = before.time;
  }
  return view;
}

function localeOf(record: { locale?: string }): string | undefined {
  const value = record.locale;
  return value && value.trim().length >= 2 ? value.trim() : undefined;
}

/**
 * The language to write to a client in: their own (the client record's `locale`), else the
 * one they chose on their latest booking (other than `exceptAppointmentId`), else `fallback`.
 *
 * @example
 * await clientLocale(storage, "clinic-a", "cli_1", "pt-PT"); // "es-ES" after a booking in Spanish
 */
export async function clientLocale(
  ops: StorageOperations,
  clinicId: string,
  clientId: string,
  fallback: string,
  exceptAppointmentId?: string,
): Promise<string> {
  const client = await ops.getClient(clinicId, clientId);
  const chosen = client && localeOf(client);
  if (chosen) return chosen;
  const visits = await ops.listAppointments(clinicId, { clientId });
  const latest = visits
    .filter((a) => a.id !== exceptAppointmentId && localeOf(a))
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : -1))[0];
  return (latest && localeOf(latest)) ?? fallback;
}

/**
 * The language to write to a patient in: the one chosen for this booking (its `locale`), else
 * the client's ({@link clientLocale}: their own, else the one chosen on their latest booking of
 * another visit — a follow-up the desk booked for a patient who booked online in Spanish is in
 * Spanish too), else the clinic's.
 *
 * @example
 * await patientLocale(storage, clinic, appointment); // "es-ES"
 */
export async function patientLocale(
  ops: StorageOperations,
  clinic: ClinicNotifyProfile["clinic"],
  appointment: AppointmentRecord,
): Promise<string> {
  const own = localeOf(appointment);
  if (own) return own;
  if (!appointment.clientId) return clinic.locale;
  return clientLocale(ops, clinic.id, appointment.clientId, clinic.locale, appointment.id);
}

function isSuperseded(payload: MessagePayload, appointment: AppointmentRecord): boolean {
  const own = bookingPreferences(appointment);
  // The booking's own channels, changed since planning, apply to every kind of message.
  if (own.channels && !own.channels.includes(payload.channel)) return true;
  if (payload.kind !== "reminder") return false;
  if (!REMINDABLE.has(appointment.status)) return true;
  // A reminder at an offset the booking no longer asks for (its own offsets were changed).
  const offsets = own.reminderOffsetsMinutes;
  if (offsets && payload.offsetMinutes !== undefined && !offsets.includes(payload.offsetMinutes)) {
    return true;
  }
  return payload.start === undefined || Date.parse(payload.start) !== Date.parse(appointment.start);
}

/**
 * Builds the message a planned row stands for, or says why it must not go out now: the
 * appointment is gone, a reminder is stale (the visit was moved, canceled or rebooked since it was
 * planned), the visit has already started (a confirmation or reminder held up by retries), the
 * booking's send flag or the clinic's switch for the type is now off, or there is no address for
 * the channel.
 *
 * @example
 * const result = await composeMessage(storage, profile, row.clinicId, row.id, payload, { domain: "clinic.example", now });
 */
export async function composeMessage(
  ops: StorageOperations,
  profile: ClinicNotifyProfile,
  rowId: string,
  payload: MessagePayload,
  options: ComposeOptions,
): Promise<Composition> {
  const clinic = profile.clinic;
  const appointment = await ops.getAppointment(clinic.id, payload.appointmentId);
  if (!appointment) return { drop: "appointment-gone" };
  if (payload.audience === "provider") {
    return composeNotice(ops, profile, rowId, payload, appointment, options);
  }
  if (isSuperseded(payload, appointment)) return { drop: "superseded" };
  const stated = Date.parse(payload.start ?? appointment.start);
  if (
    payload.kind !== "canceled" &&
    payload.kind !== "no_show" &&
    options.now.getTime() >= stated
  ) {
    return { drop: "too-late" };
  }
  const prefs = bookingPreferences(appointment);
  const engineKind = payload.kind;
  if (
    prefs.send === false ||
    (prefs.send === undefined && profile.settings?.defaultSend === false)
  ) {
    return { drop: "send-off" };
  }
  if (profile.settings?.types?.[engineKind]?.enabled === false) return { drop: "type-disabled" };
  if (payload.kind !== "reminder" && payload.changes !== undefined) {
    // A change that committed late (its request began before this message was planned) can
    // still join the burst: the message stands only if the engine still makes it.
    const state = await bookingState(ops, profile, appointment.id, options.channels, options.now);
    const current = state?.coalesced.messages.find((m) => m.key === payload.key);
    if (
      !current ||
      current.changes !== payload.changes ||
      !current.channels.includes(payload.channel)
    ) {
      return { drop: "superseded" };
    }
  }

  const contact = await contactFor(ops, appointment);
  const address = payload.channel === "email" ? contact.email : contact.phone;
  if (!address) return { drop: "no-recipient" };

  const [service, provider, place] = await Promise.all([
    ops.getService(clinic.id, appointment.serviceId),
    ops.getCalendar(clinic.id, appointment.calendarIds[0] ?? ""),
    visitPlace(ops, clinic, appointment),
  ]);
  const locale = payload.locale ?? (await patientLocale(ops, clinic, appointment));
  const language = templateLanguage(locale);
  const fmt = formatLocale(locale);
  const start = payload.start ?? appointment.start;
  const durationMs = Date.parse(appointment.end) - Date.parse(appointment.start);
  const end = new Date(Date.parse(start) + durationMs).toISOString();
  const manageUrl =
    payload.manageToken && profile.manageUrl && payload.kind !== "canceled"
      ? manageLink(profile.manageUrl, payload.manageToken)
      : undefined;

  const view = baseView(payload, start, language, fmt, clinic, place, {
    client: contact.name,
    service: service?.name ?? "",
    provider: provider?.name ?? "",
  });
  if (manageUrl) view.manageUrl = manageUrl;
  if (payload.fee) view.fee = money(payload.fee.amount, payload.fee.currency, fmt);
  if (payload.kind === "canceled") {
    // Read fresh, as the rest of the message: what the cancel refunded of the online payment.
    const refund = await refundedOnline(ops, appointment);
    if (refund) view.refund = money(refund.amount, refund.currency, fmt);
  }
  if (service && TERMS_KINDS.has(payload.kind)) {
    const terms = bookedTerms(appointment, service, start, options.now);
    if (terms.lateFee && terms.freeUntil) {
      const deadline = localParts(terms.freeUntil, fmt, place.timeZone);
      view.cancellationTerms = {
        fee: money(terms.lateFee.amount, terms.lateFee.currency, fmt),
        fromBooking: terms.feeFromBooking,
        date: deadline.date,
        time: deadline.time,
      };
    }
  }
  const rendered = renderMessage(view, profile.templates);
  // One accent (Clínica, marcação) makes a whole SMS UCS-2: 70 characters a segment, not 160.
  if (payload.channel === "sms") rendered.short = gsmText(rendered.short);

  const deliveryId = payload.deliveryId ?? rowId;
  const message = clinicMessage(deliveryId, options.domain, clinic, {
    appointmentId: appointment.id,
    kind: payload.kind,
    channel: payload.channel,
    locale,
    to: contact,
    ...rendered,
  });
  const method =
    payload.kind === "canceled"
      ? "CANCEL"
      : payload.kind === "new" || payload.kind === "rescheduled"
        ? "REQUEST"
        : undefined;
  if (payload.channel === "email" && method) {
    message.invite = buildInvite({
      uid: calendarUid(payload.rootId, options.domain),
      sequence: payload.sequence,
      method,
      start,
      end,
      stamp: options.now.toISOString(),
      title: [view.serviceName, clinic.name].filter(Boolean).join(" · "),
      description: rendered.text,
      location: [clinic.name, place.locationName, place.address].filter(Boolean).join(", "),
      ...(manageUrl ? { url: manageUrl } : {}),
      organizer: { name: clinic.name, ...(clinic.email ? { email: clinic.email } : {}) },
      attendee: { name: contact.name, ...(contact.email ? { email: contact.email } : {}) },
    });
  }
  return { message };
}

/**
 * A notice to the visit's provider: dropped when the provider no longer asks for this kind, or
 * when the burst it stood for changed (as for the patient's messages); written in the clinic's
 * language with the staff texts; no manage link, no calendar invite, no fee.
 */
async function composeNotice(
  ops: StorageOperations,
  profile: ClinicNotifyProfile,
  rowId: string,
  payload: MessagePayload,
  appointment: AppointmentRecord,
  options: ComposeOptions,
): Promise<Composition> {
  const clinic = profile.clinic;
  const start = payload.start ?? appointment.start;
  // "Booked for 10:00" after 10:00 tells the provider nothing; a cancel or no-show still does.
  const ending = payload.kind === "canceled" || payload.kind === "no_show";
  if (!ending && options.now.getTime() >= Date.parse(start)) return { drop: "too-late" };
  const target = noticeTarget(profile, appointment);
  if (!target || payload.kind === "reminder" || !target.kinds.has(payload.kind)) {
    return { drop: "send-off" };
  }
  const state = await bookingState(ops, profile, appointment.id, options.channels, options.now);
  const current =
    state && providerView(state, options.now).messages.find((m) => m.key === payload.key);
  if (!current || current.changes !== payload.changes) return { drop: "superseded" };
  const [service, provider, place, contact] = await Promise.all([
    ops.getService(clinic.id, appointment.serviceId),
    ops.getCalendar(clinic.id, target.providerId),
    visitPlace(ops, clinic, appointment),
    contactFor(ops, appointment),
  ]);
  const view = baseView(
    payload,
    start,
    templateLanguage(clinic.locale),
    formatLocale(clinic.locale),
    clinic,
    place,
    { client: contact.name, service: service?.name ?? "", provider: provider?.name ?? "" },
  );
  view.audience = "provider";
  const deliveryId = payload.deliveryId ?? rowId;
  return {
    message: clinicMessage(deliveryId, options.domain, clinic, {
      appointmentId: appointment.id,
      kind: payload.kind,
      channel: "email",
      locale: clinic.locale,
      to: { name: view.providerName, email: target.email },
      ...renderMessage(view),
    }),
  };
}
