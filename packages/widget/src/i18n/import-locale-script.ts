// How texts load in the script-tag bundle (dist/bookwell.js): a classic <script> for
// dist/locales/<language>.js next to bookwell.js (fetched in parallel with the clinic's data). Classic scripts need no CORS and pass any CSP
// that already allows bookwell.js (the CSP nonce of the bookwell.js tag is reused).
import type { WidgetLanguage } from "./index.js";
import type { Messages } from "./messages.js";

type Registry = Record<string, Messages | undefined>;
const global = globalThis as typeof globalThis & { __bookwellLocales?: Registry };
const current = typeof document === "undefined" ? null : document.currentScript;
const base = current instanceof HTMLScriptElement && current.src ? current.src : null;
const nonce = current instanceof HTMLScriptElement ? current.nonce : "";

/**
 * Loads the texts of a language from `locales/<language>.js` beside bookwell.js.
 *
 * @example
 * const pt = await importLocale("pt");
 */
export function importLocale(language: WidgetLanguage): Promise<Messages> {
  const ready = global.__bookwellLocales?.[language];
  if (ready) return Promise.resolve(ready);
  if (!base) return Promise.reject(new Error("no script address"));
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = new URL(`locales/${language}.js`, base).href;
    script.async = true;
    if (nonce) script.nonce = nonce;
    // Loaded without registering its texts or not loaded at all: the same failure.
    script.onload = script.onerror = () => {
      const messages = global.__bookwellLocales?.[language];
      if (messages) resolve(messages);
      else reject(new Error(`could not load ${script.src}`));
      script.remove();
    };
    document.head.appendChild(script);
  });
}
