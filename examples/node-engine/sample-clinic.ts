// A sample physiotherapy clinic in Lisbon: three providers, two rooms, a few services and bookings.
// The week starts on the Monday after `today`, so the example always shows future slots.
import {
  type AppointmentInput,
  type CalendarInput,
  clockFor,
  parseDay,
  type ServiceInput,
} from "@bookwell/engine";

const zone = "Europe/Lisbon";
const weekdays = (
  start: string,
  end: string,
  breaks = [{ start: "13:00", end: "14:00" }],
  days = [1, 2, 3, 4, 5],
) => days.map((weekday) => ({ weekday, start, end, breaks }));

export const calendars: CalendarInput[] = [
  {
    id: "ana",
    kind: "provider",
    name: "Ana Silva",
    locationId: "lisbon",
    disciplines: ["physio"],
    timeZone: zone,
    weekly: weekdays("09:00", "18:00"),
  },
  {
    id: "bruno",
    kind: "provider",
    name: "Bruno Costa",
    locationId: "lisbon",
    disciplines: ["physio", "osteopathy"],
    timeZone: zone,
    weekly: weekdays("08:00", "14:00", [], [1, 3, 5]),
  },
  {
    id: "carla",
    kind: "provider",
    name: "Carla Dias",
    locationId: "lisbon",
    disciplines: ["massage"],
    timeZone: zone,
    weekly: weekdays("12:00", "20:00", [{ start: "16:00", end: "16:30" }]),
  },
  {
    id: "room-1",
    kind: "room",
    name: "Room 1",
    resourceKind: "treatment-room",
    locationId: "lisbon",
    timeZone: zone,
    weekly: weekdays("08:00", "20:00", []),
  },
  {
    id: "room-2",
    kind: "room",
    name: "Room 2",
    resourceKind: "treatment-room",
    locationId: "lisbon",
    timeZone: zone,
    weekly: weekdays("08:00", "20:00", []),
  },
];

const eur = (amount: number) => ({ amount, currency: "EUR" });
export const services: ServiceInput[] = [
  {
    id: "assessment",
    name: "Initial assessment",
    category: "Physiotherapy",
    discipline: "physio",
    durationMinutes: 60,
    price: eur(4500),
    bufferAfterMinutes: 10,
    slotIntervalMinutes: 30,
    leadTimeMinutes: 12 * 60,
    horizonDays: 60,
    resourceKinds: ["treatment-room"],
  },
  {
    id: "physio",
    name: "Physio session",
    category: "Physiotherapy",
    discipline: "physio",
    durationMinutes: 50,
    price: eur(3500),
    bufferAfterMinutes: 10,
    slotIntervalMinutes: 60,
    leadTimeMinutes: 2 * 60,
    horizonDays: 60,
    resourceKinds: ["treatment-room"],
  },
  {
    id: "massage",
    name: "Therapeutic massage",
    category: "Massage",
    discipline: "massage",
    durationMinutes: 50,
    price: eur(4000),
    bufferAfterMinutes: 10,
    slotIntervalMinutes: 60,
    leadTimeMinutes: 2 * 60,
    horizonDays: 60,
  },
];

/** Monday 00:00 UTC of the week after `today` (a `YYYY-MM-DD`). */
export function nextMonday(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  const add = (8 - d.getUTCDay()) % 7 || 7;
  d.setUTCDate(d.getUTCDate() + add);
  return d.toISOString().slice(0, 10);
}

/** A few bookings in the week starting on `monday`, at Lisbon wall times (DST-safe). */
export function sampleAppointments(monday: string): AppointmentInput[] {
  const clock = clockFor(zone);
  const first = parseDay(monday) as number;
  const visit = (
    id: string,
    serviceId: string,
    calendarIds: string[],
    day: number,
    time: string,
    minutes: number,
  ): AppointmentInput => {
    const startMs = clock.toInstant(
      first + day,
      Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)),
    );
    return {
      id,
      serviceId,
      calendarIds,
      start: clock.format(startMs),
      end: clock.format(startMs + minutes * 60_000),
      status: "booked",
    };
  };
  return [
    visit("b1", "physio", ["ana", "room-1"], 0, "09:00", 50),
    visit("b2", "physio", ["ana", "room-1"], 0, "11:00", 50),
    visit("b3", "assessment", ["bruno", "room-2"], 0, "09:00", 60),
    visit("b4", "massage", ["carla"], 1, "12:00", 50),
    visit("b5", "physio", ["ana", "room-2"], 2, "15:00", 50),
  ];
}
