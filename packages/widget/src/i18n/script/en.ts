// Entry of dist/locales/en.js (script-tag build): registers the English texts.
import { en } from "../en.js";

const global = globalThis as typeof globalThis & { __bookwellLocales?: Record<string, unknown> };
global.__bookwellLocales = { ...global.__bookwellLocales, en };
