// The contract between the staff app's shell (navigation, sign-in, language) and its sections
// (calendar, patients, waitlist, checkout, reports, audit, import, setup, accounts, account). Each section is a Preact component that
// the shell loads on demand and renders with these props; a section reaches another one through
// `navigate`, never by importing it.

import type { StaffClient, StaffMe } from "../api.js";

/** The staff app's sections. */
export type StaffSectionId =
  | "calendar"
  | "patients"
  | "waitlist"
  | "checkout"
  | "reports"
  | "audit"
  | "import"
  | "setup"
  | "accounts"
  | "account";

/** A place in the staff app: a section and its parameters (e.g. `{ clientId }`, `{ visitId }`). */
export interface StaffRoute {
  section: StaffSectionId;
  params?: Readonly<Record<string, string>>;
}

/** The languages every staff screen is translated into. */
export type StaffLocale = "en" | "pt" | "es";

/** What the shell gives every section. */
export interface StaffSectionProps {
  /** The authenticated staff API client (use `client.request` for routes it has no method for). */
  client: StaffClient;
  /** Who is signed in: role and the calendars they may see. */
  me: StaffMe;
  /** The screen language; numbers, money and dates use the clinic's locale in this language. */
  locale: StaffLocale;
  /** The clinic's IANA time zone and currency, for dates and money. */
  clinic: {
    timeZone: string;
    currency: string;
    /** The BCP 47 tag to format numbers, money and dates with (e.g. `pt-PT`). */
    locale?: string | undefined;
  };
  /** This section's parameters from the route. */
  params: Readonly<Record<string, string>>;
  /** Goes to another section (or the same one with other parameters). */
  navigate(route: StaffRoute): void;
  /** Shows the sign-in screen again (given when the app runs on a staff account's session). */
  signOut?: (() => void) | undefined;
  /** What the embedding page asked for: the first day shown, seconds between refreshes. */
  settings?: { date?: string | undefined; pollSeconds?: number | undefined } | undefined;
}
