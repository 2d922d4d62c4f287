// The shape of a problem catalog and the languages problems are worded in.

import type { ViolationCode } from "@bookwell/engine";
import type { ProblemCode } from "../errors.js";
import type { DetailKey, FieldMessageKey } from "./en.js";

/** The languages problems are worded in: the languages the widget and the staff app ship. */
export const PROBLEM_LOCALES = ["en", "pt", "es"] as const;

/** A language problems are worded in. */
export type ProblemLocale = (typeof PROBLEM_LOCALES)[number];

/** One language's wording of every problem title, field message, detail (keys of en.ts) and violation. */
export interface ProblemCatalog {
  titles: Record<ProblemCode, string>;
  fields: Record<FieldMessageKey, string>;
  details: Record<DetailKey, string>;
  /**
   * The engine's violations (`violations[].message` of a problem), one sentence per code; English
   * keeps the engine's own message.
   */
  violations: Record<ViolationCode, string>;
}

/**
 * Picks the problem language from an `Accept-Language` header: the supported language (`en`,
 * `pt`, `es`, by primary subtag, so `pt-BR` is `pt`) with the highest weight, `en` when none is
 * supported or the header is missing.
 *
 * @example
 * negotiateProblemLocale("pt-PT,pt;q=0.9,en;q=0.8"); // "pt"
 * negotiateProblemLocale("de-DE"); // "en"
 */
export function negotiateProblemLocale(header: string | null | undefined): ProblemLocale {
  if (!header) return "en";
  let best: ProblemLocale = "en";
  let bestWeight = 0;
  for (const part of header.split(",")) {
    const [tag = "", ...params] = part.trim().split(";");
    const primary = tag.trim().toLowerCase().split("-")[0] ?? "";
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (!Number.isFinite(weight) || weight <= 0) continue;
    const locale = PROBLEM_LOCALES.find((l) => l === primary);
    if (locale !== undefined && weight > bestWeight) {
      best = locale;
      bestWeight = weight;
    }
  }
  return best;
}
