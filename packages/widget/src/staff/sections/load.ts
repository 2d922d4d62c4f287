// How the shell loads a section in the ESM build: a dynamic import() per section, so bundlers emit
// each as its own chunk. The script-tag build swaps this module for load-script.ts. A section that
// is not part of this build answers `null` (the shell says so).
import type { ComponentType } from "preact";
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
  return null;
}
