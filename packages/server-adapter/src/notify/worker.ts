// The outbox worker: claims due rows (FOR UPDATE SKIP LOCKED on PostgreSQL / PGlite), plans change
// rows into messages, sends planned messages, marks them sent, retries failures with backoff and
// leaves rows that keep failing in the dead letters.
//
// Delivery is at-least-once with a stable id per message: a crash after the provider accepted a
// message but before the row was marked sent makes the next worker send it again with the same
// Message-ID / Idempotency-Key, which receivers use to drop the copy. See
// docs/server/notifications.md.

import { isStorageError } from "../storage/errors.js";
import type { OutboxInput, OutboxRecord, Storage, StorageTransaction } from "../storage/storage.js";
import { outageNotice } from "../storage/unavailable.js";
import {
  describeFailure,
  isPermanentFailure,
  type NotificationChannel,
  permanentFailure,
} from "./channel.js";
import { composeMessage } from "./compose.js";
import {
  type ChangePayload,
  type ChannelName,
  changePayloadSchema,
  isChangeRowType,
  MESSAGE_ROW_TYPE,
  type MessagePayload,
  messagePayloadSchema,
  WAKE_ROW_TYPE,
  wakePayloadSchema,
} from "./contract.js";
import { DEFAULT_NOTIFY_DOMAIN } from "./lineage.js";
import {
  composePackageNudge,
  PACKAGE_NUDGE_ROW_TYPE,
  recordPackageNudge,
} from "./package-nudge.js";
import { type PlanTrigger, planMessages } from "./planner.js";
import {
  type ClinicNotifyProfile,
  type ClinicResolver,
  type NotifyDefaults,
  storageClinicResolver,
} from "./profile.js";

/** Something the worker did with a row (for logs and metrics; never contains message text). */
export interface WorkerEvent {
  type: "planned" | "sent" | "dropped" | "retry" | "dead";
  clinicId: string;
  rowId: string;
  rowType: string;
  attempts: number;
  kind?: MessagePayload["kind"];
  channel?: ChannelName;
  /** Why a row was dropped or failed, or what planning queued. */
  detail?: string;
  at: string;
}

/** Options of {@link createOutboxWorker}. */
export interface OutboxWorkerOptions {
  storage: Storage;
  /** The senders, one per channel name (a later one with the same name wins). */
  channels: readonly NotificationChannel[];
  /** The current instant (default the system clock). */
  clock?: () => Date;
  /** How long `start()` waits between polls when there was nothing to do (default 5 000 ms). */
  pollMs?: number;
  /** Rows claimed per poll (default 20). */
  batchSize?: number;
  /**
   * How long a claim holds before another worker may take the row (default 5 minutes). Longer
   * than the slowest send (the SMTP and webhook channels time out after 30 s / 15 s).
   */
  leaseMs?: number;
  /** Attempts before a row becomes a dead letter (default 12: about 5 hours of backoff). */
  maxAttempts?: number;
  /** The clinic's profile; default: the stored clinic plus `defaults`. */
  clinicResolver?: ClinicResolver;
  /** Settings, templates and manage link for clinics the resolver leaves them out for. */
  defaults?: NotifyDefaults;
  /** Domain of Message-IDs and calendar UIDs (default `bookwell`, as the app's calendar files). */
  domain?: string;
  /**
   * Handlers for other outbox row types (e.g. `webhook.appointment_changed` to an integrator):
   * resolving marks the row sent, throwing retries it with backoff (a `permanentFailure` kills it).
   * Rows of a type nobody handles become dead letters at once.
   */
  handlers?: Record<string, (row: OutboxRecord) => Promise<void>>;
  /** Told about every row handled. */
  onEvent?: (event: WorkerEvent) => void;
  /** Errors of the worker itself (storage down…); default `console.error`. */
  logError?: (error: unknown) => void;
}

/** What one `runOnce()` did. */
export interface RunSummary {
  claimed: number;
  planned: number;
  sent: number;
  dropped: number;
  retried: number;
  dead: number;
}

/** A running (or idle) outbox worker. */
export interface OutboxWorker {
  /** Polls every `pollMs` (at once again when a batch was full) until `stop()`. */
  start(): void;
  /** Stops polling and resolves once the batches in flight are finished and marked. */
  stop(): Promise<void>;
  /** Claims one batch and handles it; for tests, cron jobs and serverless functions. */
  runOnce(): Promise<RunSummary>;
  /** Polls now instead of at the next tick (e.g. from the app's `notifier` after a booking). */
  wake(): void;
  readonly running: boolean;
}

type Outcome = "planned" | "sent" | "dropped" | "retry" | "dead";

function channelMap(
  channels: readonly NotificationChannel[],
): Map<ChannelName, NotificationChannel> {
  const map = new Map<ChannelName, NotificationChannel>();
  for (const channel of channels) map.set(channel.name, channel);
  return map;
}

/** Inserts rows, skipping ids that exist (a planning that ran before). */
async function insertAll(tx: StorageTransaction, clinicId: string, rows: OutboxInput[]) {
  for (const row of rows) {
    try {
      await tx.enqueueOutbox(clinicId, row);
    } catch (error) {
      if (!(isStorageError(error) && error.code === "DUPLICATE")) throw error;
    }
  }
}

/**
 * Creates an outbox worker over `storage` that sends through `channels`. Run several (in one
 * process or many) on one PostgreSQL: claims use `FOR UPDATE SKIP LOCKED`, so no row is handled
 * by two workers at once.
 *
 * @example
 * const worker = createOutboxWorker({
 *   storage,
 *   channels: [createSmtpEmailChannel({ host: "smtp.example.com", port: 587, fromAddress: "bookings@clinic.example" })],
 *   defaults: { manageUrl: "https://clinic.example/booking#manage={token}" },
 * });
 * worker.start();
 * process.on("SIGTERM", () => void worker.stop());
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { storage } = options;
  const clock = options.clock ?? (() => new Date());
  const pollMs = options.pollMs ?? 5_000;
  const batchSize = options.batchSize ?? 20;
  const leaseMs = options.leaseMs ?? 300_000;
  const maxAttempts = options.maxAttempts ?? 12;
  const domain = options.domain ?? DEFAULT_NOTIFY_DOMAIN;
  const channels = channelMap(options.channels);
  const available = new Set(channels.keys());
  const resolve = options.clinicResolver ?? storageClinicResolver(storage, options.defaults);
  const logError = options.logError ?? ((error: unknown) => console.error(error));
  const inFlight = new Set<Promise<RunSummary>>();
  let running = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ticking = false;
  let wakeRequested = false;

  const emit = (row: OutboxRecord, type: Outcome, extra: Partial<WorkerEvent> = {}) => {
    try {
      options.onEvent?.({
        type,
        clinicId: row.clinicId,
        rowId: row.id,
        rowType: row.type,
        attempts: row.attempts,
        at: clock().toISOString(),
        ...extra,
      });
    } catch (error) {
      logError(error);
    }
  };

  const profileOf = async (clinicId: string): Promise<ClinicNotifyProfile | undefined> => {
    const profile = await resolve(clinicId);
    if (!profile) return undefined;
    const d = options.defaults ?? {};
    return {
      ...profile,
      ...((profile.settings ?? d.settings) ? { settings: profile.settings ?? d.settings } : {}),
      ...((profile.providers ?? d.providers)
        ? { providers: profile.providers ?? d.providers }
        : {}),
      ...((profile.templates ?? d.templates)
        ? { templates: profile.templates ?? d.templates }
        : {}),
      ...((profile.manageUrl ?? d.manageUrl)
        ? { manageUrl: profile.manageUrl ?? d.manageUrl }
        : {}),
    };
  };

  /** Marks the row sent, with `rows` queued in the same transaction. */
  const finish = async (row: OutboxRecord, rows: OutboxInput[] = []) => {
    await storage.transaction(async (tx) => {
      await insertAll(tx, row.clinicId, rows);
      await tx.markOutboxSent(row.clinicId, row.id, clock());
    });
  };

  const plan = async (row: OutboxRecord, trigger: PlanTrigger): Promise<Outcome> => {
    const profile = await profileOf(row.clinicId);
    if (!profile) {
      await finish(row);
      emit(row, "dropped", { detail: "clinic not found" });
      return "dropped";
    }
    const result = await planMessages(storage, profile, trigger, available, clock());
    await finish(row, result.rows);
    emit(row, "planned", { detail: result.note });
    return "planned";
  };

  const deliver = async (row: OutboxRecord, payload: MessagePayload): Promise<Outcome> => {
    const base = { kind: payload.kind, channel: payload.channel };
    const profile = await profileOf(row.clinicId);
    if (!profile) {
      await finish(row);
      emit(row, "dropped", { ...base, detail: "clinic not found" });
      return "dropped";
    }
    const composed = await composeMessage(storage, profile, row.id, payload, {
      domain,
      now: clock(),
      channels: available,
    });
    if (composed.drop) {
      await finish(row);
      emit(row, "dropped", { ...base, detail: composed.drop });
      return "dropped";
    }
    const channel = channels.get(payload.channel);
    if (!channel) throw permanentFailure(`no ${payload.channel} channel is configured`);
    await channel.send(composed.message);
    await storage.markOutboxSent(row.clinicId, row.id, clock());
    emit(row, "sent", base);
    return "sent";
  };

  const nudge = async (row: OutboxRecord): Promise<Outcome> => {
    const base = { kind: "reminder" as const, channel: "email" as const };
    const packageId = row.payload.packageId;
    if (typeof packageId !== "string") throw permanentFailure("invalid package nudge payload");
    const profile = await profileOf(row.clinicId);
    const composed = profile
      ? await composePackageNudge(storage, profile, row.id, packageId, { domain, now: clock() })
      : ({ drop: "package-gone" } as const);
    if (composed.drop) {
      await finish(row);
      emit(row, "dropped", { ...base, detail: composed.drop });
      return "dropped";
    }
    const channel = channels.get("email");
    if (!channel) throw permanentFailure("no email channel is configured");
    await channel.send(composed.message);
    await recordPackageNudge(storage, row.clinicId, packageId, clock());
    await storage.markOutboxSent(row.clinicId, row.id, clock());
    emit(row, "sent", base);
    return "sent";
  };

  const handle = async (row: OutboxRecord): Promise<Outcome> => {
    try {
      if (row.type === PACKAGE_NUDGE_ROW_TYPE) return await nudge(row);
      if (isChangeRowType(row.type) || row.type === WAKE_ROW_TYPE) {
        const parsed =
          row.type === WAKE_ROW_TYPE
            ? wakePayloadSchema.safeParse(row.payload)
            : changePayloadSchema.safeParse(row.payload);
        if (!parsed.success) throw permanentFailure(`invalid ${row.type} payload`);
        const p: ChangePayload & { since?: string } = parsed.data;
        return await plan(row, {
          appointmentId: p.appointmentId,
          since: new Date(p.since ?? row.dueAt),
          ...(p.manageToken ? { manageToken: p.manageToken } : {}),
          ...(p.locale ? { locale: p.locale } : {}),
          ...(p.fee !== undefined ? { fee: p.fee } : {}),
        });
      }
      if (row.type === MESSAGE_ROW_TYPE) {
        const parsed = messagePayloadSchema.safeParse(row.payload);
        if (!parsed.success) throw permanentFailure("invalid notify.message payload");
        return await deliver(row, parsed.data);
      }
      const custom = options.handlers?.[row.type];
      if (custom && Object.hasOwn(options.handlers ?? {}, row.type)) {
        await custom(row);
        await storage.markOutboxSent(row.clinicId, row.id, clock());
        emit(row, "sent");
        return "sent";
      }
      throw permanentFailure(`no handler for outbox type ${row.type}`);
    } catch (error) {
      const permanent = isPermanentFailure(error);
      const failed = await storage.markOutboxFailed(row.clinicId, row.id, {
        now: clock(),
        error: describeFailure(error),
        maxAttempts: permanent ? 1 : maxAttempts,
      });
      const kind = (row.payload as { kind?: unknown }).kind;
      const channel = (row.payload as { channel?: unknown }).channel;
      const outcome = failed.status === "dead" ? "dead" : "retry";
      emit(failed, outcome, {
        detail: describeFailure(error),
        ...(row.type === MESSAGE_ROW_TYPE && typeof kind === "string"
          ? { kind: kind as MessagePayload["kind"] }
          : {}),
        ...(row.type === MESSAGE_ROW_TYPE && typeof channel === "string"
          ? { channel: channel as ChannelName }
          : {}),
      });
      return outcome;
    }
  };

  const runBatch = async (): Promise<RunSummary> => {
    const summary: RunSummary = {
      claimed: 0,
      planned: 0,
      sent: 0,
      dropped: 0,
      retried: 0,
      dead: 0,
    };
    const rows = await storage.claimDueOutbox({ now: clock(), limit: batchSize, leaseMs });
    summary.claimed = rows.length;
    for (const row of rows) {
      let outcome: Outcome;
      try {
        outcome = await handle(row);
      } catch (error) {
        // Marking the row failed did not work either (storage down): its lease runs out and
        // another poll takes it again.
        logError(
          outageNotice(
            error,
            "bookwell outbox worker",
            "the row is retried when its lease runs out",
          ) ?? error,
        );
        continue;
      }
      if (outcome === "retry") summary.retried += 1;
      else summary[outcome] += 1;
    }
    return summary;
  };

  const runOnce = (): Promise<RunSummary> => {
    const run = runBatch();
    inFlight.add(run);
    const forget = () => inFlight.delete(run);
    run.then(forget, forget);
    return run;
  };

  const schedule = (delay: number) => {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, delay);
    timer.unref?.();
  };

  const tick = async () => {
    timer = undefined;
    if (!running || ticking) return;
    ticking = true;
    wakeRequested = false;
    let full = false;
    try {
      const summary = await runOnce();
      full = summary.claimed >= batchSize;
    } catch (error) {
      // The database is down: one line, and the next poll tries again.
      logError(
        outageNotice(error, "bookwell outbox worker", `polling again in ${pollMs} ms`) ?? error,
      );
    } finally {
      ticking = false;
    }
    schedule(full || wakeRequested ? 0 : pollMs);
  };

  return {
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await Promise.allSettled([...inFlight]);
    },
    runOnce,
    wake() {
      if (!running) return;
      if (ticking) wakeRequested = true;
      else schedule(0);
    },
    get running() {
      return running;
    },
  };
}
