// What every handler and service receives: the app's dependencies and the request's scope.

import type { Context } from "hono";
import type { Principal } from "../auth/principal.js";
import type { StaffAccountSettings } from "../auth/staff-sessions.js";
import type {
  ClinicRecord,
  Storage,
  StorageOperations,
  StoredResponse,
} from "../storage/storage.js";
import type { CatalogCache } from "./catalog.js";
import type { HoldLimits } from "./hold-limits.js";

/** An event the app reports after a change is committed (the outbox row is already written). */
export interface BookwellEvent {
  type:
    | "appointment.created"
    | "appointment.rescheduled"
    | "appointment.canceled"
    | "appointment.status_changed"
    | "appointment.moved";
  clinicId: string;
  appointmentId: string;
  at: string;
}

/**
 * Told after each committed change, e.g. to wake an outbox worker at once. Delivery is best-effort;
 * the outbox rows written in the same transaction are the durable record.
 */
export type Notifier = (event: BookwellEvent) => void | Promise<void>;

/** Everything the app was created with, resolved to defaults. */
export interface AppContext {
  storage: Storage;
  /** The current instant (injected, so tests control time). */
  now: () => Date;
  holdMinutes: number;
  /** Live holds per visitor and per e-mail, and how a request's visitor is named. */
  holdLimits: HoldLimits;
  /** Days after a visit ends that its manage link keeps working. */
  manageTokenDays: number;
  /** How long a duplicate request waits for the first one with the same Idempotency-Key. */
  idempotencyWaitMs: number;
  /** Reports a committed change; never throws into the request. */
  notify: (event: BookwellEvent) => void;
  /** Clinic settings, calendars and services, cached briefly (see catalog.ts). */
  cache: CatalogCache;
  /** Logs an unexpected error (no request data); default `console.error`. */
  logError: (error: unknown) => void;
  /** Staff accounts: session lifetime, sign-in throttling, password cost, invite links. */
  staffAccounts: StaffAccountSettings;
}

/** The idempotency state of one request that carries an `Idempotency-Key`. */
export interface IdempotencyHandle {
  key: string;
  /** Set once the response is stored (e.g. inside the booking's transaction). */
  stored: StoredResponse | undefined;
  /** Stores `response` for the key through `ops` (a transaction, to commit it with the change). */
  complete(ops: StorageOperations, response: StoredResponse): Promise<void>;
}

/** The scope of one request. */
export interface RequestContext {
  app: AppContext;
  hono: Context;
  clinic: ClinicRecord;
  /** The staff caller; `null` on public routes. */
  principal: Principal | null;
  /** Who acts, for the audit trail: `api-key:<id>`, `user:<id>`, `patient:<booking>` or `public`. */
  actor: string;
  /** The instant this request is handled at (read once from the clock). */
  now: Date;
  idempotency: IdempotencyHandle | null;
}
