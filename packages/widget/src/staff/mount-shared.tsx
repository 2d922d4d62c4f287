// Mounting a staff view in a shadow root with the staff styles, and the script tag's options.
import { type ComponentChild, render } from "preact";
import { adoptStyles } from "../theme/adopt.js";
import type { StaffAppOptions } from "./app.js";
import { staffStyles } from "./styles.js";

/** A mounted staff calendar or staff app. */
export interface MountedStaffCalendar {
  /** The shadow root the calendar renders into. */
  readonly shadowRoot: ShadowRoot;
  /** Removes the calendar and stops its polling. */
  unmount(): void;
}

const mounted = new WeakMap<Element, MountedStaffCalendar>();

/**
 * Renders `view` into `element`'s shadow root with the staff styles; mounting again on the same
 * element replaces what was there.
 *
 * @example
 * mountInShadow(host, <StaffApp options={options} />, options.nonce);
 */
export function mountInShadow(
  element: HTMLElement,
  view: ComponentChild,
  nonce: string | undefined,
): MountedStaffCalendar {
  mounted.get(element)?.unmount();
  const root = element.shadowRoot ?? element.attachShadow({ mode: "open" });
  adoptStyles(root, staffStyles, { nonce, first: true });
  const container = root.ownerDocument.createElement("div");
  container.className = "bw-staff-root";
  root.appendChild(container);
  render(view, container);
  const handle: MountedStaffCalendar = {
    shadowRoot: root,
    unmount() {
      render(null, container);
      container.remove();
      if (mounted.get(element) === handle) mounted.delete(element);
    },
  };
  mounted.set(element, handle);
  return handle;
}

/**
 * Staff app options from a script tag's `data-*` attributes (api, api-key, clinic, locale, date,
 * poll-seconds, nonce, section).
 *
 * @example
 * staffOptionsFromAttributes((name) => script.getAttribute(`data-${name}`));
 */
export function staffOptionsFromAttributes(
  read: (name: string) => string | null | undefined,
): StaffAppOptions & { nonce?: string } {
  const options: StaffAppOptions & { nonce?: string } = { api: read("api") ?? "" };
  const apiKey = read("api-key");
  if (apiKey) options.apiKey = apiKey;
  const clinic = read("clinic");
  if (clinic) options.clinic = clinic;
  const locale = read("locale");
  if (locale) options.locale = locale;
  const date = read("date");
  if (date && /^\d{4}-\d{2}-\d{2}$/.test(date)) options.date = date;
  const poll = Number(read("poll-seconds") ?? Number.NaN);
  if (Number.isFinite(poll) && poll >= 0) options.pollSeconds = poll;
  const nonce = read("nonce");
  if (nonce) options.nonce = nonce;
  const section = read("section");
  if (section === "calendar" || section === "patients") options.section = section;
  return options;
}

/**
 * Mounts a script-tag bundle for the `<script data-api="…">` tag that loaded it, once the page is
 * parsed: in the element named by its `data-target`, else in a new `<div class="…">` placed
 * right after the tag. `mount` reads the tag's other `data-*` attributes by name. Call it while
 * the bundle runs (the tag is `document.currentScript` only then); without such a tag, nothing.
 *
 * @example
 * mountForScriptTag("bookwell-staff", (host, read) => mountStaffApp(host, staffOptionsFromAttributes(read)));
 */
export function mountForScriptTag(
  className: string,
  mount: (host: HTMLElement, read: (name: string) => string | null) => void,
): void {
  const script = typeof document === "undefined" ? null : document.currentScript;
  if (!(script instanceof HTMLScriptElement) || !script.hasAttribute("data-api")) return;
  const run = () => {
    const selector = script.getAttribute("data-target");
    let host = selector ? document.querySelector<HTMLElement>(selector) : null;
    if (!host) {
      host = document.createElement("div");
      host.className = className;
      script.after(host);
    }
    mount(host, (name) => script.getAttribute(`data-${name}`));
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run, { once: true });
  } else {
    run();
  }
}
