// @vitest-environment node
// End to end: the real `bookwell serve` command (server-adapter's built dist/cli.js, a spawned
// node process on a fresh PGlite directory, a port the OS picks) serves the staff app, the patient
// page and this package's built files out of the box. Over HTTP: the pages with their strict CSP,
// bookwell.js gzipped with an ETag that answers 304, and no way out of dist/. In Debian's chromium:
// the booking page and the patient page (its sign-in request answered by this server) work under
// their CSP; axe finds nothing on them. The first-manager link it prints, the owner's account and
// the whole setup wizard in the served staff app are the journey of
// test/staff/sections/setup.e2e.test.ts (on its own `bookwell serve`, through ./serve-cli.ts).
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.js";
import { axe } from "./page-helpers.js";
import { type ServeRun, startServe } from "./serve-cli.js";
import { ensureBuilt, PACKAGE } from "./servers.js";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

let serve: ServeRun | undefined;
let url = "";
let setupLink = "";
let output = "";
let browser: Browser | undefined;

beforeAll(async () => {
  ensureBuilt();
  serve = await startServe();
  ({ url, setupLink } = serve);
  output = serve.output();
  browser = await launchChromium();
}, 15 * 60_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

/** A GET whose path is sent exactly as written (a browser or fetch would normalise `..`). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/`, { method: "GET" }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.path = path;
    req.on("error", reject);
    req.end();
  });
}

describe("bookwell serve, out of the box", () => {
  it("finds the widget and prints the first-manager link into its own staff app", () => {
    expect(output).not.toContain("not installed");
    expect(setupLink.startsWith(`${url}/staff/#invite=`)).toBe(true);
  });

  it("serves the staff page, the patient page and the widget's files with a strict CSP, gzip and ETags", async () => {
    for (const [path, script] of [
      ["/staff/", "bookwell-staff.js"],
      ["/patient/", "bookwell-patient.js"],
      ["/book/", "bookwell.js"],
    ] as const) {
      const page = await fetch(`${url}${path}`);
      expect(page.status, path).toBe(200);
      const csp = page.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("default-src 'none'");
      // No page allows inline styles or scripts (the patient page adopts its stylesheet too).
      expect(csp).not.toContain("unsafe-inline");
      const html = await page.text();
      expect(html).toContain('<html lang="en">');
      expect(html).toContain("<title>My clinic — ");
      expect(html).toContain(`<script src="/widget/${script}" data-api="${url}"`);
    }

    const bundle = await fetch(`${url}/widget/bookwell.js`, {
      headers: { "accept-encoding": "gzip" },
    });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(bundle.headers.get("content-encoding")).toBe("gzip");
    expect(bundle.headers.get("cache-control")).toContain("max-age=");
    const body = Buffer.from(await bundle.arrayBuffer());
    // fetch leaves the body as sent when the encoding was asked for by hand: gunzip it ourselves.
    const text = body[0] === 0x1f ? gunzipSync(body).toString() : body.toString();
    expect(text).toBe(readFileSync(join(PACKAGE, "dist/bookwell.js"), "utf8"));
    const etag = bundle.headers.get("etag") ?? "";
    expect(etag).not.toBe("");
    const again = await fetch(`${url}/widget/bookwell.js`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);

    for (const path of [
      "staff/sections/setup.js",
      "staff/locales/pt.js",
      "chunks/times.js",
      "locales/pt.js",
      "bookwell-patient.js",
    ]) {
      const file = await fetch(`${url}/widget/${path}`);
      expect(file.status, path).toBe(200);
      expect(file.headers.get("content-type"), path).toContain("javascript");
      await file.arrayBuffer();
    }
    for (const path of [
      "/widget/../package.json",
      "/widget/%2e%2e/package.json",
      "/widget/..%2fpackage.json",
      "/widget/%2e%2e%2fpackage.json",
      "/widget/chunks/..%2F..%2Fpackage.json",
    ]) {
      const answer = await rawGet(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).not.toContain('"name": "@bookwell/widget"');
    }
  });

  it("the booking page shows the booking widget for the new clinic (no services yet; axe: nothing)", async () => {
    const context = await (browser as Browser).newContext({ locale: "en-GB" });
    try {
      const page: Page = await context.newPage();
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(`console: ${message.text()}`);
      });
      await page.goto(`${url}/book/`);
      await page.getByText("No services can be booked online at the moment.").waitFor();
      await page.evaluate(axeSource);
      expect(await axe(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("the patient page asks for the e-mail and sends the sign-in request to this server (axe: nothing)", async () => {
    const context = await (browser as Browser).newContext({ locale: "en-GB" });
    try {
      const page: Page = await context.newPage();
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(`console: ${message.text()}`);
      });
      await page.goto(`${url}/patient/`);
      const host = page.locator(".bookwell-my-visits");
      await host.getByRole("heading", { name: "My visits" }).waitFor();
      await page.evaluate(axeSource);
      expect(await axe(page)).toEqual([]);
      const asked = page.waitForResponse((r) => r.url() === `${url}/v1/patient/sign-in`);
      await host.getByLabel("E-mail").fill("ana@example.com");
      await host.getByLabel("E-mail").press("Enter");
      expect((await asked).status()).toBe(202);
      await host.getByText(/a sign-in link is on its way/).waitFor();
      expect(await axe(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
