// A visit's payment state over HTTP on PGlite and PostgreSQL: `paid` and `money` of
// `GET /v1/staff/appointments/:id/billing` are the engine's `visitPaymentStatus` for the visit's
// own case (regressions of issue "One server core": the route asked the engine without the case,
// so every completed visit with charges read as paid).

import { describe, expect, test } from "vitest";
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

describe.each(backOfficeStorages())("a visit's payment state on $name", (factory) => {
  let office: Office;
  officePerTest(factory, (opened) => {
    office = opened.office;
  });

  /** A physio visit with ana (45.00 EUR) taken through arrival to completed. */
  async function completedVisit(name: string, start = slot(0)) {
    const visit = await clientWithVisit(office, name, start);
    await act(office, visit.appointmentId, "arrive");
    await act(office, visit.appointmentId, "complete");
    return visit;
  }

  async function billing(appointmentId: string) {
    return ok(await office.desk("GET", `/v1/staff/appointments/${appointmentId}/billing`));
  }

  async function pay(body: Record<string, unknown>) {
    ok(await office.desk("POST", "/v1/staff/payments", { body: { method: "cash", ...body } }), 201);
  }

  test("regression: a completed visit with unbilled charges is reported paid: true", async () => {
    const { appointmentId } = await completedVisit("Unbilled");
    const money = await billing(appointmentId);
    expect(money.status).toBe("completed");
    expect(money.charges.map((c: { status: string }) => c.status)).toEqual(["uninvoiced"]);
    expect(money.paid).toBe(false);
    expect(money.money).toMatchObject({
      money: "unpaid",
      due: 4500,
      covered: 0,
      outstanding: 4500,
      paid: false,
    });
  });

  test("regression: a completed visit with money still owed is reported paid: true", async () => {
    const { appointmentId } = await completedVisit("Owes");
    const caseId = (await billing(appointmentId)).caseId as string;
    const invoice = ok(
      await office.desk("POST", `/v1/staff/cases/${caseId}/invoices`, { body: {} }),
      201,
    ).invoice;
    expect((await billing(appointmentId)).paid).toBe(false);
    await pay({ amount: EUR(3000), invoiceId: invoice.id });
    const partly = await billing(appointmentId);
    expect(partly.paid).toBe(false);
    expect(partly.money).toMatchObject({ money: "partly_paid", outstanding: 1500 });
    await pay({ amount: EUR(1500), appointmentId });
    const settled = await billing(appointmentId);
    expect(settled.paid).toBe(true);
    expect(settled.money).toMatchObject({ money: "paid", outstanding: 0 });
  });

  test("a visit in a case of its own is paid by money paid on account of that case", async () => {
    const { clientId, appointmentId } = await completedVisit("Own case");
    const knee = ok(
      await office.desk("POST", `/v1/staff/clients/${clientId}/cases`, {
        body: { title: "Left knee" },
      }),
      201,
    ).case.id as string;
    ok(
      await office.desk("PUT", `/v1/staff/appointments/${appointmentId}/case`, {
        body: { caseId: knee },
      }),
    );
    // Money on account of another case of the client does not pay this visit.
    const general = await billing(appointmentId);
    expect(general).toMatchObject({ caseId: knee, paid: false });
    const other = ok(
      await office.desk("POST", `/v1/staff/clients/${clientId}/cases`, {
        body: { title: "Back" },
      }),
      201,
    ).case.id as string;
    await pay({ amount: EUR(4500), caseId: other });
    expect((await billing(appointmentId)).paid).toBe(false);
    await pay({ amount: EUR(4500), caseId: knee });
    expect(await billing(appointmentId)).toMatchObject({
      paid: true,
      money: { money: "paid", outstanding: 0 },
    });
  });

  test("a fully paid visit is paid only once completed; a completed visit with nothing to pay is paid (the engine's rule)", async () => {
    const visit = await clientWithVisit(office, "Pays first", slot(0));
    await act(office, visit.appointmentId, "arrive");
    await pay({ amount: EUR(4500), appointmentId: visit.appointmentId });
    expect(await billing(visit.appointmentId)).toMatchObject({
      paid: false,
      money: { money: "paid", outstanding: 0 },
    });
    await act(office, visit.appointmentId, "complete");
    expect((await billing(visit.appointmentId)).paid).toBe(true);

    const free = await clientWithVisit(office, "Waived", slot(1));
    await act(office, free.appointmentId, "arrive");
    const [charge] = (await billing(free.appointmentId)).charges as { id: string }[];
    ok(
      await office.desk("POST", `/v1/staff/charges/${charge?.id}/void`, {
        body: { reason: "goodwill" },
      }),
    );
    await act(office, free.appointmentId, "complete");
    expect(await billing(free.appointmentId)).toMatchObject({
      paid: true,
      money: { money: "no_charges", due: 0 },
    });
  });
});
