// Issue #17 ("a case's payer fields are accepted and dropped"), over HTTP on PGlite and
// PostgreSQL: a case's payer and referral are typed, returned, changed and audited; invoices,
// credit notes and receipts of a case with a payer are addressed to the payer and name the patient
// and the policy number; removing the payer makes the next invoice the patient's again.

import { describe, expect, test } from "vitest";
import { pdfAsText } from "../../src/pdf/document-pdf.js";
import type { Storage } from "../../src/storage/storage.js";
import { call } from "../helpers.js";
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

/** Text as the PDF draws it (WinAnsi bytes in hex strings). */
const hex = (s: string) =>
  [...s].map((ch) => ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")).join("");

const MEDIS = {
  kind: "insurer",
  name: "Médis Seguros",
  taxId: "PT503496944",
  address: "Av. Dr. Mário Soares 1, Lisboa",
  email: "claims@medis.example",
  reference: "POL-2026-0077",
};

describe.each(backOfficeStorages())("case payers (issue #17) on $name", (factory) => {
  let storage: Storage;
  let office: Office;
  officePerTest(factory, (opened) => {
    ({ storage, office } = opened);
  });

  /** A PDF's text as drawn, fetched with the desk key. */
  async function pdf(path: string): Promise<string> {
    const res = await office.app.request(path, {
      headers: { authorization: `Bearer ${office.seed.keys.front_desk}` },
    });
    expect(res.status).toBe(200);
    return pdfAsText(new Uint8Array(await res.arrayBuffer()));
  }

  /** A client with an arrived visit in a new case opened with `body`; returns the ids. */
  async function insuredVisit(body: Record<string, unknown>, start = slot(0)) {
    const visit = await clientWithVisit(office, "Rita Lopes", start, { taxId: "PT123456789" });
    const created = ok(
      await office.desk("POST", `/v1/staff/clients/${visit.clientId}/cases`, { body }),
      201,
    );
    const caseId = created.case.id as string;
    ok(
      await office.desk("PUT", `/v1/staff/appointments/${visit.appointmentId}/case`, {
        body: { caseId },
      }),
    );
    await act(office, visit.appointmentId, "arrive");
    return { ...visit, caseId, created: created.case };
  }

  test("an insured case's invoice, credit note and receipt go to the insurer and name the patient and policy", async () => {
    const { caseId, clientId, created } = await insuredVisit({
      title: "Left knee",
      payer: MEDIS,
      referral: { by: "Dr. Costa", date: "2026-02-20", reference: "REF-1" },
      extra: { room: "2" },
    });
    expect(created).toMatchObject({
      payer: MEDIS,
      referral: { by: "Dr. Costa", date: "2026-02-20", reference: "REF-1" },
    });
    // Every case answer returns them: the list, the client card and the case file.
    const listed = ok(await office.desk("GET", `/v1/staff/clients/${clientId}/cases`));
    expect(listed.cases.find((c: { id: string }) => c.id === caseId).payer).toEqual(MEDIS);
    const file = ok(await office.desk("GET", `/v1/staff/cases/${caseId}`));
    expect(file.case.referral).toEqual({ by: "Dr. Costa", date: "2026-02-20", reference: "REF-1" });

    const issued = ok(
      await office.desk("POST", `/v1/staff/cases/${caseId}/invoices`, { body: {} }),
      201,
    );
    const invoice = issued.invoice;
    // Addressed to the insurer; the buyer id (whose balance it is) stays the client's.
    expect(invoice.snapshot.buyer).toEqual({
      id: clientId,
      name: MEDIS.name,
      taxId: MEDIS.taxId,
      address: MEDIS.address,
      email: MEDIS.email,
    });
    expect(invoice.printed.references).toEqual([
      { label: "Paciente", value: "Rita Lopes (NIF PT123456789)" },
      { label: "Apólice / autorização", value: "POL-2026-0077" },
    ]);
    const text = await pdf(`/v1/staff/invoices/${invoice.id}.pdf`);
    expect(text).toContain(hex("Médis Seguros"));
    expect(text).toContain(hex("PT503496944"));
    expect(text).toContain(hex("Rita Lopes"));
    expect(text).toContain(hex("POL-2026-0077"));
    // The balance stays the client's.
    const balance = ok(await office.desk("GET", `/v1/staff/clients/${clientId}/balance`)).balance;
    expect(balance.outstanding).toBe(4500);

    // A receipt for a payment of that invoice goes to the insurer too.
    const paid = ok(
      await office.desk("POST", "/v1/staff/payments", {
        body: { method: "transfer", amount: EUR(4500), invoiceId: invoice.id },
      }),
      201,
    );
    const receipt = await pdf(`/v1/staff/payments/${paid.payment.id}/receipt.pdf`);
    expect(receipt).toContain(hex("Médis Seguros"));
    expect(receipt).toContain(hex("Rita Lopes"));
    expect(receipt).toContain(hex("POL-2026-0077"));

    // The credit note correcting it keeps the insurer and the policy line.
    const credit = ok(
      await office.desk("POST", `/v1/staff/invoices/${invoice.id}/credit-notes`, {
        body: { reason: "Wrong session" },
      }),
      201,
    );
    expect(credit.creditNote.snapshot.buyer.name).toBe(MEDIS.name);
    const note = await pdf(`/v1/staff/credit-notes/${credit.creditNote.id}.pdf`);
    expect(note).toContain(hex("POL-2026-0077"));
  });

  test("PATCH payer null: the next invoice is the patient's; changes are audited", async () => {
    const { caseId, clientId } = await insuredVisit({
      title: "Back",
      payer: { kind: "employer", name: "Acme Lda", reference: "PO-9" },
    });
    const first = ok(
      await office.desk("POST", `/v1/staff/cases/${caseId}/invoices`, { body: {} }),
      201,
    ).invoice;
    expect(first.snapshot.buyer.name).toBe("Acme Lda");

    const cleared = ok(
      await office.desk("PATCH", `/v1/staff/cases/${caseId}`, { body: { payer: null } }),
    );
    expect(cleared.case.payer).toBeUndefined();
    expect(cleared.case.title).toBe("Back");

    ok(
      await office.desk("POST", `/v1/staff/cases/${caseId}/charges`, {
        body: { description: "Kinesio tape", unitPrice: EUR(500) },
      }),
      201,
    );
    const second = ok(
      await office.desk("POST", `/v1/staff/cases/${caseId}/invoices`, { body: {} }),
      201,
    ).invoice;
    expect(second.snapshot.buyer).toMatchObject({
      id: clientId,
      name: "Rita Lopes",
      taxId: "PT123456789",
    });
    expect(second.printed.references).toBeUndefined();
    const text = await pdf(`/v1/staff/invoices/${second.id}.pdf`);
    expect(text).not.toContain(hex("Acme Lda"));
    expect(text).not.toContain(hex("PO-9"));
    // The first invoice is frozen: still addressed to the employer.
    const again = ok(await office.desk("GET", `/v1/staff/invoices/${first.id}`)).invoice;
    expect(again.snapshot.buyer.name).toBe("Acme Lda");

    // Setting a payer again, and a referral, through the same PATCH; the title is kept.
    const set = ok(
      await office.desk("PATCH", `/v1/staff/cases/${caseId}`, {
        body: { payer: { kind: "other", name: "Parent" }, referral: { by: "GP" } },
      }),
    );
    expect(set.case).toMatchObject({
      title: "Back",
      payer: { kind: "other", name: "Parent" },
      referral: { by: "GP" },
    });
    // Receipts follow the invoice they pay: the employer's invoice → the employer (although the
    // case has another payer now); the patient's invoice → the patient (not the new payer).
    const receiptOf = async (invoiceId: string, amount: number) => {
      const paid = ok(
        await office.desk("POST", "/v1/staff/payments", {
          body: { method: "transfer", amount: EUR(amount), invoiceId },
        }),
        201,
      );
      return pdf(`/v1/staff/payments/${paid.payment.id}/receipt.pdf`);
    };
    const employerReceipt = await receiptOf(first.id, 1000);
    expect(employerReceipt).toContain(hex("Acme Lda"));
    expect(employerReceipt).toContain(hex("PO-9"));
    const patientReceipt = await receiptOf(second.id, 500);
    expect(patientReceipt).toContain(hex("Rita Lopes"));
    expect(patientReceipt).not.toContain(hex("Parent"));
    expect(patientReceipt).not.toContain(hex("Acme Lda"));
    // Money on account of the case goes to its current payer.
    const onAccount = ok(
      await office.desk("POST", "/v1/staff/payments", {
        body: { method: "cash", amount: EUR(100), caseId },
      }),
      201,
    );
    expect(await pdf(`/v1/staff/payments/${onAccount.payment.id}/receipt.pdf`)).toContain(
      hex("Parent"),
    );

    const audit = await storage.listAudit(office.clinicId, { entityType: "case" });
    const updates = audit.filter((a) => a.action === "case.updated" && a.entityId === caseId);
    expect(updates.map((a) => a.detail)).toEqual([
      { fields: ["payer"], payer: { from: { kind: "employer", name: "Acme Lda" }, to: null } },
      {
        fields: ["payer", "referral"],
        payer: { from: null, to: { kind: "other", name: "Parent" } },
      },
    ]);
    const createdAudit = audit.find((a) => a.action === "case.created" && a.entityId === caseId);
    expect(createdAudit?.detail).toMatchObject({ payer: { kind: "employer", name: "Acme Lda" } });
  });

  test("the OpenAPI document describes the payer and referral on create, PATCH and every case answer", async () => {
    const doc = ok(await call(office.app, "GET", "/v1/openapi.json"));
    const json = (op: { requestBody?: unknown; responses?: unknown }, status?: string) => {
      const target = status
        ? (op.responses as Record<string, { content: Record<string, { schema: unknown }> }>)[status]
        : (op.requestBody as { content: Record<string, { schema: unknown }> });
      return JSON.stringify(target?.content["application/json"]?.schema);
    };
    const create = doc.paths["/v1/staff/clients/{id}/cases"].post;
    const patch = doc.paths["/v1/staff/cases/{id}"].patch;
    const read = doc.paths["/v1/staff/cases/{id}"].get;
    for (const text of [json(create), json(patch), json(create, "201"), json(read, "200")]) {
      expect(text).toContain('"payer"');
      expect(text).toContain('"referral"');
      expect(text).toContain('"insurer","employer","other"');
    }
  });

  test("bad payer and referral input names the field and the rule", async () => {
    const { clientId } = await clientWithVisit(office, "Bad Input", slot(1));
    const cases = `/v1/staff/clients/${clientId}/cases`;
    const bad = async (body: Record<string, unknown>, field: string, message: RegExp) => {
      const res = await office.desk("POST", cases, { body: { title: "X", ...body } });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const error = (res.json.errors as { field: string; message: string }[]).find(
        (e) => e.field === field,
      );
      expect(error, JSON.stringify(res.json.errors)).toBeDefined();
      expect(error?.message).toMatch(message);
    };
    await bad({ payer: { kind: "bank", name: "X" } }, "payer.kind", /insurer, employer or other/);
    await bad({ payer: { kind: "insurer", name: " " } }, "payer.name", /must not be empty/);
    await bad({ payer: { kind: "insurer" } }, "payer.name", /./);
    await bad({ payer: { kind: "insurer", name: "M", email: "nope" } }, "payer.email", /e-mail/);
    await bad(
      { payer: { kind: "insurer", name: "M", policy: "1" } },
      "payer.policy",
      /not a known field/,
    );
    await bad({ referral: { date: "2026-02-20" } }, "referral.by", /./);
    await bad({ referral: { by: "GP", date: "20/02/2026" } }, "referral.date", /./);
    const kase = ok(await office.desk("POST", cases, { body: { title: "Ok" } }), 201).case;
    expect(kase.payer).toBeUndefined();
    const patch = await office.desk("PATCH", `/v1/staff/cases/${kase.id}`, {
      body: { payer: { kind: "insurer", name: "M", taxId: "x".repeat(51) } },
    });
    expect(patch.status).toBe(400);
    expect(patch.json.errors).toEqual([
      expect.objectContaining({ field: "payer.taxId", message: "must be at most 50 characters" }),
    ]);
  });
});
