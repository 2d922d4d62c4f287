// Entry of dist/locales/pt.js (script-tag build): registers the Portuguese texts.
import { pt } from "../pt.js";

const global = globalThis as typeof globalThis & { __bookwellLocales?: Record<string, unknown> };
global.__bookwellLocales = { ...global.__bookwellLocales, pt };
