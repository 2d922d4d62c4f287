// Which calendars a staff caller may see: managers and front desk every calendar of their clinic,
// providers only the ones granted to them; another calendar answers 404, not 403, so it does not
// reveal that it exists. (Visits: `visibleAppointment` in staff-appointments.ts; clients, cases
// and their money: back-office/access.ts.)

import { canAccessCalendar } from "../auth/principal.js";
import type { CommandContext } from "../commands/unit-of-work.js";
import { BookwellError } from "../errors.js";
import type { CalendarRecord, StorageOperations } from "../storage/storage.js";
import { principalOf } from "./staff-appointments.js";

/**
 * A calendar the caller may see, else 404 (providers asking for another's calendar included).
 *
 * @example
 * const calendar = await visibleCalendar(ctx, ctx.app.storage, "ana");
 */
export async function visibleCalendar(
  ctx: CommandContext,
  ops: StorageOperations,
  id: string,
): Promise<CalendarRecord> {
  const calendar = await ops.getCalendar(ctx.clinic.id, id);
  if (!calendar || !canAccessCalendar(principalOf(ctx), id)) {
    throw new BookwellError("NOT_FOUND", `No calendar with id ${id}`);
  }
  return calendar;
}
