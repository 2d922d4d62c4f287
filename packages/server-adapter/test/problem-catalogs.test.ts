// The problem catalogs (src/problems-i18n): every English message has its Portuguese and Spanish
// wording with the same `{values}`; every message the server's source can send (zod schema
// messages, hand-made field errors, `BookwellError` details) is in the English list, so a new
// message without a translation fails here; the language and rule choices behave.

import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { PROBLEM_CODES } from "../src/errors.js";
import { negotiateProblemLocale } from "../src/problems-i18n/catalog.js";
import { EN_DETAILS, EN_FIELDS, PROBLEM_RULES } from "../src/problems-i18n/en.js";
import {
  localizeFieldError,
  matchDetail,
  matchFieldMessage,
  PROBLEM_CATALOGS,
} from "../src/problems-i18n/localize.js";
import { issuesToFields } from "../src/problems-i18n/rules.js";
import { normalizeTemplate, scanMessages } from "./support/message-scan.js";

const placeholders = (text: string) =>
  [...text.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]).sort();

describe("problem catalogs", () => {
  for (const [locale, catalog] of Object.entries(PROBLEM_CATALOGS)) {
    test(`${locale}: a title for every code, a wording for every English message`, () => {
      expect(Object.keys(catalog.titles).sort()).toEqual(Object.keys(PROBLEM_CODES).sort());
      expect(Object.keys(catalog.fields).sort()).toEqual(Object.keys(EN_FIELDS).sort());
      expect(Object.keys(catalog.details).sort()).toEqual(Object.keys(EN_DETAILS).sort());
      const english: Record<string, string> = { ...EN_FIELDS, ...EN_DETAILS };
      for (const [key, text] of [
        ...Object.entries(catalog.fields),
        ...Object.entries(catalog.details),
      ]) {
        expect(text.trim(), `${locale} ${key}`).not.toBe("");
        expect(placeholders(text), `${locale} ${key}: ${text}`).toEqual(
          placeholders(english[key] ?? ""),
        );
      }
      for (const [code, title] of Object.entries(catalog.titles)) {
        expect(title.trim(), `${locale} ${code}`).not.toBe("");
      }
    });
  }

  test("every message the source can send has a catalog key", () => {
    const found = scanMessages(
      fileURLToPath(new URL("../src", import.meta.url)),
      fileURLToPath(new URL("../../engine/src", import.meta.url)),
    );
    // The scan itself works: it finds the messages we know are there.
    expect(found.fields.map((f) => f.text)).toContain("must be an e-mail address");
    expect(found.details.map((d) => d.text)).toContain("No client with id {}");
    const fieldTexts = new Set(Object.values(EN_FIELDS).map(normalizeTemplate));
    const detailTexts = new Set(Object.values(EN_DETAILS).map(normalizeTemplate));
    // A number in a message is a value: `must be at most 500` is `must be at most {maximum}`.
    const known = (texts: Set<string>, text: string) =>
      texts.has(text) || texts.has(text.replace(/\d+/g, "{}"));
    const missingFields = found.fields.filter((f) => !known(fieldTexts, f.text));
    const missingDetails = found.details.filter((d) => !known(detailTexts, d.text));
    expect(missingFields, "field messages with no key in src/problems-i18n/en.ts").toEqual([]);
    expect(missingDetails, "details with no key in src/problems-i18n/en.ts").toEqual([]);
  });

  test("an English message is recognized with its values and worded in each language", () => {
    expect(matchFieldMessage("must be at most 200 characters")).toEqual({
      key: "too_long.characters",
      params: { maximum: "200" },
    });
    expect(matchDetail("No client with id c_1")).toEqual({
      key: "no_client",
      params: { id: "c_1" },
    });
    const error = { field: "providerId", message: "is not a provider of this clinic" };
    expect(localizeFieldError(error, "en")).toEqual({ ...error, rule: "unknown" });
    expect(localizeFieldError(error, "pt").message).toBe("não é um profissional desta clínica");
    expect(localizeFieldError(error, "es").message).toBe("no es un profesional de esta clínica");
  });

  test("zod checks become stable rules with their numbers", () => {
    const schema = z.strictObject({
      name: z.string().max(3),
      age: z.number().int().min(18),
      email: z.email(),
      kind: z.enum(["a", "b"]),
      needed: z.string(),
    });
    const result = schema.safeParse(
      { name: "long", age: 1.5, email: "x", kind: "c", extra: 1 },
      { reportInput: true },
    );
    expect(result.success).toBe(false);
    const fields = issuesToFields(result.error?.issues ?? [], true);
    expect(fields.map(({ message: _m, ...rest }) => rest)).toEqual([
      { field: "name", rule: "too_long", maximum: 3 },
      { field: "age", rule: "integer" },
      { field: "email", rule: "email" },
      { field: "kind", rule: "not_one_of", values: ["a", "b"] },
      { field: "needed", rule: "required" },
      { field: "extra", rule: "not_a_known_field" },
    ]);
    for (const field of fields) expect(PROBLEM_RULES).toContain(field.rule);
    // zod's own English words get the generic wording of their rule.
    const age = fields.find((f) => f.field === "age");
    expect(age && localizeFieldError(age, "pt").message).toBe("tem de ser um número inteiro");
  });

  test("Accept-Language picks en, pt or es by weight and primary tag, else English", () => {
    expect(negotiateProblemLocale(undefined)).toBe("en");
    expect(negotiateProblemLocale("pt-BR")).toBe("pt");
    expect(negotiateProblemLocale("de;q=1, es;q=0.5, pt;q=0.4")).toBe("es");
    expect(negotiateProblemLocale("fr, pt;q=0")).toBe("en");
    expect(negotiateProblemLocale("ES-mx, en;q=0.9")).toBe("es");
    expect(negotiateProblemLocale("*")).toBe("en");
  });
});
