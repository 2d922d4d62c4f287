// Mounting the staff app (the script-tag bundle's entry mounts it; src/staff/auto.ts).
import { StaffApp, type StaffAppOptions } from "./app.js";
import { type MountedStaffCalendar, mountInShadow } from "./mount-shared.js";

/**
 * Mounts the staff app (navigation between Calendar, Patients, Waitlist, Checkout, Reports and Audit, the
 * section in the URL hash, sections loaded on demand) into an element's shadow root. Mounting
 * again on the same element replaces what was there.
 *
 * @example
 * import { mountStaffApp } from "@bookwell/widget/staff";
 * const app = mountStaffApp(document.querySelector("#desk")!, {
 *   api: "https://clinic.example/api",
 *   getToken: async () => (await fetch("/my-session/bookwell-token")).text(),
 *   locale: "pt-PT",
 * });
 * // later: app.unmount();
 */
export function mountStaffApp(
  element: HTMLElement,
  options: StaffAppOptions & { nonce?: string | undefined },
): MountedStaffCalendar {
  return mountInShadow(element, <StaffApp options={options} />, options.nonce);
}
