// Entry of dist/staff/locales/es.js (script-tag build): registers the staff texts in this language.
import { es } from "../es.js";

const global = globalThis as typeof globalThis & { __bookwellStaffTexts?: Record<string, unknown> };
global.__bookwellStaffTexts = { ...global.__bookwellStaffTexts, es };
