// Entry of dist/staff/sections/import.js (script-tag build): registers the section for the shell.
import { ImportSection } from "../import.js";

const global = globalThis as typeof globalThis & {
  __bookwellStaffSections?: Record<string, unknown>;
};
global.__bookwellStaffSections = { ...global.__bookwellStaffSections, import: ImportSection };
