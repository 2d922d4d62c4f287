// @vitest-environment node
// End to end in Debian's chromium: "Pay now" on the manage page (issue 18). A visit booked for
// the physiotherapy service, which asks a 20 % deposit online, whose payment was never made (the
// patient left the payment step): the e-mailed manage link shows what is due and why, and a Pay
// button that opens the booking flow's own payment step (its own chunk); after paying, the page
// shows it paid, and a free cancellation then says the deposit was refunded. The real Bookwell API on PGlite with the Stripe-like client talking to the fake
// provider on 127.0.0.1 — the network edge only.
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
import { bookUnpaid, startRealApi } from "./real-api.js";
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
      attributes: `data-clinic="lisbon" data-locale="${locale}"`,
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

async function clean(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(100);
  expect(await axe(page), `axe violations on ${name}`).toEqual([]);
  expect(await smallTargets(page), `targets under 24×24 px on ${name}`).toEqual([]);
  await screenshots(page, name);
}

const TEXTS = {
  en: {
    due: /A deposit of €9\.00 is due online for this visit; the rest is paid at the clinic\./,
    pay: /^Pay €9\.00$/,
    heading: /^Payment$/,
    step: /Deposit to pay now: €9\.00\. The rest is paid at the clinic\./,
    paid: /Paid online: €9\.00\./,
    change: /Change the time/,
    cancel: /^Cancel the appointment$/,
    confirmCancel: /^Yes, cancel it$/,
    refunded: /€9\.00 was refunded to your card\./,
  },
  pt: {
    due: /Esta consulta pede um sinal de €\s9,00 pago online; o restante é pago na clínica\./,
    pay: /^Pagar €\s9,00$/,
    heading: /^Pagamento$/,
    step: /Sinal a pagar agora: €\s9,00\. O restante é pago na clínica\./,
    paid: /Pago online: €\s9,00\./,
    change: /Alterar o horário/,
    cancel: /^Cancelar a consulta$/,
    confirmCancel: /^Sim, cancelar$/,
    refunded: /Foram reembolsados €\s9,00 no seu cartão\./,
  },
} as const;

describe("the manage page takes a payment that is due", () => {
  let n = 0;
  for (const locale of ["en", "pt"] as const) {
    for (const width of [360, 1280]) {
      it(`shows the deposit due, pays it, shows it paid, then a free cancel says it was refunded, in ${locale} at ${width} px, zero axe violations`, async () => {
        const t = TEXTS[locale];
        n += 1;
        const email = `rui-${locale}-${width}@example.com`;
        const token = await bookUnpaid(api.url, email, 3 + n * 2);
        const { page, problems, chunks } = await open(
          `/${locale}?bookwell-manage=${encodeURIComponent(token)}`,
          width,
        );
        await waitForWidget(page, t.due);
        // The payment chunk loads only when the patient chooses to pay.
        expect(chunks).toEqual(["manage"]);
        await clean(page, `manage-pay-due-${locale}-${width}`);

        const before = fake.requests.length;
        await tabTo(page, t.pay);
        await page.keyboard.press("Enter");
        await focusIs(page, t.heading, 15_000);
        await waitForWidget(page, t.step);
        expect(chunks).toContain("payment");
        await clean(page, `manage-pay-step-${locale}-${width}`);
        await tabTo(page, t.pay);
        await page.keyboard.press("Enter");

        await waitForWidget(page, t.paid);
        await expect.poll(() => liveText(page), { timeout: 15_000 }).toMatch(t.paid);
        await waitForWidget(page, t.change);
        await clean(page, `manage-pay-paid-${locale}-${width}`);

        // The provider was asked for €9.00 once and confirmed it; the server recorded it once.
        const asked = fake.requests.slice(before);
        expect(asked.map((r) => r.path.replace(/pi_\d+/, "pi_N"))).toEqual([
          "/v1/payment_intents",
          "/v1/payment_intents/pi_N/confirm",
        ]);
        expect(asked[0]?.form.get("amount")).toBe("900");
        const visit = (await api.storage.listAppointments("lisbon")).find(
          (a) => a.contact?.email === email,
        );
        const payments = await api.storage.listPayments("lisbon", {
          appointmentId: visit?.id ?? "",
        });
        expect(payments.map((p) => [p.kind, p.method, p.amount.amount])).toEqual([
          ["payment", "online", 900],
        ]);

        // Days ahead, inside the free window: canceling refunds the deposit, and the page says so.
        await tabTo(page, t.cancel);
        await page.keyboard.press("Enter");
        await tabTo(page, t.confirmCancel);
        await page.keyboard.press("Enter");
        await waitForWidget(page, t.refunded);
        await clean(page, `manage-pay-refunded-${locale}-${width}`);
        const after = await api.storage.listPayments("lisbon", { appointmentId: visit?.id ?? "" });
        expect(after.map((p) => [p.kind, p.method, p.amount.amount])).toEqual([
          ["payment", "online", 900],
          ["refund", "online", 900],
        ]);
        expect(
          fake.requests
            .filter((r) => r.path === "/v1/refunds")
            .at(-1)
            ?.form.get("amount"),
        ).toBe("900");
        expect(problems).toEqual([]);
      }, 120_000);
    }
  }
});
