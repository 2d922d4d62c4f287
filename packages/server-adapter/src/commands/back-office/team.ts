// The team and the reports: a provider's own catalog and prices, locations, the calendars a
// provider key may see, and the audited monthly figures.

import type { MonthlyReport } from "@bookwell/engine";
import { BookwellError } from "../../errors.js";
import { clinicMonthlyReport } from "../../services/back-office/reports.js";
import { type CatalogEntry, providerCatalogOf } from "../../services/back-office/team.js";
import { unknownProvider } from "../../services/scheduling.js";
import { visibleCalendar } from "../../services/visibility.js";
import type { ApiKeyRecord, LocationInput, LocationRecord } from "../../storage/storage.js";
import type { UnitOfWork } from "../unit-of-work.js";

/** A provider's terms for one service: their own price (none: the service's) and whether offered. */
export interface ProviderTerms {
  price?: { amount: number; currency: string } | null | undefined;
  active: boolean;
}

/**
 * Puts a service on a provider's catalog, optionally at their own price (in the service's
 * currency), and answers the provider's catalog as it is then.
 *
 * @example
 * const catalog = await offerService(work, "ana", "physio", { price: { amount: 5500, currency: "EUR" }, active: true });
 */
export async function offerService(
  work: UnitOfWork,
  providerId: string,
  serviceId: string,
  terms: ProviderTerms,
): Promise<{ providerId: string; services: CatalogEntry[] }> {
  const { tx } = work;
  const provider = await visibleCalendar(work.request, tx, providerId);
  const service = await tx.getService(work.clinic.id, serviceId);
  if (provider.kind !== "provider" || !service) {
    throw new BookwellError("NOT_FOUND", "No such provider or service", {
      errors: [{ field: provider.kind !== "provider" ? "id" : "serviceId", message: "not found" }],
    });
  }
  if (terms.price && terms.price.currency !== service.price.currency) {
    throw new BookwellError("VALIDATION_FAILED", "The price must be in the service's currency", {
      errors: [{ field: "price.currency", message: `must be ${service.price.currency}` }],
    });
  }
  await tx.putProviderService(work.clinic.id, {
    calendarId: provider.id,
    serviceId: service.id,
    ...(terms.price ? { price: terms.price } : {}),
    active: terms.active,
  });
  await work.audit({
    action: "provider_service.saved",
    entityType: "calendar",
    entityId: provider.id,
    detail: { serviceId: service.id, price: terms.price?.amount ?? null, active: terms.active },
  });
  return providerCatalogOf(work.request, tx, provider.id);
}

/**
 * Takes a service off a provider's catalog (404 when it was not on it).
 *
 * @example
 * await withdrawService(work, "ana", "physio");
 */
export async function withdrawService(
  work: UnitOfWork,
  providerId: string,
  serviceId: string,
): Promise<void> {
  await visibleCalendar(work.request, work.tx, providerId);
  if (!(await work.tx.deleteProviderService(work.clinic.id, providerId, serviceId))) {
    throw new BookwellError("NOT_FOUND", "That service is not on the catalog");
  }
  await work.audit({
    action: "provider_service.removed",
    entityType: "calendar",
    entityId: providerId,
    detail: { serviceId },
  });
}

/**
 * Creates or replaces a location.
 *
 * @example
 * await saveLocation(work, { id: "baixa", name: "Baixa", timeZone: "Europe/Lisbon" });
 */
export async function saveLocation(
  work: UnitOfWork,
  location: LocationInput,
): Promise<LocationRecord> {
  const saved = await work.tx.putLocation(work.clinic.id, location);
  return work.audited(saved, {
    action: "location.saved",
    entityType: "location",
    entityId: location.id,
  });
}

/**
 * Replaces the calendars a provider key may see; every calendar must be the clinic's.
 *
 * @example
 * const key = await grantCalendars(work, "key_1", ["ana", "room-1"]);
 */
export async function grantCalendars(
  work: UnitOfWork,
  keyId: string,
  calendarIds: string[],
): Promise<ApiKeyRecord> {
  const known = new Set((await work.tx.listCalendars(work.clinic.id)).map((c) => c.id));
  const unknown = calendarIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new BookwellError("VALIDATION_FAILED", `Unknown calendars: ${unknown.join(", ")}`, {
      errors: [{ field: "calendarIds", message: `${unknown.join(", ")} not found` }],
    });
  }
  const key = await work.tx.setApiKeyCalendars(work.clinic.id, keyId, calendarIds);
  return work.audited(key, {
    action: "api_key.grants_changed",
    entityType: "api_key",
    entityId: key.id,
    detail: { calendarIds: key.calendarIds },
  });
}

/**
 * The month's figures (the engine's report; 404 for a `providerId` that is not a provider of the
 * clinic, whose report would show the totals beside no row); the read is audited, with its format.
 *
 * @example
 * const report = await readMonthlyReport(work, "2026-03", undefined, "json");
 */
export async function readMonthlyReport(
  work: UnitOfWork,
  month: string,
  providerId: string | undefined,
  format: "json" | "csv",
): Promise<MonthlyReport> {
  if (providerId !== undefined) {
    const calendar = await work.tx.getCalendar(work.clinic.id, providerId);
    if (calendar?.kind !== "provider") {
      throw unknownProvider(providerId);
    }
  }
  const report = await clinicMonthlyReport(work.tx, work.clinic, month);
  return work.audited(report, {
    action: "report.read",
    entityType: "report",
    entityId: month,
    ...(format === "csv" ? { detail: { format } } : {}),
  });
}
