// The 413 of a too-large body over real sockets: the keep-alive connection it came on serves the
// client's next request (the body is read away), or the answer says `Connection: close`.

import http from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bookwellBodyLimit } from "../src/middleware/body-limit.js";
import { defaultMiddlewareChain } from "../src/middleware/chain.js";
import { type BookwellServer, serve } from "../src/node.js";
import { createTestStorage } from "../src/testing.js";
import { bookingBody, seedClinic, testClock } from "./helpers.js";

interface Answer {
  status: number;
  connection: string | undefined;
  reused: boolean;
  body: string;
}

function send(agent: http.Agent, url: string, method: string, body?: string, chunked = false) {
  return new Promise<Answer>((resolve, reject) => {
    const headers: Record<string, string | number> = {};
    if (body !== undefined) {
      headers["content-type"] = "application/json";
      if (!chunked) headers["content-length"] = Buffer.byteLength(body);
    }
    const request = http.request(url, { method, agent, headers }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        text += chunk;
      });
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          connection: response.headers.connection,
          reused: request.reusedSocket,
          body: text,
        }),
      );
    });
    request.on("error", reject);
    request.end(body);
  });
}

const megabyte = JSON.stringify(
  bookingBody({ client: { name: "x".repeat(1_000_000), email: "a@b.co" } }),
);

describe("regression: a 1 MB body got a 413 saying keep-alive, then the connection dropped", () => {
  let server: BookwellServer;
  let closing: BookwellServer;
  beforeAll(async () => {
    const storage = await createTestStorage();
    await seedClinic(storage, "solo");
    server = await serve({
      storage,
      port: 0,
      clock: testClock(),
      rateLimit: false,
      closeStorage: false,
    });
    // The same app, but a refused body is only read away up to 100 kB.
    closing = await serve({
      storage,
      port: 0,
      clock: testClock(),
      rateLimit: false,
      housekeeping: false,
      closeStorage: false,
      middleware: (m) => ({
        ...defaultMiddlewareChain(m),
        app: [m.cors, bookwellBodyLimit({ maxSize: 64 * 1024, discardBytes: 100_000 })],
      }),
    });
  });
  afterAll(async () => {
    await Promise.all([server.close(), closing.close()]);
  });

  for (const chunked of [false, true]) {
    test(`a 1 MB POST ${chunked ? "without Content-Length" : "with Content-Length"} is 413, and the next request on the same keep-alive connection succeeds`, async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const first = await send(agent, `${server.url}/v1/bookings`, "POST", megabyte, chunked);
        expect(first.status).toBe(413);
        expect(first.connection).toBe("keep-alive");
        expect(JSON.parse(first.body)).toMatchObject({
          code: "PAYLOAD_TOO_LARGE",
          maxBytes: 65536,
        });
        const next = await send(agent, `${server.url}/v1/services`, "GET");
        expect(next.status).toBe(200);
        expect(next.reused).toBe(true);
        const booked = await send(
          agent,
          `${server.url}/v1/bookings`,
          "POST",
          JSON.stringify(
            bookingBody({ start: chunked ? "2026-03-04T11:00:00Z" : "2026-03-04T10:00:00Z" }),
          ),
          chunked,
        );
        expect(booked.status).toBe(201);
      } finally {
        agent.destroy();
      }
    });
  }

  test("a body larger than what is read away is 413 with Connection: close, and the client's next request gets a new connection", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send(agent, `${closing.url}/v1/bookings`, "POST", megabyte);
      expect(first.status).toBe(413);
      expect(first.connection).toBe("close");
      const next = await send(agent, `${closing.url}/v1/services`, "GET");
      expect(next.status).toBe(200);
      expect(next.reused).toBe(false);
    } finally {
      agent.destroy();
    }
  });
});
