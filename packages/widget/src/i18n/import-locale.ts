// How texts load in the ESM build: English statically, the others with dynamic import(), so
// bundlers emit each language as its own chunk. The script-tag build swaps this module for
// import-locale-script.ts.
import { en } from "./en.js";
import type { WidgetLanguage } from "./index.js";
import type { Messages } from "./messages.js";

/**
 * Loads the texts of a language.
 *
 * @example
 * const pt = await importLocale("pt");
 */
export async function importLocale(language: WidgetLanguage): Promise<Messages> {
  if (language === "pt") return (await import("./pt.js")).pt;
  if (language === "es") return (await import("./es.js")).es;
  return en;
}
