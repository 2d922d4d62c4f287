// The built files of @bookwell/widget (its dist/ folder) over HTTP: found at run time without
// importing widget code, answered with a content type, gzip or brotli, and a Cache-Control that
// revalidates by ETag. Nothing outside dist/ can be reached.

import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname, join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, gzip } from "node:zlib";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Cache-Control of the widget's files: fresh for 5 minutes, then revalidated by ETag. */
export const WIDGET_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=86400";

/** The command that installs the widget beside the server. */
export const WIDGET_INSTALL_HINT = "npm install @bookwell/widget (or pnpm add @bookwell/widget)";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
};

/** Where the widget's built files are, or why they cannot be served. */
export type WidgetLocation =
  | { found: true; dir: string; version: string }
  | { found: false; reason: string };

/**
 * Finds the installed `@bookwell/widget` package's `dist/` folder, resolving its package.json as
 * Node resolves imports from each of `from` in turn: by default from this package (the widget
 * installed beside it), then from the current directory (a project that installed both). It never
 * imports widget code.
 *
 * @example
 * const widget = findWidgetDist();
 * if (!widget.found) console.warn(widget.reason);
 */
export function findWidgetDist(
  from: readonly string[] = [import.meta.url, pathToFileURL(join(process.cwd(), "noop.js")).href],
): WidgetLocation {
  for (const base of from) {
    let manifest: string;
    try {
      manifest = createRequire(base).resolve("@bookwell/widget/package.json");
    } catch {
      continue;
    }
    const dir = join(dirname(manifest), "dist");
    if (!existsSync(join(dir, "bookwell.js"))) {
      return {
        found: false,
        reason: `@bookwell/widget at ${dirname(manifest)} has no built dist/bookwell.js (build it: pnpm --filter @bookwell/widget run build)`,
      };
    }
    let version = "unknown";
    try {
      version = String(
        (createRequire(base)("@bookwell/widget/package.json") as { version?: unknown }).version,
      );
    } catch {
      // the version is only shown
    }
    return { found: true, dir, version };
  }
  return {
    found: false,
    reason: `@bookwell/widget is not installed, so /staff/, /patient/ and /widget/ are not served; install it beside @bookwell/server-adapter: ${WIDGET_INSTALL_HINT}`,
  };
}

/** One file as read from disk, with its compressed forms made on first use. */
interface CachedFile {
  mtimeMs: number;
  size: number;
  body: Buffer;
  etag: string;
  br?: Promise<Buffer>;
  gzip?: Promise<Buffer>;
}

/**
 * A path under dist/ that may be served: folders and names of letters, digits, `-`, `_` and `.`
 * (no `..`, no empty or hidden segment), ending in a known extension. `undefined` otherwise.
 *
 * @example
 * safeWidgetPath("staff/sections/setup.js"); // "staff/sections/setup.js"
 * safeWidgetPath("../package.json"); // undefined
 */
export function safeWidgetPath(path: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  const segments = decoded.split("/");
  if (segments.some((s) => !/^[\w-][\w.-]*$/.test(s) || s.includes(".."))) return undefined;
  if (!(extname(decoded) in TYPES)) return undefined;
  return segments.join("/");
}

/** Picks `br` or `gzip` from an Accept-Encoding header (a `q=0` refuses one). */
function pickEncoding(header: string | null): "br" | "gzip" | undefined {
  if (!header) return undefined;
  const accepted = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    accepted.set(name.trim(), q ? Number(q.slice(2)) : 1);
  }
  if ((accepted.get("br") ?? 0) > 0) return "br";
  if ((accepted.get("gzip") ?? 0) > 0) return "gzip";
  return undefined;
}

/** True when an If-None-Match header names `etag` (weak comparison) or is `*`. */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}

/**
 * Answers requests for the widget's files from `dir` (a `dist/` folder): `file` is the path under
 * it as it came in the URL (still percent-encoded). Unknown or unsafe paths are `undefined` (the
 * caller answers 404); the rest get the content type, `Cache-Control`, a weak ETag (304 when the
 * client has it), `Vary: Accept-Encoding` and brotli or gzip when the client accepts them.
 *
 * @example
 * const files = widgetFiles("/srv/node_modules/@bookwell/widget/dist");
 * app.get("/widget/*", async (c) => (await files(c.req.raw, c.req.path.slice(8))) ?? c.notFound());
 */
export function widgetFiles(
  dir: string,
): (request: Request, file: string) => Promise<Response | undefined> {
  const root = resolve(dir);
  const cache = new Map<string, CachedFile>();
  return async (request, file) => {
    const relative = safeWidgetPath(file);
    if (relative === undefined) return undefined;
    const path = resolve(root, relative);
    if (!path.startsWith(root + sep)) return undefined;
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch {
      return undefined;
    }
    if (!info.isFile()) return undefined;
    let cached = cache.get(path);
    if (!cached || cached.mtimeMs !== info.mtimeMs || cached.size !== info.size) {
      const body = await readFile(path);
      const hash = createHash("sha256").update(body).digest("base64url").slice(0, 27);
      cached = { mtimeMs: info.mtimeMs, size: info.size, body, etag: `W/"${hash}"` };
      cache.set(path, cached);
    }
    const headers = new Headers({
      "content-type": TYPES[extname(path)] ?? "application/octet-stream",
      "cache-control": WIDGET_CACHE_CONTROL,
      etag: cached.etag,
      vary: "Accept-Encoding",
      "x-content-type-options": "nosniff",
    });
    if (matches(request.headers.get("if-none-match"), cached.etag)) {
      return new Response(null, { status: 304, headers });
    }
    const encoding = pickEncoding(request.headers.get("accept-encoding"));
    let body = cached.body;
    if (encoding === "br") {
      cached.br ??= brotli(cached.body);
      body = await cached.br;
    } else if (encoding === "gzip") {
      cached.gzip ??= gzipAsync(cached.body);
      body = await cached.gzip;
    }
    if (encoding) headers.set("content-encoding", encoding);
    headers.set("content-length", String(body.length));
    return new Response(request.method === "HEAD" ? null : new Uint8Array(body), {
      status: 200,
      headers,
    });
  };
}
