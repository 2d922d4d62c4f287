// Removing a calendar (a therapist's calendar, a room, equipment) from the clinic: one rule for
// every caller. A calendar still holding booked visits from now on is not removed (409, the
// visits counted: move or cancel them first); otherwise it is archived (`active: false`) rather
// than deleted, so past visits, invoices and the audit keep naming it. It can be made active
// again with a PATCH.

import { BookwellError } from "../errors.js";
import type { CalendarRecord } from "../storage/storage.js";
import { changeCalendar } from "./setup.js";
import type { UnitOfWork } from "./unit-of-work.js";

/**
 * Archives a calendar the caller may see, refusing while booked visits hold it from now on.
 *
 * @example
 * const archived = await removeCalendar(work, "room-2"); // archived.active === false
 */
export async function removeCalendar(work: UnitOfWork, id: string): Promise<CalendarRecord> {
  const ahead = await work.tx.listAppointments(work.clinicId, {
    calendarIds: [id],
    from: work.now,
    activeOnly: true,
  });
  if (ahead.length > 0) {
    throw new BookwellError(
      "CONFLICT",
      `The calendar has ${ahead.length} booked visit(s) from now on: move or cancel them before removing it`,
      { extensions: { reason: "FUTURE_VISITS", visits: ahead.length } },
    );
  }
  return changeCalendar(work, id, { active: false });
}
