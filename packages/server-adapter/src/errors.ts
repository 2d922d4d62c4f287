// The one error class of the HTTP layer, its code map and the problem+json rendering.

import type { z } from "zod";
import type { ProblemLocale } from "./problems-i18n/catalog.js";
import { fieldRule, localizeProblem } from "./problems-i18n/localize.js";
import { issuesToFields } from "./problems-i18n/rules.js";

/** One offending field of a request: where it is (`client.email`, `from`) and the rule. */
export interface ProblemFieldError {
  /**
   * Where the bad value is: a body field by its dotted path (`client.email`), a query or path
   * parameter by its name (`from`, `token`), a header by its name (`Idempotency-Key`).
   */
  field: string;
  /** The rule it broke, in plain words (in the request's language, see `Accept-Language`). */
  message: string;
  /**
   * The rule it broke as a stable machine word clients can act on: `required`, `too_long` (with
   * `maximum`), `email`, `not_a_known_field`, … (docs/server/http-api.md). Filled in when the
   * problem is rendered if the thrower left it out.
   */
  rule?: string;
  /** `too_long`, `too_large`, `too_many`: the largest allowed length, value or count. */
  maximum?: number;
  /** `too_short`, `too_small`, `too_few`: the smallest allowed length, value or count. */
  minimum?: number;
  /** `format`: the expected format (`date`, `datetime`, …). */
  format?: string;
  /** `invalid_type`: the expected type (`string`, `number`, …). */
  expected?: string;
  /** `not_one_of`: the allowed values. */
  values?: string[];
  /** `not_multiple_of`: the divisor. */
  divisor?: number;
}

/** A problem code's HTTP status and title. */
const problem = <S extends number, T extends string>(status: S, title: T) =>
  ({ status, title }) as const;

/** HTTP status and title of every stable problem code the API answers with. */
export const PROBLEM_CODES = {
  VALIDATION_FAILED: problem(400, "The request is not valid"),
  MALFORMED_JSON: problem(400, "The request body is not valid JSON"),
  CLINIC_REQUIRED: problem(400, "Say which clinic the request is for"),
  UNAUTHORIZED: problem(401, "Authentication is required"),
  INVALID_CREDENTIALS: problem(401, "The e-mail or password is wrong"),
  INVALID_CODE: problem(401, "The code is not valid"),
  CSRF_HEADER_REQUIRED: problem(403, "Send the X-Bookwell-CSRF header with this request"),
  LINK_INVALID: problem(404, "This link is not valid or has expired"),
  FORBIDDEN: problem(403, "Not allowed for this role"),
  ORIGIN_NOT_ALLOWED: problem(403, "This origin may not call the API"),
  NOT_FOUND: problem(404, "Not found"),
  METHOD_NOT_ALLOWED: problem(405, "Method not allowed"),
  SLOT_TAKEN: problem(409, "That time is no longer available"),
  HOLD_EXPIRED: problem(409, "The hold has expired"),
  OFFER_UNAVAILABLE: problem(409, "This waitlist offer is no longer open"),
  IDEMPOTENCY_IN_FLIGHT: problem(
    409,
    "A request with this Idempotency-Key is still being processed",
  ),
  CANCELLATION_NOT_ALLOWED: problem(409, "This visit can no longer be canceled"),
  ONLINE_BOOKING_BLOCKED: problem(
    403,
    "Online booking is paused for this patient; please contact the clinic",
  ),
  RESCHEDULE_NOT_ALLOWED: problem(409, "This visit can no longer be rescheduled"),
  ILLEGAL_TRANSITION: problem(409, "That status change is not allowed"),
  CONFLICT: problem(409, "The request conflicts with the current state"),
  IMMUTABLE: problem(409, "Issued documents and settled charges cannot change"),
  DUPLICATE_CLIENT: problem(409, "A client with this e-mail or phone exists"),
  IMPORT_REJECTED: problem(422, "The file has rows that cannot be imported"),
  WEBHOOK_SIGNATURE_INVALID: problem(400, "The webhook signature does not verify"),
  PAYMENT_PROVIDER_FAILED: problem(502, "The payment provider did not answer as expected"),
  PAYLOAD_TOO_LARGE: problem(413, "The request body is too large"),
  UNSUPPORTED_MEDIA_TYPE: problem(415, "Send the body as application/json"),
  IDEMPOTENCY_KEY_REUSED: problem(422, "This Idempotency-Key was used with a different request"),
  BOOKING_RULE_VIOLATED: problem(422, "The booking breaks a scheduling rule"),
  POLICY_CONSENT_REQUIRED: problem(
    422,
    "Accept the cancellation policy: a fee applies from the moment of booking",
  ),
  RATE_LIMITED: problem(429, "Too many requests"),
  HOLD_LIMIT_REACHED: problem(429, "Too many times held at once"),
  INTERNAL: problem(500, "Internal server error"),
  UNAVAILABLE: problem(503, "The service is temporarily unavailable"),
} as const satisfies Record<string, { status: number; title: string }>;

/** Every stable problem code; clients may switch on it. */
export type ProblemCode = keyof typeof PROBLEM_CODES;

/** The JSON body of every error response (`application/problem+json`, RFC 9457). */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  code: ProblemCode;
  detail: string;
  errors?: ProblemFieldError[];
  [extension: string]: unknown;
}

/** Options of a {@link BookwellError}: offending fields, extra members and headers to send. */
export interface BookwellErrorOptions {
  errors?: readonly ProblemFieldError[];
  /** Extension members merged into the problem document, e.g. `alternatives` or `violations`. */
  extensions?: Record<string, unknown>;
  /** Extra response headers, e.g. `Retry-After`. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * The one error class of `@bookwell/server-adapter`: a stable `code` that maps to one HTTP status
 * and renders as `application/problem+json`.
 *
 * @example
 * throw new BookwellError("NOT_FOUND", "No service with id svc_1");
 */
export class BookwellError extends Error {
  override readonly name = "BookwellError";
  readonly code: ProblemCode;
  readonly status: number;
  readonly errors: readonly ProblemFieldError[];
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(code: ProblemCode, detail?: string, options: BookwellErrorOptions = {}) {
    super(
      detail ?? PROBLEM_CODES[code].title,
      options.cause === undefined ? {} : { cause: options.cause },
    );
    this.code = code;
    this.status = PROBLEM_CODES[code].status;
    this.errors = options.errors ?? [];
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }

  /**
   * The problem document of this error, worded in `locale` (default English).
   *
   * @example
   * new BookwellError("NOT_FOUND", "No client with id c_1").toProblem("pt").detail; // "Nenhum cliente com o id c_1"
   */
  toProblem(locale: ProblemLocale = "en"): ProblemDocument {
    return localizeProblem(
      problemDocument(this.code, this.message, this.errors, this.extensions),
      locale,
    );
  }
}

/**
 * A `400 VALIDATION_FAILED` for one field the server checked itself (not its schema): the detail
 * `field: message`, and the field in `errors`.
 *
 * @example
 * throw invalidField("country", "is not a country with a known holiday list");
 */
export function invalidField(field: string, message: string): BookwellError {
  return new BookwellError("VALIDATION_FAILED", `${field}: ${message}`, {
    errors: [{ field, message }],
  });
}

/**
 * A `409 CONFLICT` for a create whose id is used already, naming the field (the message names the
 * id too when the field is a nested one, such as `locations.0.calendarId`).
 *
 * @example
 * if (await tx.getCase(clinicId, id)) throw idTaken("case", id);
 */
export function idTaken(what: string, id: string, field = "id"): BookwellError {
  return new BookwellError("CONFLICT", `A ${what} with id ${id} exists`, {
    errors: [{ field, message: field === "id" ? "is already used" : `${id} is already used` }],
  });
}

/**
 * Tells whether a value is a {@link BookwellError}, also across bundle copies of the package.
 *
 * @example
 * if (isBookwellError(error) && error.code === "SLOT_TAKEN") showAlternatives(error.extensions);
 */
export function isBookwellError(value: unknown): value is BookwellError {
  return (
    value instanceof BookwellError ||
    (typeof value === "object" &&
      value !== null &&
      (value as { name?: unknown }).name === "BookwellError" &&
      typeof (value as { code?: unknown }).code === "string" &&
      (value as { code: string }).code in PROBLEM_CODES)
  );
}

/**
 * Builds the problem+json document for a code.
 *
 * @example
 * problemDocument("NOT_FOUND", "No booking for this link");
 * // { type: "urn:bookwell:problem:not-found", title: "Not found", status: 404, code: "NOT_FOUND", detail: "…" }
 */
export function problemDocument(
  code: ProblemCode,
  detail: string,
  errors: readonly ProblemFieldError[] = [],
  extensions: Record<string, unknown> = {},
): ProblemDocument {
  const { status, title } = PROBLEM_CODES[code];
  const doc: ProblemDocument = {
    type: `urn:bookwell:problem:${code.toLowerCase().replaceAll("_", "-")}`,
    title,
    status,
    code,
    detail,
  };
  for (const [name, value] of Object.entries(extensions)) {
    if (!(name in doc)) doc[name] = value;
  }
  if (errors.length > 0) doc.errors = errors.map((error) => ({ ...error, rule: fieldRule(error) }));
  return doc;
}

/**
 * Renders a problem as a `Response` with `Content-Type: application/problem+json`, worded in
 * `locale` (default English; the error handler passes the request's `Accept-Language` choice) and
 * with `Content-Language` saying which.
 *
 * @example
 * return problemResponse(new BookwellError("NOT_FOUND"), "es");
 */
export function problemResponse(error: BookwellError, locale: ProblemLocale = "en"): Response {
  const headers = new Headers(error.headers);
  headers.set("content-type", "application/problem+json");
  headers.set("cache-control", "no-store");
  headers.set("content-language", locale);
  headers.append("vary", "Accept-Language");
  return new Response(JSON.stringify(error.toProblem(locale)), { status: error.status, headers });
}

/**
 * The `Retry-After` (seconds) of a `503 UNAVAILABLE` answered while the database cannot answer:
 * a restart or a failover usually takes a few seconds.
 */
const DATABASE_RETRY_AFTER_SECONDS = 2;

/** Anything that looks like an HTTP error from Hono or a storage adapter. */
interface ErrorLike {
  name?: unknown;
  code?: unknown;
  status?: unknown;
  message?: unknown;
  issues?: unknown;
}

/**
 * Turns any thrown value into a {@link BookwellError}: known errors keep their code, engine input
 * errors become `VALIDATION_FAILED`, anything else becomes an opaque `INTERNAL` error without
 * details (no stack traces or messages leak).
 *
 * @example
 * app.onError((error) => problemResponse(toBookwellError(error)));
 */
export function toBookwellError(error: unknown): BookwellError {
  if (isBookwellError(error)) return error;
  const e = (typeof error === "object" && error !== null ? error : {}) as ErrorLike;
  if (e.name === "EngineError") {
    const issues = Array.isArray(e.issues) ? (e.issues as ProblemFieldError[]) : [];
    if (e.code === "INVALID_INPUT") {
      return new BookwellError("VALIDATION_FAILED", String(e.message ?? "Invalid input"), {
        errors: issues,
        cause: error,
      });
    }
    if (e.code === "NOT_FOUND") return new BookwellError("NOT_FOUND", String(e.message));
    if (e.code === "ILLEGAL_TRANSITION") {
      return new BookwellError("ILLEGAL_TRANSITION", String(e.message));
    }
    if (e.code === "CONFLICT") return new BookwellError("CONFLICT", String(e.message));
  }
  if (e.name === "ZodError" && Array.isArray(e.issues)) {
    const errors = issuesToFields(e.issues as z.core.$ZodIssue[]);
    return new BookwellError("VALIDATION_FAILED", "The request is not valid", {
      errors,
      cause: error,
    });
  }
  if (e.name === "StorageError") {
    const detail = (error as { detail?: Record<string, string> }).detail ?? {};
    const field = detail.field;
    switch (e.code) {
      case "SLOT_TAKEN":
        return new BookwellError("SLOT_TAKEN", "That time was just taken; pick another one", {
          extensions: { alternatives: [] },
          cause: error,
        });
      case "VERSION_CONFLICT":
      case "DUPLICATE":
        return new BookwellError(
          "CONFLICT",
          "Someone changed this at the same time; reload and retry",
          {
            cause: error,
          },
        );
      case "NOT_FOUND":
        return new BookwellError("NOT_FOUND", "Not found", { cause: error });
      case "IMMUTABLE":
        return new BookwellError("IMMUTABLE", "This record is settled and cannot change", {
          cause: error,
        });
      case "INVALID_REFERENCE":
      case "INVALID_VALUE":
        return new BookwellError("VALIDATION_FAILED", String(e.message ?? "Invalid value"), {
          errors: field ? [{ field, message: String(e.message ?? "is not valid") }] : [],
          cause: error,
        });
      case "TRANSACTION_CONFLICT":
      case "CLOSED":
        return new BookwellError("UNAVAILABLE", "Busy right now; retry in a moment", {
          headers: { "Retry-After": "1" },
          cause: error,
        });
      case "UNAVAILABLE":
        return new BookwellError(
          "UNAVAILABLE",
          "The database is not answering right now; retry in a few seconds",
          { headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) }, cause: error },
        );
      default:
        break;
    }
  }
  // Hono's HTTPException (e.g. from bodyLimit) carries a status.
  if (typeof e.status === "number") {
    if (e.status === 413)
      return new BookwellError("PAYLOAD_TOO_LARGE", undefined, { cause: error });
    if (e.status === 401) return new BookwellError("UNAUTHORIZED", undefined, { cause: error });
    if (e.status === 404) return new BookwellError("NOT_FOUND", undefined, { cause: error });
    if (e.status === 400) {
      return new BookwellError("VALIDATION_FAILED", "The request could not be read", {
        cause: error,
      });
    }
  }
  if (error instanceof SyntaxError) {
    return new BookwellError("MALFORMED_JSON", "The request body is not valid JSON", {
      cause: error,
    });
  }
  return new BookwellError("INTERNAL", "Something went wrong on our side; try again later", {
    cause: error,
  });
}
