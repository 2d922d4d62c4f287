// Removing a calendar (a therapist's calendar, a room, equipment) or a service from the clinic:
// one rule for both. One still holding visits booked from now on is not removed (409
// `FUTURE_VISITS`, the visits counted: move or cancel them first); otherwise it is archived
// (`active: false`) rather than deleted, so past visits, invoices and the audit keep naming it.
// For a service the engine then offers no time on any channel and the public catalog leaves it
// out. A PATCH with `active: true` brings either back.

import { BookwellError } from "../errors.js";
import { requireService } from "../services/bookings.js";
import type { AppointmentQuery, CalendarRecord, ServiceRecord } from "../storage/storage.js";
import { changeCalendar, changeService } from "./setup.js";
import type { UnitOfWork } from "./unit-of-work.js";

/**
 * Refuses (409 `FUTURE_VISITS`) while visits matching `which` are booked from now on; `detail`
 * words the refusal (one literal sentence per caller, so the problem catalogs know each).
 */
async function refuseWhileBookedAhead(
  work: UnitOfWork,
  which: Pick<AppointmentQuery, "calendarIds" | "serviceId">,
  detail: (visits: number) => string,
): Promise<void> {
  const ahead = await work.tx.listAppointments(work.clinic.id, {
    ...which,
    from: work.now,
    activeOnly: true,
  });
  if (ahead.length === 0) return;
  throw new BookwellError("CONFLICT", detail(ahead.length), {
    extensions: { reason: "FUTURE_VISITS", visits: ahead.length },
  });
}

/**
 * Archives a calendar the caller may see, refusing while booked visits hold it from now on.
 *
 * @example
 * const archived = await removeCalendar(work, "room-2"); // archived.active === false
 */
export async function removeCalendar(work: UnitOfWork, id: string): Promise<CalendarRecord> {
  await refuseWhileBookedAhead(
    work,
    { calendarIds: [id] },
    (n) =>
      `The calendar has ${n} booked visit(s) from now on: move or cancel them before removing it`,
  );
  return changeCalendar(work, id, { active: false });
}

/**
 * Archives a service, refusing while visits of it are booked from now on.
 *
 * @example
 * const archived = await removeService(work, "massage"); // archived.active === false
 */
export async function removeService(work: UnitOfWork, id: string): Promise<ServiceRecord> {
  await requireService(work.tx, work.clinic.id, id, "id");
  await refuseWhileBookedAhead(
    work,
    { serviceId: id },
    (n) =>
      `The service has ${n} booked visit(s) from now on: move or cancel them before removing it`,
  );
  return changeService(work, id, { active: false }, "service.removed");
}
