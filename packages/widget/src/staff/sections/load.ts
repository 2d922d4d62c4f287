// How the shell loads a section in the ESM build: a dynamic import() per section, so bundlers emit
// each as its own chunk. The script-tag build swaps this module for load-script.ts. A section that
// is not part of this build answers `null` (the shell says so).
import type { ComponentType } from "preact";
import type { SignInProps } from "../sign-in.js";
import type { StaffSectionId, StaffSectionProps } from "./contract.js";

/** A section's component. */
export type StaffSection = ComponentType<StaffSectionProps>;

/**
 * Loads a section's component, or `null` when this build has no such section.
 *
 * @example
 * const Patients = await loadSection("patients");
 */
export async function loadSection(id: StaffSectionId): Promise<StaffSection | null> {
  if (id === "calendar") return (await import("./calendar.js")).CalendarSection;
  if (id === "patients") return (await import("./patients.js")).PatientsSection;
  if (id === "waitlist") return (await import("./waitlist.js")).WaitlistSection;
  if (id === "checkout") return (await import("./checkout.js")).CheckoutSection;
  if (id === "reports") return (await import("./reports.js")).ReportsSection;
  if (id === "audit") return (await import("./audit.js")).AuditSection;
  if (id === "import") return (await import("./import.js")).ImportSection;
  if (id === "setup") return (await import("./setup.js")).SetupSection;
  if (id === "accounts") return (await import("./accounts.js")).AccountsSection;
  if (id === "account") return (await import("./account.js")).MyAccountSection;
  return null;
}

/**
 * Loads the sign-in screen (shown only when the app runs on a staff account's session cookie).
 *
 * @example
 * const SignIn = await loadSignIn();
 */
export async function loadSignIn(): Promise<ComponentType<SignInProps>> {
  return (await import("../sign-in.js")).SignIn;
}
