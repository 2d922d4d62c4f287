// @vitest-environment node
// End to end in Debian's chromium: the one-script-tag embed takes a deposit (issue 18). The real
// Bookwell API on PGlite has a payment provider — the Stripe-like client talking to the fake
// provider on 127.0.0.1 that the server's payment tests use — and the physiotherapy service asks
// a 20 % deposit. The page sets no payment option: the server's booking answer says what to pay,
// the payment step loads as its own chunk, and the server records the money from the provider.
import { startFakeProvider } from "@bookwell/server-adapter/testing";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.js";
import {
  axe,
  focusIs,
  liveText,
  openStaffPage,
  screenshots,
  smallTargets,
  tabTo,
  waitForWidget,
} from "./page-helpers.js";
import { startRealApi } from "./real-api.js";
import { ensureBuilt, type Running, scriptPage, startStatic } from "./servers.js";

let browser: Browser;
let site: Running & { pages: Record<string, { html: string; csp?: string }> };
let api: Awaited<ReturnType<typeof startRealApi>>;
let fake: Awaited<ReturnType<typeof startFakeProvider>>;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ensureBuilt();
  browser = await launchChromium();
  fake = await startFakeProvider();
  site = await startStatic({});
  api = await startRealApi({
    origin: site.url,
    clock: () => new Date(),
    paymentProviderUrl: fake.url,
  });
  for (const locale of ["en", "pt"]) {
    site.pages[`/${locale}`] = scriptPage({
      api: api.url,
      attributes: `data-clinic="lisbon" data-locale="${locale}" data-service="physio" data-provider="ana"`,
    });
  }
}, 15 * 60_000);

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await site?.close();
  await fake?.close();
});

async function open(
  path: string,
  width: number,
): Promise<{ page: Page; problems: string[]; chunks: string[] }> {
  const chunks: string[] = [];
  const { page, problems } = await openStaffPage(browser, `${site.url}${path}`, {
    viewport: { width, height: 900 },
    timezoneId: "Europe/Lisbon",
    contexts,
    beforeGoto: (opened) =>
      void opened.on("request", (request) => {
        const match = /\/dist\/chunks\/([a-z]+)\.js$/.exec(request.url());
        if (match?.[1]) chunks.push(match[1]);
      }),
  });
  return { page, problems, chunks };
}

const TEXTS = {
  en: {
    days: /days? with free times|No free times/,
    empty: /No free times/,
    next: /^Show /,
    free: /times? free/,
    details: /^Your details$/,
    note: /After booking, you pay a deposit of €9\.00 online; the rest at the clinic\./,
    name: /^Full name$/,
    email: /^E-mail$/,
    consent: /^I accept the cancellation policy$/,
    confirm: /^Confirm booking$/,
    deposit: /Deposit to pay now: €9\.00\. The rest is paid at the clinic\./,
    pay: /^Pay €9\.00$/,
    done: /^You're booked$/,
    depositPaid: /Deposit of €9\.00 paid; the rest at the clinic/,
  },
  pt: {
    days: /dias? com horários livres|Não há horários livres/,
    empty: /Não há horários livres/,
    next: /^Ver /,
    free: /horários? livres?/,
    details: /^Os seus dados$/,
    note: /Depois de marcar, paga um sinal de €\s9,00 online; o restante na clínica\./,
    name: /^Nome completo$/,
    email: /^E-mail$/,
    consent: /^Aceito a política de cancelamento$/,
    confirm: /^Confirmar marcação$/,
    deposit: /Sinal a pagar agora: €\s9,00\. O restante é pago na clínica\./,
    pay: /^Pagar €\s9,00$/,
    done: /^Consulta marcada$/,
    depositPaid: /Sinal de €\s9,00 pago; o restante na clínica/,
  },
} as const;

describe("the script-tag embed takes a deposit", () => {
  for (const [locale, width] of [
    ["en", 1280],
    ["pt", 360],
  ] as const) {
    it(`books physiotherapy and pays the 20 % deposit in ${locale} at ${width} px, zero axe violations`, async () => {
      const t = TEXTS[locale];
      const { page, problems, chunks } = await open(`/${locale}`, width);
      await expect.poll(() => liveText(page), { timeout: 15_000 }).toMatch(t.days);
      if (t.empty.test(await liveText(page))) {
        await tabTo(page, t.next);
        await page.keyboard.press("Enter");
        await expect.poll(() => liveText(page), { timeout: 15_000 }).not.toMatch(t.empty);
      }
      await tabTo(page, t.free);
      await page.keyboard.press("Enter");
      await tabTo(page, /^\d\d:\d\d /);
      await page.keyboard.press("Enter");
      await focusIs(page, t.details, 15_000);
      // Before committing, the patient is told what will be paid online (the server's amount).
      await waitForWidget(page, t.note);
      await tabTo(page, t.name);
      await page.keyboard.type(`Rita ${locale}`);
      await tabTo(page, t.email);
      await page.keyboard.type(`rita-${locale}@example.com`);
      // The physiotherapy late fee (50 %) can apply whatever the time: the policy is accepted.
      await tabTo(page, t.consent);
      await page.keyboard.press("Space");
      const before = fake.requests.length;
      await tabTo(page, t.confirm);
      await page.keyboard.press("Enter");

      // The payment step: the server's deposit, not the €45 price; the step is its own chunk.
      await waitForWidget(page, t.deposit);
      expect(chunks).toContain("payment");
      await page.waitForTimeout(100);
      expect(await axe(page), "axe violations on the payment step").toEqual([]);
      expect(await smallTargets(page)).toEqual([]);
      await screenshots(page, `payment-deposit-${locale}`);
      await tabTo(page, t.pay);
      await page.keyboard.press("Enter");
      await focusIs(page, t.done, 15_000);
      await waitForWidget(page, t.depositPaid);
      expect(await axe(page), "axe violations on the confirmation").toEqual([]);

      // The provider was asked for €9.00 and confirmed it; the server recorded it once.
      const asked = fake.requests.slice(before);
      expect(asked.map((r) => r.path.replace(/pi_\d+/, "pi_N"))).toEqual([
        "/v1/payment_intents",
        "/v1/payment_intents/pi_N/confirm",
      ]);
      expect(asked[0]?.form.get("amount")).toBe("900");
      const visit = (await api.storage.listAppointments("lisbon")).find(
        (a) => a.contact?.email === `rita-${locale}@example.com`,
      );
      expect(visit).toBeDefined();
      const payments = await api.storage.listPayments("lisbon", { appointmentId: visit?.id ?? "" });
      expect(payments.map((p) => [p.kind, p.method, p.amount.amount])).toEqual([
        ["payment", "online", 900],
      ]);
      expect(problems).toEqual([]);
    }, 120_000);
  }
});
