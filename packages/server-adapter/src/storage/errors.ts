// The one error class of the storage layer, with a stable code the app maps to HTTP.

/** Stable codes of `StorageError`. */
export type StorageErrorCode =
  /** An active exclusive appointment already holds one of the calendars at that time (→ 409). */
  | "SLOT_TAKEN"
  /** The record changed since the caller read it (`expectedVersion` differs) (→ 409). */
  | "VERSION_CONFLICT"
  /** A record with that id (or unique hash) exists (→ 409). */
  | "DUPLICATE"
  /** The record to change does not exist in that clinic (→ 404). */
  | "NOT_FOUND"
  /** The record points at a calendar, service, client or appointment the clinic does not have (→ 422). */
  | "INVALID_REFERENCE"
  /** A value storage cannot keep, e.g. an appointment ending before it starts (→ 422). */
  | "INVALID_VALUE"
  /** An issued document, a payment, or an invoiced / void charge cannot change (→ 409). */
  | "IMMUTABLE"
  /** The database aborted the transaction to break a deadlock or serialization conflict; retry (→ 503). */
  | "TRANSACTION_CONFLICT"
  /** `storage` was used inside its own `transaction` callback instead of `tx` (a programming error). */
  | "NESTED_TRANSACTION"
  /** The storage was closed. */
  | "CLOSED"
  /**
   * Another process owns the embedded PGlite directory (one process per directory); `detail`
   * names its `pid`, the `lockFile` and, for a server, its `url`.
   */
  | "LOCKED";

/** Every storage code with the HTTP status it usually becomes. */
export const STORAGE_ERROR_STATUS: Readonly<Record<StorageErrorCode, number>> = {
  SLOT_TAKEN: 409,
  VERSION_CONFLICT: 409,
  DUPLICATE: 409,
  NOT_FOUND: 404,
  INVALID_REFERENCE: 422,
  INVALID_VALUE: 422,
  IMMUTABLE: 409,
  TRANSACTION_CONFLICT: 503,
  NESTED_TRANSACTION: 500,
  CLOSED: 503,
  LOCKED: 503,
};

/**
 * An error the storage layer raises on purpose, with a stable `code`.
 *
 * @example
 * ```ts
 * try {
 *   await tx.insertAppointment(clinicId, appointment);
 * } catch (error) {
 *   if (isStorageError(error, "SLOT_TAKEN")) return conflict();
 *   throw error;
 * }
 * ```
 */
export class StorageError extends Error {
  override readonly name = "StorageError";
  readonly code: StorageErrorCode;
  /** Extra facts, e.g. the constraint or the entity id. */
  readonly detail: Readonly<Record<string, string>>;

  constructor(
    code: StorageErrorCode,
    message: string,
    options: { detail?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.detail = options.detail ?? {};
  }
}

/**
 * True when `error` is a `StorageError` (with that `code`, when given).
 *
 * @example
 * ```ts
 * if (isStorageError(error, "VERSION_CONFLICT")) retry();
 * ```
 */
export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  return error instanceof StorageError && (code === undefined || error.code === code);
}
