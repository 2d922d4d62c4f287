// Builds the `Storage` methods that run outside a transaction: each call becomes its own small
// transaction, so every adapter only implements the transactional operations once.

import { StorageError } from "./errors.js";
import type { TransactionGuard } from "./shared.js";
import type { StorageOperations, StorageTransaction } from "./storage.js";

/**
 * Every method of `StorageOperations` and how it runs on its own: `read` for a read of one
 * statement, which needs no transaction of its own; `atomic` for a write whose statements are
 * each atomic and which stays right between them (the idempotency claim: insert if absent, else
 * read, else compare-and-set; completing or releasing a key is one statement), run without
 * `BEGIN` and `COMMIT` like a read; else `write` (its own transaction). The type fails to compile
 * when the interface gains an operation this table does not list.
 */
const OPERATIONS: Readonly<Record<keyof StorageOperations, "read" | "atomic" | "write">> = {
  createClinic: "write",
  getClinic: "read",
  updateClinic: "write",
  listClinics: "read",
  putLocation: "write",
  listLocations: "read",
  putCalendar: "write",
  getCalendar: "read",
  listCalendars: "read",
  putService: "write",
  getService: "read",
  listServices: "read",
  putClient: "write",
  getClient: "read",
  listClients: "read",
  mergeClient: "write",
  insertAppointment: "write",
  updateAppointment: "write",
  getAppointment: "read",
  listAppointments: "read",
  listBusyAppointments: "read",
  readBusyTime: "read",
  getCatalogVersion: "read",
  findAppointmentByManageToken: "read",
  addAppointmentNote: "write",
  listAppointmentNotes: "read",
  insertHold: "write",
  getHold: "read",
  listHolds: "read",
  extendHold: "write",
  deleteHold: "write",
  deleteExpiredHolds: "write",
  appendAudit: "write",
  appendAuditAndOutbox: "write",
  listAudit: "read",
  claimIdempotency: "atomic",
  completeIdempotency: "atomic",
  releaseIdempotency: "atomic",
  deleteIdempotencyBefore: "write",
  enqueueOutbox: "write",
  claimDueOutbox: "write",
  renewOutboxLease: "write",
  markOutboxSent: "write",
  markOutboxFailed: "write",
  listOutbox: "read",
  insertApiKey: "write",
  findApiKeyByHash: "read",
  listApiKeys: "read",
  revokeApiKey: "write",
  setApiKeyCalendars: "write",
  putCase: "write",
  getCase: "read",
  listCases: "read",
  insertCharge: "write",
  updateCharge: "write",
  getCharge: "read",
  listCharges: "read",
  claimDocumentNumber: "write",
  insertBillingDocument: "write",
  getBillingDocument: "read",
  listBillingDocuments: "read",
  insertPayment: "write",
  getPayment: "read",
  listPayments: "read",
  insertPaymentIntent: "write",
  updatePaymentIntent: "write",
  getPaymentIntent: "read",
  findPaymentIntentByProviderId: "read",
  putPackage: "write",
  getPackage: "write",
  listPackages: "write",
  listPackageUses: "read",
  putProviderService: "write",
  listProviderServices: "read",
  deleteProviderService: "write",
  insertPatientSignIn: "write",
  findPatientSignIn: "read",
  countPatientSignIns: "read",
  usePatientSignIn: "write",
  insertPatientSession: "write",
  findPatientSession: "read",
  insertWaitlistEntry: "write",
  getWaitlistEntry: "read",
  findWaitlistEntryByToken: "read",
  listWaitlistEntries: "read",
  setWaitlistEntryStatus: "write",
  insertWaitlistOffer: "write",
  findWaitlistOfferByToken: "read",
  listWaitlistOffers: "read",
  updateWaitlistOffer: "write",
  listLapsedWaitlistOffers: "read",
  getMessageSettings: "write",
  putMessageSettings: "write",
  putMember: "write",
  getMember: "read",
  listMembers: "read",
  getTravel: "write",
  putTravel: "write",
  insertStaffUser: "write",
  updateStaffUser: "write",
  getStaffUser: "read",
  findStaffUserByEmail: "read",
  listStaffUsers: "read",
  insertStaffSession: "write",
  findStaffSession: "read",
  deleteStaffSession: "write",
  deleteStaffSessions: "write",
  deleteExpiredStaffSessions: "write",
  insertStaffToken: "write",
  findStaffToken: "read",
  useStaffToken: "write",
  getSignInAttempts: "read",
  putSignInAttempts: "write",
};

/** How `autocommitOperations` runs one operation. */
export type OperationRunner = <T>(fn: (tx: StorageTransaction) => Promise<T>) => Promise<T>;

/**
 * Returns the operations of a storage, each running in its own transaction via `write`, or via
 * `read` (when given) for single-statement reads and atomic writes that need no transaction.
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
  for (const [name, kind] of Object.entries(OPERATIONS) as [keyof StorageOperations, string][]) {
    const run = (kind === "write" ? undefined : options.read) ?? options.write;
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
