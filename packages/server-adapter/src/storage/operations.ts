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
  "mergeClient",
  "insertAppointment",
  "updateAppointment",
  "getAppointment",
  "listAppointments",
  "listBusyAppointments",
  "readBusyTime",
  "getCatalogVersion",
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
  "renewOutboxLease",
  "markOutboxSent",
  "markOutboxFailed",
  "listOutbox",
  "insertApiKey",
  "findApiKeyByHash",
  "listApiKeys",
  "revokeApiKey",
  "setApiKeyCalendars",
  "putCase",
  "getCase",
  "listCases",
  "insertCharge",
  "updateCharge",
  "getCharge",
  "listCharges",
  "claimDocumentNumber",
  "insertBillingDocument",
  "getBillingDocument",
  "listBillingDocuments",
  "insertPayment",
  "getPayment",
  "listPayments",
  "insertPaymentIntent",
  "updatePaymentIntent",
  "getPaymentIntent",
  "findPaymentIntentByProviderId",
  "putPackage",
  "getPackage",
  "listPackages",
  "listPackageUses",
  "putProviderService",
  "listProviderServices",
  "deleteProviderService",
  "insertPatientSignIn",
  "findPatientSignIn",
  "countPatientSignIns",
  "usePatientSignIn",
  "insertPatientSession",
  "findPatientSession",
  "insertWaitlistEntry",
  "getWaitlistEntry",
  "findWaitlistEntryByToken",
  "listWaitlistEntries",
  "setWaitlistEntryStatus",
  "insertWaitlistOffer",
  "findWaitlistOfferByToken",
  "listWaitlistOffers",
  "updateWaitlistOffer",
  "listLapsedWaitlistOffers",
  "getMessageSettings",
  "putMessageSettings",
  "putMember",
  "getMember",
  "listMembers",
  "getTravel",
  "putTravel",
  "insertStaffUser",
  "updateStaffUser",
  "getStaffUser",
  "findStaffUserByEmail",
  "listStaffUsers",
  "insertStaffSession",
  "findStaffSession",
  "deleteStaffSession",
  "deleteStaffSessions",
  "deleteExpiredStaffSessions",
  "insertStaffToken",
  "findStaffToken",
  "useStaffToken",
  "getSignInAttempts",
  "putSignInAttempts",
] as const satisfies readonly (keyof StorageOperations)[];

/** Operations that only read, with one statement: they need no transaction of their own. */
const READ_OPERATIONS: ReadonlySet<string> = new Set<(typeof OPERATION_NAMES)[number]>([
  "getClinic",
  "listClinics",
  "listLocations",
  "getCalendar",
  "listCalendars",
  "getService",
  "listServices",
  "getClient",
  "listClients",
  "getAppointment",
  "listAppointments",
  "listBusyAppointments",
  "readBusyTime",
  "getCatalogVersion",
  "findAppointmentByManageToken",
  "listAppointmentNotes",
  "getHold",
  "listHolds",
  "listAudit",
  "listOutbox",
  "findApiKeyByHash",
  "listApiKeys",
  "getCase",
  "listCases",
  "getCharge",
  "listCharges",
  "getBillingDocument",
  "listBillingDocuments",
  "getPayment",
  "listPayments",
  "getPaymentIntent",
  "findPaymentIntentByProviderId",
  "listPackageUses",
  "listProviderServices",
  "getMember",
  "listMembers",
  "getStaffUser",
  "findStaffUserByEmail",
  "listStaffUsers",
  "findStaffSession",
  "findStaffToken",
  "getSignInAttempts",
  "countPatientSignIns",
  "findPatientSignIn",
  "findPatientSession",
  "getWaitlistEntry",
  "findWaitlistEntryByToken",
  "listWaitlistEntries",
  "findWaitlistOfferByToken",
  "listWaitlistOffers",
  "listLapsedWaitlistOffers",
]);

type MissingOperation = Exclude<keyof StorageOperations, (typeof OPERATION_NAMES)[number]>;
// Fails to compile when an operation is added to the interface but not to the list above.
const everyOperationListed: MissingOperation extends never ? true : MissingOperation = true;
void everyOperationListed;

/** How `autocommitOperations` runs one operation. */
export type OperationRunner = <T>(fn: (tx: StorageTransaction) => Promise<T>) => Promise<T>;

/**
 * Returns the operations of a storage, each running in its own transaction via `write`, or via
 * `read` (when given) for single-statement reads that need no transaction.
 *
 * @example
 * ```ts
 * const operations = autocommitOperations({ write: (fn) => storage.transaction(fn), guard, isClosed: () => closed });
 * await operations.getClinic("c1");
 * ```
 */
export function autocommitOperations(options: {
  write: OperationRunner;
  read?: OperationRunner;
  guard: TransactionGuard;
  isClosed: () => boolean;
}): StorageOperations {
  const operations: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of OPERATION_NAMES) {
    const run = (READ_OPERATIONS.has(name) ? options.read : undefined) ?? options.write;
    operations[name] = (...args: unknown[]) => {
      try {
        options.guard.assertOutside();
        if (options.isClosed()) throw new StorageError("CLOSED", "storage is closed");
      } catch (error) {
        return Promise.reject(error);
      }
      return run((tx) => (tx[name] as (...a: unknown[]) => Promise<unknown>)(...args));
    };
  }
  return operations as unknown as StorageOperations;
}
