// How the staff texts load in the ESM build: English statically, the others with dynamic import()
// (each its own chunk). The script-tag build swaps this module for import-texts-script.ts.
import { en, type StaffTexts } from "./en.js";

/**
 * Loads the staff texts of a language.
 *
 * @example
 * const pt = await importStaffTexts("pt");
 */
export async function importStaffTexts(language: "en" | "pt" | "es"): Promise<StaffTexts> {
  if (language === "pt") return (await import("./pt.js")).pt;
  if (language === "es") return (await import("./es.js")).es;
  return en;
}
