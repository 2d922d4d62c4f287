// @vitest-environment node
// End to end in Debian's chromium: the built staff script-tag bundle (dist/bookwell-staff.js) on a
// page with a strict CSP, against the real Bookwell API (createBookwellApp on PGlite) with real
// API keys. Create (with an overlap warning and override), move by keyboard and by pointer with a
// conflict warning and override, a status walk with a rollback, a provider key that sees only its
// calendar, polling that shows another user's change; axe on every step, screenshots at 1280 px.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { generateApiKey, hashSecret } from "@bookwell/server-adapter";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../browser/chromium.js";
import { ARTIFACTS, axe, openStaffPage } from "../browser/page-helpers.js";
import { startRealApi } from "../browser/real-api.js";
import {
  ensureBuilt,
  type Running,
  type Page as SitePage,
  staffTestPage,
  startStatic,
} from "../browser/servers.js";

let browser: Browser;
let site: Running & { pages: Record<string, SitePage> };
let api: Awaited<ReturnType<typeof startRealApi>>;
let managerKey = "";
let providerKey = "";
const contexts: BrowserContext[] = [];

/** A weekday at least two days ahead (Lisbon), so lead time and "past" never interfere. */
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
/** The workday after {@link DAY}: the find-a-time and resize tests start from an empty day. */
const DAY2 = nextWorkday(Date.parse(`${DAY}T12:00:00Z`) + 86_400_000);
const DAY3 = nextWorkday(Date.parse(`${DAY2}T12:00:00Z`) + 86_400_000);

async function key(role: "manager" | "provider", calendarIds: string[]): Promise<string> {
  const secret = generateApiKey();
  await api.storage.insertApiKey("lisbon", {
    id: `key-${role}`,
    name: `${role} key`,
    keyHash: hashSecret(secret),
    role,
    calendarIds,
  });
  return secret;
}

function staffPage(apiKey: string): SitePage {
  return staffTestPage({
    api: api.url,
    lang: "en",
    title: "front desk",
    heading: "Front desk",
    script: "/dist/bookwell-staff.js",
    attributes: `data-api-key="${apiKey}" data-date="${DAY}" data-poll-seconds="2"`,
  });
}

beforeAll(async () => {
  ensureBuilt();
  browser = await launchChromium();
  site = await startStatic({});
  api = await startRealApi({ origin: site.url, clock: () => new Date() });
  managerKey = await key("manager", []);
  providerKey = await key("provider", ["ana"]);
  site.pages["/desk"] = staffPage(managerKey);
  site.pages["/ana"] = staffPage(providerKey);
}, 15 * 60_000);

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await site?.close();
});

async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const opened = await openStaffPage(browser, `${site.url}${path}`, {
    timezoneId: "Europe/Lisbon",
    // The browser logs the refusals the test provokes on purpose (soft violations answer 422).
    expectedErrors: /status of 422/,
    contexts,
  });
  await opened.page.locator('[role="grid"]').waitFor();
  return opened;
}

async function check(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(100);
  expect(await axe(page), `axe violations on ${name}`).toEqual([]);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `staff-${name}-1280.png`), fullPage: true });
}

/** Enters a new patient in the booking panel (name and phone; the desk needs one way to reach them). */
async function newPatient(panel: ReturnType<Page["getByRole"]>, name: string, phone: string) {
  await panel.getByRole("button", { name: "New patient" }).click();
  await panel.getByLabel("Name", { exact: true }).fill(name);
  await panel.getByLabel("Phone").fill(phone);
}

const cell = (page: Page, name: string) =>
  page.getByRole("gridcell", { name: new RegExp(`^${name}`) });
const block = (page: Page, name: RegExp) => page.getByRole("button", { name });

describe("staff calendar in chromium against the real API", () => {
  it("books, warns about an overlap, moves by keyboard and pointer, walks statuses", async () => {
    const { page, problems } = await open("/desk");
    const headers = page.getByRole("columnheader");
    await expect
      .poll(() => headers.allTextContents())
      .toEqual(["Time", "Ana Silvaprovider", "Bruno Costaprovider"]);
    await expect.poll(() => cell(page, "Ana Silva 12:15, break").count()).toBe(1);
    await check(page, "01-empty-day");

    // Create on a free cell.
    await cell(page, "Ana Silva 10:00, on shift").click();
    const panel = page.getByRole("dialog", { name: "New appointment" });
    await panel.getByLabel("Service").selectOption("physio");
    await newPatient(panel, "Maria Santos", "+351 912 000 001");
    await panel.getByRole("button", { name: "Book" }).click();
    await block(page, /^10:00–10:45 Maria Santos, Physiotherapy session, booked$/i).waitFor();

    // A second visit overlapping the first: a soft warning, then "override and book".
    const covered = cell(page, "Ana Silva 10:15, on shift");
    const box = await covered.boundingBox();
    // The block covers most of the cell; the free strip on its right books an overlap.
    await covered.click({ position: { x: (box?.width ?? 100) - 5, y: 10 } });
    await panel.getByLabel("Service").selectOption("physio");
    await newPatient(panel, "João Lima", "+351 912 000 002");
    await panel.getByRole("button", { name: "Book" }).click();
    const warning = panel.getByRole("alert");
    await expect
      .poll(() => warning.textContent())
      .toMatch(
        /Warning: .*Ana Silva already has a visit at that time\. Staff may book it anyway\./s,
      );
    await check(page, "02-overlap-warning");
    await panel.getByRole("button", { name: "Override and book" }).click();
    const joao = block(page, /^10:15–11:00 João Lima, Physiotherapy session, booked$/i);
    await joao.waitFor();
    // Side by side: each takes about half of Ana's column.
    const maria = block(page, /^10:00–10:45 Maria Santos/);
    const [a, b] = [await maria.boundingBox(), await joao.boundingBox()];
    expect(a && b && b.x >= a.x + a.width - 2).toBe(true);
    await check(page, "03-side-by-side");

    // Move Maria to Bruno by keyboard: M, ArrowRight, Enter.
    await maria.focus();
    await page.keyboard.press("m");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator('[data-cell$=":1"] [data-appointment]').count()).toBe(1);
    await page.getByRole("button", { name: /^Rebooked 1$/ }).waitFor();
    await expect.poll(() => page.locator('[data-moving="true"]').count()).toBe(0);

    // Drag João (Ana 10:15) onto Bruno's column: overlaps Maria there → warning → override.
    const from = await joao.boundingBox();
    const brunoHead = await page.getByRole("columnheader", { name: /Bruno Costa/ }).boundingBox();
    if (!from || !brunoHead) throw new Error("no boxes");
    await page.mouse.move(from.x + 10, from.y + 8);
    await page.mouse.down();
    await page.mouse.move(from.x + 60, from.y + 8, { steps: 3 });
    await page.mouse.move(brunoHead.x + brunoHead.width - 20, from.y + 8, { steps: 5 });
    await page.mouse.up();
    const refused = page.getByRole("alert").filter({ hasText: "already has a visit" });
    await refused.waitFor();
    await check(page, "04-move-conflict");
    await page.getByRole("button", { name: "Override and move" }).click();
    await expect.poll(() => page.locator('[data-cell$=":1"] [data-appointment]').count()).toBe(2);
    await expect.poll(() => page.locator('[data-cell$=":0"] [data-appointment]').count()).toBe(0);

    // The rebooked originals are hidden by default; the status bar toggles them.
    const rebooked = page.getByRole("button", { name: /^Rebooked 2$/ });
    await expect.poll(() => rebooked.getAttribute("aria-pressed")).toBe("false");
    await rebooked.click();
    await expect.poll(() => page.locator('[data-cell$=":0"] [data-appointment]').count()).toBe(2);
    await rebooked.click();

    // Status walk on Maria: confirm, arrive, start, then roll back to arrived.
    await block(page, /^10:00–10:45 Maria Santos/).click();
    const details = page.getByRole("dialog", { name: "Maria Santos" });
    for (const [action, status] of [
      ["Confirm", "confirmed"],
      ["Mark arrived", "arrived"],
      ["Start", "started"],
      ["Undo last status", "arrived"],
    ] as const) {
      await details.getByRole("button", { name: action, exact: true }).click();
      await block(
        page,
        new RegExp(`Maria Santos, Physiotherapy session, ${status}$`, "i"),
      ).waitFor();
    }
    await expect
      .poll(() => details.getByRole("list", { name: "Audit trail" }).textContent())
      .toMatch(/rollback|status/i);
    await expect.poll(() => page.getByRole("button", { name: /^Arrived 1$/ }).count()).toBe(1);
    await check(page, "05-status-panel");

    // The panel shows the visit's case and package; repeat it weekly with a result per date.
    await expect
      .poll(() => details.getByLabel("Case and package").textContent())
      .toMatch(/^Case.+Package.+Charges/);
    // Weekly × 3 weeks: this visit and two more.
    await details.getByRole("spinbutton", { name: "Weeks" }).fill("3");
    await details.getByRole("button", { name: "Check dates" }).click();
    const perDate = details.getByRole("list", { name: "Result per date" }).getByRole("listitem");
    await expect.poll(() => perDate.count()).toBe(2);
    expect(await perDate.allTextContents()).toEqual([
      expect.stringMatching(/ 10:00 — free$/),
      expect.stringMatching(/ 10:00 — free$/),
    ]);
    await check(page, "05b-repeat-plan");
    await details.getByRole("button", { name: "Book all valid (2)" }).click();
    await expect
      .poll(() => perDate.allTextContents())
      .toEqual([
        expect.stringMatching(/ 10:00 — booked$/),
        expect.stringMatching(/ 10:00 — booked$/),
      ]);
    const series = (await api.storage.listAppointments("lisbon")).filter(
      (x) => x.copiedFromId !== undefined,
    );
    expect(series).toHaveLength(2);

    // The week view lists the day's visits per calendar.
    await page.getByRole("button", { name: "Week", exact: true }).click();
    const week = page.getByRole("table", { name: /Week of/ });
    await week.getByRole("button", { name: /Maria Santos, Arrived/ }).waitFor();
    await check(page, "06-week");
    await page.getByRole("button", { name: "Week", exact: true }).click();
    await page.locator('[role="grid"]').waitFor();

    // Another user books meanwhile: the grid picks it up by polling.
    const response = await fetch(`${api.url}/v1/staff/appointments`, {
      method: "POST",
      headers: { authorization: `Bearer ${managerKey}`, "content-type": "application/json" },
      body: JSON.stringify({
        serviceId: "massage",
        providerId: "ana",
        start: `${DAY}T15:00:00${offsetOf(DAY)}`,
        client: { name: "Rita Alves" },
      }),
    });
    expect(response.status).toBe(201);
    await block(page, /^15:00–16:00 Rita Alves, Sports massage, booked$/i).waitFor({
      timeout: 10_000,
    });
    expect(problems).toEqual([]);
  }, 120_000);

  it("finds a time across calendars by keyboard and books it from the result", async () => {
    const { page, problems } = await open("/desk");
    const findButton = page.getByRole("button", { name: "Find a time" });
    await findButton.focus();
    await page.keyboard.press("Enter");
    const finder = page.getByRole("dialog", { name: "Find a time" });
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.id))
      .toBe("bw-s-find");
    await finder.getByLabel("Service").selectOption("physio");
    await finder.getByLabel("From").fill(DAY2);
    await finder.getByLabel("To").fill(DAY2);
    await finder.getByRole("radio", { name: "Chosen calendars" }).focus();
    await page.keyboard.press("Space");
    await finder.getByRole("checkbox", { name: "Bruno Costa" }).focus();
    await page.keyboard.press("Space");
    await finder.getByRole("button", { name: "Search" }).focus();
    await page.keyboard.press("Enter");
    const times = finder.getByRole("list", { name: "Free times" }).getByRole("button");
    // 09:00–17:00 with a break 12–13, 45 minutes every hour: 09, 10, 11, 13, 14, 15, 16.
    await expect.poll(() => times.count()).toBe(7);
    await expect.poll(() => finder.getByRole("status").textContent()).toBe("Free times found: 7.");
    expect(await times.first().textContent()).toMatch(/ 09:00–09:45, Bruno Costa$/);
    await check(page, "08-find-a-time");

    // Choosing a time opens the create panel at that day, time and calendar.
    await times.nth(1).focus();
    await page.keyboard.press("Enter");
    const create = page.getByRole("dialog", { name: "New appointment" });
    await expect.poll(() => create.textContent()).toMatch(/Bruno Costa, .+, 10:00/);
    await expect.poll(() => create.getByLabel("Service").inputValue()).toBe("physio");
    await newPatient(create, "Eva Rocha", "+351 912 000 003");
    await page.keyboard.press("Enter");
    await block(page, /^10:00–10:45 Eva Rocha, Physiotherapy session, booked$/i).waitFor();
    const booked = (await api.storage.listAppointments("lisbon")).filter(
      (x) => x.calendarIds[0] === "bruno" && new Date(x.start).toISOString().startsWith(DAY2),
    );
    expect(booked).toHaveLength(1);
    await check(page, "09-found-and-booked");

    // Searched again, the booked time is gone.
    await findButton.click();
    await expect.poll(() => times.count()).toBe(6);
    expect(await times.allTextContents()).not.toContainEqual(expect.stringMatching(/10:00–10:45/));
    expect(problems).toEqual([]);
  }, 90_000);

  it("resizes by keyboard with a conflict warning and override, and by dragging the bottom edge", async () => {
    const bookVia = async (providerId: string, time: string, name: string) => {
      const res = await fetch(`${api.url}/v1/staff/appointments`, {
        method: "POST",
        headers: { authorization: `Bearer ${managerKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          serviceId: "physio",
          providerId,
          start: `${DAY3}T${time}:00${offsetOf(DAY3)}`,
          client: { name },
        }),
      });
      expect(res.status).toBe(201);
    };
    await bookVia("ana", "09:00", "Rui Costa");
    await bookVia("ana", "10:00", "Sara Lopes");
    await bookVia("bruno", "14:00", "Tiago Reis");
    const { page, problems } = await open("/desk");
    await page.getByLabel("Date").fill(DAY3);
    const rui = block(page, /^09:00–09:45 Rui Costa, Physiotherapy session, booked$/i);
    await rui.waitFor();

    // Shift+Down twice: ends 10:15 (pending, named and announced), Enter: the overlap warning.
    await rui.focus();
    await page.keyboard.press("Shift+ArrowDown");
    await page.keyboard.press("Shift+ArrowDown");
    await block(page, /^09:00–10:15 Rui Costa/).waitFor();
    await expect
      .poll(() => page.getByRole("status").first().textContent())
      .toBe("Ends 10:15, 75 minutes. Enter saves, Escape cancels.");
    await page.keyboard.press("Enter");
    const warning = page.getByRole("alert").filter({ hasText: "already has a visit" });
    await expect
      .poll(() => warning.textContent())
      .toMatch(/Warning: Resize to end at 10:15 \(75 minutes\): .*Ana Silva already has a visit/s);
    await check(page, "10-resize-conflict");
    await warning.getByRole("button", { name: "Override and resize" }).focus();
    await page.keyboard.press("Enter");
    await block(page, /^09:00–10:15 Rui Costa, Physiotherapy session, booked$/i).waitFor();
    await expect.poll(() => page.getByRole("alert").count()).toBe(0);
    const stored = await api.storage.listAppointments("lisbon");
    const resized = stored.find(
      (x) =>
        x.status === "booked" &&
        x.rebookedFromId !== undefined &&
        new Date(x.start).toISOString().startsWith(DAY3),
    );
    expect(resized?.allowOverlap).toBe(true);
    expect(resized && (Date.parse(resized.end) - Date.parse(resized.start)) / 60_000).toBe(75);

    // Drag Tiago's bottom edge one row down: 14:00–15:00, no conflict, saved at once.
    const tiago = block(page, /^14:00–14:45 Tiago Reis/);
    await tiago.scrollIntoViewIfNeeded();
    const grip = await tiago.locator("[data-resize]").boundingBox();
    if (!grip) throw new Error("no grip");
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
    await page.mouse.down();
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2 + 13, { steps: 2 });
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2 + 26, { steps: 3 });
    await page.mouse.up();
    await block(page, /^14:00–15:00 Tiago Reis, Physiotherapy session, booked$/i).waitFor();
    await check(page, "11-resized");
    expect(problems.filter((p) => !/status of 409/.test(p))).toEqual([]);
  }, 90_000);

  it("regression: in forced colors (Windows high contrast) working hours, breaks and the move target still show", async () => {
    const { page, problems } = await open("/desk");
    await page.emulateMedia({ forcedColors: "active" });
    // Forced colors drop the grey fill of the hours off and the stripes of breaks and time off:
    // the grid keeps its own patterns there, drawn in system colours.
    const looks = await page.evaluate(() => {
      const root = [...document.querySelectorAll("*")].find((el) =>
        el.shadowRoot?.querySelector(".bw-s-cell"),
      )?.shadowRoot;
      const out: { on: string[]; off: string[] } = { on: [], off: [] };
      for (const cell of root?.querySelectorAll<HTMLElement>(".bw-s-cell") ?? []) {
        const plain = cell.matches(".bw-s-on:not(.bw-s-break):not(.bw-s-away)");
        const kind = plain ? "on" : "off";
        const image = getComputedStyle(cell).backgroundImage;
        if (!out[kind].includes(image)) out[kind].push(image);
      }
      return out;
    });
    expect(looks.on).toEqual(["none"]);
    expect(looks.off.length).toBeGreaterThan(0);
    expect(looks.off.every((image) => image.startsWith("repeating-linear-gradient"))).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({
      path: join(ARTIFACTS, "staff-forced-colors-1280.png"),
      fullPage: true,
    });
    expect(problems).toEqual([]);
  }, 60_000);

  it("shows a provider key only its granted calendar", async () => {
    const { page, problems } = await open("/ana");
    const headers = page.getByRole("columnheader");
    await expect.poll(() => headers.allTextContents()).toEqual(["Time", "Ana Silvaprovider"]);
    await expect.poll(() => page.getByText("Provider: 1 calendar").count()).toBe(1);
    await check(page, "07-provider");
    expect(problems).toEqual([]);
  }, 60_000);
});

/** The Lisbon offset on a date, as "+01:00" or "Z". */
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
