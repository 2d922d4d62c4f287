// The waitlist offer message end to end: a freed place is offered through the outbox, the worker
// e-mails it through a real SMTP server in the patient's language with a link that carries the
// offer token, the link books the place, and an offer that closed before its row was sent is
// never e-mailed.

import { randomUUID } from "node:crypto";
import { serviceSchema } from "@bookwell/engine";
import { describe, expect, test } from "vitest";
import { call, seedClinic, testApp, testClock } from "../helpers.js";
import { storageFactories } from "../storages.js";
import { drain, storageWithSmtp, testWorker } from "./helpers.js";

const CLASS = "2026-03-03T18:00:00Z";

describe.each(storageFactories)("waitlist offer messages on $name", (factory) => {
  const env = storageWithSmtp(factory);

  async function clinicWithFullClass() {
    const clock = testClock();
    const app = testApp(env.storage, clock);
    const { clinicId } = await seedClinic(env.storage, `wlm-${randomUUID().slice(0, 8)}`);
    await env.storage.putService(clinicId, {
      ...serviceSchema.parse({
        id: "yoga",
        name: "Yoga",
        category: "Classes",
        discipline: "pilates",
        durationMinutes: 60,
        price: { amount: 1500, currency: "EUR" },
        capacity: 1,
      }),
      policies: {},
    });
    const api = (method: string, path: string, body?: unknown) =>
      call(app, method, path, {
        headers: { "x-bookwell-clinic": clinicId },
        ...(body === undefined ? {} : { body }),
      });
    const seat = await api("POST", "/v1/bookings", {
      serviceId: "yoga",
      providerId: "carla",
      start: CLASS,
      client: { name: "Paula", email: `paula-${clinicId}@example.com` },
    });
    expect(seat.status, seat.text).toBe(201);
    const joined = await api("POST", "/v1/waitlist", {
      serviceId: "yoga",
      providerId: "carla",
      client: { name: "Wanda Reis", email: `wanda-${clinicId}@example.com` },
      locale: "pt-PT",
    });
    expect(joined.status, joined.text).toBe(201);
    const worker = testWorker({
      storage: env.storage,
      channels: [env.email],
      clock,
      defaults: { offerUrl: "https://clinic.test/booking#offer={token}" },
    });
    await drain(worker);
    return { clinicId, api, clock, worker, seatToken: seat.json.manageToken as string };
  }

  const mailsTo = (address: string) =>
    env.smtp.received.filter((m) => m.parsed.to && JSON.stringify(m.parsed.to).includes(address));

  test("the offer is e-mailed in the patient's language with a link that books the place", async () => {
    const { clinicId, api, worker, seatToken } = await clinicWithFullClass();
    expect((await api("POST", `/v1/manage/${seatToken}/cancel`, {})).status).toBe(200);
    await drain(worker);
    const [mail, ...more] = mailsTo(`wanda-${clinicId}@example.com`);
    expect(more).toHaveLength(0);
    expect(mail?.parsed.subject).toBe("Vagou uma hora: Yoga em terça-feira, 3 de março às 18:00");
    expect(mail?.parsed.text).toContain("Olá Wanda Reis,");
    expect(mail?.parsed.text).toContain("Está reservada para si até");
    const link = /https:\/\/clinic\.test\/booking#offer=([A-Za-z0-9_-]+)/.exec(
      mail?.parsed.text ?? "",
    );
    expect(link).not.toBeNull();
    const booked = await api("POST", `/v1/waitlist-offers/${link?.[1]}/confirm`);
    expect(booked.status, booked.text).toBe(201);
    expect(booked.json.booking.client.name).toBe("Wanda Reis");
  });

  test("an offer withdrawn before its row is sent is not e-mailed", async () => {
    const { clinicId, api, seatToken } = await clinicWithFullClass();
    expect((await api("POST", `/v1/manage/${seatToken}/cancel`, {})).status).toBe(200);
    const worker = testWorker({ storage: env.storage, channels: [env.email], clock: testClock() });
    const offers = await env.storage.listWaitlistOffers(clinicId, { statuses: ["open"] });
    expect(offers).toHaveLength(1);
    await env.storage.updateWaitlistOffer(clinicId, offers[0]?.id ?? "", { status: "withdrawn" });
    const summary = await drain(worker);
    expect(summary.sent).toBe(0);
    expect(summary.dropped).toBeGreaterThanOrEqual(1);
    expect(mailsTo(`wanda-${clinicId}@example.com`)).toHaveLength(0);
  });
});
