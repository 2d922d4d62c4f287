// The status a visit had before it went through arrival, read from its audit trail, so that a
// rollback from `arrived` returns there (a walk-in never confirmed goes back to `booked`).

import type { StorageOperations } from "../storage/storage.js";

const BEFORE = new Set(["booked", "confirmed"]);
const THROUGH_ARRIVAL = new Set(["arrived", "started", "completed"]);

/**
 * `booked` or `confirmed`: the `from` of the visit's last status change that went through arrival
 * (arrive, or start / complete straight from booked or confirmed); `undefined` when the trail has
 * none (the engine then uses its table's `confirmed`).
 *
 * @example
 * const before = await statusBeforeArrival(tx, clinicId, "apt_1"); // "booked"
 */
export async function statusBeforeArrival(
  ops: StorageOperations,
  clinicId: string,
  appointmentId: string,
): Promise<"booked" | "confirmed" | undefined> {
  const trail = await ops.listAudit(clinicId, {
    entityType: "appointment",
    entityId: appointmentId,
  });
  let found: "booked" | "confirmed" | undefined;
  for (const entry of trail) {
    if (entry.action !== "appointment.status_changed") continue;
    const { from, to } = entry.detail as { from?: unknown; to?: unknown };
    if (typeof from === "string" && BEFORE.has(from) && THROUGH_ARRIVAL.has(String(to))) {
      found = from as "booked" | "confirmed";
    }
  }
  return found;
}
