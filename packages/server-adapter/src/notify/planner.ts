// Planning: a change row (or a wake-up) becomes the messages to send, with the engine deciding
// what and when. Every planned row has a deterministic id, so planning twice (a crash before the
// planning transaction committed, two rows of one burst) never queues a message twice.

import {
  type BookingPreferencesInput,
  bookingPreferencesSchema,
  type CoalescedMessages,
  coalesceNotifications,
  type MessageChannel,
  scheduleReminders,
} from "@bookwell/engine";
import { setFields } from "../services/fields.js";
import type {
  AppointmentRecord,
  JsonObject,
  OutboxInput,
  StorageOperations,
} from "../storage/storage.js";
import {
  type ChannelName,
  MESSAGE_ROW_TYPE,
  type MessagePayload,
  WAKE_ROW_TYPE,
  type WakePayload,
} from "./contract.js";
import { type Lineage, type LineageEvent, lineageEvents, loadLineage } from "./lineage.js";
import { visitPlace } from "./place.js";
import type { ClinicNotifyProfile } from "./profile.js";
import { providerNoticeRows } from "./provider-notices.js";
import { afterQuietHours } from "./quiet-hours.js";

/** Statuses whose visits get reminders (as the engine's `REMINDABLE_STATUSES`). */
export const REMINDABLE: ReadonlySet<string> = new Set(["booked", "confirmed"]);

/** Who to write to. */
export interface Contact {
  name: string;
  email?: string;
  phone?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * The patient's contact for an appointment: its `contact` (what the booking form stored), else
 * the client record.
 *
 * @example
 * const contact = await contactFor(storage, appointment); // { name: "Maria", email: "maria@…" }
 */
export async function contactFor(
  ops: StorageOperations,
  appointment: AppointmentRecord,
): Promise<Contact> {
  const c = appointment.contact;
  let name = text(c?.name);
  let email = text(c?.email);
  let phone = text(c?.phone);
  if ((!email || !phone || !name) && appointment.clientId) {
    const client = await ops.getClient(appointment.clinicId, appointment.clientId);
    name ??= client?.name;
    email ??= text(client?.email);
    phone ??= text(client?.phone);
  }
  return {
    name: name ?? "",
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
  };
}

/**
 * The booking's own message choices (its `messagePrefs`: `send`, `reminderOffsetsMinutes`,
 * `channels`); invalid values are ignored rather than blocking every message.
 *
 * @example
 * bookingPreferences(appointment); // { send: false }
 */
export function bookingPreferences(appointment: AppointmentRecord): BookingPreferencesInput {
  const parsed = bookingPreferencesSchema.safeParse(appointment.messagePrefs ?? {});
  return parsed.success ? parsed.data : {};
}

function reachable(contact: Contact, available: ReadonlySet<ChannelName>): MessageChannel[] {
  const out: MessageChannel[] = [];
  if (contact.email && available.has("email")) out.push("email");
  if (contact.phone && available.has("sms")) out.push("sms");
  if (contact.phone && available.has("whatsapp")) out.push("whatsapp");
  return out;
}

/** What the planner got from the row it runs for. */
export interface PlanTrigger {
  appointmentId: string;
  /** Bursts that ended before this were planned by earlier rows (the change's own instant). */
  since: Date;
  manageToken?: string;
  locale?: string;
  fee?: { amount: number; currency: string } | null;
  /** The visit's e-mail confirmation is the series e-mail (see the change payload's `inSeries`). */
  inSeries?: boolean;
}

/** The rows to write in the planning transaction and a note for the worker's event log. */
export interface Plan {
  rows: OutboxInput[];
  note: string;
}

function iso(value: string): string {
  return new Date(value).toISOString();
}

function extras(trigger: PlanTrigger): Pick<MessagePayload, "manageToken" | "locale" | "fee"> {
  return {
    ...setFields(trigger, ["manageToken", "locale"]),
    ...(trigger.fee !== undefined ? { fee: trigger.fee } : {}),
  };
}

function messageRow(id: string, dueAt: Date | number, payload: MessagePayload): OutboxInput {
  return { id, type: MESSAGE_ROW_TYPE, dueAt, payload: payload as unknown as JsonObject };
}

/** A booking's history as the engine sees it at one instant. */
export interface BookingState {
  lineage: Lineage;
  events: LineageEvent[];
  /** The message context (settings with the clinic's zone, providers, booking, reachable channels). */
  context: {
    settings: NonNullable<ClinicNotifyProfile["settings"]> & { timeZone: string };
    providers: NonNullable<ClinicNotifyProfile["providers"]>;
    booking: BookingPreferencesInput;
    reachableChannels: MessageChannel[];
  };
  coalesced: CoalescedMessages;
}

/**
 * Loads a booking's chain and history and runs the engine's coalescing over it at `now`;
 * `undefined` when the appointment does not exist. Planning uses it to decide what to send, and
 * sending uses it again to check that a planned change message still stands.
 *
 * @example
 * const state = await bookingState(storage, profile, "apt_1", new Set(["email"]), new Date());
 * state?.coalesced.messages.map((m) => m.type); // ["new"]
 */
export async function bookingState(
  ops: StorageOperations,
  profile: ClinicNotifyProfile,
  appointmentId: string,
  available: ReadonlySet<ChannelName>,
  now: Date,
): Promise<BookingState | undefined> {
  const lineage = await loadLineage(ops, profile.clinic.id, appointmentId);
  if (!lineage) return undefined;
  const { root, head } = lineage;
  const [contact, place] = await Promise.all([
    contactFor(ops, head),
    visitPlace(ops, profile.clinic, head),
  ]);
  const context: BookingState["context"] = {
    settings: {
      ...profile.settings,
      // Quiet hours and "a day before" are read where the visit is, unless the clinic set a zone.
      timeZone: profile.settings?.timeZone ?? place.timeZone,
    },
    providers: profile.providers ?? [],
    booking: bookingPreferences(head),
    reachableChannels: reachable(contact, available),
  };
  const events = await lineageEvents(ops, lineage);
  const coalesced = coalesceNotifications({
    ...context,
    appointmentId: root.id,
    calendarIds: head.calendarIds,
    events,
    now: now.toISOString(),
  });
  return { lineage, events, context, coalesced };
}

/**
 * Plans the messages of a booking's lineage at `now`: runs the engine's coalescing over every
 * change of the chain, queues one `notify.message` row per channel for each closed burst that
 * ended at or after `trigger.since`, a `notify.wake` row at the end of a burst that is still open,
 * and, once no burst is open, the engine's reminders for the current appointment.
 *
 * @example
 * const plan = await planMessages(storage, profile, trigger, new Set(["email"]), new Date());
 */
export async function planMessages(
  ops: StorageOperations,
  profile: ClinicNotifyProfile,
  trigger: PlanTrigger,
  available: ReadonlySet<ChannelName>,
  now: Date,
): Promise<Plan> {
  const state = await bookingState(ops, profile, trigger.appointmentId, available, now);
  if (!state) return { rows: [], note: "appointment not found" };
  const { lineage, context, events, coalesced } = state;
  const { root, head } = lineage;
  const rows: OutboxInput[] = [];
  const notes: string[] = [];
  let open = false;
  const sinceMs = trigger.since.getTime();
  for (const message of coalesced.messages) {
    if (message.sendAtMs < sinceMs) continue;
    if (!message.due) {
      open = true;
      const wake: WakePayload = {
        v: 1,
        appointmentId: head.id,
        since: trigger.since.toISOString(),
        ...extras(trigger),
        ...(trigger.inSeries ? { inSeries: true } : {}),
      };
      rows.push({
        id: `wake:${message.key}:${message.sendAtMs}`,
        type: WAKE_ROW_TYPE,
        dueAt: message.sendAtMs,
        payload: wake as unknown as JsonObject,
      });
      notes.push(`${message.type} waits until ${new Date(message.sendAtMs).toISOString()}`);
      continue;
    }
    const firstIndex = Number(message.key.split(":").at(-1));
    const sequence = Number.isInteger(firstIndex) ? firstIndex + message.changes - 1 : 0;
    const start = message.start ? iso(message.start) : head.start;
    // A visit booked in a series is confirmed by e-mail once for the whole series.
    const channels =
      message.type === "new" && trigger.inSeries
        ? message.channels.filter((c) => c !== "email")
        : message.channels;
    if (channels.length < message.channels.length) notes.push("new on email: the series e-mail");
    for (const channel of channels) {
      rows.push(
        messageRow(
          `msg:${message.key}:${message.changes}:${channel}`,
          phoneDueAt(channel, message, start, context),
          {
            v: 1,
            kind: message.type === "new" ? "new" : message.type,
            channel,
            rootId: root.id,
            appointmentId: head.id,
            start,
            ...(message.previousStart ? { previousStart: iso(message.previousStart) } : {}),
            sequence,
            key: message.key,
            changes: message.changes,
            ...extras(trigger),
          },
        ),
      );
    }
    if (channels.length > 0) notes.push(`${message.type} on ${channels.join("+")}`);
  }
  for (const s of coalesced.suppressed) notes.push(`${s.type} suppressed: ${s.reason}`);
  const notices = providerNoticeRows(profile, state, trigger, now, available.has("email"));
  rows.push(...notices.rows);
  notes.push(...notices.notes);
  if (!open) {
    // The last confirmation or reschedule message was about this change: no reminder right after it.
    const bookedAt = events
      .filter((e) => e.type === "created" || e.type === "rescheduled")
      .at(-1)?.at;
    rows.push(...reminderRows(lineage, context, trigger, events.length - 1, now, notes, bookedAt));
  }
  return { rows, note: notes.join("; ") || "nothing to send" };
}

/**
 * When a change message may go out on its channel: e-mail at once; SMS and WhatsApp after the
 * clinic's quiet hours, unless waiting would bring a confirmation past the visit's start.
 */
function phoneDueAt(
  channel: MessageChannel,
  message: { type: string; sendAtMs: number },
  start: string,
  context: {
    settings: { timeZone: string; quietHours?: { start: string; end: string } | undefined };
  },
): number {
  if (channel === "email") return message.sendAtMs;
  const later = afterQuietHours(
    context.settings.timeZone,
    message.sendAtMs,
    context.settings.quietHours,
  );
  const ending = message.type === "canceled" || message.type === "no_show";
  return ending || later < Date.parse(start) ? later : message.sendAtMs;
}

function reminderRows(
  lineage: Lineage,
  context: Omit<Parameters<typeof scheduleReminders>[0], "appointment" | "now">,
  trigger: PlanTrigger,
  sequence: number,
  now: Date,
  notes: string[],
  bookedAt: string | undefined,
): OutboxInput[] {
  const { head, root } = lineage;
  if (!REMINDABLE.has(head.status)) return [];
  const schedule = scheduleReminders({
    ...context,
    appointment: {
      id: head.id,
      serviceId: head.serviceId,
      calendarIds: head.calendarIds,
      start: head.start,
      end: head.end,
      status: head.status,
    },
    now: now.toISOString(),
    ...(bookedAt ? { bookedAt } : {}),
  });
  if (schedule.suppressed) notes.push(`reminders suppressed: ${schedule.suppressed}`);
  const rows: OutboxInput[] = [];
  for (const reminder of schedule.reminders) {
    for (const channel of reminder.channels) {
      rows.push(
        messageRow(`rem:${reminder.key}:${channel}`, reminder.sendAtMs, {
          v: 1,
          kind: "reminder",
          channel,
          rootId: root.id,
          appointmentId: head.id,
          start: head.start,
          sequence: Math.max(0, sequence),
          key: reminder.key,
          offsetMinutes: reminder.offsetMinutes,
          ...setFields(trigger, ["manageToken", "locale"]),
        }),
      );
    }
  }
  if (schedule.reminders.length > 0) notes.push(`${schedule.reminders.length} reminder(s)`);
  return rows;
}
