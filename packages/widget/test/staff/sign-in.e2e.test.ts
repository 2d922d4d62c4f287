// @vitest-environment node
// End to end in Debian's chromium: the staff sign-in screen (bundled from src/staff/sign-in.tsx)
// on a page served from the same origin as the real Bookwell API (createBookwellApp on PGlite,
// mounted under /api), with real session cookies. The first manager sets a password from the setup
// link, a wrong password is refused without saying which part, a provider with TOTP signs in with
// a code by keyboard, signs out; Portuguese texts; axe on every step.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  createBookwellApp,
  firstManagerLink,
  generateApiKey,
  hashSecret,
  resolveStaffAccounts,
  type Storage,
  totpCode,
} from "@bookwell/server-adapter";
import { serve } from "@bookwell/server-adapter/node";
import { createPgliteStorage } from "@bookwell/server-adapter/pglite";
import { build } from "esbuild";
import { Hono } from "hono";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../browser/chromium.js";
import { axe, openStaffPage } from "../browser/page-helpers.js";
import { seedClinic } from "../browser/real-api.js";
import { PACKAGE } from "../browser/servers.js";

/** Fast hashes for the test; the server's default cost is tested in the server package. */
const staffAccounts = { passwordCost: { N: 2 ** 10, r: 8, p: 1 } };
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);

let browser: Browser;
let storage: Storage;
let managerKey = "";
let server: Awaited<ReturnType<typeof serve>>;
const contexts: BrowserContext[] = [];

function page(locale: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Clínica Exemplo – staff</title><link rel="icon" href="data:,"></head>
<body><main><h1>Clínica Exemplo</h1><div id="app" data-api="/api" data-locale="${locale}"></div>
<script src="/staff/app.js"></script></main></body></html>`;
}

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [join(PACKAGE, "test/staff/sign-in-page.tsx")],
    bundle: true,
    write: false,
    format: "iife",
    target: "es2022",
    jsx: "automatic",
    jsxImportSource: "preact",
    logLevel: "silent",
  });
  const script = bundle.outputFiles[0]?.text ?? "";
  const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"));
  storage = await createPgliteStorage();
  await seedClinic(storage, "http://127.0.0.1");
  managerKey = generateApiKey();
  await storage.insertApiKey("lisbon", {
    id: "key-manager",
    name: "manager key",
    keyHash: hashSecret(managerKey),
    role: "manager",
    calendarIds: [],
  });
  const app = new Hono();
  const csp =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src data:";
  app.get("/staff/", (c) => c.html(page("en"), 200, { "content-security-policy": csp }));
  app.get("/staff/pt/", (c) => c.html(page("pt-PT"), 200, { "content-security-policy": csp }));
  app.get("/staff/app.js", (c) => c.body(script, 200, { "content-type": "text/javascript" }));
  app.get("/axe.min.js", (c) => c.body(axeSource, 200, { "content-type": "text/javascript" }));
  app.route("/api", createBookwellApp({ storage, clock, rateLimit: false, staffAccounts }));
  server = await serve({ storage, port: 0, app, housekeeping: false });
  browser = await launchChromium();
}, 15 * 60_000);

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The page at `path`, with its problems (the refusals the test provokes on purpose, 400 and 401, are not). */
const open = (path: string) =>
  openStaffPage(browser, `${server.url}${path}`, {
    viewport: { width: 1280, height: 900 },
    expectedErrors: /status of (400|401)/,
    contexts,
  });

/** Calls the API from node as a browser would, keeping the session cookie. */
async function api(path: string, body: unknown, cookie = "") {
  const credentials = cookie.startsWith("bw_sk_")
    ? { authorization: `Bearer ${cookie}` }
    : cookie
      ? { cookie }
      : {};
  const res = await fetch(`${server.url}/api${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-bookwell-csrf": "1", ...credentials },
    body: JSON.stringify(body),
  });
  const set = res.headers.get("set-cookie");
  return {
    status: res.status,
    json: (await res.json().catch(() => null)) as Record<string, unknown>,
    cookie: set ? (set.split(";")[0] as string) : cookie,
  };
}

describe("staff sign-in in a real browser", () => {
  it("the setup link creates the first manager, who is then signed in; sign-out ends it", async () => {
    const link = await firstManagerLink(
      storage,
      "lisbon",
      resolveStaffAccounts(staffAccounts),
      `${server.url}/staff/`,
      clock(),
    );
    expect(link).toBeDefined();
    const { page: p, problems } = await open(
      new URL(link as string).pathname + new URL(link as string).hash,
    );
    await p.getByRole("heading", { name: "Set your password" }).waitFor();
    expect(await axe(p)).toEqual([]);
    await p.getByLabel("New password").fill("first manager pw");
    await p.getByLabel("Repeat the password").fill("first manager pw");
    await p.getByLabel("Repeat the password").press("Enter");
    // The setup link needs the manager's name and e-mail: the screen asks for them.
    await p.getByLabel("Your name").waitFor();
    expect(await p.getByRole("alert").textContent()).toBe("Fill in this field.");
    expect(await axe(p)).toEqual([]);
    await p.getByLabel("Your name").fill("Marta Reis");
    await p.getByLabel("E-mail").fill("marta@clinic.example");
    await p.getByRole("button", { name: "Set password and sign in" }).click();
    // Signed in: the staff app itself, with the manager's sections and role.
    await p.getByRole("navigation", { name: "Staff sections" }).waitFor();
    await p.getByText("Manager", { exact: true }).waitFor();
    expect(await p.getByRole("link", { name: "Audit", exact: true }).count()).toBe(1);
    const cookies = await p.context().cookies();
    const session = cookies.find((c) => c.name === "bookwell_staff_session");
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe("Lax");
    expect(await p.evaluate(() => document.cookie)).toBe("");

    // The session ends on the server while the app is open (signed out everywhere from another
    // device): the next request brings back the sign-in screen, which says why.
    const ended = await api(
      "/v1/staff/auth/sign-out-everywhere",
      {},
      `${session?.name}=${session?.value}`,
    );
    expect(ended.status).toBe(200);
    // The app's next request meets the ended session: opening the Audit section's address (not
    // its link, which the app's own poll may already have taken away with the signed-in screen).
    await p.evaluate(() => {
      window.location.hash = "#audit";
    });
    await p.getByRole("heading", { name: "Staff sign-in" }).waitFor();
    expect(await p.getByRole("status").textContent()).toBe(
      "Your session has ended. Sign in again to go on.",
    );
    expect(await axe(p)).toEqual([]);
    await p.getByLabel("E-mail").fill("marta@clinic.example");
    await p.getByLabel("Password").fill("first manager pw");
    await p.getByRole("button", { name: "Sign in" }).click();
    await p.getByRole("navigation", { name: "Staff sections" }).waitFor();

    // The sign-out button: back to the sign-in screen, with no "session ended" notice.
    await p.getByRole("button", { name: "Sign out" }).click();
    await p.getByRole("heading", { name: "Staff sign-in" }).waitFor();
    expect(await p.getByRole("status").count()).toBe(0);
    expect(problems).toEqual([]);
  }, 60_000);

  it("a wrong password is refused without saying which part; a TOTP user signs in with a code by keyboard (Portuguese)", async () => {
    // A provider with TOTP, set up through the API as the staff app would.
    const invited = await api(
      "/v1/staff/users",
      { email: "ana@clinic.example", name: "Ana Silva", role: "provider", calendarIds: ["ana"] },
      managerKey,
    );
    expect(invited.status).toBe(201);
    const token = String(invited.json.inviteUrl).split("#invite=")[1];
    const ana = await api("/v1/staff/auth/accept-invite", { token, password: "ana's password" });
    const enrol = await api("/v1/staff/auth/totp/enrol", {}, ana.cookie);
    const secret = String(enrol.json.secret);
    const confirmed = await api(
      "/v1/staff/auth/totp/confirm",
      { code: totpCode(secret, clock().getTime()) },
      ana.cookie,
    );
    expect(confirmed.status).toBe(200);
    offsetMs += 60_000; // the next code is a new time step

    const { page: p, problems } = await open("/staff/pt/");
    await p.getByRole("heading", { name: "Entrada da equipa" }).waitFor();
    expect(await axe(p)).toEqual([]);
    // Keyboard only: the e-mail field has focus; Tab to the password; Enter submits.
    await p.keyboard.type("ana@clinic.example");
    await p.keyboard.press("Tab");
    await p.keyboard.type("not the password");
    await p.keyboard.press("Enter");
    const alert = p.getByRole("alert");
    await expect.poll(() => alert.textContent()).toBe("O e-mail ou a palavra-passe estão errados.");
    expect(await p.getByLabel("Palavra-passe").getAttribute("aria-invalid")).toBe("true");
    expect(await axe(p)).toEqual([]);
    await p.getByLabel("Palavra-passe").fill("ana's password");
    await p.getByLabel("Palavra-passe").press("Enter");
    await p.getByRole("heading", { name: "Código de verificação" }).waitFor();
    expect(await axe(p)).toEqual([]);
    // Focus is on the code field.
    await p.keyboard.type("000000");
    await p.keyboard.press("Enter");
    await expect.poll(() => p.getByRole("alert").textContent()).toMatch(/não é válido/);
    await p
      .getByRole("textbox", { name: "Código", exact: true })
      .fill(totpCode(secret, clock().getTime()));
    await p.getByRole("textbox", { name: "Código", exact: true }).press("Enter");
    // Signed in as a provider: the staff app with the provider's sections only.
    await p.getByRole("navigation", { name: "Secções da equipa" }).waitFor();
    await p.getByText("Terapeuta", { exact: true }).waitFor();
    expect(await p.getByRole("link", { name: "Agenda" }).count()).toBe(1);
    expect(await p.getByRole("link", { name: "Pagamentos" }).count()).toBe(0);
    expect(await axe(p)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
