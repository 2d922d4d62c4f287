// Packages, team, reports and online payments over HTTP on PGlite and PostgreSQL. The
// payment provider is the real Stripe-like client talking to a fake provider on 127.0.0.1: the
// test double sits at the network edge only.

import { describe, expect, test } from "vitest";
import type { FakeProvider } from "../../src/services/back-office/fake-stripe.js";
import { signWebhook } from "../../src/services/back-office/payment-provider.js";
import { bookingBody, call } from "../helpers.js";
import {
  act,
  backOfficeStorages,
  clientWithVisit,
  type Office,
  officePerTest,
  ok,
  slot,
} from "./setup.js";

const EUR = (amount: number) => ({ amount, currency: "EUR" });
const WEBHOOK_SECRET = "whsec_test_secret";

describe.each(backOfficeStorages())(
  "packages, team, reports, online payments on $name",
  (factory) => {
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

    const sell = async (clientId: string, body: Record<string, unknown> = {}) =>
      ok(
        await office.desk("POST", `/v1/staff/clients/${clientId}/packages`, {
          body: {
            name: "10 × Physio",
            sessions: 10,
            price: { total: EUR(40000) },
            serviceIds: ["physio"],
            expiresOn: "2026-09-30",
            ...body,
          },
        }),
        201,
      ).package;

    test("a package pays for a completed visit: one session used, logged with date and therapist", async () => {
      const { clientId, appointmentId } = await clientWithVisit(office, "Rita Lopes", slot(0));
      const pkg = await sell(clientId, { payment: { method: "card", reference: "POS 1" } });
      expect(pkg.balance).toMatchObject({ sold: 10, used: 0, remaining: 10 });
      expect(pkg.pricing.perSession).toEqual(EUR(4000));
      ok(
        await office.desk("PUT", `/v1/staff/appointments/${appointmentId}/package`, {
          body: { packageId: pkg.id },
        }),
      );
      await act(office, appointmentId, "arrive");
      await act(office, appointmentId, "complete");
      const used = ok(await office.desk("GET", `/v1/staff/packages/${pkg.id}`)).package;
      expect(used.balance).toMatchObject({
        used: 1,
        remaining: 9,
        line: "1 of 10 used, 9 left, valid until 2026-09-30",
      });
      expect(used.attendance).toEqual([
        expect.objectContaining({
          appointmentId,
          therapistId: "ana",
          clientId,
          date: "2026-03-04",
          kind: "attended",
        }),
      ]);
      // The package paid for the treatment: the arrival charge is void, nothing is owed.
      const billing = ok(
        await office.desk("GET", `/v1/staff/appointments/${appointmentId}/billing`),
      );
      expect(billing.charges.map((c: { status: string }) => c.status)).toEqual(["void"]);
      expect(billing.package).toMatchObject({ id: pkg.id, usedByThisVisit: true });
      const balance = ok(await office.desk("GET", `/v1/staff/clients/${clientId}/balance`)).balance;
      expect(balance).toMatchObject({ charged: 40000, paid: 40000, outstanding: 0 });
      // Rolling the completion back gives the session back.
      await act(office, appointmentId, "rollback");
      const restored = ok(await office.desk("GET", `/v1/staff/packages/${pkg.id}`)).package;
      expect(restored.balance.used).toBe(0);
      // The balance line is printed on the next invoice.
      await act(office, appointmentId, "complete");
      const caseId = billing.caseId as string;
      ok(
        await office.desk("POST", `/v1/staff/cases/${caseId}/charges`, {
          body: { description: "Tape", unitPrice: EUR(500) },
        }),
        201,
      );
      const invoice = ok(
        await office.desk("POST", `/v1/staff/cases/${caseId}/invoices`, {
          body: { chargeIds: [] },
        }),
        400,
      );
      expect(invoice.code).toBe("VALIDATION_FAILED");
      const issued = ok(
        await office.desk("POST", `/v1/staff/cases/${caseId}/invoices`, { body: {} }),
        201,
      ).invoice;
      // In the clinic's language (pt-PT), as the rest of the invoice.
      expect(issued.printed.packages).toEqual([
        {
          id: pkg.id,
          name: "10 × Physio",
          line: "1 de 10 usadas, faltam 9, válido até 30/09/2026",
        },
      ]);
    });

    test("regression: a visit its used-up package cannot pay for is billed, not left free", async () => {
      const first = await clientWithVisit(office, "Rita Lopes", slot(0));
      const second = ok(
        await office.desk("POST", "/v1/staff/appointments", {
          body: {
            serviceId: "physio",
            providerId: "ana",
            start: slot(1),
            clientId: first.clientId,
            overrides: "all-soft",
          },
        }),
        201,
      ).appointment.id as string;
      const pkg = await sell(first.clientId, {
        sessions: 1,
        price: { total: EUR(4000) },
        payment: { method: "card" },
      });
      // Both visits were booked against the one session; the first to complete takes it.
      for (const id of [first.appointmentId, second]) {
        ok(
          await office.desk("PUT", `/v1/staff/appointments/${id}/package`, {
            body: { packageId: pkg.id },
          }),
        );
      }
      for (const id of [first.appointmentId, second]) {
        await act(office, id, "arrive");
        await act(office, id, "complete");
      }
      const billingOf = async (id: string) =>
        ok(await office.desk("GET", `/v1/staff/appointments/${id}/billing`));
      const open = (b: { charges: { status: string; amounts: { gross: number } }[] }) =>
        b.charges.filter((c) => c.status === "uninvoiced").map((c) => c.amounts.gross);
      expect(open(await billingOf(first.appointmentId))).toEqual([]);
      // The charge the session paid for says so by kind, for a screen to word it.
      expect((await billingOf(first.appointmentId)).charges).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            status: "void",
            voidCause: { kind: "package_session", packageId: pkg.id },
          }),
        ]),
      );
      const unpaid = await billingOf(second);
      expect(unpaid.package).toMatchObject({ usedByThisVisit: false, error: "PACKAGE_EXHAUSTED" });
      expect(open(unpaid)).toEqual([4500]);
      const balance = ok(
        await office.desk("GET", `/v1/staff/clients/${first.clientId}/balance`),
      ).balance;
      expect(balance).toMatchObject({ charged: 4000 + 4500, paid: 4000, outstanding: 4500 });
      // The first visit is rolled back: the session is free again and pays for the second one,
      // whose treatment is then no longer owed.
      await act(office, first.appointmentId, "rollback");
      const paid = await billingOf(second);
      expect(paid.package).toMatchObject({ usedByThisVisit: true });
      expect(open(paid)).toEqual([]);
      expect(
        ok(await office.desk("GET", `/v1/staff/clients/${first.clientId}/balance`)).balance,
      ).toMatchObject({ outstanding: 0 });
    });

    test("no-show rule: keep leaves the package alone, deduct takes a session (logged as no-show)", async () => {
      const keep = await clientWithVisit(office, "Keep", slot(0));
      const deduct = await clientWithVisit(office, "Deduct", slot(0, 14));
      const keepPkg = await sell(keep.clientId);
      const deductPkg = await sell(deduct.clientId, { noShowRule: "deduct" });
      ok(
        await office.desk("PUT", `/v1/staff/appointments/${keep.appointmentId}/package`, {
          body: { packageId: keepPkg.id },
        }),
      );
      ok(
        await office.desk("PUT", `/v1/staff/appointments/${deduct.appointmentId}/package`, {
          body: { packageId: deductPkg.id },
        }),
      );
      office.clock.advance(3 * 24 * 60);
      await act(office, keep.appointmentId, "no_show");
      await act(office, deduct.appointmentId, "no_show");
      expect(
        ok(await office.desk("GET", `/v1/staff/packages/${keepPkg.id}`)).package.balance.used,
      ).toBe(0);
      const d = ok(await office.desk("GET", `/v1/staff/packages/${deductPkg.id}`)).package;
      expect(d.balance).toMatchObject({ used: 1, noShowsDeducted: 1 });
      expect(d.attendance[0]).toMatchObject({
        appointmentId: deduct.appointmentId,
        kind: "no_show",
      });
    });

    test("a package another client may use, an exhausted one, an expired one, and the expiry nudge", async () => {
      const owner = await clientWithVisit(office, "Owner", slot(0));
      const spouse = await clientWithVisit(office, "Spouse", slot(0, 14));
      const stranger = await clientWithVisit(office, "Stranger", slot(1));
      const pkg = await sell(owner.clientId, {
        sessions: 1,
        price: { perSession: EUR(4000) },
        allowedClientIds: [spouse.clientId],
      });
      ok(
        await office.desk("PUT", `/v1/staff/appointments/${spouse.appointmentId}/package`, {
          body: { packageId: pkg.id },
        }),
      );
      const notFor = await office.desk(
        "PUT",
        `/v1/staff/appointments/${stranger.appointmentId}/package`,
        { body: { packageId: pkg.id } },
      );
      expect(notFor.status).toBe(409);
      expect(notFor.json.reason).toBe("PACKAGE_NOT_FOR_CLIENT");
      await act(office, spouse.appointmentId, "complete");
      const exhausted = await office.desk(
        "PUT",
        `/v1/staff/appointments/${owner.appointmentId}/package`,
        { body: { packageId: pkg.id } },
      );
      expect(exhausted.json.reason).toBe("PACKAGE_EXHAUSTED");
      const old = await sell(stranger.clientId, { expiresOn: "2026-03-03" });
      const expired = await office.desk(
        "PUT",
        `/v1/staff/appointments/${stranger.appointmentId}/package`,
        { body: { packageId: old.id } },
      );
      expect(expired.json.reason).toBe("PACKAGE_EXPIRED");
      const soon = await sell(owner.clientId, { expiresOn: "2026-03-10" });
      const due = ok(await office.desk("GET", "/v1/staff/packages?nudgeDue=true")).packages;
      // Expiring within their 14 nudge days and not yet expired: the two short ones, not the September one.
      expect(due.map((p: { id: string }) => p.id).sort()).toEqual([old.id, soon.id].sort());
      const nudged = ok(await office.desk("POST", `/v1/staff/packages/${soon.id}/nudge`)).package;
      expect(nudged.nudgedAt).toBe(office.clock.now.toISOString());
    });

    test("refunding unused sessions closes the package and keeps the balance exact (paid or invoiced sale)", async () => {
      const { clientId, appointmentId } = await clientWithVisit(office, "Refund Me", slot(0));
      const pkg = await sell(clientId, { payment: { method: "cash" } });
      ok(
        await office.desk("PUT", `/v1/staff/appointments/${appointmentId}/package`, {
          body: { packageId: pkg.id },
        }),
      );
      await act(office, appointmentId, "complete");
      const refunded = ok(
        await office.desk("POST", `/v1/staff/packages/${pkg.id}/refund`, {
          body: { method: "cash" },
        }),
      );
      expect(refunded.refund).toEqual(EUR(36000));
      expect(refunded.correction.kind).toBe("charge");
      expect(refunded.package.refund).toMatchObject({ sessions: 9, amount: EUR(36000) });
      expect(refunded.package.balance.line).toBe("1 of 10 used, 9 refunded");
      const balance = ok(await office.desk("GET", `/v1/staff/clients/${clientId}/balance`)).balance;
      expect(balance).toMatchObject({
        charged: 4000,
        paid: 40000,
        refunded: 36000,
        outstanding: 0,
      });
      const twice = await office.desk("POST", `/v1/staff/packages/${pkg.id}/refund`, {
        body: { method: "cash" },
      });
      expect(twice.status).toBe(409);
      // An invoiced sale is corrected by a credit note instead.
      const other = await clientWithVisit(office, "Invoiced Sale", slot(1));
      const sold = await sell(other.clientId);
      const caseId = sold.caseId as string;
      const invoice = ok(
        await office.desk("POST", `/v1/staff/cases/${caseId}/invoices`, { body: {} }),
        201,
      ).invoice;
      ok(
        await office.desk("POST", "/v1/staff/payments", {
          body: { method: "card", amount: EUR(40000), invoiceId: invoice.id },
        }),
        201,
      );
      const second = ok(
        await office.desk("POST", `/v1/staff/packages/${sold.id}/refund`, {
          body: { method: "card" },
        }),
      );
      expect(second.correction.kind).toBe("credit_note");
      const after = ok(
        await office.desk("GET", `/v1/staff/clients/${other.clientId}/balance`),
      ).balance;
      expect(after).toMatchObject({
        charged: 40000,
        credited: 40000,
        refunded: 40000,
        outstanding: 0,
      });
      // An unpaid package cannot be refunded in money.
      const unpaid = await sell(other.clientId);
      const refused = await office.desk("POST", `/v1/staff/packages/${unpaid.id}/refund`, {
        body: { method: "cash" },
      });
      expect(refused.status).toBe(409);
      expect(refused.json.reason).toBe("REFUND_EXCEEDS_PAID");
    });

    test("regression: a package paid in part (a deposit) could not be refunded at all: 409 for asking the whole unused value", async () => {
      const { clientId, appointmentId } = await clientWithVisit(office, "Deposit", slot(0));
      const pkg = await sell(clientId);
      ok(
        await office.desk("POST", "/v1/staff/payments", {
          body: { method: "cash", amount: EUR(10000), caseId: pkg.caseId },
        }),
        201,
      );
      ok(
        await office.desk("PUT", `/v1/staff/appointments/${appointmentId}/package`, {
          body: { packageId: pkg.id },
        }),
      );
      await act(office, appointmentId, "complete");
      // 100.00 paid, 1 of 10 sessions at 40.00 used: 60.00 back, and the 9 unused are not owed.
      const refunded = ok(
        await office.desk("POST", `/v1/staff/packages/${pkg.id}/refund`, {
          body: { method: "cash" },
        }),
      );
      expect(refunded.refund).toEqual(EUR(6000));
      expect(refunded.correction.kind).toBe("charge");
      expect(refunded.package.refund).toMatchObject({ sessions: 9, amount: EUR(6000) });
      const balance = ok(await office.desk("GET", `/v1/staff/clients/${clientId}/balance`)).balance;
      expect(balance).toMatchObject({
        charged: 4000,
        paid: 10000,
        refunded: 6000,
        outstanding: 0,
      });
      // A deposit smaller than the sessions used leaves nothing to pay back: still a 409.
      const small = await clientWithVisit(office, "Small Deposit", slot(1));
      const other = await sell(small.clientId);
      ok(
        await office.desk("POST", "/v1/staff/payments", {
          body: { method: "cash", amount: EUR(3000), caseId: other.caseId },
        }),
        201,
      );
      ok(
        await office.desk("PUT", `/v1/staff/appointments/${small.appointmentId}/package`, {
          body: { packageId: other.id },
        }),
      );
      await act(office, small.appointmentId, "complete");
      const refused = await office.desk("POST", `/v1/staff/packages/${other.id}/refund`, {
        body: { method: "cash" },
      });
      expect(refused.status).toBe(409);
      expect(refused.json.reason).toBe("REFUND_EXCEEDS_PAID");
    });

    test("regression: a refund after a credit note on the invoiced sale was refused (the correction asked more than the line had left)", async () => {
      const { clientId, appointmentId } = await clientWithVisit(office, "Discounted", slot(0));
      const pkg = await sell(clientId);
      const invoice = ok(
        await office.desk("POST", `/v1/staff/cases/${pkg.caseId}/invoices`, { body: {} }),
        201,
      ).invoice;
      const saleChargeId = invoice.snapshot.lines[0].chargeId as string;
      // A 100.00 discount after invoicing: the package now costs 300.00, 30.00 a session.
      ok(
        await office.manager("POST", `/v1/staff/invoices/${invoice.id}/credit-notes`, {
          body: { reason: "discount", lines: [{ chargeId: saleChargeId, amount: 10000 }] },
        }),
        201,
      );
      ok(
        await office.desk("POST", "/v1/staff/payments", {
          body: { method: "card", amount: EUR(30000), invoiceId: invoice.id },
        }),
        201,
      );
      ok(
        await office.desk("PUT", `/v1/staff/appointments/${appointmentId}/package`, {
          body: { packageId: pkg.id },
        }),
      );
      await act(office, appointmentId, "complete");
      const refunded = ok(
        await office.desk("POST", `/v1/staff/packages/${pkg.id}/refund`, {
          body: { method: "card" },
        }),
      );
      // 9 unused × 30.00, credited on the sale's line and paid back.
      expect(refunded.refund).toEqual(EUR(27000));
      expect(refunded.correction.kind).toBe("credit_note");
      const balance = ok(await office.desk("GET", `/v1/staff/clients/${clientId}/balance`)).balance;
      expect(balance).toMatchObject({
        charged: 40000,
        credited: 37000,
        paid: 30000,
        refunded: 27000,
        outstanding: 0,
      });
    });

    test("team: providers with their own catalog and prices (used on arrival), rooms, locations, grants", async () => {
      const team = ok(await office.desk("GET", "/v1/staff/team"));
      expect(team.providers.map((p: { id: string }) => p.id)).toEqual(["ana", "bruno", "carla"]);
      expect(team.rooms.map((r: { id: string }) => r.id)).toEqual(["room-1"]);
      const ana = team.providers.find((p: { id: string }) => p.id === "ana");
      expect(ana.services.map((s: { serviceId: string }) => s.serviceId).sort()).toEqual([
        "internal",
        "massage-room",
        "physio",
      ]);
      expect(
        (
          await office.desk("PUT", "/v1/staff/providers/ana/services/physio", {
            body: { price: EUR(5000) },
          })
        ).status,
      ).toBe(403);
      const catalog = ok(
        await office.manager("PUT", "/v1/staff/providers/ana/services/physio", {
          body: { price: EUR(5000) },
        }),
      );
      expect(catalog.services).toEqual([
        expect.objectContaining({
          serviceId: "physio",
          price: EUR(5000),
          ownPrice: true,
          source: "catalog",
        }),
      ]);
      const read = ok(await office.provider("GET", "/v1/staff/providers/ana/services"));
      expect(read).toEqual(catalog);
      expect((await office.provider("GET", "/v1/staff/providers/bruno/services")).status).toBe(404);
      const { appointmentId } = await clientWithVisit(office, "Own Price", slot(0));
      await act(office, appointmentId, "arrive");
      const billing = ok(
        await office.desk("GET", `/v1/staff/appointments/${appointmentId}/billing`),
      );
      expect(billing.charges[0].unitPrice).toEqual(EUR(5000));
      const wrongCurrency = await office.manager("PUT", "/v1/staff/providers/ana/services/physio", {
        body: { price: { amount: 10, currency: "USD" } },
      });
      expect(wrongCurrency.status).toBe(400);
      ok(await office.manager("DELETE", "/v1/staff/providers/ana/services/physio"), 204);
      ok(
        await office.manager("PUT", "/v1/staff/locations/loc-2", {
          body: { name: "Porto", timeZone: "Europe/Lisbon" },
        }),
      );
      const locations = ok(await office.desk("GET", "/v1/staff/locations")).locations;
      expect(locations.map((l: { id: string }) => l.id)).toContain("loc-2");
      // Grants: the provider key sees bruno's client only once bruno is granted.
      const brunoClient = ok(
        await office.desk("POST", "/v1/staff/clients/intake", { body: { name: "B" } }),
        201,
      ).client.id;
      ok(
        await office.desk("POST", "/v1/staff/appointments", {
          body: {
            serviceId: "physio",
            providerId: "bruno",
            start: slot(0, 11),
            clientId: brunoClient,
            overrides: "all-soft",
          },
        }),
        201,
      );
      expect(
        (await office.provider("GET", `/v1/staff/clients/${brunoClient}/summary`)).status,
      ).toBe(404);
      const keyId = `key-${office.clinicId}-provider`;
      const unknown = await office.manager("PUT", `/v1/staff/api-keys/${keyId}/calendars`, {
        body: { calendarIds: ["nope"] },
      });
      expect(unknown.status).toBe(400);
      ok(
        await office.manager("PUT", `/v1/staff/api-keys/${keyId}/calendars`, {
          body: { calendarIds: ["ana", "bruno"] },
        }),
      );
      expect(
        (await office.provider("GET", `/v1/staff/clients/${brunoClient}/summary`)).status,
      ).toBe(200);
    });

    test("monthly report as JSON and CSV, by provider", async () => {
      const a = await clientWithVisit(office, "A", slot(0), { taxId: "PT1" });
      const b = await clientWithVisit(office, "B", slot(1));
      await act(office, a.appointmentId, "complete");
      const caseId = ok(
        await office.desk("GET", `/v1/staff/appointments/${a.appointmentId}/billing`),
      ).caseId;
      const invoice = ok(
        await office.desk("POST", `/v1/staff/cases/${caseId}/invoices`, { body: {} }),
        201,
      ).invoice;
      ok(
        await office.desk("POST", "/v1/staff/payments", {
          body: { method: "card", amount: EUR(4500), invoiceId: invoice.id },
        }),
        201,
      );
      office.clock.advance(4 * 24 * 60);
      await act(office, b.appointmentId, "no_show");
      const report = ok(await office.desk("GET", "/v1/staff/reports/monthly?month=2026-03")).report;
      expect(report.totals).toMatchObject({
        completedVisits: 1,
        patients: 1,
        noShowRate: { numerator: 1, denominator: 2 },
        taxIdShare: { numerator: 1, denominator: 1 },
        revenue: 4500,
        netPayments: 4500,
      });
      const ana = report.byProvider.find((p: { providerId: string }) => p.providerId === "ana");
      expect(ana).toMatchObject({ revenue: 4500, completedVisits: 1 });
      const only = ok(
        await office.desk("GET", "/v1/staff/reports/monthly?month=2026-03&providerId=ana"),
      ).report;
      expect(only.byProvider.map((p: { providerId: string }) => p.providerId)).toEqual(["ana"]);
      const csv = await office.desk("GET", "/v1/staff/reports/monthly.csv?month=2026-03");
      expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      // (decoding the body as text drops the leading BOM)
      expect(csv.text.startsWith("scope,id,appointments")).toBe(true);
      expect(csv.text).toContain("\r\nprovider,ana,");
      expect((await office.provider("GET", "/v1/staff/reports/monthly?month=2026-03")).status).toBe(
        403,
      );
      expect(
        (await office.desk("GET", "/v1/staff/reports/monthly?month=2026-13")).json.errors[0].field,
      ).toBe("month");
    });

    test("online prepayment: intent by manage token, signed webhook records the payment once", async () => {
      const headers = { "x-bookwell-clinic": office.clinicId };
      const booked = await call(office.app, "POST", "/v1/bookings", {
        body: bookingBody(),
        headers,
      });
      expect(booked.status, booked.text).toBe(201);
      const token = booked.json.manageToken as string;
      const appointmentId = booked.json.booking.id as string;
      const intent = await call(office.app, "POST", `/v1/manage/${token}/payment-intents`, {
        headers,
      });
      expect(intent.status, intent.text).toBe(201);
      expect(intent.json).toMatchObject({
        provider: "stripe",
        amount: EUR(4500),
        status: "requires_payment",
      });
      expect(intent.json.clientSecret).toMatch(/^pi_\d+_secret$/);
      const created = fake.requests.at(-1);
      expect(created?.path).toBe("/v1/payment_intents");
      expect(created?.form.get("amount")).toBe("4500");
      expect(created?.form.get(`metadata[appointmentId]`)).toBe(appointmentId);
      expect(created?.idempotencyKey).toContain(intent.json.intentId);
      const providerIntentId = (intent.json.clientSecret as string).replace(/_secret$/, "");
      const event = JSON.stringify({
        id: "evt_1",
        type: "payment_intent.succeeded",
        data: {
          object: {
            id: providerIntentId,
            amount_received: 4500,
            currency: "eur",
            latest_charge: "ch_9",
          },
        },
      });
      const send = (body: string, signature: string) =>
        call(office.app, "POST", "/v1/payments/webhooks/stripe", {
          raw: body,
          headers: { ...headers, "stripe-signature": signature },
        });
      const wrongAmount = event.replace('"amount_received":4500', '"amount_received":1');
      const mismatch = await send(
        wrongAmount,
        signWebhook(wrongAmount, WEBHOOK_SECRET, office.clock.now),
      );
      expect(mismatch.status).toBe(409);
      // Regression: the same number of minor units in another currency is not the same payment.
      const otherCurrency = event.replace('"currency":"eur"', '"currency":"usd"');
      const usd = await send(
        otherCurrency,
        signWebhook(otherCurrency, WEBHOOK_SECRET, office.clock.now),
      );
      expect(usd.status).toBe(409);
      const forged = await send(event, signWebhook(event, "whsec_wrong", office.clock.now));
      expect(forged.status).toBe(400);
      expect(forged.json.code).toBe("WEBHOOK_SIGNATURE_INVALID");
      const stale = await send(
        event,
        signWebhook(event, WEBHOOK_SECRET, new Date(office.clock.now.getTime() - 3_600_000)),
      );
      expect(stale.status).toBe(400);
      for (let i = 0; i < 2; i += 1) {
        const delivered = await send(event, signWebhook(event, WEBHOOK_SECRET, office.clock.now));
        expect(delivered.status, delivered.text).toBe(200);
        expect(delivered.json).toMatchObject({ received: true, status: "succeeded" });
      }
      const payments = ok(
        await office.desk("GET", `/v1/staff/payments?appointmentId=${appointmentId}`),
      ).payments;
      expect(payments).toHaveLength(1);
      expect(payments[0]).toMatchObject({ method: "online", amount: EUR(4500), reference: "ch_9" });
      const nothingLeft = await call(office.app, "POST", `/v1/manage/${token}/payment-intents`, {
        headers,
      });
      expect(nothingLeft.status).toBe(409);
      // Refund part of it through the provider.
      const refund = ok(
        await office.desk("POST", `/v1/staff/payments/${payments[0].id}/refund-online`, {
          body: { amount: 1500 },
        }),
        201,
      );
      expect(refund.payment).toMatchObject({ kind: "refund", amount: EUR(1500), method: "online" });
      expect(fake.requests.at(-1)?.path).toBe("/v1/refunds");
      const refundsBefore = fake.requests.filter((r) => r.path === "/v1/refunds").length;
      const over = await office.desk("POST", `/v1/staff/payments/${payments[0].id}/refund-online`, {
        body: { amount: 5000 },
      });
      expect(over.status).toBe(409);
      expect(over.json.available).toBe(3000);
      // Refused before the provider was asked to move any money.
      expect(fake.requests.filter((r) => r.path === "/v1/refunds")).toHaveLength(refundsBefore);
    });

    test("online prepayment confirmed server-side; a declined card records nothing", async () => {
      const headers = { "x-bookwell-clinic": office.clinicId };
      const booked = ok(
        await call(office.app, "POST", "/v1/bookings", { body: bookingBody(), headers }),
        201,
      );
      const token = booked.manageToken as string;
      const first = ok(
        await call(office.app, "POST", `/v1/manage/${token}/payment-intents`, { headers }),
        201,
      );
      const declined = ok(
        await call(
          office.app,
          "POST",
          `/v1/manage/${token}/payment-intents/${first.intentId}/confirm`,
          {
            headers,
            body: { paymentMethod: "pm_card_declined" },
          },
        ),
      );
      expect(declined.status).toBe("canceled");
      const second = ok(
        await call(office.app, "POST", `/v1/manage/${token}/payment-intents`, { headers }),
        201,
      );
      const paid = ok(
        await call(
          office.app,
          "POST",
          `/v1/manage/${token}/payment-intents/${second.intentId}/confirm`,
          {
            headers,
            body: { paymentMethod: "pm_card_visa" },
          },
        ),
      );
      expect(paid.status).toBe("succeeded");
      const payments = ok(
        await office.desk("GET", `/v1/staff/payments?appointmentId=${booked.booking.id}`),
      ).payments;
      expect(payments).toHaveLength(1);
      const unknown = await call(office.app, "POST", "/v1/manage/not-a-token/payment-intents", {
        headers,
      });
      expect(unknown.status).toBe(404);
    });
  },
);
