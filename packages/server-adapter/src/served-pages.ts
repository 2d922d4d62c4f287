// The pages `bookwell serve` answers beside the API: the staff app at /staff/, the patient page
// ("My visits") at /patient/ and the widget's built files at /widget/, all from the installed
// @bookwell/widget package's dist/ folder (found at run time; no widget code is imported here).

import { BookwellError, problemResponse } from "./errors.js";
import type { ClinicRecord, Storage } from "./storage/storage.js";
import { WIDGET_INSTALL_HINT, type WidgetLocation, widgetFiles } from "./widget-files.js";

/**
 * The Content-Security-Policy of the served HTML pages: scripts, styles and requests from this
 * server only; nothing inline, no frames, no form posts elsewhere.
 */
export const SERVED_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Where e-mailed links lead: templates with `{token}`, as the outbox worker's defaults take them. */
export interface ServedPageLinks {
  /** A visit's manage link (the booking page with `?bookwell-manage=`). */
  manageUrl: string;
  /** A waitlist offer (the patient page with `?offer=`). */
  offerUrl: string;
  /** A patient's sign-in link (the patient page with `?signin=`). */
  patientUrl: string;
}

/** `page` with `name={token}` added to its query (before any `#…`). */
function withTokenParam(page: string, name: string): string {
  const hash = page.indexOf("#");
  const [base, fragment] = hash < 0 ? [page, ""] : [page.slice(0, hash), page.slice(hash)];
  const joiner = base.includes("?") ? (base.endsWith("?") || base.endsWith("&") ? "" : "&") : "?";
  return `${base}${joiner}${name}={token}${fragment}`;
}

/**
 * The e-mailed links of a server that serves the pages at `serverUrl`: manage links open its
 * `/book/` page of the message's clinic (`{clinic}`) (or `manageUrl`, a `{token}` template, when given), sign-in links and waitlist
 * offers open its `/patient/` page (or `patientPage`, the address of a page of yours with
 * bookwell-patient.js, when given).
 *
 * @example
 * servedPageLinks("http://127.0.0.1:3000").patientUrl;
 * // "http://127.0.0.1:3000/patient/?clinic={clinic}&signin={token}"
 * servedPageLinks("http://127.0.0.1:3000", { patientPage: "https://clinic.example/visits" }).offerUrl;
 * // "https://clinic.example/visits?offer={token}"
 */
export function servedPageLinks(
  serverUrl: string,
  configured: { manageUrl?: string | undefined; patientPage?: string | undefined } = {},
): ServedPageLinks {
  // The served pages name the clinic (`{clinic}`, filled by the outbox worker for each message):
  // on a server with several clinics a link opens its own clinic's page, not the first one's.
  const patientPage = configured.patientPage ?? `${serverUrl}/patient/?clinic={clinic}`;
  return {
    manageUrl: configured.manageUrl ?? `${serverUrl}/book/?clinic={clinic}&bookwell-manage={token}`,
    offerUrl: withTokenParam(patientPage, "offer"),
    patientUrl: withTokenParam(patientPage, "signin"),
  };
}

/** Options of {@link createServedPages}. */
export interface ServedPagesOptions {
  /** Where the clinics are read from (a page's language and title are its clinic's). */
  storage: Pick<Storage, "getClinic" | "listClinics">;
  /** The widget's built files, from `findWidgetDist()`. */
  widget: WidgetLocation;
}

/** The served pages: which paths they answer, and how. */
export interface ServedPages {
  /** True for the paths these pages answer (`/staff`, `/patient`, `/widget/` and below). */
  handles(pathname: string): boolean;
  /** Answers one request for such a path. */
  fetch(request: Request): Promise<Response>;
}

/** Escapes text for an HTML attribute or element. */
function html(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** The origin the browser used: the request's, with the scheme a proxy in front says it used. */
function publicOrigin(request: Request): string {
  const url = new URL(request.url);
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  const scheme =
    forwarded === "https" || forwarded === "http" ? forwarded : url.protocol.slice(0, -1);
  return `${scheme}://${url.host}`;
}

function notFound(detail: string): Response {
  return problemResponse(new BookwellError("NOT_FOUND", detail));
}

/** The page's clinic: `?clinic=<id>`, else the first clinic of the server. */
async function pageClinic(
  storage: ServedPagesOptions["storage"],
  url: URL,
): Promise<ClinicRecord | undefined> {
  const named = url.searchParams.get("clinic");
  if (named) return named.length <= 128 ? storage.getClinic(named) : undefined;
  return (await storage.listClinics())[0];
}

/** One HTML page that loads one of the widget's scripts with the clinic's attributes. */
function shell(options: {
  clinic: ClinicRecord;
  title: string;
  script: string;
  api: string;
}): string {
  const { clinic } = options;
  return `<!doctype html>
<html lang="${html(clinic.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${html(`${clinic.name} — ${options.title}`)}</title>
<link rel="icon" href="data:,">
</head>
<body>
<main>
<h1>${html(clinic.name)}</h1>
<script src="/widget/${options.script}" data-api="${html(options.api)}" data-clinic="${html(clinic.id)}" data-locale="${html(clinic.locale)}"></script>
</main>
</body>
</html>
`;
}

const PAGES: Record<string, { title: string; script: string; csp: string }> = {
  "/book/": { title: "book a visit", script: "bookwell.js", csp: SERVED_PAGE_CSP },
  "/staff/": { title: "staff", script: "bookwell-staff.js", csp: SERVED_PAGE_CSP },
  "/patient/": { title: "my visits", script: "bookwell-patient.js", csp: SERVED_PAGE_CSP },
};

/**
 * The staff app (`/staff/`), the patient page (`/patient/`) and the widget's files (`/widget/…`)
 * for a server that also answers the API. The pages carry {@link SERVED_PAGE_CSP} (no inline
 * scripts or styles on any of them), `lang` from the clinic's locale and its name in the title; without the widget package every such path is a 404
 * problem saying how to install it.
 *
 * @example
 * const pages = createServedPages({ storage, widget: findWidgetDist() });
 * const fetch = (request: Request) =>
 *   pages.handles(new URL(request.url).pathname) ? pages.fetch(request) : api.fetch(request);
 */
export function createServedPages(options: ServedPagesOptions): ServedPages {
  const { storage, widget } = options;
  const files = widget.found ? widgetFiles(widget.dir) : undefined;
  const handles = (pathname: string) =>
    /^\/(?:staff|patient|book)(?:\/|$)/.test(pathname) || pathname.startsWith("/widget/");
  return {
    handles,
    async fetch(request) {
      const url = new URL(request.url);
      const path = url.pathname;
      if (request.method !== "GET" && request.method !== "HEAD") {
        return problemResponse(
          new BookwellError("METHOD_NOT_ALLOWED", `${request.method} is not allowed on ${path}`, {
            headers: { Allow: "GET, HEAD" },
          }),
        );
      }
      if (!widget.found || !files) {
        return notFound(`${path} needs the @bookwell/widget package: ${WIDGET_INSTALL_HINT}`);
      }
      if (path === "/staff" || path === "/patient" || path === "/book") {
        return new Response(null, {
          status: 308,
          headers: { location: `${path}/${url.search}` },
        });
      }
      const page = PAGES[path];
      if (page) {
        const clinic = await pageClinic(storage, url);
        if (!clinic) return notFound("No such clinic");
        const body = shell({ clinic, ...page, api: publicOrigin(request) });
        return new Response(request.method === "HEAD" ? null : body, {
          headers: {
            "content-type": "text/html; charset=utf-8",
            "content-security-policy": page.csp,
            "cache-control": "no-store",
            "referrer-policy": "no-referrer",
            "x-content-type-options": "nosniff",
            "x-frame-options": "DENY",
          },
        });
      }
      if (path.startsWith("/widget/")) {
        const answer = await files(request, path.slice("/widget/".length));
        if (answer) return answer;
      }
      return notFound(`No file ${path}`);
    },
  };
}
