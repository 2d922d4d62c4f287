// Setting the clinic up: calendars (providers, rooms, equipment with their shifts, overrides and
// time off), services (in the clinic's currency), the clinic's settings, staff API keys and the
// basic client record. Every change is validated by the engine's schema where it has one and
// audited.

import { calendarSchema, serviceSchema } from "@bookwell/engine";
import { generateApiKey, hashSecret, randomId } from "../auth/api-keys.js";
import type { Role } from "../auth/principal.js";
import { BookwellError, idTaken } from "../errors.js";
import { requireService } from "../services/bookings.js";
import { setFields } from "../services/fields.js";
import { visibleCalendar } from "../services/visibility.js";
import type {
  ApiKeyRecord,
  CalendarRecord,
  ClientInput,
  ClientRecord,
  ClinicRecord,
  ClinicSettings,
  JsonObject,
  ServiceRecord,
  WaitlistMode,
} from "../storage/storage.js";
import { checkCalendarMember } from "./back-office/members.js";
import type { UnitOfWork } from "./unit-of-work.js";
import { offerOpenedTimes } from "./waitlist.js";

/** The fields of a calendar or service as sent (checked by the engine's schema when saved). */
export type Fields = Record<string, unknown> & { id?: string | undefined };

/** A stored record without its storage stamps: the fields the engine's schema knows. */
function withoutMeta<
  T extends { clinicId: string; version: number; createdAt: string; updatedAt: string },
>(record: T): Omit<T, "clinicId" | "version" | "createdAt" | "updatedAt"> {
  const { clinicId: _c, version: _v, createdAt: _a, updatedAt: _u, ...rest } = record;
  return rest;
}

/** Audits a saved calendar or service with its new version, and answers it. */
async function versioned<T extends { id: string; version: number }>(
  work: UnitOfWork,
  action: string,
  entityType: "calendar" | "service",
  record: T,
): Promise<T> {
  return work.audited(record, {
    action,
    entityType,
    entityId: record.id,
    detail: { version: record.version },
  });
}

// --- calendars ---

async function saveCalendar(
  work: UnitOfWork,
  fields: Fields,
  action: string,
): Promise<CalendarRecord> {
  // The profile (photo, bio) is shown to patients, never read by the engine: kept beside it.
  const { photoUrl, bio, ...rules } = fields;
  const profile = {
    ...(typeof photoUrl === "string" ? { photoUrl } : {}),
    ...(typeof bio === "string" && bio !== "" ? { bio } : {}),
  };
  const calendar = calendarSchema.parse(rules);
  await checkCalendarMember(work, calendar);
  // New hours of a provider (a shift, an override, time off removed) are offered to the waitlist.
  const record = await offerOpenedTimes(work, calendar.id, () =>
    work.tx.putCalendar(work.clinic.id, { ...calendar, ...profile }),
  );
  return versioned(work, action, "calendar", record);
}

/**
 * Creates a calendar (provider, room or equipment); 409 when the id is taken.
 *
 * @example
 * const ana = await addCalendar(work, { id: "ana", kind: "provider", name: "Ana", timeZone: "Europe/Lisbon" });
 */
export async function addCalendar(work: UnitOfWork, fields: Fields): Promise<CalendarRecord> {
  const id = fields.id ?? randomId("cal");
  if (await work.tx.getCalendar(work.clinic.id, id)) throw idTaken("calendar", id);
  return saveCalendar(work, { ...fields, id }, "calendar.created");
}

/**
 * Changes the fields sent of a calendar the caller may see (name, shifts, overrides, time off,
 * active…).
 *
 * @example
 * await changeCalendar(work, "ana", { name: "Ana Lima" });
 */
export function changeCalendar(
  work: UnitOfWork,
  id: string,
  changes: Record<string, unknown>,
): Promise<CalendarRecord> {
  return editCalendar(work, id, "calendar.updated", () => changes);
}

/** Saves a calendar the caller may see with the fields `edit` makes of it, audited as `action`. */
async function editCalendar(
  work: UnitOfWork,
  id: string,
  action: string,
  edit: (current: CalendarRecord) => Record<string, unknown>,
): Promise<CalendarRecord> {
  const current = await visibleCalendar(work.request, work.tx, id);
  return saveCalendar(work, { ...withoutMeta(current), ...edit(current) }, action);
}

/**
 * Adds a date override (closed, replaced hours, extra hours) to a calendar the caller may see.
 *
 * @example
 * await addCalendarOverride(work, "ana", { date: "2026-04-25", kind: "closed" });
 */
export function addCalendarOverride(
  work: UnitOfWork,
  id: string,
  override: CalendarRecord["overrides"][number],
): Promise<CalendarRecord> {
  return editCalendar(work, id, "calendar.override_added", (current) => ({
    overrides: [...current.overrides, override],
  }));
}

/**
 * Removes every override of one date from a calendar the caller may see.
 *
 * @example
 * await removeCalendarOverrides(work, "ana", "2026-04-25");
 */
export function removeCalendarOverrides(
  work: UnitOfWork,
  id: string,
  date: string,
): Promise<CalendarRecord> {
  return editCalendar(work, id, "calendar.override_removed", (current) => ({
    overrides: current.overrides.filter((o) => o.date !== date),
  }));
}

/**
 * Adds time off (vacation, training) between two instants to a calendar the caller may see.
 *
 * @example
 * await addCalendarTimeOff(work, "ana", { start: "2026-08-01T00:00:00Z", end: "2026-08-15T00:00:00Z" });
 */
export function addCalendarTimeOff(
  work: UnitOfWork,
  id: string,
  timeOff: CalendarRecord["timeOff"][number],
): Promise<CalendarRecord> {
  return editCalendar(work, id, "calendar.time_off_added", (current) => ({
    timeOff: [...current.timeOff, timeOff],
  }));
}

// --- services ---

/** Where a service holds money: its price and the fixed fees of its policies. */
function moneyOf(input: Record<string, unknown>): { field: string; currency: unknown }[] {
  const at = (value: unknown, ...path: string[]): unknown =>
    path.reduce<unknown>(
      (v, key) =>
        v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined,
      value,
    );
  const found: { field: string; currency: unknown }[] = [];
  const add = (field: string, money: unknown) => {
    const currency = at(money, "currency");
    if (currency !== undefined) found.push({ field: `${field}.currency`, currency });
  };
  if ("price" in input) add("price", input.price);
  add(
    "policies.cancellationPolicy.lateFee.amount",
    at(input, "policies", "cancellationPolicy", "lateFee", "amount"),
  );
  add("policies.noShowFee.amount", at(input, "policies", "noShowFee", "amount"));
  add(
    "policies.onlinePayment.deposit.amount",
    at(input, "policies", "onlinePayment", "deposit", "amount"),
  );
  const items = at(input, "policies", "billingItems");
  if (Array.isArray(items)) {
    for (const [i, item] of items.entries()) {
      add(`policies.billingItems.${i}.unitPrice`, at(item, "unitPrice"));
    }
  }
  return found;
}

/**
 * Refuses money in another currency than the clinic's: charges, invoices and payments are kept in
 * the clinic's currency, so a service priced in another one could never be billed.
 */
function requireClinicCurrency(clinic: ClinicRecord, sent: Record<string, unknown>): void {
  const wrong = moneyOf(sent).filter((m) => m.currency !== clinic.currency);
  if (wrong.length > 0) {
    throw new BookwellError("VALIDATION_FAILED", `Prices and fees are in ${clinic.currency}`, {
      errors: wrong.map((m) => ({ field: m.field, message: `must be ${clinic.currency}` })),
    });
  }
}

/** A service's rules without the ones a change removed (`null`). */
function withoutNulls(policies: unknown): JsonObject {
  if (!policies || typeof policies !== "object") return {};
  return Object.fromEntries(
    Object.entries(policies).filter(([, value]) => value !== null),
  ) as JsonObject;
}

async function saveService(
  work: UnitOfWork,
  input: Record<string, unknown>,
  action: string,
): Promise<ServiceRecord> {
  const { description, policies, translations, ...fields } = input;
  const parsed = serviceSchema.parse(fields);
  const texts = withoutNulls(translations);
  const record = await work.tx.putService(work.clinic.id, {
    ...parsed,
    description: typeof description === "string" ? description : "",
    policies: withoutNulls(policies),
    ...(Object.keys(texts).length > 0 ? { translations: texts } : {}),
  });
  return versioned(work, action, "service", record);
}

/**
 * Creates a service priced in the clinic's currency; 409 when the id is taken.
 *
 * @example
 * await addService(work, { name: "Physio", category: "Physio", discipline: "physio", durationMinutes: 45, price: { amount: 4500, currency: "EUR" } });
 */
export async function addService(work: UnitOfWork, fields: Fields): Promise<ServiceRecord> {
  const id = fields.id ?? randomId("svc");
  if (await work.tx.getService(work.clinic.id, id)) throw idTaken("service", id);
  requireClinicCurrency(work.clinic, fields);
  return saveService(work, { ...fields, id }, "service.created");
}

/**
 * Changes the fields sent of a service; only the money sent is checked against the clinic's
 * currency, so a service priced before a currency change stays editable. `action` names the
 * audit entry (`service.updated` unless a caller says what the change is).
 *
 * @example
 * await changeService(work, "physio", { durationMinutes: 60 });
 */
export async function changeService(
  work: UnitOfWork,
  id: string,
  changes: Record<string, unknown>,
  action = "service.updated",
): Promise<ServiceRecord> {
  const current = await requireService(work.tx, work.clinic.id, id, "id");
  requireClinicCurrency(work.clinic, changes);
  const policies =
    changes.policies && typeof changes.policies === "object"
      ? { ...current.policies, ...(changes.policies as JsonObject) }
      : current.policies;
  return saveService(work, { ...withoutMeta(current), ...changes, policies }, action);
}

// --- the clinic and its keys ---

/** A change of the clinic's settings: the fields sent; `null` clears an optional one. */
export interface SettingsChange {
  name?: string | undefined;
  timeZone?: string | undefined;
  locale?: string | undefined;
  currency?: string | undefined;
  allowedOrigins?: string[] | undefined;
  taxId?: string | null | undefined;
  address?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  waitlistMode?: WaitlistMode | undefined;
  waitlistHoldMinutes?: number | undefined;
  brandColor?: string | null | undefined;
  logoUrl?: string | null | undefined;
  refundOnFreeCancel?: boolean | undefined;
  country?: string | null | undefined;
}

/**
 * Changes the clinic's settings (only the fields sent; `null` clears); the audit entry names them.
 *
 * @example
 * await changeSettings(work, { taxId: "PT501234567" });
 */
export async function changeSettings(
  work: UnitOfWork,
  change: SettingsChange,
): Promise<ClinicRecord> {
  const current = await work.tx.getClinic(work.clinic.id);
  if (!current) throw new BookwellError("NOT_FOUND", "No such clinic");
  const next: ClinicSettings = {
    name: change.name ?? current.name,
    timeZone: change.timeZone ?? current.timeZone,
    locale: change.locale ?? current.locale,
    currency: change.currency ?? current.currency,
    allowedOrigins: change.allowedOrigins ?? current.allowedOrigins,
  };
  const waitlistMode = change.waitlistMode ?? current.waitlistMode;
  if (waitlistMode) next.waitlistMode = waitlistMode;
  const waitlistHoldMinutes = change.waitlistHoldMinutes ?? current.waitlistHoldMinutes;
  if (waitlistHoldMinutes) next.waitlistHoldMinutes = waitlistHoldMinutes;
  const refundOnFreeCancel = change.refundOnFreeCancel ?? current.refundOnFreeCancel;
  if (refundOnFreeCancel !== undefined) next.refundOnFreeCancel = refundOnFreeCancel;
  for (const field of [
    "taxId",
    "address",
    "phone",
    "email",
    "brandColor",
    "logoUrl",
    "country",
  ] as const) {
    const value = change[field] === undefined ? current[field] : change[field];
    if (value) next[field] = value;
  }
  const record = await work.tx.updateClinic(work.clinic.id, next);
  return work.audited(record, {
    action: "clinic.settings_updated",
    entityType: "clinic",
    entityId: work.clinic.id,
    detail: { fields: Object.keys(change) },
  });
}

/** A staff API key to create; a provider key names the calendars it may see. */
export interface NewApiKey {
  name: string;
  role: Role;
  calendarIds: string[];
}

/**
 * Creates an API key and answers it with its secret, which is shown once (only its SHA-256 is
 * kept); a provider key's calendars must be the clinic's.
 *
 * @example
 * const { key, secret } = await createApiKey(work, { name: "Desk", role: "front_desk", calendarIds: [] });
 */
export async function createApiKey(
  work: UnitOfWork,
  input: NewApiKey,
): Promise<{ key: ApiKeyRecord; secret: string }> {
  if (input.role === "provider") {
    const calendars = await work.tx.listCalendars(work.clinic.id, { ids: input.calendarIds });
    if (calendars.length !== new Set(input.calendarIds).size) {
      throw new BookwellError("VALIDATION_FAILED", "Unknown calendar in calendarIds", {
        errors: [{ field: "calendarIds", message: "must name calendars of this clinic" }],
      });
    }
  }
  const secret = generateApiKey();
  const key = await work.tx.insertApiKey(work.clinic.id, {
    id: randomId("key"),
    name: input.name,
    keyHash: hashSecret(secret),
    role: input.role,
    calendarIds: input.role === "provider" ? input.calendarIds : [],
  });
  await work.audit({
    action: "api_key.created",
    entityType: "api_key",
    entityId: key.id,
    detail: { role: key.role, name: key.name },
  });
  return { key, secret };
}

/**
 * Revokes a live API key at once (404 when there is none with that id).
 *
 * @example
 * await revokeApiKey(work, "key_1");
 */
export async function revokeApiKey(work: UnitOfWork, id: string): Promise<void> {
  if (!(await work.tx.revokeApiKey(work.clinic.id, id, work.now))) {
    throw new BookwellError("NOT_FOUND", `No live API key with id ${id}`);
  }
  await work.audit({ action: "api_key.revoked", entityType: "api_key", entityId: id });
}

// --- clients ---

/** A client to create at the desk (the basic record; intake with duplicate checks is the back office's). */
export interface NewClient {
  id?: string | undefined;
  name: string;
  email?: string | undefined;
  phone?: string | undefined;
  taxId?: string | undefined;
}

/**
 * Creates a client; 409 when the id is taken.
 *
 * @example
 * const client = await addClient(work, { name: "Rita Sousa", email: "rita@example.com" });
 */
export async function addClient(work: UnitOfWork, input: NewClient): Promise<ClientRecord> {
  const id = input.id ?? randomId("cli");
  if (await work.tx.getClient(work.clinic.id, id)) throw idTaken("client", id);
  const record = await work.tx.putClient(work.clinic.id, {
    id,
    name: input.name,
    ...setFields(input, ["email", "phone", "taxId"]),
  });
  return work.audited(record, { action: "client.created", entityType: "client", entityId: id });
}

/** A change of a client's contact details: the fields sent; `null` clears an optional one. */
export interface ClientChange {
  name?: string | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  taxId?: string | null | undefined;
}

/**
 * Changes a client's name and contact details (only the fields sent; `null` clears); the audit
 * entry names them.
 *
 * @example
 * await changeClient(work, "cli_1", { phone: null });
 */
export async function changeClient(
  work: UnitOfWork,
  id: string,
  change: ClientChange,
): Promise<ClientRecord> {
  const current = await work.tx.getClient(work.clinic.id, id);
  if (!current) throw new BookwellError("NOT_FOUND", `No client with id ${id}`);
  // Everything the change does not name stays as it is (address, notes, language…).
  const next: ClientInput = { ...withoutMeta(current), name: change.name ?? current.name };
  for (const field of ["email", "phone", "taxId"] as const) {
    const value = change[field] === undefined ? current[field] : change[field];
    if (value) next[field] = value;
    else delete next[field];
  }
  const record = await work.tx.putClient(work.clinic.id, next);
  return work.audited(record, {
    action: "client.updated",
    entityType: "client",
    entityId: id,
    detail: { fields: Object.keys(change) },
  });
}
