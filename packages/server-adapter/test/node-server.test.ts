// The standalone Node server (`serve`) and the `bookwell` command line, over real sockets on
// 127.0.0.1.

import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { serve } from "../src/node.js";
import { createTestStorage } from "../src/testing.js";
import { bookingBody, seedClinic, testClock } from "./helpers.js";
import { startTestSmtp } from "./notify/helpers.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("serve()", () => {
  test("listens on 127.0.0.1 by default, answers over HTTP and closes the storage", async () => {
    const storage = await createTestStorage();
    await seedClinic(storage, "solo");
    const server = await serve({ storage, port: 0, clock: testClock(), rateLimit: false });
    expect(server.hostname).toBe("127.0.0.1");
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const services = await fetch(`${server.url}/v1/services`);
    expect(services.status).toBe(200);
    const booked = await fetch(`${server.url}/v1/bookings`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(bookingBody()),
    });
    expect(booked.status).toBe(201);
    const big = await fetch(`${server.url}/v1/bookings`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(bookingBody({ client: { name: "x".repeat(200_000), email: "a@b.co" } })),
    });
    expect(big.status).toBe(413);
    expect(big.headers.get("content-type")).toBe("application/problem+json");
    await server.close();
    await expect(fetch(`${server.url}/v1/services`)).rejects.toThrow();
    await expect(storage.listClinics()).rejects.toThrow();
  });

  test("the rate limit keys on the socket address of real clients", async () => {
    const storage = await createTestStorage();
    await seedClinic(storage, "solo");
    const server = await serve({
      storage,
      port: 0,
      rateLimit: { capacity: 2, refillPerSecond: 0.01 },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await fetch(`${server.url}/v1/clinic`)).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await server.close();
    }
  });
});

function runCli(
  args: string[],
  onLine?: (line: string, stop: () => void) => void,
  env: Record<string, string> = {},
) {
  const child = spawn(
    process.execPath,
    [
      "--experimental-transform-types",
      "--no-warnings",
      "--import",
      here("./support/register.mjs"),
      here("../src/cli.ts"),
      ...args,
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } },
  );
  let out = "";
  const stop = () => child.kill("SIGTERM");
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    out += text;
    for (const line of text.split("\n")) if (line && onLine) onLine(line, stop);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    child.once("exit", (code) => resolve({ code, out }));
  });
}

describe("bookwell CLI", () => {
  test("help and bad flags", async () => {
    const help = await runCli(["help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("bookwell serve");
    const bad = await runCli(["serve", "--port", "not-a-port"]);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain("--port must be a whole number");
    const unknown = await runCli(["frobnicate"]);
    expect(unknown.code).toBe(2);
  });

  test("serve --smtp-url --mail-from runs the notification worker: a booking's confirmation arrives by SMTP", async () => {
    const smtp = await startTestSmtp();
    const dir = await mkdtemp(join(tmpdir(), "bookwell-cli-mail-"));
    dirs.push(dir);
    const lonely = await runCli([
      "serve",
      "--db",
      join(dir, "x"),
      "--smtp-url",
      "smtp://127.0.0.1:1",
    ]);
    expect(lonely.code).toBe(2);
    expect(lonely.out).toContain("--smtp-url and --mail-from go together");
    let key = "";
    const checks: Promise<void>[] = [];
    const result = await runCli(
      [
        "serve",
        "--db",
        join(dir, "data"),
        "--port",
        "0",
        "--time-zone",
        "Europe/Lisbon",
        "--smtp-url",
        `smtp://127.0.0.1:${smtp.port}`,
        "--mail-from",
        "bookings@clinic.test",
        "--manage-url",
        "https://clinic.test/book?bookwell-manage={token}",
        "--coalesce-minutes",
        "0",
      ],
      (line, stop) => {
        const k = /manager API key \(shown once, store it now\): (\S+)/.exec(line);
        if (k?.[1]) key = k[1];
        const u = /listening on (http:\/\/127\.0\.0\.1:\d+).*notifications: sending e-mail/.exec(
          line,
        );
        if (!u?.[1]) return;
        const url = u[1];
        const staff = (path: string, body: unknown) =>
          fetch(`${url}${path}`, {
            method: "POST",
            headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
            body: JSON.stringify(body),
          });
        checks.push(
          (async () => {
            try {
              const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
                weekday,
                start: "00:00",
                end: "24:00",
              }));
              expect(
                (
                  await staff("/v1/staff/calendars", {
                    id: "ana",
                    kind: "provider",
                    name: "Ana",
                    locationId: "main",
                    disciplines: ["physio"],
                    timeZone: "Europe/Lisbon",
                    weekly,
                  })
                ).status,
              ).toBe(201);
              expect(
                (
                  await staff("/v1/staff/services", {
                    id: "physio",
                    name: "Physio",
                    discipline: "physio",
                    durationMinutes: 60,
                    price: { amount: 3500, currency: "EUR" },
                  })
                ).status,
              ).toBe(201);
              const start = new Date(Date.now() + 3 * 86_400_000);
              start.setUTCHours(10, 0, 0, 0);
              const booked = await fetch(`${url}/v1/bookings`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({
                  serviceId: "physio",
                  providerId: "ana",
                  start: start.toISOString(),
                  client: { name: "Rita", email: "rita@example.com" },
                }),
              });
              expect(booked.status).toBe(201);
              const token = ((await booked.json()) as { manageToken: string }).manageToken;
              for (let i = 0; i < 120 && smtp.received.length === 0; i++)
                await new Promise((r) => setTimeout(r, 500));
              const mail = smtp.received[0];
              expect(mail?.parsed.to).toBeDefined();
              expect(mail?.raw).toContain("rita@example.com");
              expect(mail?.parsed.text).toContain(`bookwell-manage=${token}`);
              expect(mail?.ics).toContain("METHOD:REQUEST");
            } finally {
              stop();
            }
          })(),
        );
      },
    );
    await Promise.all(checks);
    await smtp.close();
    expect(result.code).toBe(0);
  }, 120_000);

  test("serve takes online payments through Stripe from BOOKWELL_STRIPE_* (both or neither)", async () => {
    const half = await runCli(["serve", "--port", "0"], undefined, {
      BOOKWELL_STRIPE_SECRET_KEY: "sk_test_cli",
    });
    expect(half.code).toBe(2);
    expect(half.out).toContain(
      "BOOKWELL_STRIPE_SECRET_KEY and BOOKWELL_STRIPE_WEBHOOK_SECRET go together",
    );
    const secret = await runCli(["serve", "--port", "0"], undefined, {
      BOOKWELL_STRIPE_SECRET_KEY: "sk_test_cli",
      BOOKWELL_STRIPE_WEBHOOK_SECRET: "whsec_cli",
      BOOKWELL_STRIPE_PUBLISHABLE_KEY: "sk_test_cli",
    });
    expect(secret.code).toBe(2);
    expect(secret.out).toContain(
      "BOOKWELL_STRIPE_PUBLISHABLE_KEY must be a publishable key (pk_live_… or pk_test_…)",
    );
    const dir = await mkdtemp(join(tmpdir(), "bookwell-cli-stripe-"));
    dirs.push(dir);
    const statuses: number[] = [];
    const checks: Promise<void>[] = [];
    const result = await runCli(
      ["serve", "--db", join(dir, "data"), "--port", "0"],
      (line, stop) => {
        const u = /listening on (http:\/\/127\.0\.0\.1:\d+) .*online payments: stripe\)/.exec(line);
        if (!u?.[1]) return;
        const url = u[1];
        checks.push(
          (async () => {
            try {
              // The Stripe provider verifies the signature with the SDK: a forged one is 400.
              const forged = await fetch(`${url}/v1/payments/webhooks/stripe`, {
                method: "POST",
                headers: { "stripe-signature": "t=1,v1=00", "content-type": "application/json" },
                body: "{}",
              });
              statuses.push(forged.status);
            } finally {
              stop();
            }
          })(),
        );
      },
      { BOOKWELL_STRIPE_SECRET_KEY: "sk_test_cli", BOOKWELL_STRIPE_WEBHOOK_SECRET: "whsec_cli" },
    );
    await Promise.all(checks);
    expect(result.out).toContain("online payments: stripe");
    expect(statuses).toEqual([400]);
  }, 60_000);

  test("serve --db creates the clinic, a manager key and a first-manager link on first start, serves, stops on SIGTERM", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bookwell-cli-"));
    dirs.push(dir);
    let key = "";
    let link = "";
    let url = "";
    const checks: Promise<void>[] = [];
    const result = await runCli(
      ["serve", "--db", join(dir, "data"), "--port", "0", "--time-zone", "Europe/Lisbon"],
      (line, stop) => {
        const k = /manager API key \(shown once, store it now\): (\S+)/.exec(line);
        if (k?.[1]) key = k[1];
        const l =
          /create the first manager of "My clinic" \(one-time link, valid 72 h\): (\S+)/.exec(line);
        if (l?.[1]) link = l[1];
        const u = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (u?.[1]) {
          url = u[1];
          checks.push(
            (async () => {
              try {
                const clinic = (await (await fetch(`${url}/v1/clinic`)).json()) as {
                  clinic: unknown;
                };
                expect(clinic.clinic).toMatchObject({ id: "clinic", timeZone: "Europe/Lisbon" });
                const me = await fetch(`${url}/v1/staff/me`, {
                  headers: { authorization: `Bearer ${key}` },
                });
                expect(me.status).toBe(200);
                expect(((await me.json()) as { role: string }).role).toBe("manager");
                // The printed link creates the first manager, who is then signed in.
                expect(link).toMatch(new RegExp(`^${url}/staff/#invite=`));
                const accepted = await fetch(`${url}/v1/staff/auth/accept-invite`, {
                  method: "POST",
                  headers: { "content-type": "application/json", "x-bookwell-csrf": "1" },
                  body: JSON.stringify({
                    token: link.split("#invite=")[1],
                    password: "the first manager",
                    email: "owner@clinic.example",
                    name: "Owner",
                  }),
                });
                expect(accepted.status).toBe(200);
                expect(accepted.headers.get("set-cookie")).toMatch(/^bookwell_staff_session=/);
              } finally {
                stop();
              }
            })(),
          );
        }
      },
    );
    await Promise.all(checks);
    expect(key).toMatch(/^bw_sk_[A-Za-z0-9_-]{43}$/);
    expect(url).not.toBe("");
    expect(result.code).toBe(0);
    // The data stays: a second key can be made for the same clinic.
    const second = await runCli([
      "key",
      "create",
      "--db",
      join(dir, "data"),
      "--role",
      "front_desk",
    ]);
    expect(second.code).toBe(0);
    expect(second.out.trim()).toMatch(/^bw_sk_/);
  }, 120_000);
});
