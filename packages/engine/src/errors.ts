/** One problem with an input: the dotted path of the field and the rule it broke. */
export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `service.durationMinutes` or `appointments.3.start`. */
  field: string;
  /** What rule the value broke, in plain words. */
  message: string;
}

/** Stable codes of every error the engine raises. */
export type EngineErrorCode = "INVALID_INPUT" | "NOT_FOUND" | "ILLEGAL_TRANSITION" | "CONFLICT";

/**
 * The one error class of `@bookwell/engine`: a stable `code`, a readable message and, for input
 * errors, every offending field with the rule it broke.
 *
 * @example
 * try {
 *   computeSlots(query);
 * } catch (error) {
 *   if (isEngineError(error) && error.code === "INVALID_INPUT") console.log(error.issues);
 * }
 */
export class EngineError extends Error {
  override readonly name = "EngineError";
  readonly code: EngineErrorCode;
  readonly issues: readonly FieldIssue[];

  constructor(code: EngineErrorCode, message: string, issues: readonly FieldIssue[] = []) {
    super(message);
    this.code = code;
    this.issues = issues;
  }
}

/**
 * Tells whether a value is an {@link EngineError}, also across bundle copies of the engine.
 *
 * @example
 * if (isEngineError(error)) console.log(error.code, error.issues);
 */
export function isEngineError(value: unknown): value is EngineError {
  return (
    value instanceof EngineError ||
    (typeof value === "object" &&
      value !== null &&
      (value as { name?: unknown }).name === "EngineError" &&
      typeof (value as { code?: unknown }).code === "string")
  );
}
