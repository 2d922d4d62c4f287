// Entry of dist/staff/sections/calendar.js (script-tag build): registers the section for the shell.
import { CalendarSection } from "../calendar.js";

const global = globalThis as typeof globalThis & {
  __bookwellStaffSections?: Record<string, unknown>;
};
global.__bookwellStaffSections = { ...global.__bookwellStaffSections, calendar: CalendarSection };
