// Builds the `Storage` methods that run outside a transaction: each call becomes its own small
// transaction, so every adapter only implements the transactional operations once.

import { StorageError } from "./errors.js";
import type { TransactionGuard } from "./shared.js";
import type { StorageOperations, StorageTransaction } from "./storage.js";

/** Every method of `StorageOperations`, checked against the interface at compile time. */
const OPERATION_NAMES = [
  "createClinic",
  "getClinic",
  "updateClinic",
  "listClinics",
  "putLocation",
  "listLocations",
  "putCalendar",
  "getCalendar",
  "listCalendars",
  "putService",
  "getService",
  "listServices",
  "putClient",
  "getClient",
  "listClients",
  "insertAppointment",
  "updateAppointment",
  "getAppointment",
  "listAppointments",
  "findAppointmentByManageToken",
  "addAppointmentNote",
  "listAppointmentNotes",
  "insertHold",
  "getHold",
  "listHolds",
  "extendHold",
  "deleteHold",
  "deleteExpiredHolds",
  "appendAudit",
  "listAudit",
  "claimIdempotency",
  "completeIdempotency",
  "releaseIdempotency",
  "deleteIdempotencyBefore",
  "enqueueOutbox",
  "claimDueOutbox",
  "markOutboxSent",
  "markOutboxFailed",
  "listOutbox",
  "insertApiKey",
  "findApiKeyByHash",
  "listApiKeys",
  "revokeApiKey",
] as const satisfies readonly (keyof StorageOperations)[];

type MissingOperation = Exclude<keyof StorageOperations, (typeof OPERATION_NAMES)[number]>;
// Fails to compile when an operation is added to the interface but not to the list above.
const everyOperationListed: MissingOperation extends never ? true : MissingOperation = true;
void everyOperationListed;

/**
 * Returns the operations of a storage, each running in its own transaction via `run`.
 *
 * @example
 * ```ts
 * const operations = autocommitOperations((fn) => storage.transaction(fn), guard, () => closed);
 * await operations.getClinic("c1");
 * ```
 */
export function autocommitOperations(
  run: <T>(fn: (tx: StorageTransaction) => Promise<T>) => Promise<T>,
  guard: TransactionGuard,
  isClosed: () => boolean,
): StorageOperations {
  const operations: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of OPERATION_NAMES) {
    operations[name] = (...args: unknown[]) => {
      try {
        guard.assertOutside();
        if (isClosed()) throw new StorageError("CLOSED", "storage is closed");
      } catch (error) {
        return Promise.reject(error);
      }
      return run((tx) => (tx[name] as (...a: unknown[]) => Promise<unknown>)(...args));
    };
  }
  return operations as unknown as StorageOperations;
}
