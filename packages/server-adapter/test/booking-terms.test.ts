// Issue 18: "A same-day booking costs €17.50 to cancel the moment it is made; nothing says so on
// the service, details, confirmation step or e-mail — only the manage page does." The hold answers
// the cancellation terms of booking its time (the engine's `bookingTerms`), a booking whose fee
// applies from the moment it is made needs the patient's consent, and the confirmation e-mail
// states the terms — on PGlite and on PostgreSQL, the e-mail received over a real SMTP server.

import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { NotificationChannel } from "../src/notify/channel.js";
import type { OutboxWorker } from "../src/notify/worker.js";
import type { Storage } from "../src/storage/storage.js";
import {
  bookingBody,
  type CallOptions,
  call,
  type Result,
  seedClinic,
  type TestClock,
  testApp,
  testClock,
} from "./helpers.js";
import { drain, smtpChannel, startTestSmtp, type TestSmtp, testWorker } from "./notify/helpers.js";
import { postgresFactories, storageFactories } from "./storages.js";

// The seeded physio: €45, free until 24 hours before, then 50% (€22.50). Now is Monday 08:00.
const SAME_DAY = "2026-03-02T15:00:00Z";
const LATER = "2026-03-04T10:00:00Z";
const FEE = { amount: 2250, currency: "EUR" };

describe.each([...storageFactories, ...postgresFactories()])(
  "cancellation terms before commitment on $name",
  (factory) => {
    let storage: Storage;
    let smtp: TestSmtp;
    let email: NotificationChannel;
    let clock: TestClock;
    let app: Hono;
    let worker: OutboxWorker;
    let clinicId: string;
    const api = (method: string, path: string, options: CallOptions = {}): Promise<Result> =>
      call(app, method, path, {
        ...options,
        headers: { "x-bookwell-clinic": clinicId, ...(options.headers ?? {}) },
      });
    const hold = (start: string) =>
      api("POST", "/v1/holds", { body: { serviceId: "physio", providerId: "ana", start } });
    const mine = () => smtp.received.filter((m) => m.parsed.from?.text.includes(clinicId));

    beforeAll(async () => {
      storage = await factory.create();
      smtp = await startTestSmtp();
      email = smtpChannel(smtp);
    });
    afterAll(async () => {
      await email.close?.();
      await smtp.close();
      await storage.close();
    });
    beforeEach(async () => {
      clinicId = `clinic-${randomUUID().slice(0, 8)}`;
      await seedClinic(storage, clinicId);
      clock = testClock();
      app = testApp(storage, clock);
      worker = testWorker({ storage, channels: [email], clock });
    });

    test("a same-day hold says the fee applies from booking; booking it needs consent, named", async () => {
      const held = await hold(SAME_DAY);
      expect(held.status, held.text).toBe(201);
      expect(held.json.hold.terms).toEqual({
        freeUntil: "2026-03-01T15:00:00Z",
        lateFee: FEE,
        feeFromBooking: true,
        consentRequired: true,
        onlineCancellation: "allowed",
        selfServiceUntil: "2026-03-02T15:00:00Z",
      });
      // Extending the hold answers the same terms.
      const extended = await api("POST", `/v1/holds/${held.json.hold.id}/extend`);
      expect(extended.json.hold.terms).toEqual(held.json.hold.terms);

      const body = bookingBody({ start: SAME_DAY, holdId: held.json.hold.id });
      const refused = await api("POST", "/v1/bookings", { body });
      expect(refused.status, refused.text).toBe(422);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
      expect(refused.json.code).toBe("POLICY_CONSENT_REQUIRED");
      expect(refused.json.errors.map((e: { field: string }) => e.field)).toEqual(["policyConsent"]);
      expect(refused.json.terms.lateFee).toEqual(FEE);
      // Refused before anything was written: the hold still stands and the time is still held.
      const booked = await api("POST", "/v1/bookings", { body: { ...body, policyConsent: true } });
      expect(booked.status, booked.text).toBe(201);
      // The confirmation states the terms it was booked under.
      expect(booked.json.terms).toEqual(held.json.hold.terms);
      // The manage page says what the hold said.
      const managed = await api("GET", `/v1/manage/${booked.json.manageToken}`);
      expect(managed.json.policy.cancellationFee).toEqual(FEE);
    });

    test("a hold days ahead is free to cancel until the deadline: consent is asked, not required", async () => {
      const held = await hold(LATER);
      expect(held.json.hold.terms).toMatchObject({
        freeUntil: "2026-03-03T10:00:00Z",
        lateFee: FEE,
        feeFromBooking: false,
        consentRequired: true,
      });
      const booked = await api("POST", "/v1/bookings", {
        body: bookingBody({ start: LATER, holdId: held.json.hold.id }),
      });
      expect(booked.status, booked.text).toBe(201);
      const bad = await api("POST", "/v1/bookings", {
        body: bookingBody({ start: "2026-03-05T10:00:00Z", policyConsent: "yes" }),
      });
      expect(bad.status).toBe(400);
      expect(bad.json.errors.map((e: { field: string }) => e.field)).toEqual(["policyConsent"]);
    });

    test("the confirmation e-mail states the terms in the patient's language (en, pt, es)", async () => {
      const cases = [
        {
          locale: "en-GB",
          start: LATER,
          text: "Cancellation: Free until Tuesday, 3 March 2026 at 10:00; after that it costs €22.50.",
        },
        {
          locale: "pt-PT",
          start: "2026-03-05T10:00:00Z",
          text: "Cancelamento: Gratuito até quarta-feira, 4 de março de 2026 às 10:00; depois custa 22,50\u00a0€.",
        },
        {
          locale: "es-ES",
          start: SAME_DAY,
          text: "Cancelación: Cancelar cuesta 22,50\u00a0€: el plazo de cancelación gratuita ya pasó.",
        },
      ];
      for (const [index, c] of cases.entries()) {
        const booked = await api("POST", "/v1/bookings", {
          body: bookingBody({
            start: c.start,
            locale: c.locale,
            policyConsent: true,
            client: { name: "Maria Santos", email: `maria${index}@example.com` },
          }),
        });
        expect(booked.status, booked.text).toBe(201);
      }
      clock.advance(3);
      await drain(worker);
      const texts = mine().map((m) => m.parsed.text ?? "");
      expect(texts).toHaveLength(3);
      for (const c of cases) {
        expect(
          texts.some((t) => t.includes(c.text)),
          `${c.locale}: ${texts.join("\n---\n")}`,
        ).toBe(true);
      }
      // The HTML part says it too.
      expect(mine().some((m) => String(m.parsed.html).includes("Cancelamento"))).toBe(true);
    });
  },
);
