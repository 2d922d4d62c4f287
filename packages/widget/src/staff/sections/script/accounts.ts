// Entry of dist/staff/sections/accounts.js (script-tag build): registers the section for the shell.
import { AccountsSection } from "../accounts.js";

const global = globalThis as typeof globalThis & {
  __bookwellStaffSections?: Record<string, unknown>;
};
global.__bookwellStaffSections = { ...global.__bookwellStaffSections, accounts: AccountsSection };
