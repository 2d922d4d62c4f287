// The staff script-tag bundle (dist/bookwell-staff.js): mounts a staff calendar for the
// <script data-api="…" data-api-key="…"> tag that loaded it, in a shadow root placed after the tag
// (or in the element named by data-target).
import { mountStaffCalendar, staffOptionsFromAttributes } from "./mount.js";

export { mountStaffCalendar, staffOptionsFromAttributes } from "./mount.js";

const script = typeof document === "undefined" ? null : document.currentScript;
if (script instanceof HTMLScriptElement && script.hasAttribute("data-api")) {
  const run = () => {
    const selector = script.getAttribute("data-target");
    let host = selector ? document.querySelector<HTMLElement>(selector) : null;
    if (!host) {
      host = document.createElement("div");
      host.className = "bookwell-staff";
      script.after(host);
    }
    mountStaffCalendar(
      host,
      staffOptionsFromAttributes((name) => script.getAttribute(`data-${name}`)),
    );
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run, { once: true });
  } else {
    run();
  }
}
