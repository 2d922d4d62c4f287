// How the staff texts load in the script-tag build: dist/staff/locales/<language>.js beside
// bookwell-staff.js (English is bundled).
import { loadStaffScript } from "../script-files.js";
import { en, type StaffTexts } from "./en.js";

/**
 * Loads the staff texts of a language from `staff/locales/<language>.js`.
 *
 * @example
 * const pt = await importStaffTexts("pt");
 */
export function importStaffTexts(language: "en" | "pt" | "es"): Promise<StaffTexts> {
  if (language === "en") return Promise.resolve(en);
  return loadStaffScript<StaffTexts>(`locales/${language}`, "__bookwellStaffTexts", language);
}
