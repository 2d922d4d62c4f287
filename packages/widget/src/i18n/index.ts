import type { Money } from "../api/types.js";
import type { Messages, PluralMessage } from "./messages.js";

export type { Messages, PluralMessage } from "./messages.js";

/** Languages the widget ships texts for. */
export type WidgetLanguage = "en" | "pt" | "es";

/**
 * The widget language of a locale tag, or `null` when the widget has no texts for it.
 *
 * @example
 * languageOf("pt-BR"); // "pt"
 */
export function languageOf(tag: string): WidgetLanguage | null {
  const lang = tag.toLowerCase().split(/[-_]/)[0];
  return lang === "en" || lang === "pt" || lang === "es" ? lang : null;
}

/**
 * Picks the locale tag to format with: the requested one, else the clinic's, else the browser's,
 * else English. A bare language ("pt") borrows the clinic's region when the languages match.
 *
 * @example
 * resolveLocale("pt", "pt-PT", ["en-US"]); // "pt-PT"
 */
export function resolveLocale(
  requested: string | undefined,
  clinicLocale: string | undefined,
  browser: readonly string[] = [],
): string {
  const candidates = [requested, clinicLocale, ...browser].filter(
    (tag): tag is string => typeof tag === "string" && tag.length > 0,
  );
  const canon = (tag: string, fallback: string) => {
    try {
      return Intl.getCanonicalLocales(tag)[0] ?? fallback;
    } catch {
      return fallback;
    }
  };
  for (const tag of candidates) {
    const lang = languageOf(tag);
    if (!lang) continue;
    const canonical = canon(tag, lang);
    return !canonical.includes("-") && clinicLocale && languageOf(clinicLocale) === lang
      ? canon(clinicLocale, canonical)
      : canonical;
  }
  return "en";
}

/**
 * Fills `{name}` placeholders of a message.
 *
 * @example
 * fill("Step {current} of {total}", { current: 2, total: 5 }); // "Step 2 of 5"
 */
export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in vars ? String(vars[key]) : whole,
  );
}

/** Formatting helpers bound to one locale and the clinic's time zone. */
export interface I18n {
  locale: string;
  language: WidgetLanguage;
  m: Messages;
  timeZone: string;
  t(template: string, vars?: Record<string, string | number>): string;
  plural(message: PluralMessage, count: number, vars?: Record<string, string | number>): string;
  money(money: Money): string;
  duration(minutes: number): string;
  /** "Tuesday 3 March" for a day key. */
  dayLong(day: string): string;
  /** "March 2026" for a month key. */
  monthTitle(month: string): string;
  /** Weekday names for 0 = Sunday … 6 = Saturday. */
  weekdayName(index: number, width: "long" | "short"): string;
  /** "09:30" (or "9:30 AM") of an instant in the clinic's zone. */
  time(instant: string | number): string;
  /** "Tuesday 3 March" of an instant in the clinic's zone. */
  dateOf(instant: string | number): string;
  /** "Tuesday 3 March at 09:30" (date and time) of an instant in the clinic's zone. */
  when(instant: string | number): string;
  /** A readable name of a time zone ("Western European Time"), falling back to its id. */
  zoneName(timeZone: string): string;
  number(value: number): string;
}

/** Intl formatters by kind, locale and options: built once per page, and only when first used. */
const formatters = new Map<string, unknown>();

function formatter<T>(kind: string, locale: string, options: object, make: () => T): T {
  const key = `${kind}|${locale}|${JSON.stringify(options)}`;
  let made = formatters.get(key) as T | undefined;
  if (made === undefined) {
    made = make();
    formatters.set(key, made);
  }
  return made;
}

const dateTime = (locale: string, options: Intl.DateTimeFormatOptions) =>
  formatter("d", locale, options, () => new Intl.DateTimeFormat(locale, options));
const numbers = (locale: string, options: Intl.NumberFormatOptions = {}) =>
  formatter("n", locale, options, () => new Intl.NumberFormat(locale, options));

/**
 * Creates the formatting helpers for one widget. Its Intl formatters are built on first use and
 * shared by every widget of the page (building them is most of the CPU a first render costs).
 *
 * @example
 * const i18n = createI18n("pt-PT", "Europe/Lisbon", await loadMessages("pt"));
 * i18n.money({ amount: 3500, currency: "EUR" }); // "35,00 €"
 */
export function createI18n(
  locale: string,
  timeZone: string,
  messages: Messages,
  overrides?: Partial<Messages>,
): I18n {
  const language = languageOf(locale) ?? "en";
  const m: Messages = { ...messages, ...overrides };
  const utc = (day: string) =>
    Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10), 12);
  const dayFormat = () =>
    dateTime(locale, { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
  const timeFormat = () => dateTime(locale, { hour: "2-digit", minute: "2-digit", timeZone });
  const dateFormat = () =>
    dateTime(locale, { weekday: "long", day: "numeric", month: "long", timeZone });
  const ms = (instant: string | number) =>
    typeof instant === "string" ? Date.parse(instant) : instant;
  const t = (template: string, vars?: Record<string, string | number>) => fill(template, vars);

  return {
    locale,
    language,
    m,
    timeZone,
    t,
    plural(message, count, vars) {
      const rules = formatter("p", locale, {}, () => new Intl.PluralRules(locale));
      const form = message[rules.select(count) as keyof PluralMessage] ?? message.other;
      return fill(form, { count: numbers(locale).format(count), ...vars });
    },
    money(money) {
      // The currency's own minor-unit digits (2 for EUR, 0 for JPY), as currencyDigits() reads.
      const format = numbers(locale, { style: "currency", currency: money.currency });
      return format.format(
        money.amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2),
      );
    },
    duration(minutes) {
      return numbers(locale, { style: "unit", unit: "minute", unitDisplay: "long" }).format(
        minutes,
      );
    },
    dayLong: (day) => dayFormat().format(utc(day)),
    monthTitle: (month) =>
      dateTime(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(
        utc(`${month}-01`),
      ),
    // 2023-01-01 was a Sunday.
    weekdayName: (index, width) =>
      dateTime(locale, { weekday: width, timeZone: "UTC" }).format(
        Date.UTC(2023, 0, 1 + index, 12),
      ),
    time: (instant) => timeFormat().format(ms(instant)),
    dateOf: (instant) => dateFormat().format(ms(instant)),
    when: (instant) => `${dateFormat().format(ms(instant))}, ${timeFormat().format(ms(instant))}`,
    zoneName(zone) {
      try {
        const parts = dateTime(locale, {
          timeZone: zone,
          timeZoneName: "longGeneric",
        }).formatToParts(Date.now());
        const name = parts.find((part) => part.type === "timeZoneName")?.value;
        return name ? `${name} – ${zone}` : zone;
      } catch {
        return zone;
      }
    },
    number: (value) => numbers(locale).format(value),
  };
}

/**
 * Minor-unit digits of an ISO 4217 currency (2 for EUR, 0 for JPY), from Intl.
 *
 * @example
 * currencyDigits("JPY"); // 0
 */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}
