// Inputs shared by the benchmark and the peer-agreement test: the same clinic for both libraries.
export const ZONE = "Europe/Lisbon";
export const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
export const START = Date.UTC(2026, 0, 5); // Monday 5 January 2026, Lisbon is on UTC in winter

/** Deterministic bookings: 30-minute visits on weekdays between 09:00 and 17:00. */
export function bookings(count: number, days: number, providers: string[]) {
  const out: {
    id: string;
    serviceId: string;
    calendarIds: string[];
    start: string;
    end: string;
  }[] = [];
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  while (out.length < count) {
    const day = Math.floor(next() * days);
    const weekday = new Date(START + day * 86_400_000).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const slot = Math.floor(next() * 16);
    const start = START + day * 86_400_000 + (9 * 60 + slot * 30) * 60_000;
    out.push({
      id: `b${out.length}`,
      serviceId: "s",
      calendarIds: [providers[Math.floor(next() * providers.length)] as string],
      start: new Date(start).toISOString(),
      end: new Date(start + 30 * 60_000).toISOString(),
    });
  }
  return out;
}

export function provider(id: string) {
  return {
    id,
    kind: "provider" as const,
    locationId: "main",
    disciplines: ["physio"],
    timeZone: ZONE,
    weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" })),
  };
}

export const service = {
  id: "s",
  name: "Session",
  discipline: "physio",
  durationMinutes: 30,
  price: { amount: 3000, currency: "EUR" },
  horizonDays: 400,
};

/** The same case as slot-calculator's input: weekday availability and bookings as unavailability. */
export function peerInput(days: number, appointments: { start: string; end: string }[]) {
  return {
    from: new Date(START).toISOString(),
    to: new Date(START + days * 86_400_000).toISOString(),
    duration: 30,
    availability: DAY_NAMES.map((day) => ({ day, from: "09:00", to: "17:00", timezone: ZONE })),
    unavailability: appointments.map((a) => ({ from: a.start, to: a.end })),
  };
}

/** The engine's query for one provider over `days` days. */
export function engineQuery(
  days: number,
  appointments: ReturnType<typeof bookings>,
  providerIds: string[],
) {
  return {
    service,
    calendars: providerIds.map(provider),
    appointments,
    from: new Date(START).toISOString(),
    to: new Date(START + days * 86_400_000).toISOString(),
    now: new Date(START - 86_400_000).toISOString(),
    providerId: providerIds.length === 1 ? (providerIds[0] as string) : "any",
  };
}
