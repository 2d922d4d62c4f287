// @vitest-environment node
// End to end in Debian's chromium, in Portuguese: a clinic owner sets up an empty clinic in the
// setup section's first-run wizard (mounted on a staff page as the shell will mount it) against
// the real API on an empty PGlite database — as `bookwell serve` leaves it: "My clinic" in UTC,
// a manager key, the staff page's origin allowed. Clinic in Portugal, 2 therapists with split
// shifts, 1 room, 3 services (one a class of 6), a public holiday, message settings; then the
// generated snippet goes on a test website, a patient books the class online through the widget,
// and the staff day view shows the booking. axe finds nothing on every step (1280 and 768 px);
// one step is done with the keyboard only; the timing of the whole journey is printed.
import { rmSync } from "node:fs";
import { generateApiKey, hashSecret, type Storage } from "@bookwell/server-adapter";
import { serve } from "@bookwell/server-adapter/node";
import { createPgliteStorage } from "@bookwell/server-adapter/pglite";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../browser/chromium.js";
import { axe, axeAtWidths, focused, tabTo } from "../../browser/page-helpers.js";
import {
  ensureBuilt,
  type Running,
  type Page as SitePage,
  startStatic,
} from "../../browser/servers.js";
import { buildSectionsPage } from "./sections-bundle.js";

// The real clock on both sides, as in the widget's booking test: the widget corrects its clock by
// the API's HTTP `Date` header (Node's own, real time), so a fixed API clock would expire every
// hold at once. Nothing below depends on the date: hours start today, the holiday and the time
// off are next year's.
const YEAR = new Date().getUTCFullYear() + 1;
const HOLIDAY = `${YEAR}-04-25`;

let browser: Browser;
let desk: Running & { pages: Record<string, SitePage> };
let site: Running & { pages: Record<string, SitePage> };
let api: Running & { storage: Storage };
let bundle = "";
let key = "";
const contexts: BrowserContext[] = [];

const csp = (apiUrl: string, styles = "'self'") =>
  [
    "default-src 'none'",
    "script-src 'self'",
    `style-src ${styles}`,
    `connect-src ${apiUrl}`,
    "img-src 'self' data: blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");

beforeAll(async () => {
  ensureBuilt();
  bundle = await buildSectionsPage();
  browser = await launchChromium();
  desk = await startStatic({}, { "/bundle/": bundle });
  site = await startStatic({});
  // An empty database as `bookwell serve` leaves it: one clinic, nothing in it, a manager key.
  const storage = await createPgliteStorage();
  await storage.createClinic({
    id: "clinic",
    name: "My clinic",
    timeZone: "UTC",
    locale: "en",
    currency: "EUR",
    allowedOrigins: [desk.url],
  });
  key = generateApiKey();
  await storage.insertApiKey("clinic", {
    id: "key-owner",
    name: "First manager key",
    keyHash: hashSecret(key),
    role: "manager",
    calendarIds: [],
  });
  const server = await serve({
    storage,
    port: 0,
    clock: () => new Date(),
    rateLimit: false,
    logError: (error: unknown) => console.error("[bookwell api]", error),
  });
  api = { url: server.url, close: () => server.close(), storage };
  desk.pages["/setup"] = {
    html: `<!doctype html>
<html lang="pt">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bookwell – configuração</title><link rel="icon" href="data:,"></head>
<body>
<main>
<h1>Bookwell</h1>
<div id="app"></div>
<script src="/bundle/sections.js" data-api="${api.url}" data-api-key="${key}" data-section="setup" data-locale="pt" data-time-zone="UTC"></script>
</main>
</body>
</html>`,
    csp: csp(api.url),
  };
}, 15 * 60_000);

afterAll(async () => {
  for (const context of contexts.splice(0)) await context.close();
  await browser?.close();
  await api?.close();
  await api?.storage.close();
  await desk?.close();
  await site?.close();
  if (bundle) rmSync(bundle, { recursive: true, force: true });
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
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  await page.goto(url);
  return { page, problems };
}

const check = (page: Page, name: string) => axeAtWidths(page, `setup-${name}`);

const status = (page: Page) => page.getByRole("status").first();
const said = (page: Page, text: string | RegExp) =>
  expect.poll(() => status(page).textContent(), { timeout: 10_000 }).toMatch(text);

describe("the setup wizard in chromium against the real API on an empty database, in Portuguese", () => {
  it("a clinic owner sets up a clinic in Portugal, a patient books the class online, the desk sees it", async () => {
    const started = performance.now();
    const timings: Array<[string, number]> = [];
    let last = started;
    const lap = (name: string) => {
      const now = performance.now();
      timings.push([name, Math.round(now - last)]);
      last = now;
    };
    const { page, problems } = await open(`${desk.url}/setup`);
    await page.getByRole("heading", { level: 2, name: "Configurar a clínica" }).waitFor();
    const steps = page.getByRole("navigation", { name: "Passos da configuração" });
    await steps.getByRole("button", { name: "1. Clínica (por fazer)" }).waitFor();
    const next = () => page.getByRole("button", { name: "Seguinte" }).click();
    const stepHeading = (name: string) =>
      page.getByRole("heading", { level: 3, name: new RegExp(`^Passo \\d de 7: ${name}$`) });

    // 1. Clinic: the browser's zone is offered; the website is added to the allowed origins.
    await check(page, "01-clinic");
    await page.getByRole("textbox", { name: "Nome da clínica" }).fill("Clínica Sol");
    await page.getByRole("textbox", { name: "Morada" }).fill("Rua Augusta 100, 1100-053 Lisboa");
    expect(await page.getByRole("textbox", { name: "Fuso horário" }).inputValue()).toBe(
      "Europe/Lisbon",
    );
    await page
      .getByRole("combobox", { name: "Língua das mensagens e documentos" })
      .selectOption("pt-PT");
    await page.getByRole("textbox", { name: "NIF" }).fill("PT500000000");
    await page.getByLabel("Cor da marca").fill("#00696b");
    await page
      .getByRole("textbox", { name: /^Logótipo/ })
      .fill("https://clinicasol.example/logo.svg");
    const origins = page.getByRole("textbox", {
      name: "Sites que podem mostrar a marcação online",
    });
    await origins.fill(`${await origins.inputValue()}\n${site.url}`);
    await page.getByRole("button", { name: "Guardar" }).click();
    await said(page, "Guardado.");
    await steps.getByRole("button", { name: "1. Clínica (feito)" }).waitFor();
    lap("clinic");

    // 2. A location and the pilates studio (a room that suits pilates).
    await next();
    await stepHeading("Locais e salas").waitFor();
    await expect.poll(() => focused(page).then((f) => f?.tag)).toBe("h3");
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
    await check(page, "02-places");
    lap("places");

    // 3. Team, with the keyboard only: two team members, each with a calendar at Baixa.
    await next();
    await stepHeading("Equipa").waitFor();
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
    const assessment = await fetch(`${api.url}/v1/staff/services/avaliacao-inicial`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect((await assessment.json()).service.policies.onlinePayment).toEqual({
      type: "deposit",
      deposit: { type: "percent", basisPoints: 2000 },
    });
    const session = await fetch(`${api.url}/v1/staff/services/fisioterapia`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect((await session.json()).service).toMatchObject({
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
    const catalog = await fetch(`${api.url}/v1/staff/providers/bruno-costa-baixa/services`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect((await catalog.json()).services).toContainEqual(
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
    const closures = page.getByRole("form", { name: "Encerramentos e feriados" });
    await closures.getByRole("textbox", { name: /^Fechado em/ }).fill(HOLIDAY);
    await closures.getByRole("textbox", { name: "Motivo" }).fill("Dia da Liberdade");
    await closures.getByRole("button", { name: "Fechar nestas datas" }).click();
    await said(page, "Fechado em 1 data(s).");
    // Bruno's summer holiday, whole days in Lisbon (UTC+1 then).
    const away = page.getByRole("form", { name: "Ausências" });
    await away.getByRole("combobox", { name: "Quem" }).selectOption({ label: "Bruno Costa" });
    await away.getByLabel("De (data)").fill(`${YEAR}-08-03`);
    await away.getByLabel("Até (data, inclusive)").fill(`${YEAR}-08-14`);
    await away.getByRole("button", { name: "Adicionar a ausência" }).click();
    await said(page, "Ausência guardada.");
    expect((await api.storage.getCalendar("clinic", "bruno-costa-baixa"))?.timeOff).toEqual([
      { start: `${YEAR}-08-02T23:00:00.000Z`, end: `${YEAR}-08-14T23:00:00.000Z` },
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
    expect(snippet).toContain(`data-api="${api.url}"`);
    expect(snippet).toContain('data-clinic="clinic"');
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
      csp: csp(api.url, "'self' 'unsafe-inline'"),
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

    // The desk: the staff day view of that day shows the class with Ana and the studio.
    const [booked] = (await api.storage.listAppointments("clinic")).filter(
      (a) => a.channel === "online",
    );
    expect(booked).toBeDefined();
    const date = booked?.start.slice(0, 10) ?? "";
    const day0 = await fetch(`${api.url}/v1/staff/views/day?date=${date}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(day0.status).toBe(200);
    const view = (await day0.json()) as {
      appointments: Array<{ serviceId: string; calendarIds: string[]; channel: string }>;
    };
    expect(view.appointments).toEqual([
      expect.objectContaining({
        serviceId: "pilates-clinico",
        channel: "online",
        calendarIds: expect.arrayContaining(["ana-silva-baixa", "estudio"]),
      }),
    ]);
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
