// Helpers shared by the staff routes: role lists, how a staff route is declared and answers,
// PATCH fields, how a visit's note looks.

import type { Role } from "../../auth/principal.js";
import type { AppointmentNoteRecord } from "../../storage/storage.js";
import { NO_STORE, replyAs } from "../command-reply.js";
import { declareRoutes } from "../declare.js";
import { routesAt } from "../group.js";
import { idParam } from "../schemas/public.js";

/** Every staff role. */
export const ANY_ROLE: readonly Role[] = ["manager", "front_desk", "provider"];
/** Manager and front desk: the clinic's shared data. */
export const DESK: readonly Role[] = ["manager", "front_desk"];
/** Manager only: keys and settings. */
export const MANAGER: readonly Role[] = ["manager"];

/** The staff tag of the OpenAPI document. */
export const STAFF_TAGS = ["staff"] as const;

/**
 * The declaration of staff routes tagged `tags` and open to every role unless a route names its
 * own (see {@link staffRoute}; the back office declares its routes with its own tags).
 *
 * @example
 * export const backOfficeRoute = staffRoutes(["staff", "back office"]);
 */
export function staffRoutes(tags: readonly string[]) {
  return declareRoutes("staff", tags, ANY_ROLE);
}

/**
 * Declares a staff route ({@link declareRoutes} with `access: "staff"`): tagged `staff` and open to
 * every role unless the spec names its own tags or roles. A route that runs one command (or makes
 * one plain read) names it (`command`, `load`) and how its result is answered (`reply`) instead of
 * writing a handler.
 *
 * @example
 * export const addNote = staffRoute({
 *   method: "post", path: "/v1/staff/appointments/:id/notes", operationId: "staffAddNote",
 *   summary: "Add a private note", params: idParam, body: noteBody, idempotent: true,
 *   responses: { 201: { description: "The note", schema: z.object({ note: staffNote }) } },
 *   command: ({ params, body }, work) => addVisitNote(work, params.id, body.text),
 *   reply: replyAs(201, "note", presentNote),
 * });
 */
export const staffRoute = staffRoutes(STAFF_TAGS);

/**
 * The staff routes of one appointment, at `/v1/staff/appointments/:id` (see {@link routesAt}).
 *
 * @example
 * export const move = appointmentRoutes.post("/move", { operationId: "staffMoveAppointment", … });
 */
export const appointmentRoutes = routesAt(staffRoute, "/v1/staff/appointments/:id", idParam);

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
 * The answer of an audited read of private notes: the notes, oldest first, never cached.
 *
 * @example
 * notesReply([note], ctx); // { status: 200, headers: { "cache-control": "no-store" }, body: { notes: [{ id, … }] } }
 */
export const notesReply = replyAs(
  200,
  "notes",
  (notes: AppointmentNoteRecord[]) => notes.map(presentNote),
  NO_STORE,
);

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
