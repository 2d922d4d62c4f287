// The stable machine `rule` of a zod issue, with the numbers a client needs to act on it.

import type { z } from "zod";
import type { ProblemFieldError } from "../errors.js";

/** A field error's rule and the values that go with it (`maximum` of `too_long`, …). */
export type IssueRule = Omit<ProblemFieldError, "field" | "message"> & { rule?: string };

const SIZE_RULES: Record<"small" | "big", Record<string, string>> = {
  small: { string: "too_short", array: "too_few", set: "too_few", file: "too_small" },
  big: { string: "too_long", array: "too_many", set: "too_many", file: "too_large" },
};

/**
 * The rule a zod issue broke: `required`, `invalid_type` (with `expected`), `integer`,
 * `too_short`/`too_long` (text, with `minimum`/`maximum`), `too_small`/`too_large` (numbers and
 * dates), `too_few`/`too_many` (lists), `email`, `url`, `pattern`, `format` (with `format`),
 * `not_one_of` (with `values`), `not_multiple_of`, `not_a_known_field`, `invalid`. A custom check
 * (`refine`) has no rule here: its message's key in en.ts names it (see `fieldRule`).
 * `inputReported` says the issues were made with `reportInput`, so a missing value is told apart
 * from a wrong one by the absent `input`.
 *
 * @example
 * issueRule({ code: "too_big", origin: "string", maximum: 200, inclusive: true, path: ["name"], message: "…" });
 * // { rule: "too_long", maximum: 200 }
 */
export function issueRule(issue: z.core.$ZodIssue, inputReported = false): IssueRule {
  switch (issue.code) {
    case "invalid_type": {
      const missing = inputReported
        ? !("input" in issue) || issue.input === undefined
        : /received undefined$/.test(issue.message);
      if (missing) return { rule: "required" };
      if (issue.expected === "int") return { rule: "integer" };
      return { rule: "invalid_type", expected: issue.expected };
    }
    case "too_small": {
      const rule = SIZE_RULES.small[issue.origin] ?? "too_small";
      return { rule, minimum: Number(issue.minimum) };
    }
    case "too_big": {
      const rule = SIZE_RULES.big[issue.origin] ?? "too_large";
      return { rule, maximum: Number(issue.maximum) };
    }
    case "invalid_format":
      if (issue.format === "email" || issue.format === "url") return { rule: issue.format };
      if (issue.format === "regex") return { rule: "pattern" };
      return { rule: "format", format: issue.format };
    case "invalid_value":
      return { rule: "not_one_of", values: issue.values.map((v) => String(v)) };
    case "not_multiple_of":
      return { rule: "not_multiple_of", divisor: Number(issue.divisor) };
    case "unrecognized_keys":
      return { rule: "not_a_known_field" };
    case "custom":
      return {};
    default:
      return { rule: "invalid" };
  }
}

/**
 * Turns zod issues into problem field errors, each with its `rule`; unknown keys are named one by
 * one. `inputReported`: the issues were made with `reportInput` (see {@link issueRule}).
 *
 * @example
 * issuesToFields(result.error.issues);
 * // [{ field: "client.email", message: "must be an e-mail address", rule: "email" }]
 */
export function issuesToFields(
  issues: readonly z.core.$ZodIssue[],
  inputReported = false,
): ProblemFieldError[] {
  const fields: ProblemFieldError[] = [];
  for (const issue of issues) {
    const base = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        fields.push({
          field: [...base, key].join("."),
          message: "is not a known field",
          rule: "not_a_known_field",
        });
      }
      continue;
    }
    fields.push({
      field: base.join(".") || "(body)",
      message: issue.message,
      ...issueRule(issue, inputReported),
    });
  }
  return fields;
}
