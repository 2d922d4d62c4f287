// The pages `bookwell serve` answers beside the API (/staff/, /patient/, /book/, /widget/) on a
// stand-in widget dist/ folder: content types, brotli / gzip, ETag revalidation, paths that try to
// leave the folder, and a server without the widget package. The real widget build is served by
// the real CLI in packages/widget/test/browser/serve.e2e.test.ts.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from "vitest";
import { serve } from "../src/node.js";
import { createServedPages, SERVED_PAGE_CSP, servedPageLinks } from "../src/served-pages.js";
import { createTestStorage } from "../src/testing.js";
import { safeWidgetPath, type WidgetLocation, widgetFiles } from "../src/widget-files.js";
import { seedClinic } from "./helpers.js";
import { startTestSmtp } from "./notify/helpers.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
let root = "";
let dist = "";
const script = `console.log(${JSON.stringify("Bookwell ".repeat(400))});\n`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "bookwell-pages-"));
  dist = join(root, "widget", "dist");
  await mkdir(join(dist, "staff", "sections"), { recursive: true });
  await writeFile(join(dist, "bookwell.js"), script);
  await writeFile(join(dist, "bookwell.js.map"), "{}");
  await writeFile(join(dist, "staff", "sections", "setup.js"), "export {};\n");
  await writeFile(join(root, "widget", "secret.js"), "the package's own file\n");
  await writeFile(join(root, "secret.js"), "outside\n");
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A GET with the path sent exactly as written (no URL normalisation by the client). */
function rawGet(url: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: "GET" }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.path = path;
    req.on("error", reject);
    req.end();
  });
}

describe("safeWidgetPath", () => {
  test("keeps files and folders under dist/, refuses anything that could climb out", () => {
    expect(safeWidgetPath("bookwell.js")).toBe("bookwell.js");
    expect(safeWidgetPath("staff/sections/setup.js")).toBe("staff/sections/setup.js");
    for (const bad of [
      "../secret.js",
      "..%2fsecret.js",
      "%2e%2e/secret.js",
      "%2E%2E%2Fsecret.js",
      "staff/../../secret.js",
      "./bookwell.js",
      "/etc/passwd.js",
      "staff//x.js",
      ".hidden.js",
      "a\\..\\b.js",
      "%00.js",
      "%zz.js",
      "package.json.txt",
      "bookwell",
    ]) {
      expect(safeWidgetPath(bad), bad).toBeUndefined();
    }
  });
});

describe("widgetFiles", () => {
  test("answers with the content type, brotli or gzip, a Cache-Control and a weak ETag (304 when unchanged)", async () => {
    const files = widgetFiles(dist);
    const get = (path: string, headers: Record<string, string> = {}, method = "GET") =>
      files(new Request(`http://x/widget/${path}`, { method, headers }), path);

    const plain = await get("bookwell.js");
    expect(plain?.status).toBe(200);
    expect(plain?.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(plain?.headers.get("content-encoding")).toBeNull();
    expect(plain?.headers.get("cache-control")).toBe(
      "public, max-age=300, stale-while-revalidate=86400",
    );
    expect(plain?.headers.get("vary")).toBe("Accept-Encoding");
    expect(await plain?.text()).toBe(script);
    const etag = plain?.headers.get("etag") ?? "";
    expect(etag).toMatch(/^W\/"[\w-]+"$/);

    const gz = await get("bookwell.js", { "accept-encoding": "gzip, deflate" });
    expect(gz?.headers.get("content-encoding")).toBe("gzip");
    const gzBytes = Buffer.from(await (gz as Response).arrayBuffer());
    expect(gzBytes.length * 10).toBeLessThan(script.length);
    expect(gunzipSync(gzBytes).toString()).toBe(script);

    const br = await get("bookwell.js", { "accept-encoding": "gzip, br" });
    expect(br?.headers.get("content-encoding")).toBe("br");
    expect(brotliDecompressSync(Buffer.from(await (br as Response).arrayBuffer())).toString()).toBe(
      script,
    );
    const noBr = await get("bookwell.js", { "accept-encoding": "br;q=0, gzip" });
    expect(noBr?.headers.get("content-encoding")).toBe("gzip");

    const again = await get("bookwell.js", { "if-none-match": etag, "accept-encoding": "br" });
    expect(again?.status).toBe(304);
    expect(again?.headers.get("etag")).toBe(etag);
    expect(await again?.text()).toBe("");
    const stale = await get("bookwell.js", { "if-none-match": 'W/"something-else"' });
    expect(stale?.status).toBe(200);

    const head = await get("bookwell.js", {}, "HEAD");
    expect(head?.status).toBe(200);
    expect(await head?.text()).toBe("");

    expect((await get("bookwell.js.map"))?.headers.get("content-type")).toContain(
      "application/json",
    );
    expect((await get("staff/sections/setup.js"))?.status).toBe(200);
    for (const path of ["../secret.js", "..%2Fsecret.js", "..%2F..%2Fsecret.js", "nothing.js"]) {
      expect(await get(path), path).toBeUndefined();
    }
  });

  test("a rebuilt file is read again (new ETag)", async () => {
    const files = widgetFiles(dist);
    const path = "staff/sections/setup.js";
    const first = await files(new Request(`http://x/widget/${path}`), path);
    await writeFile(join(dist, path), "export const changed = true;\n");
    const second = await files(new Request(`http://x/widget/${path}`), path);
    expect(await second?.text()).toBe("export const changed = true;\n");
    expect(second?.headers.get("etag")).not.toBe(first?.headers.get("etag"));
  });
});

describe("served pages over real sockets", () => {
  test("the staff, patient and booking pages: the clinic's language and name, a strict CSP, the widget's script", async () => {
    const storage = await createTestStorage();
    await seedClinic(storage, "clinic-a");
    await seedClinic(storage, "clinic-b");
    const server = await serve({
      storage,
      port: 0,
      rateLimit: false,
      housekeeping: false,
      pages: { widget: { found: true, dir: dist, version: "0.0.0" } },
    });
    onTestFinished(() => server.close());

    for (const [path, script, title, csp] of [
      ["/staff/", "bookwell-staff.js", "Clinic clinic-a — staff", SERVED_PAGE_CSP],
      ["/patient/", "bookwell-patient.js", "Clinic clinic-a — my visits", SERVED_PAGE_CSP],
      ["/book/", "bookwell.js", "Clinic clinic-a — book a visit", SERVED_PAGE_CSP],
    ] as const) {
      const page = await fetch(`${server.url}${path}`);
      expect(page.status, path).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(page.headers.get("content-security-policy")).toBe(csp);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("; script-src 'self';");
      expect(csp).toContain("; connect-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      const html = await page.text();
      expect(html).toContain('<html lang="pt-PT">');
      expect(html).toContain(`<title>${title}</title>`);
      expect(html).toContain(
        `<script src="/widget/${script}" data-api="${server.url}" data-clinic="clinic-a" data-locale="pt-PT"></script>`,
      );
    }
    // Another clinic of the same server by ?clinic=; an unknown one is a 404 problem.
    const b = await (await fetch(`${server.url}/staff/?clinic=clinic-b`)).text();
    expect(b).toContain("<title>Clinic clinic-b — staff</title>");
    const unknown = await fetch(`${server.url}/staff/?clinic=nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("application/problem+json");
    // A proxy that terminates TLS says so; the page then points the API at https.
    const proxied = await fetch(`${server.url}/patient/`, {
      headers: { "x-forwarded-proto": "https" },
    });
    expect(await proxied.text()).toContain(`data-api="https://127.0.0.1:${server.port}"`);
    // Without the slash: redirected, the query kept.
    const bare = await fetch(`${server.url}/patient?signin=abc`, { redirect: "manual" });
    expect(bare.status).toBe(308);
    expect(bare.headers.get("location")).toBe("/patient/?signin=abc");
    // Only GET and HEAD.
    const post = await fetch(`${server.url}/staff/`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");

    const file = await fetch(`${server.url}/widget/bookwell.js`);
    expect(file.status).toBe(200);
    expect(await file.text()).toBe(script);
    // Ways out of dist/: all 404, none answers the files beside or above it.
    for (const path of [
      "/widget/../secret.js",
      "/widget/%2e%2e/secret.js",
      "/widget/%2E%2E%2Fsecret.js",
      "/widget/..%2fsecret.js",
      "/widget/..%2f..%2fsecret.js",
      "/widget/staff/%2e%2e/%2e%2e/%2e%2e/secret.js",
      "/widget/..%5csecret.js",
      "/widget/%252e%252e/secret.js",
    ]) {
      expect(await rawGet(server.url, path), path).toBe(404);
    }
    // The API is still there, with its own answers.
    expect((await fetch(`${server.url}/v1/clinic?clinic=clinic-a`)).status).toBe(200);
    const api404 = await fetch(`${server.url}/nothing`);
    expect(api404.status).toBe(404);
    expect(api404.headers.get("content-type")).toBe("application/problem+json");
  });

  test("without the widget package every page path is a 404 problem that says how to install it", async () => {
    const storage = await createTestStorage();
    await seedClinic(storage);
    // (In-process, the test runner's NODE_PATH finds the workspace's widget; the spawned CLI below
    // runs without it.)
    const missing: WidgetLocation = { found: false, reason: "not installed" };
    const pages = createServedPages({ storage, widget: missing });
    for (const path of ["/staff/", "/patient/", "/widget/bookwell.js"]) {
      expect(pages.handles(path)).toBe(true);
      const answer = await pages.fetch(new Request(`http://x${path}`));
      expect(answer.status, path).toBe(404);
      expect(answer.headers.get("content-type")).toBe("application/problem+json");
      const problem = (await answer.json()) as { detail: string };
      expect(problem.detail).toContain("npm install @bookwell/widget");
    }
    expect(pages.handles("/v1/services")).toBe(false);
    expect(pages.handles("/staffing")).toBe(false);
    await storage.close();
  });
});

/**
 * A project where `@bookwell/server-adapter` (this package's build, copied) is installed with its
 * own dependencies but without `@bookwell/widget`, as `npm install @bookwell/server-adapter` leaves
 * it. The dependencies are links into this workspace's store; the widget is not among them.
 */
async function projectWithoutWidget(): Promise<{ dir: string; cli: string }> {
  const pkg = here("..");
  if (!existsSync(join(pkg, "dist/cli.js"))) {
    throw new Error("dist/cli.js is missing: pnpm --filter @bookwell/server-adapter run build");
  }
  const dir = await mkdtemp(join(tmpdir(), "bookwell-nowidget-"));
  const installed = join(dir, "node_modules/@bookwell/server-adapter");
  await mkdir(installed, { recursive: true });
  for (const part of ["dist", "migrations", "package.json"]) {
    await cp(join(pkg, part), join(installed, part), { recursive: true });
  }
  const manifest = JSON.parse(await readFile(join(pkg, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  for (const name of Object.keys(manifest.dependencies)) {
    await mkdir(dirname(join(dir, "node_modules", name)), { recursive: true });
    await symlink(await realpath(join(pkg, "node_modules", name)), join(dir, "node_modules", name));
  }
  return { dir, cli: join(installed, "dist/cli.js") };
}

describe("bookwell serve without @bookwell/widget", () => {
  test("says so once at start; /staff/ is a 404 problem naming the install command", async () => {
    const project = await projectWithoutWidget();
    onTestFinished(() => rm(project.dir, { recursive: true, force: true }));
    const child = spawn(
      process.execPath,
      [project.cli, "serve", "--db", join(project.dir, "data"), "--port", "0"],
      // Not even pnpm's NODE_PATH (set by the test runner) may find the workspace's widget.
      {
        cwd: project.dir,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, NODE_PATH: "" },
      },
    );
    let out = "";
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    onTestFinished(async () => {
      child.kill("SIGTERM");
      await exited;
    });
    const url = await new Promise<string>((resolve, reject) => {
      const collect = (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      };
      child.stdout.on("data", collect);
      child.stderr.on("data", collect);
      child.once("exit", (code) => reject(new Error(`serve exited (${code}): ${out}`)));
    });
    expect(out.match(/@bookwell\/widget is not installed/g)).toHaveLength(1);
    expect(out).toContain("npm install @bookwell/widget");
    const staff = await fetch(`${url}/staff/`);
    expect(staff.status).toBe(404);
    expect(((await staff.json()) as { detail: string }).detail).toContain(
      "npm install @bookwell/widget",
    );
    expect((await fetch(`${url}/v1/clinic`)).status).toBe(200);
    expect(out.match(/@bookwell\/widget is not installed/g)).toHaveLength(1);
  });
});

describe("bookwell serve's e-mailed links", () => {
  test("servedPageLinks: the served pages by default, the clinic's own patient page when given", () => {
    expect(servedPageLinks("http://127.0.0.1:3000")).toEqual({
      manageUrl: "http://127.0.0.1:3000/book/?clinic={clinic}&bookwell-manage={token}",
      offerUrl: "http://127.0.0.1:3000/patient/?clinic={clinic}&offer={token}",
      patientUrl: "http://127.0.0.1:3000/patient/?clinic={clinic}&signin={token}",
    });
    const own = servedPageLinks("http://127.0.0.1:3000", {
      manageUrl: "https://clinic.example/book?bookwell-manage={token}",
      patientPage: "https://clinic.example/visits?lang=pt#top",
    });
    expect(own).toEqual({
      manageUrl: "https://clinic.example/book?bookwell-manage={token}",
      offerUrl: "https://clinic.example/visits?lang=pt&offer={token}#top",
      patientUrl: "https://clinic.example/visits?lang=pt&signin={token}#top",
    });
  });

  test("a --patient-url that is not an http(s) address is refused, naming the flag", async () => {
    const child = spawn(
      process.execPath,
      [
        "--experimental-transform-types",
        "--no-warnings",
        "--import",
        here("./support/register.mjs"),
        here("../src/cli.ts"),
        "serve",
        "--db",
        join(root, "never-created"),
        "--patient-url",
        "visits.html",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(out).toContain(
      "bookwell: --patient-url must be an absolute http:// or https:// address",
    );
    expect(out).not.toMatch(/\n\s+at /);
    expect(existsSync(join(root, "never-created"))).toBe(false);
  });

  test("without --manage-url, manage links open the served /book/ page and sign-in links /patient/", async () => {
    const smtp = await startTestSmtp();
    onTestFinished(() => smtp.close());
    const dir = await mkdtemp(join(tmpdir(), "bookwell-links-"));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const child = spawn(
      process.execPath,
      [
        "--experimental-transform-types",
        "--no-warnings",
        "--import",
        here("./support/register.mjs"),
        here("../src/cli.ts"),
        "serve",
        "--db",
        join(dir, "data"),
        "--port",
        "0",
        "--no-rate-limit",
        "--smtp-url",
        `smtp://127.0.0.1:${smtp.port}`,
        "--mail-from",
        "bookings@clinic.test",
        "--coalesce-minutes",
        "0",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    onTestFinished(async () => {
      child.kill("SIGTERM");
      await exited;
    });
    const [url, key] = await new Promise<[string, string]>((resolve, reject) => {
      const collect = (chunk: Buffer) => {
        out += chunk.toString();
        const u = /listening on (http:\/\/\S+)/.exec(out);
        const k = /manager API key \(shown once, store it now\): (\S+)/.exec(out);
        if (u?.[1] && k?.[1]) resolve([u[1], k[1]]);
      };
      child.stdout.on("data", collect);
      child.stderr.on("data", collect);
      child.once("exit", (code) => reject(new Error(`serve exited (${code}): ${out}`)));
    });
    expect(out).not.toContain("not installed");
    const post = (path: string, body: unknown, auth = true) =>
      fetch(`${url}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(auth ? { authorization: `Bearer ${key}` } : {}),
        },
        body: JSON.stringify(body),
      });
    const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday,
      start: "00:00",
      end: "24:00",
    }));
    const calendar = await post("/v1/staff/calendars", {
      id: "ana",
      kind: "provider",
      name: "Ana",
      locationId: "main",
      disciplines: ["physio"],
      timeZone: "UTC",
      weekly,
    });
    expect(calendar.status).toBe(201);
    const service = await post("/v1/staff/services", {
      id: "physio",
      name: "Physio",
      discipline: "physio",
      durationMinutes: 60,
      price: { amount: 3500, currency: "EUR" },
    });
    expect(service.status).toBe(201);
    const start = new Date(Date.now() + 3 * 86_400_000);
    start.setUTCHours(10, 0, 0, 0);
    const booked = await post(
      "/v1/bookings",
      {
        serviceId: "physio",
        providerId: "ana",
        start: start.toISOString(),
        client: { name: "Rita", email: "rita@example.com" },
      },
      false,
    );
    expect(booked.status).toBe(201);
    const { manageToken } = (await booked.json()) as { manageToken: string };
    const mailWith = async (text: string) => {
      for (let i = 0; i < 120; i++) {
        const mail = smtp.received.find((m) => (m.parsed.text ?? "").includes(text));
        if (mail) return mail.parsed.text ?? "";
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(
        `no e-mail with ${text}; got:\n${smtp.received.map((m) => m.parsed.text).join("\n---\n")}`,
      );
    };
    // The links name the clinic (the server's only one here, "clinic"): with several clinics on
    // one server, each opens its own clinic's page.
    await mailWith(`${url}/book/?clinic=clinic&bookwell-manage=${manageToken}`);

    const signIn = await post("/v1/patient/sign-in", { email: "rita@example.com" }, false);
    expect(signIn.status).toBe(202);
    const text = await mailWith(`${url}/patient/?clinic=clinic&signin=`);
    const link = new RegExp(`${url}/patient/\\?clinic=clinic&signin=\\S+`).exec(text)?.[0] ?? "";
    // The link opens the page this server serves.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="/widget/bookwell-patient.js"');
  }, 120_000);
});
