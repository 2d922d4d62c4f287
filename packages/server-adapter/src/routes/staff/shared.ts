// Helpers shared by the staff routes: role lists, PATCH fields, how a visit's note looks.

import type { Role } from "../../auth/principal.js";
import type { AppointmentNoteRecord } from "../../storage/storage.js";

/** Every staff role. */
export const ANY_ROLE: readonly Role[] = ["manager", "front_desk", "provider"];
/** Manager and front desk: the clinic's shared data. */
export const DESK: readonly Role[] = ["manager", "front_desk"];
/** Manager only: keys and settings. */
export const MANAGER: readonly Role[] = ["manager"];

/** The staff tag of the OpenAPI document. */
export const STAFF_TAGS = ["staff"] as const;

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

/**
 * A visit's private note as the staff routes show it.
 *
 * @example
 * presentNote(note); // { id, appointmentId, author, text, createdAt }
 */
export function presentNote(n: AppointmentNoteRecord) {
  return {
    id: n.id,
    appointmentId: n.appointmentId,
    author: n.author,
    text: n.text,
    createdAt: n.createdAt,
  };
}
