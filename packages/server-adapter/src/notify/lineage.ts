// A booking's lineage: a reschedule by manage link makes a new appointment (the old one becomes
// `rebooked` with `rebookedToId`, the new one has `rebookedFromId`). The patient sees one
// booking, so messages, the calendar UID and the change history follow the whole chain.

import type { AppointmentRecord, AuditRecord, StorageOperations } from "../storage/storage.js";

/** The chain of appointments one booking went through, oldest first. */
export interface Lineage {
  /** The first appointment: the calendar UID is derived from its id. */
  root: AppointmentRecord;
  /** The current appointment (the last of the chain). */
  head: AppointmentRecord;
  chain: AppointmentRecord[];
}

/** One change of a booking, as the engine's `coalesceNotifications` reads it. */
export interface LineageEvent {
  type: "created" | "rescheduled" | "canceled" | "no_show";
  at: string;
  start?: string;
}

const MAX_CHAIN = 50;

function link(a: AppointmentRecord, key: "rebookedFromId" | "rebookedToId"): string | undefined {
  const value = a[key];
  return value && value.length > 0 ? value : undefined;
}

/**
 * Loads the chain around `appointmentId` by following `rebookedFromId` back and
 * `rebookedToId` forward; `undefined` when the appointment does not exist.
 *
 * @example
 * const lineage = await loadLineage(storage, "clinic-a", "apt_2"); // lineage.root.id === "apt_1"
 */
export async function loadLineage(
  ops: StorageOperations,
  clinicId: string,
  appointmentId: string,
): Promise<Lineage | undefined> {
  const start = await ops.getAppointment(clinicId, appointmentId);
  if (!start) return undefined;
  const chain = [start];
  const seen = new Set([start.id]);
  // Back to the root (each one put first), then forward to the head (each one put last).
  for (const [field, put] of [
    ["rebookedFromId", (a: AppointmentRecord) => chain.unshift(a)],
    ["rebookedToId", (a: AppointmentRecord) => chain.push(a)],
  ] as const) {
    for (let id = link(start, field); id && chain.length < MAX_CHAIN; ) {
      if (seen.has(id)) break;
      const found = await ops.getAppointment(clinicId, id);
      if (!found) break;
      put(found);
      seen.add(found.id);
      id = link(found, field);
    }
  }
  return { root: chain[0] as AppointmentRecord, head: chain.at(-1) as AppointmentRecord, chain };
}

/** In-place moves (staff drag and drop) written to the audit trail with the new `detail.start`. */
const MOVE_ACTIONS = new Set([
  "appointment.rescheduled",
  "appointment.moved",
  "appointment.updated",
]);

function detailStart(entry: AuditRecord): string | undefined {
  const start = entry.detail.start;
  if (typeof start === "string") return start;
  const to = entry.detail.to;
  if (to && typeof to === "object" && !Array.isArray(to) && typeof to.start === "string") {
    return to.start;
  }
  return undefined;
}

/**
 * The booking's changes, oldest first, read from the audit trail of every appointment of the
 * chain: `appointment.created` (created, or rescheduled for a later link of the chain),
 * `appointment.status_changed` to `canceled` / `no_show`, and in-place moves
 * (`appointment.rescheduled` / `appointment.moved` / `appointment.updated` with `detail.start`).
 * Where the trail says nothing about a link, its record stands in (created at `createdAt`,
 * canceled / no-show at `updatedAt`).
 *
 * @example
 * const events = await lineageEvents(storage, lineage);
 */
export async function lineageEvents(
  ops: StorageOperations,
  lineage: Lineage,
): Promise<LineageEvent[]> {
  const events: LineageEvent[] = [];
  for (const [index, a] of lineage.chain.entries()) {
    const entries = await ops.listAudit(a.clinicId, { entityType: "appointment", entityId: a.id });
    const creation = index === 0 ? "created" : "rescheduled";
    let created = false;
    let ended = false;
    let lastStart: string | undefined;
    for (const entry of entries) {
      if (entry.action === "appointment.created") {
        if (created) continue;
        created = true;
        lastStart = detailStart(entry) ?? a.start;
        events.push({ type: creation, at: entry.at, start: lastStart });
      } else if (entry.action === "appointment.status_changed") {
        const to = entry.detail.to;
        if (to === "canceled" || to === "no_show") {
          ended = true;
          events.push({ type: to, at: entry.at });
        }
      } else if (MOVE_ACTIONS.has(entry.action)) {
        const start = detailStart(entry);
        if (start && start !== lastStart) {
          lastStart = start;
          events.push({ type: "rescheduled", at: entry.at, start });
        }
      }
    }
    if (!created) events.unshift({ type: creation, at: a.createdAt, start: a.start });
    if (!ended && (a.status === "canceled" || a.status === "no_show")) {
      events.push({ type: a.status, at: a.updatedAt });
    }
  }
  return events.sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
}

/** The right-hand side of calendar UIDs and Message-IDs when none is configured. */
export const DEFAULT_NOTIFY_DOMAIN = "bookwell";

/**
 * The calendar UID of a booking: its first appointment's id at `domain`, the same across
 * reschedules, so every invite and "add to calendar" file updates one event.
 *
 * @example
 * calendarUid("apt_1", "clinic.example"); // "apt_1@clinic.example"
 */
export function calendarUid(rootId: string, domain: string = DEFAULT_NOTIFY_DOMAIN): string {
  return `${rootId}@${domain}`;
}

/**
 * The UID and SEQUENCE a calendar file for this appointment should carry now, matching the
 * invites the worker sends (SEQUENCE = index of the booking's latest change), for routes that
 * serve an "add to calendar" file. `undefined` when the appointment does not exist.
 *
 * @example
 * const id = await calendarIdentity(storage, "clinic-a", "apt_2"); // { uid: "apt_1@bookwell", sequence: 1 }
 */
export async function calendarIdentity(
  ops: StorageOperations,
  clinicId: string,
  appointmentId: string,
  domain: string = DEFAULT_NOTIFY_DOMAIN,
): Promise<{ uid: string; sequence: number } | undefined> {
  const lineage = await loadLineage(ops, clinicId, appointmentId);
  if (!lineage) return undefined;
  const events = await lineageEvents(ops, lineage);
  return { uid: calendarUid(lineage.root.id, domain), sequence: Math.max(0, events.length - 1) };
}
