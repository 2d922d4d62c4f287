// The staff app's texts and formats: one module per language (en.ts, pt.ts, es.ts) loaded on
// demand, `{name}` placeholders, money and dates through Intl in the clinic's locale and zone.
import { useEffect, useState } from "preact/hooks";
import { fill } from "../../i18n/index.js";
import type { StaffLocale } from "../sections/contract.js";
import { en, type StaffTexts } from "./en.js";
import { importStaffTexts } from "./import-texts.js";

export type { StaffTexts } from "./en.js";
export { en as staffTextsEn } from "./en.js";

/** A text key. */
export type StaffTextKey = keyof typeof en;

const cache = new Map<StaffLocale, Promise<StaffTexts>>();

/**
 * The staff language of a BCP 47 tag (English when the app has no texts for it).
 *
 * @example
 * staffLocaleOf("pt-PT"); // "pt"
 */
export function staffLocaleOf(tag: string | undefined): StaffLocale {
  const lang = (tag ?? "en").toLowerCase().split(/[-_]/)[0];
  return lang === "pt" || lang === "es" ? lang : "en";
}

/**
 * The staff texts of a language (English when they cannot load).
 *
 * @example
 * const texts = await loadStaffTexts("pt");
 */
export function loadStaffTexts(locale: StaffLocale): Promise<StaffTexts> {
  let texts = cache.get(locale);
  if (!texts) {
    texts = importStaffTexts(locale).catch((error: unknown) => {
      console.warn(`Bookwell: could not load the "${locale}" staff texts.`, error);
      return en;
    });
    cache.set(locale, texts);
  }
  return texts;
}

/**
 * The staff texts of a language in a component: English until the language has loaded.
 *
 * @example
 * const t = useStaffTexts("pt"); t("patients.title"); // "Pacientes"
 */
export function useStaffTexts(locale: StaffLocale): Translate {
  const [texts, setTexts] = useState<StaffTexts | null>(locale === "en" ? en : null);
  useEffect(() => {
    let live = true;
    void loadStaffTexts(locale).then((loaded) => live && setTexts(loaded));
    return () => {
      live = false;
    };
  }, [locale]);
  return translator(texts ?? en, texts !== null);
}

/** Texts by key with placeholders filled; `ready` is false while another language loads. */
export interface Translate {
  (key: StaffTextKey, vars?: Record<string, string | number>): string;
  readonly ready: boolean;
}

/**
 * A translate function over texts.
 *
 * @example
 * translator(en)("patients.found", { count: 2 }); // "2 found"
 */
export function translator(texts: StaffTexts, ready = true): Translate {
  const t = ((key: StaffTextKey, vars?: Record<string, string | number>) =>
    fill(texts[key] ?? en[key] ?? key, vars)) as Translate & { ready: boolean };
  t.ready = ready;
  return t;
}

/**
 * The BCP 47 tag to format with: the tag asked for when it is in the screen language, else the
 * clinic's when it is, else the bare language (`pt` + a clinic in `pt-PT` → `pt-PT`).
 *
 * @example
 * formatLocale("pt", "pt-PT"); // "pt-PT"
 */
export function formatLocale(locale: StaffLocale, clinicTag?: string, asked?: string): string {
  for (const tag of [asked, clinicTag]) {
    if (tag?.includes("-") && staffLocaleOf(tag) === locale) return tag;
  }
  return locale;
}

/**
 * Money in minor units as text in a locale (`4500 EUR` → "45,00 €" in Portuguese).
 *
 * @example
 * formatMoney(4500, "EUR", "pt-PT"); // "45,00 €"
 */
export function formatMoney(amount: number, currency: string, locale: string): string {
  try {
    const format = new Intl.NumberFormat(locale, { style: "currency", currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(amount / 10 ** digits);
  } catch {
    return `${(amount / 100).toFixed(2)} ${currency}`;
  }
}

/**
 * An instant as a date and time in the clinic's zone and a locale.
 *
 * @example
 * formatDateTime("2026-03-09T09:00:00Z", "pt-PT", "Europe/Lisbon"); // "09/03/2026, 09:00"
 */
export function formatDateTime(at: string, locale: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(locale, {
      timeZone,
      dateStyle: "short",
      timeStyle: "short",
    }).format(new Date(at));
  } catch {
    return at;
  }
}
