import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  locatePostgres,
  reportMissingPostgres,
  startTestPostgres,
  type TestPostgres,
} from "@bookwell/server-adapter/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProxy } from "./proxy.ts";
import { type ScaleOut, startScaleOut } from "./scale-out.ts";

// Without PostgreSQL this fails loudly, unless BOOKWELL_ALLOW_NO_POSTGRES=1 says the machine may
// go without; then only the proxy's own tests run (nothing is reported as skipped).
const available = locatePostgres();
if (!available.available) reportMissingPostgres(available.reason);
const describePostgres = available.available ? describe : () => {};

describe("the example proxy", () => {
  const upstreams: Server[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    for (const name of ["a", "b"]) {
      const server = createServer((req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ name, forwardedFor: req.headers["x-forwarded-for"] ?? null }));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      upstreams.push(server);
      urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    }
  });
  afterAll(async () => {
    await Promise.all(upstreams.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it("takes turns and replaces a client's own X-Forwarded-For with the socket address", async () => {
    const proxy = await startProxy(urls);
    try {
      const seen: string[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await fetch(proxy.url, { headers: { "x-forwarded-for": "203.0.113.66" } });
        const body = (await res.json()) as { name: string; forwardedFor: string };
        expect(body.forwardedFor).toBe("127.0.0.1");
        expect(res.headers.get("x-upstream")).toBe(String(i % 2));
        seen.push(body.name);
      }
      expect(seen).toEqual(["a", "b", "a", "b"]);
      expect(proxy.served).toEqual([2, 2]);
    } finally {
      await proxy.close();
    }
  });

  it("answers 502 when an upstream is down", async () => {
    const proxy = await startProxy(["http://127.0.0.1:9"]);
    try {
      expect((await fetch(proxy.url)).status).toBe(502);
    } finally {
      await proxy.close();
    }
  });
});

// A throwaway PostgreSQL, `bookwell init`, two API processes and the proxy, all real.
let postgres: TestPostgres | undefined;
let cluster: ScaleOut;

const day = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

interface Answer {
  status: number;
  upstream: string | null;
  body: Record<string, unknown>;
}

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  return {
    status: res.status,
    upstream: res.headers.get("x-upstream"),
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

const book = (serviceId: string, providerId: string, start: string, i: number) =>
  call(`${cluster.url}/v1/bookings`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": `race-${serviceId}-${i}` },
    body: JSON.stringify({
      serviceId,
      providerId,
      start,
      client: { name: `Patient ${i}`, email: `patient-${serviceId}-${i}@example.com` },
      // Tomorrow's first time may be inside the free cancellation window (a fee from booking):
      // each patient accepted the policy.
      policyConsent: true,
    }),
  });

const tally = (answers: Answer[]) =>
  answers.reduce<Record<number, number>>((acc, a) => {
    acc[a.status] = (acc[a.status] ?? 0) + 1;
    return acc;
  }, {});

async function firstSlot(serviceId: string, providerId: string) {
  const { body } = await call(
    `${cluster.url}/v1/slots?serviceId=${serviceId}&providerId=${providerId}&from=${day(1)}&to=${day(14)}`,
  );
  const slots = body.slots as { start: string; remaining: number }[];
  expect(slots.length).toBeGreaterThan(0);
  return slots[0] as { start: string; remaining: number };
}

describePostgres("two API processes on one PostgreSQL behind a proxy", () => {
  beforeAll(async () => {
    postgres = await startTestPostgres();
    cluster = await startScaleOut({
      databaseUrl: await postgres.createDatabase(),
      processes: 2,
      port: 0,
    });
  });

  afterAll(async () => {
    await cluster?.close();
    await postgres?.stop();
  });

  it("created the clinic once and serve the same catalog from both processes", async () => {
    expect(cluster.apiKey).toMatch(/^bw_sk_/);
    expect(new Set(cluster.processes.map((p) => p.url)).size).toBe(2);
    expect(new Set(cluster.processes.map((p) => p.pid)).size).toBe(2);
    // Each process caches the catalog for up to 2 s, so the one that did not take a write may
    // lag that long behind; then both agree.
    await expect
      .poll(
        async () =>
          Promise.all(
            cluster.processes.map(
              async (p) => ((await call(`${p.url}/v1/services`)).body.services as unknown[]).length,
            ),
          ),
        { timeout: 10_000, interval: 250 },
      )
      .toEqual([8, 8]);
  });

  it("books one slot once: 40 concurrent attempts through both processes, one 201, 39 × 409", async () => {
    const slot = await firstSlot("physio", "ana");
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => book("physio", "ana", slot.start, i)),
    );
    expect(tally(answers)).toEqual({ 201: 1, 409: 39 });
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === "SLOT_TAKEN")).toBe(
      true,
    );
    // The proxy spread the attempts over both processes.
    expect(new Set(answers.map((a) => a.upstream))).toEqual(new Set(["0", "1"]));
    expect(cluster.proxy.served.every((n) => n >= 20)).toBe(true);

    // Each process, asked directly, sees the one booking and no longer offers the time.
    const winner = answers.find((a) => a.status === 201);
    const token = winner?.body.manageToken as string;
    for (const p of cluster.processes) {
      const manage = await call(`${p.url}/v1/manage/${token}`);
      expect(manage.status).toBe(200);
      expect((manage.body.booking as { start: string }).start).toBe(slot.start);
      const staff = await call(
        `${p.url}/v1/staff/appointments?calendarId=ana&from=${day(0)}T00:00:00Z&to=${day(15)}T00:00:00Z`,
        {
          headers: { authorization: `Bearer ${cluster.apiKey}` },
        },
      );
      const mine = (staff.body.appointments as { start: string }[]).filter(
        (a) => Date.parse(a.start) === Date.parse(slot.start),
      );
      expect(mine).toHaveLength(1);
      const { body } = await call(
        `${p.url}/v1/slots?serviceId=physio&providerId=ana&from=${day(1)}&to=${day(14)}`,
      );
      expect((body.slots as { start: string }[]).map((s) => s.start)).not.toContain(slot.start);
    }
  });

  it("fills a class of 6 exactly: 20 concurrent attempts, six 201, fourteen 409", async () => {
    const slot = await firstSlot("pilates", "any");
    expect(slot.remaining).toBe(6);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => book("pilates", "any", slot.start, i)),
    );
    expect(tally(answers)).toEqual({ 201: 6, 409: 14 });
    expect(new Set(answers.map((a) => a.upstream))).toEqual(new Set(["0", "1"]));
  });
});
