// @vitest-environment node
// End to end in Debian's chromium: the staff app (src/staff, bundled by esbuild as a clinic's page
// would mount it with no API key) on the same origin as the real Bookwell API on PGlite, with real
// session cookies. In English, a signed-in manager opens Team accounts, is refused a bad e-mail
// beside the field, invites a receptionist, hands over a new invite link; the receptionist sets a
// password from it and sees no Team accounts; the manager makes her a provider of one calendar
// (her next page has the provider's sections), is refused deactivating the last manager, then
// deactivates her, and her next request is refused. In Portuguese, a therapist opens My account
// from the navigation, changes her password (the server's refusals beside their fields), turns on
// two-factor with a code computed here with the `otpauth` package from the link the screen shows,
// sees her backup codes once, signs out everywhere, must give a code at the next sign-in, and
// turns two-factor off again with her password.
// axe finds nothing on each screen.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  createBookwellApp,
  firstManagerLink,
  generateApiKey,
  hashSecret,
  resolveStaffAccounts,
  type Storage,
} from "@bookwell/server-adapter";
import { serve } from "@bookwell/server-adapter/node";
import { createPgliteStorage } from "@bookwell/server-adapter/pglite";
import { build } from "esbuild";
import { Hono } from "hono";
import { type TOTP, URI } from "otpauth";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../browser/chromium.js";
import { ARTIFACTS, axe, focused, openStaffPage } from "../../browser/page-helpers.js";
import { seedClinic } from "../../browser/real-api.js";
import { ensureBuilt, PACKAGE } from "../../browser/servers.js";

/** Fast hashes for the test; the server's default cost is tested in the server package. */
const staffAccounts = { passwordCost: { N: 2 ** 10, r: 8, p: 1 } };
/** The server's clock: the test moves it a minute on so that each TOTP code is a new step. */
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

/** The script-tag build on the same origin: the shell loads its sections from beside it. */
const builtPage = `<!doctype html>
<html lang="es">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Clínica Exemplo – equipo</title><link rel="icon" href="data:,"></head>
<body><main><h1>Clínica Exemplo</h1>
<script src="/dist/bookwell-staff.js" data-api="/api" data-locale="es-ES" data-poll-seconds="0"></script>
</main></body></html>`;

beforeAll(async () => {
  ensureBuilt();
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
  app.get("/staff/built/", (c) => c.html(builtPage, 200, { "content-security-policy": csp }));
  app.get("/dist/*", (c) => {
    const file = join(PACKAGE, "dist", c.req.path.slice("/dist/".length).replace(/\.\./g, ""));
    if (!file.endsWith(".js") || !existsSync(file)) return c.notFound();
    return c.body(readFileSync(file, "utf8"), 200, { "content-type": "text/javascript" });
  });
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

/** A browser of its own (its own cookies), with page errors and unexpected console errors kept. */
const open = (path: string, cookie?: string) =>
  openStaffPage(browser, `${server.url}${path}`, {
    viewport: { width: 1280, height: 900 },
    ...(cookie ? { cookie } : {}),
    // The refusals the test provokes on purpose are logged by the browser.
    expectedErrors: /status of (400|401|409)/,
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

/** A full-page screenshot in test-artifacts/ (for the docs and for a person to look at). */
async function shot(p: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await p.screenshot({ path: join(ARTIFACTS, `accounts-${name}.png`), fullPage: true });
}

/** The links of the staff navigation's list, in order. */
const navList = (p: Page) =>
  p
    .getByRole("navigation")
    .getByRole("listitem")
    .evaluateAll((items) => items.map((i) => (i.textContent ?? "").trim()));

/** A section's live regions: results (status) and errors (alert), outside any form. */
const said = (p: Page, title: string, role: "status" | "alert" = "status") =>
  p
    .getByRole("region", { name: title, exact: true })
    .locator(`:scope > [role=${role}]`)
    .textContent();

/** The cells of the staff users table's row of `name`. */
const rowOf = (p: Page, name: string) =>
  p
    .getByRole("row", { name: new RegExp(`^${name}`) })
    .locator("td")
    .evaluateAll((cells) => cells.map((c) => (c.textContent ?? "").trim()));

describe("staff accounts in the browser", () => {
  it("a manager invites a receptionist, changes her role and deactivates her; she signs in from the link and is then refused", async () => {
    const link = await firstManagerLink(
      storage,
      "lisbon",
      resolveStaffAccounts(staffAccounts),
      `${server.url}/staff/`,
      clock(),
    );
    const manager = await api("/v1/staff/auth/accept-invite", {
      token: String(link).split("#invite=")[1],
      password: "first manager pw",
      email: "marta@clinic.example",
      name: "Marta Reis",
    });
    expect(manager.status).toBe(200);

    const { page: m, problems } = await open("/staff/#accounts", manager.cookie);
    await m.getByRole("heading", { name: "Team accounts", level: 2 }).waitFor();
    expect(await navList(m)).toEqual([
      "Calendar",
      "Patients",
      "Waitlist",
      "Checkout",
      "Reports",
      "Audit",
      "Import",
      "Setup",
      "Team accounts",
    ]);
    expect(await rowOf(m, "Marta Reis")).toEqual([
      "marta@clinic.example",
      "Manager",
      "All",
      "Active",
      "Off",
      expect.stringContaining("Deactivate Marta Reis"),
    ]);
    expect(await axe(m)).toEqual([]);

    // A bad e-mail: the server's 400 beside the field it names.
    const invite = m.getByRole("form", { name: "Invite someone" });
    await invite.getByLabel("Name").fill("Rita Lopes");
    await invite.getByLabel("E-mail").fill("rita at clinic");
    await invite.getByRole("button", { name: "Send invite" }).click();
    const email = invite.getByRole("textbox", { name: "E-mail" });
    await expect.poll(() => email.getAttribute("aria-invalid")).toBe("true");
    expect(await invite.getByRole("alert").textContent()).toBe(
      "Not accepted: must be an e-mail address",
    );
    expect(await axe(m)).toEqual([]);
    await email.fill("rita@clinic.example");
    await invite.getByRole("button", { name: "Send invite" }).click();
    await expect.poll(() => said(m, "Team accounts")).toBe("Rita Lopes is invited.");
    expect(await email.getAttribute("aria-invalid")).toBeNull();
    const firstLink = await m.getByRole("textbox", { name: /^Invite link/ }).inputValue();
    expect(firstLink).toMatch(/\/staff\/#invite=/);
    await expect
      .poll(() => rowOf(m, "Rita Lopes"))
      .toEqual([
        "rita@clinic.example",
        "Front desk",
        "All",
        "Invited",
        "Off",
        expect.stringContaining("New invite link for Rita Lopes"),
      ]);
    // The same e-mail again: the server's 409, beside the e-mail.
    await invite.getByLabel("Name").fill("Rita Lopes");
    await email.fill("rita@clinic.example");
    await invite.getByRole("button", { name: "Send invite" }).click();
    await expect
      .poll(() => invite.getByRole("alert").textContent())
      .toBe("Another staff user has this e-mail.");
    expect(await axe(m)).toEqual([]);

    // No e-mail went out (say): the manager hands over a new link.
    await m.getByRole("button", { name: "New invite link for Rita Lopes" }).click();
    const linkBox = m.getByRole("textbox", { name: /^Invite link/ });
    await expect.poll(() => linkBox.inputValue()).not.toBe(firstLink);
    await shot(m, "team");
    const url = new URL(await linkBox.inputValue());

    // Rita opens it in her own browser, sets a password and is signed in as the front desk.
    const { page: r, problems: ritaProblems } = await open(url.pathname + url.hash);
    await r.getByRole("heading", { name: "Set your password" }).waitFor();
    await r.getByLabel("New password").fill("rita's password");
    await r.getByLabel("Repeat the password").fill("rita's password");
    await r.getByRole("button", { name: "Set password and sign in" }).click();
    await r.getByText("Front desk", { exact: true }).waitFor();
    expect(await navList(r)).toEqual([
      "Calendar",
      "Patients",
      "Waitlist",
      "Checkout",
      "Reports",
      "Audit",
      "Import",
    ]);
    expect(await r.getByRole("link", { name: "Team accounts" }).count()).toBe(0);
    // A hash to the manager's section shows the calendar instead.
    await r.goto(`${server.url}/staff/#accounts`);
    await r.getByText("Front desk", { exact: true }).waitFor();
    expect(await r.getByRole("heading", { name: "Team accounts" }).count()).toBe(0);
    expect(await r.getByRole("link", { name: "Calendar" }).getAttribute("aria-current")).toBe(
      "page",
    );

    // The manager makes her a provider of Bruno's calendar.
    await m.reload();
    await expect.poll(() => rowOf(m, "Rita Lopes").then((cells) => cells[3])).toBe("Active");
    // By keyboard: the form opens with focus on its heading; Save gives focus back to the button.
    await m.getByRole("button", { name: "Change Rita Lopes" }).focus();
    await m.keyboard.press("Enter");
    const edit = m.getByRole("form", { name: "Change Rita Lopes" });
    // (The heading and the button have the same name: wait for the heading by its tag too.)
    const focus = () => focused(m).then((f) => f && { tag: f.tag, name: f.name });
    await expect.poll(focus).toEqual({ tag: "h3", name: "Change Rita Lopes" });
    await edit.getByLabel("Role").selectOption("provider");
    await edit.getByRole("checkbox", { name: "Bruno Costa" }).check();
    expect(await axe(m)).toEqual([]);
    await edit.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => said(m, "Team accounts")).toBe("Rita Lopes is saved.");
    await expect.poll(focus).toEqual({ tag: "button", name: "Change Rita Lopes" });
    await expect
      .poll(() => rowOf(m, "Rita Lopes").then((cells) => cells.slice(1, 3)))
      .toEqual(["Provider", "Bruno Costa"]);
    // Her next page has the provider's sections.
    await r.reload();
    await r.getByText("Provider", { exact: true }).waitFor();
    expect(await navList(r)).toEqual(["Calendar", "Patients"]);

    // The last manager cannot be deactivated: the server's 409 is said.
    await m.getByRole("button", { name: "Deactivate Marta Reis" }).click();
    await expect
      .poll(() => said(m, "Team accounts", "alert"))
      .toBe("The clinic must keep one active manager.");
    expect(await axe(m)).toEqual([]);
    // Rita is deactivated: her very next request is refused, and her page asks her to sign in.
    await m.getByRole("button", { name: "Deactivate Rita Lopes" }).click();
    await expect
      .poll(() => said(m, "Team accounts"))
      .toBe("Rita Lopes is deactivated: they cannot sign in, and their sessions have ended.");
    await expect.poll(() => rowOf(m, "Rita Lopes").then((cells) => cells[3])).toBe("Deactivated");
    const refused = await r.context().request.get(`${server.url}/api/v1/staff/auth/session`);
    expect(refused.status()).toBe(401);
    await r.reload();
    await r.getByRole("heading", { name: "Staff sign-in" }).waitFor();
    expect(await axe(r)).toEqual([]);
    // …and she cannot sign in again until the manager reactivates her.
    expect(
      (
        await api("/v1/staff/auth/sign-in", {
          email: "rita@clinic.example",
          password: "rita's password",
        })
      ).status,
    ).toBe(401);
    await m.getByRole("button", { name: "Reactivate Rita Lopes" }).click();
    await expect.poll(() => said(m, "Team accounts")).toBe("Rita Lopes can sign in again.");
    expect(
      (
        await api("/v1/staff/auth/sign-in", {
          email: "rita@clinic.example",
          password: "rita's password",
        })
      ).status,
    ).toBe(200);
    expect(problems).toEqual([]);
    expect(ritaProblems).toEqual([]);
  });

  it("pt: a therapist changes her password, turns on two-factor with a code from the link shown, and must give a code at the next sign-in; turns it off with her password", async () => {
    const invited = await api(
      "/v1/staff/users",
      { email: "ana@clinic.example", name: "Ana Silva", role: "provider", calendarIds: ["ana"] },
      managerKey,
    );
    expect(invited.status).toBe(201);
    const ana = await api("/v1/staff/auth/accept-invite", {
      token: String(invited.json.inviteUrl).split("#invite=")[1],
      password: "ana's first password",
    });
    expect(ana.status).toBe(200);

    const { page: p, problems } = await open("/staff/pt/", ana.cookie);
    await p.getByText("Terapeuta", { exact: true }).waitFor();
    await p.getByRole("link", { name: "A minha conta" }).click();
    await p.getByRole("heading", { name: "A minha conta", level: 2 }).waitFor();
    expect(await p.getByRole("link", { name: "A minha conta" }).getAttribute("aria-current")).toBe(
      "page",
    );
    await p.getByText("Sessão iniciada como Ana Silva (ana@clinic.example), Terapeuta.").waitFor();
    expect(await axe(p)).toEqual([]);

    // The password: a wrong current one and a short new one are the server's refusals, by field.
    const password = p.getByRole("form", { name: "Palavra-passe" });
    const current = password.getByLabel("Palavra-passe atual");
    const next = password.getByLabel("Nova palavra-passe");
    await current.fill("not my password");
    await next.fill("ana's second password");
    await password.getByRole("button", { name: "Mudar a palavra-passe" }).click();
    await expect.poll(() => current.getAttribute("aria-invalid")).toBe("true");
    expect(await password.getByRole("alert").textContent()).toBe("A palavra-passe está errada.");
    expect(await axe(p)).toEqual([]);
    await current.fill("ana's first password");
    await next.fill("short");
    await password.getByRole("button", { name: "Mudar a palavra-passe" }).click();
    await expect.poll(() => next.getAttribute("aria-invalid")).toBe("true");
    expect(await current.getAttribute("aria-invalid")).toBeNull();
    // The server words its refusal in the screen's language (the app sends Accept-Language: pt-PT).
    expect(await password.getByRole("alert").textContent()).toBe(
      "Não aceite: tem de ter pelo menos 10 caracteres",
    );
    await next.fill("ana's second password");
    await password.getByRole("button", { name: "Mudar a palavra-passe" }).click();
    await expect
      .poll(() => said(p, "A minha conta"))
      .toBe("A palavra-passe foi mudada. As suas outras sessões terminaram; esta continua.");
    // The old cookie was rotated: the one the test holds no longer works.
    expect(
      (await fetch(`${server.url}/api/v1/staff/auth/session`, { headers: { cookie: ana.cookie } }))
        .status,
    ).toBe(401);

    // Two-factor: the link shown is a real otpauth:// URI; a wrong code is refused by the field.
    await p.getByText("Desligada.", { exact: false }).waitFor();
    await p.getByRole("button", { name: "Ligar dois fatores" }).click();
    const uriLink = p.getByRole("link", { name: /^otpauth:\/\/totp\// });
    await uriLink.waitFor();
    expect(await axe(p)).toEqual([]);
    await shot(p, "enrol-pt");
    const totp = URI.parse(String(await uriLink.getAttribute("href"))) as TOTP;
    expect(totp.issuer).not.toBe("");
    const confirm = p.getByRole("form", { name: "Confirmar e ligar" });
    await confirm.getByLabel("Código da aplicação").fill("000000");
    await confirm.getByRole("button", { name: "Confirmar e ligar" }).click();
    await expect
      .poll(() => confirm.getByRole("alert").textContent())
      .toMatch(/^Esse código não é válido/);
    await confirm
      .getByLabel("Código da aplicação")
      .fill(totp.generate({ timestamp: clock().getTime() }));
    await confirm.getByRole("button", { name: "Confirmar e ligar" }).click();
    await expect
      .poll(() => said(p, "A minha conta"))
      .toBe("A entrada com dois fatores está ligada.");
    const backup = p.getByRole("list", { name: "Códigos de recuperação" }).getByRole("listitem");
    await shot(p, "my-account-pt");
    expect(await backup.count()).toBe(10);
    await p.getByText("Ligada. Códigos de recuperação restantes: 10.").waitFor();
    expect(await axe(p)).toEqual([]);

    // Sign out everywhere: the sign-in screen; the next sign-in asks for a code.
    await p.getByRole("button", { name: "Sair em todo o lado" }).click();
    await p.getByRole("heading", { name: "Entrada da equipa" }).waitFor();
    await p.getByLabel("E-mail").fill("ana@clinic.example");
    await p.getByLabel("Palavra-passe").fill("ana's second password");
    await p.getByLabel("Palavra-passe").press("Enter");
    await p.getByRole("heading", { name: "Código de verificação" }).waitFor();
    offsetMs += 60_000; // the next code is a new time step
    await p
      .getByRole("textbox", { name: "Código", exact: true })
      .fill(totp.generate({ timestamp: clock().getTime() }));
    await p.getByRole("textbox", { name: "Código", exact: true }).press("Enter");
    await p.getByText("Terapeuta", { exact: true }).waitFor();
    expect(await navList(p)).toEqual(["Agenda", "Pacientes"]);
    expect(await axe(p)).toEqual([]);

    // Turning it off needs the password: a wrong one is refused beside the field.
    await p.getByRole("link", { name: "A minha conta" }).click();
    const off = p.getByRole("form", { name: "Desligar dois fatores" });
    await off.getByLabel("A sua palavra-passe").fill("not my password");
    await off.getByRole("button", { name: "Desligar dois fatores" }).click();
    await expect
      .poll(() => off.getByRole("alert").textContent())
      .toBe("A palavra-passe está errada.");
    expect(await off.getByLabel("A sua palavra-passe").getAttribute("aria-invalid")).toBe("true");
    expect(await axe(p)).toEqual([]);
    await off.getByLabel("A sua palavra-passe").fill("ana's second password");
    await off.getByRole("button", { name: "Desligar dois fatores" }).click();
    await expect
      .poll(() => said(p, "A minha conta"))
      .toBe("A entrada com dois fatores está desligada.");
    await p.getByRole("button", { name: "Ligar dois fatores" }).waitFor();
    const signIn = await api("/v1/staff/auth/sign-in", {
      email: "ana@clinic.example",
      password: "ana's second password",
    });
    expect(signIn.json.status).toBe("signed_in");
    expect(problems).toEqual([]);
  });

  it("es: the script-tag build loads both sections from beside it (dist/staff/sections/accounts.js, account.js)", async () => {
    const invited = await api(
      "/v1/staff/users",
      { email: "lucia@clinic.example", name: "Lucía Gómez", role: "manager" },
      managerKey,
    );
    const lucia = await api("/v1/staff/auth/accept-invite", {
      token: String(invited.json.inviteUrl).split("#invite=")[1],
      password: "lucía's password",
    });
    expect(lucia.status).toBe(200);
    const { page: p, problems } = await open("/staff/built/#accounts", lucia.cookie);
    await p.getByRole("heading", { name: "Cuentas del equipo", level: 2 }).waitFor();
    await expect
      .poll(() => rowOf(p, "Lucía Gómez"))
      .toEqual([
        "lucia@clinic.example",
        "Dirección",
        "Todas",
        "Activo",
        "No",
        expect.stringContaining("Desactivar Lucía Gómez"),
      ]);
    expect(await axe(p)).toEqual([]);
    await p.getByRole("link", { name: "Mi cuenta" }).click();
    await p.getByRole("heading", { name: "Mi cuenta", level: 2 }).waitFor();
    await p
      .getByText("Sesión iniciada como Lucía Gómez (lucia@clinic.example), Dirección.")
      .waitFor();
    expect(await axe(p)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
