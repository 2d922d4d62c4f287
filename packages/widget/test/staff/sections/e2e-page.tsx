// The test page's entry of the sections' browser tests: mounts one staff section (checkout,
// reports, audit, setup or waitlist) in a shadow root with the staff stylesheet, as the shell will, from the script
// tag's data attributes. Built with vite by the test itself (sections-bundle.ts); never shipped.

import { render } from "preact";
import { createStaffClient } from "../../../src/staff/api.js";
import { AuditSection } from "../../../src/staff/sections/audit.js";
import { CheckoutSection } from "../../../src/staff/sections/checkout.js";
import type { StaffLocale, StaffRoute } from "../../../src/staff/sections/contract.js";
import { ReportsSection } from "../../../src/staff/sections/reports.js";
import { SetupSection } from "../../../src/staff/sections/setup.js";
import { WaitlistSection } from "../../../src/staff/sections/waitlist.js";
import { staffStyles } from "../../../src/staff/styles.js";

const SECTIONS = {
  checkout: CheckoutSection,
  reports: ReportsSection,
  audit: AuditSection,
  setup: SetupSection,
  waitlist: WaitlistSection,
};

const script = document.currentScript as HTMLScriptElement;
const data = script.dataset;
const section = (data.section ?? "checkout") as keyof typeof SECTIONS;
const Section = SECTIONS[section];
const host = document.getElementById("app") as HTMLElement;
const shadow = host.attachShadow({ mode: "open" });
const sheet = new CSSStyleSheet();
sheet.replaceSync(staffStyles);
shadow.adoptedStyleSheets = [sheet];
const root = document.createElement("div");
root.className = "bw-staff-root";
shadow.appendChild(root);
const client = createStaffClient({ api: data.api ?? "", apiKey: data.apiKey });
client.me().then((me) =>
  render(
    <Section
      client={client}
      me={me}
      locale={(data.locale ?? "pt") as StaffLocale}
      clinic={{ timeZone: data.timeZone ?? "Europe/Lisbon", currency: data.currency ?? "EUR" }}
      params={JSON.parse(data.params ?? "{}") as Record<string, string>}
      navigate={(route: StaffRoute) => {
        location.href = `/${route.section}?${new URLSearchParams(route.params ?? {})}`;
      }}
    />,
    root,
  ),
);
