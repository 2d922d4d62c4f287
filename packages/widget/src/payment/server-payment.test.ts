// serverPayment at its network edge (the `fetch` it is given): a card form gets the visit's intent
// before Pay and Pay reuses it; after the page's card form, the server is asked to check the intent
// with a fresh key each time, so a good card after a declined one is checked again, not replayed.
import { describe, expect, it } from "vitest";
import type { Booking } from "../api/types.js";
import type { PaymentRequest } from "../options.js";
import { serverPayment } from "./server-payment.js";

interface Sent {
  path: string;
  key: string;
  body: unknown;
}

/** A server whose checks answer the given statuses in turn. */
function server(checks: string[]) {
  const sent: Sent[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    const path = new URL(String(url)).pathname;
    const headers = init?.headers as Record<string, string>;
    sent.push({
      path,
      key: headers["idempotency-key"] ?? "",
      body: JSON.parse(String(init?.body)),
    });
    const intent = {
      intentId: "pi_1",
      provider: "stripe",
      amount: { amount: 900, currency: "EUR" },
      clientSecret: "pi_x_secret",
      cardForm: { sdk: "stripe", publishableKey: "pk_test_1" },
    };
    if (path.endsWith("/payment-intents")) {
      return Response.json({ ...intent, status: "requires_payment" }, { status: 201 });
    }
    return Response.json({ ...intent, status: checks.shift() ?? "failed" });
  };
  return { sent, fetch: fetch as typeof globalThis.fetch };
}

function request(): PaymentRequest {
  return {
    booking: { id: "bk-1" } as Booking,
    manageToken: "tok-1",
    amount: { amount: 900, currency: "EUR" },
    locale: "pt",
    container: document.createElement("div"),
    signal: new AbortController().signal,
  };
}

describe("serverPayment with a card form in the page", () => {
  it("gives the form the intent before Pay, then checks it on the server with a fresh key each time", async () => {
    const api = server(["requires_payment", "succeeded"]);
    let early: unknown = null;
    let formReady: Promise<void> = Promise.resolve();
    const provider = serverPayment({
      api: "https://api.example/",
      fetch: api.fetch,
      render(_request, intent) {
        formReady = intent().then((made) => {
          early = made;
        });
        return undefined;
      },
      complete: async () => ({ status: "check-on-server" }),
    });
    const req = request();
    provider.render?.(req);
    await formReady;
    expect(early).toMatchObject({
      intentId: "pi_1",
      clientSecret: "pi_x_secret",
      cardForm: { sdk: "stripe", publishableKey: "pk_test_1" },
    });

    // The server still sees the intent waiting (declined in the page): not paid.
    expect(await provider.collect(req)).toEqual({ status: "failed", message: "" });
    // Another card: checked again, and now paid.
    expect(await provider.collect(req)).toEqual({ status: "paid", reference: "pi_1" });

    const creates = api.sent.filter((s) => s.path.endsWith("/payment-intents"));
    const checks = api.sent.filter((s) => s.path.endsWith("/confirm"));
    // The form's intent is Pay's: one creation for the form and the first Pay, replayed (same
    // key) by the second Pay.
    expect(creates).toHaveLength(2);
    expect(new Set(creates.map((s) => s.key)).size).toBe(1);
    expect(checks.map((s) => [s.path, s.body])).toEqual([
      ["/v1/manage/tok-1/payment-intents/pi_1/confirm", {}],
      ["/v1/manage/tok-1/payment-intents/pi_1/confirm", {}],
    ]);
    expect(checks[0]?.key).not.toBe(checks[1]?.key);
    expect(checks.map((s) => s.key)).not.toContain(creates[0]?.key);
  });
});
