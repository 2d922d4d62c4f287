// @vitest-environment node
// The patient page ("My visits") end to end in Debian's chromium: the built script-tag bundle
// (dist/bookwell-patient.js) against the real API on PGlite with the real outbox worker. The
// patient asks for a sign-in link, opens it from the e-mail the worker sent (an in-memory inbox
// channel), sees a desk-booked series of 8 and a package balance, and cancels one visit by
// keyboard; axe-core finds nothing on either screen.
import {
  createInboxChannel,
  createOutboxWorker,
  generateApiKey,
  hashSecret,
} from "@bookwell/server-adapter";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.js";
import { axe } from "./page-helpers.js";
import { startRealApi } from "./real-api.js";
import { ensureBuilt, type Running, startStatic } from "./servers.js";

let browser: Browser;
let site: Running & { pages: Record<string, { html: string; csp?: string }> };
let api: Awaited<ReturnType<typeof startRealApi>>;
const contexts: BrowserContext[] = [];
const inbox = createInboxChannel();
let key = "";

async function staff(method: string, path: string, body?: unknown) {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      "x-bookwell-clinic": "lisbon",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

beforeAll(async () => {
  ensureBuilt();
  browser = await launchChromium();
  site = await startStatic({});
  api = await startRealApi({ origin: site.url, clock: () => new Date() });
  key = generateApiKey();
  await api.storage.insertApiKey("lisbon", {
    id: "key-desk",
    name: "desk",
    keyHash: hashSecret(key),
    role: "manager",
    calendarIds: [],
  });
  site.pages["/visits"] = {
    html: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Clínica Exemplo – my visits</title><link rel="icon" href="data:,"></head>
<body><main><h1>Clínica Exemplo</h1>
<script src="/dist/bookwell-patient.js" data-api="${api.url}" data-clinic="lisbon" data-locale="en"></script>
</main></body></html>`,
    csp: `default-src 'none'; script-src 'self'; style-src 'none'; connect-src ${api.url}; img-src data:`,
  };
  site.pages["/join"] = {
    html: site.pages["/visits"].html.replace(
      'data-locale="en">',
      'data-locale="en" data-waitlist-service="physio" data-waitlist-provider="ana">',
    ),
    csp: site.pages["/visits"].csp as string,
  };
  // The desk books a series (the first free Tuesday, then Tuesdays and Thursdays) and sells a package.
  const client = (
    await staff("POST", "/v1/staff/clients", { name: "Ana Sousa", email: "ana@example.com" })
  ).client;
  const from = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 16 * 86_400_000).toISOString().slice(0, 10);
  const slots = (await (
    await fetch(`${api.url}/v1/slots?serviceId=physio&providerId=ana&from=${from}&to=${to}`, {
      headers: { "x-bookwell-clinic": "lisbon" },
    })
  ).json()) as { slots: { start: string }[] };
  const tuesday = slots.slots.find(
    (s) => new Date(s.start).getUTCDay() === 2 && s.start.includes("T10:"),
  );
  if (!tuesday) throw new Error("no Tuesday 10:00 slot");
  const first = await staff("POST", "/v1/staff/appointments", {
    serviceId: "physio",
    providerId: "ana",
    start: tuesday.start,
    clientId: client.id,
  });
  await staff("POST", `/v1/staff/appointments/${first.appointment.id}/repeat`, {
    weekdays: [2, 4],
    weeks: 4,
    mode: "all-valid",
  });
  await staff("POST", `/v1/staff/clients/${client.id}/packages`, {
    name: "10 × Physio",
    sessions: 10,
    price: { total: { amount: 40000, currency: "EUR" } },
    payment: { method: "card" },
  });
}, 15 * 60_000);

afterAll(async () => {
  for (const context of contexts.splice(0)) await context.close();
  await browser?.close();
  await api?.close();
  await site?.close();
});

describe("My visits in a real browser", () => {
  it("signs in by the e-mailed link, shows the series of 8 and the package, cancels and moves a visit by keyboard", async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: "en-GB",
      timezoneId: "Europe/Lisbon",
    });
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    // Ana also waits for a physiotherapy session with Bruno.
    const joined = await fetch(`${api.url}/v1/waitlist`, {
      method: "POST",
      headers: { "x-bookwell-clinic": "lisbon", "content-type": "application/json" },
      body: JSON.stringify({
        serviceId: "physio",
        providerId: "bruno",
        client: { name: "Ana Sousa", email: "ana@example.com" },
      }),
    });
    expect(joined.status).toBe(201);
    await page.goto(`${site.url}/visits`);
    const host = page.locator(".bookwell-my-visits");
    await host.getByRole("heading", { name: "My visits" }).waitFor();
    expect(await axe(page)).toEqual([]);
    await host.getByLabel("E-mail").fill("ana@example.com");
    await host.getByLabel("E-mail").press("Enter");
    await host.getByText(/a sign-in link is on its way/).waitFor();

    const worker = createOutboxWorker({
      storage: api.storage,
      channels: [inbox],
      defaults: { patientUrl: `${site.url}/visits?signin={token}` },
      logError: () => {},
    });
    for (let i = 0; i < 5; i += 1) await worker.runOnce();
    const mail = inbox.messages().find((m) => m.to.email === "ana@example.com");
    expect(mail?.subject).toBe("Your sign-in link to My visits at Clínica Exemplo");
    const link = /https?:\/\/\S+signin=\S+/.exec(mail?.text ?? "")?.[0];
    expect(link).toBeTruthy();

    await page.goto(link as string);
    await host.getByRole("heading", { name: "Upcoming visits" }).waitFor();
    // The token is dropped from the address once used.
    expect(page.url()).not.toContain("signin=");
    const upcoming = host.getByRole("region", { name: "Upcoming visits" }).getByRole("listitem");
    expect(await upcoming.count()).toBe(8);
    await host.getByText("Physiotherapy session: 8 of 8 sessions still ahead").waitFor();
    await host.getByText(/10 × Physio: 0 of 10 used, 10 left/).waitFor();
    expect(await axe(page)).toEqual([]);

    const cancel = host.getByRole("button", { name: /^Cancel Physiotherapy session/ }).first();
    await cancel.focus();
    await page.keyboard.press("Enter");
    await host.getByRole("button", { name: "Yes, cancel it" }).focus();
    await page.keyboard.press("Enter");
    await host.getByText("The visit is canceled.").waitFor();
    await host.getByText("Physiotherapy session: 7 of 7 sessions still ahead").waitFor();

    // Leave the waitlist from the page.
    const leave = host.getByRole("button", {
      name: "Leave the waitlist for Physiotherapy session",
    });
    await leave.focus();
    await page.keyboard.press("Enter");
    await host.getByText("You left the waitlist.").waitFor();
    expect(await host.getByRole("heading", { name: "On the waitlist" }).count()).toBe(0);

    // Move the next visit to the first free time offered, by keyboard.
    const move = host
      .getByRole("button", { name: /^Change the time of Physiotherapy session/ })
      .first();
    const moving = ((await move.textContent()) ?? "").replace("Change the time of ", "");
    await move.focus();
    await page.keyboard.press("Enter");
    const times = host.getByRole("group", { name: `New times for ${moving}` }).getByRole("button");
    await times.first().waitFor();
    const chosen = (await times.first().textContent()) ?? "";
    await times.first().focus();
    await page.keyboard.press("Enter");
    await host.getByText("The visit was moved.").waitFor();
    await host.getByText(`Physiotherapy session, ${chosen}`, { exact: true }).waitFor();
    expect(await host.getByText(moving, { exact: true }).count()).toBe(0);
    expect(await upcoming.count()).toBe(8);
    expect(await axe(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("joins the waitlist, receives the offer when a visit is canceled, and books it", async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 800 },
      locale: "en-GB",
      timezoneId: "Europe/Lisbon",
    });
    contexts.push(context);
    const page = await context.newPage();
    // Rui holds a Wednesday 14:00 with Ana.
    const from = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 16 * 86_400_000).toISOString().slice(0, 10);
    const slots = (await (
      await fetch(`${api.url}/v1/slots?serviceId=physio&providerId=ana&from=${from}&to=${to}`, {
        headers: { "x-bookwell-clinic": "lisbon" },
      })
    ).json()) as { slots: { start: string }[] };
    const wednesday = slots.slots.find(
      (s) => new Date(s.start).getUTCDay() === 3 && s.start.includes("T14:"),
    );
    if (!wednesday) throw new Error("no Wednesday 14:00 slot");
    const booked = await fetch(`${api.url}/v1/bookings`, {
      method: "POST",
      headers: { "x-bookwell-clinic": "lisbon", "content-type": "application/json" },
      body: JSON.stringify({
        serviceId: "physio",
        providerId: "ana",
        start: wednesday.start,
        client: { name: "Rui Lopes", email: "rui@example.com" },
      }),
    });
    expect(booked.status).toBe(201);
    const { manageToken } = (await booked.json()) as { manageToken: string };

    await page.goto(`${site.url}/join`);
    const host = page.locator(".bookwell-my-visits");
    await host.getByRole("heading", { name: "Join the waitlist" }).waitFor();
    expect(await axe(page)).toEqual([]);
    await host.getByLabel("Name").fill("Wanda Reis");
    await host.getByLabel("E-mail").fill("wanda@example.com");
    await host.getByRole("button", { name: "Join the waitlist" }).press("Enter");
    await host.getByText("You are on the waitlist.", { exact: false }).waitFor();

    const canceled = await fetch(`${api.url}/v1/manage/${manageToken}/cancel`, {
      method: "POST",
      headers: { "x-bookwell-clinic": "lisbon", "content-type": "application/json" },
      body: "{}",
    });
    expect(canceled.status).toBe(200);
    const worker = createOutboxWorker({
      storage: api.storage,
      channels: [inbox],
      defaults: { offerUrl: `${site.url}/visits?offer={token}` },
      logError: () => {},
    });
    for (let i = 0; i < 5; i += 1) await worker.runOnce();
    const mail = inbox.messages().find((m) => m.to.email === "wanda@example.com");
    expect(mail?.subject).toMatch(/^A time freed up: Physiotherapy session on /);
    const link = /https?:\/\/\S+offer=\S+/.exec(mail?.text ?? "")?.[0];
    expect(link).toBeTruthy();

    await page.goto(link as string);
    await host.getByRole("heading", { name: "A time freed up for you" }).waitFor();
    await host.getByText(/It is held for you until/).waitFor();
    expect(await axe(page)).toEqual([]);
    await host.getByRole("button", { name: "Book this time" }).press("Enter");
    await host.getByText(/^Booked: /).waitFor();
    const visits = await api.storage.listAppointments("lisbon", { statuses: ["booked"] });
    expect(
      visits.filter(
        (v) =>
          v.start === new Date(wednesday.start).toISOString() &&
          v.contact?.email === "wanda@example.com",
      ),
    ).toHaveLength(1);
  });
});
