// Entry of dist/staff/sections/audit.js (script-tag build): registers the section for the shell.
import { AuditSection } from "../audit.js";

const global = globalThis as typeof globalThis & {
  __bookwellStaffSections?: Record<string, unknown>;
};
global.__bookwellStaffSections = { ...global.__bookwellStaffSections, audit: AuditSection };
