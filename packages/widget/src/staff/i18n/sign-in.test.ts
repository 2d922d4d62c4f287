// The sign-in screen speaks English, Portuguese and Spanish: every text in every language, the
// locale picked by its language part, English otherwise.

import { describe, expect, test } from "vitest";
import { signInEn } from "./sign-in.en.js";
import { signInTexts } from "./sign-in.js";

describe("sign-in texts", () => {
  test("pt and es translate every text; placeholders survive; other locales get English", () => {
    for (const locale of ["pt-PT", "pt-BR", "es", "es-MX"]) {
      const texts = signInTexts(locale);
      expect(Object.keys(texts).sort()).toEqual(Object.keys(signInEn).sort());
      for (const [key, value] of Object.entries(texts)) {
        expect(value.trim(), `${locale} ${key}`).not.toBe("");
        if (key !== "email" && key !== "code") {
          expect(value, `${locale} ${key} is translated`).not.toBe(
            signInEn[key as keyof typeof signInEn],
          );
        }
      }
      expect(texts.locked).toContain("{minutes}");
    }
    expect(signInTexts("pt-PT").submit).toBe("Entrar");
    expect(signInTexts("es").title).toBe("Acceso del personal");
    expect(signInTexts("fr")).toBe(signInEn);
    expect(signInTexts(undefined)).toBe(signInEn);
  });
});
