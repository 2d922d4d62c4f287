// The private notes of a visit: staff only, never in a message or a patient's answer, and every
// read and write audited with who and when.

import { randomId } from "../auth/api-keys.js";
import { requireService } from "../services/bookings.js";
import { visibleAppointment } from "../services/staff-appointments.js";
import type { AppointmentNoteRecord } from "../storage/storage.js";
import type { UnitOfWork } from "./unit-of-work.js";

/**
 * The notes of a visit the caller may see, oldest first; the read is audited.
 *
 * @example
 * const notes = await readVisitNotes(work, "apt_1");
 */
export async function readVisitNotes(
  work: UnitOfWork,
  appointmentId: string,
): Promise<AppointmentNoteRecord[]> {
  const visit = await visibleAppointment(work.request, work.tx, appointmentId);
  const notes = await work.tx.listAppointmentNotes(work.clinic.id, visit.id);
  return work.audited(notes, {
    action: "note.read",
    entityType: "appointment",
    entityId: visit.id,
    detail: { count: notes.length },
  });
}

/**
 * Adds a note to a visit the caller may see, written by the request's actor; audited.
 *
 * @example
 * const note = await addVisitNote(work, "apt_1", "Left knee, 3 sets");
 */
export async function addVisitNote(
  work: UnitOfWork,
  appointmentId: string,
  text: string,
): Promise<AppointmentNoteRecord> {
  const visit = await visibleAppointment(work.request, work.tx, appointmentId);
  await requireService(work.tx, work.clinic.id, visit.serviceId);
  const note = await work.tx.addAppointmentNote(work.clinic.id, {
    id: randomId("note"),
    appointmentId: visit.id,
    author: work.actor,
    text,
  });
  return work.audited(note, {
    action: "note.created",
    entityType: "appointment",
    entityId: visit.id,
    detail: { noteId: note.id },
  });
}
