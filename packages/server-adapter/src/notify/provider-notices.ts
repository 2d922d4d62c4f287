// Notices to a visit's provider: "Maria Santos booked Physiotherapy with you on …", moved,
// canceled, missed. A provider opts in with an address in their preferences (`noticeEmail`, and
// `noticeKinds`). The bursts are the engine's coalescing of the booking's changes, as the
// provider sees them: every change counts, whatever the patient's own switches, send flag or
// reachable channels say (a patient who gets no e-mail still has a visit on the provider's day).

import { type CoalescedMessages, coalesceNotifications } from "@bookwell/engine";
import { setFields } from "../services/fields.js";
import type { AppointmentRecord, JsonObject, OutboxInput } from "../storage/storage.js";
import {
  MESSAGE_ROW_TYPE,
  type MessagePayload,
  WAKE_ROW_TYPE,
  type WakePayload,
} from "./contract.js";
import type { BookingState, PlanTrigger } from "./planner.js";
import type { ClinicNotifyProfile } from "./profile.js";
import type { ProviderNoticeKind } from "./templates.js";

const DEFAULT_KINDS: readonly ProviderNoticeKind[] = ["new", "rescheduled", "canceled"];

/** Who gets notices about a visit: its provider, at the address they gave, for these kinds. */
export interface NoticeTarget {
  providerId: string;
  email: string;
  kinds: ReadonlySet<ProviderNoticeKind>;
}

/**
 * The provider of a visit (its first calendar) when their preferences ask for notices.
 *
 * @example
 * noticeTarget(profile, appointment); // { providerId: "ana", email: "ana@clinic.example", kinds }
 */
export function noticeTarget(
  profile: ClinicNotifyProfile,
  appointment: Pick<AppointmentRecord, "calendarIds">,
): NoticeTarget | undefined {
  const providerId = appointment.calendarIds[0];
  const prefs = profile.providers?.find((p) => p.providerId === providerId);
  if (!providerId || !prefs?.noticeEmail) return undefined;
  return {
    providerId,
    email: prefs.noticeEmail,
    kinds: new Set(prefs.noticeKinds ?? DEFAULT_KINDS),
  };
}

const EVERY_TYPE = {
  new: { enabled: true, channels: ["email" as const] },
  rescheduled: { enabled: true, channels: ["email" as const] },
  canceled: { enabled: true, channels: ["email" as const] },
  no_show: { enabled: true, channels: ["email" as const] },
  reminder: { enabled: false, channels: ["email" as const] },
};

/**
 * The engine's coalescing of a booking's changes as its provider sees them (the same bursts and
 * delays as the patient's, none switched off).
 *
 * @example
 * providerView(state, new Date()).messages.map((m) => m.type); // ["new"]
 */
export function providerView(state: BookingState, now: Date): CoalescedMessages {
  return coalesceNotifications({
    settings: { ...state.context.settings, types: EVERY_TYPE, defaultSend: true },
    providers: [],
    booking: {},
    reachableChannels: ["email"],
    appointmentId: state.lineage.root.id,
    calendarIds: state.lineage.head.calendarIds,
    events: state.events,
    now: now.toISOString(),
  });
}

/**
 * The notice rows for a booking's provider: one e-mail per closed burst that ended at or after
 * `since` (row `msg:<burst key>:<changes>:provider:email`), and a wake-up at the end of a burst
 * still open. Empty when the provider asked for no notices or the worker has no e-mail channel.
 *
 * @example
 * const { rows, open } = providerNoticeRows(profile, state, trigger, now, hasEmail);
 */
export function providerNoticeRows(
  profile: ClinicNotifyProfile,
  state: BookingState,
  trigger: PlanTrigger,
  now: Date,
  hasEmail: boolean,
): { rows: OutboxInput[]; open: boolean; notes: string[] } {
  const { since } = trigger;
  const { root, head } = state.lineage;
  const target = noticeTarget(profile, head);
  if (!target || !hasEmail) return { rows: [], open: false, notes: [] };
  const rows: OutboxInput[] = [];
  const notes: string[] = [];
  let open = false;
  for (const message of providerView(state, now).messages) {
    if (message.sendAtMs < since.getTime() || !target.kinds.has(message.type)) continue;
    if (!message.due) {
      open = true;
      // The same wake-up the patient's burst plans (same id), with what the trigger carried.
      const wake: WakePayload = {
        v: 1,
        appointmentId: head.id,
        since: since.toISOString(),
        ...setFields(trigger, ["manageToken", "locale"]),
        ...(trigger.fee !== undefined ? { fee: trigger.fee } : {}),
      };
      rows.push({
        id: `wake:${message.key}:${message.sendAtMs}`,
        type: WAKE_ROW_TYPE,
        dueAt: message.sendAtMs,
        payload: wake as unknown as JsonObject,
      });
      continue;
    }
    const firstIndex = Number(message.key.split(":").at(-1));
    const payload: MessagePayload = {
      v: 1,
      kind: message.type,
      channel: "email",
      audience: "provider",
      rootId: root.id,
      appointmentId: head.id,
      start: message.start ? new Date(message.start).toISOString() : head.start,
      ...(message.previousStart
        ? { previousStart: new Date(message.previousStart).toISOString() }
        : {}),
      sequence: Number.isInteger(firstIndex) ? firstIndex + message.changes - 1 : 0,
      key: message.key,
      changes: message.changes,
    };
    rows.push({
      id: `msg:${message.key}:${message.changes}:provider:email`,
      type: MESSAGE_ROW_TYPE,
      dueAt: message.sendAtMs,
      payload: payload as unknown as JsonObject,
    });
    notes.push(`${message.type} notice to provider ${target.providerId}`);
  }
  return { rows, open, notes };
}
