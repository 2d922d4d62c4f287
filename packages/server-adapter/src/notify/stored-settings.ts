// A clinic's message settings kept in storage, so a clinic's manager changes them over the staff
// API (`PUT /v1/staff/notifications/settings`) instead of a developer changing the worker's
// options: types on/off and channels, the default send flag, reminder offsets, quiet hours,
// coalescing, per-provider preferences and the clinic's own texts. The worker's default resolver
// lays them over its `defaults`.

import {
  bookingPreferencesSchema,
  notificationSettingsSchema,
  notificationTypeSchema,
  providerPreferencesSchema,
  reminderOffsetsSchema,
  timeZoneSchema,
  wallTimeSchema,
} from "@bookwell/engine";
import { z } from "zod";
import { BookwellError } from "../errors.js";
import { setFields } from "../services/fields.js";
import type { MessageSettingsRecord } from "../storage/back-office.js";
import type { JsonObject, StorageOperations } from "../storage/storage.js";
import type { NotifyDefaults, NotifySettings, ProviderNotifyPreferences } from "./profile.js";
import type { TemplateOverrides } from "./templates.js";

const text = z.string().max(2000, "must be at most 2000 characters");
const texts = z.strictObject({
  subject: text.optional(),
  intro: text.optional(),
  short: text.optional(),
});
const kinds = z.strictObject({
  new: texts.optional(),
  rescheduled: texts.optional(),
  canceled: texts.optional(),
  no_show: texts.optional(),
  reminder: texts.optional(),
});

/** The clinic's own texts: per language (`en`, `pt`, `es`), per kind, `subject` / `intro` / `short`. */
export const templateOverridesSchema = z.strictObject({
  en: kinds.optional(),
  pt: kinds.optional(),
  es: kinds.optional(),
});

// The engine's settings and provider preferences as a clinic writes them: the same rules, but
// strict (a misspelt field is an error) and without defaults, so what is stored is only what the
// clinic chose and everything else keeps following the worker's defaults and the engine's.
const channels = bookingPreferencesSchema.shape.channels;
const typeSetting = z.strictObject({ enabled: z.boolean().optional(), channels }).optional();
const minutes = z.number().int().min(0).max(1440).optional();
const settingsInput = z.strictObject({
  timeZone: timeZoneSchema.optional(),
  types: z
    .strictObject({
      new: typeSetting,
      rescheduled: typeSetting,
      canceled: typeSetting,
      no_show: typeSetting,
      reminder: typeSetting,
    })
    .optional(),
  defaultSend: z.boolean().optional(),
  reminderOffsetsMinutes: reminderOffsetsSchema.optional(),
  quietHours: z
    .strictObject({ start: wallTimeSchema, end: wallTimeSchema })
    .refine((q) => q.start !== q.end, { message: "end must differ from start", path: ["end"] })
    .optional(),
  coalesceMinutes: minutes,
  maxCoalesceMinutes: minutes,
  reminderGapAfterBookingMinutes: minutes,
});
const providerInput = z.strictObject({
  providerId: z.string().min(1).max(128),
  noticeEmail: z
    .string()
    .max(254)
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "must be an e-mail address")
    .optional(),
  noticeKinds: z
    .array(z.enum(["new", "rescheduled", "canceled", "no_show"]))
    .max(4)
    .refine((v) => new Set(v).size === v.length, "must not repeat a kind")
    .optional(),
  disabledChannels: channels,
  types: z.partialRecord(notificationTypeSchema, z.boolean()).optional(),
  reminderOffsetsMinutes: reminderOffsetsSchema.optional(),
  reminderChannels: channels,
});

/**
 * A clinic's message settings as staff send and read them: the engine's settings (the zone
 * defaults to the visit's), provider preferences (one entry per provider) and template overrides.
 * Only what is given is stored.
 */
export const messageSettingsSchema = z.strictObject({
  settings: settingsInput.default({}),
  providers: z
    .array(providerInput)
    .max(500)
    .refine((list) => new Set(list.map((p) => p.providerId)).size === list.length, {
      message: "must list each provider once",
    })
    .default([]),
  templates: templateOverridesSchema.default({}),
});

/** A clinic's message settings as staff send them. */
export type MessageSettingsBody = z.input<typeof messageSettingsSchema>;

/** What a stored record contributes to a clinic's profile. */
export interface StoredMessageSettings {
  settings: NotifySettings;
  providers: ProviderNotifyPreferences[];
  templates: TemplateOverrides;
}

/**
 * Reads a stored record back as profile parts; a part that no longer validates (edited by hand)
 * is left out rather than guessed at.
 *
 * @example
 * const stored = storedMessageSettings(await storage.getMessageSettings("clinic-a"));
 */
export function storedMessageSettings(
  record: MessageSettingsRecord | undefined,
): StoredMessageSettings | undefined {
  if (!record) return undefined;
  const settings = settingsInput.safeParse(record.settings);
  const providers = z.array(providerInput).safeParse(record.providers);
  const templates = templateOverridesSchema.safeParse(record.templates);
  return {
    settings: settings.success ? (settings.data as NotifySettings) : {},
    providers: providers.success ? (providers.data as ProviderNotifyPreferences[]) : [],
    templates: templates.success ? (templates.data as TemplateOverrides) : {},
  };
}

/**
 * Lays a clinic's stored settings over the worker's defaults: each setting the clinic stored wins
 * (per message type for `types`), a provider the clinic lists replaces the default entry for that
 * provider, and each stored text replaces the default text of its language and kind.
 *
 * @example
 * const profileParts = mergeMessageSettings(defaults, stored);
 */
export function mergeMessageSettings(
  defaults: NotifyDefaults,
  stored: StoredMessageSettings | undefined,
): Pick<NotifyDefaults, "settings" | "providers" | "templates"> {
  if (!stored) {
    return {
      ...setFields(defaults, ["settings", "providers", "templates"]),
    };
  }
  const base = defaults.settings ?? {};
  const types = { ...base.types, ...stored.settings.types };
  const settings: NotifySettings = {
    ...base,
    ...stored.settings,
    ...(Object.keys(types).length > 0 ? { types } : {}),
  };
  const listed = new Set(stored.providers.map((p) => p.providerId));
  const providers = [
    ...(defaults.providers ?? []).filter((p) => !listed.has(p.providerId)),
    ...stored.providers,
  ];
  const templates: TemplateOverrides = { ...defaults.templates };
  for (const [language, byKind] of Object.entries(stored.templates) as [
    keyof TemplateOverrides,
    NonNullable<TemplateOverrides[keyof TemplateOverrides]>,
  ][]) {
    const merged = { ...templates[language] };
    for (const [kind, own] of Object.entries(byKind) as [keyof typeof merged, object][]) {
      merged[kind] = { ...merged[kind], ...own };
    }
    templates[language] = merged;
  }
  return { settings, providers, templates };
}

/**
 * Validates and stores a clinic's message settings (replacing what was stored), with optimistic
 * concurrency when `expectedVersion` is given (0 = nothing stored yet).
 *
 * @example
 * await saveMessageSettings(tx, "clinic-a", { settings: { quietHours: { start: "21:00", end: "08:00" } } });
 */
export async function saveMessageSettings(
  ops: StorageOperations,
  clinicId: string,
  body: z.output<typeof messageSettingsSchema>,
  options: { expectedVersion?: number } = {},
): Promise<MessageSettingsRecord> {
  // The engine has the last word on what its settings mean (the schemas above mirror its rules).
  const engine = [
    ["settings", notificationSettingsSchema.safeParse({ timeZone: "UTC", ...body.settings })],
    ...body.providers.map(
      (p, i) => [`providers.${i}`, providerPreferencesSchema.safeParse(p)] as const,
    ),
  ] as const;
  for (const [field, result] of engine) {
    if (!result.success) {
      const issue = result.error.issues[0];
      const path = [field, ...(issue?.path ?? []).map(String)].join(".");
      throw new BookwellError("VALIDATION_FAILED", `Invalid body: ${path} ${issue?.message}`, {
        errors: [{ field: path, message: issue?.message ?? "is not valid" }],
      });
    }
  }
  return ops.putMessageSettings(
    clinicId,
    {
      settings: body.settings as unknown as JsonObject,
      providers: body.providers as unknown as JsonObject[],
      templates: body.templates as unknown as JsonObject,
    },
    options,
  );
}
