// Where a visit takes place, as its messages state it. A clinic with several locations (a Madrid
// clinic with a room in Las Palmas, a Lisbon one with a practice in the Azores) must write each
// visit's times in the zone of the calendar it is booked on, and give that location's address.

import type { AppointmentRecord, StorageOperations } from "../storage/storage.js";
import type { NotifyClinic } from "./profile.js";

/** The zone and place of one visit, with the clinic's values where its location has none. */
export interface VisitPlace {
  /** IANA zone the visit's wall times are in: its provider calendar's, else the clinic's. */
  timeZone: string;
  /** The location's name, when the visit's calendar belongs to a stored location. */
  locationName?: string;
  /** The location's address, else the clinic's. */
  address?: string;
  /** The location's phone, else the clinic's. */
  phone?: string;
}

/**
 * The zone, location name, address and phone of a visit: the zone of its first calendar (the
 * provider, whose shifts the booking was checked against), and the address and phone of that
 * calendar's location, each falling back to the clinic's.
 *
 * @example
 * const place = await visitPlace(storage, notifyClinic(clinic), appointment);
 * place.timeZone; // "Atlantic/Canary" for a visit booked on a Las Palmas calendar
 */
export async function visitPlace(
  ops: StorageOperations,
  clinic: NotifyClinic,
  appointment: Pick<AppointmentRecord, "calendarIds">,
): Promise<VisitPlace> {
  const calendarId = appointment.calendarIds[0];
  const calendar = calendarId ? await ops.getCalendar(clinic.id, calendarId) : undefined;
  const location = calendar?.locationId
    ? (await ops.listLocations(clinic.id)).find((l) => l.id === calendar.locationId)
    : undefined;
  const address = location?.address ?? clinic.address;
  const phone = location?.phone ?? clinic.phone;
  return {
    timeZone: calendar?.timeZone ?? location?.timeZone ?? clinic.timeZone,
    ...(location && location.name !== clinic.name ? { locationName: location.name } : {}),
    ...(address ? { address } : {}),
    ...(phone ? { phone } : {}),
  };
}
