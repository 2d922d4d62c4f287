// The storage conformance suite: every adapter proves the Storage guarantees by running it.

import { afterAll, beforeAll, describe } from "vitest";
import type { Storage } from "../storage.js";
import { appointmentTests } from "./appointments.js";
import { auditAndKeyTests } from "./audit-keys.js";
import { backOfficeTests } from "./back-office.js";
import { catalogTests } from "./catalog.js";
import type { GetStorage } from "./fixtures.js";
import { holdTests, idempotencyTests } from "./holds-idempotency.js";
import { memberTests } from "./members.js";
import { outboxTests } from "./outbox.js";
import { tenancyTests } from "./tenancy.js";
import { transactionTests } from "./transactions.js";

/** Makes a fresh, migrated, empty storage; the suite closes it. */
export type StorageFactory = () => Promise<Storage>;

const GROUPS: [string, (storage: GetStorage) => void][] = [
  ["clinics, calendars, services, clients", catalogTests],
  ["appointments and the exclusion constraint", appointmentTests],
  ["transactions, locks and races", transactionTests],
  ["holds", holdTests],
  ["idempotency", idempotencyTests],
  ["outbox", outboxTests],
  ["audit and API keys", auditAndKeyTests],
  ["tenancy", tenancyTests],
  ["back office: cases, charges, documents, payments, packages", backOfficeTests],
  ["team members and travel times", memberTests],
];

/**
 * Registers the storage conformance suite with vitest: atomicity, tenancy isolation, the
 * exclusion constraint, concurrent bookings, idempotency races, outbox claims and hold expiry.
 * The suite makes one storage with `factory`, works in fresh clinics for each test, and closes
 * the storage at the end.
 *
 * @example
 * ```ts
 * // my-storage.test.ts
 * import { runStorageConformance } from "@bookwell/server-adapter/testing";
 * runStorageConformance("my storage", async () => createMyStorage());
 * ```
 */
export function runStorageConformance(name: string, factory: StorageFactory): void {
  describe(`Storage conformance: ${name}`, () => {
    let storage: Storage | undefined;
    beforeAll(async () => {
      storage = await factory();
    });
    afterAll(async () => {
      await storage?.close();
    });
    const get = () => {
      if (!storage) throw new Error("the storage factory failed; see beforeAll");
      return storage;
    };
    for (const [title, register] of GROUPS) {
      describe(title, () => register(get));
    }
  });
}
