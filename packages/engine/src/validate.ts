import type { z } from "zod";
import { EngineError, type FieldIssue } from "./errors.js";

/**
 * Parses `value` with `schema` once, at the public boundary, and turns every zod issue into a
 * {@link FieldIssue} that names the field (prefixed by `root`) and the rule.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  root: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((issue) => ({
    field: [root, ...issue.path.map(String)].filter((part) => part !== "").join("."),
    message: issue.message,
  }));
  const first = issues[0];
  const summary = first ? `${first.field}: ${first.message}` : "invalid input";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  throw new EngineError("INVALID_INPUT", `Invalid ${root}: ${summary}${more}`, issues);
}
