// How texts load in the script-tag bundle (dist/bookwell.js): a classic <script> for
// dist/locales/<language>.js next to bookwell.js (fetched in parallel with the clinic's data).
import { loadBeside, registry } from "../lib/beside-script.js";
import type { WidgetLanguage } from "./index.js";
import type { Messages } from "./messages.js";

/**
 * Loads the texts of a language from `locales/<language>.js` beside bookwell.js.
 *
 * @example
 * const pt = await importLocale("pt");
 */
export function importLocale(language: WidgetLanguage): Promise<Messages> {
  return loadBeside(
    `locales/${language}.js`,
    () => registry().locales[language] as Messages | undefined,
  );
}
