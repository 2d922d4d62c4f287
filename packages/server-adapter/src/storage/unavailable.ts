// Which database failures mean "the database cannot answer right now" (→ StorageError
// UNAVAILABLE → 503 with Retry-After) rather than "this request is wrong" or "a bug".

import { StorageError } from "./errors.js";

/**
 * SQLSTATE classes of a database that cannot answer now: 08 connection exception, 53 insufficient
 * resources (too many connections, disk full, out of memory), 57 operator intervention (shutdown,
 * restart, `pg_terminate_backend`, `statement_timeout`, starting up), 58 system / I/O error.
 */
const UNAVAILABLE_CLASSES = new Set(["08", "53", "57", "58"]);

/** Single SQLSTATEs of the same kind: idle-in-transaction timeout, `lock_timeout`. */
const UNAVAILABLE_CODES = new Set(["25P03", "55P03"]);

/** Node's codes of a network connection that could not be made or was lost. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** The error, its causes and the errors it aggregates (a few levels deep). */
function* errorChain(error: unknown, depth = 0): Generator<object> {
  if (depth > 5 || typeof error !== "object" || error === null) return;
  yield error;
  const { cause, errors } = error as { cause?: unknown; errors?: unknown };
  yield* errorChain(cause, depth + 1);
  if (Array.isArray(errors)) for (const inner of errors) yield* errorChain(inner, depth + 1);
}

function codeOf(error: object): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

function messageOf(error: object): string {
  const message = (error as { message?: unknown }).message;
  return typeof message === "string" && message ? message : String(error);
}

/**
 * Returns a `StorageError` with code `UNAVAILABLE` when `error` (or one of its causes) says the
 * database cannot answer right now — a connection refused or lost, a shutdown or restart, too many
 * connections, a `statement_timeout`, an I/O error — or when the driver's own test `isDriverFailure`
 * recognises it (errors a driver raises without a code); otherwise `undefined`.
 *
 * @example
 * ```ts
 * const down = databaseUnavailable(error);
 * if (down) throw down; // → 503 UNAVAILABLE with Retry-After
 * ```
 */
export function databaseUnavailable(
  error: unknown,
  isDriverFailure?: (error: unknown) => boolean,
): StorageError | undefined {
  if (error instanceof StorageError) return error.code === "UNAVAILABLE" ? error : undefined;
  for (const link of errorChain(error)) {
    const code = codeOf(link);
    const unavailable =
      code !== undefined &&
      (NETWORK_CODES.has(code) ||
        UNAVAILABLE_CODES.has(code) ||
        (/^[0-9A-Z]{5}$/.test(code) && UNAVAILABLE_CLASSES.has(code.slice(0, 2))));
    if (unavailable || isDriverFailure?.(link)) {
      return new StorageError(
        "UNAVAILABLE",
        `the database is unavailable: ${messageOf(link)}${code ? ` (${code})` : ""}`,
        { detail: code ? { databaseCode: code } : {}, cause: error },
      );
    }
  }
  return undefined;
}

/**
 * One log line for a failure caused by a database that cannot answer (it comes back by itself,
 * and a stack trace per failed request or poll would flood the log), or `undefined` for any other
 * failure, which deserves its full report.
 *
 * @example
 * ```ts
 * logError(outageNotice(error, "bookwell housekeeping", "trying again in 15 minutes") ?? error);
 * // "bookwell housekeeping: the database is unavailable: connect ECONNREFUSED … (ECONNREFUSED); trying again in 15 minutes"
 * ```
 */
export function outageNotice(error: unknown, who: string, next?: string): string | undefined {
  if (!(error instanceof StorageError && error.code === "UNAVAILABLE")) return undefined;
  return `${who}: ${error.message}${next ? `; ${next}` : ""}`;
}
