import { describe, expect, it } from "vitest";
import { bootMessages } from "./boot.js";
import { en } from "./en.js";
import { es } from "./es.js";
import { createI18n, currencyDigits, fill, resolveLocale } from "./index.js";
import { loadMessages } from "./load.js";
import type { Messages } from "./messages.js";
import { pt } from "./pt.js";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function flatten(messages: Messages): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(messages)) {
    if (typeof value === "string") out[key] = value;
    else
      for (const [form, text] of Object.entries(value as Record<string, string>))
        out[`${key}.${form}`] = text;
  }
  return out;
}

describe("locale files", () => {
  it.each([
    ["pt", pt],
    ["es", es],
  ])("%s has every English key with the same placeholders", (_name, messages) => {
    const english = flatten(en);
    const other = flatten(messages);
    const base = (key: string) => key.split(".")[0];
    expect(new Set(Object.keys(other).map(base))).toEqual(new Set(Object.keys(english).map(base)));
    for (const [key, text] of Object.entries(other)) {
      const reference = english[key] ?? english[`${base(key)}.other`] ?? "";
      expect(placeholders(text), key).toEqual(placeholders(reference));
      expect(text.trim(), key).not.toBe("");
    }
  });

  it("keeps the boot texts equal to the English file", () => {
    for (const [key, value] of Object.entries(bootMessages)) {
      expect(value, key).toEqual(en[key as keyof Messages]);
    }
  });

  it("loads each language (English statically, others lazily)", async () => {
    expect((await loadMessages("en")).title).toBe("Book an appointment");
    expect((await loadMessages("pt")).title).toBe("Marcar uma consulta");
    expect((await loadMessages("es")).title).toBe("Pedir una cita");
  });
});

describe("createI18n", () => {
  it("picks plural forms with Intl.PluralRules", () => {
    const i18n = createI18n("en-GB", "Europe/Lisbon", en);
    expect(i18n.plural(en.timesFree, 1)).toBe("1 time free");
    expect(i18n.plural(en.timesFree, 0)).toBe("0 times free");
    expect(i18n.plural(en.timesFree, 4)).toBe("4 times free");
    const p = createI18n("pt-PT", "Europe/Lisbon", pt);
    expect(p.plural(pt.timesFree, 1)).toBe("1 horário livre");
    expect(p.plural(pt.timesFree, 2)).toBe("2 horários livres");
    const s = createI18n("es", "Europe/Madrid", es);
    expect(s.plural(es.timesFree, 1)).toBe("1 hora libre");
    expect(s.plural(es.timesFree, 1000)).toBe("1000 horas libres");
  });

  it("formats money in minor units, durations and dates through Intl in the clinic's zone", () => {
    const i18n = createI18n("pt-PT", "Europe/Lisbon", pt);
    expect(i18n.money({ amount: 3500, currency: "EUR" })).toBe("35,00\u00a0€");
    expect(createI18n("en-US", "UTC", en).money({ amount: 500, currency: "JPY" })).toBe("¥500");
    expect(i18n.duration(45)).toBe("45 minutos");
    expect(i18n.dayLong("2026-03-03")).toBe("terça-feira, 3 de março");
    expect(i18n.time("2026-07-01T08:30:00Z")).toBe("09:30");
    const madrid = createI18n("en-GB", "Europe/Madrid", en);
    expect(madrid.dateOf("2026-03-09T23:30:00Z")).toBe("Tuesday 10 March");
    expect(currencyDigits("JPY")).toBe(0);
    expect(currencyDigits("EUR")).toBe(2);
  });

  it("lets a clinic override any text", () => {
    const i18n = createI18n("en", "UTC", en, { title: "Book with us" });
    expect(i18n.m.title).toBe("Book with us");
    expect(i18n.m.back).toBe("Back");
  });
});

describe("resolveLocale", () => {
  it("prefers the option, then the clinic, then the browser, then English", () => {
    expect(resolveLocale("es", "pt-PT", ["en-US"])).toBe("es");
    expect(resolveLocale("pt", "pt-PT", [])).toBe("pt-PT");
    expect(resolveLocale(undefined, "pt-PT", ["es-ES"])).toBe("pt-PT");
    expect(resolveLocale(undefined, "fr-FR", ["de-DE", "es-MX"])).toBe("es-MX");
    expect(resolveLocale("fr", undefined, ["de"])).toBe("en");
    expect(resolveLocale("not a tag!", undefined, [])).toBe("en");
  });

  it("fills placeholders and leaves unknown ones", () => {
    expect(fill("Step {current} of {total}", { current: 2, total: 5 })).toBe("Step 2 of 5");
    expect(fill("{missing}")).toBe("{missing}");
  });
});
