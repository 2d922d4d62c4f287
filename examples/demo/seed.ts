// Seeds the demo clinic into any Storage: settings, a location, calendars, services, clients,
// bookings in the current and the next week, and a demo staff API key.
import { calendarSchema, serviceSchema } from "@bookwell/engine";
import {
  calendars,
  clients,
  clinic,
  nextMonday,
  sampleAppointments,
  services,
} from "@bookwell/sample-clinic";
import { hashSecret, type Storage } from "@bookwell/server-adapter";

/** The demo's manager API key. It only exists in the local demo database; never use it elsewhere. */
export const DEMO_API_KEY = "bw_sk_demo-manager-key-for-the-local-demo-only";

/**
 * Writes an empty clinic into `storage` unless one is there, as `bookwell serve` does on a new
 * database ("My clinic" in UTC, no services, no team) plus the demo's manager key; returns
 * whether it created it.
 *
 * @example
 * await seedEmpty(await createPgliteStorage({ dataDir: ".data/demo-empty" }));
 */
export async function seedEmpty(storage: Storage): Promise<boolean> {
  if ((await storage.listClinics()).length > 0) return false;
  await storage.createClinic({
    id: "clinic",
    name: "My clinic",
    timeZone: "UTC",
    locale: "en",
    currency: "EUR",
    allowedOrigins: [],
  });
  await storage.insertApiKey("clinic", {
    id: "demo-manager",
    name: "Demo manager",
    keyHash: hashSecret(DEMO_API_KEY),
    role: "manager",
    calendarIds: [],
  });
  return true;
}

/** The Monday of the week that contains `today` (a `YYYY-MM-DD`). */
export function mondayOf(today: string): string {
  const next = new Date(`${nextMonday(today)}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() - 7);
  return next.toISOString().slice(0, 10);
}

/**
 * Writes the sample clinic into `storage` unless it is already there; returns whether it seeded.
 *
 * @example
 * const storage = await createPgliteStorage({ dataDir: ".data/demo" });
 * await seedDemo(storage, "2026-11-23");
 */
export async function seedDemo(storage: Storage, today: string): Promise<boolean> {
  if (await storage.getClinic(clinic.id)) return false;
  await storage.createClinic({ ...clinic, allowedOrigins: [] });
  await storage.putLocation(clinic.id, {
    id: "lisbon",
    name: "Lisbon",
    timeZone: clinic.timeZone,
    address: clinic.address,
  });
  for (const calendar of calendars)
    await storage.putCalendar(clinic.id, calendarSchema.parse(calendar));
  for (const input of services) {
    const { description, cancellationPolicy, ...rest } = input as typeof input & {
      description?: string;
      cancellationPolicy?: Record<string, unknown>;
    };
    await storage.putService(clinic.id, {
      ...serviceSchema.parse(rest),
      ...(description === undefined ? {} : { description }),
      policies:
        cancellationPolicy === undefined ? {} : { cancellationPolicy: cancellationPolicy as never },
    });
  }
  for (const client of clients) await storage.putClient(clinic.id, client);
  const monday = mondayOf(today);
  const following = nextMonday(today);
  const capacityOf = new Map(services.map((s) => [s.id, s.capacity ?? 1]));
  for (const [week, visits] of [
    ["this", sampleAppointments(monday)],
    ["next", sampleAppointments(following)],
  ] as const) {
    for (const visit of visits) {
      await storage.insertAppointment(clinic.id, {
        id: `${week}-${visit.id}`,
        serviceId: visit.serviceId,
        calendarIds: visit.calendarIds,
        start: visit.start,
        end: visit.end,
        status: visit.status ?? "booked",
        channel: visit.channel ?? "staff",
        ...(visit.clientId === undefined ? {} : { clientId: visit.clientId }),
        capacity: capacityOf.get(visit.serviceId) ?? 1,
      });
    }
  }
  await storage.insertApiKey(clinic.id, {
    id: "demo-manager",
    name: "Demo manager",
    keyHash: hashSecret(DEMO_API_KEY),
    role: "manager",
    calendarIds: [],
  });
  return true;
}
