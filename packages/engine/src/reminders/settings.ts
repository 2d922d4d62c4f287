import { z } from "zod";
import { idSchema, timeZoneSchema, wallTimeSchema } from "../model.js";

/** Kinds of message about an appointment: `new` is the booking confirmation. */
export const notificationTypeSchema = z.enum([
  "new",
  "rescheduled",
  "canceled",
  "no_show",
  "reminder",
]);
/** Kinds of message about an appointment. */
export type NotificationType = z.infer<typeof notificationTypeSchema>;

/** Channels a message can go out on (the server owns the senders). */
export const messageChannelSchema = z.enum(["email", "sms", "whatsapp"]);
/** Channels a message can go out on. */
export type MessageChannel = z.infer<typeof messageChannelSchema>;

/** The most reminders one appointment gets. */
export const MAX_REMINDERS = 5;

const channelList = z
  .array(messageChannelSchema)
  .max(3)
  .refine((v) => new Set(v).size === v.length, "must not repeat a channel");

/** Minutes before the start; whole days (multiples of 1440) mean the same wall time N days before. */
export const reminderOffsetsSchema = z
  .array(
    z
      .number()
      .int("must be a whole number of minutes")
      .min(1, "must be at least 1 minute before the start")
      .max(30 * 1440, "must be at most 30 days (43200 minutes)"),
  )
  .max(MAX_REMINDERS, `must list at most ${MAX_REMINDERS} reminders`)
  .refine((v) => new Set(v).size === v.length, "must not repeat an offset");

const typeSetting = (enabled: boolean) =>
  z
    .object({ enabled: z.boolean().default(enabled), channels: channelList.default(["email"]) })
    .default({ enabled, channels: ["email"] });

/** A clinic's message settings: which types go out on which channels, reminders, quiet hours. */
export const notificationSettingsSchema = z.object({
  /** The clinic's zone: quiet hours and "N days before" are read in it. */
  timeZone: timeZoneSchema,
  /** Per type: on or off, and the channels it uses (default e-mail; `no_show` off by default). */
  types: z
    .object({
      new: typeSetting(true),
      rescheduled: typeSetting(true),
      canceled: typeSetting(true),
      no_show: typeSetting(false),
      reminder: typeSetting(true),
    })
    .default({
      new: { enabled: true, channels: ["email"] },
      rescheduled: { enabled: true, channels: ["email"] },
      canceled: { enabled: true, channels: ["email"] },
      no_show: { enabled: false, channels: ["email"] },
      reminder: { enabled: true, channels: ["email"] },
    }),
  /** Whether bookings get messages unless the booking says otherwise (default true). */
  defaultSend: z.boolean().default(true),
  /** Reminder offsets in minutes before the start (default 24 h and 1 h). */
  reminderOffsetsMinutes: reminderOffsetsSchema.default([1440, 60]),
  /** No message goes out strictly inside this local window, e.g. 21:00–08:00. */
  quietHours: z
    .object({ start: wallTimeSchema, end: wallTimeSchema })
    .refine((q) => q.start !== q.end, { message: "end must differ from start", path: ["end"] })
    .optional(),
  /**
   * A reminder that would go out less than this many minutes after the visit was booked (or last
   * moved) is skipped: the confirmation has just said it all (default 60; 0 keeps them).
   */
  reminderGapAfterBookingMinutes: z.number().int().min(0).max(1440).default(60),
  /** Changes closer together than this merge into one message (default 2 minutes). */
  coalesceMinutes: z.number().int().min(0).max(1440).default(2),
  /** A burst of changes is sent at most this long after its first change (default 15 minutes). */
  maxCoalesceMinutes: z.number().int().min(0).max(1440).default(15),
});
/** A clinic's message settings as accepted (defaults optional). */
export type NotificationSettingsInput = z.input<typeof notificationSettingsSchema>;
/** A clinic's message settings with defaults filled in. */
export type NotificationSettings = z.output<typeof notificationSettingsSchema>;

/** A provider's own preferences, which win over the clinic's. */
export const providerPreferencesSchema = z.object({
  /** The provider's calendar id. */
  providerId: idSchema,
  /** Channels this provider never uses, for any type (e.g. `["sms"]`). */
  disabledChannels: channelList.default([]),
  /** Types this provider switches off (or on) for their visits. */
  types: z.partialRecord(notificationTypeSchema, z.boolean()).default({}),
  /** Reminder offsets for this provider's visits. */
  reminderOffsetsMinutes: reminderOffsetsSchema.optional(),
  /** Reminder channels for this provider's visits. */
  reminderChannels: channelList.optional(),
});
/** A provider's own preferences. */
export type ProviderPreferencesInput = z.input<typeof providerPreferencesSchema>;
/** A provider's own preferences with defaults filled in. */
export type ProviderPreferences = z.output<typeof providerPreferencesSchema>;

/** One booking's own choices, which win over the provider's and the clinic's. */
export const bookingPreferencesSchema = z.object({
  /** Send messages for this booking at all (default: the clinic's `defaultSend`). */
  send: z.boolean().optional(),
  /** Reminder offsets for this booking. */
  reminderOffsetsMinutes: reminderOffsetsSchema.optional(),
  /** Channels for this booking (still minus the provider's disabled ones). */
  channels: channelList.optional(),
});
/** One booking's own choices. */
export type BookingPreferencesInput = z.input<typeof bookingPreferencesSchema>;

/** Everything that decides whether and where a message goes, shared by reminders and changes. */
export const messageContextSchema = z.object({
  settings: notificationSettingsSchema,
  /** Preferences of providers; the appointment's provider's entry applies. */
  providers: z.array(providerPreferencesSchema).max(5000).default([]),
  booking: bookingPreferencesSchema.default({}),
  /** Channels the client can be reached on (has an address / opted in); default all. */
  reachableChannels: channelList.default(["email", "sms", "whatsapp"]),
});
/** The validated message context. */
export type MessageContext = z.output<typeof messageContextSchema>;

/** Why a type of message is not sent for a booking. */
export type SuppressReason = "send-off" | "type-disabled" | "no-channel";

/**
 * The channels a message of `type` goes out on for a visit holding `calendarIds`, or why none.
 * Precedence: booking > provider > clinic; the provider's disabled channels and the client's
 * reachable channels always filter the result.
 *
 * @example
 * resolveChannels("reminder", context, ["ana"]); // { channels: ["email"] } or { reason: "send-off" }
 */
export function resolveChannels(
  type: NotificationType,
  context: MessageContext,
  calendarIds: readonly string[],
): { channels: MessageChannel[] } | { reason: SuppressReason } {
  const { settings, booking } = context;
  if (!(booking.send ?? settings.defaultSend)) return { reason: "send-off" };
  const provider = providerFor(context, calendarIds);
  const typeSetting = settings.types[type];
  if (!(provider?.types[type] ?? typeSetting.enabled)) return { reason: "type-disabled" };
  const wanted =
    booking.channels ??
    (type === "reminder" ? provider?.reminderChannels : undefined) ??
    typeSetting.channels;
  const disabled = new Set(provider?.disabledChannels ?? []);
  const reachable = new Set(context.reachableChannels);
  const channels = messageChannelSchema.options.filter(
    (c) => wanted.includes(c) && !disabled.has(c) && reachable.has(c),
  );
  return channels.length > 0 ? { channels } : { reason: "no-channel" };
}

/**
 * The preferences of the first of `calendarIds` that has an entry.
 *
 * @example
 * providerFor(context, ["room-1", "ana"])?.providerId; // "ana"
 */
export function providerFor(
  context: MessageContext,
  calendarIds: readonly string[],
): ProviderPreferences | undefined {
  for (const id of calendarIds) {
    const found = context.providers.find((p) => p.providerId === id);
    if (found) return found;
  }
  return undefined;
}
