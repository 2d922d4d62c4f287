// Mounting the staff calendar alone (the staff app is mounted by mount-app.tsx).
import { type MountedStaffCalendar, mountInShadow } from "./mount-shared.js";
import { StaffCalendarApp, type StaffCalendarOptions } from "./staff-calendar.js";

export { mountStaffApp } from "./mount-app.js";
export { type MountedStaffCalendar, staffOptionsFromAttributes } from "./mount-shared.js";

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
  return mountInShadow(element, <StaffCalendarApp options={options} />, options.nonce);
}
