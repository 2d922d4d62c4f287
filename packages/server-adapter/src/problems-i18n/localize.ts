// Words a problem document in the request's language. The server's code writes problems in
// English; each English message is recognized in en.ts (exactly, or as a template with `{name}`
// values) and replaced by the same key's wording in the language asked for. A field error's
// `rule` comes from the check that failed (see rules.ts) or, for the server's own checks, from the
// first part of the message's key.

import type { ProblemCode, ProblemDocument, ProblemFieldError } from "../errors.js";
import type { ProblemCatalog, ProblemLocale } from "./catalog.js";
import { type DetailKey, EN_DETAILS, EN_FIELDS, type FieldMessageKey } from "./en.js";
import { ES } from "./es.js";
import { PT } from "./pt.js";

/** The catalogs of the languages other than English (English is en.ts and `PROBLEM_CODES`). */
export const PROBLEM_CATALOGS: Readonly<Record<Exclude<ProblemLocale, "en">, ProblemCatalog>> = {
  pt: PT,
  es: ES,
};

interface Template<K> {
  key: K;
  names: string[];
  regex: RegExp;
  literal: number;
}

interface Matcher<K> {
  exact: Map<string, K>;
  templates: Template<K>[];
}

/** A recognized English message: its key and the values of its `{name}` placeholders. */
export interface MessageMatch<K> {
  key: K;
  params: Record<string, string>;
}

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

function compile<K extends string>(messages: Readonly<Record<K, string>>): Matcher<K> {
  const exact = new Map<string, K>();
  const templates: Template<K>[] = [];
  for (const [key, text] of Object.entries(messages) as [K, string][]) {
    const names = [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? "");
    if (names.length === 0) {
      if (!exact.has(text)) exact.set(text, key);
      continue;
    }
    const parts = text.split(PLACEHOLDER).filter((_, i) => i % 2 === 0);
    const source = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("(.*?)");
    templates.push({
      key,
      names,
      regex: new RegExp(`^${source}$`, "s"),
      literal: parts.join("").length,
    });
  }
  // The most specific template wins: `No client with id {id}` before `{field}: {message}`.
  templates.sort((a, b) => b.literal - a.literal);
  return { exact, templates };
}

function matchWith<K>(matcher: Matcher<K>, text: string): MessageMatch<K> | undefined {
  const key = matcher.exact.get(text);
  if (key !== undefined) return { key, params: {} };
  for (const template of matcher.templates) {
    const found = template.regex.exec(text);
    if (!found) continue;
    const params: Record<string, string> = {};
    template.names.forEach((name, i) => {
      params[name] = found[i + 1] ?? "";
    });
    return { key: template.key, params };
  }
  return undefined;
}

const fieldMatcher = compile<FieldMessageKey>(EN_FIELDS);
const detailMatcher = compile<DetailKey>(EN_DETAILS);

/**
 * Recognizes an English field message of the server (a schema's or a route's own) in en.ts.
 *
 * @example
 * matchFieldMessage("must be at most 200 characters"); // { key: "too_long.characters", params: { maximum: "200" } }
 */
export function matchFieldMessage(text: string): MessageMatch<FieldMessageKey> | undefined {
  return matchWith(fieldMatcher, text);
}

/**
 * Recognizes an English problem detail of the server in en.ts.
 *
 * @example
 * matchDetail("No client with id c_1"); // { key: "no_client", params: { id: "c_1" } }
 */
export function matchDetail(text: string): MessageMatch<DetailKey> | undefined {
  return matchWith(detailMatcher, text);
}

function fill(template: string, params: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => params[name] ?? whole);
}

/**
 * Words one of the server's English field messages in a language when en.ts knows it (a message
 * it does not know stays as written, so nothing is lost), e.g. the lines of a CSV import's report.
 *
 * @example
 * localizeMessage("is the same as on line 4", "pt"); // "é igual ao da linha 4"
 */
export function localizeMessage(message: string, locale: ProblemLocale): string {
  if (locale === "en") return message;
  const found = matchFieldMessage(message);
  return found === undefined
    ? message
    : fill(PROBLEM_CATALOGS[locale].fields[found.key], found.params);
}

/**
 * The stable machine rule of a field error: the one it carries (set from the failed zod check),
 * else the first part of its message's key in en.ts (`unknown.client` → `unknown`), else
 * `invalid`.
 *
 * @example
 * fieldRule({ field: "providerId", message: "is not a provider of this clinic" }); // "unknown"
 */
export function fieldRule(error: ProblemFieldError): string {
  if (error.rule !== undefined) return error.rule;
  const found = matchFieldMessage(error.message);
  return found === undefined ? "invalid" : (found.key.split(".")[0] ?? "invalid");
}

function ruleParams(error: ProblemFieldError): Record<string, string> {
  const params: Record<string, string> = {};
  for (const name of ["maximum", "minimum", "format", "expected", "divisor"] as const) {
    const value = error[name];
    if (value !== undefined) params[name] = String(value);
  }
  if (error.values !== undefined) params.values = error.values.map(String).join(", ");
  return params;
}

function fieldMessage(catalog: ProblemCatalog, error: ProblemFieldError): string {
  const found = matchFieldMessage(error.message);
  if (found !== undefined) return fill(catalog.fields[found.key], found.params);
  const rule = fieldRule(error);
  if (rule in catalog.fields) {
    return fill(catalog.fields[rule as FieldMessageKey], ruleParams(error));
  }
  return error.message;
}

/**
 * Words one field error in a language and gives it its `rule`; English keeps the message as the
 * server wrote it.
 *
 * @example
 * localizeFieldError({ field: "client.email", message: "must be an e-mail address", rule: "email" }, "pt");
 * // { field: "client.email", message: "tem de ser um endereço de e-mail", rule: "email" }
 */
export function localizeFieldError(
  error: ProblemFieldError,
  locale: ProblemLocale,
): ProblemFieldError & { rule: string } {
  const rule = fieldRule(error);
  if (locale === "en") return { ...error, rule };
  return { ...error, rule, message: fieldMessage(PROBLEM_CATALOGS[locale], error) };
}

/**
 * Words a problem detail in a language. A detail en.ts does not know (a message built elsewhere,
 * e.g. by the engine) becomes the code's title in that language, so the screen never mixes
 * languages; English keeps the detail as written.
 *
 * @example
 * localizeDetail("NOT_FOUND", "No client with id c_1", "es"); // "Ningún cliente con el id c_1"
 */
export function localizeDetail(
  code: ProblemCode,
  detail: string,
  locale: ProblemLocale,
  errors: readonly ProblemFieldError[] = [],
): string {
  if (locale === "en") return detail;
  const catalog = PROBLEM_CATALOGS[locale];
  const found = matchDetail(detail);
  if (found === undefined) return catalog.titles[code];
  const params = { ...found.params };
  const message = params.message;
  if (message !== undefined) {
    // A detail that repeats a field error (`Invalid body: name …`) repeats its wording too.
    const same = errors.find((e) => e.field === params.field && e.message === message);
    const inner = matchFieldMessage(message);
    if (same !== undefined) params.message = fieldMessage(catalog, same);
    else if (inner !== undefined) params.message = fill(catalog.fields[inner.key], inner.params);
  }
  return fill(catalog.details[found.key], params);
}

/**
 * Words a whole problem document (title, detail, each field error, each of the engine's
 * `violations` by its code, also inside a refused plan's `results`) in a language; `code`, `type`, `status` and the other extension
 * members stay as they are.
 *
 * @example
 * localizeProblem(new BookwellError("NOT_FOUND", "No client with id c_1").toProblem(), "pt").detail;
 * // "Nenhum cliente com o id c_1"
 */
export function localizeProblem(doc: ProblemDocument, locale: ProblemLocale): ProblemDocument {
  const out: ProblemDocument = { ...doc };
  if (doc.errors !== undefined) {
    out.errors = doc.errors.map((error) => localizeFieldError(error, locale));
  }
  if (locale === "en") return out;
  const catalog = PROBLEM_CATALOGS[locale];
  out.title = catalog.titles[doc.code];
  out.detail = localizeDetail(doc.code, doc.detail, locale, doc.errors);
  if (Array.isArray(doc.violations)) out.violations = localizeViolations(doc.violations, locale);
  // A plan refused as a whole (`results`, one per date) words each date's reasons too.
  if (Array.isArray(doc.results)) {
    out.results = doc.results.map((r: unknown) => localizePlanResult(r, locale));
  }
  return out;
}

/**
 * One date of a copy or repeat plan with its `violations` and `blocking` worded in a language.
 *
 * @example
 * localizePlanResult({ date: "2026-03-18", status: "conflict", violations: [{ code: "OVERLAP", message: "…" }] }, "es");
 */
export function localizePlanResult<T>(result: T, locale: ProblemLocale): T {
  if (typeof result !== "object" || result === null) return result;
  const out = { ...result } as Record<string, unknown>;
  for (const key of ["violations", "blocking"]) {
    const list = out[key];
    if (Array.isArray(list)) out[key] = localizeViolations(list, locale);
  }
  return out as T;
}

/**
 * The engine's violations (`{ code, message, … }`) worded in a language, one sentence per code;
 * English, and anything that is not a violation, stays as it is. Problems and the answers that
 * carry violations (a copy or repeat plan, what staff overrode) word them alike.
 *
 * @example
 * localizeViolations([{ code: "PAST", severity: "soft", message: "The start time has already passed." }], "pt");
 * // [{ code: "PAST", severity: "soft", message: "A hora já passou." }]
 */
export function localizeViolations<T>(list: readonly T[], locale: ProblemLocale): T[] {
  if (locale === "en") return [...list];
  const catalog = PROBLEM_CATALOGS[locale];
  return list.map((v) => localizeViolation(v, catalog) as T);
}

/** One of the engine's violations worded by its code; anything else stays as it is. */
function localizeViolation(v: unknown, catalog: ProblemCatalog): unknown {
  if (typeof v !== "object" || v === null || !("code" in v)) return v;
  const sentence = (catalog.violations as Record<string, string | undefined>)[String(v.code)];
  return sentence === undefined ? v : { ...v, message: sentence };
}
