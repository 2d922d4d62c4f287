// The Stripe provider on Stripe's official SDK (`@bookwell/server-adapter/stripe`), end to end
// over HTTP on PGlite and PostgreSQL. The SDK talks to a local server on 127.0.0.1 (its `host` /
// `port` / `protocol` options) that replays recorded Stripe answers (stripe-recorded/); webhooks
// are signed with the SDK's own `webhooks.generateTestHeaderString` and verified by the provider
// with `webhooks.constructEvent`.

import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { configureBackOffice } from "../../src/services/back-office/config.js";
import type { Storage } from "../../src/storage/storage.js";
import { createStripeProvider } from "../../src/stripe.js";
import { bookingBody, call } from "../helpers.js";
import { backOfficeStorages, type Office, ok, openOffice } from "./setup.js";

const SECRET_KEY = "sk_test_bookwell";
const WEBHOOK_SECRET = "whsec_bookwell_test";
const PUBLISHABLE_KEY = "pk_test_bookwell";
const EUR = (amount: number) => ({ amount, currency: "EUR" });
type Json = Record<string, unknown>;
const recorded = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`./stripe-recorded/${name}.json`, import.meta.url), "utf8"));

interface Recorded {
  url: URL;
  requests: {
    method: string;
    path: string;
    form: URLSearchParams;
    headers: IncomingMessage["headers"];
  }[];
  /** What Stripe.js does in the page when the patient's card is accepted. */
  succeedInPage(providerIntentId: string): void;
  close(): Promise<void>;
}

/** A local Stripe: replays the recorded answers with each request's id, amount and metadata. */
async function startRecordedStripe(): Promise<Recorded> {
  const requests: Recorded["requests"] = [];
  const intents = new Map<string, Json>();
  let n = 0;
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const form = new URLSearchParams(body);
      const path = req.url ?? "";
      requests.push({ method: req.method ?? "GET", path, form, headers: req.headers });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { "content-type": "application/json", "request-id": `req_${n}` });
        res.end(JSON.stringify(json));
      };
      if (req.headers.authorization !== `Bearer ${SECRET_KEY}`) {
        send(401, { error: { type: "invalid_request_error", message: "Invalid API Key" } });
        return;
      }
      if (path === "/v1/payment_intents") {
        n += 1;
        const id = `pi_test_${n}`;
        const metadata = Object.fromEntries(
          [...form].flatMap(([k, v]) => {
            const m = /^metadata\[(.+)\]$/.exec(k);
            return m ? [[m[1], v]] : [];
          }),
        );
        const intent = {
          ...recorded("payment_intent.created"),
          id,
          client_secret: `${id}_secret_recorded`,
          amount: Number(form.get("amount")),
          currency: form.get("currency"),
          description: form.get("description"),
          metadata,
        };
        intents.set(id, intent);
        send(200, intent);
        return;
      }
      const retrieve = /^\/v1\/payment_intents\/([^/?]+)$/.exec(path);
      if (req.method === "GET" && retrieve) {
        const intent = intents.get(retrieve[1] ?? "");
        if (intent) send(200, intent);
        else send(404, { error: { type: "invalid_request_error", message: "No such intent" } });
        return;
      }
      const confirm = /^\/v1\/payment_intents\/([^/]+)\/confirm$/.exec(path);
      if (confirm) {
        const intent = intents.get(confirm[1] ?? "");
        if (!intent) {
          send(404, {
            error: { type: "invalid_request_error", message: "No such payment_intent" },
          });
          return;
        }
        if (form.get("payment_method") === "pm_card_chargeDeclined") {
          send(402, recorded("card_declined.402"));
          return;
        }
        send(200, {
          ...recorded("payment_intent.confirmed"),
          id: intent.id,
          amount: intent.amount,
          amount_received: intent.amount,
          currency: intent.currency,
          metadata: intent.metadata,
          latest_charge: `ch_of_${intent.id}`,
        });
        return;
      }
      if (path === "/v1/refunds") {
        n += 1;
        send(200, {
          ...recorded("refund.created"),
          id: `re_test_${n}`,
          amount: Number(form.get("amount")),
          payment_intent: form.get("payment_intent"),
        });
        return;
      }
      send(404, { error: { type: "invalid_request_error", message: `Unrecognized ${path}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    requests,
    succeedInPage(providerIntentId) {
      const intent = intents.get(providerIntentId);
      if (!intent) throw new Error(`no intent ${providerIntentId}`);
      intents.set(providerIntentId, {
        ...recorded("payment_intent.confirmed"),
        id: intent.id,
        amount: intent.amount,
        amount_received: intent.amount,
        currency: intent.currency,
        metadata: intent.metadata,
        latest_charge: `ch_page_${intent.id}`,
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A `payment_intent.succeeded` event as Stripe sends it, signed with the SDK's test helper. */
function succeededEvent(
  providerIntentId: string,
  amount: number,
  at: Date,
  secret = WEBHOOK_SECRET,
) {
  const event = recorded("event.payment_intent.succeeded");
  const object = (event.data as { object: Json }).object;
  const payload = JSON.stringify({
    ...event,
    data: {
      object: {
        ...object,
        id: providerIntentId,
        amount,
        amount_received: amount,
        latest_charge: "ch_webhook",
      },
    },
  });
  const header = new Stripe(SECRET_KEY).webhooks.generateTestHeaderString({
    payload,
    secret,
    timestamp: Math.floor(at.getTime() / 1000),
  });
  return { payload, header };
}

describe.each(backOfficeStorages())("the Stripe SDK provider on $name", (factory) => {
  let storage: Storage;
  let office: Office;
  let stripe: Recorded;

  beforeAll(async () => {
    stripe = await startRecordedStripe();
    storage = configureBackOffice(await factory.create(), {
      paymentProvider: createStripeProvider({
        secretKey: SECRET_KEY,
        webhookSecret: WEBHOOK_SECRET,
        publishableKey: PUBLISHABLE_KEY,
        host: stripe.url.hostname,
        port: Number(stripe.url.port),
        protocol: "http",
        maxNetworkRetries: 0,
      }),
    });
  });
  afterAll(async () => {
    await storage.close();
    await stripe.close();
  });
  beforeEach(async () => {
    office = await openOffice(storage);
    ok(
      await office.manager("PATCH", "/v1/staff/services/physio", {
        body: {
          policies: {
            onlinePayment: { type: "deposit", deposit: { type: "fixed", amount: EUR(1000) } },
          },
        },
      }),
    );
  });

  const headers = () => ({ "x-bookwell-clinic": office.clinicId });
  const book = async (start?: string) =>
    ok(
      await call(office.app, "POST", "/v1/bookings", {
        body: bookingBody(start ? { start } : {}),
        headers: headers(),
      }),
      201,
    );

  test("deposit: PaymentIntent → signed webhook (bad signature 400, replay once) → paid deposit → refund", async () => {
    const booked = await book();
    expect(booked.payment).toEqual({ kind: "deposit", amount: EUR(1000) });
    const before = stripe.requests.length;
    const intent = ok(
      await call(office.app, "POST", `/v1/manage/${booked.manageToken}/payment-intents`, {
        headers: headers(),
      }),
      201,
    );
    expect(intent).toMatchObject({ provider: "stripe", kind: "deposit", amount: EUR(1000) });
    expect(intent.clientSecret).toMatch(/^pi_test_\d+_secret_recorded$/);
    const created = stripe.requests[before];
    expect(created?.path).toBe("/v1/payment_intents");
    expect(created?.form.get("amount")).toBe("1000");
    expect(created?.form.get("currency")).toBe("eur");
    expect(created?.form.get("automatic_payment_methods[enabled]")).toBe("true");
    expect(created?.form.get("metadata[appointmentId]")).toBe(booked.booking.id);
    expect(created?.headers["idempotency-key"]).toBe(
      `bookwell:${office.clinicId}:${intent.intentId}`,
    );
    expect(created?.headers["stripe-version"]).toBeTruthy();

    const providerIntentId = (intent.clientSecret as string).replace(/_secret_recorded$/, "");
    const { payload, header } = succeededEvent(providerIntentId, 1000, office.clock.now);
    const deliver = (signature: string, body = payload) =>
      call(office.app, "POST", "/v1/payments/webhooks/stripe", {
        raw: body,
        headers: { ...headers(), "stripe-signature": signature },
      });
    const forged = await deliver(
      succeededEvent(providerIntentId, 1000, office.clock.now, "whsec_other").header,
    );
    expect(forged.status).toBe(400);
    expect(forged.json.code).toBe("WEBHOOK_SIGNATURE_INVALID");
    const tampered = await deliver(header, payload.replace('"amount":1000', '"amount":1'));
    expect(tampered.status).toBe(400);
    const stale = succeededEvent(
      providerIntentId,
      1000,
      new Date(office.clock.now.getTime() - 10 * 60_000),
    );
    expect((await deliver(stale.header, stale.payload)).status).toBe(400);
    expect(
      ok(await office.desk("GET", `/v1/staff/payments?appointmentId=${booked.booking.id}`))
        .payments,
    ).toEqual([]);

    for (let i = 0; i < 3; i += 1) {
      const delivered = await deliver(header);
      expect(delivered.status, delivered.text).toBe(200);
      expect(delivered.json).toMatchObject({ received: true, status: "succeeded" });
    }
    const payments = ok(
      await office.desk("GET", `/v1/staff/payments?appointmentId=${booked.booking.id}`),
    ).payments;
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      method: "online",
      amount: EUR(1000),
      reference: "ch_webhook",
    });

    const refund = ok(
      await office.desk("POST", `/v1/staff/payments/${payments[0].id}/refund-online`, {
        body: {},
      }),
      201,
    );
    expect(refund.payment).toMatchObject({ kind: "refund", amount: EUR(1000) });
    const refunded = stripe.requests.at(-1);
    expect(refunded?.path).toBe("/v1/refunds");
    expect(refunded?.form.get("payment_intent")).toBe(providerIntentId);
    expect(refunded?.form.get("amount")).toBe("1000");
  });

  test("server-side confirm: a declined card is 502 and records nothing; a good one records once", async () => {
    const booked = await book("2026-03-04T14:00:00Z");
    const intents = `/v1/manage/${booked.manageToken}/payment-intents`;
    const intent = ok(await call(office.app, "POST", intents, { headers: headers() }), 201);
    const confirm = (paymentMethod: string) =>
      call(office.app, "POST", `${intents}/${intent.intentId}/confirm`, {
        headers: { ...headers(), "idempotency-key": `confirm-${paymentMethod}` },
        body: { paymentMethod },
      });
    const declined = await confirm("pm_card_chargeDeclined");
    expect(declined.status).toBe(502);
    expect(declined.json.code).toBe("PAYMENT_PROVIDER_FAILED");
    expect(declined.json.detail).toContain("Your card was declined.");
    const paid = ok(await confirm("pm_card_visa"));
    expect(paid.status).toBe("succeeded");
    const payments = ok(
      await office.desk("GET", `/v1/staff/payments?appointmentId=${booked.booking.id}`),
    ).payments;
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      amount: EUR(1000),
      reference: expect.stringMatching(/^ch_of_pi_test_\d+$/),
    });
  });

  test("Payment Element: the intent carries the publishable key; the confirm route reads the intent at Stripe and records it once it succeeded", async () => {
    const booked = await book("2026-03-05T14:00:00Z");
    const intents = `/v1/manage/${booked.manageToken}/payment-intents`;
    const intent = ok(await call(office.app, "POST", intents, { headers: headers() }), 201);
    expect(intent.cardForm).toEqual({ sdk: "stripe", publishableKey: PUBLISHABLE_KEY });
    expect(intent.clientSecret).toMatch(/^pi_test_\d+_secret_recorded$/);
    const providerIntentId = (intent.clientSecret as string).replace(/_secret_recorded$/, "");
    const check = (key: string) =>
      call(office.app, "POST", `${intents}/${intent.intentId}/confirm`, {
        headers: { ...headers(), "idempotency-key": key },
        body: {},
      });
    const paymentsOf = async () =>
      ok(await office.desk("GET", `/v1/staff/payments?appointmentId=${booked.booking.id}`))
        .payments;

    // The page says it is done, but Stripe still waits for a card (declined, or never confirmed):
    // the server reads the intent, confirms nothing and records nothing.
    const before = stripe.requests.length;
    const waiting = ok(await check("check-1"));
    expect(waiting.status).toBe("requires_payment");
    expect(stripe.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1/payment_intents/${providerIntentId}`,
    ]);
    expect(await paymentsOf()).toEqual([]);

    // Stripe.js confirmed the card in the page: now Stripe says succeeded, and it is recorded once.
    stripe.succeedInPage(providerIntentId);
    expect(ok(await check("check-2")).status).toBe("succeeded");
    expect(ok(await check("check-3")).status).toBe("succeeded");
    const payments = await paymentsOf();
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      method: "online",
      amount: EUR(1000),
      reference: `ch_page_${providerIntentId}`,
    });
    expect(stripe.requests.slice(before).filter((r) => r.path.endsWith("/confirm"))).toEqual([]);
  });
});
