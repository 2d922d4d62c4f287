// Entry of dist/staff/sections/account.js (script-tag build): registers the section for the shell.
import { MyAccountSection } from "../account.js";

const global = globalThis as typeof globalThis & {
  __bookwellStaffSections?: Record<string, unknown>;
};
global.__bookwellStaffSections = { ...global.__bookwellStaffSections, account: MyAccountSection };
