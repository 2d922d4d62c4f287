// The outbox worker: claims due rows (FOR UPDATE SKIP LOCKED on PostgreSQL / PGlite) with a short
// lease that a heartbeat renews while the worker holds them, plans change rows into messages,
// sends planned messages, marks them sent, retries failures with backoff and leaves rows that keep
// failing in the dead letters.
//
// A send is recorded before the provider can accept it (for SMTP: before the final "." of DATA)
// and marked sent right after the provider's answer, so a retry after a crash never sends a second
// copy of a message that may have been accepted: such an attempt is "in doubt" and goes to the dead
// letters instead. Channels whose receiver drops repeated delivery ids (the webhook's
// Idempotency-Key) are simply sent again. See docs/server/notifications.md and decision 0018.

import { STAFF_INVITE_ROW_TYPE } from "../commands/staff-accounts.js";
import { setFields } from "../services/fields.js";
import { isStorageError } from "../storage/errors.js";
import type { OutboxInput, OutboxRecord, Storage, StorageTransaction } from "../storage/storage.js";
import {
  describeFailure,
  isPermanentFailure,
  type NotificationChannel,
  type OutgoingMessage,
  type PermanentFailure,
  permanentFailure,
  wasRefused,
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
import {
  composeDocumentMail,
  DOCUMENT_MAIL_ROW_TYPE,
  documentMailPayloadSchema,
} from "./document-mail.js";
import { DEFAULT_NOTIFY_DOMAIN } from "./lineage.js";
import type { Composed, MailRequest } from "./mail-request.js";
import {
  composePackageNudge,
  PACKAGE_NUDGE_ROW_TYPE,
  recordPackageNudgeIn,
} from "./package-nudge.js";
import { type PlanTrigger, planMessages } from "./planner.js";
import {
  type ClinicNotifyProfile,
  type ClinicResolver,
  type NotifyDefaults,
  storageClinicResolver,
  withClinicLinks,
} from "./profile.js";
import { composeSeriesMail, SERIES_MAIL_ROW_TYPE, seriesMailPayloadSchema } from "./series-mail.js";
import { composeSignIn, SIGN_IN_ROW_TYPE, signInPayloadSchema } from "./sign-in.js";
import { composeStaffInvite } from "./staff-invite.js";
import {
  composeWaitlistOffer,
  WAITLIST_OFFER_ROW_TYPE,
  waitlistOfferPayloadSchema,
} from "./waitlist-offer.js";

/** Something the worker did with a row (for logs and metrics; never contains message text). */
export interface WorkerEvent {
  type: "planned" | "sent" | "dropped" | "retry" | "dead";
  clinicId: string;
  rowId: string;
  rowType: string;
  attempts: number;
  kind?: MessagePayload["kind"] | "series";
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
   * How long a claim holds before another worker may take the row (default 30 000 ms, at least
   * 1 000). The worker renews the claims it holds every `leaseMs / 3` while it works on them, so a
   * slow send never loses its row; a worker that died leaves its rows to the others after at most
   * `leaseMs` (plus their `pollMs`).
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
  /**
   * Errors of the worker itself (a poll that failed because the storage is down, a lease it could
   * not renew), one per failed poll; default one line on `console.error`.
   */
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

/** A summary of nothing done yet. */
function emptySummary(): RunSummary {
  return { claimed: 0, planned: 0, sent: 0, dropped: 0, retried: 0, dead: 0 };
}

/** A running (or idle) outbox worker. */
export interface OutboxWorker {
  /**
   * Polls every `pollMs` (at once again when a batch was full) until `stop()`; keeps the process
   * alive until then, so a process may run the worker alone.
   */
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

/** The `requestHash` of every send record (see {@link attemptKey}). */
const ATTEMPT_HASH = "bookwell-outbox-send";

/** A send record never goes stale: only its row's outcome ends it. */
const NEVER_STALE = Number.MAX_SAFE_INTEGER;

/**
 * The key of a row's send record in the idempotency records: claimed right before the message can
 * reach the provider, released in the transaction that marks the row sent (or failed on a clear
 * refusal). A record that is still there on a retry means an earlier attempt may have been
 * accepted. The space keeps it apart from every HTTP `Idempotency-Key` (visible ASCII only).
 */
const attemptKey = (row: OutboxRecord) => `outbox send ${row.id}`;

const rowKey = (row: Pick<OutboxRecord, "clinicId" | "id">) => `${row.clinicId}\u0000${row.id}`;

/** The failure of an attempt that may have been accepted: a dead letter, never resent by itself. */
interface InDoubtFailure extends PermanentFailure {
  inDoubt: true;
}

function inDoubtFailure(message: OutgoingMessage, cause?: unknown): InDoubtFailure {
  const error = permanentFailure(
    `in doubt: an attempt handed ${message.messageId} to the ${message.channel} provider and ` +
      "stopped before its answer was recorded, so it was probably delivered; it is not sent " +
      "again by itself (retry the dead letter if the patient did not get it)" +
      (cause === undefined ? "" : ` (${describeFailure(cause)})`),
    cause,
  ) as InDoubtFailure;
  error.inDoubt = true;
  return error;
}

const isInDoubt = (error: unknown): boolean =>
  typeof error === "object" && error !== null && (error as { inDoubt?: unknown }).inDoubt === true;

/** The provider accepted the message but the row could not be marked sent (storage down). */
class UnrecordedSend extends Error {}

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
  const leaseMs = options.leaseMs ?? 30_000;
  if (!Number.isFinite(leaseMs) || leaseMs < 1_000) {
    throw new RangeError("createOutboxWorker: leaseMs must be a number of milliseconds ≥ 1 000");
  }
  const heartbeatMs = Math.floor(leaseMs / 3);
  const maxAttempts = options.maxAttempts ?? 12;
  const domain = options.domain ?? DEFAULT_NOTIFY_DOMAIN;
  const channels = channelMap(options.channels);
  const available = new Set(channels.keys());
  const resolve = options.clinicResolver ?? storageClinicResolver(storage, options.defaults);
  const logError =
    options.logError ??
    ((error: unknown) => console.error(`bookwell outbox worker: ${describeFailure(error)}`));
  const log = (error: unknown) => {
    try {
      logError(error);
    } catch {
      // A logger that throws must not stop the worker.
    }
  };
  const inFlight = new Set<Promise<RunSummary>>();
  /** Sends the provider accepted whose rows are not marked yet: marked before the next claim. */
  const unrecorded = new Map<string, { row: OutboxRecord; mark: () => Promise<void> }>();
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
      log(error);
    }
  };

  const profileOf = async (clinicId: string): Promise<ClinicNotifyProfile | undefined> => {
    const profile = await resolve(clinicId);
    if (!profile) return undefined;
    const d = options.defaults ?? {};
    return withClinicLinks(clinicId, {
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
      ...((profile.offerUrl ?? d.offerUrl) ? { offerUrl: profile.offerUrl ?? d.offerUrl } : {}),
      ...((profile.patientUrl ?? d.patientUrl)
        ? { patientUrl: profile.patientUrl ?? d.patientUrl }
        : {}),
    });
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

  /**
   * Claims the row's send record; false when it exists: an earlier attempt got as far as the
   * provider and its outcome was never recorded.
   */
  const recordAttempt = async (row: OutboxRecord): Promise<boolean> => {
    const claimed = await storage.claimIdempotency(row.clinicId, {
      key: attemptKey(row),
      requestHash: ATTEMPT_HASH,
      now: clock(),
      staleAfterMs: NEVER_STALE,
    });
    return claimed.outcome === "new";
  };

  /** What one attempt at a row did: whether its send record is ours to release on a refusal. */
  interface Attempt {
    recorded: boolean;
  }

  /**
   * Sends `message` through `channel` and marks the row sent in the transaction that follows the
   * provider's answer (with `afterSent` in it). Unless the channel's receiver drops repeated
   * delivery ids, the attempt is recorded right before the provider can accept the message, and
   * an attempt found recorded (an earlier one that may have been accepted) is not sent again.
   */
  const sendAndMark = async (
    row: OutboxRecord,
    channel: NotificationChannel,
    message: OutgoingMessage,
    attempt: Attempt,
    afterSent?: (tx: StorageTransaction) => Promise<void>,
  ): Promise<void> => {
    const receiverDedupes = channel.dedupe === "receiver";
    if (!receiverDedupes && row.attempts > 1) {
      // A retry: look for the record of an earlier attempt before connecting at all.
      if (!(await recordAttempt(row))) throw inDoubtFailure(message);
      await storage.releaseIdempotency(row.clinicId, attemptKey(row));
    }
    const beforeHandover = async () => {
      if (attempt.recorded) return;
      if (!(await recordAttempt(row))) throw inDoubtFailure(message);
      attempt.recorded = true;
    };
    const handsOver = channel.dedupe === "handover";
    try {
      if (receiverDedupes) await channel.send(message);
      else if (handsOver) await channel.send(message, { beforeHandover });
      else {
        await beforeHandover();
        await channel.send(message);
      }
    } catch (error) {
      // Stopped before the handover, or refused (a channel without a handover point throws only
      // when the provider did not take the message): nothing was accepted, the row is retried.
      // After the handover, an error without the provider's answer (a lost connection, a
      // timeout waiting for the 250) leaves the message in doubt.
      if (!attempt.recorded || !handsOver || wasRefused(error)) throw error;
      throw inDoubtFailure(message, error);
    }
    // Accepted: record it at once, the only window left for a crash to leave the row in doubt.
    const mark = () =>
      storage.transaction(async (tx) => {
        await afterSent?.(tx);
        await tx.markOutboxSent(row.clinicId, row.id, clock());
        if (attempt.recorded) await tx.releaseIdempotency(row.clinicId, attemptKey(row));
      });
    try {
      await mark();
    } catch (error) {
      unrecorded.set(rowKey(row), { row, mark });
      throw new UnrecordedSend(
        `${message.messageId} was accepted but its outbox row could not be marked sent yet: ${describeFailure(error)}`,
        { cause: error },
      );
    }
  };

  /**
   * Composes a mail row with `compose` (see {@link MailRequest}), or drops it when its clinic is
   * gone.
   */
  const composeMail = async <P, D extends string>(
    row: OutboxRecord,
    payload: P,
    compose: (request: MailRequest<P>) => Promise<Composed<D>>,
  ): Promise<Composed<D | "clinic not found">> => {
    const profile = await profileOf(row.clinicId);
    if (!profile) return { drop: "clinic not found" };
    return compose({ ops: storage, profile, row, payload, domain, now: clock() });
  };

  /**
   * Sends a composed message through the `channelName` channel and marks its row sent (with
   * `afterSent` in that transaction), or finishes the row as dropped when composing dropped it.
   */
  const sendComposed = async (
    row: OutboxRecord,
    attempt: Attempt,
    base: Pick<WorkerEvent, "kind" | "channel">,
    composed: Composed<string>,
    channelName: ChannelName,
    afterSent?: (tx: StorageTransaction) => Promise<void>,
  ): Promise<Outcome> => {
    if (composed.drop !== undefined) {
      await finish(row);
      emit(row, "dropped", { ...base, detail: composed.drop });
      return "dropped";
    }
    const channel = channels.get(channelName);
    if (!channel) throw permanentFailure(`no ${channelName} channel is configured`);
    await sendAndMark(row, channel, composed.message, attempt, afterSent);
    emit(row, "sent", base);
    return "sent";
  };

  const deliver = async (
    row: OutboxRecord,
    payload: MessagePayload,
    attempt: Attempt,
  ): Promise<Outcome> => {
    const base = { kind: payload.kind, channel: payload.channel };
    const profile = await profileOf(row.clinicId);
    if (!profile)
      return sendComposed(row, attempt, base, { drop: "clinic not found" }, payload.channel);
    const composed = await composeMessage(storage, profile, row.id, payload, {
      domain,
      now: clock(),
      channels: available,
    });
    return sendComposed(row, attempt, base, composed, payload.channel);
  };

  const nudge = async (row: OutboxRecord, attempt: Attempt): Promise<Outcome> => {
    const base = { kind: "reminder" as const, channel: "email" as const };
    const packageId = row.payload.packageId;
    if (typeof packageId !== "string") throw permanentFailure("invalid package nudge payload");
    const composed = await composeMail(row, packageId, composePackageNudge);
    return sendComposed(row, attempt, base, composed, "email", (tx) =>
      recordPackageNudgeIn(tx, row.clinicId, packageId, clock()),
    );
  };

  /** An invoice, credit note or receipt e-mailed with its PDF, rendered now from its snapshot. */
  const mailDocuments = async (row: OutboxRecord, attempt: Attempt): Promise<Outcome> => {
    const base = { channel: "email" as const };
    const parsed = documentMailPayloadSchema.safeParse(row.payload);
    if (!parsed.success) throw permanentFailure("invalid notify.document payload");
    const composed = await composeMail(row, parsed.data, composeDocumentMail);
    return sendComposed(row, attempt, base, composed, "email");
  };

  const waitlistOffer = async (row: OutboxRecord, attempt: Attempt): Promise<Outcome> => {
    const parsed = waitlistOfferPayloadSchema.safeParse(row.payload);
    if (!parsed.success) throw permanentFailure("invalid waitlist offer payload");
    const base = { kind: "new" as const, channel: parsed.data.channel };
    const channel = channels.get(parsed.data.channel);
    // An SMS offer to a clinic without an SMS channel is dropped: the e-mail row carries it.
    const composed =
      channel || parsed.data.channel === "email"
        ? await composeMail(row, parsed.data, composeWaitlistOffer)
        : (await profileOf(row.clinicId))
          ? ({ drop: "no-channel" } as const)
          : ({ drop: "clinic not found" } as const);
    return sendComposed(row, attempt, base, composed, parsed.data.channel);
  };

  const signIn = async (row: OutboxRecord, attempt: Attempt): Promise<Outcome> => {
    const parsed = signInPayloadSchema.safeParse(row.payload);
    if (!parsed.success) throw permanentFailure("invalid sign-in payload");
    const base = { kind: "new" as const, channel: "email" as const };
    const composed = await composeMail(row, parsed.data, composeSignIn);
    return sendComposed(row, attempt, base, composed, "email");
  };

  /** The one e-mail confirming the visits of a series booked together, with every link. */
  const mailSeries = async (row: OutboxRecord, attempt: Attempt): Promise<Outcome> => {
    const base = { kind: "series" as const, channel: "email" as const };
    const parsed = seriesMailPayloadSchema.safeParse(row.payload);
    if (!parsed.success) throw permanentFailure("invalid notify.series payload");
    const composed = await composeMail(row, parsed.data, composeSeriesMail);
    return sendComposed(row, attempt, base, composed, "email");
  };

  /** Records a failed attempt (releasing its send record when the provider refused). */
  const markFailed = (row: OutboxRecord, error: unknown, attempt: Attempt) => {
    const failure = {
      now: clock(),
      error: describeFailure(error),
      maxAttempts: isPermanentFailure(error) ? 1 : maxAttempts,
    };
    if (!attempt.recorded || isInDoubt(error)) {
      return storage.markOutboxFailed(row.clinicId, row.id, failure);
    }
    return storage.transaction(async (tx) => {
      await tx.releaseIdempotency(row.clinicId, attemptKey(row));
      return tx.markOutboxFailed(row.clinicId, row.id, failure);
    });
  };

  const staffInvite = async (row: OutboxRecord, attempt: Attempt): Promise<Outcome> => {
    const base = { kind: "new" as const, channel: "email" as const };
    const { userId, link, locale } = row.payload;
    if (typeof userId !== "string" || typeof link !== "string") {
      throw permanentFailure("invalid staff invite payload");
    }
    const payload = { userId, link, locale: typeof locale === "string" ? locale : undefined };
    const composed = await composeMail(row, payload, composeStaffInvite);
    return sendComposed(row, attempt, base, composed, "email");
  };

  const handle = async (row: OutboxRecord): Promise<Outcome> => {
    const attempt: Attempt = { recorded: false };
    try {
      if (row.type === PACKAGE_NUDGE_ROW_TYPE) return await nudge(row, attempt);
      if (row.type === DOCUMENT_MAIL_ROW_TYPE) return await mailDocuments(row, attempt);
      if (row.type === STAFF_INVITE_ROW_TYPE) return await staffInvite(row, attempt);
      if (row.type === WAITLIST_OFFER_ROW_TYPE) return await waitlistOffer(row, attempt);
      if (row.type === SIGN_IN_ROW_TYPE) return await signIn(row, attempt);
      if (row.type === SERIES_MAIL_ROW_TYPE) return await mailSeries(row, attempt);
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
          ...setFields(p, ["manageToken", "locale"]),
          ...(p.fee !== undefined ? { fee: p.fee } : {}),
          ...(p.inSeries ? { inSeries: true } : {}),
        });
      }
      if (row.type === MESSAGE_ROW_TYPE) {
        const parsed = messagePayloadSchema.safeParse(row.payload);
        if (!parsed.success) throw permanentFailure("invalid notify.message payload");
        return await deliver(row, parsed.data, attempt);
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
      // Accepted but not marked: never a failure (that would send it again); marked next poll.
      if (error instanceof UnrecordedSend) throw error;
      const failed = await markFailed(row, error, attempt);
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

  /** Marks the sends that were accepted while the storage was down; throws if it still is. */
  const recordAccepted = async (summary: RunSummary) => {
    for (const [key, { row, mark }] of [...unrecorded]) {
      await mark();
      unrecorded.delete(key);
      summary.sent += 1;
      const { kind, channel } = row.payload as {
        kind?: MessagePayload["kind"];
        channel?: ChannelName;
      };
      emit(row, "sent", {
        detail: "marked after the storage came back",
        ...(typeof kind === "string" ? { kind } : {}),
        ...(typeof channel === "string" ? { channel } : {}),
      });
    }
  };

  /**
   * Renews the claims on `held` every `heartbeatMs` until stopped. A row whose claim could not be
   * renewed (another worker took it after its lease ran out) leaves `held`, unless it is the one
   * being handled (`current`): that one's send record keeps it from being sent twice.
   */
  const heartbeat = (held: Map<string, OutboxRecord>, current: { key?: string | undefined }) => {
    let beating: Promise<void> | undefined;
    const beat = async () => {
      for (const [key, row] of [...held]) {
        const kept = await storage.renewOutboxLease(row.clinicId, row.id, {
          attempts: row.attempts,
          now: clock(),
          leaseMs,
        });
        if (!kept && key !== current.key && held.delete(key)) {
          log(
            new Error(`outbox row ${row.id} was claimed by another worker after its lease ran out`),
          );
        }
      }
    };
    const interval = setInterval(() => {
      beating ??= beat()
        .catch((error: unknown) =>
          log(
            new Error(`could not renew the outbox lease: ${describeFailure(error)}`, {
              cause: error,
            }),
          ),
        )
        .finally(() => {
          beating = undefined;
        });
    }, heartbeatMs);
    interval.unref?.();
    return async () => {
      clearInterval(interval);
      await beating;
    };
  };

  const runBatch = async (): Promise<RunSummary> => {
    const summary = emptySummary();
    await recordAccepted(summary);
    const rows = await storage.claimDueOutbox({ now: clock(), limit: batchSize, leaseMs });
    summary.claimed = rows.length;
    if (rows.length === 0) return summary;
    const held = new Map(rows.map((row) => [rowKey(row), row]));
    const current: { key?: string | undefined } = {};
    const stopHeartbeat = heartbeat(held, current);
    try {
      for (const row of rows) {
        const key = rowKey(row);
        if (!held.has(key)) continue; // its lease ran out and another worker has it
        current.key = key;
        let outcome: Outcome;
        try {
          outcome = await handle(row);
        } catch (error) {
          // The storage failed while recording the outcome: stop here. The rest of the batch is
          // claimed again when its lease runs out; an accepted send is marked at the next poll.
          log(error);
          break;
        } finally {
          held.delete(key);
          current.key = undefined;
        }
        if (outcome === "retry") summary.retried += 1;
        else summary[outcome] += 1;
      }
    } finally {
      await stopHeartbeat();
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

  // The poll timer keeps the process alive while the worker runs (a process that runs only the
  // worker must not exit between polls); stop() clears it.
  const schedule = (delay: number) => {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, delay);
  };

  const tick = async () => {
    timer = undefined;
    if (!running || ticking) return;
    ticking = true;
    wakeRequested = false;
    let full = false;
    let failed = false;
    try {
      const summary = await runOnce();
      full = summary.claimed >= batchSize;
    } catch (error) {
      // The storage is down (or any other failure of a poll): one line, and the next poll tries
      // again; the loop itself never stops.
      failed = true;
      log(
        new Error(`poll failed, trying again in ${pollMs} ms: ${describeFailure(error)}`, {
          cause: error,
        }),
      );
    } finally {
      ticking = false;
    }
    schedule(!failed && (full || wakeRequested) ? 0 : pollMs);
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
      if (unrecorded.size > 0) {
        await recordAccepted(emptySummary()).catch(log);
      }
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
