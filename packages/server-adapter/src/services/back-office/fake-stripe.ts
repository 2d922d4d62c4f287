// @bookwell/server-adapter/testing: a fake payment provider on 127.0.0.1 speaking the Stripe REST shapes (payment intents,
// server-side confirm, retrieve, refunds), recording what it was asked: the test double at the
// network edge of the Stripe-like provider (src/services/back-office/payment-provider.ts) and of
// the Stripe SDK provider. It also answers what Stripe.js asks in the page: a confirm with the
// publishable key and the intent's client secret (`pk_test_123`), a declined card
// (`pm_card_chargeDeclined`) answered 402 `card_declined` as Stripe does.

import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A fake payment provider speaking the Stripe REST shapes, recording what it was asked. */
export interface FakeProvider {
  url: string;
  requests: { path: string; form: URLSearchParams; idempotencyKey: string | undefined }[];
  /** The next refund is made, but its answer is lost (the connection drops), as on a timeout. */
  loseNextRefundAnswer(): void;
  close(): Promise<void>;
}

/** The fake's publishable key: what Stripe.js sends (form `key`) with the intent's client secret. */
export const FAKE_PUBLISHABLE_KEY = "pk_test_123";

/**
 * Starts the fake provider (secret key `sk_test_123`, publishable key `pk_test_123`); `close()`
 * stops it.
 *
 * @example
 * const fake = await startFakeProvider();
 */
export async function startFakeProvider(): Promise<FakeProvider> {
  const requests: FakeProvider["requests"] = [];
  let n = 0;
  let loseRefundAnswer = false;
  const intents = new Map<string, { amount: number; currency: string; status: string }>();
  const refunds = new Map<string, string>();
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => resolve(body));
    });
  const server: Server = createServer(async (req, res) => {
    const form = new URLSearchParams(await read(req));
    const path = req.url ?? "";
    requests.push({
      path,
      form,
      idempotencyKey: req.headers["idempotency-key"] as string | undefined,
    });
    res.setHeader("content-type", "application/json");
    const confirm = /^\/v1\/payment_intents\/([^/]+)\/confirm$/.exec(path);
    const intentId = confirm?.[1] ?? "";
    // Stripe.js confirms with the publishable key and the intent's client secret, not the secret key.
    const fromPage =
      confirm !== null &&
      form.get("key") === FAKE_PUBLISHABLE_KEY &&
      form.get("client_secret") === `${intentId}_secret`;
    if (req.headers.authorization !== "Bearer sk_test_123" && !fromPage) {
      res.statusCode = 401;
      res.end(JSON.stringify({ error: { message: "bad key" } }));
      return;
    }
    if (path === "/v1/payment_intents") {
      n += 1;
      const id = `pi_${n}`;
      intents.set(id, {
        amount: Number(form.get("amount")),
        currency: String(form.get("currency")),
        status: "requires_payment_method",
      });
      res.end(
        JSON.stringify({
          id,
          client_secret: `${id}_secret`,
          status: "requires_payment_method",
          amount: Number(form.get("amount")),
          currency: form.get("currency"),
        }),
      );
      return;
    }
    const intent = intents.get(intentId);
    if (confirm && fromPage) {
      if (!intent) {
        res.statusCode = 404;
        res.end(JSON.stringify({ error: { message: "No such payment_intent" } }));
        return;
      }
      if (form.get("payment_method") === "pm_card_chargeDeclined") {
        // As Stripe: 402, the intent stays waiting for another card.
        res.statusCode = 402;
        res.end(
          JSON.stringify({
            error: {
              type: "card_error",
              code: "card_declined",
              decline_code: "generic_decline",
              message: "Your card was declined.",
            },
          }),
        );
        return;
      }
      intent.status = "succeeded";
      res.end(JSON.stringify({ id: intentId, status: intent.status, amount: intent.amount }));
      return;
    }
    if (confirm) {
      const declined = form.get("payment_method") === "pm_card_declined";
      if (intent) intent.status = declined ? "canceled" : "succeeded";
      res.end(
        JSON.stringify({
          id: confirm[1],
          status: declined ? "canceled" : "succeeded",
          latest_charge: `ch_${confirm[1]}`,
        }),
      );
      return;
    }
    const retrieve = /^\/v1\/payment_intents\/([^/?]+)$/.exec(path);
    const stored = retrieve ? intents.get(retrieve[1] ?? "") : undefined;
    if (req.method === "GET" && retrieve && stored) {
      res.end(
        JSON.stringify({
          id: retrieve[1],
          status: stored.status,
          amount: stored.amount,
          currency: stored.currency,
          ...(stored.status === "succeeded" ? { latest_charge: `ch_${retrieve[1]}` } : {}),
        }),
      );
      return;
    }
    if (path === "/v1/refunds") {
      // As the real provider: a refund asked again with the same idempotency key is answered
      // with the refund made the first time, not made twice.
      const key = req.headers["idempotency-key"] as string | undefined;
      const made = key ? refunds.get(key) : undefined;
      if (!made) n += 1;
      const answer = made ?? JSON.stringify({ id: `re_${n}`, status: "succeeded" });
      if (key) refunds.set(key, answer);
      if (loseRefundAnswer) {
        loseRefundAnswer = false;
        req.socket.destroy();
        return;
      }
      res.end(answer);
      return;
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ error: { message: "no such route" } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    loseNextRefundAnswer: () => {
      loseRefundAnswer = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
