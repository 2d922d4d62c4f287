// Entry of dist/staff/sections/patients.js (script-tag build): registers the section for the shell.
import { PatientsSection } from "../patients.js";

const global = globalThis as typeof globalThis & {
  __bookwellStaffSections?: Record<string, unknown>;
};
global.__bookwellStaffSections = { ...global.__bookwellStaffSections, patients: PatientsSection };
