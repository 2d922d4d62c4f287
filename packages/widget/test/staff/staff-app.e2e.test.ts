// @vitest-environment node
// End to end in Debian's chromium, in Portuguese: the built staff app (dist/bookwell-staff.js with
// its sections loaded from dist/staff/ on demand) on a page with a strict CSP, against the real
// Bookwell API (createBookwellApp on PGlite) with a front desk key. The desk journey: find a
// returning patient by phone, see their balance and no-shows, book them into a free time, open
// their card from the visit; axe on each screen at 1280 px and at 768 px.
import { generateApiKey, hashSecret } from "@bookwell/server-adapter";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../browser/chromium.js";
import { axeAtWidths, openStaffPage } from "../browser/page-helpers.js";
import { startRealApi } from "../browser/real-api.js";
import {
  ensureBuilt,
  type Running,
  type Page as SitePage,
  staffTestPage,
  startStatic,
} from "../browser/servers.js";

let browser: Browser;
let context: BrowserContext | undefined;
let site: Running & { pages: Record<string, SitePage> };
let api: Awaited<ReturnType<typeof startRealApi>>;
let deskKey = "";
let mariaId = "";

/** A weekday at least two days ahead, so lead time and "past" never interfere. */
function nextWorkday(from = Date.now() + 2 * 86_400_000): string {
  let ms = from;
  for (;;) {
    const d = new Date(ms);
    const wd = d.getUTCDay();
    if (wd >= 1 && wd <= 5) return d.toISOString().slice(0, 10);
    ms += 86_400_000;
  }
}
const DAY = nextWorkday();

function offsetOf(date: string): string {
  const part = new Intl.DateTimeFormat("en-US", {
    timeZone: "Europe/Lisbon",
    timeZoneName: "longOffset",
  })
    .formatToParts(new Date(`${date}T12:00:00Z`))
    .find((p) => p.type === "timeZoneName")?.value;
  const offset = part?.replace("GMT", "") ?? "";
  return offset === "" ? "Z" : offset;
}

// biome-ignore lint/suspicious/noExplicitAny: the test reads arbitrary JSON.
async function desk(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${api.url}/v1/staff${path}`, {
    method,
    headers: {
      authorization: `Bearer ${deskKey}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

beforeAll(async () => {
  ensureBuilt();
  browser = await launchChromium();
  site = await startStatic({});
  // The real time, except while the test marks a visit as missed (only once it has started).
  let shift = 0;
  api = await startRealApi({ origin: site.url, clock: () => new Date(Date.now() + shift) });
  deskKey = generateApiKey();
  await api.storage.insertApiKey("lisbon", {
    id: "key-desk",
    name: "front desk",
    keyHash: hashSecret(deskKey),
    role: "front_desk",
    calendarIds: [],
  });
  // Maria came before: one visit she missed (a no-show) and €12 still to pay.
  const maria = await desk("POST", "/clients/intake", {
    name: "Maria Santos",
    phone: "+351 912 345 678",
    email: "maria.santos@example.test",
  });
  mariaId = maria.client.id;
  await desk("POST", "/clients/intake", { name: "Rui Costa", phone: "+351 933 111 222" });
  const missed = await desk("POST", "/appointments", {
    serviceId: "physio",
    providerId: "ana",
    start: `${DAY}T09:00:00${offsetOf(DAY)}`,
    clientId: mariaId,
  });
  shift = Date.parse(`${DAY}T10:00:00${offsetOf(DAY)}`) - Date.now();
  await desk("POST", `/appointments/${missed.appointment.id}/status`, { action: "no_show" });
  shift = 0;
  const cases = await desk("GET", `/clients/${mariaId}/cases`);
  await desk("POST", `/cases/${cases.cases[0].id}/charges`, {
    description: "Ligadura",
    unitPrice: { amount: 1200, currency: "EUR" },
  });
  site.pages["/desk"] = staffTestPage({
    api: api.url,
    lang: "pt-PT",
    title: "receção",
    heading: "Receção",
    script: "/dist/bookwell-staff.js",
    attributes: `data-api-key="${deskKey}" data-locale="pt-PT" data-date="${DAY}" data-poll-seconds="0"`,
  });
}, 15 * 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await api?.close();
  await site?.close();
});

const check = (page: Page, name: string) => axeAtWidths(page, `staff-app-${name}`);

describe("the front desk in Portuguese, in chromium against the real API", () => {
  it("finds a returning patient by phone, sees balance and no-shows, books a free time, opens the card", async () => {
    const opened = await openStaffPage(browser, `${site.url}/desk`, {
      locale: "pt-PT",
      timezoneId: "Europe/Lisbon",
    });
    context = opened.context;
    const { page, problems } = opened;

    // The shell in Portuguese; the calendar section loads on demand.
    const nav = page.getByRole("navigation", { name: "Secções da equipa" });
    await expect
      .poll(() => nav.getByRole("link").allTextContents())
      .toEqual([
        "Agenda",
        "Pacientes",
        "Lista de espera",
        "Pagamentos",
        "Relatórios",
        "Auditoria",
        "Importar",
      ]);
    await page.locator('[role="grid"]').waitFor();
    expect(await nav.getByRole("link", { name: "Agenda" }).getAttribute("aria-current")).toBe(
      "page",
    );
    await check(page, "01-calendar");

    // Book into a free time: Bruno at 11:00.
    await page.getByRole("gridcell", { name: /^Bruno Costa 11:00/ }).click();
    const panel = page.getByRole("dialog", { name: "Nova marcação" });
    await panel.getByLabel("Procurar paciente (nome, e-mail, telefone ou NIF)").fill("912 345 678");
    const choose = panel.getByRole("button", { name: /^Escolher: Maria Santos/ });
    await choose.waitFor();
    await expect.poll(() => panel.getByRole("status").textContent()).toBe("1 encontrados");
    await check(page, "02-patient-found");
    await choose.click();
    const glance = panel.getByRole("list", { name: "Maria Santos" });
    await expect.poll(() => glance.textContent()).toMatch(/Saldo em dívida: 12,00\s€/);
    expect(await glance.textContent()).toContain("Faltas: 1");
    await check(page, "03-balance-and-no-shows");
    await panel.getByRole("button", { name: "Marcar" }).click();
    const booked = page.getByRole("button", { name: /^11:00–11:45 Maria Santos, .*, marcada$/i });
    await booked.waitFor();
    const stored = (await api.storage.listAppointments("lisbon")).filter(
      (a) => a.clientId === mariaId && a.status === "booked",
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]?.calendarIds).toEqual(["bruno"]);
    // One Maria: the desk booked the returning patient, not a second one.
    expect(
      (await api.storage.listClients("lisbon")).filter((c) => c.name === "Maria Santos"),
    ).toHaveLength(1);

    // The visit panel: phone and e-mail, and the way to the patient's card.
    await booked.click();
    const visit = page.getByRole("dialog", { name: "Maria Santos" });
    await visit.getByRole("link", { name: "+351 912 345 678" }).waitFor();
    await visit.getByRole("link", { name: "maria.santos@example.test" }).waitFor();
    await check(page, "04-visit");
    await visit.getByRole("button", { name: "Abrir a ficha do paciente" }).click();

    // The card (the Patients section loads on demand); the URL keeps it for a reload.
    await page.getByRole("heading", { name: "Maria Santos", level: 2 }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#patients?clientId=${mariaId}`);
    const money = page.getByRole("region", { name: "Pagamentos e saldo" });
    await expect.poll(() => money.textContent()).toMatch(/Saldo em dívida12,00\s€/);
    const attendance = page.getByRole("region", { name: "Consultas", exact: true });
    await expect.poll(() => attendance.textContent()).toMatch(/Faltas1/);
    const upcoming = page.getByRole("region", { name: "Próximas consultas" });
    await expect.poll(() => upcoming.textContent()).toMatch(/Physiotherapy session · Marcada/);
    await check(page, "05-patient-card");

    // Reload: still the card; back: the calendar.
    await page.reload();
    await page.getByRole("heading", { name: "Maria Santos", level: 2 }).waitFor();
    await page.goBack();
    await page.locator('[role="grid"]').waitFor();

    // The waitlist (its own script file, loaded on demand): nobody waits yet.
    await nav.getByRole("link", { name: "Lista de espera" }).click();
    await page.getByRole("heading", { name: "Lista de espera", level: 2 }).waitFor();
    await page.getByText("Ninguém espera com estes filtros.").waitFor();
    expect(new URL(page.url()).hash).toBe("#waitlist");
    await check(page, "06-waitlist");
    expect(problems).toEqual([]);
  }, 180_000);
});
