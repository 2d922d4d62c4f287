// Entry of dist/staff/sections/sign-in.js (script-tag build): registers the sign-in screen.
import { SignIn } from "../../sign-in.js";

const global = globalThis as typeof globalThis & {
  __bookwellStaffSections?: Record<string, unknown>;
};
global.__bookwellStaffSections = { ...global.__bookwellStaffSections, "sign-in": SignIn };
