// The expiry nudge of a session package, end to end: selling it queues the nudge for its nudge
// day; the worker e-mails the owner through a real SMTP server at 10:00 in the clinic's zone and
// records the nudge; a package refunded (or nudged by staff) before then gets no e-mail.

import { describe, expect, test } from "vitest";
import { ok, openOffice } from "../back-office/setup.js";
import { storageFactories } from "../storages.js";
import { drain, storageWithSmtp, testWorker } from "./helpers.js";

const EUR = (amount: number) => ({ amount, currency: "EUR" });

describe.each(storageFactories)("package expiry nudges on $name", (factory) => {
  const env = storageWithSmtp(factory);

  test("the owner is e-mailed on the nudge day at 10:00 local, once; a refunded package is not", async () => {
    const office = await openOffice(env.storage);
    const worker = testWorker({ storage: env.storage, channels: [env.email], clock: office.clock });
    const client = async (name: string, address: string) =>
      ok(
        await office.desk("POST", "/v1/staff/clients/intake", {
          body: { name, email: address, createAnyway: true },
        }),
        201,
      ).client.id as string;
    const sell = async (clientId: string) =>
      ok(
        await office.desk("POST", `/v1/staff/clients/${clientId}/packages`, {
          body: {
            name: "10 × Physio",
            sessions: 10,
            price: { total: EUR(40000) },
            expiresOn: "2026-04-30",
            nudgeDaysBefore: 14,
            payment: { method: "card" },
          },
        }),
        201,
      ).package.id as string;
    const rita = await client("Rita Lopes", `rita-${office.clinicId}@example.com`);
    const kept = await sell(rita);
    const tiago = await client("Tiago Reis", `tiago-${office.clinicId}@example.com`);
    const refunded = await sell(tiago);
    ok(
      await office.desk("POST", `/v1/staff/packages/${refunded}/refund`, {
        body: { method: "card" },
      }),
    );
    const mine = () =>
      env.smtp.received.filter((m) => m.parsed.from?.text.includes(office.clinicId));

    // Nudge day 16 April; Lisbon is on summer time, so 10:00 there is 09:00 UTC.
    for (const at of ["2026-03-02T08:05:00Z", "2026-04-16T08:59:00Z"]) {
      office.clock.now = new Date(at);
      await drain(worker);
    }
    expect(mine()).toHaveLength(0);
    office.clock.now = new Date("2026-04-16T09:00:00Z");
    await drain(worker);
    expect(mine().map((m) => m.parsed.subject)).toEqual([
      "10 × Physio: faltam 10 sessões, válido até 30 de abril de 2026",
    ]);
    const [mail] = mine();
    expect(mail?.raw).toContain(`rita-${office.clinicId}@example.com`);
    expect(mail?.parsed.text).toContain("Olá Rita Lopes,");
    const pkg = ok(await office.desk("GET", `/v1/staff/packages/${kept}`)).package;
    expect(pkg.nudgedAt).toBe("2026-04-16T09:00:00.000Z");
    const audit = await env.storage.listAudit(office.clinicId, { entityId: kept });
    expect(audit.map((e) => e.action)).toContain("package.nudged");
    office.clock.now = new Date("2026-04-20T09:00:00Z");
    await drain(worker);
    expect(mine()).toHaveLength(1);
  });

  test("regression: the nudge was written in the clinic's language, not the owner's", async () => {
    const office = await openOffice(env.storage);
    const worker = testWorker({ storage: env.storage, channels: [env.email], clock: office.clock });
    const owner = ok(
      await office.desk("POST", "/v1/staff/clients/intake", {
        body: {
          name: "Lucía Gómez",
          email: `lucia-${office.clinicId}@example.com`,
          createAnyway: true,
        },
      }),
      201,
    ).client;
    // The client's own language (as their visits' messages use it).
    await env.storage.putClient(office.clinicId, {
      id: owner.id,
      name: owner.name,
      email: owner.email,
      locale: "es-ES",
    });
    ok(
      await office.desk("POST", `/v1/staff/clients/${owner.id}/packages`, {
        body: {
          name: "10 × Fisio",
          sessions: 10,
          price: { total: EUR(40000) },
          expiresOn: "2026-04-30",
          nudgeDaysBefore: 14,
          payment: { method: "card" },
        },
      }),
      201,
    );
    office.clock.now = new Date("2026-04-16T09:00:00Z");
    await drain(worker);
    const mail = env.smtp.received.find((m) => m.parsed.from?.text.includes(office.clinicId));
    expect(mail?.parsed.headers.get("content-language")).toBe("es-ES");
    expect(mail?.parsed.subject).toContain("30 de abril de 2026");
    expect(mail?.parsed.text).toContain("Lucía Gómez");
    expect(mail?.parsed.text).toContain("Hola Lucía Gómez,");
  });
});
