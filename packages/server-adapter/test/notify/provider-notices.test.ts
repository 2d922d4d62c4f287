// Notices to the provider: a therapist who gave an address in their preferences hears when one
// of their visits is booked, moved or canceled — through a real SMTP server, in the clinic's
// language, with no manage link or invite — and quick changes coalesce as for the patient.

import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { bookingBody, call, seedClinic, testApp, testClock } from "../helpers.js";
import { storageFactories } from "../storages.js";
import { drain, storageWithSmtp, testWorker } from "./helpers.js";

describe.each(storageFactories)("notices to the provider on $name", (factory) => {
  const env = storageWithSmtp(factory);

  async function setup() {
    const clinicId = `clinic-${randomUUID().slice(0, 8)}`;
    const seed = await seedClinic(env.storage, clinicId);
    const clock = testClock();
    const app = testApp(env.storage, clock);
    const worker = testWorker({ storage: env.storage, channels: [env.email], clock });
    const put = await call(app, "PUT", "/v1/staff/notifications/settings", {
      key: seed.keys.manager,
      body: { providers: [{ providerId: "ana", noticeEmail: `ana-${clinicId}@clinic.test` }] },
    });
    expect(put.status, put.text).toBe(200);
    const api = (method: string, path: string, body?: unknown) =>
      call(app, method, path, {
        headers: { "x-bookwell-clinic": clinicId },
        ...(body === undefined ? {} : { body }),
      });
    const run = async (minutes: number) => {
      clock.advance(minutes);
      await drain(worker);
    };
    const toAna = () =>
      env.smtp.received.filter((m) => m.raw.includes(`ana-${clinicId}@clinic.test`));
    const mine = () => env.smtp.received.filter((m) => m.parsed.from?.text.includes(clinicId));
    return { clinicId, api, run, toAna, mine };
  }

  test("booked, moved and canceled: one notice each, in the clinic's language, without link or invite", async () => {
    const t = await setup();
    const booked = await t.api("POST", "/v1/bookings", bookingBody());
    expect(booked.status, booked.text).toBe(201);
    const token = booked.json.manageToken as string;
    await t.run(3);
    const [notice] = t.toAna();
    expect(notice?.parsed.subject).toBe(
      "Nova marcação: Maria Santos, Physiotherapy a quarta-feira, 4 de março de 2026 às 10:00",
    );
    expect(notice?.parsed.text).toContain("Olá Ana Silva,");
    expect(notice?.parsed.text).not.toContain(token);
    expect(notice?.ics).toBeUndefined();
    // The patient got their own confirmation as before.
    expect(t.mine()).toHaveLength(2);

    const moved = await t.api("POST", `/v1/manage/${token}/reschedule`, {
      start: "2026-03-05T11:00:00Z",
    });
    expect(moved.status).toBe(200);
    await t.run(3);
    expect(t.toAna().at(-1)?.parsed.subject).toMatch(/^Marcação alterada: Maria Santos, /);
    expect(t.toAna().at(-1)?.parsed.text).toContain("quarta-feira, 4 de março de 2026 às 10:00");
    // The moved visit is canceled through its own link.
    expect((await t.api("POST", `/v1/manage/${moved.json.manageToken}/cancel`, {})).status).toBe(
      200,
    );
    await t.run(3);
    expect(t.toAna().map((m) => m.parsed.subject?.split(":")[0])).toEqual([
      "Nova marcação",
      "Marcação alterada",
      "Marcação cancelada",
    ]);
    // No reminders go to the provider.
    await t.run(5 * 24 * 60);
    expect(t.toAna()).toHaveLength(3);
  });

  test("booked and canceled within the delay: no notice; another provider's visit: none either", async () => {
    const t = await setup();
    const booked = await t.api("POST", "/v1/bookings", bookingBody());
    expect(booked.status).toBe(201);
    await t.run(0.5);
    expect((await t.api("POST", `/v1/manage/${booked.json.manageToken}/cancel`, {})).status).toBe(
      200,
    );
    await t.run(3);
    const other = await t.api("POST", "/v1/bookings", bookingBody({ providerId: "bruno" }));
    expect(other.status, other.text).toBe(201);
    await t.run(3);
    expect(t.toAna()).toHaveLength(0);
    // The patient of bruno's visit got a confirmation; ana got nothing.
    expect(t.mine().map((m) => m.parsed.subject?.split(":")[0])).toEqual(["Marcação confirmada"]);
  });
});
