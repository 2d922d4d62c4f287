// What a staff caller may see: managers and front desk every calendar and visit of their clinic,
// providers only the calendars granted to them and the visits on those. Anything else answers 404,
// not 403, so it does not reveal that it exists. Routes pass their request, commands their unit of
// work with its caller: both are a `Viewer`.

import { canAccessAppointment, canAccessCalendar, type Principal } from "../auth/principal.js";
import { BookwellError } from "../errors.js";
import type {
  AppointmentRecord,
  CalendarRecord,
  StorageOperations,
  StorageTransaction,
} from "../storage/storage.js";

/** Who looks, and in which clinic: a request's context, or a command's unit of work. */
export interface Viewer {
  readonly clinic: { readonly id: string };
  /** The staff caller; `null` for patients and payment providers (whose access is established otherwise). */
  readonly principal: Principal | null;
}

/**
 * The staff caller (staff routes always have one; 401 otherwise).
 *
 * @example
 * staffPrincipal(ctx).role; // "front_desk"
 */
export function staffPrincipal(viewer: Viewer): Principal {
  if (!viewer.principal) throw new BookwellError("UNAUTHORIZED");
  return viewer.principal;
}

/**
 * A calendar the caller may see, else 404 (providers asking for another's calendar included).
 *
 * @example
 * const calendar = await visibleCalendar(ctx, ctx.app.storage, "ana");
 */
export async function visibleCalendar(
  viewer: Viewer,
  ops: StorageOperations,
  id: string,
): Promise<CalendarRecord> {
  const calendar = await ops.getCalendar(viewer.clinic.id, id);
  if (!calendar || !canAccessCalendar(staffPrincipal(viewer), id)) {
    throw new BookwellError("NOT_FOUND", `No calendar with id ${id}`);
  }
  return calendar;
}

/**
 * A visit of the clinic the caller may see (locked in `tx` when `lock`), else 404 — also for a
 * provider asking for another provider's visit.
 *
 * @example
 * const visit = await visibleVisit(work, work.tx, "apt_1", true);
 */
export async function visibleVisit(
  viewer: Viewer,
  ops: StorageOperations | StorageTransaction,
  id: string,
  lock = false,
): Promise<AppointmentRecord> {
  const found =
    lock && "lockAppointment" in ops
      ? await ops.lockAppointment(viewer.clinic.id, id)
      : await ops.getAppointment(viewer.clinic.id, id);
  if (found && canAccessAppointment(staffPrincipal(viewer), found.calendarIds)) return found;
  throw new BookwellError("NOT_FOUND", `No appointment with id ${id}`);
}
