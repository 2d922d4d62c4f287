import { z } from "zod";
import { idSchema, instantSchema } from "../model.js";
import { clockFor, MINUTE, parseInstant } from "../time/zoned.js";
import { parseInput } from "../validate.js";
import {
  type MessageChannel,
  messageContextSchema,
  type NotificationType,
  resolveChannels,
  type SuppressReason,
} from "./settings.js";

/** Something that happened to an appointment and may be worth telling the client. */
export const changeEventSchema = z
  .object({
    type: z.enum(["created", "rescheduled", "canceled", "no_show"]),
    /** When it happened. */
    at: instantSchema,
    /** The visit's start after the event (required for created and rescheduled). */
    start: instantSchema.optional(),
  })
  .refine((e) => e.start !== undefined || e.type === "canceled" || e.type === "no_show", {
    message: "is required for created and rescheduled events",
    path: ["start"],
  });
/** Something that happened to an appointment. */
export type ChangeEvent = z.input<typeof changeEventSchema>;

/** Input of {@link coalesceNotifications}. */
export const coalesceRequestSchema = messageContextSchema.extend({
  appointmentId: idSchema,
  /** Calendars the visit holds (the provider's preferences apply). */
  calendarIds: z.array(idSchema).min(1).max(10),
  /** Every change of the appointment so far, in any order. */
  events: z.array(changeEventSchema).max(10_000),
  /** The current instant: messages whose `sendAtMs` ≤ now are `due`. */
  now: instantSchema,
});
/** Input of {@link coalesceNotifications}. */
export type CoalesceRequest = z.input<typeof coalesceRequestSchema>;

/** One message about a change, standing for a burst of changes. */
export interface ChangeMessage {
  /** Stable outbox id: appointment, type, time and position of the burst's first change. */
  key: string;
  appointmentId: string;
  type: Exclude<NotificationType, "reminder">;
  /** The burst's last change plus the coalescing delay. */
  sendAt: string;
  sendAtMs: number;
  /** True when `sendAtMs` ≤ now: the burst is closed and the message may go out. */
  due: boolean;
  channels: MessageChannel[];
  /** The visit's start as the message states it (new / rescheduled). */
  start?: string;
  /** The start the client knew before (rescheduled). */
  previousStart?: string;
  /** How many changes the message stands for. */
  changes: number;
}

/** The outcome of {@link coalesceNotifications}. */
export interface CoalescedMessages {
  messages: ChangeMessage[];
  /** Messages that the settings keep from going out, with the reason. */
  suppressed: { type: Exclude<NotificationType, "reminder">; at: string; reason: SuppressReason }[];
}

interface View {
  alive: boolean;
  start?: number;
  noShow?: boolean;
}

/**
 * Turns an appointment's changes into the messages to send, merging quick successive changes:
 * changes less than `coalesceMinutes` apart (and within `maxCoalesceMinutes` of the burst's
 * first) form one burst, and a burst yields at most one message comparing what the client knew
 * before it with the state after it. Created then rescheduled within the delay → one `new` with
 * the final time; created then canceled → nothing; rescheduled and back → nothing.
 *
 * @example
 * const { messages } = coalesceNotifications({
 *   appointmentId: "a1", calendarIds: ["ana"], settings: { timeZone: "Europe/Lisbon" },
 *   now: "2026-03-02T10:10:00Z",
 *   events: [
 *     { type: "created", at: "2026-03-02T10:00:00Z", start: "2026-03-09T09:00:00Z" },
 *     { type: "rescheduled", at: "2026-03-02T10:01:00Z", start: "2026-03-09T10:00:00Z" },
 *   ],
 * });
 * // [{ type: "new", start: "2026-03-09T10:00:00Z", sendAt: "2026-03-02T10:03:00Z", due: true, changes: 2, … }]
 */
export function coalesceNotifications(request: CoalesceRequest): CoalescedMessages {
  const r = parseInput(coalesceRequestSchema, request, "request");
  const now = parseInstant(r.now) as number;
  const clock = clockFor(r.settings.timeZone);
  const delay = r.settings.coalesceMinutes * MINUTE;
  const maxDelay = Math.max(r.settings.maxCoalesceMinutes * MINUTE, delay);
  const events = r.events
    .map((e, i) => ({ ...e, atMs: parseInstant(e.at) as number, order: i }))
    .sort((a, b) => a.atMs - b.atMs || a.order - b.order);

  const messages: ChangeMessage[] = [];
  const suppressed: CoalescedMessages["suppressed"] = [];
  let known: View = { alive: false };
  let actual: View = { alive: false };
  let i = 0;
  while (i < events.length) {
    const firstIndex = i;
    const first = events[i] as (typeof events)[number];
    let last = first;
    let count = 0;
    while (i < events.length) {
      const e = events[i] as (typeof events)[number];
      if (count > 0 && (e.atMs - last.atMs >= delay || e.atMs - first.atMs > maxDelay)) break;
      actual = apply(actual, e);
      last = e;
      count += 1;
      i += 1;
    }
    const type = messageType(known, actual);
    if (type) {
      const sendAtMs = last.atMs + delay;
      const resolved = resolveChannels(type, r, r.calendarIds);
      if ("reason" in resolved) {
        suppressed.push({ type, at: clock.format(sendAtMs), reason: resolved.reason });
      } else {
        const message: ChangeMessage = {
          key: `${r.appointmentId}:${type}:${new Date(first.atMs).toISOString()}:${firstIndex}`,
          appointmentId: r.appointmentId,
          type,
          sendAt: clock.format(sendAtMs),
          sendAtMs,
          due: sendAtMs <= now,
          channels: resolved.channels,
          changes: count,
        };
        if (actual.alive && actual.start !== undefined) message.start = clock.format(actual.start);
        if (type === "rescheduled" && known.start !== undefined) {
          message.previousStart = clock.format(known.start);
        }
        messages.push(message);
      }
    }
    // Disabled types do not mean the client does not know: the clinic just does not write.
    known = actual;
  }
  return { messages, suppressed };
}

function apply(view: View, e: { type: string; start?: string | undefined }): View {
  switch (e.type) {
    case "created":
    case "rescheduled":
      return { alive: true, start: parseInstant(e.start as string) as number };
    case "no_show":
      return {
        alive: false,
        noShow: true,
        ...(view.start === undefined ? {} : { start: view.start }),
      };
    default:
      return { alive: false, ...(view.start === undefined ? {} : { start: view.start }) };
  }
}

/** The one message a burst yields, comparing the client's view before it with the state after. */
function messageType(known: View, actual: View): ChangeMessage["type"] | undefined {
  if (actual.alive) {
    if (!known.alive) return "new";
    return known.start !== actual.start ? "rescheduled" : undefined;
  }
  if (!known.alive) return undefined;
  return actual.noShow ? "no_show" : "canceled";
}
