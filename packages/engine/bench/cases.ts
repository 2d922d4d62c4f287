// Inputs shared by the benchmark and the peer-agreement test: the same clinic for both libraries.
//
// A case is a clinic (providers, optionally rooms of one kind) open on weekdays 09:00–17:00 local
// time, 30-minute visits, deterministic bookings. The engine answers it with one `computeSlots`
// call ("any available" when there is more than one provider). slot-calculator has no notion of
// several calendars, so its job is what a developer would write with it: one `getSlots` per
// calendar (each calendar's bookings as unavailability, `outputTimezone` set to the clinic's zone,
// as the engine formats in the provider's zone), then the union over providers, intersected with
// the union over rooms. The agreement test checks both offer exactly the same starts.
import { getSlots } from "slot-calculator";
import { Temporal } from "temporal-polyfill";

const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const MINUTE = 60_000;

/** One benchmark case. */
export interface BenchCase {
  /** Short key printed in the result lines, e.g. `200p-31d-rooms`. */
  key: string;
  /** Human description for the table. */
  label: string;
  zone: string;
  /** First local day, `YYYY-MM-DD`. */
  firstDay: string;
  days: number;
  providers: number;
  bookings: number;
  /** Rooms of kind `room`; 0: the service needs no room. */
  rooms: number;
  /** One booking in `roomEvery` also holds a room (random among the rooms). */
  roomEvery?: number;
}

export const CASES: BenchCase[] = [
  {
    key: "1p-31d",
    label: "1 provider, 31 days, 20 bookings (Lisbon)",
    zone: "Europe/Lisbon",
    firstDay: "2026-01-05",
    days: 31,
    providers: 1,
    bookings: 20,
    rooms: 0,
  },
  {
    key: "1p-31d-dst",
    label: "1 provider, March (DST change), 20 bookings (New York)",
    zone: "America/New_York",
    firstDay: "2026-03-01",
    days: 31,
    providers: 1,
    bookings: 20,
    rooms: 0,
  },
  {
    key: "1p-90d",
    label: "1 provider, 90 days, 60 bookings (Lisbon)",
    zone: "Europe/Lisbon",
    firstDay: "2026-01-05",
    days: 90,
    providers: 1,
    bookings: 60,
    rooms: 0,
  },
  {
    key: "1p-365d",
    label: "1 provider, a year (two DST changes), 240 bookings (Lisbon)",
    zone: "Europe/Lisbon",
    firstDay: "2026-01-05",
    days: 365,
    providers: 1,
    bookings: 240,
    rooms: 0,
  },
  {
    key: "1p-31d-rooms",
    label: "1 provider + 5 rooms, 31 days, 20 bookings, room needed",
    zone: "Europe/Lisbon",
    firstDay: "2026-01-05",
    days: 31,
    providers: 1,
    bookings: 20,
    rooms: 5,
    roomEvery: 2,
  },
  {
    key: "200p-31d",
    label: "200 providers, 31 days, 2000 bookings, any available",
    zone: "Europe/Lisbon",
    firstDay: "2026-01-05",
    days: 31,
    providers: 200,
    bookings: 2000,
    rooms: 0,
  },
  {
    key: "200p-31d-rooms",
    label: "200 providers + 5 rooms, 31 days, 2000 bookings (1 in 10 in a room), any available",
    zone: "Europe/Lisbon",
    firstDay: "2026-01-05",
    days: 31,
    providers: 200,
    bookings: 2000,
    rooms: 5,
    roomEvery: 10,
  },
];

/** The same case at a size the agreement test runs quickly (a few providers, a week). */
export function small(c: BenchCase): BenchCase {
  return {
    ...c,
    providers: Math.min(c.providers, 4),
    days: Math.min(c.days, c.key.includes("dst") ? 31 : 14),
    bookings: Math.min(c.bookings, 40),
  };
}

interface Booking {
  id: string;
  serviceId: string;
  calendarIds: string[];
  start: string;
  end: string;
}

/** Everything both libraries need for one case. */
export interface Prepared {
  case: BenchCase;
  providerIds: string[];
  roomIds: string[];
  appointments: Booking[];
  /** The engine's query (rooms: the service needs one). */
  query: Record<string, unknown>;
  /** The same query for a service that needs no room (for `rooms-vs-plain`). */
  plainQuery: Record<string, unknown>;
  /** slot-calculator's inputs, one per calendar. */
  peerInputs: { providers: PeerInput[]; rooms: PeerInput[] };
}

type PeerInput = Parameters<typeof getSlots>[0];

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Builds the calendars, bookings and both libraries' inputs of a case (deterministic). */
export function prepare(c: BenchCase): Prepared {
  const first = Temporal.PlainDate.from(c.firstDay);
  const instant = (date: Temporal.PlainDate, minute: number) =>
    date
      .toZonedDateTime({
        timeZone: c.zone,
        plainTime: new Temporal.PlainTime(Math.floor(minute / 60), minute % 60),
      })
      .toInstant().epochMilliseconds;
  const from = first.toZonedDateTime({ timeZone: c.zone }).toInstant().epochMilliseconds;
  const to = first
    .add({ days: c.days })
    .toZonedDateTime({ timeZone: c.zone })
    .toInstant().epochMilliseconds;
  const providerIds = Array.from({ length: c.providers }, (_, i) => `p${pad(i, 3)}`);
  const roomIds = Array.from({ length: c.rooms }, (_, i) => `r${i}`);

  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const appointments: Booking[] = [];
  while (appointments.length < c.bookings) {
    const date = first.add({ days: Math.floor(next() * c.days) });
    if (date.dayOfWeek > 5) continue;
    const start = instant(date, 9 * 60 + Math.floor(next() * 16) * 30);
    const calendarIds = [providerIds[Math.floor(next() * providerIds.length)] as string];
    const room = roomIds[Math.floor(next() * Math.max(1, roomIds.length))];
    if (room !== undefined && appointments.length % (c.roomEvery ?? 1) === 0)
      calendarIds.push(room);
    appointments.push({
      id: `b${appointments.length}`,
      serviceId: "s",
      calendarIds,
      start: new Date(start).toISOString(),
      end: new Date(start + 30 * MINUTE).toISOString(),
    });
  }

  const weekly = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" }));
  const calendars = [
    ...providerIds.map((id) => ({
      id,
      kind: "provider" as const,
      locationId: "main",
      disciplines: ["physio"],
      timeZone: c.zone,
      weekly,
    })),
    ...roomIds.map((id) => ({
      id,
      kind: "room" as const,
      resourceKind: "room",
      locationId: "main",
      disciplines: [],
      timeZone: c.zone,
      weekly,
    })),
  ];
  const plainService = {
    id: "s",
    name: "Session",
    discipline: "physio",
    durationMinutes: 30,
    price: { amount: 3000, currency: "EUR" },
    horizonDays: 400,
  };
  const service = c.rooms > 0 ? { ...plainService, resourceKinds: ["room"] } : plainService;
  const base = {
    calendars,
    appointments,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    now: new Date(from - 86_400_000).toISOString(),
    providerId: c.providers === 1 ? (providerIds[0] as string) : "any",
  };

  const peerInput = (calendarId: string): PeerInput => ({
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    duration: 30,
    availability: DAY_NAMES.map((day) => ({ day, from: "09:00", to: "17:00", timezone: c.zone })),
    unavailability: appointments
      .filter((a) => a.calendarIds.includes(calendarId))
      .map((a) => ({ from: a.start, to: a.end })),
    outputTimezone: c.zone,
  });
  return {
    case: c,
    providerIds,
    roomIds,
    appointments,
    query: { ...base, service },
    plainQuery: { ...base, service: plainService },
    peerInputs: { providers: providerIds.map(peerInput), rooms: roomIds.map(peerInput) },
  };
}

/**
 * slot-calculator's answer to a case: one `getSlots` per calendar, the union over providers,
 * intersected with the union over rooms; the starts as the peer formats them, in time order.
 */
export function peerSlots(p: Prepared): string[] {
  const union = (inputs: PeerInput[]) => {
    if (inputs.length === 1)
      return (getSlots(inputs[0] as PeerInput).availableSlots as { from: string }[]).map(
        (s) => s.from,
      );
    const seen = new Map<number, string>();
    for (const input of inputs)
      for (const s of getSlots(input).availableSlots as { from: string }[])
        seen.set(Date.parse(s.from), s.from);
    return [...seen.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  };
  const starts = union(p.peerInputs.providers);
  if (p.peerInputs.rooms.length === 0) return starts;
  const roomFree = new Set(union(p.peerInputs.rooms).map((s) => Date.parse(s)));
  return starts.filter((s) => roomFree.has(Date.parse(s)));
}
