// Entry of dist/staff/sections/checkout.js (script-tag build): registers the section for the shell.
import { CheckoutSection } from "../checkout.js";

const global = globalThis as typeof globalThis & {
  __bookwellStaffSections?: Record<string, unknown>;
};
global.__bookwellStaffSections = { ...global.__bookwellStaffSections, checkout: CheckoutSection };
