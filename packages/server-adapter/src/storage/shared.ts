// Helpers every adapter shares: instant conversion, the outbox backoff, the "active" rule,
// a FIFO mutex and the guard against using `storage` inside its own transaction.

import { AsyncLocalStorage } from "node:async_hooks";
import type { AppointmentStatus } from "@bookwell/engine";
import { RELEASING_STATUSES } from "@bookwell/engine";
import { StorageError } from "./errors.js";
import type { BusyAppointment, InstantInput } from "./storage.js";

/**
 * The scheduling view of an appointment (or of any record with those fields): only the fields
 * `listBusyAppointments` returns, which are also what the engine reads.
 *
 * @example
 * ```ts
 * busyOf(record); // { id, serviceId, calendarIds, start, end, status, channel, bufferBeforeMinutes?, … }
 * ```
 */
export function busyOf(a: BusyAppointment): BusyAppointment {
  const busy: BusyAppointment = {
    id: a.id,
    serviceId: a.serviceId,
    calendarIds: [...a.calendarIds],
    start: a.start,
    end: a.end,
    status: a.status,
    channel: a.channel,
  };
  if (a.bufferBeforeMinutes !== undefined) busy.bufferBeforeMinutes = a.bufferBeforeMinutes;
  if (a.bufferAfterMinutes !== undefined) busy.bufferAfterMinutes = a.bufferAfterMinutes;
  return busy;
}

/**
 * Converts an instant (ISO string with offset, `Date` or epoch ms) to a `Date`.
 *
 * @example
 * ```ts
 * toDate("2026-03-09T09:30:00-04:00").toISOString(); // "2026-03-09T13:30:00.000Z"
 * ```
 */
export function toDate(value: InstantInput): Date {
  const date = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new TypeError(`not an instant: ${String(value)}`);
  }
  return date;
}

/**
 * Converts an instant to the UTC ISO string storage returns.
 *
 * @example
 * ```ts
 * toIso(0); // "1970-01-01T00:00:00.000Z"
 * ```
 */
export function toIso(value: InstantInput): string {
  return toDate(value).toISOString();
}

/**
 * Delay before the next attempt after `attempts` failed ones: 30 s, 1 min, 2 min … capped at 1 h.
 *
 * @example
 * ```ts
 * outboxBackoffMs(1); // 30000
 * outboxBackoffMs(3); // 120000
 * ```
 */
export function outboxBackoffMs(attempts: number): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 20));
  return Math.min(30_000 * 2 ** exponent, 3_600_000);
}

/**
 * True when an appointment with this status holds its calendars' time.
 *
 * @example
 * ```ts
 * holdsTime("booked"); // true
 * holdsTime("canceled"); // false
 * ```
 */
export function holdsTime(status: AppointmentStatus): boolean {
  return !RELEASING_STATUSES.has(status);
}

/**
 * A FIFO mutex: `run` calls execute one at a time in call order.
 *
 * @example
 * ```ts
 * const mutex = new Mutex();
 * await Promise.all([mutex.run(a), mutex.run(b)]); // b starts after a settles
 * ```
 */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `fn` once every earlier `run` has settled. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn, fn);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/**
 * Tracks which storage a transaction callback runs in, so that calling the storage itself from
 * inside fails fast with `NESTED_TRANSACTION` instead of waiting forever for its own lock.
 *
 * @example
 * ```ts
 * const guard = new TransactionGuard();
 * await guard.inside(async () => guard.assertOutside()); // throws NESTED_TRANSACTION
 * ```
 */
export class TransactionGuard {
  readonly #context = new AsyncLocalStorage<boolean>();

  /** Runs `fn` marked as "inside a transaction of this storage". */
  inside<T>(fn: () => Promise<T>): Promise<T> {
    return this.#context.run(true, fn);
  }

  /** Throws when called from inside a transaction callback of this storage. */
  assertOutside(): void {
    if (this.#context.getStore() === true) {
      throw new StorageError(
        "NESTED_TRANSACTION",
        "storage was called inside its own transaction; use the `tx` argument instead",
      );
    }
  }
}

/**
 * Sorted, de-duplicated ids (the lock order).
 *
 * @example
 * ```ts
 * sortedUnique(["b", "a", "b"]); // ["a", "b"]
 * ```
 */
export function sortedUnique(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}

/**
 * Throws `INVALID_VALUE` unless the appointment or hold has calendars, ends after it starts and
 * has a whole capacity of at least 1.
 *
 * @example
 * ```ts
 * assertBookable("hold", { calendarIds: ["p1"], start, end, places: 1 });
 * ```
 */
export function assertBookable(
  what: string,
  value: { calendarIds: readonly string[]; start: Date; end: Date; places: number },
): void {
  if (value.calendarIds.length === 0) {
    throw new StorageError("INVALID_VALUE", `${what} must hold at least one calendar`, {
      detail: { field: "calendarIds" },
    });
  }
  if (value.end.getTime() <= value.start.getTime()) {
    throw new StorageError("INVALID_VALUE", `${what} must end after it starts`, {
      detail: { field: "end" },
    });
  }
  if (!Number.isInteger(value.places) || value.places < 1) {
    throw new StorageError("INVALID_VALUE", `${what} capacity must be a whole number ≥ 1`, {
      detail: { field: "capacity" },
    });
  }
}
