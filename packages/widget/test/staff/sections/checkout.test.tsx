// Component tests of the checkout section (happy-dom + msw): a visit's charges edited and voided,
// an invoice issued and previewed, a card payment recorded and its receipt e-mailed, a credit
// note and a refund with a reason, a package session used, a package sold and refunded, and the
// server's refusals shown with the field they name. In English and Portuguese.

import { fireEvent, waitFor, within } from "@testing-library/preact";
import { HttpResponse, http } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { CheckoutSection } from "../../../src/staff/sections/checkout.js";
import { server, useMockServer } from "../../render.js";
import {
  BASE,
  type BackOffice,
  backOffice,
  renderSection,
  unmountSections,
} from "./section-mocks.js";

useMockServer();
afterEach(unmountSections);

function open(params: Record<string, string>, locale: "en" | "pt" | "es" = "en") {
  const office = backOffice();
  server.use(...office.handlers);
  const { root } = renderSection(CheckoutSection, params, locale);
  return { office, ui: within(root), root };
}

const last = (office: BackOffice, method: string, path: string) =>
  office.seen.filter((s) => s.method === method && s.path === path).at(-1);

const type = (input: HTMLElement, value: string) => fireEvent.input(input, { target: { value } });

describe("checkout section", () => {
  it("edits a charge's amount with its version and voids another with a reason", async () => {
    const { office, ui } = open({ visitId: "apt_1" });
    await ui.findByRole("heading", { name: "Charges" });
    expect(ui.getByText("Completed").tagName).toBe("DD");
    const amount = await ui.findByRole("textbox", { name: "Amount of Physiotherapy session" });
    expect((amount as HTMLInputElement).value).toBe("45.00");
    type(amount, "40,50");
    fireEvent.click(ui.getByRole("button", { name: "Save: Physiotherapy session" }));
    await ui.findByText("Saved.");
    expect(last(office, "PATCH", "/charges/ch_1")?.body).toEqual({
      unitPrice: { amount: 4050, currency: "EUR" },
      expectedVersion: 1,
    });
    // A second charge, added here, then voided with its reason.
    const add = ui.getByRole("form", { name: "Add a charge" });
    type(within(add).getByRole("textbox", { name: "Description" }), "Kinesio tape");
    type(within(add).getByRole("textbox", { name: "Amount" }), "5");
    fireEvent.click(within(add).getByRole("button", { name: "Add" }));
    await ui.findByRole("button", { name: "Void: Kinesio tape" });
    expect(last(office, "POST", "/cases/case_1/charges")?.body).toEqual({
      description: "Kinesio tape",
      unitPrice: { amount: 500, currency: "EUR" },
      appointmentId: "apt_1",
    });
    fireEvent.click(ui.getByRole("button", { name: "Void: Kinesio tape" }));
    type(ui.getByRole("textbox", { name: "Reason for voiding" }), "not used");
    fireEvent.click(ui.getByRole("button", { name: "Void charge" }));
    await ui.findByText("Kinesio tape (not used)");
    expect(ui.queryByRole("button", { name: "Void: Kinesio tape" })).toBeNull();
    expect(last(office, "POST", "/charges/ch_2/void")?.body).toEqual({ reason: "not used" });
  });

  it("issues the invoice, previews its PDF, takes a card payment and e-mails the receipt", async () => {
    const { office, ui, root } = open({ visitId: "apt_1" });
    const issue = await ui.findByRole("button", { name: "Issue invoice" });
    fireEvent.click(issue);
    await ui.findByText("Invoice FT 2026/1 issued.");
    fireEvent.click(await ui.findByRole("button", { name: "Open FT 2026/1 (PDF)" }));
    await waitFor(() =>
      expect(root.querySelector("object[type='application/pdf']")).not.toBeNull(),
    );
    expect(root.querySelector("object")?.getAttribute("data")).toMatch(/^blob:/);
    expect(office.seen.some((s) => s.path === "/invoices/inv_1.pdf")).toBe(true);
    // The payment defaults to what the invoice still owes and pays that invoice.
    const form = ui.getByRole("form", { name: "Record payment" });
    expect((within(form).getByRole("textbox", { name: "Amount" }) as HTMLInputElement).value).toBe(
      "45.00",
    );
    fireEvent.change(within(form).getByRole("combobox", { name: "Method" }), {
      target: { value: "card" },
    });
    fireEvent.click(within(form).getByRole("button", { name: "Record payment" }));
    await ui.findByText("Payment of €45.00 recorded.");
    expect(last(office, "POST", "/payments")?.body).toEqual({
      kind: "payment",
      method: "card",
      amount: { amount: 4500, currency: "EUR" },
      invoiceId: "inv_1",
    });
    fireEvent.click(ui.getByRole("button", { name: "E-mail receipt €45.00" }));
    await ui.findByText("Sent to rita@example.com: it leaves with the next outbox run.");
    expect(last(office, "POST", "/payments/pay_1/email")?.body).toEqual({});
  });

  it("shows the server's refusal naming the field, then sends to the address typed", async () => {
    const { office, ui } = open({ caseId: "case_1" });
    office.noEmail = true;
    fireEvent.click(await ui.findByRole("button", { name: "Issue invoice" }));
    const send = await ui.findByRole("button", { name: "E-mail invoice FT 2026/1" });
    fireEvent.click(send);
    const alert = await waitFor(() => {
      const a = ui.getByRole("alert");
      expect(a.textContent).toContain("email: the client has no e-mail address");
      return a;
    });
    expect(alert).toBeTruthy();
    type(ui.getAllByRole("textbox", { name: /Send to/ })[0] as HTMLElement, "mum@example.com");
    fireEvent.click(send);
    await ui.findByText("Sent to mum@example.com: it leaves with the next outbox run.");
  });

  it("names the form's field in a refusal instead of the API's path", async () => {
    const { ui } = open({ visitId: "apt_1" });
    server.use(
      http.post(`${BASE}/payments`, () =>
        HttpResponse.json(
          {
            code: "VALIDATION_FAILED",
            title: "The request is not valid",
            status: 400,
            detail: "Invalid body: amount.amount must be greater than 0",
            errors: [
              { field: "amount.amount", message: "must be greater than 0", rule: "too_small" },
            ],
          },
          { status: 400, headers: { "content-type": "application/problem+json" } },
        ),
      ),
    );
    const form = await ui.findByRole("form", { name: "Record payment" });
    type(within(form).getByRole("textbox", { name: "Amount" }), "0");
    fireEvent.click(within(form).getByRole("button", { name: "Record payment" }));
    await ui.findByText("The request is not valid — Amount: must be greater than 0");
  });

  it("issues a credit note and records a refund, each with its reason", async () => {
    const { office, ui } = open({ visitId: "apt_1" });
    fireEvent.click(await ui.findByRole("button", { name: "Issue invoice" }));
    const credit = await ui.findByRole("form", { name: "Credit note FT 2026/1" });
    type(
      within(credit).getByRole("textbox", { name: "Reason for the credit note" }),
      "Wrong price",
    );
    fireEvent.click(within(credit).getByRole("button", { name: "Issue credit note" }));
    await ui.findByText("Credit note NC 2026/1 issued.");
    expect(last(office, "POST", "/invoices/inv_1/credit-notes")?.body).toEqual({
      reason: "Wrong price",
    });
    fireEvent.click(ui.getByRole("button", { name: "Record payment" }));
    fireEvent.click(await ui.findByRole("button", { name: "Refund" }));
    const refund = await ui.findByRole("form", { name: /^Refund: Payment €45.00/ });
    type(within(refund).getByRole("textbox", { name: "Amount" }), "10");
    type(within(refund).getByRole("textbox", { name: "Reason" }), "Goodwill");
    fireEvent.click(within(refund).getByRole("button", { name: "Record refund" }));
    await ui.findByText("Refund of €10.00 recorded.");
    expect(last(office, "POST", "/payments")?.body).toMatchObject({
      kind: "refund",
      amount: { amount: 1000, currency: "EUR" },
      reference: "Goodwill",
      invoiceId: "inv_1",
    });
  });

  it("in Portuguese: uses a package session for the visit, sells a package, refunds unused sessions", async () => {
    const { office, ui } = open({ visitId: "apt_1" }, "pt");
    await ui.findByRole("heading", { name: "Pacotes" });
    expect(ui.getByText(/3 de 10 usadas, faltam 7/)).toBeTruthy();
    expect(ui.getByText(/Válido até 10\/07\/2026/)).toBeTruthy();
    // The attendance log: when and with whom.
    fireEvent.click(ui.getByText("Presenças (1)"));
    expect(ui.getByText("02/03/2026, 10:00 · Ana Silva")).toBeTruthy();
    fireEvent.click(
      ui.getByRole("button", { name: "Usar uma sessão nesta consulta: 10 × Physio" }),
    );
    await ui.findByText("Uma sessão deste pacote paga esta consulta.");
    expect(last(office, "PUT", "/appointments/apt_1/package")?.body).toEqual({
      packageId: "pkg_1",
    });
    const sell = ui.getByRole("form", { name: "Vender um pacote" });
    type(within(sell).getByRole("textbox", { name: "Nome" }), "5 × Massagem");
    type(within(sell).getByRole("spinbutton", { name: "Sessões" }), "5");
    type(within(sell).getByRole("textbox", { name: "Preço total" }), "200");
    fireEvent.change(within(sell).getByRole("combobox", { name: "Pago agora com" }), {
      target: { value: "transfer" },
    });
    fireEvent.click(within(sell).getByRole("button", { name: "Vender um pacote" }));
    await ui.findByText("5 × Massagem vendido.");
    expect(last(office, "POST", "/clients/cli_1/packages")?.body).toEqual({
      name: "5 × Massagem",
      sessions: 5,
      price: { total: { amount: 20000, currency: "EUR" } },
      caseId: "case_1",
      payment: { method: "transfer" },
    });
    fireEvent.click(
      ui.getByRole("button", { name: "Reembolsar as sessões não usadas: 10 × Physio" }),
    );
    await ui.findByText("Sessões não usadas reembolsadas.");
    expect(last(office, "POST", "/packages/pkg_1/refund")?.body).toEqual({ method: "cash" });
  });

  it("from a patient: picks their open case and offers the others", async () => {
    const { ui } = open({ clientId: "cli_1" }, "es");
    const select = await ui.findByRole("combobox", { name: "Caso" });
    expect((select as HTMLSelectElement).value).toBe("case_1");
    expect(await ui.findByRole("heading", { name: "Cargos" })).toBeTruthy();
  });

  it("without parameters lists the day's visits with what each owes, each opening its checkout", async () => {
    const office = backOffice();
    server.use(...office.handlers);
    const { root, navigations } = renderSection(CheckoutSection, {});
    const ui = within(root);
    const table = await ui.findByRole("table", { name: /^Visits of / });
    // The canceled visit never reaches the till; the completed one owes what the server says.
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(1);
    await waitFor(() => expect(rows[0]?.textContent).toContain("€45.00 to pay"));
    expect(rows[0]?.textContent).toContain("Physiotherapy session");
    expect(rows[0]?.textContent).toContain("Ana Silva");
    const date = ui.getByLabelText("Day") as HTMLInputElement;
    expect(last(office, "GET", "/views/day")?.query.get("date")).toBe(date.value);
    fireEvent.click(ui.getByRole("button", { name: /^Check out Rita Lopes, / }));
    expect(navigations).toEqual([{ section: "checkout", params: { visitId: "apt_1" } }]);
  });

  it("when what the day's visits owe cannot be read, says the server's reason and tries again", async () => {
    const office = backOffice();
    let failures = 1;
    server.use(
      http.get(`${BASE}/billing/visits`, () =>
        failures-- > 0
          ? HttpResponse.json(
              {
                code: "UNAVAILABLE",
                title: "Unavailable",
                status: 503,
                detail: "The billing service is busy.",
              },
              { status: 503, headers: { "content-type": "application/problem+json" } },
            )
          : undefined,
      ),
      ...office.handlers,
    );
    const { root } = renderSection(CheckoutSection, {});
    const ui = within(root);
    const reason = await ui.findByText("The billing service is busy.");
    const alert = reason.closest<HTMLElement>("[role=alert]");
    if (!alert) throw new Error("the reason is not announced");
    // No table of blank amounts while the money is unknown.
    expect(ui.queryByRole("table")).toBeNull();
    fireEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    const table = await ui.findByRole("table", { name: /^Visits of / });
    await waitFor(() => expect(table.textContent).toContain("€45.00 to pay"));
  });
});
