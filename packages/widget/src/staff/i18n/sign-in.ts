// The texts of the staff sign-in screen by language (English, Portuguese, Spanish).

import { type SignInTexts, signInEn } from "./sign-in.en.js";
import { signInEs } from "./sign-in.es.js";
import { signInPt } from "./sign-in.pt.js";

export type { SignInTexts } from "./sign-in.en.js";

/**
 * The sign-in texts of a BCP 47 locale: Portuguese for `pt…`, Spanish for `es…`, else English.
 *
 * @example
 * signInTexts("pt-PT").submit; // "Entrar"
 */
export function signInTexts(locale: string | undefined): SignInTexts {
  const language = (locale ?? "en").toLowerCase().split("-")[0];
  if (language === "pt") return signInPt;
  if (language === "es") return signInEs;
  return signInEn;
}
