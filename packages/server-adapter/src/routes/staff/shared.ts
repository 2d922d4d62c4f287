// Helpers shared by the staff routes: role lists, calendar visibility, record stamps.

import type { Role } from "../../auth/principal.js";
import { canAccessCalendar } from "../../auth/principal.js";
import { BookwellError } from "../../errors.js";
import type { RequestContext } from "../../services/context.js";
import { principalOf } from "../../services/staff-appointments.js";
import type { CalendarRecord } from "../../storage/storage.js";

/** Every staff role. */
export const ANY_ROLE: readonly Role[] = ["manager", "front_desk", "provider"];
/** Manager and front desk: the clinic's shared data. */
export const DESK: readonly Role[] = ["manager", "front_desk"];
/** Manager only: keys and settings. */
export const MANAGER: readonly Role[] = ["manager"];

/** The staff tag of the OpenAPI document. */
export const STAFF_TAGS = ["staff"] as const;

/**
 * A calendar the caller may see, else 404 (providers asking for another's calendar included).
 *
 * @example
 * const calendar = await visibleCalendar(ctx, "ana");
 */
export async function visibleCalendar(ctx: RequestContext, id: string): Promise<CalendarRecord> {
  const calendar = await ctx.app.storage.getCalendar(ctx.clinic.id, id);
  if (!calendar || !canAccessCalendar(principalOf(ctx), id)) {
    throw new BookwellError("NOT_FOUND", `No calendar with id ${id}`);
  }
  return calendar;
}

/**
 * Drops the storage stamps from a record, leaving the fields the engine's schema knows.
 *
 * @example
 * withoutMeta(calendarRecord); // { id, kind, name, … }
 */
export function withoutMeta<
  T extends { clinicId: string; version: number; createdAt: string; updatedAt: string },
>(record: T): Omit<T, "clinicId" | "version" | "createdAt" | "updatedAt"> {
  const { clinicId: _c, version: _v, createdAt: _a, updatedAt: _u, ...rest } = record;
  return rest;
}

/**
 * The fields of `parsed` that the raw body named (PATCH semantics: defaults of absent fields do
 * not overwrite stored values).
 *
 * @example
 * namedFields({ a: 1, b: [] }, { a: 1 }); // { a: 1 }
 */
export function namedFields<T extends object>(parsed: T, raw: unknown): Partial<T> {
  const names = raw && typeof raw === "object" ? Object.keys(raw) : [];
  const out: Partial<T> = {};
  for (const name of names) {
    if (name in parsed)
      (out as Record<string, unknown>)[name] = (parsed as Record<string, unknown>)[name];
  }
  return out;
}
