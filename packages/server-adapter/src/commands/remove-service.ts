// Removing a service from the clinic: the same rule as removing a calendar. A service with visits
// booked from now on is not removed (409, the visits counted: move or cancel them first);
// otherwise it is archived (`active: false`) rather than deleted, so past visits, invoices and the
// audit keep naming it, while the engine offers no time for it on any channel and the public
// catalog leaves it out. A PATCH with `active: true` brings it back.

import { BookwellError } from "../errors.js";
import { requireService } from "../services/bookings.js";
import type { ServiceRecord } from "../storage/storage.js";
import { changeService } from "./setup.js";
import type { UnitOfWork } from "./unit-of-work.js";

/**
 * Archives a service, refusing while visits of it are booked from now on.
 *
 * @example
 * const archived = await removeService(work, "massage"); // archived.active === false
 */
export async function removeService(work: UnitOfWork, id: string): Promise<ServiceRecord> {
  await requireService(work.tx, work.clinic.id, id, "id");
  const ahead = await work.tx.listAppointments(work.clinic.id, {
    serviceId: id,
    from: work.now,
    activeOnly: true,
  });
  if (ahead.length > 0) {
    throw new BookwellError(
      "CONFLICT",
      `The service has ${ahead.length} booked visit(s) from now on: move or cancel them before removing it`,
      { extensions: { reason: "FUTURE_VISITS", visits: ahead.length } },
    );
  }
  return changeService(work, id, { active: false }, "service.removed");
}
