// Entry of dist/staff/locales/en.js (script-tag build): registers the staff texts in this language.
import { en } from "../en.js";

const global = globalThis as typeof globalThis & { __bookwellStaffTexts?: Record<string, unknown> };
global.__bookwellStaffTexts = { ...global.__bookwellStaffTexts, en };
