import { bootMessages } from "./boot.js";
import { importLocale } from "./import-locale.js";
import type { WidgetLanguage } from "./index.js";
import type { Messages } from "./messages.js";

const cache = new Map<WidgetLanguage, Promise<Messages>>();

/**
 * The texts of a language. The ESM build imports them (English statically, the others as lazy
 * chunks); the script-tag build loads `locales/<language>.js` beside bookwell.js. A language
 * that cannot load falls back to English.
 *
 * @example
 * const messages = await loadMessages("pt");
 */
export function loadMessages(language: WidgetLanguage): Promise<Messages> {
  let messages = cache.get(language);
  if (!messages) {
    messages = importLocale(language).catch((error: unknown) => {
      console.warn(`Bookwell: could not load the "${language}" texts.`, error);
      if (language === "en") throw error;
      return loadMessages("en");
    });
    cache.set(language, messages);
  }
  return messages;
}

/**
 * Texts for the moment before the language file has loaded: only the loading line, the widget's
 * title and the first errors are real; no other key is read in that state.
 *
 * @example
 * createI18n("pt", "UTC", bootTexts());
 */
export function bootTexts(): Messages {
  return bootMessages as Messages;
}
