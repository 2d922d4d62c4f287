// Sample data for the examples and the demo: "Clínica Movimento", a physiotherapy clinic in Lisbon
// with three providers, two treatment rooms, a shockwave machine, nine services and a few clients.
// Bookings are generated relative to a given Monday, so the demo always shows a live week.
import {
  type AppointmentInput,
  type CalendarInput,
  clockFor,
  parseDay,
  type ServiceInput,
} from "@bookwell/engine";

/** The clinic's settings. */
export const clinic = {
  id: "movimento",
  name: "Clínica Movimento",
  timeZone: "Europe/Lisbon",
  locale: "en",
  currency: "EUR",
  taxId: "PT509999990",
  address: "Rua das Flores 12, 1200-195 Lisboa",
  phone: "+351 210 000 000",
  email: "hello@movimento.example",
};

const zone = clinic.timeZone;
const weekdays = (
  start: string,
  end: string,
  breaks = [{ start: "13:00", end: "14:00" }],
  days = [1, 2, 3, 4, 5],
) => days.map((weekday) => ({ weekday, start, end, breaks }));

/** Providers, rooms and equipment. */
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
    disciplines: ["massage", "pilates"],
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
  {
    id: "shockwave",
    kind: "equipment",
    name: "Shockwave unit",
    resourceKind: "shockwave",
    locationId: "lisbon",
    timeZone: zone,
    weekly: weekdays("08:00", "20:00", []),
  },
];

const eur = (amount: number) => ({ amount, currency: "EUR" });
const policy24h = {
  freeUntilHoursBefore: 24,
  lateFee: { type: "percent", basisPoints: 5000 },
  online: "allowed",
  selfServiceCutoffHours: 2,
};

/** The service catalog (prices in cents). */
export const services: ServiceInput[] = [
  {
    id: "assessment",
    name: "Initial assessment",
    category: "Physiotherapy",
    discipline: "physio",
    description: "First visit: history, examination and a treatment plan.",
    durationMinutes: 60,
    price: eur(4500),
    bufferAfterMinutes: 10,
    slotIntervalMinutes: 30,
    leadTimeMinutes: 12 * 60,
    horizonDays: 60,
    resourceKinds: ["treatment-room"],
    cancellationPolicy: { ...policy24h, freeUntilHoursBefore: 48 },
  },
  {
    id: "physio",
    name: "Physio session",
    category: "Physiotherapy",
    discipline: "physio",
    description: "Follow-up session of your treatment plan.",
    durationMinutes: 50,
    price: eur(3500),
    bufferAfterMinutes: 10,
    slotIntervalMinutes: 60,
    leadTimeMinutes: 2 * 60,
    horizonDays: 60,
    resourceKinds: ["treatment-room"],
    cancellationPolicy: policy24h,
  },
  {
    id: "post-surgical",
    name: "Post-surgical rehab",
    category: "Physiotherapy",
    discipline: "physio",
    description: "Bring your surgeon's report to the first session.",
    durationMinutes: 50,
    price: eur(4000),
    bufferAfterMinutes: 10,
    slotIntervalMinutes: 60,
    leadTimeMinutes: 24 * 60,
    horizonDays: 60,
    resourceKinds: ["treatment-room"],
    cancellationPolicy: { ...policy24h, freeUntilHoursBefore: 48 },
  },
  {
    id: "shockwave-therapy",
    name: "Shockwave therapy",
    category: "Physiotherapy",
    discipline: "physio",
    description: "Radial shockwave for tendinopathies.",
    durationMinutes: 30,
    price: eur(3000),
    slotIntervalMinutes: 30,
    leadTimeMinutes: 2 * 60,
    horizonDays: 60,
    resourceKinds: ["treatment-room", "shockwave"],
    cancellationPolicy: policy24h,
  },
  {
    id: "osteopathy",
    name: "Physio + osteopathy",
    category: "Osteopathy",
    discipline: "osteopathy",
    durationMinutes: 60,
    price: eur(4500),
    bufferAfterMinutes: 10,
    slotIntervalMinutes: 60,
    leadTimeMinutes: 2 * 60,
    horizonDays: 60,
    resourceKinds: ["treatment-room"],
    cancellationPolicy: policy24h,
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
    cancellationPolicy: policy24h,
  },
  {
    id: "sports-massage",
    name: "Sports massage",
    category: "Massage",
    discipline: "massage",
    durationMinutes: 30,
    price: eur(2500),
    bufferAfterMinutes: 10,
    slotIntervalMinutes: 30,
    leadTimeMinutes: 2 * 60,
    horizonDays: 60,
    cancellationPolicy: policy24h,
  },
  {
    id: "pilates",
    name: "Clinical Pilates class",
    category: "Classes",
    discipline: "pilates",
    description: "Small group, up to 6 people.",
    durationMinutes: 55,
    price: eur(1500),
    slotIntervalMinutes: 60,
    leadTimeMinutes: 60,
    horizonDays: 30,
    capacity: 6,
    cancellationPolicy: { ...policy24h, freeUntilHoursBefore: 12 },
  },
  {
    id: "manual-therapy",
    name: "Manual therapy (staff only)",
    category: "Physiotherapy",
    discipline: "physio",
    durationMinutes: 45,
    price: eur(4000),
    slotIntervalMinutes: 15,
    horizonDays: 90,
    onlineBookable: false,
  },
];

/** A few existing patients. */
export const clients = [
  {
    id: "c-maria",
    name: "Maria Santos",
    email: "maria@example.com",
    phone: "+351 912 000 001",
    taxId: "PT123456789",
  },
  { id: "c-joao", name: "João Pereira", email: "joao@example.com", phone: "+351 912 000 002" },
  {
    id: "c-ines",
    name: "Inês Rocha",
    email: "ines@example.com",
    phone: "+351 912 000 003",
    taxId: "PT987654321",
  },
  { id: "c-tiago", name: "Tiago Almeida", email: "tiago@example.com", phone: "+351 912 000 004" },
];

/** Monday (`YYYY-MM-DD`) of the week after `today` (a `YYYY-MM-DD`). */
export function nextMonday(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  const add = (8 - d.getUTCDay()) % 7 || 7;
  d.setUTCDate(d.getUTCDate() + add);
  return d.toISOString().slice(0, 10);
}

/** Bookings in the week starting on `monday`, at Lisbon wall times (DST-safe). */
export function sampleAppointments(monday: string): AppointmentInput[] {
  const clock = clockFor(zone);
  const first = parseDay(monday) as number;
  const visit = (
    id: string,
    serviceId: string,
    calendarIds: string[],
    clientId: string,
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
      clientId,
      start: clock.format(startMs),
      end: clock.format(startMs + minutes * 60_000),
      status: "booked",
      channel: "staff",
    };
  };
  return [
    visit("b1", "physio", ["ana", "room-1"], "c-maria", 0, "09:00", 50),
    visit("b2", "physio", ["ana", "room-1"], "c-joao", 0, "11:00", 50),
    visit("b3", "assessment", ["bruno", "room-2"], "c-ines", 0, "09:00", 60),
    visit("b4", "massage", ["carla"], "c-tiago", 1, "12:00", 50),
    visit("b5", "physio", ["ana", "room-2"], "c-maria", 2, "15:00", 50),
    visit("b6", "pilates", ["carla"], "c-ines", 3, "18:00", 55),
    visit("b7", "pilates", ["carla"], "c-joao", 3, "18:00", 55),
  ];
}
