// @bookwell/server-adapter/testing: a fake payment provider on 127.0.0.1 speaking the Stripe REST shapes (payment intents,
// server-side confirm, refunds), recording what it was asked: the test double at the network
// edge of the Stripe-like provider (src/services/back-office/payment-provider.ts).

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

/**
 * Starts the fake provider (secret key `sk_test_123`); `close()` stops it.
 *
 * @example
 * const fake = await startFakeProvider();
 */
export async function startFakeProvider(): Promise<FakeProvider> {
  const requests: FakeProvider["requests"] = [];
  let n = 0;
  let loseRefundAnswer = false;
  const intents = new Map<string, { amount: number; currency: string }>();
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
    if (req.headers.authorization !== "Bearer sk_test_123") {
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
    const confirm = /^\/v1\/payment_intents\/([^/]+)\/confirm$/.exec(path);
    if (confirm) {
      const declined = form.get("payment_method") === "pm_card_declined";
      res.end(
        JSON.stringify({
          id: confirm[1],
          status: declined ? "canceled" : "succeeded",
          latest_charge: `ch_${confirm[1]}`,
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
