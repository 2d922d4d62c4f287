// A deposit comes back when the visit is canceled free of charge (issue 18, decision 0022 point 5),
// over HTTP on PGlite and PostgreSQL: by the patient through the manage link and by staff, the one
// cancel command refunds the visit's online payment through the provider, once, with a key that a
// retry repeats; a late cancel keeps it against the fee; a clinic can turn it off. The manage page,
// the cancel answer and the cancellation e-mail say what was refunded. The provider is the
// Stripe-like client talking to a fake provider on 127.0.0.1 (the network edge only).

import { beforeEach, describe, expect, test } from "vitest";
import { createInboxChannel } from "../../src/notify/inbox-channel.js";
import type { FakeProvider } from "../../src/services/back-office/fake-stripe.js";
import type { Storage } from "../../src/storage/storage.js";
import { bookingBody, call, SLOT } from "../helpers.js";
import { drain, testWorker } from "../notify/helpers.js";
import { backOfficeStorages, type Office, officePerTest, ok } from "./setup.js";

const EUR = (amount: number) => ({ amount, currency: "EUR" });
const DEPOSIT_20 = { type: "deposit", deposit: { type: "percent", basisPoints: 2000 } };

describe.each(backOfficeStorages())("refund on a free cancellation on $name", (factory) => {
  let storage: Storage;
  let office: Office;
  let fake: FakeProvider;
  officePerTest(
    factory,
    (opened) => {
      ({ storage, office } = opened);
      if (opened.fake) fake = opened.fake;
    },
    { webhookSecret: "whsec_refund" },
  );
  beforeEach(async () => {
    ok(
      await office.manager("PATCH", "/v1/staff/services/physio", {
        body: { policies: { onlinePayment: DEPOSIT_20 } },
      }),
    );
  });

  const headers = () => ({ "x-bookwell-clinic": office.clinicId });
  const refundsAsked = () => fake.requests.filter((r) => r.path === "/v1/refunds");

  /** Books physio online and pays its 20 % deposit through the server-side confirm. */
  async function bookAndPay(start = SLOT): Promise<{ token: string; id: string }> {
    const booked = ok(
      await call(office.app, "POST", "/v1/bookings", {
        body: bookingBody({ start }),
        headers: headers(),
      }),
      201,
    );
    const token = booked.manageToken as string;
    const intent = ok(
      await call(office.app, "POST", `/v1/manage/${token}/payment-intents`, { headers: headers() }),
      201,
    );
    ok(
      await call(
        office.app,
        "POST",
        `/v1/manage/${token}/payment-intents/${intent.intentId}/confirm`,
        {
          headers: headers(),
          body: { paymentMethod: "pm_card_visa" },
        },
      ),
    );
    return { token, id: booked.booking.id as string };
  }

  const visitPayments = async (id: string) =>
    ok(await office.desk("GET", `/v1/staff/payments?appointmentId=${id}`)).payments as {
      kind: string;
      amount: { amount: number };
      reference: string;
    }[];

  test("the patient cancels free of charge: the deposit is refunded once; a retry after a lost answer asks with the same key", async () => {
    const inbox = createInboxChannel({ name: "email", clock: () => office.clock.now });
    const worker = testWorker({ storage, channels: [inbox], clock: () => office.clock.now });
    const { token, id } = await bookAndPay();
    // The confirmation goes out first (changes are held 2 minutes to be sent as one).
    office.clock.advance(2);
    await drain(worker);
    office.clock.advance(30);
    const before = refundsAsked().length;
    // The provider refunds but its answer is lost: the cancel is not made (502, nothing
    // recorded), and the patient may try again.
    fake.loseNextRefundAnswer();
    const lost = await call(office.app, "POST", `/v1/manage/${token}/cancel`, {
      headers: headers(),
      body: {},
    });
    expect(lost.status, lost.text).toBe(502);
    expect(lost.json.code).toBe("PAYMENT_PROVIDER_FAILED");
    expect(
      ok(await call(office.app, "GET", `/v1/manage/${token}`, { headers: headers() })).booking
        .status,
    ).not.toBe("canceled");
    expect((await visitPayments(id)).filter((p) => p.kind === "refund")).toHaveLength(0);

    const canceled = ok(
      await call(office.app, "POST", `/v1/manage/${token}/cancel`, {
        headers: headers(),
        body: {},
      }),
    );
    expect(canceled.fee).toBeNull();
    expect(canceled.refund).toEqual(EUR(900));
    const asked = refundsAsked().slice(before);
    expect(asked).toHaveLength(2);
    expect(asked[1]?.idempotencyKey).toBe(asked[0]?.idempotencyKey);
    expect(asked[0]?.form.get("amount")).toBe("900");
    const refunds = (await visitPayments(id)).filter((p) => p.kind === "refund");
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.amount.amount).toBe(900);

    // A second cancel changes nothing and refunds nothing more; the manage page says it.
    const again = ok(
      await call(office.app, "POST", `/v1/manage/${token}/cancel`, {
        headers: headers(),
        body: {},
      }),
    );
    expect(again.refund).toEqual(EUR(900));
    expect(refundsAsked()).toHaveLength(before + 2);
    const page = ok(await call(office.app, "GET", `/v1/manage/${token}`, { headers: headers() }));
    expect(page.booking.status).toBe("canceled");
    expect(page.refund).toEqual(EUR(900));
    expect(page.payment).toBeUndefined();

    // The cancellation e-mail (the clinic writes in Portuguese) says what was refunded.
    office.clock.advance(2);
    await drain(worker);
    const mails = inbox.messages();
    expect(mails.map((m) => m.subject.split(":")[0])).toEqual([
      "Marcação cancelada",
      "Marcação confirmada",
    ]);
    expect(mails[0]?.text).toMatch(/Reembolsado no seu cartão: 9,00\s€/);
    expect(mails[1]?.text).not.toContain("Reembolsado");
  });

  test("staff cancel free of charge: the same refund, through the same command", async () => {
    const { id } = await bookAndPay();
    const before = refundsAsked().length;
    const changed = ok(
      await office.desk("POST", `/v1/staff/appointments/${id}/status`, {
        body: { action: "cancel" },
      }),
    );
    expect(JSON.stringify(changed)).toContain('"refunded"');
    expect(refundsAsked()).toHaveLength(before + 1);
    const refunds = (await visitPayments(id)).filter((p) => p.kind === "refund");
    expect(refunds.map((r) => r.amount.amount)).toEqual([900]);
  });

  test("a late cancel keeps the deposit against the fee: nothing refunded", async () => {
    const { token, id } = await bookAndPay();
    const before = refundsAsked().length;
    // 3 hours before the visit: inside the 24 hours, the late fee (50 %) applies.
    office.clock.now = new Date(Date.parse(SLOT) - 3 * 3_600_000);
    const canceled = ok(
      await call(office.app, "POST", `/v1/manage/${token}/cancel`, {
        headers: headers(),
        body: {},
      }),
    );
    expect(canceled.fee).toEqual(EUR(2250));
    expect(canceled.refund).toBeNull();
    expect(refundsAsked()).toHaveLength(before);
    expect((await visitPayments(id)).map((p) => p.kind)).toEqual(["payment"]);
    const page = ok(await call(office.app, "GET", `/v1/manage/${token}`, { headers: headers() }));
    expect(page.refund).toBeUndefined();
  });

  test("a clinic that turns refundOnFreeCancel off keeps the deposit; bad values are 400 naming the field", async () => {
    const settings = ok(await office.manager("GET", "/v1/staff/settings")).settings;
    expect(settings.refundOnFreeCancel).toBe(true);
    const bad = await office.manager("PATCH", "/v1/staff/settings", {
      body: { refundOnFreeCancel: "no" },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].field).toBe("refundOnFreeCancel");
    const off = ok(
      await office.manager("PATCH", "/v1/staff/settings", { body: { refundOnFreeCancel: false } }),
    );
    expect(off.settings.refundOnFreeCancel).toBe(false);

    const { token } = await bookAndPay();
    const before = refundsAsked().length;
    const canceled = ok(
      await call(office.app, "POST", `/v1/manage/${token}/cancel`, {
        headers: headers(),
        body: {},
      }),
    );
    expect(canceled.refund).toBeNull();
    expect(refundsAsked()).toHaveLength(before);
  });
});
