import type { AppointmentInput, CalendarInput, ServiceInput } from "../model.js";

/** A physio provider working Mon–Fri 09:00–17:00 with a 12:00–13:00 break, in `zone`. */
export function provider(
  id: string,
  zone = "Europe/Lisbon",
  extra: Partial<CalendarInput> = {},
): CalendarInput {
  return {
    id,
    kind: "provider",
    name: id,
    locationId: "main",
    disciplines: ["physio"],
    timeZone: zone,
    weekly: [1, 2, 3, 4, 5].map((weekday) => ({
      weekday,
      start: "09:00",
      end: "17:00",
      breaks: [{ start: "12:00", end: "13:00" }],
    })),
    ...extra,
  };
}

/** A 60-minute physio session on a 60-minute grid. */
export function service(extra: Partial<ServiceInput> = {}): ServiceInput {
  return {
    id: "physio",
    name: "Physio session",
    discipline: "physio",
    durationMinutes: 60,
    price: { amount: 3500, currency: "EUR" },
    ...extra,
  };
}

let counter = 0;
/** An appointment holding `calendarIds` from `start` to `end`. */
export function appointment(
  calendarIds: string[],
  start: string,
  end: string,
  extra: Partial<AppointmentInput> = {},
): AppointmentInput {
  counter += 1;
  return {
    id: `a${counter}`,
    serviceId: "physio",
    calendarIds,
    start,
    end,
    status: "booked",
    ...extra,
  };
}

/** Local `HH:MM` of each slot start, for readable assertions. */
export function times(slots: { start: string }[]): string[] {
  return slots.map((s) => s.start.slice(11, 16));
}
