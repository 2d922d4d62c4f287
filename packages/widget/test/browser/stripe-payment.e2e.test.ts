// @vitest-environment node
// End to end in Debian's chromium: the one-script-tag embed takes a deposit with Stripe's card form
// (issue 18). The real Bookwell API on PGlite has the Stripe provider on Stripe's official SDK with
// a publishable key, talking to the fake provider on 127.0.0.1; the page has no payment option.
// Stripe itself is replaced at the edge of the world: https://js.stripe.com/v3/ is served a small
// fake Stripe.js (fixtures/fake-stripe.js), and what it sends to https://api.stripe.com goes to
// the same fake provider, so the intent the server reads is the one the page confirmed. The page
// runs under the CSP docs/widget/embedding.md tells clinics to set for Stripe.
import { readFileSync } from "node:fs";
import { FAKE_PUBLISHABLE_KEY, startFakeProvider } from "@bookwell/server-adapter/testing";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.js";
import {
  axe,
  focusIs,
  liveText,
  openStaffPage,
  screenshots,
  tabTo,
  waitForWidget,
} from "./page-helpers.js";
import { bookUnpaid, startRealApi } from "./real-api.js";
import { ensureBuilt, type Running, scriptPage, startStatic, strictCsp } from "./servers.js";

const FAKE_STRIPE_JS = readFileSync(new URL("./fixtures/fake-stripe.js", import.meta.url), "utf8");

/** The nonce of the page whose CSP allows scripts from other sites by nonce only. */
const NONCE = "bw-test-nonce-7f3a";

/** What docs/widget/embedding.md asks a clinic's CSP to add for Stripe's card form. */
const STRIPE_CSP = {
  "script-src": "https://js.stripe.com",
  "frame-src": "https://js.stripe.com https://hooks.stripe.com",
  "connect-src": "https://api.stripe.com",
} as const;

/** The tests' strict CSP with Stripe's sources added to its directives (or as new ones). */
function withStripe(csp: string): string {
  const directives = csp.split("; ");
  for (const [name, sources] of Object.entries(STRIPE_CSP)) {
    const at = directives.findIndex((d) => d.startsWith(`${name} `));
    if (at >= 0) directives[at] = `${directives[at]} ${sources}`;
    else directives.push(`${name} ${sources}`);
  }
  return directives.join("; ");
}

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
    stripePublishableKey: FAKE_PUBLISHABLE_KEY,
  });
  for (const locale of ["en", "pt"]) {
    // The pt page allows other sites' scripts by nonce alone (no js.stripe.com in script-src):
    // Stripe.js must carry the nonce bookwell.js was given.
    const nonceOnly = locale === "pt";
    const page = scriptPage({
      api: api.url,
      attributes: `data-clinic="lisbon" data-locale="${locale}" data-service="physio" data-provider="ana"${nonceOnly ? ` nonce="${NONCE}"` : ""}`,
    });
    const csp = withStripe(strictCsp(api.url));
    site.pages[`/${locale}`] = {
      html: page.html,
      csp: nonceOnly ? csp.replace(/script-src [^;]*/, `script-src 'self' 'nonce-${NONCE}'`) : csp,
    };
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
): Promise<{ page: Page; problems: string[]; stripeJs: string[] }> {
  const stripeJs: string[] = [];
  const { page, problems } = await openStaffPage(browser, `${site.url}${path}`, {
    viewport: { width, height: 900 },
    timezoneId: "Europe/Lisbon",
    contexts,
    beforeGoto: async (_page, context) => {
      await context.route("https://js.stripe.com/v3/", async (route) => {
        stripeJs.push(route.request().url());
        await route.fulfill({ contentType: "text/javascript", body: FAKE_STRIPE_JS });
      });
      await context.route("https://api.stripe.com/**", async (route) => {
        const request = route.request();
        const answer = await fetch(`${fake.url}${new URL(request.url()).pathname}`, {
          method: request.method(),
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: request.postData() ?? "",
        });
        await route.fulfill({
          status: answer.status,
          contentType: "application/json",
          headers: { "access-control-allow-origin": "*" },
          body: await answer.text(),
        });
      });
    },
  });
  return { page, problems, stripeJs };
}

/** Types a card number into the focused card field, replacing what is there. */
async function typeCard(page: Page, name: RegExp, number: string): Promise<void> {
  await tabTo(page, name, { back: true });
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Backspace");
  await page.keyboard.type(number);
}

const TEXTS = {
  en: {
    days: /days? with free times|No free times/,
    empty: /No free times/,
    next: /^Show /,
    free: /times? free/,
    details: /^Your details$/,
    name: /^Full name$/,
    email: /^E-mail$/,
    consent: /^I accept the cancellation policy$/,
    confirm: /^Confirm booking$/,
    deposit: /Deposit to pay now: €9\.00\. The rest is paid at the clinic\./,
    card: /^Card number$/,
    pay: /^Pay €9\.00$/,
    declined: /The payment did not go through\. Your card was declined\. Try another card\./,
    done: /^You're booked$/,
    depositPaid: /Deposit of €9\.00 paid; the rest at the clinic/,
  },
  pt: {
    days: /dias? com horários livres|Não há horários livres/,
    empty: /Não há horários livres/,
    next: /^Ver /,
    free: /horários? livres?/,
    details: /^Os seus dados$/,
    name: /^Nome completo$/,
    email: /^E-mail$/,
    consent: /^Aceito a política de cancelamento$/,
    confirm: /^Confirmar marcação$/,
    deposit: /Sinal a pagar agora: €\s9,00\. O restante é pago na clínica\./,
    card: /^Número do cartão$/,
    pay: /^Pagar €\s9,00$/,
    declined: /O pagamento não foi concluído\. O cartão foi recusado\. Experimente outro cartão\./,
    done: /^Consulta marcada$/,
    depositPaid: /Sinal de €\s9,00 pago; o restante na clínica/,
  },
} as const;

/** The clinic's theme on the en page (set on the widget's host, as a page's stylesheet would). */
const THEME = {
  "--bookwell-color-primary": "#7a1f5c",
  "--bookwell-color-text": "#222233",
  "--bookwell-font-family": "Georgia, serif",
  "--bookwell-radius": "3px",
} as const;

/** Stripe's `appearance` the card form must be given: the en page's theme, the pt page's defaults. */
const APPEARANCE = {
  en: {
    theme: "stripe",
    variables: {
      colorPrimary: "#7a1f5c",
      colorBackground: "#fff",
      colorText: "rgb(34, 34, 51)",
      colorDanger: "#b42318",
      fontFamily: "Georgia, serif",
      fontSizeBase: "16px",
      borderRadius: "3px",
    },
  },
  pt: {
    theme: "stripe",
    variables: {
      colorPrimary: "#0b5cad",
      colorBackground: "#fff",
      colorText: "rgb(31, 35, 40)",
      colorDanger: "#b42318",
      fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      fontSizeBase: "16px",
      borderRadius: "8px",
    },
  },
} as const;

describe("the script-tag embed takes a deposit with Stripe's card form", () => {
  for (const [locale, width] of [
    ["en", 1280],
    ["pt", 360],
  ] as const) {
    it(`books physiotherapy, a declined card says so, a good one pays the deposit, in ${locale} at ${width} px, zero axe violations`, async () => {
      const t = TEXTS[locale];
      const { page, problems, stripeJs } = await open(`/${locale}`, width);
      if (locale === "en") {
        await page.locator("[data-bookwell-widget]").evaluate((host, theme) => {
          for (const [name, value] of Object.entries(theme)) host.style.setProperty(name, value);
        }, THEME);
      }
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
      await tabTo(page, t.name);
      await page.keyboard.type(`Sofia ${locale}`);
      await tabTo(page, t.email);
      await page.keyboard.type(`sofia-${locale}@example.com`);
      await tabTo(page, t.consent);
      await page.keyboard.press("Space");
      // Stripe.js is loaded only once a payment asks for a card form.
      expect(stripeJs).toEqual([]);
      const before = fake.requests.length;
      await tabTo(page, t.confirm);
      await page.keyboard.press("Enter");

      // The payment step shows the server's deposit and Stripe's card form, in the light DOM
      // (Stripe cannot mount in a shadow root), shown in the step through a slot.
      await waitForWidget(page, t.deposit);
      const field = page.locator(".bw-card-form input");
      await field.waitFor({ timeout: 15_000 });
      expect(
        await field.evaluate((input) => {
          const place = input.closest(".bw-card-form") as HTMLElement;
          return {
            inLightDom: input.getRootNode() === document,
            slotted: place.assignedSlot?.closest(".bw-payment-slot") !== null,
          };
        }),
      ).toEqual({ inLightDom: true, slotted: true });
      expect(stripeJs).toEqual(["https://js.stripe.com/v3/"]);
      // Stripe's form wears the widget's theme (its colours, font and corners), not Stripe's look.
      expect(
        await page.evaluate(
          () => (window as { __fakeStripeElements?: unknown[] }).__fakeStripeElements,
        ),
      ).toEqual([
        // (A bare "en" borrows the clinic's region, en-GB.)
        { locale: locale === "en" ? "en-GB" : locale, appearance: APPEARANCE[locale] },
      ]);
      await page.waitForTimeout(100);
      expect(await axe(page), "axe violations on the card form").toEqual([]);
      await screenshots(page, `stripe-card-form-${locale}`);

      // A declined card: the step says so in the patient's language, the form stays to try again.
      await tabTo(page, t.pay);
      await typeCard(page, t.card, "4000 0000 0000 0002");
      await tabTo(page, t.pay);
      await page.keyboard.press("Enter");
      await waitForWidget(page, t.declined);
      expect(await axe(page), "axe violations on the declined card").toEqual([]);
      await screenshots(page, `stripe-card-declined-${locale}`);

      // A good card: the page confirms with Stripe, the server reads the intent and books it paid.
      await typeCard(page, t.card, "4242 4242 4242 4242");
      await tabTo(page, t.pay);
      await page.keyboard.press("Enter");
      await focusIs(page, t.done, 15_000);
      await waitForWidget(page, t.depositPaid);
      expect(await axe(page), "axe violations on the confirmation").toEqual([]);
      // The card form left with the step; Stripe.js was loaded once.
      expect(await page.locator(".bw-card-form").count()).toBe(0);
      expect(stripeJs).toEqual(["https://js.stripe.com/v3/"]);

      // The server created the intent and, after the page's confirm, read it from Stripe; it never
      // confirmed the card itself (the page did), and recorded the money once.
      const asked = fake.requests.slice(before);
      expect(asked.map((r) => r.path.replace(/pi_\d+/, "pi_N"))).toEqual([
        "/v1/payment_intents",
        "/v1/payment_intents/pi_N/confirm",
        "/v1/payment_intents/pi_N/confirm",
        "/v1/payment_intents/pi_N",
      ]);
      expect(asked[0]?.form.get("amount")).toBe("900");
      expect(asked.slice(1, 3).map((r) => r.form.get("payment_method"))).toEqual([
        "pm_card_chargeDeclined",
        "pm_card_visa",
      ]);
      expect(asked[1]?.form.get("key")).toBe(FAKE_PUBLISHABLE_KEY);
      const visit = (await api.storage.listAppointments("lisbon")).find(
        (a) => a.contact?.email === `sofia-${locale}@example.com`,
      );
      expect(visit).toBeDefined();
      const payments = await api.storage.listPayments("lisbon", { appointmentId: visit?.id ?? "" });
      expect(payments.map((p) => [p.kind, p.method, p.amount.amount])).toEqual([
        ["payment", "online", 900],
      ]);
      // The one console line is Chromium's own for Stripe's 402 answer to the declined card.
      expect(problems).toEqual([
        "console: Failed to load resource: the server responded with a status of 402 (Payment Required)",
      ]);
    }, 120_000);
  }
});

describe("the manage page's Pay now takes the card in Stripe's form too", () => {
  it("shows the card form in the same payment step and pays the deposit due, in pt at 1280 px, zero axe violations", async () => {
    const email = "ines-manage@example.com";
    const token = await bookUnpaid(api.url, email, 5);
    const { page, problems, stripeJs } = await open(
      `/pt?bookwell-manage=${encodeURIComponent(token)}`,
      1280,
    );
    await waitForWidget(page, /Esta consulta pede um sinal de €\s9,00 pago online/);
    expect(stripeJs).toEqual([]);
    await tabTo(page, /^Pagar €\s9,00$/);
    await page.keyboard.press("Enter");
    await page.locator(".bw-card-form input").waitFor({ timeout: 15_000 });
    await page.waitForTimeout(100);
    expect(await axe(page), "axe violations on the manage page's card form").toEqual([]);
    await typeCard(page, /^Número do cartão$/, "4242 4242 4242 4242");
    await tabTo(page, /^Pagar €\s9,00$/);
    await page.keyboard.press("Enter");
    await waitForWidget(page, /Pago online: €\s9,00\./);
    expect(stripeJs).toEqual(["https://js.stripe.com/v3/"]);
    const visit = (await api.storage.listAppointments("lisbon")).find(
      (a) => a.contact?.email === email,
    );
    const payments = await api.storage.listPayments("lisbon", { appointmentId: visit?.id ?? "" });
    expect(payments.map((p) => [p.kind, p.method, p.amount.amount])).toEqual([
      ["payment", "online", 900],
    ]);
    expect(problems).toEqual([]);
  }, 120_000);
});
