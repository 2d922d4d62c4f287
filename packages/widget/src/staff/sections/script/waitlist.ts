// Entry of dist/staff/sections/waitlist.js (script-tag build): registers the section for the shell.
import { WaitlistSection } from "../waitlist.js";

const global = globalThis as typeof globalThis & {
  __bookwellStaffSections?: Record<string, unknown>;
};
global.__bookwellStaffSections = { ...global.__bookwellStaffSections, waitlist: WaitlistSection };
