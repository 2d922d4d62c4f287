// @vitest-environment node
// End to end in Debian's chromium, the acceptance journey: the real `bookwell serve`
// (spawned CLI, ../../browser/serve-cli.ts) on an empty database — "My clinic" in UTC — prints
// the first-manager link; the owner opens it, creates their account and completes the setup
// wizard in the served staff app (/staff/) as a clinic owner in Portugal would: the clinic step in
// English (the clinic's language is English until they choose Portuguese), then, reloaded, in
// Portuguese: 2 therapists with split shifts, 1 room, 3 services (one a class of 6), a service
// edited, Portugal's public holidays imported as closures, time off, message settings; then the
// generated snippet goes on a test website, a patient books the class online through the widget,
// and the staff day grid shows the booking. axe finds nothing on every step (1280 and 768 px); one
// step is done with the keyboard only; the timing of the whole journey is printed. Every wait
// polls for a state (no fixed sleeps), so a busy machine only makes it slower.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../browser/chromium.js";
import { axe, axeAtWidths, focused, tabTo } from "../../browser/page-helpers.js";
import { type ServeRun, startServe } from "../../browser/serve-cli.js";
import {
  ensureBuilt,
  type Running,
  type Page as SitePage,
  startStatic,
} from "../../browser/servers.js";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// The real clock on both sides: the widget corrects its clock by the API's HTTP `Date` header, so
// a fixed API clock would expire every hold at once. Nothing below depends on the date: hours
// start today, the holidays and the time off are next year's.
const YEAR = new Date().getUTCFullYear() + 1;

let browser: Browser;
let site: Running & { pages: Record<string, SitePage> };
let serve: ServeRun;
const contexts: BrowserContext[] = [];

const csp = (apiUrl: string) =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `connect-src ${apiUrl}`,
    "img-src 'self' data: blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");

beforeAll(async () => {
  ensureBuilt();
  serve = await startServe();
  browser = await launchChromium();
  site = await startStatic({});
}, 15 * 60_000);

afterAll(async () => {
  for (const context of contexts.splice(0)) await context.close();
  await browser?.close();
  await serve?.stop();
  await site?.close();
});

async function open(url: string): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 1000 },
    locale: "pt-PT",
    timezoneId: "Europe/Lisbon",
  });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    // Logged by the browser, as expected: the session check before anyone signed in (401) and
    // the server's refusal of the first try without a name (400).
    if (message.type() === "error" && !/status of (400|401)/.test(message.text()))
      problems.push(`console: ${message.text()}`);
  });
  await page.goto(url);
  return { page, problems };
}

/** The served pages allow no inline script: axe goes in through the devtools protocol. */
async function injectAxe(page: Page): Promise<void> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
}

const check = async (page: Page, name: string) => {
  await injectAxe(page);
  await axeAtWidths(page, `setup-${name}`);
};

const status = (page: Page) => page.getByRole("status").first();
const said = (page: Page, text: string | RegExp) =>
  expect.poll(() => status(page).textContent(), { timeout: 20_000 }).toMatch(text);

/** A staff API answer read with the signed-in owner's session cookie. */
async function staffGet<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(`${serve.url}/v1/staff${path}`);
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

describe("the setup wizard in chromium, served by the real `bookwell serve` on an empty database", () => {
  it("a clinic owner sets up a clinic in Portugal, a patient books the class online, the desk sees it", async () => {
    const started = performance.now();
    const timings: Array<[string, number]> = [];
    let last = started;
    const lap = (name: string) => {
      const now = performance.now();
      timings.push([name, Math.round(now - last)]);
      last = now;
    };
    // The link `bookwell serve` printed: the owner sets a password, then their name and e-mail.
    const { page, problems } = await open(serve.setupLink);
    await page.getByRole("heading", { name: "Set your password" }).waitFor();
    await check(page, "00-account");
    await page.getByLabel("New password").fill("clinica sol owner pw");
    await page.getByLabel("Repeat the password").fill("clinica sol owner pw");
    await page.getByLabel("Repeat the password").press("Enter");
    await page.getByLabel("Your name").waitFor();
    await check(page, "00-account-name");
    await page.getByLabel("Your name").fill("Marta Reis");
    await page.getByLabel("E-mail").fill("marta@clinicasol.pt");
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    // Signed in, and the clinic has no services: the staff app opens its Setup section, in the
    // clinic's language (English until step 1 says otherwise).
    await page.getByRole("heading", { level: 2, name: "Set up your clinic" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/staff/");
    const cookie = (await page.context().cookies()).find(
      (c) => c.name === "bookwell_staff_session",
    );
    expect(cookie?.httpOnly).toBe(true);
    lap("account");

    // 1. Clinic: the browser's zone is offered; Portuguese chosen; the website allowed.
    const english = page.getByRole("navigation", { name: "Setup steps" });
    await english.getByRole("button", { name: "1. Clinic (to do)" }).waitFor();
    await check(page, "01-clinic");
    await page.getByRole("textbox", { name: "Clinic name" }).fill("Clínica Sol");
    await page
      .getByRole("textbox", { name: "Address", exact: true })
      .fill("Rua Augusta 100, 1100-053 Lisboa");
    expect(await page.getByRole("textbox", { name: /^Time zone/ }).inputValue()).toBe(
      "Europe/Lisbon",
    );
    await page
      .getByRole("combobox", { name: "Language of messages and documents" })
      .selectOption("pt-PT");
    await page.getByRole("textbox", { name: "Tax ID" }).fill("PT500000000");
    await page.getByRole("textbox", { name: /^Country/ }).fill("pt");
    await page.getByLabel("Brand colour").fill("#00696b");
    await page.getByRole("textbox", { name: /^Logo/ }).fill("https://clinicasol.example/logo.svg");
    const origins = page.getByRole("textbox", {
      name: "Websites that may show the booking widget",
    });
    await origins.fill(`${await origins.inputValue()}\n${site.url}`);
    await page.getByRole("button", { name: "Save" }).click();
    await said(page, "Saved.");
    await english.getByRole("button", { name: "1. Clinic (done)" }).waitFor();
    lap("clinic");

    // The staff app speaks the clinic's language: reloaded on the next step, it is Portuguese.
    await page.goto(`${serve.url}/staff/#setup?step=places`);
    await page.reload();
    await page.getByRole("heading", { level: 2, name: "Configurar a clínica" }).waitFor();
    const steps = page.getByRole("navigation", { name: "Passos da configuração" });
    await steps.getByRole("button", { name: "1. Clínica (feito)" }).waitFor();
    const next = () => page.getByRole("button", { name: "Seguinte" }).click();
    const stepHeading = (name: string) =>
      page.getByRole("heading", { level: 3, name: new RegExp(`^Passo \\d de 7: ${name}$`) });

    // 2. A location and the pilates studio (a room that suits pilates).
    await stepHeading("Locais e salas").waitFor();
    const location = page.getByRole("form", { name: "Adicionar um local" });
    await location.getByRole("textbox", { name: "Nome do local" }).fill("Baixa");
    await location.getByRole("button", { name: "Adicionar um local" }).click();
    await said(page, "Baixa adicionado.");
    const room = page.getByRole("form", { name: "Adicionar uma sala ou equipamento" });
    await room.getByRole("textbox", { name: "Nome" }).fill("Estúdio");
    await room.getByRole("textbox", { name: "Género (o que um serviço pede)" }).fill("estudio");
    await room.getByRole("textbox", { name: "Especialidades" }).fill("pilates");
    await room.getByRole("button", { name: "Adicionar uma sala ou equipamento" }).click();
    await said(page, "Estúdio adicionado.");
    // A second room added by mistake, and removed (nothing is booked in it: the server archives it).
    await room.getByRole("textbox", { name: "Nome" }).fill("Sala 2");
    await room.getByRole("button", { name: "Adicionar uma sala ou equipamento" }).click();
    await said(page, "Sala 2 adicionado.");
    await page.getByRole("button", { name: "Remover Sala 2" }).click();
    const confirm = page.getByRole("group", {
      name: /^Remover Sala 2\? Deixa de poder ser marcado/,
    });
    await confirm.getByRole("button", { name: "Sim, remover" }).click();
    await said(page, "Sala 2 removido.");
    await page.getByRole("button", { name: "Editar Estúdio" }).waitFor();
    // The list is read again after the change: the removed room leaves it.
    await expect.poll(() => page.getByRole("button", { name: "Editar Sala 2" }).count()).toBe(0);
    const sala2 = () => staffGet<{ calendar: { active: boolean } }>(page, "/calendars/sala-2");
    expect((await sala2()).calendar.active).toBe(false);
    // Removed by mistake after all: Restore, in the step's Removed list, brings it back.
    await page.getByRole("button", { name: "Repor Sala 2" }).click();
    await said(page, "Sala 2 está de volta.");
    await page.getByRole("button", { name: "Editar Sala 2" }).waitFor();
    expect((await sala2()).calendar.active).toBe(true);
    // …and removed again: the journey goes on with one room, Sala 2 listed as removed.
    await page.getByRole("button", { name: "Remover Sala 2" }).click();
    await confirm.getByRole("button", { name: "Sim, remover" }).click();
    await said(page, "Sala 2 removido.");
    await page.getByRole("button", { name: "Repor Sala 2" }).waitFor();
    expect((await sala2()).calendar.active).toBe(false);
    await check(page, "02-places");
    lap("places");

    // 3. Team, with the keyboard only: two team members, each with a calendar at Baixa.
    await next();
    await stepHeading("Equipa").waitFor();
    // "Seguinte" moved the focus to the new step's heading.
    await expect.poll(() => focused(page).then((f) => f?.tag)).toBe("h3");
    for (const [name, disciplines, email] of [
      ["Ana Silva", "fisio, pilates", "ana@clinicasol.pt"],
      ["Bruno Costa", "fisio", "bruno@clinicasol.pt"],
    ] as const) {
      await tabTo(page, /^Nome completo$/);
      await page.keyboard.type(name);
      await tabTo(page, /^Especialidades que trata/);
      await page.keyboard.type(disciplines);
      await tabTo(page, /^E-mail para avisos de marcações$/);
      await page.keyboard.type(email);
      await page.keyboard.press("Enter");
      await said(page, `${name} adicionado.`);
      await page.getByRole("heading", { level: 3 }).focus();
    }
    await page.getByText(`Ana Silva — fisio, pilates · Baixa · ana@clinicasol.pt`).waitFor();
    await check(page, "03-team");
    lap("team");

    // 4. Services: an assessment, a session, and a pilates class of 6 in the studio with Ana.
    await next();
    await stepHeading("Serviços").waitFor();
    const service = page.getByRole("form", { name: "Adicionar o serviço" });
    const services = [
      {
        name: "Avaliação inicial",
        category: "Fisioterapia",
        discipline: "fisio",
        duration: "60",
        price: "45",
        deposit: "20",
      },
      {
        name: "Fisioterapia",
        category: "Fisioterapia",
        discipline: "fisio",
        duration: "50",
        price: "35",
        interval: "60",
        extra: "Ligadura funcional",
      },
      {
        name: "Pilates clínico",
        category: "Pilates",
        discipline: "pilates",
        duration: "55",
        price: "15",
        capacity: "6",
        room: "estudio",
        only: "Ana Silva",
      },
    ];
    for (const s of services) {
      await service.getByRole("textbox", { name: "Nome do serviço" }).fill(s.name);
      await service.getByRole("textbox", { name: "Categoria" }).fill(s.category);
      await service.getByRole("combobox", { name: "Especialidade" }).selectOption(s.discipline);
      await service.getByRole("spinbutton", { name: "Duração (minutos)" }).fill(s.duration);
      await service.getByRole("textbox", { name: "Preço", exact: true }).fill(s.price);
      if (s.interval) {
        await service.getByRole("spinbutton", { name: /^Horas de início a cada/ }).fill(s.interval);
      }
      if (s.capacity) {
        await service.getByRole("spinbutton", { name: /^Lugares por horário/ }).fill(s.capacity);
      }
      if (s.room) {
        await service
          .getByRole("combobox", { name: "Precisa de sala ou equipamento" })
          .selectOption(s.room);
      }
      if (s.extra) {
        await service.getByRole("textbox", { name: /^Artigo extra/ }).fill(s.extra);
        await service.getByRole("textbox", { name: "Preço do artigo extra" }).fill("8");
      }
      if (s.only) {
        await service.getByRole("checkbox", { name: "Bruno Costa" }).uncheck();
      }
      if (s.deposit) {
        await service.getByRole("combobox", { name: "Pagamento online" }).selectOption("deposit");
        await service.getByRole("spinbutton", { name: /^Sinal \(%\)/ }).fill(s.deposit);
      }
      await service.getByRole("spinbutton", { name: "Taxa de cancelamento tardio (%)" }).fill("50");
      await service.getByRole("button", { name: "Adicionar o serviço" }).click();
      await said(page, `${s.name} adicionado.`);
    }
    await page.getByText(/Pilates clínico.*aula de 6/).waitFor();
    // The assessment is shortened to 45 minutes in place: the form opens filled.
    await page.getByRole("button", { name: "Editar Avaliação inicial" }).click();
    const edit = page.getByRole("form", { name: "Editar Avaliação inicial" });
    expect(await edit.getByRole("textbox", { name: "Preço", exact: true }).inputValue()).toBe(
      "45,00",
    );
    await edit.getByRole("spinbutton", { name: "Duração (minutos)" }).fill("45");
    await check(page, "04-edit-service");
    await edit.getByRole("button", { name: "Guardar as alterações" }).click();
    await said(page, "Avaliação inicial guardado.");
    await page.getByText(/Avaliação inicial.*45 min/).waitFor();
    const assessment = await staffGet<{
      service: { durationMinutes: number; policies: Record<string, unknown> };
    }>(page, "/services/avaliacao-inicial");
    expect(assessment.service).toMatchObject({ durationMinutes: 45 });
    expect(assessment.service.policies.onlinePayment).toEqual({
      type: "deposit",
      deposit: { type: "percent", basisPoints: 2000 },
    });
    const session = await staffGet<{ service: unknown }>(page, "/services/fisioterapia");
    expect(session.service).toMatchObject({
      durationMinutes: 50,
      slotIntervalMinutes: 60,
      price: { amount: 3500, currency: "EUR" },
      policies: {
        cancellationPolicy: {
          freeUntilHoursBefore: 24,
          lateFee: { type: "percent", basisPoints: 5000 },
        },
        billingItems: [
          { description: "Fisioterapia", unitPrice: { amount: 3500, currency: "EUR" } },
          expect.objectContaining({ description: "Ligadura funcional", coveredByPackage: false }),
        ],
      },
    });
    // A fourth service added by mistake, and removed (nothing is booked: the server archives it).
    await service.getByRole("textbox", { name: "Nome do serviço" }).fill("Massagem");
    await service.getByRole("combobox", { name: "Especialidade" }).selectOption("fisio");
    await service.getByRole("spinbutton", { name: "Duração (minutos)" }).fill("30");
    await service.getByRole("textbox", { name: "Preço", exact: true }).fill("20");
    await service.getByRole("button", { name: "Adicionar o serviço" }).click();
    await said(page, "Massagem adicionado.");
    await page.getByRole("button", { name: "Remover Massagem" }).click();
    await page
      .getByRole("group", { name: /^Remover Massagem\? Deixa de poder ser marcado/ })
      .getByRole("button", { name: "Sim, remover" })
      .click();
    await said(page, "Massagem removido.");
    await expect.poll(() => page.getByRole("button", { name: "Editar Massagem" }).count()).toBe(0);
    const archived = await staffGet<{ service: { active: boolean } }>(page, "/services/massagem");
    expect(archived.service.active).toBe(false);
    await check(page, "04-services");
    lap("services");

    // Back to the team: Bruno's own price for a session, on his catalog.
    await steps.getByRole("button", { name: /^3\. Equipa/ }).click();
    const bruno = page.getByRole("form", { name: "Serviços de Bruno Costa" });
    await bruno.getByRole("textbox", { name: "Preço próprio de Fisioterapia" }).fill("40");
    expect(await bruno.getByRole("checkbox", { name: "Faz Fisioterapia" }).isChecked()).toBe(true);
    expect(await bruno.getByRole("checkbox", { name: "Faz Pilates clínico" }).isChecked()).toBe(
      false,
    );
    await bruno.getByRole("button", { name: "Guardar catálogo" }).click();
    await said(page, "Catálogo de Bruno Costa guardado.");
    await check(page, "04-catalog");
    const catalog = await staffGet<{ services: unknown[] }>(
      page,
      "/providers/bruno-costa-baixa/services",
    );
    expect(catalog.services).toContainEqual(
      expect.objectContaining({
        serviceId: "fisioterapia",
        price: { amount: 4000, currency: "EUR" },
        ownPrice: true,
      }),
    );
    lap("catalog");
    await steps.getByRole("button", { name: /^4\. Serviços/ }).click();

    // 5. Hours: a split shift (09:00–13:00 and 15:00–19:00) for both therapists and the studio,
    // checked first (nothing booked yet), then applied; Liberty Day closed.
    await next();
    await stepHeading("Horários").waitFor();
    for (const day of [
      "segunda-feira",
      "terça-feira",
      "quarta-feira",
      "quinta-feira",
      "sexta-feira",
    ]) {
      await page.getByLabel(`Às, ${day}`, { exact: true }).fill("19:00");
      await page.getByLabel(`Pausa das, ${day}`, { exact: true }).fill("13:00");
      await page.getByLabel(`Pausa às, ${day}`, { exact: true }).fill("15:00");
    }
    await page.getByRole("button", { name: "Verificar o novo horário" }).click();
    await said(page, "Nenhuma consulta marcada fica fora do novo horário de 3 agenda(s).");
    await check(page, "05-hours");
    await page.getByRole("button", { name: "Aplicar o horário" }).click();
    await said(page, "Horário guardado em 3 agenda(s).");
    // Portugal's public holidays of next year (the country is the clinic's, PT, set in step 1),
    // all imported as closures of the three calendars; then shown as already closed.
    const holidays = page.getByRole("form", { name: "Importar feriados" });
    expect(await holidays.getByRole("textbox", { name: /^País/ }).inputValue()).toBe("PT");
    await holidays.getByRole("combobox", { name: "Ano" }).selectOption(String(YEAR));
    await holidays.getByRole("button", { name: "Mostrar os feriados" }).click();
    await said(page, new RegExp(`^\\d+ feriado\\(s\\) em Portugal em ${YEAR}\\.$`));
    const list = page.getByRole("group", { name: `Feriados em Portugal, ${YEAR}` });
    const liberty = list.getByRole("checkbox", { name: /Dia da Liberdade$/ });
    expect(await liberty.isChecked()).toBe(true);
    await check(page, "05-holidays");
    const count = await list.getByRole("checkbox").count();
    await list.getByRole("button", { name: "Fechar nos feriados marcados" }).click();
    await said(page, `Fechado em ${count} data(s).`);
    await list.getByRole("checkbox", { name: /Dia da Liberdade \(já fechado\)$/ }).waitFor();
    const studio = await staffGet<{ calendar: { overrides: unknown[] } }>(
      page,
      "/calendars/estudio",
    );
    expect(studio.calendar.overrides).toContainEqual(
      expect.objectContaining({
        type: "closed",
        date: `${YEAR}-04-25`,
        reason: "Dia da Liberdade",
      }),
    );
    // Bruno's summer holiday, whole days in Lisbon (UTC+1 then).
    const away = page.getByRole("form", { name: "Ausências" });
    await away.getByRole("combobox", { name: "Quem" }).selectOption({ label: "Bruno Costa" });
    await away.getByLabel("De (data)").fill(`${YEAR}-08-03`);
    await away.getByLabel("Até (data, inclusive)").fill(`${YEAR}-08-14`);
    await away.getByRole("button", { name: "Adicionar a ausência" }).click();
    await said(page, "Ausência guardada.");
    const bruno2 = await staffGet<{ calendar: { timeOff: unknown[] } }>(
      page,
      "/calendars/bruno-costa-baixa",
    );
    expect(bruno2.calendar.timeOff).toEqual([
      expect.objectContaining({
        start: `${YEAR}-08-02T23:00:00.000Z`,
        end: `${YEAR}-08-14T23:00:00.000Z`,
      }),
    ]);
    await steps.getByRole("button", { name: "5. Horários (feito)" }).waitFor();
    lap("hours");

    // 6. Messages: reminders 24 h and 2 h before, an own subject previewed.
    await next();
    await stepHeading("Mensagens").waitFor();
    await page.getByRole("spinbutton", { name: "Lembrete 2 (horas antes)" }).fill("2");
    await page
      .getByRole("textbox", { name: "Assunto da confirmação" })
      .fill("A sua consulta na Clínica Sol");
    // The real e-mail, rendered by the server with the typed subject (nothing saved yet).
    const mail = page.getByRole("figure");
    await mail.getByText("A sua consulta na Clínica Sol", { exact: true }).waitFor();
    await mail.getByText(/Olá Maria Santos,/).waitFor();
    await check(page, "06-messages");
    await page.getByRole("button", { name: "Guardar" }).click();
    await said(page, "Guardado.");
    lap("messages");

    // 7. Website: the snippet for this site, the live preview of the widget, the clinic is ready.
    await next();
    await stepHeading("Site").waitFor();
    await page
      .getByRole("textbox", { name: "Onde o seu site serve o bookwell.js" })
      .fill("/dist/bookwell.js");
    await page.getByText("A sua clínica está pronta para marcações online.").waitFor();
    await page
      .getByRole("region", { name: "Pré-visualização ao vivo" })
      .getByRole("button", { name: /^Pilates/ })
      .waitFor({ timeout: 15_000 });
    await check(page, "07-website");
    const snippet = await page.getByRole("textbox", { name: /^Etiqueta script/ }).inputValue();
    expect(snippet).toContain(`data-api="${serve.url}"`);
    expect(snippet).toMatch(/data-clinic="[^"]+"/);
    expect(snippet).toContain('data-locale="pt-PT"');
    expect(snippet).toContain("--bookwell-color-primary:#00696b");
    lap("website");
    expect(problems).toEqual([]);

    // The patient's side: the snippet on the clinic's website; the class booked online.
    site.pages["/"] = {
      html: `<!doctype html>
<html lang="pt">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Clínica Sol – marcar</title><link rel="icon" href="data:,"></head>
<body><main><h1>Clínica Sol</h1>
${snippet}
</main></body></html>`,
      csp: csp(serve.url),
    };
    const patient = await open(`${site.url}/`);
    await patient.page.getByRole("button", { name: /^Pilates$/ }).click();
    // A category with one service may open straight on it.
    const pilates = patient.page.getByRole("button", { name: /^Pilates clínico/ });
    await pilates.or(patient.page.getByRole("grid")).first().waitFor({ timeout: 15_000 });
    if (await pilates.isVisible()) await pilates.click();
    // Late on the month's last working day this month has no free time left: the widget offers
    // the next month.
    const free = patient.page.getByRole("button", { name: /horários? livres?/ }).first();
    const nextMonth = patient.page.getByRole("button", { name: /^Ver / });
    await free.or(nextMonth).first().waitFor({ timeout: 15_000 });
    if (await nextMonth.isVisible()) await nextMonth.click();
    await free.click();
    await patient.page
      .getByRole("button", { name: /^\d\d:\d\d às \d\d:\d\d, / })
      .first()
      .click();
    await patient.page.getByRole("textbox", { name: "Nome completo" }).fill("Rita Lopes");
    await patient.page.getByRole("textbox", { name: "E-mail" }).fill("rita@example.com");
    // A class with a late-cancellation fee asks the patient to accept the policy first.
    const consent = patient.page.getByRole("checkbox", { name: /^Aceito a política/ });
    if (await consent.isVisible()) await consent.check();
    await patient.page.getByRole("button", { name: "Confirmar marcação" }).click();
    await patient.page
      .getByRole("heading", { name: "Consulta marcada" })
      .waitFor({ timeout: 15_000 });
    expect(await axe(patient.page), "axe violations on the confirmation").toEqual([]);
    expect(patient.problems).toEqual([]);
    lap("online booking");

    // The desk: the staff day grid of that day shows the class with Ana, booked online.
    const { appointments } = await staffGet<{
      appointments: Array<{
        serviceId: string;
        calendarIds: string[];
        channel: string;
        start: string;
      }>;
    }>(page, `/appointments?from=${new Date(Date.now() - 86_400_000).toISOString()}`);
    const booked = appointments.filter((a) => a.channel === "online");
    expect(booked).toEqual([
      expect.objectContaining({
        serviceId: "pilates-clinico",
        calendarIds: expect.arrayContaining(["ana-silva-baixa", "estudio"]),
      }),
    ]);
    const date = booked[0]?.start.slice(0, 10) ?? "";
    await page.goto(`${serve.url}/staff/#calendar?date=${date}`);
    await page.reload();
    const grid = page.getByRole("grid").or(page.getByRole("table")).first();
    await grid.waitFor({ timeout: 20_000 });
    await page
      .getByText(/Rita Lopes/)
      .first()
      .waitFor({ timeout: 20_000 });
    await check(page, "08-day-grid");
    lap("day view");
    console.log(
      [
        "setup journey timing (ms):",
        ...timings.map(([name, ms]) => `  ${name.padEnd(16)} ${String(ms).padStart(6)}`),
        `  ${"total".padEnd(16)} ${String(Math.round(performance.now() - started)).padStart(6)}`,
      ].join("\n"),
    );
  }, 300_000);
});
