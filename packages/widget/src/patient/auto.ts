// The patient page's script-tag bundle (dist/bookwell-patient.js): mounts "My visits" for the
// <script data-api="…" data-clinic="…"> tag that loaded it, in a shadow root placed after the tag
// (or in the element named by data-target). The booking bundle loads this file on demand.
import { mountMyVisits } from "./mount.js";

export { mountMyVisits } from "./mount.js";

const script = typeof document === "undefined" ? null : document.currentScript;
if (script instanceof HTMLScriptElement && script.hasAttribute("data-api")) {
  const run = () => {
    const selector = script.getAttribute("data-target");
    let host = selector ? document.querySelector<HTMLElement>(selector) : null;
    if (!host) {
      host = document.createElement("div");
      host.className = "bookwell-my-visits";
      script.after(host);
    }
    const attr = (name: string) => script.getAttribute(`data-${name}`) ?? undefined;
    const service = attr("waitlist-service");
    mountMyVisits(host, {
      api: attr("api") as string,
      clinic: attr("clinic"),
      locale: attr("locale"),
      nonce: attr("nonce") ?? (script.nonce || undefined),
      ...(service
        ? { waitlist: { serviceId: service, providerId: attr("waitlist-provider") } }
        : {}),
    });
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run, { once: true });
  } else {
    run();
  }
}
