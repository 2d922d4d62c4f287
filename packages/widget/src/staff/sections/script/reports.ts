// Entry of dist/staff/sections/reports.js (script-tag build): registers the section for the shell.
import { ReportsSection } from "../reports.js";

const global = globalThis as typeof globalThis & {
  __bookwellStaffSections?: Record<string, unknown>;
};
global.__bookwellStaffSections = { ...global.__bookwellStaffSections, reports: ReportsSection };
