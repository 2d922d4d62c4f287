// The setup wizard's script-tag bundle (dist/bookwell-setup.js), until the staff app's shell loads
// its sections: mounts the setup section for the <script data-api="…" data-api-key="…"
// data-locale="pt"> tag that loaded it, in a shadow root with the staff stylesheet placed after
// the tag (or in the element named by data-target). "Finish" goes to `data-calendar-url`.
import { h, render } from "preact";
import { adoptStyles } from "../theme/adopt.js";
import { createStaffClient } from "./api.js";
import { mountForScriptTag } from "./mount-shared.js";
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
  adoptStyles(shadow, staffStyles, { nonce: undefined, first: true });
  const root = document.createElement("div");
  root.className = "bw-staff-root";
  shadow.appendChild(root);
  const client = createStaffClient({
    api: options.api,
    apiKey: options.apiKey,
    locale: options.locale,
  });
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

mountForScriptTag("bookwell-setup", (host, read) => {
  mountSetup(host, {
    api: read("api") ?? "",
    apiKey: read("api-key") ?? undefined,
    locale: read("locale") ?? undefined,
    calendarUrl: read("calendar-url") ?? undefined,
  }).catch((error: unknown) => console.error(error));
});
