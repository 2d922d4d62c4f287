// The few texts a widget may need before its language file has loaded (the loading line and the
// errors that can happen first), in English only to keep the script-tag bundle small: they show
// for a moment, or when the language file itself cannot load. Everything else is in locales.
import type { Messages } from "./messages.js";

/** Keys available before the locale file loads. */
export type BootKey =
  | "title"
  | "manageTitle"
  | "loading"
  | "retry"
  | "errorNetwork"
  | "errorGeneric"
  | "errorNotConfigured"
  | "errorRateLimited"
  | "manageNotFound";

/** Boot texts (copied from en.ts; a test keeps them equal). */
export const bootMessages: Pick<Messages, BootKey> = {
  title: "Book an appointment",
  manageTitle: "Your appointment",
  loading: "Loading…",
  retry: "Try again",
  errorNetwork:
    "We could not reach the clinic's booking service. Check your connection and try again.",
  errorGeneric: "Something went wrong on our side. Please try again.",
  errorNotConfigured: "This booking widget is missing its API address (data-api).",
  errorRateLimited: {
    one: "Too many requests. Please try again in {count} second.",
    other: "Too many requests. Please try again in {count} seconds.",
  },
  manageNotFound: "This link is not valid or has expired. Please contact the clinic.",
};
