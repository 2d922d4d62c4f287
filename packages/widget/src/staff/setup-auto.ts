// The setup wizard's script-tag bundle (dist/bookwell-setup.js), until the staff app's shell loads
// its sections: mounts the setup section for the <script data-api="…" data-api-key="…"
// data-locale="pt"> tag that loaded it, in a shadow root with the staff stylesheet placed after
// the tag (or in the element named by data-target). "Finish" goes to `data-calendar-url`.
import { h, render } from "preact";
import { createStaffClient } from "./api.js";
import type { StaffLocale } from "./sections/contract.js";
import { SetupSection } from "./sections/setup.js";
import { staffStyles } from "./styles.js";

/**
 * Mounts the setup wizard into `host`'s shadow root with the script tag's settings.
 *
 * @example
 * mountSetup(document.querySelector("#setup")!, { api: "/api", apiKey: "bw_sk_…", locale: "pt" });
 */
export async function mountSetup(
  host: HTMLElement,
  options: {
    api: string;
    apiKey?: string | undefined;
    locale?: string | undefined;
    calendarUrl?: string | undefined;
  },
): Promise<void> {
  const shadow = host.shadowRoot ?? host.attachShadow({ mode: "open" });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(staffStyles);
  shadow.adoptedStyleSheets = [sheet];
  const root = document.createElement("div");
  root.className = "bw-staff-root";
  shadow.appendChild(root);
  const client = createStaffClient({ api: options.api, apiKey: options.apiKey });
  const me = await client.me();
  const locale = (
    ["en", "pt", "es"].includes(options.locale ?? "") ? options.locale : "en"
  ) as StaffLocale;
  render(
    h(SetupSection, {
      client,
      me,
      locale,
      clinic: { timeZone: "UTC", currency: "EUR" },
      params: {},
      navigate: () => {
        if (options.calendarUrl) location.href = options.calendarUrl;
      },
    }),
    root,
  );
}

const script = typeof document === "undefined" ? null : document.currentScript;
if (script instanceof HTMLScriptElement && script.hasAttribute("data-api")) {
  const run = () => {
    const selector = script.getAttribute("data-target");
    let host = selector ? document.querySelector<HTMLElement>(selector) : null;
    if (!host) {
      host = document.createElement("div");
      host.className = "bookwell-setup";
      script.after(host);
    }
    mountSetup(host, {
      api: script.getAttribute("data-api") ?? "",
      apiKey: script.getAttribute("data-api-key") ?? undefined,
      locale: script.getAttribute("data-locale") ?? undefined,
      calendarUrl: script.getAttribute("data-calendar-url") ?? undefined,
    }).catch((error: unknown) => console.error(error));
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run, { once: true });
  } else {
    run();
  }
}
