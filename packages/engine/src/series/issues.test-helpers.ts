import type { FieldIssue } from "../errors.js";
import { isEngineError } from "../errors.js";

/** The issues of the `EngineError` that `fn` throws; fails when it throws nothing or something else. */
export function issuesOf(fn: () => unknown): readonly FieldIssue[] {
  try {
    fn();
  } catch (error) {
    if (isEngineError(error)) return error.issues;
    throw error;
  }
  throw new Error("expected an EngineError, but nothing was thrown");
}

/** The issues of the `EngineError` that `fn` throws, as `field: message` lines. */
export function issueLines(fn: () => unknown): string[] {
  return issuesOf(fn).map((i) => `${i.field}: ${i.message}`);
}
