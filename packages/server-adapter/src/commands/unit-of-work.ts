// The one unit of work every command runs in: a storage transaction (retried when the database
// aborted it to break a deadlock or serialization conflict), the command's writes, its audit
// entries and outbox messages, the idempotency record of the request, commit, then the events.
// A command never opens a transaction, writes an audit entry or queues a message any other way,
// so no path can forget one (docs/server/layers.md).

import type { Principal } from "../auth/principal.js";
import type { ChangeRowType } from "../notify/contract.js";
import type { AppContext, BookwellEvent, IdempotencyHandle } from "../services/context.js";
import { inTransaction } from "../services/transaction.js";
import type {
  AuditInput,
  ClinicRecord,
  JsonObject,
  OutboxInput,
  StorageTransaction,
  StoredResponse,
} from "../storage/storage.js";

/** What a command knows of the request that runs it: no HTTP, only who, where and when. */
export interface CommandContext {
  app: AppContext;
  clinic: ClinicRecord;
  /** The staff caller; `null` for patients. */
  principal: Principal | null;
  /** Who acts, for the audit trail when a command does not name another actor. */
  actor: string;
  /** The instant the request is handled at (read once from the clock). */
  now: Date;
  /** The request's `Idempotency-Key` state, when it sent one. */
  idempotency: IdempotencyHandle | null;
}

/** An audit entry a command appends (see {@link UnitOfWork.audit}). */
export interface AuditEntry {
  action: string;
  /** Default `appointment`. */
  entityType?: string;
  entityId: string;
  detail?: JsonObject;
  /** Default: the request's actor. */
  actor?: string;
}

/** The transaction of one command, with the only ways to audit, message and report a change. */
export interface UnitOfWork {
  readonly tx: StorageTransaction;
  readonly app: AppContext;
  /** The request the command runs for: its principal decides what the command may see. */
  readonly request: CommandContext;
  readonly clinic: ClinicRecord;
  /** The clinic's id (`clinic.id`), which every storage call names. */
  readonly clinicId: string;
  readonly now: Date;
  /** The request's actor (`api-key:…`, `patient:online`, …). */
  readonly actor: string;
  /**
   * Appends an audit entry at the request's instant (`actor` defaults to the request's). Entries
   * and messages are kept in order and written together when the command's work is done, in the
   * same transaction (one statement): a command never reads back what it audited.
   */
  audit(entry: AuditEntry): Promise<void>;
  /** Appends the audit entry, then answers `result`: how a command that audits what it did ends. */
  audited<T>(result: T, entry: AuditEntry): Promise<T>;
  /** Queues a change row for the notification worker, due now, in this transaction. */
  message(type: ChangeRowType | (string & {}), payload: JsonObject): Promise<void>;
  /** Reports `event` to the app's notifier once the transaction has committed. */
  emit(type: BookwellEvent["type"], appointmentId: string): void;
}

/** A command: the rules of one action, run inside a {@link UnitOfWork}. */
export type Command<R> = (work: UnitOfWork) => Promise<R>;

/**
 * The response the request will get for a command's result, stored as the idempotency record in
 * the command's transaction (the route layer renders it; only successful answers are stored).
 */
export type Respond<R> = (result: R) => StoredResponse | undefined;

/** Options of {@link runCommand}. */
export interface RunOptions<R> {
  /** See {@link Respond}. */
  respond?: Respond<R> | undefined;
}

/**
 * Runs `command` in one unit of work: one transaction (retried up to 3 times on
 * `TRANSACTION_CONFLICT`), the idempotency record written with the change, and the command's
 * events reported to the app's notifier after the commit (never for a rolled-back attempt).
 *
 * @example
 * const result = await runCommand(ctx, async (work) => {
 *   await work.audit({ action: "client.updated", entityType: "client", entityId: "cli_1" });
 *   return "done";
 * });
 */
export async function runCommand<R>(
  ctx: CommandContext,
  command: Command<R>,
  options: RunOptions<R> = {},
): Promise<R> {
  let events: BookwellEvent[] = [];
  const result = await inTransaction(ctx.app.storage, async (tx) => {
    events = [];
    const audit: AuditInput[] = [];
    const outbox: Omit<OutboxInput, "id">[] = [];
    const record = async (entry: AuditEntry) => {
      audit.push({
        at: ctx.now,
        actor: entry.actor ?? ctx.actor,
        action: entry.action,
        entityType: entry.entityType ?? "appointment",
        entityId: entry.entityId,
        detail: entry.detail ?? {},
      });
    };
    const work: UnitOfWork = {
      tx,
      app: ctx.app,
      request: ctx,
      clinic: ctx.clinic,
      clinicId: ctx.clinic.id,
      now: ctx.now,
      actor: ctx.actor,
      audit: record,
      audited: async (result, entry) => {
        await record(entry);
        return result;
      },
      message: async (type, payload) => {
        outbox.push({ type, payload, dueAt: ctx.now });
      },
      emit: (type, appointmentId) => {
        events.push({ type, clinicId: ctx.clinic.id, appointmentId, at: ctx.now.toISOString() });
      },
    };
    const value = await command(work);
    await tx.appendAuditAndOutbox(ctx.clinic.id, { audit, outbox });
    const response = options.respond?.(value);
    if (response && response.status < 300) await ctx.idempotency?.complete(tx, response);
    return value;
  });
  for (const event of events) ctx.app.notify(event);
  return result;
}
