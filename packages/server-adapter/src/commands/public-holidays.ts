// Public holidays of a country (and optionally one of its regions) for one year, from the
// `date-holidays` package, loaded on first use so the server's start-up does not pay for its data.
// This only lists them: closing the clinic on the chosen dates goes through the calendar override
// command (`POST /v1/staff/calendars/:id/overrides`, type `closed`) like any other closure.

import { invalidField } from "../errors.js";

/** One public holiday: a calendar date and its name. */
export interface PublicHoliday {
  /** `YYYY-MM-DD`, the local date of the holiday. */
  date: string;
  name: string;
}

/** What {@link listPublicHolidays} is asked for. */
export interface PublicHolidayQuery {
  /** ISO 3166-1 alpha-2 code, e.g. `PT`. */
  country: string;
  /** ISO 3166-2 subdivision code without the country, e.g. `20` (Azores) or `MD` (Madrid). */
  region?: string | undefined;
  year: number;
  /** Preferred languages, first first (e.g. `["pt", "en"]`); the library's default otherwise. */
  languages?: readonly string[] | undefined;
}

/** The answer of {@link listPublicHolidays}. */
export interface PublicHolidayList {
  country: string;
  countryName: string;
  region?: string;
  year: number;
  holidays: PublicHoliday[];
}

type HolidaysModule = typeof import("date-holidays");
let loading: Promise<HolidaysModule> | undefined;

const invalid = invalidField;

/**
 * The country whose public holidays the clinic imports: its `country` setting, else its locale's
 * region (`pt-PT` → `PT`); `undefined` when it has neither (a locale such as `en`).
 *
 * @example
 * clinicCountry({ locale: "pt-PT" }); // "PT"
 * clinicCountry({ locale: "en", country: "IE" }); // "IE"
 */
export function clinicCountry(clinic: { country?: string; locale: string }): string | undefined {
  if (clinic.country) return clinic.country;
  try {
    return new Intl.Locale(clinic.locale).region?.toUpperCase();
  } catch {
    return undefined;
  }
}

/**
 * The public holidays (type `public`, not observances or bank holidays) of a country or region in
 * a year, by date, named in the first of `languages` the library has; refuses an unknown country
 * or region with a `400` naming the field.
 *
 * @example
 * const { holidays } = await listPublicHolidays({ country: "PT", year: 2027, languages: ["pt"] });
 * holidays[0]; // { date: "2027-01-01", name: "Ano Novo" }
 */
export async function listPublicHolidays(query: PublicHolidayQuery): Promise<PublicHolidayList> {
  loading ??= import("date-holidays");
  const Holidays = (await loading).default;
  const country = query.country.toUpperCase();
  const countries = new Holidays().getCountries("en");
  const countryName = countries[country];
  if (!countryName) throw invalid("country", "is not a country with a known holiday list");
  const region = query.region?.toUpperCase();
  if (region !== undefined) {
    const regions = new Holidays().getStates(country, "en") ?? {};
    if (!(region in regions)) {
      throw invalid("region", `is not a region of ${country} with a known holiday list`);
    }
  }
  const holidays = new Holidays();
  holidays.init(country, ...(region === undefined ? [] : [region]));
  const known = new Set(holidays.getLanguages());
  const language = query.languages
    ?.map((l) => l.slice(0, 2).toLowerCase())
    .find((l) => known.has(l));
  const seen = new Set<string>();
  const list: PublicHoliday[] = [];
  for (const h of holidays.getHolidays(query.year, language)) {
    const date = h.date.slice(0, 10);
    if (h.type !== "public" || seen.has(date)) continue;
    seen.add(date);
    list.push({ date, name: h.name });
  }
  list.sort((a, b) => a.date.localeCompare(b.date));
  return {
    country,
    countryName,
    ...(region === undefined ? {} : { region }),
    year: query.year,
    holidays: list,
  };
}
