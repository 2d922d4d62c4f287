// Invoices and receipts e-mailed from the desk, end to end on PGlite and PostgreSQL: the routes
// queue one outbox row (audited, refused with a named field when the client has no address), and
// the worker sends it through a real SMTP server with the PDFs attached — the same bytes the PDF
// routes serve — and the package balance in the text and on the receipt. The audit trail is then
// read back filtered by visit, patient, user and time.

import { describe, expect, test } from "vitest";
import {
  act,
  backOfficeStorages,
  clientWithVisit,
  ok,
  openOffice,
  slot,
} from "../back-office/setup.js";
import { drain, storageWithSmtp, testWorker } from "./helpers.js";

const EUR = (amount: number) => ({ amount, currency: "EUR" });

describe.each(backOfficeStorages())("invoices and receipts e-mailed on $name", (factory) => {
  const env = storageWithSmtp(factory);

  test("a completed visit paid by a package session and a card payment: invoice and receipt e-mailed with their PDFs", async () => {
    const office = await openOffice(env.storage);
    const worker = testWorker({ storage: env.storage, channels: [env.email], clock: office.clock });
    const address = `rita-${office.clinicId}@example.com`;
    const { clientId, appointmentId } = await clientWithVisit(office, "Rita Lopes", slot(0), {
      email: address,
    });
    const pkg = ok(
      await office.desk("POST", `/v1/staff/clients/${clientId}/packages`, {
        body: { name: "10 × Physio", sessions: 10, price: { total: EUR(40000) } },
      }),
      201,
    ).package;
    await act(office, appointmentId, "arrive");
    await act(office, appointmentId, "complete");
    ok(
      await office.desk("PUT", `/v1/staff/appointments/${appointmentId}/package`, {
        body: { packageId: pkg.id },
      }),
    );
    const billing = ok(await office.desk("GET", `/v1/staff/appointments/${appointmentId}/billing`));
    expect(billing.package).toMatchObject({ id: pkg.id, usedByThisVisit: true });
    const invoice = ok(
      await office.desk("POST", `/v1/staff/cases/${billing.caseId}/invoices`, { body: {} }),
      201,
    ).invoice;
    const payment = ok(
      await office.desk("POST", "/v1/staff/payments", {
        body: { kind: "payment", method: "card", amount: EUR(40000), invoiceId: invoice.id },
      }),
      201,
    ).payment;
    await drain(worker); // the booking confirmation goes first
    const before = env.smtp.received.length;

    const queued = ok(
      await office.desk("POST", `/v1/staff/payments/${payment.id}/email`, { body: {} }),
      202,
    );
    expect(queued.email).toEqual({
      to: address,
      documents: [
        { kind: "invoice", id: invoice.id },
        { kind: "receipt", id: payment.id },
      ],
    });
    ok(await office.desk("POST", `/v1/staff/invoices/${invoice.id}/email`, { body: {} }), 202);
    expect(env.smtp.received.length).toBe(before); // queued, not sent by the request
    const summary = await drain(worker);
    expect(summary.sent).toBe(2);
    const mails = env.smtp.received.slice(before);
    const receiptMail = mails.find((m) => m.parsed.attachments.length === 2);
    expect(receiptMail?.parsed.to).toMatchObject({ value: [{ address }] });
    expect(receiptMail?.parsed.subject).toContain(invoice.number);
    const [invoicePdf, receiptPdf] = receiptMail?.parsed.attachments ?? [];
    expect(invoicePdf?.contentType).toBe("application/pdf");
    expect(receiptPdf?.contentType).toBe("application/pdf");
    expect(receiptPdf?.filename).toMatch(/^Recibo-.*\.pdf$/);
    // The attachments are the PDFs the staff routes serve, byte for byte.
    const servedInvoice = await office.desk("GET", `/v1/staff/invoices/${invoice.id}.pdf`);
    expect(invoicePdf?.content.toString("latin1")).toBe(servedInvoice.text);
    const servedReceipt = await office.desk("GET", `/v1/staff/payments/${payment.id}/receipt.pdf`);
    expect(receiptPdf?.content.toString("latin1")).toBe(servedReceipt.text);
    // The package balance is in the e-mail and on the receipt.
    expect(receiptMail?.parsed.text).toContain("Olá Rita Lopes,");
    expect(receiptMail?.parsed.text).toMatch(/10 × Physio.*1 .*10/);
    const invoiceOnly = mails.find((m) => m.parsed.attachments.length === 1);
    expect(invoiceOnly?.parsed.attachments[0]?.filename).toBe(
      `Fatura-${invoice.number.replace(/[^\w.-]+/g, "-")}.pdf`,
    );

    // Audited, and found by visit, by patient, by user and by time.
    const audit = (query: Record<string, string>) =>
      office.desk("GET", `/v1/staff/audit?${new URLSearchParams({ limit: "500", ...query })}`);
    const actions = async (query: Record<string, string>) =>
      (ok(await audit(query)).entries as { action: string }[]).map((e) => e.action);
    const byClient = await actions({ clientId });
    expect(byClient).toEqual(
      expect.arrayContaining([
        "appointment.created",
        "package.sold",
        "invoice.issued",
        "package.assigned",
        "payment.recorded",
        "payment.emailed",
        "invoice.emailed",
      ]),
    );
    const byVisit = await actions({ appointmentId });
    expect(byVisit).toContain("appointment.created");
    expect(byVisit).toContain("appointment.status_changed");
    expect(byVisit).toContain("package.assigned");
    expect(byVisit).not.toContain("package.sold");
    const emailed = ok(await audit({ entityType: "payment", entityId: payment.id })).entries;
    expect(emailed.map((e: { action: string }) => e.action)).toContain("payment.emailed");
    const actor = emailed.find((e: { action: string }) => e.action === "payment.emailed").actor;
    expect(await actions({ actor, clientId })).toContain("invoice.emailed");
    expect(await actions({ clientId, to: "2020-01-01T00:00:00Z" })).toEqual([]);
    expect(await actions({ clientId, from: "2020-01-01T00:00:00Z" })).toEqual(byClient);
    const other = await clientWithVisit(office, "Tiago Reis", slot(1));
    expect(await actions({ clientId: other.clientId })).not.toContain("invoice.issued");
  });

  test("a client without an e-mail address: 400 naming `email`, unless one is given", async () => {
    const office = await openOffice(env.storage);
    const { appointmentId } = await clientWithVisit(office, "No Mail", slot(2));
    await act(office, appointmentId, "arrive");
    const payment = ok(
      await office.desk("POST", "/v1/staff/payments", {
        body: { kind: "payment", method: "cash", amount: EUR(1000), appointmentId },
      }),
      201,
    ).payment;
    const refused = await office.desk("POST", `/v1/staff/payments/${payment.id}/email`, {
      body: {},
    });
    expect(refused.status).toBe(400);
    expect(refused.json.errors).toEqual([
      { field: "email", message: "the client has no e-mail address: give one", rule: "needs" },
    ]);
    const bad = await office.desk("POST", `/v1/staff/payments/${payment.id}/email`, {
      body: { email: "not-an-address" },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].field).toBe("email");
    const given = ok(
      await office.desk("POST", `/v1/staff/payments/${payment.id}/email`, {
        body: { email: "family@example.com" },
      }),
      202,
    );
    expect(given.email).toEqual({
      to: "family@example.com",
      documents: [{ kind: "receipt", id: payment.id }],
    });
    const missing = await office.desk("POST", "/v1/staff/invoices/inv_nope/email", { body: {} });
    expect(missing.status).toBe(404);
    const provider = await office.provider("POST", `/v1/staff/payments/${payment.id}/email`, {
      body: {},
    });
    expect(provider.status).toBe(403);
  });
});
