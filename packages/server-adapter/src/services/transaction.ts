// Runs a unit of work in one storage transaction, retrying when the database aborted it to break a
// deadlock or serialization conflict (nothing was written then).

import type { Storage, StorageTransaction } from "../storage/storage.js";

const RETRIES = 3;

function isTransactionConflict(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { name?: unknown }).name === "StorageError" &&
    (error as { code?: unknown }).code === "TRANSACTION_CONFLICT"
  );
}

/**
 * Runs `fn` in one transaction; retries up to 3 times on `TRANSACTION_CONFLICT`.
 *
 * @example
 * const hold = await inTransaction(storage, async (tx) => tx.insertHold(clinicId, input));
 */
export async function inTransaction<T>(
  storage: Storage,
  fn: (tx: StorageTransaction) => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await storage.transaction(fn);
    } catch (error) {
      if (attempt >= RETRIES || !isTransactionConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (attempt + 1)));
    }
  }
}
