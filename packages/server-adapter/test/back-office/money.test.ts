// Back-office money over HTTP on PGlite and PostgreSQL: arrival charges from the status
// route, charges editable until invoiced, invoices with gap-free numbers (also under concurrency),
// PDFs identical from the snapshot after later edits, credit notes, payments, refunds, receipts,
// balances, audited reads, provider visibility.

import fc from "fast-check";
import { PDFDocument } from "pdf-lib";
import { describe, expect, test } from "vitest";
import type { Storage } from "../../src/storage/storage.js";
import { call } from "../helpers.js";
import {
  act,
  backOfficeStorages,
  clientWithVisit,
  type Office,
  officePerTest,
  ok,
  openOffice,
  slot,
} from "./setup.js";

const EUR = (amount: number) => ({ amount, currency: "EUR" });

describe.each(backOfficeStorages())("back-office money on $name", (factory) => {
  let storage: Storage;
  let office: Office;
  officePerTest(factory, (opened) => {
    ({ storage, office } = opened);
  });

  /** A visit that arrived (so it has its arrival charge) and the case it belongs to. */
  async function arrivedVisit(name = "Rita Lopes", start = slot(0)) {
    const visit = await clientWithVisit(office, name, start, { taxId: "PT123456789" });
    await act(office, visit.appointmentId, "arrive");
    const billing = ok(
      await office.desk("GET", `/v1/staff/appointments/${visit.appointmentId}/billing`),
    );
    return { ...visit, caseId: billing.caseId as string, billing };
  }

  test("the status route puts the arrival charge into the charges table at once (no read needed)", async () => {
    const visit = await clientWithVisit(office, "Tomás Reis", slot(0));
    await act(office, visit.appointmentId, "arrive");
    const charges = await storage.listCharges(office.clinicId, {
      appointmentId: visit.appointmentId,
    });
    expect(charges.map((c) => [c.status, c.unitPrice.amount])).toEqual([["uninvoiced", 4500]]);
    await act(office, visit.appointmentId, "rollback");
    const after = await storage.listCharges(office.clinicId, {
      appointmentId: visit.appointmentId,
    });
    expect(after.map((c) => c.status)).toEqual(["void"]);
  });

  test("arrival adds the service's charge (via the status route), editable until invoiced", async () => {
    const { caseId, billing } = await arrivedVisit();
    expect(billing.charges).toHaveLength(1);
    expect(billing.charges[0]).toMatchObject({
      description: "Physiotherapy",
      unitPrice: EUR(4500),
      status: "uninvoiced",
      source: "arrival",
      billingProviderId: "ana",
      amounts: { gross: 4500 },
    });
    const chargeId = billing.charges[0].id as string;
    const edited = ok(
      await office.desk("PATCH", `/v1/staff/charges/${chargeId}`, {
        body: { unitPrice: EUR(4000), description: "Physiotherapy (reduced)" },
      }),
    );
    expect(edited.charge).toMatchObject({ unitPrice: EUR(4000), version: 2 });
    const stale = await office.desk("PATCH", `/v1/staff/charges/${chargeId}`, {
      body: { quantity: 2, expectedVersion: 1 },
    });
    expect(stale.status).toBe(409);
    const extra = ok(
      await office.desk("POST", `/v1/staff/cases/${caseId}/charges`, {
        body: { description: "Kinesio tape", unitPrice: EUR(500), taxRateBp: 2300 },
      }),
      201,
    );
    expect(extra.charge.amounts).toEqual({ net: 407, tax: 93, gross: 500 });
    const list = ok(await office.desk("GET", `/v1/staff/cases/${caseId}/charges`));
    expect(list.charges.map((c: { id: string }) => c.id)).toEqual([chargeId, extra.charge.id]);
    // Rolling the visit back (arrived → confirmed) voids its open arrival charge.
    await act(office, billing.appointmentId, "rollback");
    const after = ok(await office.desk("GET", `/v1/staff/cases/${caseId}/charges`));
    expect(after.charges.find((c: { id: string }) => c.id === chargeId).status).toBe("void");
  });

  test("a late cancellation's fee from the service policy becomes a charge of the case", async () => {
    const { clientId, appointmentId } = await clientWithVisit(office, "Late", slot(0));
    office.clock.advance(2 * 24 * 60 - 3 * 60); // 2026-03-04 05:00 UTC: 5 hours before the visit
    await act(office, appointmentId, "cancel");
    const billing = ok(await office.desk("GET", `/v1/staff/appointments/${appointmentId}/billing`));
    expect(billing.charges).toEqual([
      expect.objectContaining({
        source: "cancellation_fee",
        unitPrice: EUR(2250),
        status: "uninvoiced",
      }),
    ]);
    const balance = ok(await office.desk("GET", `/v1/staff/clients/${clientId}/balance`)).balance;
    expect(balance.outstanding).toBe(2250);
  });

  test("issuing an invoice freezes a numbered snapshot; edits are 409, corrections are credit notes", async () => {
    const { caseId, clientId, billing } = await arrivedVisit();
    const chargeId = billing.charges[0].id as string;
    const issued = ok(
      await office.desk("POST", `/v1/staff/cases/${caseId}/invoices`, {
        body: { notes: "Obrigado" },
      }),
      201,
    );
    const invoice = issued.invoice;
    expect(invoice).toMatchObject({ kind: "invoice", number: "INV 2026/00001", caseId, clientId });
    expect(invoice.snapshot).toMatchObject({
      seller: { name: `Clinic ${office.clinicId}`, taxId: "PT500000000" },
      buyer: { id: clientId, name: "Rita Lopes", taxId: "PT123456789" },
      totals: { gross: 4500 },
      lines: [{ chargeId, gross: 4500 }],
    });
    expect(invoice.balance).toMatchObject({ outstanding: 4500, status: "open" });
    expect(invoice.printed.outstanding).toEqual(EUR(4500));
    // Nothing left to invoice.
    const again = await office.desk("POST", `/v1/staff/cases/${caseId}/invoices`, { body: {} });
    expect(again.status).toBe(409);
    expect(again.json.reason).toBe("NOTHING_TO_INVOICE");
    // The invoiced charge and the invoice itself never change.
    const patchCharge = await office.desk("PATCH", `/v1/staff/charges/${chargeId}`, {
      body: { quantity: 2 },
    });
    expect(patchCharge.status).toBe(409);
    expect(patchCharge.json.code).toBe("IMMUTABLE");
    const voided = await office.desk("POST", `/v1/staff/charges/${chargeId}/void`, { body: {} });
    expect(voided.json.code).toBe("IMMUTABLE");
    for (const method of ["PATCH", "PUT", "DELETE"]) {
      const res = await office.desk(method, `/v1/staff/invoices/${invoice.id}`, { body: {} });
      expect(res.status, method).toBe(409);
      expect(res.json.code).toBe("IMMUTABLE");
    }
    // A partial credit note corrects it.
    const credit = ok(
      await office.desk("POST", `/v1/staff/invoices/${invoice.id}/credit-notes`, {
        body: { reason: "Goodwill", lines: [{ chargeId, amount: 1000 }] },
      }),
      201,
    );
    expect(credit.creditNote).toMatchObject({
      kind: "credit_note",
      number: "CN 2026/00001",
      invoiceId: invoice.id,
      snapshot: { totals: { gross: -1000 }, invoiceNumber: "INV 2026/00001" },
    });
    const read = ok(await office.desk("GET", `/v1/staff/invoices/${invoice.id}`));
    expect(read.invoice.balance).toMatchObject({
      charged: 4500,
      credited: 1000,
      outstanding: 3500,
    });
    expect(read.invoice.creditNotes).toEqual([
      expect.objectContaining({ id: credit.creditNote.id, number: "CN 2026/00001" }),
    ]);
    const note = ok(await office.desk("GET", `/v1/staff/credit-notes/${credit.creditNote.id}`));
    expect(note.creditNote).toMatchObject({
      number: "CN 2026/00001",
      printed: { outstanding: EUR(3500) },
    });
    const notePdf = await office.app.request(`/v1/staff/credit-notes/${credit.creditNote.id}.pdf`, {
      headers: { authorization: `Bearer ${office.seed.keys.front_desk}` },
    });
    expect(notePdf.headers.get("content-type")).toBe("application/pdf");
    const noteDoc = await PDFDocument.load(new Uint8Array(await notePdf.arrayBuffer()));
    expect(noteDoc.getTitle()).toBe("Nota de crédito CN 2026/00001");
    expect((await office.desk("GET", `/v1/staff/credit-notes/${invoice.id}`)).status).toBe(404);
    const listed = ok(
      await office.desk("GET", `/v1/staff/invoices?clientId=${clientId}`),
    ).documents;
    expect(listed.map((d: { number: string; total: number }) => [d.number, d.total])).toEqual([
      // issued at the same instant (the test clock stands still): by issue time, then number
      ["CN 2026/00001", -1000],
      ["INV 2026/00001", 4500],
    ]);
    const tooMuch = await office.desk("POST", `/v1/staff/invoices/${invoice.id}/credit-notes`, {
      body: { reason: "Again", lines: [{ chargeId, amount: 9999 }] },
    });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.json.reason).toBe("EXCEEDS_INVOICE_LINE");
    // Reads of invoices are audited with who and when.
    const audit = await storage.listAudit(office.clinicId, { entityType: "invoice" });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["invoice.issued", "invoice.read"]),
    );
    expect(audit.every((a) => a.actor.startsWith("api-key:"))).toBe(true);
  });

  test("the PDF is the same bytes every time, also after the client, prices and clinic change", async () => {
    const { caseId, clientId } = await arrivedVisit("Zoë Ângela Ñúñez");
    const issued = ok(
      await office.desk("POST", `/v1/staff/cases/${caseId}/invoices`, { body: {} }),
      201,
    );
    const id = issued.invoice.id as string;
    const fetchPdf = async () => {
      const res = await office.app.request(`/v1/staff/invoices/${id}.pdf`, {
        headers: { authorization: `Bearer ${office.seed.keys.front_desk}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      return new Uint8Array(await res.arrayBuffer());
    };
    const first = await fetchPdf();
    expect(new TextDecoder().decode(first.slice(0, 8))).toBe("%PDF-1.7");
    expect(Buffer.compare(first, await fetchPdf())).toBe(0);
    const parsed = await PDFDocument.load(first, { updateMetadata: false });
    expect(parsed.getPageCount()).toBe(1);
    expect(parsed.getTitle()).toBe("Fatura INV 2026/00001");
    expect(parsed.getCreationDate()?.toISOString()).toBe(issued.invoice.issuedAt);
    const snapshotBefore = ok(await office.desk("GET", `/v1/staff/invoices/${id}`)).invoice
      .snapshot;
    // Later edits: the client's name and tax ID, the service price, the clinic's name and tax ID.
    ok(
      await office.desk("PATCH", `/v1/staff/clients/${clientId}`, {
        body: { name: "Someone Else", taxId: "PT999999990" },
      }),
    );
    ok(
      await office.manager("PATCH", "/v1/staff/services/physio", {
        body: { price: EUR(9900) },
      }),
    );
    ok(
      await office.manager("PATCH", "/v1/staff/settings", {
        body: { name: "Renamed Clinic", taxId: "PT511111111" },
      }),
    );
    office.clock.advance(60 * 24 * 40);
    expect(Buffer.compare(first, await fetchPdf())).toBe(0);
    const snapshotAfter = ok(await office.desk("GET", `/v1/staff/invoices/${id}`)).invoice.snapshot;
    expect(snapshotAfter).toEqual(snapshotBefore);
    expect(snapshotAfter.buyer.name).toBe("Zoë Ângela Ñúñez");
    // A file that is not an invoice's PDF is a 404, not another document.
    const missing = await office.desk("GET", "/v1/staff/invoices/inv_missing.pdf");
    expect(missing.status).toBe(404);
  });

  test("concurrent issues on one clinic get consecutive numbers, none skipped or repeated", async () => {
    const cases: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      cases.push((await arrivedVisit(`Client ${i}`, slot(i, 9 + (i % 3)))).caseId);
    }
    // One case twice: only one of its two issues can succeed.
    const responses = await Promise.all(
      [...cases, cases[0] as string].map((caseId) =>
        office.desk("POST", `/v1/staff/cases/${caseId}/invoices`, { body: {} }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 409]);
    const numbers = responses
      .filter((r) => r.status === 201)
      .map((r) => r.json.invoice.number as string)
      .sort();
    expect(numbers).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `INV 2026/${String(n).padStart(5, "0")}`),
    );
  });

  test("payments and refunds: against invoice, visit or case; refunds never exceed payments; receipts", async () => {
    const { caseId, clientId, appointmentId } = await arrivedVisit();
    const invoice = ok(
      await office.desk("POST", `/v1/staff/cases/${caseId}/invoices`, { body: {} }),
      201,
    ).invoice;
    const paid = ok(
      await office.desk("POST", "/v1/staff/payments", {
        body: { method: "card", amount: EUR(3000), reference: "POS 88", invoiceId: invoice.id },
      }),
      201,
    );
    expect(paid.payment).toMatchObject({
      kind: "payment",
      caseId,
      clientId,
      invoiceId: invoice.id,
      outstandingAfter: 1500,
    });
    const both = await office.desk("POST", "/v1/staff/payments", {
      body: { method: "cash", amount: EUR(10), invoiceId: invoice.id, caseId },
    });
    expect(both.status).toBe(400);
    const tooMuch = await office.desk("POST", "/v1/staff/payments", {
      body: { kind: "refund", method: "card", amount: EUR(3500), invoiceId: invoice.id },
    });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.json).toMatchObject({ available: 3000, reason: "REFUND_EXCEEDS_PAID" });
    ok(
      await office.desk("POST", "/v1/staff/payments", {
        body: { kind: "refund", method: "card", amount: EUR(500), invoiceId: invoice.id },
      }),
      201,
    );
    ok(
      await office.desk("POST", "/v1/staff/payments", {
        body: { method: "cash", amount: EUR(2000), appointmentId },
      }),
      201,
    );
    const balance = ok(await office.desk("GET", `/v1/staff/clients/${clientId}/balance`)).balance;
    expect(balance).toMatchObject({ charged: 4500, paid: 5000, refunded: 500, outstanding: 0 });
    const billing = ok(await office.desk("GET", `/v1/staff/appointments/${appointmentId}/billing`));
    expect(billing.money.money).toBe("paid");
    const receipt = async () => {
      const res = await office.app.request(`/v1/staff/payments/${paid.payment.id}/receipt.pdf`, {
        headers: { authorization: `Bearer ${office.seed.keys.manager}` },
      });
      expect(res.headers.get("content-type")).toBe("application/pdf");
      return new Uint8Array(await res.arrayBuffer());
    };
    const first = await receipt();
    ok(await office.desk("PATCH", `/v1/staff/clients/${clientId}`, { body: { name: "Changed" } }));
    expect(Buffer.compare(first, await receipt())).toBe(0);
    const listed = ok(await office.desk("GET", `/v1/staff/payments?clientId=${clientId}`));
    expect(listed.payments).toHaveLength(3);
  });

  test("a case holds visits and money; providers see only their clients' cases; reads are audited", async () => {
    const { caseId, clientId, appointmentId } = await arrivedVisit();
    const created = ok(
      await office.desk("POST", `/v1/staff/clients/${clientId}/cases`, {
        body: { title: "Left knee" },
      }),
      201,
    );
    const knee = created.case.id as string;
    expect(created.case).toMatchObject({ title: "Left knee", status: "open", general: false });
    const moved = ok(
      await office.desk("PUT", `/v1/staff/appointments/${appointmentId}/case`, {
        body: { caseId: knee },
      }),
    );
    expect(moved).toMatchObject({ caseId: knee });
    expect(moved.moved).toHaveLength(1);
    const kneeCase = ok(await office.provider("GET", `/v1/staff/cases/${knee}`));
    expect(kneeCase.visits.map((v: { id: string }) => v.id)).toEqual([appointmentId]);
    expect(kneeCase.charges).toHaveLength(1);
    expect(kneeCase.balance.outstanding).toBe(4500);
    const general = ok(await office.desk("GET", `/v1/staff/cases/${caseId}`));
    expect(general.charges).toHaveLength(0);
    const cases = ok(await office.desk("GET", `/v1/staff/clients/${clientId}/cases`));
    expect(cases.cases.map((c: { id: string }) => c.id).sort()).toEqual([caseId, knee].sort());
    ok(await office.desk("PATCH", `/v1/staff/cases/${knee}`, { body: { status: "closed" } }));
    const closedCharge = await office.desk("POST", `/v1/staff/cases/${knee}/charges`, {
      body: { description: "x", unitPrice: EUR(100) },
    });
    expect(closedCharge.status).toBe(409);
    // Bruno's client is invisible to the provider key (granted ana only): 404, not 403.
    const other = await clientWithVisit(office, "Bruno's client", slot(1));
    ok(
      await office.desk("POST", "/v1/staff/appointments", {
        body: {
          serviceId: "physio",
          providerId: "bruno",
          start: slot(2),
          clientId: other.clientId,
          overrides: "all-soft",
        },
      }),
      201,
    );
    const otherCase = ok(
      await office.desk("POST", `/v1/staff/clients/${other.clientId}/cases`, {
        body: { title: "Back" },
      }),
      201,
    ).case.id;
    expect((await office.provider("GET", `/v1/staff/cases/${otherCase}`)).status).toBe(200);
    const brunoOnly = ok(
      await office.desk("POST", "/v1/staff/clients/intake", { body: { name: "Only Bruno" } }),
      201,
    ).client.id;
    ok(
      await office.desk("POST", "/v1/staff/appointments", {
        body: {
          serviceId: "physio",
          providerId: "bruno",
          start: slot(5),
          clientId: brunoOnly,
          overrides: "all-soft",
        },
      }),
      201,
    );
    const hiddenCase = ok(
      await office.desk("POST", `/v1/staff/clients/${brunoOnly}/cases`, {
        body: { title: "Hidden" },
      }),
      201,
    ).case.id;
    const hidden = await office.provider("GET", `/v1/staff/cases/${hiddenCase}`);
    expect(hidden.status).toBe(404);
    expect((await office.provider("GET", `/v1/staff/clients/${brunoOnly}/balance`)).status).toBe(
      404,
    );
    expect(
      (await office.provider("POST", `/v1/staff/cases/${knee}/invoices`, { body: {} })).status,
    ).toBe(403);
    const reads = await storage.listAudit(office.clinicId, { entityType: "case", entityId: knee });
    expect(reads.map((a) => a.action)).toContain("case.read");
  });

  test("case notes: the private notes of the visits, each read audited, never on public routes", async () => {
    const { caseId, appointmentId } = await arrivedVisit();
    ok(
      await office.provider("POST", `/v1/staff/appointments/${appointmentId}/notes`, {
        body: { text: "Lumbar pain 6/10; exercises given" },
      }),
      201,
    );
    const notes = ok(await office.provider("GET", `/v1/staff/cases/${caseId}/notes`));
    expect(notes.notes.map((n: { text: string }) => n.text)).toEqual([
      "Lumbar pain 6/10; exercises given",
    ]);
    const audit = await storage.listAudit(office.clinicId, { entityId: appointmentId });
    expect(audit.filter((a) => a.action === "note.read")).toHaveLength(1);
    const unauth = await call(office.app, "GET", `/v1/staff/cases/${caseId}/notes`);
    expect(unauth.status).toBe(401);
    const invoice = ok(
      await office.desk("POST", `/v1/staff/cases/${caseId}/invoices`, { body: {} }),
      201,
    );
    expect(JSON.stringify(invoice)).not.toContain("Lumbar");
  });

  test("tenancy: another clinic's key sees none of these records", async () => {
    const { caseId, clientId } = await arrivedVisit();
    const invoice = ok(
      await office.desk("POST", `/v1/staff/cases/${caseId}/invoices`, { body: {} }),
      201,
    ).invoice;
    const other = await openOffice(storage);
    for (const path of [
      `/v1/staff/cases/${caseId}`,
      `/v1/staff/invoices/${invoice.id}`,
      `/v1/staff/invoices/${invoice.id}.pdf`,
      `/v1/staff/clients/${clientId}/balance`,
      `/v1/staff/clients/${clientId}/summary`,
    ]) {
      expect((await other.manager("GET", path)).status, path).toBe(404);
    }
    const v = await clientWithVisit(other, "Other", slot(0));
    await act(other, v.appointmentId, "arrive");
    const otherCase = ok(
      await other.desk("GET", `/v1/staff/appointments/${v.appointmentId}/billing`),
    );
    const numbered = ok(
      await other.desk("POST", `/v1/staff/cases/${otherCase.caseId}/invoices`, { body: {} }),
      201,
    );
    expect(numbered.invoice.number).toBe("INV 2026/00001");
  });

  test("property: for any sequence of charges, voids, invoices, credit notes, payments and refunds, balance = charges − credits − payments + refunds", async () => {
    type Op =
      | { kind: "charge"; c: number; amount: number; quantity: number; taxRateBp: number }
      | { kind: "void"; pick: number }
      | { kind: "edit"; pick: number; quantity: number }
      | { kind: "invoice"; c: number }
      | { kind: "credit"; pick: number; amount: number }
      | { kind: "payment"; c: number; amount: number; onInvoice: boolean }
      | { kind: "refund"; c: number; amount: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        kind: fc.constant("charge" as const),
        c: fc.nat(1),
        amount: fc.integer({ min: 1, max: 20_000 }),
        quantity: fc.integer({ min: 1, max: 3 }),
        taxRateBp: fc.constantFrom(0, 600, 2300),
      }),
      fc.record({ kind: fc.constant("void" as const), pick: fc.nat(20) }),
      fc.record({
        kind: fc.constant("edit" as const),
        pick: fc.nat(20),
        quantity: fc.integer({ min: 1, max: 4 }),
      }),
      fc.record({ kind: fc.constant("invoice" as const), c: fc.nat(1) }),
      fc.record({
        kind: fc.constant("credit" as const),
        pick: fc.nat(20),
        amount: fc.integer({ min: 1, max: 30_000 }),
      }),
      fc.record({
        kind: fc.constant("payment" as const),
        c: fc.nat(1),
        amount: fc.integer({ min: 1, max: 30_000 }),
        onInvoice: fc.boolean(),
      }),
      fc.record({
        kind: fc.constant("refund" as const),
        c: fc.nat(1),
        amount: fc.integer({ min: 1, max: 30_000 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
        const client = ok(
          await office.desk("POST", "/v1/staff/clients/intake", {
            body: { name: "Prop", createAnyway: true },
          }),
          201,
        ).client.id as string;
        const cases: string[] = [];
        for (const title of ["A", "B"]) {
          cases.push(
            ok(
              await office.desk("POST", `/v1/staff/clients/${client}/cases`, { body: { title } }),
              201,
            ).case.id,
          );
        }
        // The model: what every case was charged, credited, paid and refunded.
        const charges: {
          id: string;
          c: number;
          gross: number;
          status: string;
          invoice?: string;
          credited: number;
        }[] = [];
        const invoices: { id: string; c: number }[] = [];
        const money = [0, 1].map(() => ({ paid: 0, refunded: 0, credited: 0 }));
        for (const step of ops) {
          if (step.kind === "charge") {
            const res = ok(
              await office.desk("POST", `/v1/staff/cases/${cases[step.c]}/charges`, {
                body: {
                  description: "Line",
                  unitPrice: EUR(step.amount),
                  quantity: step.quantity,
                  taxRateBp: step.taxRateBp,
                },
              }),
              201,
            );
            charges.push({
              id: res.charge.id,
              c: step.c,
              gross: step.amount * step.quantity,
              status: "uninvoiced",
              credited: 0,
            });
          } else if (step.kind === "void" || step.kind === "edit") {
            const target = charges[step.pick % Math.max(1, charges.length)];
            if (!target) continue;
            const res =
              step.kind === "void"
                ? await office.desk("POST", `/v1/staff/charges/${target.id}/void`, { body: {} })
                : await office.desk("PATCH", `/v1/staff/charges/${target.id}`, {
                    body: { quantity: step.quantity },
                  });
            expect(res.status).toBe(target.status === "uninvoiced" ? 200 : 409);
            if (res.status === 200 && step.kind === "void") target.status = "void";
            if (res.status === 200 && step.kind === "edit") {
              target.gross = res.json.charge.unitPrice.amount * step.quantity;
            }
          } else if (step.kind === "invoice") {
            const open = charges.filter((c) => c.c === step.c && c.status === "uninvoiced");
            const res = await office.desk("POST", `/v1/staff/cases/${cases[step.c]}/invoices`, {
              body: {},
            });
            expect(res.status).toBe(open.length > 0 ? 201 : 409);
            if (res.status === 201) {
              invoices.push({ id: res.json.invoice.id, c: step.c });
              for (const c of open) {
                c.status = "invoiced";
                c.invoice = res.json.invoice.id;
              }
            }
          } else if (step.kind === "credit") {
            const invoiced = charges.filter((c) => c.status === "invoiced");
            const target = invoiced[step.pick % Math.max(1, invoiced.length)];
            if (!target?.invoice) continue;
            const res = await office.desk(
              "POST",
              `/v1/staff/invoices/${target.invoice}/credit-notes`,
              {
                body: {
                  reason: "Correction",
                  lines: [{ chargeId: target.id, amount: step.amount }],
                },
              },
            );
            expect(res.status).toBe(step.amount <= target.gross - target.credited ? 201 : 409);
            if (res.status === 201) {
              target.credited += step.amount;
              (money[target.c] as { credited: number }).credited += step.amount;
            }
          } else if (step.kind === "payment") {
            const invoice = step.onInvoice ? invoices.find((i) => i.c === step.c) : undefined;
            ok(
              await office.desk("POST", "/v1/staff/payments", {
                body: {
                  method: "cash",
                  amount: EUR(step.amount),
                  ...(invoice ? { invoiceId: invoice.id } : { caseId: cases[step.c] }),
                },
              }),
              201,
            );
            (money[step.c] as { paid: number }).paid += step.amount;
          } else {
            const m = money[step.c] as { paid: number; refunded: number };
            const res = await office.desk("POST", "/v1/staff/payments", {
              body: {
                kind: "refund",
                method: "cash",
                amount: EUR(step.amount),
                caseId: cases[step.c],
              },
            });
            expect(res.status).toBe(step.amount <= m.paid - m.refunded ? 201 : 409);
            if (res.status === 201) m.refunded += step.amount;
          }
        }
        const expected = [0, 1].map((c) => {
          const charged = charges
            .filter((x) => x.c === c && x.status !== "void")
            .reduce((s, x) => s + x.gross, 0);
          const m = money[c] as { paid: number; refunded: number; credited: number };
          return charged - m.credited - m.paid + m.refunded;
        });
        for (const c of [0, 1]) {
          const kase = ok(await office.desk("GET", `/v1/staff/cases/${cases[c]}`));
          expect(kase.balance.outstanding).toBe(expected[c]);
        }
        const total = ok(await office.desk("GET", `/v1/staff/clients/${client}/balance`)).balance;
        expect(total.outstanding).toBe((expected[0] ?? 0) + (expected[1] ?? 0));
      }),
      { numRuns: 8, endOnFailure: true },
    );
  });

  test("without the clinic's tax ID no invoice is issued (422 naming the field)", async () => {
    const { caseId } = await arrivedVisit();
    ok(await office.manager("PATCH", "/v1/staff/settings", { body: { taxId: null } }));
    const res = await office.desk("POST", `/v1/staff/cases/${caseId}/invoices`, { body: {} });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].field).toBe("settings.taxId");
  });

  test("regression: an invoice due before its issue day, a package sold already expired and a report for an unknown provider are refused", async () => {
    const { caseId, clientId } = await arrivedVisit();
    // The clock is 2 March 2026, 08:00 in Lisbon.
    const late = await office.desk("POST", `/v1/staff/cases/${caseId}/invoices`, {
      body: { dueAt: "2026-03-01T23:59:00Z" },
    });
    expect(late.status).toBe(400);
    expect(late.json.errors).toEqual([
      { field: "dueAt", message: "must not be before the issue date", rule: "order" },
    ]);
    expect(await storage.listBillingDocuments(office.clinicId, { caseId })).toHaveLength(0);
    // Due "on receipt" (the same day) is fine, and the refused attempt used up no number.
    const issued = ok(
      await office.desk("POST", `/v1/staff/cases/${caseId}/invoices`, {
        body: { dueAt: "2026-03-02T00:00:00Z" },
      }),
      201,
    );
    expect(issued.invoice.number).toBe("INV 2026/00001");

    const sell = (expiresOn: string) =>
      office.desk("POST", `/v1/staff/clients/${clientId}/packages`, {
        body: { name: "5 × Physio", sessions: 5, price: { total: EUR(15000) }, expiresOn },
      });
    const expired = await sell("2026-03-01");
    expect(expired.status).toBe(400);
    expect(expired.json.errors).toEqual([
      { field: "expiresOn", message: "must be today (2026-03-02) or later", rule: "too_small" },
    ]);
    expect(await storage.listPackages(office.clinicId, { ownerClientId: clientId })).toHaveLength(
      0,
    );
    ok(await sell("2026-03-02"), 201);

    for (const path of ["/v1/staff/reports/monthly", "/v1/staff/reports/monthly.csv"]) {
      const res = await office.desk("GET", `${path}?month=2026-03&providerId=nobody`);
      expect(res.status, path).toBe(404);
      expect(res.json.errors[0].field, path).toBe("providerId");
      ok(await office.desk("GET", `${path}?month=2026-03&providerId=ana`));
    }
  });
});
