// Entry of dist/staff/locales/pt.js (script-tag build): registers the staff texts in this language.
import { pt } from "../pt.js";

const global = globalThis as typeof globalThis & { __bookwellStaffTexts?: Record<string, unknown> };
global.__bookwellStaffTexts = { ...global.__bookwellStaffTexts, pt };
