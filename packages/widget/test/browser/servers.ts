// A small static server for the browser tests on 127.0.0.1: the built bundle, test pages (served
// with a strict CSP), axe-core and Storybook's static build. The API they talk to is the real
// one (real-api.ts).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";

/** The widget package's root folder. */
export const PACKAGE = new URL("../../", import.meta.url).pathname;

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
};

/** A running server. */
export interface Running {
  url: string;
  close(): Promise<void>;
}

function listen(server: Server): Promise<Running> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * Builds dist/ when it is missing or older than src/ (the root test run builds first anyway).
 *
 * @example
 * ensureBuilt();
 */
export function ensureBuilt(): void {
  const bundle = join(PACKAGE, "dist/bookwell.js");
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newest(join(PACKAGE, "src"))) return;
  const result = spawnSync("pnpm", ["run", "build"], { cwd: PACKAGE, stdio: "inherit" });
  if (result.status !== 0) throw new Error("building the widget failed");
}

/** A page the static server serves. */
export interface Page {
  html: string;
  /** Content-Security-Policy header for the page. */
  csp?: string;
}

/**
 * Serves `/dist/**` (the built widget), `/axe.min.js`, optional extra folders and test pages.
 *
 * @example
 * const site = await startStatic({ "/": { html, csp } });
 */
export async function startStatic(
  pages: Record<string, Page>,
  folders: Record<string, string> = {},
): Promise<Running & { pages: Record<string, Page> }> {
  const require = createRequire(import.meta.url);
  const axe = readFileSync(require.resolve("axe-core/axe.min.js"));
  const roots: Record<string, string> = { "/dist/": join(PACKAGE, "dist"), ...folders };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://x");
    const page = pages[url.pathname];
    if (page) {
      res.writeHead(200, {
        "content-type": TYPES[".html"] as string,
        ...(page.csp ? { "content-security-policy": page.csp } : {}),
      });
      res.end(page.html);
      return;
    }
    if (url.pathname === "/axe.min.js") {
      res.writeHead(200, { "content-type": TYPES[".js"] as string });
      res.end(axe);
      return;
    }
    for (const [prefix, dir] of Object.entries(roots)) {
      if (!url.pathname.startsWith(prefix)) continue;
      let file = normalize(join(dir, decodeURIComponent(url.pathname.slice(prefix.length))));
      if (!file.startsWith(dir)) break;
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
      if (!existsSync(file)) break;
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(readFileSync(file));
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  });
  return { ...(await listen(server)), pages };
}

/**
 * A test page with the script tag, inside a landmark, under a strict CSP that only allows the
 * widget's own origin for scripts and styles and the API for requests.
 *
 * @example
 * page({ api, attributes: 'data-locale="en"' });
 */
export function scriptPage(options: { api: string; attributes?: string; body?: string }): Page {
  return {
    html: `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Clínica Exemplo – book a visit</title><link rel="icon" href="data:,"></head>
<body>
<main>
<h1>Clínica Exemplo</h1>
<p>Physiotherapy and massage in Lisbon.</p>
${options.body ?? ""}
<script src="/dist/bookwell.js" data-api="${options.api}" ${options.attributes ?? ""}></script>
</main>
</body>
</html>`,
    csp: strictCsp(options.api),
  };
}

/**
 * The strict CSP every test page runs under: its own scripts and styles only, API calls to `api`
 * alone; `blobs` also lets it show blob: documents (the PDFs the checkout opens).
 *
 * @example
 * strictCsp("http://127.0.0.1:4000"); // "default-src 'none'; script-src 'self'; …"
 */
export function strictCsp(api: string, options: { blobs?: boolean } = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src ${api}`,
    options.blobs ? "img-src 'self' data: blob:" : "img-src 'self' data:",
    ...(options.blobs ? ["object-src blob:", "frame-src blob:"] : []),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * A staff test page under {@link strictCsp}: a heading and one script tag (the staff app from
 * dist/, or a test bundle mounting one section into `<div id="app">` when `app` is set).
 *
 * @example
 * site.pages["/desk"] = staffTestPage({ api: api.url, lang: "pt-PT", title: "receção", heading: "Receção",
 *   script: "/dist/bookwell-staff.js", attributes: `data-api-key="${key}" data-locale="pt-PT"` });
 */
export function staffTestPage(options: {
  api: string;
  lang: string;
  title: string;
  heading: string;
  script: string;
  /** The script tag's attributes besides `src` and `data-api`. */
  attributes: string;
  app?: boolean;
  blobs?: boolean;
}): Page {
  return {
    html: `<!doctype html>
<html lang="${options.lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Clínica Exemplo – ${options.title}</title><link rel="icon" href="data:,"></head>
<body>
<main>
<h1>${options.heading}</h1>
${options.app ? '<div id="app"></div>\n' : ""}<script src="${options.script}" data-api="${options.api}" ${options.attributes}></script>
</main>
</body>
</html>`,
    csp: strictCsp(options.api, options.blobs ? { blobs: true } : {}),
  };
}
