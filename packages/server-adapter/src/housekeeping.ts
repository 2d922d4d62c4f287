// Housekeeping: deletes expired holds, old idempotency records and expired staff sessions and
// invite links now and then, so those tables
// do not grow forever. `serve()` runs it by default; a team that mounts the app in its own server
// starts it next to the app (once per process is enough; several processes may run it together,
// the deletes are idempotent).

import { createAppContext } from "./app.js";
import { advanceWaitlists } from "./services/waitlist.js";
import type { Storage } from "./storage/storage.js";
import { outageNotice } from "./storage/unavailable.js";

/** Options of {@link startHousekeeping}. */
export interface HousekeepingOptions {
  storage: Storage;
  /** The current instant (default the system clock). */
  clock?: () => Date;
  /** How often to clean up, in milliseconds. Default 15 minutes. */
  everyMs?: number;
  /**
   * How long idempotency records are kept, in hours: a client retrying with the same key within
   * this time gets the first response again. Default 24.
   */
  keepIdempotencyHours?: number;
  /**
   * Where a failed clean-up is reported (default `console.error`); the next run tries again. A
   * database that is down is reported as one line (a string).
   */
  logError?: (error: unknown) => void;
}

/** What one clean-up deleted. */
export interface HousekeepingResult {
  holds: number;
  idempotencyRecords: number;
  /** Expired staff sessions and invite/setup links. */
  staffSessions: number;
  /** Waitlist offers that lapsed and were closed (an exclusive one's time offered to the next in line). */
  lapsedOffers: number;
}

/** A running housekeeper. */
export interface Housekeeper {
  /** Cleans up once now (also what the timer runs). */
  runOnce(): Promise<HousekeepingResult>;
  /** Stops the timer and waits for a clean-up under way. */
  stop(): Promise<void>;
}

/**
 * Starts a timer that deletes expired holds, idempotency records older than
 * `keepIdempotencyHours`, and expired staff sessions and invite links; the timer never keeps the process alive on its own.
 *
 * @example
 * import { startHousekeeping } from "@bookwell/server-adapter";
 *
 * const housekeeper = startHousekeeping({ storage });
 * // … on shutdown:
 * await housekeeper.stop();
 */
export function startHousekeeping(options: HousekeepingOptions): Housekeeper {
  const clock = options.clock ?? (() => new Date());
  const everyMs = options.everyMs ?? 15 * 60_000;
  const keepHours = options.keepIdempotencyHours ?? 24;
  if (!Number.isFinite(everyMs) || everyMs < 1000) {
    throw new RangeError("housekeeping: everyMs must be a number of milliseconds ≥ 1000");
  }
  if (!Number.isFinite(keepHours) || keepHours < 1) {
    throw new RangeError("housekeeping: keepIdempotencyHours must be ≥ 1");
  }
  const logError = options.logError ?? ((error: unknown) => console.error(error));
  let running: Promise<HousekeepingResult> | undefined;
  const waitlistApp = createAppContext({ storage: options.storage, clock, logError });

  const runOnce = (): Promise<HousekeepingResult> => {
    running ??= (async () => {
      try {
        const now = clock();
        // Lapsed waitlist offers first: their holds go with them, and the next in line gets the time.
        const { lapsed: lapsedOffers } = await advanceWaitlists(waitlistApp);
        const holds = await options.storage.deleteExpiredHolds(now);
        const idempotencyRecords = await options.storage.deleteIdempotencyBefore(
          new Date(now.getTime() - keepHours * 3_600_000),
        );
        const staffSessions = await options.storage.deleteExpiredStaffSessions(now);
        return { holds, idempotencyRecords, staffSessions, lapsedOffers };
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const timer = setInterval(() => {
    runOnce().catch((error: unknown) => {
      // The database is down: one line, and the next run tries again.
      logError(
        outageNotice(error, "bookwell housekeeping", `trying again in ${everyMs} ms`) ?? error,
      );
    });
  }, everyMs);
  timer.unref?.();

  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
