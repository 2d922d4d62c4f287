// @vitest-environment node
// End to end in Debian's chromium, in Portuguese: the checkout, reports and audit sections mounted
// on a test page with a strict CSP (as the staff app's shell will mount them), against the real
// API (createBookwellApp on PGlite) and a real SMTP server fed by the real outbox worker. A visit
// is completed → checkout: a package sold and one of its sessions used for the visit, the invoice
// issued and previewed, a card payment → the receipt e-mailed (seen in the SMTP server, invoice
// and receipt PDFs attached, package balance on it) → the month's report shows it → the audit
// trail shows who did it. axe finds nothing at 1280 px and 768 px on every screen.
import { rmSync } from "node:fs";
import {
  createOutboxWorker,
  createSmtpEmailChannel,
  generateApiKey,
  hashSecret,
  type NotificationChannel,
  type OutboxWorker,
} from "@bookwell/server-adapter";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSmtp, type TestSmtp } from "../../../../server-adapter/test/notify/helpers.js";
import { launchChromium } from "../../browser/chromium.js";
import { axeAtWidths, openStaffPage } from "../../browser/page-helpers.js";
import { startRealApi } from "../../browser/real-api.js";
import {
  type Running,
  type Page as SitePage,
  staffTestPage,
  startStatic,
} from "../../browser/servers.js";
import { buildSectionsPage } from "./sections-bundle.js";

/** The API's clock: Monday 9 March 2026, 08:00 in Lisbon (UTC+0 until 29 March). */
const NOW = new Date("2026-03-09T08:00:00Z");
const RITA = "rita.lopes@example.com";

let browser: Browser;
let site: Running & { pages: Record<string, SitePage> };
let api: Awaited<ReturnType<typeof startRealApi>>;
let smtp: TestSmtp;
let email: NotificationChannel;
let worker: OutboxWorker;
let bundle = "";
let key = "";
let clientId = "";
let visitId = "";
const contexts: BrowserContext[] = [];

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${api.url}/v1/staff${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
  return json;
}

function sectionPage(section: string, params: Record<string, string>): SitePage {
  return staffTestPage({
    api: api.url,
    lang: "pt",
    title: section,
    heading: "Receção",
    script: "/bundle/sections.js",
    attributes: `data-api-key="${key}" data-section="${section}" data-locale="pt" data-params='${JSON.stringify(params)}'`,
    app: true,
    blobs: true,
  });
}

beforeAll(async () => {
  bundle = await buildSectionsPage();
  browser = await launchChromium();
  site = await startStatic({}, { "/bundle/": bundle });
  api = await startRealApi({ origin: site.url, clock: () => new Date(NOW) });
  const clinic = await api.storage.getClinic("lisbon");
  if (!clinic) throw new Error("no clinic");
  const { id: _i, version: _v, createdAt: _c, updatedAt: _u, ...settings } = clinic;
  await api.storage.updateClinic("lisbon", { ...settings, locale: "pt-PT", taxId: "PT500000000" });
  key = generateApiKey();
  await api.storage.insertApiKey("lisbon", {
    id: "key-desk",
    name: "front desk",
    keyHash: hashSecret(key),
    role: "front_desk",
    calendarIds: [],
  });
  smtp = await startTestSmtp();
  email = createSmtpEmailChannel({
    host: "127.0.0.1",
    port: smtp.port,
    ignoreTLS: true,
    fromAddress: "recepcao@clinica.test",
    timeoutMs: 5_000,
  });
  worker = createOutboxWorker({
    storage: api.storage,
    channels: [email],
    clock: () => new Date(NOW),
    logError: () => {},
  });
  // A visit is completed.
  clientId = (
    await call("POST", "/clients/intake", {
      name: "Rita Lopes",
      email: RITA,
      createAnyway: true,
    })
  ).client.id;
  visitId = (
    await call("POST", "/appointments", {
      serviceId: "physio",
      providerId: "ana",
      start: "2026-03-10T10:00:00Z",
      clientId,
      overrides: "all-soft",
    })
  ).appointment.id;
  for (const action of ["arrive", "complete"]) {
    await call("POST", `/appointments/${visitId}/status`, { action });
  }
  site.pages["/checkout"] = sectionPage("checkout", { visitId });
  site.pages["/reports"] = sectionPage("reports", { month: "2026-03" });
  site.pages["/audit"] = sectionPage("audit", { clientId });
}, 15 * 60_000);

afterAll(async () => {
  for (const context of contexts.splice(0)) await context.close();
  await browser?.close();
  await email?.close?.();
  await smtp?.close();
  await api?.close();
  await site?.close();
  if (bundle) rmSync(bundle, { recursive: true, force: true });
});

async function open(path: string, heading: string): Promise<{ page: Page; problems: string[] }> {
  const opened = await openStaffPage(browser, `${site.url}${path}`, {
    locale: "pt-PT",
    timezoneId: "Europe/Lisbon",
    contexts,
  });
  await opened.page.getByRole("heading", { level: 2, name: heading }).waitFor();
  return opened;
}

const check = (page: Page, name: string) => axeAtWidths(page, `sections-${name}`);

const status = (page: Page) => page.getByRole("status").first();

describe("checkout, reports and audit in chromium against the real API, in Portuguese", () => {
  it("a completed visit: package session and card payment, receipt e-mailed, in the month's report", async () => {
    const { page, problems } = await open("/checkout", "Faturação");
    await page.getByRole("heading", { name: "Encargos" }).waitFor();
    await page.getByRole("textbox", { name: "Valor de Physiotherapy session" }).waitFor();
    await check(page, "01-checkout");

    // Sell a package (paid later) and let one of its sessions pay for the visit.
    const sell = page.getByRole("form", { name: "Vender um pacote" });
    await sell.getByRole("textbox", { name: "Nome" }).fill("10 × Fisioterapia");
    await sell.getByRole("spinbutton", { name: "Sessões" }).fill("10");
    await sell.getByRole("textbox", { name: "Preço total" }).fill("400");
    await sell.getByRole("button", { name: "Vender um pacote" }).click();
    await expect.poll(() => status(page).textContent()).toBe("10 × Fisioterapia vendido.");
    await page
      .getByRole("button", { name: "Usar uma sessão nesta consulta: 10 × Fisioterapia" })
      .click();
    await page.getByText("Uma sessão deste pacote paga esta consulta.").waitFor();
    // The treatment's charge says why it is void, in Portuguese and with the package's name.
    await page.getByText("(paga por uma sessão de 10 × Fisioterapia)").waitFor();
    // The sale's charge (still editable, so in a text box) is named in Portuguese too.
    await page
      .getByRole("textbox", { name: "Descrição de Pacote: 10 × Fisioterapia (10 sessões)" })
      .waitFor();
    await expect.poll(() => page.getByText(/1 de 10 usadas, faltam 9/).count()).toBe(1);

    // Invoice what is left (the package sale), preview its PDF.
    await page.getByRole("button", { name: "Emitir fatura" }).click();
    await expect.poll(() => status(page).textContent()).toMatch(/^Fatura .+ emitida\.$/);
    const number = /^Fatura (.+) emitida\.$/.exec((await status(page).textContent()) ?? "")?.[1];
    await page.getByRole("button", { name: `Abrir ${number} (PDF)` }).click();
    const preview = page.locator("object[type='application/pdf']");
    await preview.waitFor({ state: "attached" });
    expect(await preview.getAttribute("data")).toMatch(/^blob:/);
    await check(page, "02-invoice");

    // A card payment of what the invoice owes, then the receipt e-mailed.
    const pay = page.getByRole("form", { name: "Registar pagamento" });
    expect(await pay.getByRole("textbox", { name: "Valor" }).inputValue()).toBe("400,00");
    await pay.getByRole("combobox", { name: "Meio de pagamento" }).selectOption("card");
    await pay.getByRole("button", { name: "Registar pagamento" }).click();
    await expect
      .poll(async () => (await status(page).textContent())?.replace(/\s/g, " "))
      .toBe("Pagamento de 400,00 € registado.");
    await page.getByRole("button", { name: /^Enviar recibo por e-mail 400,00\s€$/ }).click();
    await expect
      .poll(() => status(page).textContent())
      .toBe(`Enviado para ${RITA}: sai na próxima passagem da fila de envio.`);
    await check(page, "03-paid");

    // The outbox worker sends it: invoice and receipt PDFs attached, the package on the receipt.
    for (let i = 0; i < 5 && (await worker.runOnce()).claimed > 0; i += 1);
    const mail = smtp.received.find((m) => m.parsed.attachments.length > 0);
    expect(mail?.parsed.to).toMatchObject({ value: [{ address: RITA }] });
    expect(mail?.parsed.subject).toContain(`Fatura ${number}`);
    expect(mail?.parsed.text).toContain("Olá Rita Lopes,");
    expect(mail?.parsed.text).toContain("10 × Fisioterapia: 1 de 10 usadas, faltam 9");
    expect(mail?.parsed.attachments.map((a) => a.contentType)).toEqual([
      "application/pdf",
      "application/pdf",
    ]);
    expect(mail?.parsed.attachments[1]?.filename).toMatch(/^Recibo-.+\.pdf$/);
    expect(mail?.parsed.attachments[1]?.content.toString("latin1")).toMatch(/^%PDF-/);
    expect(problems).toEqual([]);
  });

  it("the month's report shows the visit, the package sale and the payment", async () => {
    const { page, problems } = await open("/reports", "Relatórios");
    await page.getByRole("heading", { name: "Números de março de 2026" }).waitFor();
    const kpi = async (name: string) =>
      (
        await page
          .locator("dt", { hasText: new RegExp(`^${name}$`) })
          .locator("+ dd")
          .textContent()
      )?.replace(/\s/g, " ");
    expect(await kpi("Consultas concluídas")).toBe("1");
    expect(await kpi("Pacientes")).toBe("1");
    expect(await kpi("Receita")).toBe("400,00 €");
    expect(await kpi("Pagamentos recebidos")).toBe("400,00 €");
    await page.getByRole("img", { name: /^Consultas por estado: .*Concluída 1/ }).waitFor();
    await page
      .getByRole("img", { name: /^Receita por terapeuta: .*Clínica \(sem terapeuta\) 400,00\s€/ })
      .waitFor();
    await page.getByText("Tabela de dados").first().click();
    await check(page, "04-report");
    const download = page.waitForEvent("download");
    await page
      .getByRole("button", { name: "Descarregar o relatório de março de 2026 em CSV" })
      .click();
    expect((await download).suggestedFilename()).toBe("report-2026-03.csv");
    expect(problems).toEqual([]);
  });

  it("the audit trail of the patient shows who did what", async () => {
    const { page, problems } = await open("/audit", "Registo de auditoria");
    const table = page.getByRole("table", { name: "Registo de auditoria" });
    await table.waitFor();
    const text = (await table.textContent()) ?? "";
    for (const action of [
      "package.sold",
      "package.assigned",
      "invoice.issued",
      "payment.recorded",
      "payment.emailed",
    ]) {
      expect(text).toContain(action);
    }
    expect(text).toContain("api-key:key-desk");
    await check(page, "05-audit");
    expect(problems).toEqual([]);
  });

  it("without a visit: the day's visits with what each owes, each opening its checkout", async () => {
    // A second visit that day, completed and not paid.
    const owed = (
      await call("POST", "/appointments", {
        serviceId: "physio",
        providerId: "ana",
        start: "2026-03-10T11:00:00Z",
        clientId,
        overrides: "all-soft",
      })
    ).appointment.id as string;
    for (const action of ["arrive", "complete"]) {
      await call("POST", `/appointments/${owed}/status`, { action });
    }
    site.pages["/checkout-day"] = sectionPage("checkout", {});
    const { page, problems } = await open("/checkout-day", "Faturação");
    const billingReads: string[] = [];
    page.on("request", (request) => {
      const path = new URL(request.url()).pathname;
      if (request.method() === "GET" && /billing/.test(path)) billingReads.push(path);
    });
    await page.getByLabel("Dia").fill("2026-03-10");
    const table = page.getByRole("table", { name: /^Consultas de / });
    const row = (time: string) => table.getByRole("row").filter({ hasText: time });
    await expect.poll(() => row("11:00").textContent()).toMatch(/\d,\d\d\s€ por pagar/);
    // The visit a package session paid for in the first journey owes nothing.
    expect(await row("10:00").textContent()).toContain("Sessão de pacote");
    // The day's money came in one request, not one per visit.
    expect(billingReads).toEqual(["/v1/staff/billing/visits"]);
    await check(page, "06-checkout-day");
    await page.getByRole("button", { name: "Cobrar Rita Lopes, 11:00" }).click();
    await page.waitForURL(new RegExp(`/checkout\\?visitId=${owed}$`));
    expect(problems).toEqual([]);
  });
});
