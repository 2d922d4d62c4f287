// Entry of dist/locales/es.js (script-tag build): registers the Spanish texts.
import { es } from "../es.js";

const global = globalThis as typeof globalThis & { __bookwellLocales?: Record<string, unknown> };
global.__bookwellLocales = { ...global.__bookwellLocales, es };
