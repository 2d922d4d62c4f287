// @vitest-environment node
// End to end in Debian's chromium, in English and in Portuguese: the waitlist section mounted on a
// test page with a strict CSP (as the staff app's shell will mount it), against the real API
// (createBookwellApp on PGlite, its clock fixed). Three patients join the waitlist through the
// public API; the receptionist filters the physiotherapy list by days, sees the two who wait for it
// in line order with what they want, offers the first one a free time the server found (the offer's
// message is in the outbox), and removes the second with a reason (kept in the audit trail). axe
// finds nothing at 1280 px and 768 px on every screen.
import { rmSync } from "node:fs";
import { generateApiKey, hashSecret } from "@bookwell/server-adapter";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
/** The clock the API reads: the patients join a minute apart before NOW, so their line is clear. */
let clockMs = NOW.getTime() - 3 * 60_000;

let browser: Browser;
let site: Running & { pages: Record<string, SitePage> };
let api: Awaited<ReturnType<typeof startRealApi>>;
let bundle = "";
let key = "";
const ids: Record<string, string> = {};
const contexts: BrowserContext[] = [];

async function joinWaitlist(body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${api.url}/v1/waitlist`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-bookwell-clinic": "lisbon" },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (response.status !== 201) throw new Error(`join: ${JSON.stringify(json)}`);
  clockMs += 60_000;
  return json.entry.id;
}

function sectionPage(locale: "en" | "pt", params: Record<string, string>): SitePage {
  return staffTestPage({
    api: api.url,
    lang: locale,
    title: "waitlist",
    heading: locale === "pt" ? "Receção" : "Front desk",
    script: "/bundle/sections.js",
    attributes: `data-api-key="${key}" data-section="waitlist" data-locale="${locale}" data-params='${JSON.stringify(params)}'`,
    app: true,
  });
}

beforeAll(async () => {
  bundle = await buildSectionsPage();
  browser = await launchChromium();
  site = await startStatic({}, { "/bundle/": bundle });
  api = await startRealApi({ origin: site.url, clock: () => new Date(clockMs) });
  key = generateApiKey();
  await api.storage.insertApiKey("lisbon", {
    id: "key-desk",
    name: "front desk",
    keyHash: hashSecret(key),
    role: "front_desk",
    calendarIds: [],
  });
  // Marta wants Ana on Wednesdays; Nuno anyone on Tuesday 10 March; Olga a massage.
  ids.marta = await joinWaitlist({
    serviceId: "physio",
    providerId: "ana",
    weekdays: [3],
    timeOfDay: { from: "09:00", to: "13:00" },
    client: { name: "Marta Reis", email: "marta@example.com", phone: "+351 912 345 678" },
    locale: "pt-PT",
  });
  ids.nuno = await joinWaitlist({
    serviceId: "physio",
    providerId: "any",
    dateFrom: "2026-03-10",
    dateTo: "2026-03-10",
    client: { name: "Nuno Alves", email: "nuno@example.com" },
  });
  ids.olga = await joinWaitlist({
    serviceId: "massage",
    providerId: "any",
    client: { name: "Olga Pinto", email: "olga@example.com" },
  });
  const week = { serviceId: "physio", from: "2026-03-09", to: "2026-03-15" };
  site.pages["/en"] = sectionPage("en", week);
  site.pages["/pt"] = sectionPage("pt", {});
}, 15 * 60_000);

afterAll(async () => {
  for (const context of contexts.splice(0)) await context.close();
  await browser?.close();
  await api?.close();
  await site?.close();
  if (bundle) rmSync(bundle, { recursive: true, force: true });
});

async function open(path: string, heading: string): Promise<{ page: Page; problems: string[] }> {
  const opened = await openStaffPage(browser, `${site.url}${path}`, {
    locale: path === "/pt" ? "pt-PT" : "en-GB",
    timezoneId: "Europe/Lisbon",
    contexts,
  });
  await opened.page.getByRole("heading", { level: 2, name: heading }).waitFor();
  return opened;
}

const check = (page: Page, name: string) => axeAtWidths(page, `waitlist-${name}`);

const headings = (page: Page) => page.getByRole("heading", { level: 3 }).allTextContents();
const said = (page: Page, text: string | RegExp) =>
  page.getByRole("status").filter({ hasText: text });

describe("the waitlist section in chromium against the real API", () => {
  it("in English: the week's physiotherapy line, a free time offered by hand, an entry removed with a reason", async () => {
    const { page, problems } = await open("/en", "Waitlist");
    await said(page, "2 patients waiting").waitFor();
    expect(await headings(page)).toEqual(["1. Marta Reis", "2. Nuno Alves"]);
    const marta = page.getByRole("article", { name: "1. Marta Reis" });
    const wants = (await marta.locator("dt:text-is('Wants') + dd").textContent()) ?? "";
    expect(wants).toBe("Physiotherapy session · with Ana Silva · Wed · 09:00–13:00");
    expect(await marta.getByRole("link", { name: "+351 912 345 678" }).count()).toBe(1);
    expect(await marta.getByText("No offer yet.").count()).toBe(1);
    const nunoWants = page
      .getByRole("article", { name: "2. Nuno Alves" })
      .locator("dt:text-is('Wants') + dd");
    expect(await nunoWants.textContent()).toBe(
      "Physiotherapy session · any therapist · any day · 10 Mar 2026",
    );
    await check(page, "01-list");

    // Only Tuesday 10 March: Marta (Wednesdays) is not in that day's line.
    const filters = page.getByRole("form", { name: "Filters" });
    await filters.getByLabel("From").fill("2026-03-10");
    await filters.getByLabel("To (inclusive)").fill("2026-03-10");
    await filters.getByRole("button", { name: "Show" }).click();
    await said(page, "1 patient waiting").waitFor();
    expect(await headings(page)).toEqual(["1. Nuno Alves"]);
    await filters.getByLabel("From").fill("2026-03-09");
    await filters.getByLabel("To (inclusive)").fill("2026-03-15");
    await filters.getByRole("button", { name: "Show" }).click();
    await said(page, "2 patients waiting").waitFor();

    // Offer Marta the first free time the server finds with Ana this week.
    await marta.getByText("Offer a time to Marta Reis").click();
    const offer = marta.getByRole("form", { name: "Offer a time to Marta Reis" });
    expect(await offer.getByLabel("Therapist").inputValue()).toBe("ana");
    await offer.getByRole("button", { name: "Find free times" }).click();
    await offer.getByText(/^\d+ free times found\.$/).waitFor();
    const time = offer.getByLabel("Free time");
    // The choices are the server's free times of Ana this week, the first one chosen.
    const server = await fetch(
      `${api.url}/v1/staff/slots?serviceId=physio&calendarIds=ana&from=2026-03-09&to=2026-03-15`,
      { headers: { authorization: `Bearer ${key}` } },
    );
    const slots: { start: string }[] = (await server.json()).slots;
    expect(await time.locator("option").count()).toBe(slots.length);
    const start = slots[0]?.start ?? "";
    const when = new Intl.DateTimeFormat("en-GB", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "Europe/Lisbon",
    }).format(new Date(start));
    expect(await time.locator("option").first().textContent()).toBe(`${when} · Ana Silva`);
    await check(page, "02-offer");
    await offer.getByRole("button", { name: "Send the offer" }).click();
    await said(page, `Offered ${when} to Marta Reis; the message is on its way.`).waitFor();
    await marta
      .getByText(`${when}, Ana Silva: open (held until 9 Mar 2026, 08:30)`, { exact: true })
      .waitFor();
    const rows = await api.storage.listOutbox("lisbon");
    const mails = rows.filter(
      (r) => r.type === "notify.waitlist_offer" && r.payload.channel === "email",
    );
    expect(mails).toHaveLength(1);
    const offers = await api.storage.listWaitlistOffers("lisbon", { entryId: ids.marta ?? "" });
    expect(offers.map((o) => [o.status, Date.parse(o.start), o.offeredBy])).toEqual([
      ["open", Date.parse(start), "api-key:key-desk"],
    ]);
    expect(mails[0]?.payload.offerId).toBe(offers[0]?.id);

    // Remove Nuno with a reason: he leaves the line; the reason is in the audit trail.
    const nuno = page.getByRole("article", { name: "2. Nuno Alves" });
    await nuno.getByText("Remove Nuno Alves from the waitlist").click();
    const remove = nuno.getByRole("form", { name: "Remove Nuno Alves from the waitlist" });
    await remove.getByLabel("Reason (kept in the audit trail)").fill("Booked by phone");
    await check(page, "03-remove");
    await remove.getByRole("button", { name: "Remove" }).click();
    await said(page, "Nuno Alves was taken off the waitlist.").waitFor();
    await said(page, "1 patient waiting").waitFor();
    expect(await headings(page)).toEqual(["1. Marta Reis"]);
    const audit = await api.storage.listAudit("lisbon", { entityType: "waitlist_entry" });
    expect(audit.find((a) => a.action === "waitlist.left")).toMatchObject({
      entityId: ids.nuno,
      actor: "api-key:key-desk",
      detail: { reason: "Booked by phone" },
    });
    await check(page, "04-after");
    expect(problems).toEqual([]);
  }, 60_000);

  it("in Portuguese: every service's line, filtered by therapist", async () => {
    const { page, problems } = await open("/pt", "Lista de espera");
    await said(page, "2 pacientes em espera").waitFor();
    expect(await headings(page)).toEqual(["1. Marta Reis", "2. Olga Pinto"]);
    const olga = page.getByRole("article", { name: "2. Olga Pinto" });
    expect((await olga.locator("dt:text-is('Pretende') + dd").textContent()) ?? "").toBe(
      "Sports massage · qualquer terapeuta · qualquer dia",
    );
    const marta = page.getByRole("article", { name: "1. Marta Reis" });
    await marta.getByText(/: aberta \(reservada até /).waitFor();
    await check(page, "05-pt");
    const filters = page.getByRole("form", { name: "Filtros" });
    await filters.getByLabel("Terapeuta").selectOption("bruno");
    await filters.getByRole("button", { name: "Mostrar" }).click();
    // Marta wants Ana; Olga takes anyone (the server decides who would take Bruno).
    await said(page, "1 paciente em espera").waitFor();
    expect(await headings(page)).toEqual(["1. Olga Pinto"]);
    expect(problems).toEqual([]);
  }, 60_000);
});
