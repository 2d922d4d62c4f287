// Deposits and full prepayment per service (issue 18), over HTTP on PGlite and PostgreSQL: the
// clinic sets the service's online payment, the catalog and the booking answer say what to pay,
// the intent asks the provider for exactly that, the signed webhook records it once on the visit,
// and the rest of the price stays to pay at the clinic. The provider is the Stripe-like client
// talking to a fake provider on 127.0.0.1 (the network edge only).

import { describe, expect, test } from "vitest";
import type { FakeProvider } from "../../src/services/back-office/fake-stripe.js";
import { signWebhook } from "../../src/services/back-office/payment-provider.js";
import { bookingBody, call, testApp } from "../helpers.js";
import { act, backOfficeStorages, type Office, officePerTest, ok } from "./setup.js";

const EUR = (amount: number) => ({ amount, currency: "EUR" });
const WEBHOOK_SECRET = "whsec_deposit_secret";
const DEPOSIT_20 = { type: "deposit", deposit: { type: "percent", basisPoints: 2000 } };

describe.each(backOfficeStorages())("deposits per service on $name", (factory) => {
  let office: Office;
  let fake: FakeProvider;
  officePerTest(
    factory,
    (opened) => {
      office = opened.office;
      if (opened.fake) fake = opened.fake;
    },
    { webhookSecret: WEBHOOK_SECRET },
  );

  const setPayment = (onlinePayment: unknown) =>
    office.manager("PATCH", "/v1/staff/services/physio", {
      body: { policies: { onlinePayment } },
    });

  test("bad settings are 400 naming the field, and nothing is written", async () => {
    const before = ok(await office.manager("GET", "/v1/staff/services/physio")).service;
    const cases: [unknown, string][] = [
      [{ type: "deposit", deposit: { type: "percent", basisPoints: 0 } }, "basisPoints"],
      [{ type: "deposit", deposit: { type: "percent", basisPoints: 12_000 } }, "basisPoints"],
      [{ type: "deposit", deposit: { type: "fixed", amount: EUR(-5) } }, "amount"],
      [{ type: "deposit" }, "deposit"],
      [{ type: "later" }, "type"],
    ];
    for (const [rule, field] of cases) {
      const refused = await setPayment(rule);
      expect(refused.status, JSON.stringify(rule)).toBe(400);
      expect(refused.json.errors[0].field).toContain(field);
    }
    const usd = await setPayment({
      type: "deposit",
      deposit: { type: "fixed", amount: { amount: 1000, currency: "USD" } },
    });
    expect(usd.status).toBe(400);
    expect(usd.json.errors[0].field).toBe("policies.onlinePayment.deposit.amount.currency");
    const after = ok(await office.manager("GET", "/v1/staff/services/physio")).service;
    expect(after.version).toBe(before.version);
    expect(after.policies.onlinePayment).toBeUndefined();
  });

  test("a 20 % deposit: catalog → booking → intent → signed webhook (replayed) → paid deposit", async () => {
    const headers = { "x-bookwell-clinic": office.clinicId };
    const set = ok(await setPayment(DEPOSIT_20));
    expect(set.service.policies.onlinePayment).toEqual(DEPOSIT_20);

    const catalog = ok(await call(office.app, "GET", "/v1/services", { headers }));
    const physio = catalog.services.find((s: { id: string }) => s.id === "physio");
    expect(physio.onlinePayment).toEqual({ kind: "deposit", amount: EUR(900) });
    const pilates = catalog.services.find((s: { id: string }) => s.id === "pilates");
    expect(pilates?.onlinePayment).toBeUndefined();

    const booked = ok(
      await call(office.app, "POST", "/v1/bookings", { body: bookingBody(), headers }),
      201,
    );
    expect(booked.payment).toEqual({ kind: "deposit", amount: EUR(900) });
    const token = booked.manageToken as string;
    const appointmentId = booked.booking.id as string;

    const intent = ok(
      await call(office.app, "POST", `/v1/manage/${token}/payment-intents`, { headers }),
      201,
    );
    expect(intent).toMatchObject({ kind: "deposit", amount: EUR(900), status: "requires_payment" });
    const asked = fake.requests.at(-1);
    expect(asked?.path).toBe("/v1/payment_intents");
    expect(asked?.form.get("amount")).toBe("900");
    expect(asked?.form.get("metadata[kind]")).toBe("deposit");

    const providerIntentId = (intent.clientSecret as string).replace(/_secret$/, "");
    const event = JSON.stringify({
      id: "evt_deposit_1",
      type: "payment_intent.succeeded",
      data: {
        object: {
          id: providerIntentId,
          amount_received: 900,
          currency: "eur",
          latest_charge: "ch_d",
        },
      },
    });
    const send = (signature: string) =>
      call(office.app, "POST", "/v1/payments/webhooks/stripe", {
        raw: event,
        headers: { ...headers, "stripe-signature": signature },
      });
    const forged = await send(signWebhook(event, "whsec_wrong", office.clock.now));
    expect(forged.status).toBe(400);
    for (let i = 0; i < 2; i += 1) {
      const delivered = await send(signWebhook(event, WEBHOOK_SECRET, office.clock.now));
      expect(delivered.status, delivered.text).toBe(200);
      expect(delivered.json).toMatchObject({ status: "succeeded" });
    }
    const payments = ok(
      await office.desk("GET", `/v1/staff/payments?appointmentId=${appointmentId}`),
    ).payments;
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ method: "online", amount: EUR(900), reference: "ch_d" });

    // The deposit was paid: nothing more is asked online; the rest is paid at the clinic.
    const again = await call(office.app, "POST", `/v1/manage/${token}/payment-intents`, {
      headers,
    });
    expect(again.status).toBe(409);
    // On arrival the visit's charge is its price; the deposit counts towards it.
    await act(office, appointmentId, "arrive");
    const billing = ok(await office.desk("GET", `/v1/staff/appointments/${appointmentId}/billing`));
    expect(billing.payments).toHaveLength(1);
    expect(billing.money).toMatchObject({ money: "partly_paid", outstanding: 3600 });
  });

  test("with refundOnFreeCancel off, a free cancellation keeps the paid deposit as the patient's credit; staff refund it once", async () => {
    const headers = { "x-bookwell-clinic": office.clinicId };
    ok(await setPayment(DEPOSIT_20));
    // The clinic keeps deposits on free cancellations (the default refunds them at once:
    // free-cancel-refund.test.ts).
    ok(
      await office.manager("PATCH", "/v1/staff/settings", { body: { refundOnFreeCancel: false } }),
    );
    const booked = ok(
      await call(office.app, "POST", "/v1/bookings", { body: bookingBody(), headers }),
      201,
    );
    const token = booked.manageToken as string;
    const intent = ok(
      await call(office.app, "POST", `/v1/manage/${token}/payment-intents`, { headers }),
      201,
    );
    ok(
      await call(
        office.app,
        "POST",
        `/v1/manage/${token}/payment-intents/${intent.intentId}/confirm`,
        {
          headers,
          body: { paymentMethod: "pm_card_visa" },
        },
      ),
    );
    // The test clock is two days before the visit, before the 24-hour mark: free, no fee.
    const canceled = ok(
      await call(office.app, "POST", `/v1/manage/${token}/cancel`, { headers, body: {} }),
    );
    expect(canceled.fee).toBeNull();
    const refundsBefore = fake.requests.filter((r) => r.path === "/v1/refunds").length;
    const [deposit] = ok(
      await office.desk("GET", `/v1/staff/payments?appointmentId=${booked.booking.id}`),
    ).payments;
    expect(deposit).toMatchObject({ kind: "payment", amount: EUR(900) });
    // Nothing was refunded automatically.
    expect(fake.requests.filter((r) => r.path === "/v1/refunds")).toHaveLength(refundsBefore);
    // The provider refunds but its answer is lost: 502, nothing recorded. The desk retries the
    // same request (same Idempotency-Key): the provider is asked with the same key, so it answers
    // with the refund it made instead of refunding twice.
    fake.loseNextRefundAnswer();
    const lost = await office.desk("POST", `/v1/staff/payments/${deposit.id}/refund-online`, {
      body: {},
      headers: { "idempotency-key": "refund-deposit-1" },
    });
    expect(lost.status, lost.text).toBe(502);
    const refund = ok(
      await office.desk("POST", `/v1/staff/payments/${deposit.id}/refund-online`, {
        body: {},
        headers: { "idempotency-key": "refund-deposit-1" },
      }),
      201,
    );
    const asked = fake.requests.filter((r) => r.path === "/v1/refunds").slice(refundsBefore);
    expect(asked).toHaveLength(2);
    expect(asked[1]?.idempotencyKey).toBe(asked[0]?.idempotencyKey);
    expect(refund.payment).toMatchObject({ kind: "refund", amount: EUR(900) });
    const again = await office.desk("POST", `/v1/staff/payments/${deposit.id}/refund-online`, {
      body: {},
    });
    expect(again.status).toBe(409);
    expect(fake.requests.filter((r) => r.path === "/v1/refunds")).toHaveLength(refundsBefore + 2);
  });

  test("the manage page says what is due and why; a declined card leaves it due; paying through it shows it paid", async () => {
    const headers = { "x-bookwell-clinic": office.clinicId };
    ok(await setPayment(DEPOSIT_20));
    const booked = ok(
      await call(office.app, "POST", "/v1/bookings", { body: bookingBody(), headers }),
      201,
    );
    const token = booked.manageToken as string;
    const page = () => call(office.app, "GET", `/v1/manage/${token}`, { headers });
    // The patient left the payment step: the manage link shows the deposit as due.
    expect(ok(await page()).payment).toEqual({
      kind: "deposit",
      total: EUR(900),
      paid: EUR(0),
      due: EUR(900),
    });
    const pay = async (paymentMethod: string) => {
      const intent = ok(
        await call(office.app, "POST", `/v1/manage/${token}/payment-intents`, { headers }),
        201,
      );
      expect(intent.amount).toEqual(EUR(900));
      return ok(
        await call(
          office.app,
          "POST",
          `/v1/manage/${token}/payment-intents/${intent.intentId}/confirm`,
          { headers, body: { paymentMethod } },
        ),
      );
    };
    expect((await pay("pm_card_declined")).status).toBe("canceled");
    expect(ok(await page()).payment.due).toEqual(EUR(900));
    expect((await pay("pm_card_visa")).status).toBe("succeeded");
    expect(ok(await page()).payment).toEqual({
      kind: "deposit",
      total: EUR(900),
      paid: EUR(900),
      due: EUR(0),
    });
    // A service that asks nothing online shows no payment.
    ok(await setPayment({ type: "none" }));
    expect(ok(await page()).payment).toBeUndefined();
  });

  test("full price asks the visit's price; `none` and no provider ask nothing", async () => {
    const headers = { "x-bookwell-clinic": office.clinicId };
    ok(await setPayment({ type: "full" }));
    const booked = ok(
      await call(office.app, "POST", "/v1/bookings", { body: bookingBody(), headers }),
      201,
    );
    expect(booked.payment).toEqual({ kind: "full", amount: EUR(4500) });
    const intent = ok(
      await call(office.app, "POST", `/v1/manage/${booked.manageToken}/payment-intents`, {
        headers,
      }),
      201,
    );
    expect(intent).toMatchObject({ kind: "full", amount: EUR(4500) });

    ok(await setPayment({ type: "none" }));
    const none = ok(
      await call(office.app, "POST", "/v1/bookings", {
        body: bookingBody({ start: "2026-03-04T14:00:00Z" }),
        headers,
      }),
      201,
    );
    expect(none.payment).toBeUndefined();
    const refused = await call(
      office.app,
      "POST",
      `/v1/manage/${none.manageToken}/payment-intents`,
      {
        headers,
      },
    );
    expect(refused.status).toBe(409);

    // The same clinic on a storage without a payment provider: the catalog asks nothing.
    ok(await setPayment(DEPOSIT_20));
    const plain = await factory.create();
    try {
      const { seedClinic } = await import("../helpers.js");
      const seed = await seedClinic(plain, office.clinicId);
      const app = testApp(plain, office.clock);
      ok(
        await call(app, "PATCH", "/v1/staff/services/physio", {
          key: seed.keys.manager,
          body: { policies: { onlinePayment: DEPOSIT_20 } },
        }),
      );
      const services = ok(await call(app, "GET", "/v1/services", { headers })).services;
      expect(services.find((s: { id: string }) => s.id === "physio").onlinePayment).toBeUndefined();
    } finally {
      await plain.close();
    }
  });
});
