import { render } from "preact";
import { StaffCalendarApp, type StaffCalendarOptions } from "./staff-calendar.js";
import { staffStyles } from "./styles.js";

/** A mounted staff calendar. */
export interface MountedStaffCalendar {
  /** The shadow root the calendar renders into. */
  readonly shadowRoot: ShadowRoot;
  /** Removes the calendar and stops its polling. */
  unmount(): void;
}

const mounted = new WeakMap<Element, MountedStaffCalendar>();

function applyStaffStyles(root: ShadowRoot, nonce?: string): void {
  const doc = root.ownerDocument;
  try {
    if (typeof CSSStyleSheet !== "undefined" && "adoptedStyleSheets" in root) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(staffStyles);
      root.adoptedStyleSheets = [sheet];
      return;
    }
  } catch {
    // Fall back to a <style> element below.
  }
  const style = doc.createElement("style");
  if (nonce) style.nonce = nonce;
  style.textContent = staffStyles;
  root.appendChild(style);
}

/**
 * Mounts the staff calendar (the clinic's day in a grid) into an element's shadow root. Mounting
 * again on the same element replaces the previous calendar.
 *
 * @example
 * import { mountStaffCalendar } from "@bookwell/widget/staff";
 * const calendar = mountStaffCalendar(document.querySelector("#calendar")!, {
 *   api: "https://clinic.example/api",
 *   getToken: async () => (await fetch("/my-session/bookwell-token")).text(),
 * });
 * // later: calendar.unmount();
 */
export function mountStaffCalendar(
  element: HTMLElement,
  options: StaffCalendarOptions & { nonce?: string | undefined },
): MountedStaffCalendar {
  mounted.get(element)?.unmount();
  const root = element.shadowRoot ?? element.attachShadow({ mode: "open" });
  applyStaffStyles(root, options.nonce);
  const container = root.ownerDocument.createElement("div");
  container.className = "bw-staff-root";
  root.appendChild(container);
  render(<StaffCalendarApp options={options} />, container);
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
 * Staff calendar options from a script tag's `data-*` attributes (api, api-key, clinic, locale,
 * date, poll-seconds, nonce).
 *
 * @example
 * staffOptionsFromAttributes((name) => script.getAttribute(`data-${name}`));
 */
export function staffOptionsFromAttributes(
  read: (name: string) => string | null | undefined,
): StaffCalendarOptions & { nonce?: string } {
  const options: StaffCalendarOptions & { nonce?: string } = { api: read("api") ?? "" };
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
  return options;
}
