// How a visit comes into being and how it moves, written once for every path: an online booking,
// a desk booking, a copy or repeat of a series, a patient's reschedule and a staff move all create
// their visits here, so each one gets the same manage link, audit entry and messages.

import type { Channel } from "@bookwell/engine";
import { generateManageToken, hashSecret, randomId } from "../auth/api-keys.js";
import { SERIES_MAIL_ROW_TYPE } from "../notify/series-mail.js";
import { setFields } from "../services/fields.js";
import type {
  AppointmentInput,
  AppointmentRecord,
  JsonObject,
  ServiceRecord,
  VisitContact,
  VisitDetails,
} from "../storage/storage.js";
import type { UnitOfWork } from "./unit-of-work.js";
import { offerReleasedTime } from "./waitlist.js";

const DAY_MS = 86_400_000;

/** A visit about to be created. */
export interface VisitDraft extends VisitPlace {
  channel: Channel;
  clientId?: string | undefined;
  caseId?: string | undefined;
  seriesId?: string | undefined;
  /** What the server keeps about the visit: contact, price, locale, origin (typed columns). */
  details: VisitDetails;
  /** More detail for the `appointment.created` audit entry. */
  auditDetail?: JsonObject | undefined;
  /** The actor of the audit entry, when not the request's. */
  actor?: string | undefined;
  /** Whether the patient is told (a confirmation with the manage link). Default: when there is someone to tell. */
  tell?: boolean | undefined;
  /**
   * Booked with other visits of a series confirmed in one e-mail: the visit is collected here and
   * its own change row leaves out the e-mail confirmation (see {@link confirmSeries}).
   */
  series?: SeriesConfirmation | undefined;
}

/** A created visit and the manage token of its link (shown once; only its hash is stored). */
export interface CreatedVisit {
  appointment: AppointmentRecord;
  /** Present when the visit has a patient to manage it. */
  manageToken?: string;
}

/**
 * Whether a visit has a patient who can be told about it and manage it (a client or the contact
 * typed on the booking form).
 *
 * @example
 * hasPatient({ clientId: "cli_1" }); // true
 */
export function hasPatient(visit: {
  clientId?: string | undefined;
  contact?: VisitDetails["contact"] | undefined;
}): boolean {
  return Boolean(visit.clientId || visit.contact);
}
/**
 * The change-row payload for the notification worker: the appointment id and what a message
 * cannot read from storage. No contact data or notes sit in the outbox.
 *
 * @example
 * changePayload(appointment, { manageToken }); // { appointmentId, manageToken, locale? }
 */
export function changePayload(appointment: AppointmentRecord, more: JsonObject = {}): JsonObject {
  const payload: JsonObject = { appointmentId: appointment.id, ...more };
  if (appointment.locale) payload.locale = appointment.locale;
  return payload;
}

/**
 * When a manage link stops working: the app's `manageTokenDays` after the visit ends.
 *
 * @example
 * manageExpiry(work, endMs);
 */
export function manageExpiry(work: UnitOfWork, endMs: number): Date {
  return new Date(endMs + work.app.manageTokenDays * DAY_MS);
}

/**
 * Creates a visit in the unit of work: the appointment (with a manage link when it has a patient),
 * its `appointment.created` audit entry, the patient's confirmation (which carries the link and
 * starts its reminders) and the `appointment.created` event. Every path that books calls this.
 *
 * @example
 * const { appointment, manageToken } = await createVisit(work, { service, calendarIds: ["ana"], startMs, endMs, channel: "staff", clientId, details: {} });
 */
export async function createVisit(work: UnitOfWork, draft: VisitDraft): Promise<CreatedVisit> {
  const { service } = draft;
  // A visit booked for a client record keeps the contact it was booked with, as a typed form does.
  const contact = draft.details.contact ?? (await clientContact(work, draft.clientId));
  const token = hasPatient({ clientId: draft.clientId, contact })
    ? generateManageToken()
    : undefined;
  const appointment = await work.tx.insertAppointment(work.clinic.id, {
    ...newVisit(work, randomId("apt"), draft, draft, token),
    ...draft.details,
    ...(contact ? { contact } : {}),
  });
  await work.audit({
    action: "appointment.created",
    entityId: appointment.id,
    ...(draft.actor ? { actor: draft.actor } : {}),
    detail: {
      channel: draft.channel,
      serviceId: service.id,
      calendarIds: appointment.calendarIds,
      start: appointment.start,
      ...(draft.seriesId ? { seriesId: draft.seriesId } : {}),
      ...draft.auditDetail,
    },
  });
  if (token && draft.tell !== false) {
    await work.message(
      "email.booking_confirmed",
      changePayload(appointment, {
        manageToken: token,
        ...(draft.series ? { inSeries: true } : {}),
      }),
    );
    draft.series?.visits.push({ appointmentId: appointment.id, manageToken: token });
  }
  work.emit("appointment.created", appointment.id);
  return { appointment, ...(token ? { manageToken: token } : {}) };
}

/** Where and when a new visit takes place: its service, calendars and times. */
export interface VisitPlace {
  service: ServiceRecord;
  /** Provider first, then rooms / equipment (the engine's assignment). */
  calendarIds: readonly string[];
  startMs: number;
  endMs: number;
  /** A staff override: the visit may share time with others (left out of the constraint). */
  allowOverlap?: boolean | undefined;
}

/**
 * Where the engine placed a visit it accepted: the calendars it assigned and the times it checked,
 * as a move's {@link RebookTarget} takes them.
 *
 * @example
 * await rebookVisit(work, current, { service, ...placedBy(verdict.assignment, verdict) }, by);
 */
export function placedBy(
  assignment: { calendarIds: readonly string[] },
  { startMs, endMs }: { startMs: number; endMs: number },
): Pick<VisitPlace, "calendarIds" | "startMs" | "endMs"> {
  return { calendarIds: assignment.calendarIds, startMs, endMs };
}

/**
 * The row of a new `booked` visit, the same for a booking and a move: its place, the patient,
 * case and series it belongs to, the service's buffers and capacity, and the hash of its link.
 */
function newVisit(
  work: UnitOfWork,
  id: string,
  place: VisitPlace,
  owner: Pick<VisitDraft, "channel" | "clientId" | "caseId" | "seriesId">,
  token: string | undefined,
): AppointmentInput {
  const { service } = place;
  return {
    id,
    serviceId: service.id,
    calendarIds: [...place.calendarIds],
    start: new Date(place.startMs),
    end: new Date(place.endMs),
    status: "booked",
    channel: owner.channel,
    ...setFields(owner, ["clientId", "caseId", "seriesId"]),
    bufferBeforeMinutes: service.bufferBeforeMinutes,
    bufferAfterMinutes: service.bufferAfterMinutes,
    capacity: service.capacity,
    ...(place.allowOverlap ? { allowOverlap: true } : {}),
    ...(token
      ? {
          manageTokenHash: hashSecret(token),
          manageTokenExpiresAt: manageExpiry(work, place.endMs),
        }
      : {}),
  };
}

/**
 * Visits of a series booked together, collected by {@link createVisit} to be confirmed in one
 * e-mail by {@link confirmSeries}.
 */
export interface SeriesConfirmation {
  visits: { appointmentId: string; manageToken: string }[];
}

/**
 * Queues the one e-mail confirming the visits of a series booked together (each with its manage
 * link; their own change rows still start their reminders), which also lists the series' visits
 * booked before. Nothing when no visit has a patient to tell.
 *
 * @example
 * const series: SeriesConfirmation = { visits: [] };
 * for (const d of drafts) await createVisit(work, { ...d, series });
 * await confirmSeries(work, series, { seriesId, locale: source.locale });
 */
export async function confirmSeries(
  work: UnitOfWork,
  series: SeriesConfirmation,
  options: { seriesId?: string | undefined; locale?: string | undefined } = {},
): Promise<void> {
  if (series.visits.length === 0) return;
  await work.message(SERIES_MAIL_ROW_TYPE, {
    v: 1,
    visits: series.visits,
    ...setFields(options, ["seriesId", "locale"]),
  });
}

/** The contact of a client record, as a visit keeps it; `undefined` without a client. */
async function clientContact(
  work: UnitOfWork,
  clientId: string | undefined,
): Promise<VisitContact | undefined> {
  const client = clientId ? await work.tx.getClient(work.clinic.id, clientId) : undefined;
  if (!client) return undefined;
  return {
    name: client.name,
    ...setFields(client, ["email", "phone"]),
  };
}

/** Where and how a visit moves. */
export interface RebookTarget extends VisitPlace {
  /** Details the new visit gets besides the old one's (e.g. a carried deadline, the hold). */
  details?: VisitDetails | undefined;
  /** More detail for the new visit's `appointment.created` audit entry. */
  auditDetail?: JsonObject | undefined;
}

/** Who moves a visit: the patient through their link, or staff. */
export type RebookActor =
  | { kind: "patient"; actor: string }
  | { kind: "staff"; actor: string; reason?: string | undefined; detail?: JsonObject | undefined };

/** The result of {@link rebookVisit}. */
export interface RebookedVisit {
  previous: AppointmentRecord;
  appointment: AppointmentRecord;
  /** The link of the moved visit (a fresh one; shown once, only its hash is stored). */
  manageToken?: string;
}

/** The details a moved visit inherits from the visit it replaces (the patient's booking). */
function inheritedDetails(current: AppointmentRecord): VisitDetails {
  return setFields(current, [
    "contact",
    "price",
    "locale",
    "patientMessage",
    "anyProvider",
    "copiedFromId",
    "freeCancellationUntil",
    "messagePrefs",
  ]);
}

/**
 * Moves a visit in the unit of work, the same way for a patient and for staff: the old visit
 * becomes `rebooked`, a new `booked` visit takes its place with the same patient, case, series,
 * channel and booking details, both are audited, and the patient gets a "rescheduled" message
 * carrying the new visit's link. Every visit has its own link: the new one gets a fresh link, and
 * the old link still opens (it shows the visit it led to) but changes nothing any more, so fifty
 * requests racing through one link move the visit once on every storage.
 *
 * @example
 * await rebookVisit(work, current, { service, calendarIds: ["ana"], startMs, endMs }, { kind: "staff", actor: "api-key:k1" });
 */
export async function rebookVisit(
  work: UnitOfWork,
  current: AppointmentRecord,
  target: RebookTarget,
  by: RebookActor,
): Promise<RebookedVisit> {
  const { clinicId } = work;
  const newId = randomId("apt");
  const patient = hasPatient(current);
  const token = patient ? generateManageToken() : undefined;
  const previous = await work.tx.updateAppointment(
    clinicId,
    current.id,
    {
      status: "rebooked",
      rebookedToId: newId,
      rebookedAt: work.now.toISOString(),
    },
    { expectedVersion: current.version },
  );
  const { service } = target;
  const appointment = await work.tx.insertAppointment(clinicId, {
    ...newVisit(work, newId, target, current, token),
    ...inheritedDetails(current),
    ...target.details,
    rebookedFromId: current.id,
    extra: current.extra,
  });
  const staffDetail =
    by.kind === "staff" ? { ...(by.reason ? { reason: by.reason } : {}), ...by.detail } : {};
  await work.audit({
    action: "appointment.status_changed",
    entityId: current.id,
    actor: by.actor,
    detail: {
      action: "move",
      from: current.status,
      to: "rebooked",
      rebookedTo: newId,
      by: by.kind,
      ...staffDetail,
    },
  });
  await work.audit({
    action: "appointment.created",
    entityId: newId,
    actor: by.actor,
    detail: {
      channel: appointment.channel,
      serviceId: service.id,
      calendarIds: appointment.calendarIds,
      rebookedFrom: current.id,
      start: appointment.start,
      ...(current.seriesId ? { seriesId: current.seriesId } : {}),
      ...target.auditDetail,
    },
  });
  if (patient) {
    await work.message(
      "email.booking_rescheduled",
      changePayload(appointment, token ? { manageToken: token } : {}),
    );
  }
  // The time the visit left is free now: the waitlist hears of it in this unit of work.
  await offerReleasedTime(work, current, "rebooked");
  work.emit("appointment.rescheduled", appointment.id);
  return { previous, appointment, ...(token ? { manageToken: token } : {}) };
}
