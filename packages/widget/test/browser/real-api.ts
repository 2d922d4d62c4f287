// The real Bookwell API (createBookwellApp from @bookwell/server-adapter) on an in-memory PGlite
// database, seeded with a small clinic whose CORS allows the test site's origin.
import { calendarSchema, serviceSchema } from "@bookwell/engine";
import {
  configureBackOffice,
  createStripeLikeProvider,
  type Storage,
} from "@bookwell/server-adapter";
import { serve } from "@bookwell/server-adapter/node";
import { createPgliteStorage } from "@bookwell/server-adapter/pglite";
import { createStripeProvider } from "@bookwell/server-adapter/stripe";
import type { Running } from "./servers.js";

const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  start: "09:00",
  end: "17:00",
  breaks: [{ start: "12:00", end: "13:00" }],
}));

/**
 * Seeds "Clínica Exemplo": Ana (physio, massage) and Bruno (physio), a 45-minute physiotherapy
 * session (€45, free cancellation until 24 h before, then 50 %; a 20 % deposit online) and a
 * 60-minute massage (€50).
 *
 * @example
 * await seedClinic(storage, "http://127.0.0.1:4000");
 */
export async function seedClinic(storage: Storage, origin: string): Promise<void> {
  await storage.createClinic({
    id: "lisbon",
    name: "Clínica Exemplo",
    timeZone: "Europe/Lisbon",
    locale: "en-GB",
    currency: "EUR",
    allowedOrigins: [origin],
    address: "Rua Augusta 100, 1100-053 Lisboa",
  });
  const provider = (id: string, name: string, disciplines: string[]) =>
    calendarSchema.parse({
      id,
      kind: "provider",
      name,
      locationId: "loc-1",
      disciplines,
      timeZone: "Europe/Lisbon",
      weekly: weekdays,
    });
  await storage.putCalendar("lisbon", provider("ana", "Ana Silva", ["physio", "massage"]));
  await storage.putCalendar("lisbon", provider("bruno", "Bruno Costa", ["physio"]));
  await storage.putService("lisbon", {
    ...serviceSchema.parse({
      id: "physio",
      name: "Physiotherapy session",
      category: "Physiotherapy",
      discipline: "physio",
      durationMinutes: 45,
      slotIntervalMinutes: 60,
      price: { amount: 4500, currency: "EUR" },
      leadTimeMinutes: 120,
      horizonDays: 90,
    }),
    description: "Assessment and treatment of pain and injuries.",
    policies: {
      cancellationPolicy: {
        freeUntilHoursBefore: 24,
        lateFee: { type: "percent", basisPoints: 5000 },
      },
      // Asked online only where the server has a payment provider (`paymentProviderUrl`).
      onlinePayment: { type: "deposit", deposit: { type: "percent", basisPoints: 2000 } },
    },
  });
  await storage.putService("lisbon", {
    ...serviceSchema.parse({
      id: "massage",
      name: "Sports massage",
      category: "Massage",
      discipline: "massage",
      durationMinutes: 60,
      slotIntervalMinutes: 60,
      price: { amount: 5000, currency: "EUR" },
      leadTimeMinutes: 120,
      horizonDays: 90,
    }),
    description: "Deep-tissue massage for recovery.",
  });
}

/**
 * Starts the real API on 127.0.0.1 with PGlite in memory, seeded, with the given clock.
 *
 * @example
 * const api = await startRealApi({ origin: site.url, clock: () => new Date() });
 */
export async function startRealApi(options: {
  origin: string;
  clock: () => Date;
  /** A fake Stripe-like provider's URL (`startFakeProvider`): the server takes online payments. */
  paymentProviderUrl?: string;
  /**
   * Use Stripe's SDK provider (with this publishable key: the widget's card form) against the
   * fake provider at `paymentProviderUrl`, instead of the Stripe-like client.
   */
  stripePublishableKey?: string;
}): Promise<Running & { storage: Storage }> {
  const storage = await createPgliteStorage();
  if (options.paymentProviderUrl && options.stripePublishableKey) {
    const at = new URL(options.paymentProviderUrl);
    configureBackOffice(storage, {
      paymentProvider: createStripeProvider({
        secretKey: "sk_test_123",
        webhookSecret: "whsec_e2e",
        publishableKey: options.stripePublishableKey,
        host: at.hostname,
        port: Number(at.port),
        protocol: "http",
        maxNetworkRetries: 0,
      }),
    });
  } else if (options.paymentProviderUrl) {
    configureBackOffice(storage, {
      paymentProvider: createStripeLikeProvider({
        apiBase: options.paymentProviderUrl,
        secretKey: "sk_test_123",
        webhookSecret: "whsec_e2e",
      }),
    });
  }
  await seedClinic(storage, options.origin);
  const server = await serve({
    storage,
    port: 0,
    clock: options.clock,
    rateLimit: false,
    logError: (error) => console.error("[bookwell api]", error),
  });
  return { url: server.url, close: () => server.close(), storage };
}

/**
 * Books physio with Ana over the API at `api` (as the booking flow does) without paying, the first
 * free time from `daysAhead` days on; its manage token. The service asks a €9.00 deposit.
 *
 * @example
 * const token = await bookUnpaid(api.url, "rui@example.com", 3);
 */
export async function bookUnpaid(api: string, email: string, daysAhead: number): Promise<string> {
  const headers = { "content-type": "application/json", "x-bookwell-clinic": "lisbon" };
  const from = new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + (daysAhead + 14) * 86_400_000).toISOString().slice(0, 10);
  const slots = (await (
    await fetch(`${api}/v1/slots?serviceId=physio&providerId=ana&from=${from}&to=${to}`, {
      headers,
    })
  ).json()) as { slots: Array<{ start: string }> };
  const start = slots.slots[0]?.start;
  if (!start) throw new Error("no free slot to book over the API");
  const response = await fetch(`${api}/v1/bookings`, {
    method: "POST",
    headers: { ...headers, "idempotency-key": crypto.randomUUID() },
    body: JSON.stringify({
      serviceId: "physio",
      providerId: "ana",
      start,
      client: { name: "Rui Lopes", email },
      policyConsent: true,
    }),
  });
  const body = (await response.json()) as {
    manageToken: string;
    payment?: { kind: string; amount: { amount: number; currency: string } };
  };
  if (response.status !== 201) throw new Error(`booking over the API: ${response.status}`);
  const { kind, amount } = body.payment ?? { kind: "none", amount: { amount: 0, currency: "" } };
  if (kind !== "deposit" || amount.amount !== 900 || amount.currency !== "EUR") {
    throw new Error(`expected a €9.00 deposit to pay, got ${JSON.stringify(body.payment)}`);
  }
  return body.manageToken;
}
