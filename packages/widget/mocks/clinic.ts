// An in-memory clinic that implements the public API v1 contract (docs/api/public-v1.md) well
// enough for component tests, Storybook stories and the fixture server of the browser tests.
// Times are generated from the clinic's opening hours relative to a `now()` the caller controls.

import type {
  Booking,
  BookingTerms,
  Clinic,
  Hold,
  ManagePolicy,
  Money,
  Problem,
  Provider,
  Service,
  ServiceIntake,
  Slot,
} from "../src/api/types.js";

/** Knobs for the states a test or story wants. */
export interface MockClinicOptions {
  now?: () => number;
  locale?: string;
  /** Hold length in seconds (default 600). */
  holdSeconds?: number;
  /** Starts (ISO) that someone else takes right before the patient: holds and bookings get 409. */
  taken?: string[];
  /** When true, `POST /v1/bookings` answers 409 SLOT_TAKEN with alternatives. */
  takeOnBooking?: boolean;
  /** Days ("YYYY-MM-DD") without any free time. */
  closedDays?: string[];
  /** When true, no free times at all. */
  noSlots?: boolean;
  /** Minimum notice in minutes (default 120). */
  leadMinutes?: number;
  /** Booking horizon in days: the last bookable day is today + this (default 365). */
  horizonDays?: number;
  /** When true, `POST /v1/holds` answers 429 HOLD_LIMIT_REACHED (too many live holds). */
  holdLimit?: boolean;
  /** Makes every service a class of this many places (default: treatments, capacity 1). */
  capacity?: number;
  /** Places left by start (ISO) for classes (0: full); other times have every place free. */
  remaining?: Record<string, number>;
  /** Starts (ISO) of classes whose last place someone takes right before the patient. */
  fullClasses?: string[];
  /**
   * The cancellation terms holds answer (the server computes them from the service's policy);
   * with `feeFromBooking`, a booking without `policyConsent` gets 422 POLICY_CONSENT_REQUIRED.
   */
  terms?: BookingTerms;
  /** Intake questions and consents every service asks. */
  intake?: ServiceIntake;
  /** Photos and biographies by provider id, on the providers answer. */
  profiles?: Record<string, { photoUrl?: string; bio?: string }>;
  /** Service names by language and service id, answered for `?locale=` of that language. */
  names?: Record<string, Record<string, string>>;
}

const DAY = 86_400_000;

/** The clinic of the mocks. */
export const clinic: Clinic = {
  id: "lisbon",
  name: "Clínica Exemplo",
  timeZone: "Europe/Lisbon",
  locale: "en-GB",
  currency: "EUR",
  address: "Rua Augusta 100, 1100-053 Lisboa",
  phone: "+351 210 000 000",
  email: "ola@clinica.example",
};

/** The therapists of the mocks. */
export const providers: Provider[] = [
  { id: "p-ana", name: "Ana Silva", disciplines: ["physio"], locationId: "loc-1" },
  { id: "p-bruno", name: "Bruno Costa", disciplines: ["physio", "massage"], locationId: "loc-1" },
  { id: "p-carla", name: "Carla Dias", disciplines: ["massage"], locationId: "loc-1" },
];

const eur = (amount: number): Money => ({ amount, currency: "EUR" });

/** The services of the mocks. */
export const services: Service[] = [
  {
    id: "svc-physio",
    name: "Physiotherapy session",
    category: "Physiotherapy",
    discipline: "physio",
    description: "Assessment and treatment of pain and injuries.",
    durationMinutes: 45,
    price: eur(4500),
    capacity: 1,
    providerIds: ["p-ana", "p-bruno"],
    cancellationPolicy: { freeUntilHoursBefore: 24, lateCancellation: "fee", lateFee: eur(2250) },
  },
  {
    id: "svc-first",
    name: "First consultation",
    category: "Physiotherapy",
    discipline: "physio",
    description: "A free 15-minute call to see how we can help.",
    durationMinutes: 15,
    price: eur(0),
    capacity: 1,
    providerIds: ["p-ana"],
  },
  {
    id: "svc-massage",
    name: "Sports massage",
    category: "Massage",
    discipline: "massage",
    description: "Deep-tissue massage for recovery.",
    durationMinutes: 60,
    price: eur(5000),
    capacity: 1,
    providerIds: ["p-bruno", "p-carla"],
    cancellationPolicy: { freeUntilHoursBefore: 24, lateCancellation: "fee", lateFee: eur(2000) },
  },
];

function wall(ms: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
  }).formatToParts(ms)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    (parts.hour ?? 0) % 24,
    parts.minute ?? 0,
  );
}

/**
 * An ISO instant with the zone's offset for a local date and time ("2026-03-09", 9, 30).
 *
 * @example
 * zonedIso("2026-07-01", 9, 0, "Europe/Lisbon"); // "2026-07-01T09:00:00+01:00"
 */
export function zonedIso(day: string, hour: number, minute: number, timeZone: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const local = Date.UTC(y, m - 1, d, hour, minute);
  let utc = local;
  for (let i = 0; i < 2; i += 1) utc = local - (wall(utc, timeZone) - utc);
  return isoInZone(utc, timeZone);
}

/**
 * An instant as ISO-8601 with the offset of a time zone.
 *
 * @example
 * isoInZone(Date.UTC(2026, 2, 9, 9, 30), "Europe/Lisbon"); // "2026-03-09T09:30:00+00:00"
 */
export function isoInZone(ms: number, timeZone: string): string {
  const local = wall(ms, timeZone);
  const offset = Math.round((local - Math.floor(ms / 60_000) * 60_000) / 60_000);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${new Date(local).toISOString().slice(0, 16)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function dayKey(ms: number, timeZone: string): string {
  return new Date(wall(ms, timeZone)).toISOString().slice(0, 10);
}

function problem(status: number, code: string, extra: Partial<Problem> = {}): Problem {
  return {
    type: `urn:bookwell:problem:${code}`,
    title: code,
    status,
    code,
    detail: code,
    ...extra,
  };
}

/** A response of the mock clinic: status and JSON body (or text for .ics). */
export interface MockResponse {
  status: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/** The mock clinic's state and its request handler. */
export interface MockClinic {
  options: MockClinicOptions;
  holds: Map<string, Hold>;
  bookings: Map<string, Booking>;
  /** Every request seen, as "METHOD /path". */
  log: string[];
  /** Free slots between two local days (inclusive). */
  slots(serviceId: string, providerId: string, from: string, to: string): Slot[];
  /** Adds a booking directly and returns its manage token. */
  seedBooking(booking: Partial<Booking> & { start: string }, token?: string): string;
  handle(method: string, url: URL, body: unknown, headers?: Headers): MockResponse;
}

/**
 * Creates a mock clinic: weekdays 09:00–13:00 and 14:00–18:00, each therapist, on the hour.
 *
 * @example
 * const backend = createMockClinic({ now: () => Date.parse("2026-03-02T08:00:00Z") });
 */
export function createMockClinic(options: MockClinicOptions = {}): MockClinic {
  const now = options.now ?? Date.now;
  const zone = clinic.timeZone;
  const holds = new Map<string, Hold>();
  /** Manage token → the token of the visit it was moved to. */
  const movedTo = new Map<string, string>();
  const bookings = new Map<string, Booking>();
  const log: string[] = [];
  let sequence = 0;
  const holdMs = (options.holdSeconds ?? 600) * 1000;
  const horizonDays = options.horizonDays ?? 365;

  /** Whether [start, start + minutes) is taken for a provider (`except`: a hold or booking id). */
  function busy(providerId: string, start: string, except?: string, minutes = 1): boolean {
    const t = Date.parse(start);
    for (const hold of holds.values()) {
      if (hold.id !== except && hold.providerId === providerId && Date.parse(hold.start) === t) {
        if (Date.parse(hold.expiresAt) > now()) return true;
      }
    }
    for (const booking of bookings.values()) {
      // Like the server: a visit holds its whole time, and the visit being moved holds none.
      const overlaps =
        Date.parse(booking.start) < t + minutes * 60_000 && t < Date.parse(booking.end);
      if (booking.id !== except && booking.providerId === providerId && overlaps) {
        if (booking.status === "booked" || booking.status === "confirmed") return true;
      }
    }
    return (options.taken ?? []).some((s) => Date.parse(s) === t);
  }

  function slots(
    serviceId: string,
    providerId: string,
    from: string,
    to: string,
    except?: string,
  ): Slot[] {
    const service = services.find((s) => s.id === serviceId);
    if (!service || options.noSlots) return [];
    const ids = providerId === "any" ? service.providerIds : [providerId];
    const earliest = now() + (options.leadMinutes ?? 120) * 60_000;
    const lastDay = new Date(Date.parse(dayKey(now(), zone)) + horizonDays * DAY)
      .toISOString()
      .slice(0, 10);
    const out: Slot[] = [];
    for (
      let day = from;
      day <= to;
      day = new Date(Date.parse(day) + DAY).toISOString().slice(0, 10)
    ) {
      const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
      if (day > lastDay) break;
      if (weekday === 0 || weekday === 6 || options.closedDays?.includes(day)) continue;
      // Wednesdays afternoons only, to give days different counts.
      const hours = weekday === 3 ? [14, 15, 16, 17] : [9, 10, 11, 12, 14, 15, 16, 17];
      for (const hour of hours) {
        const start = zonedIso(day, hour, 0, zone);
        if (Date.parse(start) < earliest) continue;
        const free = ids.find((id) => !busy(id, start, except, service.durationMinutes));
        if (!free) continue;
        // Everyone of "any" busy except one still offers the time once.
        out.push({
          start,
          end: isoInZone(Date.parse(start) + service.durationMinutes * 60_000, zone),
          providerId: free,
          resourceIds: [],
          remaining: options.remaining?.[start] ?? options.capacity ?? 1,
        });
      }
    }
    return out;
  }

  // Like the server: a start that passed or is inside the lead time breaks a rule (422).
  function tooSoon(start: string): { status: number; body: Problem } | null {
    const t = Date.parse(start);
    if (t >= now() + (options.leadMinutes ?? 120) * 60_000) return null;
    const code = t <= now() ? "PAST" : "LEAD_TIME";
    return {
      status: 422,
      body: problem(422, "BOOKING_RULE_VIOLATED", { violations: [{ code }] }),
    };
  }

  function policyFor(booking: Booking): ManagePolicy {
    const service = services.find((s) => s.id === booking.serviceId);
    const start = Date.parse(booking.start);
    const active = booking.status === "booked" || booking.status === "confirmed";
    const hours = service?.cancellationPolicy?.freeUntilHoursBefore ?? 0;
    const freeUntil = hours ? start - hours * 3_600_000 : null;
    const late = freeUntil !== null && now() > freeUntil;
    const fee: Money | null = late ? (service?.cancellationPolicy?.lateFee ?? null) : null;
    return {
      canCancel: active && start > now(),
      canReschedule: active && start > now(),
      cancellationFee: fee,
      freeUntil: freeUntil === null ? null : isoInZone(freeUntil, zone),
      // Like the server, a reason in English only (its REASON_TEXT).
      ...(active && start <= now() ? { reason: "This visit has already started." } : {}),
    };
  }

  function makeBooking(input: Partial<Booking> & { start: string }): Booking {
    const service = services.find((s) => s.id === (input.serviceId ?? "svc-physio")) ?? services[0];
    if (!service) throw new Error("no services");
    const providerId = input.providerId ?? service.providerIds[0] ?? "p-ana";
    sequence += 1;
    return {
      id: `bk-${sequence}`,
      status: "booked",
      serviceId: service.id,
      serviceName: service.name,
      providerId,
      providerName: providers.find((p) => p.id === providerId)?.name ?? providerId,
      end: isoInZone(Date.parse(input.start) + service.durationMinutes * 60_000, zone),
      timeZone: zone,
      client: { name: "Maria Santos", email: "maria@example.com" },
      price: service.price,
      ...input,
    };
  }

  function seedBooking(input: Partial<Booking> & { start: string }, token?: string): string {
    const booking = makeBooking(input);
    const key = token ?? `tok-${booking.id}`;
    bookings.set(key, booking);
    return key;
  }

  function nearest(serviceId: string, providerId: string, start: string): Slot[] {
    const day = dayKey(Date.parse(start), zone);
    const to = new Date(Date.parse(day) + 14 * DAY).toISOString().slice(0, 10);
    const target = Date.parse(start);
    return slots(serviceId, providerId, day, to)
      .filter((s) => Date.parse(s.start) !== target)
      .sort(
        (a, b) => Math.abs(Date.parse(a.start) - target) - Math.abs(Date.parse(b.start) - target),
      )
      .slice(0, 3);
  }

  function handle(method: string, url: URL, body: unknown): MockResponse {
    const path = url.pathname.replace(/^.*?\/v1\//, "/v1/");
    log.push(`${method} ${path}`);
    const q = url.searchParams;
    const json = (body ?? {}) as Record<string, unknown>;
    if (method === "GET" && path === "/v1/clinic") {
      return {
        status: 200,
        body: { clinic: { ...clinic, locale: options.locale ?? clinic.locale } },
      };
    }
    if (method === "GET" && path === "/v1/services") {
      const category = q.get("category");
      const list = services
        .filter((s) => !category || s.category === category)
        .map((s) => ({
          ...s,
          leadTimeMinutes: options.leadMinutes ?? 120,
          horizonDays,
          capacity: options.capacity ?? s.capacity,
          ...(options.intake ? { intake: options.intake } : {}),
          name: options.names?.[(q.get("locale") ?? "").split("-")[0] ?? ""]?.[s.id] ?? s.name,
        }));
      return {
        status: 200,
        body: { services: list, categories: [...new Set(services.map((s) => s.category))] },
      };
    }
    if (method === "GET" && path === "/v1/providers") {
      const service = services.find((s) => s.id === q.get("serviceId"));
      const list = (
        service ? providers.filter((p) => service.providerIds.includes(p.id)) : providers
      ).map((p) => ({ ...p, ...options.profiles?.[p.id] }));
      return { status: 200, body: { providers: list } };
    }
    if (method === "GET" && path === "/v1/slots") {
      const from = q.get("from") ?? "";
      const to = q.get("to") ?? "";
      if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) {
        return {
          status: 400,
          body: problem(400, "VALIDATION_FAILED", {
            errors: [{ field: "from", message: "Required" }],
          }),
        };
      }
      return {
        status: 200,
        body: {
          timeZone: zone,
          // Like the server: a full class (`remaining` 0) only with `includeFull=true`.
          slots: slots(q.get("serviceId") ?? "", q.get("providerId") ?? "any", from, to).filter(
            (slot) => slot.remaining !== 0 || q.get("includeFull") === "true",
          ),
        },
      };
    }
    if (method === "POST" && path === "/v1/holds") {
      if (options.holdLimit) {
        return {
          status: 429,
          body: problem(429, "HOLD_LIMIT_REACHED"),
          headers: { "retry-after": "60" },
        };
      }
      const serviceId = String(json.serviceId ?? "");
      const start = String(json.start ?? "");
      const wanted = String(json.providerId ?? "any");
      const service = services.find((s) => s.id === serviceId);
      if (!service) return { status: 400, body: problem(400, "VALIDATION_FAILED") };
      const early = tooSoon(start);
      if (early) return early;
      if (options.fullClasses?.includes(start)) {
        return {
          status: 409,
          body: problem(409, "SLOT_TAKEN", { violations: [{ code: "CAPACITY" }] }),
        };
      }
      const ids = wanted === "any" ? service.providerIds : [wanted];
      const free = ids.find((id) => !busy(id, start));
      const offered = slots(
        serviceId,
        wanted,
        dayKey(Date.parse(start), zone),
        dayKey(Date.parse(start), zone),
      );
      if (!free || !offered.some((s) => Date.parse(s.start) === Date.parse(start))) {
        return { status: 409, body: problem(409, "SLOT_TAKEN") };
      }
      sequence += 1;
      const hold: Hold = {
        id: `hold-${sequence}`,
        serviceId,
        providerId: free,
        start,
        end: isoInZone(Date.parse(start) + service.durationMinutes * 60_000, zone),
        expiresAt: new Date(now() + holdMs).toISOString(),
        ...(options.terms ? { terms: options.terms } : {}),
      };
      holds.set(hold.id, hold);
      return { status: 201, body: { hold } };
    }
    const extend = path.match(/^\/v1\/holds\/([^/]+)\/extend$/);
    if (method === "POST" && extend) {
      const hold = holds.get(decodeURIComponent(extend[1] ?? ""));
      if (!hold || Date.parse(hold.expiresAt) <= now())
        return { status: 404, body: problem(404, "NOT_FOUND") };
      hold.expiresAt = new Date(now() + holdMs).toISOString();
      return { status: 200, body: { hold } };
    }
    const release = path.match(/^\/v1\/holds\/([^/]+)$/);
    if (method === "DELETE" && release) {
      holds.delete(decodeURIComponent(release[1] ?? ""));
      return { status: 204 };
    }
    if (method === "POST" && path === "/v1/bookings") {
      const client = (json.client ?? {}) as Record<string, unknown>;
      const errors: Array<{ field: string; message: string }> = [];
      if (!client.name) errors.push({ field: "client.name", message: "Required" });
      if (!client.email || !String(client.email).includes("@")) {
        errors.push({ field: "client.email", message: "Invalid e-mail" });
      }
      if (errors.length > 0)
        return { status: 400, body: problem(400, "VALIDATION_FAILED", { errors }) };
      const serviceId = String(json.serviceId);
      const start = String(json.start);
      const holdId = json.holdId ? String(json.holdId) : undefined;
      const hold = holdId ? holds.get(holdId) : undefined;
      if (holdId && (!hold || Date.parse(hold.expiresAt) <= now())) {
        return { status: 409, body: problem(409, "HOLD_EXPIRED") };
      }
      const providerId = hold?.providerId ?? String(json.providerId);
      if (options.takeOnBooking || (!hold && busy(providerId, start))) {
        return {
          status: 409,
          body: problem(409, "SLOT_TAKEN", {
            alternatives: nearest(serviceId, String(json.providerId), start),
          }),
        };
      }
      if (options.terms?.feeFromBooking && json.policyConsent !== true) {
        return {
          status: 422,
          body: problem(422, "POLICY_CONSENT_REQUIRED", {
            errors: [{ field: "policyConsent", message: "must be true" }],
          }),
        };
      }
      if (hold) holds.delete(hold.id);
      const booking = makeBooking({
        serviceId,
        providerId,
        start,
        client: {
          name: String(client.name),
          email: String(client.email),
          ...(client.phone ? { phone: String(client.phone) } : {}),
        },
      });
      const token = `tok-${booking.id}`;
      bookings.set(token, booking);
      const terms = options.terms ? { terms: options.terms } : {};
      return { status: 201, body: { booking, manageToken: token, ...terms } };
    }
    // Online prepayment (docs/server/payments.md): one intent per visit, confirmed on the server;
    // the payment method "pm_declined" fails.
    const pay = path.match(/^\/v1\/manage\/([^/]+)\/payment-intents(?:\/([^/]+)\/confirm)?$/);
    if (method === "POST" && pay) {
      const booking = bookings.get(decodeURIComponent(pay[1] ?? ""));
      if (!booking) return { status: 404, body: problem(404, "NOT_FOUND") };
      const intent = {
        intentId: `pi-${booking.id}`,
        provider: "test",
        status: "requires_payment",
        amount: booking.price,
        clientSecret: `cs-${booking.id}`,
      };
      if (!pay[2]) return { status: 201, body: intent };
      const declined = json.paymentMethod === "pm_declined";
      return {
        status: declined ? 502 : 200,
        body: declined
          ? problem(502, "PAYMENT_PROVIDER_FAILED", { detail: "Card declined." })
          : { ...intent, status: "succeeded" },
      };
    }
    const manage = path.match(/^\/v1\/manage\/([^/]+)(\/reschedule|\/cancel|\/ics|\/slots)?$/);
    if (manage) {
      const token = decodeURIComponent(manage[1] ?? "");
      const booking = bookings.get(token);
      if (!booking) return { status: 404, body: problem(404, "NOT_FOUND") };
      const action = manage[2];
      // Like the server: a moved visit's old link shows where it went and changes nothing.
      if (booking.status === "rebooked") {
        let head = token;
        while (movedTo.has(head)) head = movedTo.get(head) as string;
        if (method === "GET" && !action) {
          const policy: ManagePolicy = {
            canCancel: false,
            canReschedule: false,
            cancellationFee: null,
            freeUntil: null,
            reason: "This visit was moved",
          };
          return { status: 200, body: { booking: bookings.get(head), policy } };
        }
        if (method === "POST") {
          return {
            status: 409,
            body: { ...problem(409, "CONFLICT"), reason: "MOVED" },
          };
        }
      }
      if (method === "GET" && !action) {
        const bookingWindow = { leadTimeMinutes: options.leadMinutes ?? 120, horizonDays };
        return { status: 200, body: { booking, policy: policyFor(booking), bookingWindow } };
      }
      if (method === "GET" && action === "/slots") {
        // The booking's service and provider; the visit itself is not busy (it is being moved).
        const from = q.get("from") ?? "";
        const to = q.get("to") ?? "";
        if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) {
          return {
            status: 400,
            body: problem(400, "VALIDATION_FAILED", {
              errors: [
                { field: /^\d{4}-\d{2}-\d{2}$/.test(from) ? "to" : "from", message: "Required" },
              ],
            }),
          };
        }
        return {
          status: 200,
          body: {
            timeZone: zone,
            slots: slots(booking.serviceId, booking.providerId, from, to, booking.id),
          },
        };
      }
      if (method === "GET" && action === "/ics") {
        return {
          status: 200,
          text: `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:${booking.id}@bookwell\r\nSUMMARY:${booking.serviceName}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`,
          headers: { "content-type": "text/calendar" },
        };
      }
      if (method === "POST" && action === "/reschedule") {
        const start = String(json.start);
        const providerId = json.providerId ? String(json.providerId) : booking.providerId;
        if (!policyFor(booking).canReschedule)
          return { status: 409, body: problem(409, "BOOKING_RULE_VIOLATED") };
        const early = tooSoon(start);
        if (early) return early;
        const minutes = (Date.parse(booking.end) - Date.parse(booking.start)) / 60_000;
        if (busy(providerId, start, booking.id, minutes) || (options.taken ?? []).includes(start)) {
          return {
            status: 409,
            body: problem(409, "SLOT_TAKEN", {
              alternatives: nearest(booking.serviceId, providerId, start),
            }),
          };
        }
        booking.status = "rebooked";
        const { id: _old, ...rest } = booking;
        const moved = makeBooking({ ...rest, status: "booked", start, providerId });
        moved.providerName = providers.find((p) => p.id === providerId)?.name ?? providerId;
        moved.end = isoInZone(
          Date.parse(start) + (Date.parse(booking.end) - Date.parse(booking.start)),
          zone,
        );
        sequence += 1;
        const next = `${token}~${sequence}`;
        bookings.set(next, moved);
        movedTo.set(token, next);
        return { status: 200, body: { booking: moved, manageToken: next } };
      }
      if (method === "POST" && action === "/cancel") {
        const policy = policyFor(booking);
        if (!policy.canCancel)
          return { status: 409, body: problem(409, "CANCELLATION_NOT_ALLOWED") };
        booking.status = "canceled";
        return { status: 200, body: { booking, fee: policy.cancellationFee } };
      }
    }
    return { status: 404, body: problem(404, "NOT_FOUND") };
  }

  return { options, holds, bookings, log, slots, seedBooking, handle };
}
