// Fixtures of the back-office HTTP tests: the storages (PGlite in memory, and PostgreSQL 15
// started by the test file itself — one server per file), a clinic with a tax ID, and request
// helpers.

import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { configureBackOffice } from "../../src/services/back-office/config.js";
import {
  type FakeProvider,
  startFakeProvider,
} from "../../src/services/back-office/fake-stripe.js";
import { createStripeLikeProvider } from "../../src/services/back-office/payment-provider.js";
import type { Storage } from "../../src/storage/storage.js";
import {
  type CallOptions,
  call,
  type Result,
  type Seed,
  seedClinic,
  type TestClock,
  testApp,
  testClock,
} from "../helpers.js";
import { postgresFactories, type StorageFactory, storageFactories } from "../storages.js";

/**
 * PGlite in memory and (where it can be had) PostgreSQL; registers the PostgreSQL server's start
 * and stop hooks on the calling test file.
 *
 * @example
 * describe.each(backOfficeStorages())("… on $name", (factory) => { … });
 */
export function backOfficeStorages(): StorageFactory[] {
  return [...storageFactories, ...postgresFactories()];
}

/** A seeded clinic with an app and callers per role. */
export interface Office {
  storage: Storage;
  app: Hono;
  clock: TestClock;
  seed: Seed;
  clinicId: string;
  manager: Caller;
  desk: Caller;
  provider: Caller;
}

/** Calls the app with one role's key. */
export type Caller = (method: string, path: string, options?: CallOptions) => Promise<Result>;

/**
 * A fresh clinic (tax ID set) on `storage`, with an app on a test clock.
 *
 * @example
 * const office = await openOffice(storage);
 * await office.manager("GET", "/v1/staff/team");
 */
export async function openOffice(
  storage: Storage,
  clock: TestClock = testClock(),
): Promise<Office> {
  const clinicId = `clinic-${randomUUID().slice(0, 8)}`;
  const seed = await seedClinic(storage, clinicId);
  const clinic = await storage.getClinic(clinicId);
  if (!clinic) throw new Error("seed failed");
  const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...settings } = clinic;
  await storage.updateClinic(clinicId, {
    ...settings,
    taxId: "PT500000000",
    phone: "+351 210 000 000",
    email: "desk@clinic.example",
  });
  const app = testApp(storage, clock);
  const caller =
    (role: keyof Seed["keys"]): Caller =>
    (method, path, options = {}) =>
      call(app, method, path, { ...options, key: seed.keys[role] });
  return {
    storage,
    app,
    clock,
    seed,
    clinicId,
    manager: caller("manager"),
    desk: caller("front_desk"),
    provider: caller("provider"),
  };
}

/** What {@link officePerTest} opened for a test: the file's storage and the test's own office. */
export interface OpenedOffice {
  storage: Storage;
  office: Office;
  /** The fake payment provider, when one was asked for (`webhookSecret`). */
  fake?: FakeProvider;
}

/**
 * Registers the calling `describe`'s hooks: one storage from `factory` for all its tests, closed
 * after them, and a fresh office on it before each test, handed to `opened`. With a
 * `webhookSecret`, the storage takes online payments through the real Stripe-like client talking
 * to a fake provider on 127.0.0.1 (started before the storage, stopped after it).
 *
 * @example
 * let office: Office;
 * officePerTest(factory, (opened) => {
 *   office = opened.office;
 * });
 */
export function officePerTest(
  factory: StorageFactory,
  opened: (current: OpenedOffice) => void,
  options: { webhookSecret?: string } = {},
): void {
  let storage: Storage | undefined;
  let fake: FakeProvider | undefined;
  beforeAll(async () => {
    const created = await factory.create();
    storage = created;
    if (options.webhookSecret === undefined) return;
    fake = await startFakeProvider();
    storage = configureBackOffice(created, {
      paymentProvider: createStripeLikeProvider({
        apiBase: fake.url,
        secretKey: "sk_test_123",
        webhookSecret: options.webhookSecret,
      }),
    });
  });
  afterAll(async () => {
    await storage?.close();
    await fake?.close();
  });
  beforeEach(async () => {
    if (!storage) throw new Error("the storage did not open");
    opened({ storage, office: await openOffice(storage), ...(fake ? { fake } : {}) });
  });
}

/**
 * Throws with the response text unless the status is the expected one; returns the JSON.
 *
 * @example
 * const body = ok(await office.desk("POST", "/v1/staff/clients/intake", { body }), 201);
 */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON.
export function ok(result: Result, status = 200): any {
  if (result.status !== status) {
    throw new Error(`expected ${status}, got ${result.status}: ${result.text.slice(0, 800)}`);
  }
  return result.json;
}

/** A weekday slot of `physio` with ana, `days` after 2026-03-04 (a Wednesday), at `hour` UTC. */
export function slot(days: number, hour = 10): string {
  const base = Date.parse("2026-03-04T00:00:00Z") + days * 86_400_000;
  return new Date(base + hour * 3_600_000).toISOString();
}

/**
 * Creates a client and books them a physio visit with ana as staff; returns both ids.
 *
 * @example
 * const { clientId, appointmentId } = await clientWithVisit(office, "Rita Lopes", slot(0));
 */
export async function clientWithVisit(
  office: Office,
  name: string,
  start: string,
  extra: Record<string, unknown> = {},
): Promise<{ clientId: string; appointmentId: string }> {
  const created = ok(
    await office.desk("POST", "/v1/staff/clients/intake", {
      body: { name, createAnyway: true, ...extra },
    }),
    201,
  );
  const clientId = created.client.id as string;
  const booked = ok(
    await office.desk("POST", "/v1/staff/appointments", {
      body: { serviceId: "physio", providerId: "ana", start, clientId, overrides: "all-soft" },
    }),
    201,
  );
  return { clientId, appointmentId: booked.appointment.id as string };
}

/**
 * Runs a status action through the staff status route (the app engineer's), expecting 200.
 *
 * @example
 * await act(office, appointmentId, "arrive");
 */
export async function act(office: Office, appointmentId: string, action: string): Promise<void> {
  ok(
    await office.desk("POST", `/v1/staff/appointments/${appointmentId}/status`, {
      body: { action },
    }),
  );
}
