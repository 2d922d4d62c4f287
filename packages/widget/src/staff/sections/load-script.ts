// How the shell loads a section in the script-tag build: dist/staff/sections/<id>.js beside
// bookwell-staff.js, a classic script that registers the section (it uses the Preact of the first
// bundle, see src/staff/auto.ts). A section this build does not ship answers `null`.
import type { ComponentType } from "preact";
import { loadStaffScript } from "../script-files.js";
import type { SignInProps } from "../sign-in.js";
import type { StaffSectionId } from "./contract.js";
import type { StaffSection } from "./load.js";

/** The sections dist/staff/sections/ holds. */
const SHIPPED: ReadonlySet<StaffSectionId> = new Set([
  "calendar",
  "patients",
  "waitlist",
  "checkout",
  "reports",
  "audit",
  "import",
  "setup",
  "accounts",
  "account",
]);

/**
 * Loads a section's component from `staff/sections/<id>.js`, or `null` when it is not shipped.
 *
 * @example
 * const Patients = await loadSection("patients");
 */
export function loadSection(id: StaffSectionId): Promise<StaffSection | null> {
  if (!SHIPPED.has(id)) return Promise.resolve(null);
  return loadStaffScript<StaffSection>(`sections/${id}`, "__bookwellStaffSections", id);
}

/**
 * Loads the sign-in screen from `staff/sections/sign-in.js`.
 *
 * @example
 * const SignIn = await loadSignIn();
 */
export function loadSignIn(): Promise<ComponentType<SignInProps>> {
  return loadStaffScript<ComponentType<SignInProps>>(
    "sections/sign-in",
    "__bookwellStaffSections",
    "sign-in",
  );
}
