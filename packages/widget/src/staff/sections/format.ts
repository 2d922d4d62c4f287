// Money, dates and numbers for the staff sections, through Intl in the clinic's zone and currency
// and the screen's language. Amounts are integer minor units, as the API sends them.

import type { StaffLocale } from "./contract.js";

const TAGS: Record<StaffLocale, string> = { en: "en-GB", pt: "pt-PT", es: "es-ES" };

/**
 * The BCP 47 tag the sections format with for a screen language.
 *
 * @example
 * intlLocale("pt"); // "pt-PT"
 */
export function intlLocale(locale: StaffLocale): string {
  return TAGS[locale] ?? "en-GB";
}

/** Formatters of one screen: money, dates, numbers and percentages. */
export interface SectionFormat {
  money(minor: number): string;
  /** Minor units of `currency` for a decimal amount typed by a person ("45,50" → 4550). */
  parseMoney(text: string): number | undefined;
  /** A decimal amount for an input ("45.50", "45,50" in Portuguese), from minor units. */
  moneyInput(minor: number): string;
  dateTime(iso: string): string;
  date(day: string): string;
  month(month: string): string;
  number(value: number, digits?: number): string;
  percent(value: number): string;
}

function fractionDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
    .maximumFractionDigits as number;
}

/**
 * The formatters of a section for the clinic's zone and currency in the screen's language.
 *
 * @example
 * const f = sectionFormat("pt", { timeZone: "Europe/Lisbon", currency: "EUR" });
 * f.money(4500); // "45,00 €"
 */
export function sectionFormat(
  locale: StaffLocale,
  clinic: { timeZone: string; currency: string },
): SectionFormat {
  const tag = intlLocale(locale);
  const digits = fractionDigits(clinic.currency);
  const scale = 10 ** digits;
  const money = new Intl.NumberFormat(tag, { style: "currency", currency: clinic.currency });
  const dateTime = new Intl.DateTimeFormat(tag, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: clinic.timeZone,
  });
  const date = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone: "UTC" });
  const month = new Intl.DateTimeFormat(tag, { month: "long", year: "numeric", timeZone: "UTC" });
  const percent = new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 1 });
  const plain = new Intl.NumberFormat(tag, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  });
  return {
    money: (minor) => money.format(minor / scale),
    parseMoney: (text) => {
      const clean = text.trim().replace(/\s/g, "");
      if (!/^\d+(?:[.,]\d+)?$/.test(clean)) return undefined;
      const value = Number(clean.replace(",", "."));
      return Number.isFinite(value) ? Math.round(value * scale) : undefined;
    },
    moneyInput: (minor) => plain.format(minor / scale),
    dateTime: (iso) => dateTime.format(new Date(iso)),
    date: (day) => date.format(new Date(`${day.slice(0, 10)}T12:00:00Z`)),
    month: (m) => month.format(new Date(`${m}-15T12:00:00Z`)),
    number: (value, maxDigits = 2) =>
      new Intl.NumberFormat(tag, { maximumFractionDigits: maxDigits }).format(value),
    percent: (value) => percent.format(value),
  };
}
