// @vitest-environment node
// End to end in Debian's chromium: the built staff app (dist/bookwell-staff.js, the Import section
// loaded from dist/staff/sections/import.js on demand) on a page with a strict CSP, against the
// real Bookwell API on PGlite. In Portuguese, a manager uploads a semicolon file from Excel with a
// bad row and a row matching an existing patient, sees both errors by line, column and rule,
// imports the valid row and skips the others, finds the new patient in Patients, and imports a
// service priced with a decimal comma. In English, the front desk uploads a Windows-encoded comma
// file, chooses its encoding, fixes a bad row and imports every row. axe finds nothing on each
// screen at 1280 and 768 px.
import { generateApiKey, hashSecret } from "@bookwell/server-adapter";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../browser/chromium.js";
import { axeAtWidths, focused, openStaffPage } from "../../browser/page-helpers.js";
import { startRealApi } from "../../browser/real-api.js";
import {
  ensureBuilt,
  type Running,
  type Page as SitePage,
  staffTestPage,
  startStatic,
} from "../../browser/servers.js";

let browser: Browser;
const contexts: BrowserContext[] = [];
let site: Running & { pages: Record<string, SitePage> };
let api: Awaited<ReturnType<typeof startRealApi>>;
const keys = { manager: generateApiKey(), desk: generateApiKey() };
let mariaId = "";

const page = (lang: string, key: string) =>
  staffTestPage({
    api: api.url,
    lang,
    title: "import",
    heading: "Clínica Exemplo",
    script: "/dist/bookwell-staff.js",
    attributes: `data-api-key="${key}" data-locale="${lang}" data-poll-seconds="0"`,
  });

beforeAll(async () => {
  ensureBuilt();
  browser = await launchChromium();
  site = await startStatic({});
  api = await startRealApi({ origin: site.url, clock: () => new Date() });
  for (const [role, key] of [
    ["manager", keys.manager],
    ["front_desk", keys.desk],
  ] as const) {
    await api.storage.insertApiKey("lisbon", {
      id: `key-${role}`,
      name: role,
      keyHash: hashSecret(key),
      role,
      calendarIds: [],
    });
  }
  const res = await fetch(`${api.url}/v1/staff/clients/intake`, {
    method: "POST",
    headers: { authorization: `Bearer ${keys.manager}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Maria Santos", phone: "+351 912 345 678" }),
  });
  expect(res.status).toBe(201);
  mariaId = ((await res.json()) as { client: { id: string } }).client.id;
  site.pages["/manager"] = page("pt-PT", keys.manager);
  site.pages["/desk"] = page("en", keys.desk);
}, 15 * 60_000);

afterAll(async () => {
  for (const context of contexts.splice(0)) await context.close();
  await browser?.close();
  await api?.close();
  await site?.close();
});

const open = (path: string, locale: string) =>
  openStaffPage(browser, `${site.url}${path}`, { locale, timezoneId: "Europe/Lisbon", contexts });

const check = (p: Page, name: string) => axeAtWidths(p, `import-${name}`);

const file = (name: string, bytes: Uint8Array) => ({
  name,
  mimeType: "text/csv",
  buffer: Buffer.from(bytes),
});
const utf8 = (text: string) => new TextEncoder().encode(text);
/** Text as Windows-1252 bytes (every character here is Latin-1). */
const windows1252 = (text: string) => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
/** The Import section's live regions: results (status) and errors (alert). */
const said = (p: Page, title: string, role: "status" | "alert" = "status") =>
  p.getByRole("region", { name: title, exact: true }).getByRole(role).textContent();
/** The cells of each body row of a table, trimmed. */
const rowsOf = (p: Page, name: string) =>
  p
    .getByRole("region", { name })
    .locator("tbody tr")
    .evaluateAll((rows) =>
      rows.map((r) => [...r.children].map((c) => (c.textContent ?? "").trim())),
    );

describe("CSV import in the staff app, in chromium against the real API", () => {
  it("pt: a manager checks a file with a bad row and a known patient, skips them, imports, finds the patient; then a service with a decimal comma", async () => {
    const { page: p, problems } = await open("/manager#import", "pt-PT");
    const nav = p.getByRole("navigation", { name: "Secções da equipa" });
    await expect
      .poll(() => nav.getByRole("link").allTextContents())
      .toEqual([
        "Agenda",
        "Pacientes",
        "Lista de espera",
        "Pagamentos",
        "Relatórios",
        "Auditoria",
        "Importar",
        "Configuração",
        "Contas da equipa",
      ]);
    await p.getByRole("heading", { name: "Importar", level: 2 }).waitFor();
    expect(await p.getByLabel("O que importar").locator("option").allTextContents()).toEqual([
      "Pacientes",
      "Serviços",
    ]);
    await check(p, "01-pt-empty");

    // Excel in Portugal: semicolons, a BOM, CRLF; row 3 has a bad e-mail, row 4 is Maria again.
    await p
      .getByLabel("Ficheiro CSV")
      .setInputFiles(
        file(
          "pacientes.csv",
          utf8(
            "\uFEFFNome;E-mail;Telemóvel;Cor favorita\r\nInês Faria;ines@example.test;+351 913 000 002;azul\r\nRui Lopes;rui@@example;;\r\nM. Santos;;351-912-345-678;\r\n",
          ),
        ),
      );
    await expect
      .poll(() => said(p, "Importar"))
      .toBe("Linhas verificadas: 3. Prontas a importar: 1. Com erros: 2. Ainda nada foi guardado.");
    const preview = p.getByRole("region", { name: "Primeiras linhas do ficheiro" });
    expect(await preview.textContent()).toContain("Separador: ponto e vírgula");
    expect(
      await preview.locator("thead th").evaluateAll((cells) => cells.map((c) => c.textContent)),
    ).toEqual([
      "Linha",
      "Nome→ Nome",
      "E-mail→ E-mail",
      "Telemóvel→ Telefone",
      "Cor favorita→ ignorada",
    ]);
    expect((await rowsOf(p, "Primeiras linhas do ficheiro"))[0]).toEqual([
      "2",
      "Inês Faria",
      "ines@example.test",
      "+351 913 000 002",
      "azul",
    ]);
    const errors = await rowsOf(p, "Linhas com erros");
    expect(errors.map((r) => r.slice(0, 3))).toEqual([
      ["3", "E-mail", "Valor inválido"],
      ["4", "Telefone", "Já existe"],
    ]);
    expect(errors[1]?.[3]).toContain(mariaId);
    expect(await api.storage.listClients("lisbon")).toHaveLength(1);
    await check(p, "02-pt-checked");

    await p
      .getByRole("button", {
        name: "Importar as linhas válidas (1) e ignorar as linhas com erros (2)",
      })
      .click();
    await expect
      .poll(() => said(p, "Importar"))
      .toBe("Importação concluída. Criados: 1. Ignorados: 2.");
    const result = p.getByRole("region", { name: "Resultado" });
    // Focus moves from the import button (gone) to the result once it is on screen (an effect
    // of the result's first render, which can come a moment after the status line).
    await expect.poll(() => focused(p)).toMatchObject({ tag: "h3", name: "Resultado" });
    expect(await result.locator("dl").textContent()).toBe("Criados1Atualizados0Ignorados2");
    expect(await result.getByRole("listitem").allTextContents()).toEqual([
      "Linha 2: Inês Faria",
      "Linha 4, mesmo Telefone que Maria Santos",
    ]);
    const clients = await api.storage.listClients("lisbon");
    expect(clients.map((c) => c.name).sort()).toEqual(["Inês Faria", "Maria Santos"]);
    await check(p, "03-pt-imported");

    // The new patient is in Patients.
    await nav.getByRole("link", { name: "Pacientes" }).click();
    await p.getByLabel("Procurar por nome, e-mail, telefone ou NIF").fill("913 000 002");
    await p.getByRole("button", { name: /^Inês Faria/ }).click();
    await p.getByRole("heading", { name: "Inês Faria", level: 2 }).waitFor();
    await p.getByText("ines@example.test").first().waitFor();

    // The catalog: a price written with a decimal comma is stored in cents, not ×100 or ÷10.
    await nav.getByRole("link", { name: "Importar" }).click();
    await p.getByLabel("O que importar").selectOption({ label: "Serviços" });
    await p
      .getByLabel("Ficheiro CSV")
      .setInputFiles(
        file(
          "servicos.csv",
          utf8(
            "Nome;Categoria;Duração;Preço;Especialidade\r\nMassagem desportiva;Massagem;45;45,50;massage\r\n",
          ),
        ),
      );
    await p.getByRole("button", { name: "Importar todas as linhas (1)" }).click();
    await expect
      .poll(() => said(p, "Importar"))
      .toBe("Importação concluída. Criados: 1. Ignorados: 0.");
    expect(
      await p.getByRole("region", { name: "Resultado" }).getByRole("listitem").allTextContents(),
    ).toEqual(["Linha 2: Massagem desportiva"]);
    await check(p, "07-pt-service-imported");
    const service = await api.storage.getService("lisbon", "massagem-desportiva");
    expect(service?.price).toEqual({ amount: 4550, currency: "EUR" });
    expect(problems).toEqual([]);
  }, 180_000);

  it("en: the front desk picks the file's encoding, fixes a bad row and imports every row", async () => {
    const { page: p, problems } = await open("/desk#import", "en-GB");
    const nav = p.getByRole("navigation", { name: "Staff sections" });
    await expect
      .poll(() => nav.getByRole("link").allTextContents())
      .toEqual(["Calendar", "Patients", "Waitlist", "Checkout", "Reports", "Audit", "Import"]);
    await p.getByRole("heading", { name: "Import", level: 2 }).waitFor();
    // The desk imports patients only (the catalog is the manager's).
    expect(await p.getByLabel("What to import").count()).toBe(0);

    // Excel's plain "CSV" on Windows: commas here, Windows-1252 bytes.
    const bad =
      "name,email,phone\r\nZoë Martin,zoe@example.test,+44 7700 900123\r\nJosé Ruiz,jose.example.test,\r\n";
    const input = p.getByLabel("CSV file");
    await input.setInputFiles(file("clients.csv", windows1252(bad)));
    await expect
      .poll(() => said(p, "Import", "alert"))
      .toBe("This file cannot be imported as it is. Fix it and choose it again.");
    expect((await rowsOf(p, "Rows with errors")).map((r) => r.slice(0, 3))).toEqual([
      ["2", "—", "Encoding"],
    ]);
    await check(p, "04-en-encoding");

    await p.getByLabel("Encoding of the file").selectOption({ label: "Windows (Excel: CSV)" });
    await expect
      .poll(() => said(p, "Import"))
      .toBe("Rows checked: 2. Ready to import: 1. With errors: 1. Nothing was saved yet.");
    expect((await rowsOf(p, "Rows with errors")).map((r) => r.slice(0, 3))).toEqual([
      ["3", "E-mail", "Invalid value"],
    ]);
    expect((await rowsOf(p, "First rows of the file"))[1]).toEqual([
      "3",
      "José Ruiz",
      "jose.example.test",
      "",
    ]);
    await check(p, "05-en-row-error");

    // Fixed in the spreadsheet and chosen again: every row is valid.
    await input.setInputFiles(
      file("clients.csv", windows1252(bad.replace("jose.example.test", "jose@example.test"))),
    );
    await expect
      .poll(() => said(p, "Import"))
      .toBe("Rows checked: 2. Ready to import: 2. With errors: 0. Nothing was saved yet.");
    expect(await p.getByRole("region", { name: "Rows with errors" }).count()).toBe(0);
    await p.getByRole("button", { name: "Import all rows (2)" }).click();
    await expect.poll(() => said(p, "Import")).toBe("Import finished. Created: 2. Skipped: 0.");
    const names = (await api.storage.listClients("lisbon")).map((c) => c.name);
    expect(names).toContain("Zoë Martin");
    expect(names).toContain("José Ruiz");
    await check(p, "06-en-imported");
    await p.getByRole("button", { name: "José Ruiz" }).click();
    await p.getByRole("heading", { name: "José Ruiz", level: 2 }).waitFor();
    expect(new URL(p.url()).hash).toMatch(/^#patients\?clientId=/);
    // The only failed request is the check of the unreadable file: 422 IMPORT_REJECTED, as documented.
    expect(problems).toEqual([
      "console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)",
    ]);
  }, 180_000);
});
