// The checkout's day list in one read over HTTP on PGlite and PostgreSQL:
// `GET /v1/staff/billing/visits?ids=…` answers each visit exactly as
// `GET /v1/staff/appointments/:id/billing` does, in the order asked, and refuses bad input by name.

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

describe.each(backOfficeStorages())("several visits' money in one read on $name", (factory) => {
  let office: Office;
  officePerTest(factory, (opened) => {
    office = opened.office;
  });

  const one = async (id: string) =>
    ok(await office.desk("GET", `/v1/staff/appointments/${id}/billing`));
  const many = (ids: string) => office.desk("GET", `/v1/staff/billing/visits?ids=${ids}`);

  test("each visit as its own billing route answers it, in the order asked, each id once", async () => {
    const paid = await clientWithVisit(office, "Paid Patient", slot(0, 9));
    const owing = await clientWithVisit(office, "Owing Patient", slot(0, 11));
    const booked = await clientWithVisit(office, "Booked Patient", slot(0, 14));
    for (const { appointmentId } of [paid, owing]) {
      await act(office, appointmentId, "arrive");
      await act(office, appointmentId, "complete");
    }
    ok(
      await office.desk("POST", "/v1/staff/payments", {
        body: {
          method: "cash",
          amount: { amount: 4500, currency: "EUR" },
          appointmentId: paid.appointmentId,
        },
      }),
      201,
    );

    const ids = [owing.appointmentId, booked.appointmentId, paid.appointmentId];
    const day = ok(await many([...ids, owing.appointmentId].join(",")));
    expect(day.visits.map((v: { appointmentId: string }) => v.appointmentId)).toEqual(ids);
    const each = [];
    for (const id of ids) each.push(await one(id));
    expect(day.visits).toEqual(each);
    expect(day.visits.map((v: { paid: boolean }) => v.paid)).toEqual([false, false, true]);
    expect(day.visits[0].money).toMatchObject({ money: "unpaid", outstanding: 4500 });
  });

  test("bad input names the field; a visit the clinic does not have is 404", async () => {
    for (const ids of ["", ",", "a,,b", Array.from({ length: 201 }, (_, i) => `v${i}`).join(",")]) {
      const res = await many(ids);
      expect(res.status, ids).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(JSON.stringify(res.json.errors)).toContain("ids");
    }
    const res = await office.desk("GET", "/v1/staff/billing/visits");
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json.errors)).toContain("ids");

    const { appointmentId } = await clientWithVisit(office, "Known Patient", slot(1));
    const unknown = await many(`${appointmentId},apt_unknown`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toContain("application/problem+json");
  });
});
