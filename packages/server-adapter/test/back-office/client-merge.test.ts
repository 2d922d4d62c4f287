// The desk's patient tools over HTTP on PGlite and PostgreSQL: merging a duplicate patient moves
// every record (visits with their notes, cases, charges, invoices, payments, packages) to the kept
// patient in one unit of work, audited on both; the search pages; the card tells attendance; a
// desk booking for a patient with an e-mail gets a manage link and a message.

import { describe, expect, test } from "vitest";
import type { Storage } from "../../src/storage/storage.js";
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

describe.each(backOfficeStorages())("patients at the desk on $name", (factory) => {
  let storage: Storage;
  let office: Office;
  officePerTest(factory, (opened) => {
    ({ storage, office } = opened);
  });

  test("merging a duplicate moves visits, notes, cases, charges, invoices, payments and packages, audited", async () => {
    const kept = await clientWithVisit(office, "Maria Santos", slot(0, 9), {
      email: "maria@example.com",
      notes: "Prefers mornings",
    });
    const dup = await clientWithVisit(office, "Maria Santos", slot(1, 9), {
      phone: "+351 912 000 111",
      taxId: "PT 234 567 890",
      notes: "Knee",
    });
    // The duplicate has a note, a charged and invoiced visit, a payment and a package.
    ok(
      await office.desk("POST", `/v1/staff/appointments/${dup.appointmentId}/notes`, {
        body: { text: "Left knee, week 2" },
      }),
      201,
    );
    await act(office, dup.appointmentId, "arrive");
    const billing = ok(
      await office.desk("GET", `/v1/staff/appointments/${dup.appointmentId}/billing`),
    );
    const caseId = billing.caseId as string;
    const invoice = ok(
      await office.desk("POST", `/v1/staff/cases/${caseId}/invoices`, { body: {} }),
      201,
    ).invoice;
    ok(
      await office.desk("POST", "/v1/staff/payments", {
        body: { method: "cash", amount: EUR(1000), invoiceId: invoice.id },
      }),
      201,
    );
    const pkg = ok(
      await office.desk("POST", `/v1/staff/clients/${dup.clientId}/packages`, {
        body: {
          name: "5 × Physio",
          sessions: 5,
          price: { total: EUR(15000) },
          serviceIds: ["physio"],
        },
      }),
      201,
    ).package;
    const before = ok(
      await office.desk("GET", `/v1/staff/clients/${dup.clientId}/balance`),
    ).balance;

    // A provider may not merge; a client cannot be merged into itself; unknown ids are 404.
    const asProvider = await office.provider("POST", `/v1/staff/clients/${kept.clientId}/merge`, {
      body: { duplicateId: dup.clientId },
    });
    expect(asProvider.status).toBe(403);
    const self = await office.desk("POST", `/v1/staff/clients/${kept.clientId}/merge`, {
      body: { duplicateId: kept.clientId },
    });
    expect(self.status).toBe(400);
    expect(self.json.errors).toEqual([
      {
        field: "duplicateId",
        message: "must be another client than the one kept",
        rule: "unique",
      },
    ]);
    const missing = await office.desk("POST", `/v1/staff/clients/${kept.clientId}/merge`, {
      body: { duplicateId: "cli_nobody" },
    });
    expect(missing.status).toBe(404);
    const noBody = await office.desk("POST", `/v1/staff/clients/${kept.clientId}/merge`, {
      body: {},
    });
    expect(noBody.status).toBe(400);
    expect(noBody.json.errors[0].field).toBe("duplicateId");

    const merged = ok(
      await office.desk("POST", `/v1/staff/clients/${kept.clientId}/merge`, {
        body: { duplicateId: dup.clientId },
      }),
    );
    expect(merged.mergedId).toBe(dup.clientId);
    expect(merged.moved).toMatchObject({ appointments: 1, documents: 1, payments: 1, packages: 1 });
    expect(merged.moved.cases).toBeGreaterThanOrEqual(1);
    expect(merged.moved.charges).toBeGreaterThanOrEqual(1);
    // Contact details the kept patient lacked are taken over; both notes are kept.
    expect(merged.client).toMatchObject({
      id: kept.clientId,
      email: "maria@example.com",
      phone: "+351 912 000 111",
      taxId: "PT 234 567 890",
      notes: "Prefers mornings\nKnee",
    });

    expect((await office.desk("GET", `/v1/staff/clients/${dup.clientId}`)).status).toBe(404);
    const visits = ok(
      await office.desk("GET", `/v1/staff/appointments?clientId=${kept.clientId}`),
    ).appointments.map((a: { id: string }) => a.id);
    expect(visits.sort()).toEqual([kept.appointmentId, dup.appointmentId].sort());
    const notes = ok(
      await office.desk("GET", `/v1/staff/appointments/${dup.appointmentId}/notes`),
    ).notes;
    expect(notes.map((n: { text: string }) => n.text)).toEqual(["Left knee, week 2"]);
    const card = ok(await office.desk("GET", `/v1/staff/clients/${kept.clientId}/summary`));
    expect(card.cases.map((c: { id: string }) => c.id)).toContain(caseId);
    expect(card.packages.map((p: { id: string }) => p.id)).toEqual([pkg.id]);
    expect(card.balance.outstanding).toBe(before.outstanding);
    const invoices = ok(await office.desk("GET", `/v1/staff/invoices?clientId=${kept.clientId}`));
    expect(JSON.stringify(invoices)).toContain(invoice.id);

    const audit = ok(await office.manager("GET", "/v1/staff/audit?entityType=client&limit=100"));
    const entries = audit.entries.filter((e: { action: string }) =>
      e.action.startsWith("client.merged"),
    );
    expect(
      entries.map((e: { action: string; entityId: string }) => [e.action, e.entityId]),
    ).toEqual(
      expect.arrayContaining([
        ["client.merged", kept.clientId],
        ["client.merged_away", dup.clientId],
      ]),
    );
  });

  test("the search pages with nextOffset and the card counts no-shows and the last visit", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      ids.push(
        ok(
          await office.desk("POST", "/v1/staff/clients/intake", {
            body: { name: `Rui Costa ${i}`, phone: `+351 913 000 00${i}`, createAnyway: true },
          }),
          201,
        ).client.id,
      );
    }
    const page = async (offset: number) =>
      ok(await office.desk("GET", `/v1/staff/client-search?q=913%20000&limit=2&offset=${offset}`));
    const first = await page(0);
    const second = await page(first.nextOffset);
    const third = await page(second.nextOffset);
    expect(first.nextOffset).toBe(2);
    expect(third.nextOffset).toBeNull();
    const seen = [...first.clients, ...second.clients, ...third.clients].map(
      (c: { id: string }) => c.id,
    );
    expect(seen.sort()).toEqual([...ids].sort());
    const bad = await office.desk("GET", "/v1/staff/client-search?q=rui&offset=-1");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.errors)).toContain("offset");

    // Two past visits, one a no-show, one attended; one upcoming.
    const { clientId, appointmentId } = await clientWithVisit(office, "Ines Sa", slot(0, 9));
    const second2 = ok(
      await office.desk("POST", "/v1/staff/appointments", {
        body: {
          serviceId: "physio",
          providerId: "ana",
          start: slot(1, 9),
          clientId,
          overrides: "all-soft",
        },
      }),
      201,
    ).appointment.id as string;
    const third3 = ok(
      await office.desk("POST", "/v1/staff/appointments", {
        body: {
          serviceId: "physio",
          providerId: "ana",
          start: slot(7, 9),
          clientId,
          overrides: "all-soft",
        },
      }),
      201,
    ).appointment.id as string;
    await act(office, appointmentId, "arrive");
    await act(office, appointmentId, "complete");
    office.clock.now = new Date(slot(2, 9));
    await act(office, second2, "no_show");
    const card = ok(await office.desk("GET", `/v1/staff/clients/${clientId}/summary`));
    expect(card.attendance).toEqual({
      visits: 3,
      noShows: 1,
      lastVisit: expect.stringMatching(/^2026-03-04T09:00/),
      nextVisit: expect.stringMatching(/^2026-03-11T09:00/),
    });
    expect(third3).toBeTruthy();
  });

  test("a desk booking for a patient with an e-mail gets a manage link and a message", async () => {
    const { appointmentId } = await clientWithVisit(office, "Ana Lima", slot(0, 11), {
      email: "ana.lima@example.com",
    });
    const stored = await storage.getAppointment(office.clinicId, appointmentId);
    expect(stored?.channel).toBe("staff");
    expect(stored?.manageTokenHash).toBeTruthy();
    const rows = await storage.listOutbox(office.clinicId);
    expect(rows.some((r) => JSON.stringify(r.payload).includes(appointmentId))).toBe(true);
  });

  test("the staff app learns the clinic's zone, locale and currency from /me; cards show a case's payer and referral", async () => {
    const me = ok(await office.desk("GET", "/v1/staff/me"));
    const clinic = await storage.getClinic(office.clinicId);
    expect(me.clinic).toEqual({
      timeZone: clinic?.timeZone,
      locale: clinic?.locale,
      currency: clinic?.currency,
    });
    const { clientId } = await clientWithVisit(office, "Rita Lopes", slot(0, 12));
    ok(
      await office.desk("POST", `/v1/staff/clients/${clientId}/cases`, {
        body: {
          title: "Left knee",
          payer: { kind: "insurer", name: "Médis", reference: "POL-77" },
          referral: { by: "Dr. Sousa" },
        },
      }),
      201,
    );
    const card = ok(await office.desk("GET", `/v1/staff/clients/${clientId}/summary`));
    expect(card.cases.find((c: { title: string }) => c.title === "Left knee")).toMatchObject({
      payer: { kind: "insurer", name: "Médis", reference: "POL-77" },
      referral: { by: "Dr. Sousa" },
    });
  });
});
