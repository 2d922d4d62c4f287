// Entry of dist/staff/sections/setup.js (script-tag build): registers the section for the shell.
import { SetupSection } from "../setup.js";

const global = globalThis as typeof globalThis & {
  __bookwellStaffSections?: Record<string, unknown>;
};
global.__bookwellStaffSections = { ...global.__bookwellStaffSections, setup: SetupSection };
