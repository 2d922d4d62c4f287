// The example's clinic and users. The clinic row is created in storage (Bookwell has no HTTP route
// that creates clinics); its therapists and services are set up through Bookwell's staff API,
// logged in as the owner with this backend's own login.
import type { Storage } from "@bookwell/server-adapter";
import { type BackendApp, hashPassword, type User } from "./backend.ts";

/** The clinic of this example. */
export const CLINIC_ID = "north";

/** Every example user has this password. For the local example only. */
export const EXAMPLE_PASSWORD = "example-only-password";

/**
 * The backend's users: an owner, a receptionist and two therapists with their own calendars.
 *
 * @example
 * const app = createBackend({ storage, users: exampleUsers() });
 */
export function exampleUsers(): User[] {
  const passwordHash = hashPassword(EXAMPLE_PASSWORD);
  const user = (id: string, name: string, role: User["role"], calendarId?: string): User => ({
    id,
    name,
    email: `${id}@physio-group.example`,
    clinicId: CLINIC_ID,
    role,
    passwordHash,
    ...(calendarId ? { calendarId } : {}),
  });
  return [
    user("olga", "Olga Owner", "owner"),
    user("rita", "Rita Reception", "reception"),
    user("ana", "Ana Silva", "therapist", "ana"),
    user("rui", "Rui Lopes", "therapist", "rui"),
  ];
}

/**
 * Logs in with the backend's own `POST /auth/login` and returns the session token.
 *
 * @example
 * const token = await login(app, "olga@physio-group.example");
 */
export async function login(
  app: BackendApp,
  email: string,
  password = EXAMPLE_PASSWORD,
): Promise<string> {
  const res = await app.request("/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  start: "09:00",
  end: "17:00",
  breaks: [{ start: "13:00", end: "14:00" }],
}));

/**
 * Creates the clinic when it is missing, then adds two therapists and a physio service through
 * the staff API as the owner. Returns false when the clinic was already there.
 *
 * @example
 * const app = createBackend({ storage, users: exampleUsers() });
 * await setUpClinic(app, storage);
 */
export async function setUpClinic(app: BackendApp, storage: Storage): Promise<boolean> {
  if (await storage.getClinic(CLINIC_ID)) return false;
  await storage.createClinic({
    id: CLINIC_ID,
    name: "Physio Group — North",
    timeZone: "Europe/Lisbon",
    locale: "en",
    currency: "EUR",
    allowedOrigins: [],
  });
  const token = await login(app, "olga@physio-group.example");
  const staffPost = async (path: string, body: unknown) => {
    const res = await app.request(`/bookings-api/v1/staff/${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  };
  for (const [id, name] of [
    ["ana", "Ana Silva"],
    ["rui", "Rui Lopes"],
  ]) {
    await staffPost("calendars", {
      id,
      kind: "provider",
      name,
      locationId: "north",
      disciplines: ["physio"],
      timeZone: "Europe/Lisbon",
      weekly: weekdays,
    });
  }
  await staffPost("services", {
    id: "physio",
    name: "Physio session",
    category: "Physiotherapy",
    discipline: "physio",
    durationMinutes: 45,
    price: { amount: 4000, currency: "EUR" },
    bufferAfterMinutes: 15,
    leadTimeMinutes: 60,
    horizonDays: 60,
    policies: {
      cancellationPolicy: {
        freeUntilHoursBefore: 24,
        lateFee: { type: "fixed", amount: { amount: 2000, currency: "EUR" } },
        online: "allowed",
      },
    },
  });
  return true;
}
