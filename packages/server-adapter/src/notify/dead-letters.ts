// Dead letters: rows that failed `maxAttempts` times (or permanently). Staff see them on a staff
// route and may queue a row again once the cause is fixed.

import type { OutboxRecord, StorageOperations } from "../storage/storage.js";
import { type ChannelName, MESSAGE_ROW_TYPE, type NotificationKind } from "./contract.js";

/** A dead outbox row as staff may see it: no manage token, no contact data, no text. */
export interface DeadLetter {
  id: string;
  type: string;
  kind?: NotificationKind;
  channel?: ChannelName;
  appointmentId?: string;
  attempts: number;
  lastError?: string;
  dueAt: string;
  createdAt: string;
  /** The id of the row queued by {@link retryDeadLetter}, when it was retried. */
  retriedAs?: string;
}

const RETRY_MARK = "~retry-";

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function deadLetter(row: OutboxRecord, retriedAs: string | undefined): DeadLetter {
  const kind = str(row.payload.kind) as NotificationKind | undefined;
  const channel = str(row.payload.channel) as ChannelName | undefined;
  const appointmentId = str(row.payload.appointmentId);
  return {
    id: row.id,
    type: row.type,
    ...(kind ? { kind } : {}),
    ...(channel ? { channel } : {}),
    ...(appointmentId ? { appointmentId } : {}),
    attempts: row.attempts,
    ...(row.lastError ? { lastError: row.lastError } : {}),
    dueAt: row.dueAt,
    createdAt: row.createdAt,
    ...(retriedAs ? { retriedAs } : {}),
  };
}

/**
 * A clinic's dead letters, newest first (the latest failures are the ones to look at), at most
 * `limit`, redacted for a staff route (e.g. `GET /v1/staff/notifications/dead`, manager role).
 *
 * @example
 * const dead = await listDeadLetters(storage, "clinic-a", { limit: 100 });
 */
export async function listDeadLetters(
  storage: StorageOperations,
  clinicId: string,
  options: { limit?: number } = {},
): Promise<DeadLetter[]> {
  const newest = (a: OutboxRecord, b: OutboxRecord) =>
    Date.parse(b.createdAt) - Date.parse(a.createdAt) ||
    Date.parse(b.dueAt) - Date.parse(a.dueAt) ||
    (a.id < b.id ? 1 : -1);
  const dead = (await storage.listOutbox(clinicId, { status: "dead" })).sort(newest);
  const shown = dead.slice(0, options.limit ?? dead.length);
  if (shown.length === 0) return [];
  const retried = new Map<string, string>();
  for (const row of await storage.listOutbox(clinicId)) {
    const at = row.id.lastIndexOf(RETRY_MARK);
    if (at > 0) retried.set(row.id.slice(0, at), row.id);
  }
  return shown.map((row) => deadLetter(row, retried.get(row.id)));
}

/**
 * Queues a dead row again (claimable at once) as a new row `<id>~retry-<n>` and returns it with
 * `queued: true`; the dead row stays as the record of what failed. A planned message keeps its
 * delivery id, so the retry carries the same Message-ID / Idempotency-Key as the attempts before
 * it. While an earlier retry of the same message is still queued, being sent or was delivered, that
 * retry is returned with `queued: false` and nothing new is queued (a second click never sends the
 * message twice). `undefined` when the clinic has no dead row with that id.
 *
 * @example
 * await retryDeadLetter(storage, "clinic-a", "msg:apt_1:new:…:email", new Date());
 */
export async function retryDeadLetter(
  storage: StorageOperations,
  clinicId: string,
  id: string,
  now: Date,
): Promise<(OutboxRecord & { queued: boolean }) | undefined> {
  const rows = await storage.listOutbox(clinicId);
  const row = rows.find((r) => r.id === id && r.status === "dead");
  if (!row) return undefined;
  const base = row.id.includes(RETRY_MARK)
    ? row.id.slice(0, row.id.lastIndexOf(RETRY_MARK))
    : row.id;
  const retries = rows.filter((r) => r.id.startsWith(`${base}${RETRY_MARK}`));
  const live = retries.find((r) => r.status !== "dead");
  if (live) return { ...live, queued: false };
  const payload =
    row.type === MESSAGE_ROW_TYPE
      ? { ...row.payload, deliveryId: str(row.payload.deliveryId) ?? base }
      : row.payload;
  // A numbered id: two retries racing for the same message collide on it (one is refused).
  const queued = await storage.enqueueOutbox(clinicId, {
    id: `${base}${RETRY_MARK}${retries.length + 1}`,
    type: row.type,
    payload,
    // A change row's due time is the instant of the change, which planning starts from; it is
    // already past, so the copy is claimed at once either way.
    dueAt: row.type === MESSAGE_ROW_TYPE ? now : row.dueAt,
  });
  return { ...queued, queued: true };
}
