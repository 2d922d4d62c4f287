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

  test("a team member who opted in (notices: true) gets notices at their e-mail; one who did not gets none", async () => {
    const clinicId = `clinic-${randomUUID().slice(0, 8)}`;
    const seed = await seedClinic(env.storage, clinicId);
    const clock = testClock();
    const app = testApp(env.storage, clock);
    const worker = testWorker({ storage: env.storage, channels: [env.email], clock });
    const manager = (method: string, path: string, body?: unknown) =>
      call(app, method, path, { key: seed.keys.manager, ...(body === undefined ? {} : { body }) });
    const place = await manager("PUT", "/v1/staff/locations/loc-1", {
      name: "Lisboa",
      timeZone: "Europe/Lisbon",
    });
    expect(place.status, place.text).toBe(200);
    const dora = `dora-${clinicId}@clinic.test`;
    const eva = `eva-${clinicId}@clinic.test`;
    const member = (id: string, name: string, email: string, more: Record<string, unknown>) =>
      manager("POST", "/v1/staff/team/members", {
        id,
        name,
        email,
        disciplines: ["physio"],
        locations: [{ locationId: "loc-1" }],
        ...more,
      });
    const opted = await member("dora", "Dora Reis", dora, { notices: true });
    expect(opted.status, opted.text).toBe(201);
    expect(opted.json.member).toMatchObject({ notices: true, email: dora });
    const silent = await member("eva", "Eva Lima", eva, {});
    expect(silent.status, silent.text).toBe(201);
    expect(silent.json.member.notices).toBe(false);
    // Opting in needs an address.
    const nowhere = await manager("POST", "/v1/staff/team/members", {
      id: "rui",
      name: "Rui",
      disciplines: ["physio"],
      notices: true,
      locations: [{ locationId: "loc-1" }],
    });
    expect(nowhere.status).toBe(400);
    expect(nowhere.json.errors).toEqual([
      {
        field: "notices",
        message: "needs the member's email (where the notices go)",
        rule: "needs",
      },
    ]);

    const book = async (providerId: string, start: string) => {
      const res = await manager("POST", "/v1/staff/appointments", {
        serviceId: "physio",
        providerId,
        start,
        client: { name: "Maria Santos", email: `maria-${clinicId}@example.com` },
        overrides: "all-soft",
      });
      expect(res.status, res.text).toBe(201);
      clock.advance(3);
      await drain(worker);
    };
    const to = (address: string) => env.smtp.received.filter((m) => m.raw.includes(address));
    await book("dora-loc-1", "2026-03-04T10:00:00Z");
    await book("eva-loc-1", "2026-03-04T11:00:00Z");
    expect(to(dora).map((m) => m.parsed.subject?.split(":")[0])).toEqual(["Nova marcação"]);
    expect(to(dora)[0]?.parsed.text).toContain("Olá Dora Reis,");
    expect(to(eva)).toHaveLength(0);

    // Dora opts out, Eva opts in: from now on only Eva hears about her visits.
    expect((await manager("PATCH", "/v1/staff/team/members/dora", { notices: false })).status).toBe(
      200,
    );
    expect((await manager("PATCH", "/v1/staff/team/members/eva", { notices: true })).status).toBe(
      200,
    );
    await book("dora-loc-1", "2026-03-05T10:00:00Z");
    await book("eva-loc-1", "2026-03-05T11:00:00Z");
    expect(to(dora)).toHaveLength(1);
    expect(to(eva).map((m) => m.parsed.subject?.split(":")[0])).toEqual(["Nova marcação"]);
    // Removing the address of a member who opted in is refused rather than silently dropping notices.
    const noAddress = await manager("PATCH", "/v1/staff/team/members/eva", { email: null });
    expect(noAddress.status).toBe(400);
    expect(noAddress.json.errors[0].field).toBe("notices");
  });
});
