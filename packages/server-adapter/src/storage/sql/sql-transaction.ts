// The Storage operations in SQL through Drizzle ORM, shared by the PGlite and PostgreSQL
// adapters: one class works on a Drizzle transaction of either driver.

import { randomUUID } from "node:crypto";
import type { Calendar } from "@bookwell/engine";
import {
  and,
  arrayOverlaps,
  asc,
  eq,
  gt,
  inArray,
  isNull,
  lt,
  lte,
  notInArray,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { PgDatabase } from "drizzle-orm/pg-core";
import type {
  BillingDocumentInput,
  BillingDocumentQuery,
  BillingDocumentRecord,
  CaseInput,
  CaseQuery,
  CaseRecord,
  ChargeInput,
  ChargeQuery,
  ChargeRecord,
  MessageSettingsInput,
  MessageSettingsRecord,
  PackageInput,
  PackageQuery,
  PackageRecord,
  PackageUseQuery,
  PackageUseRecord,
  PaymentInput,
  PaymentIntentInput,
  PaymentIntentPatch,
  PaymentIntentRecord,
  PaymentQuery,
  PaymentRecord,
  ProviderServiceInput,
  ProviderServiceRecord,
} from "../back-office.js";
import { normalizePhone, normalizeTaxId, searchDigits } from "../client-match.js";
import { StorageError } from "../errors.js";
import {
  assertBookable,
  holdsTime,
  outboxBackoffMs,
  sortedUnique,
  toDate,
  toIso,
} from "../shared.js";
import type {
  ApiKeyInput,
  ApiKeyRecord,
  AppointmentInput,
  AppointmentNoteInput,
  AppointmentNoteRecord,
  AppointmentPatch,
  AppointmentQuery,
  AppointmentRecord,
  AuditInput,
  AuditQuery,
  AuditRecord,
  BusyAppointment,
  BusyQuery,
  CalendarRecord,
  ClientInput,
  ClientQuery,
  ClientRecord,
  ClinicRecord,
  ClinicSettings,
  HoldInput,
  HoldQuery,
  HoldRecord,
  IdempotencyClaim,
  IdempotencyOutcome,
  InstantInput,
  JsonObject,
  LocationInput,
  LocationRecord,
  OutboxClaim,
  OutboxFailure,
  OutboxInput,
  OutboxLeaseRenewal,
  OutboxRecord,
  OutboxStatus,
  ServiceInput,
  ServiceRecord,
  StorageTransaction,
  StoredMoney,
  StoredResponse,
  VisitDetails,
  VisitMessagePrefs,
} from "../storage.js";
import { databaseUnavailable } from "../unavailable.js";
import {
  apiKeys,
  appointmentCalendarSlots,
  appointmentNotes,
  appointments,
  auditEntries,
  calendars,
  clients,
  clinics,
  holds,
  idempotencyRecords,
  locations,
  outbox,
  services,
} from "./schema.js";
import { SqlBackOffice } from "./sql-back-office.js";

/** A Drizzle database or transaction of the PGlite, node-postgres or postgres.js driver. */
// biome-ignore lint/suspicious/noExplicitAny: both drivers, whatever their result types
export type SqlDb = PgDatabase<any, any, any>;

const RELEASING = ["canceled", "rebooked", "no_show"] as const;

/** `ORDER BY id` in byte order, whatever the database's collation. */
const byId = (column: SQL | { name: string }) => sql`${column} collate "C"`;

/** Finds the PostgreSQL error under Drizzle's wrapper, from any of the three drivers. */
function pgError(
  error: unknown,
): { code: string; constraint?: string; message: string } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    if (typeof current === "object" && current !== null && "code" in current) {
      const code = (current as { code: unknown }).code;
      if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
        const c = current as { constraint?: unknown; constraint_name?: unknown; message?: unknown };
        const constraint = c.constraint ?? c.constraint_name; // node-postgres / PGlite, postgres.js
        return {
          code,
          ...(typeof constraint === "string" ? { constraint } : {}),
          message: typeof c.message === "string" ? c.message : code,
        };
      }
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Turns a database error into a `StorageError` when it is one the caller can act on (a database
 * that cannot answer now is `UNAVAILABLE`, see `databaseUnavailable`); other errors are returned
 * unchanged.
 *
 * @example
 * ```ts
 * try { await db.insert(...); } catch (error) { throw mapDatabaseError(error); }
 * ```
 */
export function mapDatabaseError(error: unknown): unknown {
  if (error instanceof StorageError) return error;
  const unavailable = databaseUnavailable(error);
  if (unavailable) return unavailable;
  const pg = pgError(error);
  if (!pg) return error;
  const detail = pg.constraint === undefined ? {} : { constraint: pg.constraint };
  const options = { detail, cause: error };
  switch (pg.code) {
    case "23P01":
      return new StorageError("SLOT_TAKEN", "a calendar is already taken at that time", options);
    case "23505":
      return new StorageError("DUPLICATE", "a record with that id or key exists", options);
    case "23503":
      return new StorageError(
        "INVALID_REFERENCE",
        "the record refers to something this clinic does not have",
        options,
      );
    case "23514":
    case "22000":
    case "22007":
    case "22008":
      return new StorageError("INVALID_VALUE", pg.message, options);
    case "BW001":
      return new StorageError("IMMUTABLE", pg.message, options);
    case "40001":
    case "40P01":
      return new StorageError(
        "TRANSACTION_CONFLICT",
        "the transaction was aborted; retry it",
        options,
      );
    default:
      return error;
  }
}

const iso = (value: Date) => value.toISOString();
const isoOrUndefined = (value: Date | null) => (value === null ? undefined : value.toISOString());

/** Copies the non-null optional columns onto a record. */
function optional<T extends Record<string, unknown>>(
  values: T,
): Partial<{
  [K in keyof T]: Exclude<T[K], null | undefined>;
}> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== null && value !== undefined) out[key] = value;
  }
  return out as Partial<{ [K in keyof T]: Exclude<T[K], null | undefined> }>;
}

type ClinicRow = typeof clinics.$inferSelect;
type AppointmentRow = typeof appointments.$inferSelect;
type HoldRow = typeof holds.$inferSelect;
type OutboxRow = typeof outbox.$inferSelect;
type ApiKeyRow = typeof apiKeys.$inferSelect;

const meta = (row: { version: number; createdAt: Date; updatedAt: Date }) => ({
  version: row.version,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

function clinicRecord(row: ClinicRow): ClinicRecord {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    locale: row.locale,
    currency: row.currency,
    allowedOrigins: row.allowedOrigins,
    ...optional({ taxId: row.taxId, address: row.address, phone: row.phone, email: row.email }),
    ...meta(row),
  };
}

/** The columns `listBusyAppointments` reads. */
type BusyRow = Pick<
  AppointmentRow,
  | "id"
  | "serviceId"
  | "calendarIds"
  | "startAt"
  | "endAt"
  | "status"
  | "channel"
  | "bufferBeforeMinutes"
  | "bufferAfterMinutes"
>;

function busyRecord(row: BusyRow): BusyAppointment {
  return {
    id: row.id,
    serviceId: row.serviceId,
    calendarIds: row.calendarIds,
    start: iso(row.startAt),
    end: iso(row.endAt),
    status: row.status as AppointmentRecord["status"],
    channel: row.channel as AppointmentRecord["channel"],
    ...optional({
      bufferBeforeMinutes: row.bufferBeforeMinutes,
      bufferAfterMinutes: row.bufferAfterMinutes,
    }),
  };
}

function appointmentRecord(row: AppointmentRow): AppointmentRecord {
  return {
    clinicId: row.clinicId,
    ...busyRecord(row),
    ...optional({
      clientId: row.clientId,
      caseId: row.caseId,
      seriesId: row.seriesId,
      manageTokenHash: row.manageTokenHash,
      manageTokenExpiresAt: isoOrUndefined(row.manageTokenExpiresAt),
    }),
    capacity: row.capacity,
    allowOverlap: row.allowOverlap,
    ...visitDetailsOf(row),
    extra: row.extra,
    ...meta(row),
  };
}

/** The typed visit details of an appointment row (absent fields left out). */
function visitDetailsOf(row: AppointmentRow): VisitDetails {
  const money = (amount: number | null, currency: string | null): StoredMoney | undefined =>
    amount === null || currency === null ? undefined : { amount, currency };
  const price = money(row.priceAmount, row.priceCurrency);
  const prefs: VisitMessagePrefs = {
    ...(row.notifySend === null ? {} : { send: row.notifySend }),
    ...(row.notifyReminderOffsetsMinutes === null
      ? {}
      : { reminderOffsetsMinutes: row.notifyReminderOffsetsMinutes }),
    ...(row.notifyChannels === null
      ? {}
      : { channels: row.notifyChannels as NonNullable<VisitMessagePrefs["channels"]> }),
  };
  return {
    ...(row.contactName === null
      ? {}
      : {
          contact: {
            name: row.contactName,
            ...optional({ email: row.contactEmail, phone: row.contactPhone }),
          },
        }),
    ...(price ? { price } : {}),
    ...optional({
      locale: row.locale,
      patientMessage: row.patientMessage,
      rebookedFromId: row.rebookedFromId,
      rebookedToId: row.rebookedToId,
      rebookedAt: isoOrUndefined(row.rebookedAt),
      copiedFromId: row.copiedFromId,
      holdId: row.holdId,
      freeCancellationUntil: isoOrUndefined(row.freeCancellationUntil),
    }),
    ...(row.anyProvider ? { anyProvider: true } : {}),
    ...(row.canceledAt === null
      ? {}
      : {
          cancellation: {
            at: iso(row.canceledAt),
            by: row.canceledBy ?? "",
            late: row.cancelLate ?? false,
            fee: money(row.cancelFeeAmount, row.cancelFeeCurrency) ?? null,
            ...optional({ reason: row.cancelReason }),
          },
        }),
    ...(Object.keys(prefs).length > 0 ? { messagePrefs: prefs } : {}),
  };
}

/** The columns of a visit's typed details (`null` for every absent field). */
function visitDetailsValues(d: VisitDetails) {
  return {
    contactName: d.contact?.name ?? null,
    contactEmail: d.contact?.email ?? null,
    contactPhone: d.contact?.phone ?? null,
    priceAmount: d.price?.amount ?? null,
    priceCurrency: d.price?.currency ?? null,
    locale: d.locale ?? null,
    patientMessage: d.patientMessage ?? null,
    anyProvider: d.anyProvider ?? false,
    rebookedFromId: d.rebookedFromId ?? null,
    rebookedToId: d.rebookedToId ?? null,
    rebookedAt: d.rebookedAt === undefined ? null : toDate(d.rebookedAt),
    copiedFromId: d.copiedFromId ?? null,
    holdId: d.holdId ?? null,
    freeCancellationUntil:
      d.freeCancellationUntil === undefined ? null : toDate(d.freeCancellationUntil),
    canceledAt: d.cancellation ? toDate(d.cancellation.at) : null,
    canceledBy: d.cancellation?.by ?? null,
    cancelLate: d.cancellation ? d.cancellation.late : null,
    cancelFeeAmount: d.cancellation?.fee?.amount ?? null,
    cancelFeeCurrency: d.cancellation?.fee?.currency ?? null,
    cancelReason: d.cancellation?.reason ?? null,
    notifySend: d.messagePrefs?.send ?? null,
    notifyReminderOffsetsMinutes: d.messagePrefs?.reminderOffsetsMinutes ?? null,
    notifyChannels: d.messagePrefs?.channels ?? null,
  };
}

function holdRecord(row: HoldRow): HoldRecord {
  return {
    clinicId: row.clinicId,
    id: row.id,
    serviceId: row.serviceId,
    calendarIds: row.calendarIds,
    start: iso(row.startAt),
    end: iso(row.endAt),
    places: row.places,
    expiresAt: iso(row.expiresAt),
    createdAt: iso(row.createdAt),
    ...(row.visitorHash === null ? {} : { visitorHash: row.visitorHash }),
    ...(row.emailHash === null ? {} : { emailHash: row.emailHash }),
  };
}

function outboxRecord(row: OutboxRow): OutboxRecord {
  return {
    clinicId: row.clinicId,
    id: row.id,
    type: row.type,
    payload: row.payload,
    dueAt: iso(row.dueAt),
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: iso(row.nextAttemptAt),
    ...optional({
      lockedUntil: isoOrUndefined(row.lockedUntil),
      lastError: row.lastError,
      sentAt: isoOrUndefined(row.sentAt),
    }),
    createdAt: iso(row.createdAt),
  };
}

function apiKeyRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    clinicId: row.clinicId,
    id: row.id,
    name: row.name,
    keyHash: row.keyHash,
    role: row.role,
    calendarIds: row.calendarIds,
    createdAt: iso(row.createdAt),
    ...optional({ revokedAt: isoOrUndefined(row.revokedAt) }),
  };
}

/** JSON without `undefined` members, as stored in `jsonb`. */
function json<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const notFound = (what: string, id: string) =>
  new StorageError("NOT_FOUND", `${what} ${id} not found`, { detail: { id } });

/**
 * `StorageTransaction` over a Drizzle transaction. When `nested` is true (a caller's unit of
 * work), each write runs in a savepoint so a `StorageError` leaves the transaction usable. With
 * `nested` false it also serves single-statement reads on the database itself.
 *
 * @example
 * ```ts
 * await db.transaction((tx) => new SqlTransaction(tx, () => new Date(), true).getClinic("c1"));
 * ```
 */
export class SqlTransaction implements StorageTransaction {
  readonly #office: SqlBackOffice;

  constructor(
    private readonly db: SqlDb,
    private readonly clock: () => Date,
    private readonly nested: boolean,
  ) {
    this.#office = new SqlBackOffice({
      write: (fn) => this.#write(fn),
      read: (fn) => this.#read(fn),
      clock,
    });
  }

  /** The statements of this transaction, one after another (see {@link SqlTransaction.#serial}). */
  #queue: Promise<unknown> = Promise.resolve();

  /** Set by {@link SqlTransaction.end}: the transaction committed or rolled back. */
  #ended = false;

  /**
   * Runs `fn` after the transaction's previous statement settled. A transaction is one connection:
   * callers may ask for several reads at once (`Promise.all`), and node-postgres only queues
   * those by a deprecated behaviour (removed in pg 9); PGlite queues them itself.
   */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#ended) {
      return Promise.reject(
        new StorageError("CLOSED", "the transaction is over; a statement came after its end"),
      );
    }
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Waits for the statements asked for so far (also those nobody awaits any more, e.g. the rest of
   * a `Promise.all` that rejected) and refuses later ones, so that none runs beside or after the
   * transaction's `COMMIT` / `ROLLBACK` on its connection.
   */
  async end(): Promise<void> {
    for (let queue = this.#queue; ; queue = this.#queue) {
      await queue;
      if (queue === this.#queue) break;
    }
    this.#ended = true;
  }

  /** Runs a write; inside a caller's transaction it gets a savepoint. Maps database errors. */
  #write<T>(fn: (db: SqlDb) => Promise<T>): Promise<T> {
    return this.#serial(async () => {
      try {
        return this.nested ? await this.db.transaction((sp) => fn(sp as SqlDb)) : await fn(this.db);
      } catch (error) {
        throw mapDatabaseError(error);
      }
    });
  }

  /** Runs a read, mapping database errors. */
  #read<T>(fn: (db: SqlDb) => Promise<T>): Promise<T> {
    return this.#serial(async () => {
      try {
        return await fn(this.db);
      } catch (error) {
        throw mapDatabaseError(error);
      }
    });
  }

  // --- clinics ---

  async createClinic(input: ClinicSettings & { id: string }): Promise<ClinicRecord> {
    const now = this.clock();
    const [row] = await this.#write((db) =>
      db
        .insert(clinics)
        .values({ ...this.#clinicValues(input), id: input.id, createdAt: now, updatedAt: now })
        .returning(),
    );
    return clinicRecord(row as ClinicRow);
  }

  #clinicValues(settings: ClinicSettings) {
    return {
      name: settings.name,
      timeZone: settings.timeZone,
      locale: settings.locale,
      currency: settings.currency,
      allowedOrigins: [...settings.allowedOrigins],
      taxId: settings.taxId ?? null,
      address: settings.address ?? null,
      phone: settings.phone ?? null,
      email: settings.email ?? null,
    };
  }

  async getClinic(id: string): Promise<ClinicRecord | undefined> {
    const [row] = await this.#read((db) => db.select().from(clinics).where(eq(clinics.id, id)));
    return row && clinicRecord(row);
  }

  async updateClinic(id: string, settings: ClinicSettings): Promise<ClinicRecord> {
    const [row] = await this.#write((db) =>
      db
        .update(clinics)
        .set({
          ...this.#clinicValues(settings),
          version: sql`${clinics.version} + 1`,
          updatedAt: this.clock(),
        })
        .where(eq(clinics.id, id))
        .returning(),
    );
    if (!row) throw notFound("clinic", id);
    return clinicRecord(row);
  }

  async listClinics(): Promise<ClinicRecord[]> {
    const rows = await this.#read((db) => db.select().from(clinics).orderBy(byId(clinics.id)));
    return rows.map(clinicRecord);
  }

  // --- locations, calendars, services ---

  async putLocation(clinicId: string, location: LocationInput): Promise<LocationRecord> {
    const now = this.clock();
    const values = {
      name: location.name,
      timeZone: location.timeZone,
      address: location.address ?? null,
      phone: location.phone ?? null,
    };
    const [row] = await this.#write((db) =>
      db
        .insert(locations)
        .values({ clinicId, id: location.id, ...values, createdAt: now, updatedAt: now })
        .onConflictDoUpdate({
          target: [locations.clinicId, locations.id],
          set: { ...values, version: sql`${locations.version} + 1`, updatedAt: now },
        })
        .returning(),
    );
    if (!row) throw notFound("location", location.id);
    return {
      clinicId,
      id: row.id,
      name: row.name,
      timeZone: row.timeZone,
      ...optional({ address: row.address, phone: row.phone }),
      ...meta(row),
    };
  }

  async listLocations(clinicId: string): Promise<LocationRecord[]> {
    const rows = await this.#read((db) =>
      db
        .select()
        .from(locations)
        .where(eq(locations.clinicId, clinicId))
        .orderBy(byId(locations.id)),
    );
    return rows.map((row) => ({
      clinicId,
      id: row.id,
      name: row.name,
      timeZone: row.timeZone,
      ...optional({ address: row.address, phone: row.phone }),
      ...meta(row),
    }));
  }

  async putCalendar(clinicId: string, calendar: Calendar): Promise<CalendarRecord> {
    const now = this.clock();
    const values = {
      kind: calendar.kind,
      locationId: calendar.locationId,
      active: calendar.active,
      data: json<JsonObject>(calendar),
    };
    const [row] = await this.#write((db) =>
      db
        .insert(calendars)
        .values({ clinicId, id: calendar.id, ...values, createdAt: now, updatedAt: now })
        .onConflictDoUpdate({
          target: [calendars.clinicId, calendars.id],
          set: { ...values, version: sql`${calendars.version} + 1`, updatedAt: now },
        })
        .returning(),
    );
    if (!row) throw notFound("calendar", calendar.id);
    return this.#calendarRecord(row);
  }

  #calendarRecord(row: typeof calendars.$inferSelect): CalendarRecord {
    return { ...(row.data as unknown as Calendar), clinicId: row.clinicId, ...meta(row) };
  }

  async getCalendar(clinicId: string, id: string): Promise<CalendarRecord | undefined> {
    const [row] = await this.#read((db) =>
      db
        .select()
        .from(calendars)
        .where(and(eq(calendars.clinicId, clinicId), eq(calendars.id, id))),
    );
    return row && this.#calendarRecord(row);
  }

  async listCalendars(
    clinicId: string,
    filter: { ids?: string[]; kind?: Calendar["kind"]; activeOnly?: boolean } = {},
  ): Promise<CalendarRecord[]> {
    if (filter.ids?.length === 0) return [];
    const rows = await this.#read((db) =>
      db
        .select()
        .from(calendars)
        .where(
          and(
            eq(calendars.clinicId, clinicId),
            filter.ids ? inArray(calendars.id, filter.ids) : undefined,
            filter.kind === undefined ? undefined : eq(calendars.kind, filter.kind),
            filter.activeOnly ? eq(calendars.active, true) : undefined,
          ),
        )
        .orderBy(byId(calendars.id)),
    );
    return rows.map((row) => this.#calendarRecord(row));
  }

  async putService(clinicId: string, service: ServiceInput): Promise<ServiceRecord> {
    const now = this.clock();
    const data = json<JsonObject>({
      ...service,
      description: service.description ?? "",
      policies: service.policies ?? {},
    });
    const [row] = await this.#write((db) =>
      db
        .insert(services)
        .values({ clinicId, id: service.id, data, createdAt: now, updatedAt: now })
        .onConflictDoUpdate({
          target: [services.clinicId, services.id],
          set: { data, version: sql`${services.version} + 1`, updatedAt: now },
        })
        .returning(),
    );
    if (!row) throw notFound("service", service.id);
    return this.#serviceRecord(row);
  }

  #serviceRecord(row: typeof services.$inferSelect): ServiceRecord {
    return {
      ...(row.data as unknown as ServiceRecord),
      clinicId: row.clinicId,
      ...meta(row),
    };
  }

  async getService(clinicId: string, id: string): Promise<ServiceRecord | undefined> {
    const [row] = await this.#read((db) =>
      db
        .select()
        .from(services)
        .where(and(eq(services.clinicId, clinicId), eq(services.id, id))),
    );
    return row && this.#serviceRecord(row);
  }

  async listServices(clinicId: string): Promise<ServiceRecord[]> {
    const rows = await this.#read((db) =>
      db.select().from(services).where(eq(services.clinicId, clinicId)).orderBy(byId(services.id)),
    );
    return rows.map((row) => this.#serviceRecord(row));
  }

  // --- clients ---

  async putClient(clinicId: string, client: ClientInput): Promise<ClientRecord> {
    const now = this.clock();
    const values = {
      name: client.name,
      email: client.email ?? null,
      emailNormalized: client.email?.toLowerCase() ?? null,
      phone: client.phone ?? null,
      phoneNormalized: normalizePhone(client.phone) ?? null,
      taxId: client.taxId ?? null,
      taxIdNormalized: normalizeTaxId(client.taxId) ?? null,
      address: client.address ?? null,
      notes: client.notes ?? null,
      locale: client.locale ?? null,
      extra: json<JsonObject>(client.extra ?? {}),
    };
    const [row] = await this.#write((db) =>
      db
        .insert(clients)
        .values({ clinicId, id: client.id, ...values, createdAt: now, updatedAt: now })
        .onConflictDoUpdate({
          target: [clients.clinicId, clients.id],
          set: { ...values, version: sql`${clients.version} + 1`, updatedAt: now },
        })
        .returning(),
    );
    if (!row) throw notFound("client", client.id);
    return this.#clientRecord(row);
  }

  #clientRecord(row: typeof clients.$inferSelect): ClientRecord {
    return {
      clinicId: row.clinicId,
      id: row.id,
      name: row.name,
      ...optional({
        email: row.email,
        phone: row.phone,
        taxId: row.taxId,
        address: row.address,
        notes: row.notes,
        locale: row.locale,
      }),
      extra: row.extra,
      ...meta(row),
    };
  }

  async getClient(clinicId: string, id: string): Promise<ClientRecord | undefined> {
    const [row] = await this.#read((db) =>
      db
        .select()
        .from(clients)
        .where(and(eq(clients.clinicId, clinicId), eq(clients.id, id))),
    );
    return row && this.#clientRecord(row);
  }

  async listClients(clinicId: string, filter: ClientQuery = {}): Promise<ClientRecord[]> {
    const like = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const pattern = filter.search === undefined ? undefined : like(filter.search);
    const digits = filter.search === undefined ? undefined : searchDigits(filter.search);
    const phone = filter.phone === undefined ? undefined : normalizePhone(filter.phone);
    const taxId = filter.taxId === undefined ? undefined : normalizeTaxId(filter.taxId);
    if ((filter.phone !== undefined && !phone) || (filter.taxId !== undefined && !taxId)) return [];
    const rows = await this.#read((db) => {
      const query = db
        .select()
        .from(clients)
        .where(
          and(
            eq(clients.clinicId, clinicId),
            filter.email === undefined
              ? undefined
              : eq(clients.emailNormalized, filter.email.toLowerCase()),
            phone === undefined ? undefined : eq(clients.phoneNormalized, phone),
            taxId === undefined ? undefined : eq(clients.taxIdNormalized, taxId),
            pattern === undefined
              ? undefined
              : or(
                  sql`lower(${clients.name}) like ${pattern}`,
                  sql`${clients.emailNormalized} like ${pattern}`,
                  sql`lower(${clients.taxId}) like ${pattern}`,
                  sql`lower(${clients.notes}) like ${pattern}`,
                  digits === undefined
                    ? undefined
                    : sql`${clients.phoneNormalized} like ${like(digits)}`,
                ),
          ),
        )
        .orderBy(byId(clients.id));
      return filter.limit === undefined ? query : query.limit(filter.limit);
    });
    return rows.map((row) => this.#clientRecord(row));
  }

  // --- appointments ---

  async #insertSlots(db: SqlDb, record: AppointmentRecord): Promise<void> {
    await db.insert(appointmentCalendarSlots).values(
      record.calendarIds.map((calendarId) => ({
        clinicId: record.clinicId,
        appointmentId: record.id,
        calendarId,
        startAt: toDate(record.start),
        endAt: toDate(record.end),
        active: holdsTime(record.status),
        allowOverlap: record.allowOverlap,
        capacityOne: record.capacity === 1,
      })),
    );
  }

  #appointmentValues(a: AppointmentRecord) {
    return {
      serviceId: a.serviceId,
      calendarIds: a.calendarIds,
      startAt: toDate(a.start),
      endAt: toDate(a.end),
      status: a.status,
      channel: a.channel,
      clientId: a.clientId ?? null,
      caseId: a.caseId ?? null,
      seriesId: a.seriesId ?? null,
      bufferBeforeMinutes: a.bufferBeforeMinutes ?? null,
      bufferAfterMinutes: a.bufferAfterMinutes ?? null,
      capacity: a.capacity,
      allowOverlap: a.allowOverlap,
      manageTokenHash: a.manageTokenHash ?? null,
      manageTokenExpiresAt:
        a.manageTokenExpiresAt === undefined ? null : toDate(a.manageTokenExpiresAt),
      ...visitDetailsValues(a),
      extra: json<JsonObject>(a.extra),
    };
  }

  async insertAppointment(clinicId: string, input: AppointmentInput): Promise<AppointmentRecord> {
    const now = iso(this.clock());
    const record: AppointmentRecord = {
      ...input,
      clinicId,
      calendarIds: [...new Set(input.calendarIds)],
      start: toIso(input.start),
      end: toIso(input.end),
      capacity: input.capacity ?? 1,
      allowOverlap: input.allowOverlap ?? false,
      ...(input.manageTokenExpiresAt === undefined
        ? {}
        : { manageTokenExpiresAt: toIso(input.manageTokenExpiresAt) }),
      extra: input.extra ?? {},
      version: 1,
      createdAt: now,
      updatedAt: now,
    } as AppointmentRecord;
    assertBookable("appointment", {
      calendarIds: record.calendarIds,
      start: toDate(record.start),
      end: toDate(record.end),
      places: record.capacity,
    });
    const row = await this.#write(async (db) => {
      const [inserted] = await db
        .insert(appointments)
        .values({
          clinicId,
          id: record.id,
          ...this.#appointmentValues(record),
          version: 1,
          createdAt: toDate(now),
          updatedAt: toDate(now),
        })
        .returning();
      await this.#insertSlots(db, record);
      return inserted;
    });
    return appointmentRecord(row as AppointmentRow);
  }

  async updateAppointment(
    clinicId: string,
    id: string,
    patch: AppointmentPatch,
    options: { expectedVersion?: number } = {},
  ): Promise<AppointmentRecord> {
    const row = await this.#write(async (db) => {
      const [current] = await db
        .select()
        .from(appointments)
        .where(and(eq(appointments.clinicId, clinicId), eq(appointments.id, id)))
        .for("no key update");
      if (!current) throw notFound("appointment", id);
      if (options.expectedVersion !== undefined && current.version !== options.expectedVersion) {
        throw new StorageError("VERSION_CONFLICT", `appointment ${id} changed meanwhile`, {
          detail: { id, version: String(current.version) },
        });
      }
      const next: Record<string, unknown> = { ...appointmentRecord(current) };
      for (const [field, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        if (value === null) delete next[field];
        else if (field === "start" || field === "end" || field === "manageTokenExpiresAt") {
          next[field] = toIso(value as InstantInput);
        } else if (field === "calendarIds") next[field] = [...new Set(value as string[])];
        else next[field] = value;
      }
      const record = next as unknown as AppointmentRecord;
      assertBookable("appointment", {
        calendarIds: record.calendarIds,
        start: toDate(record.start),
        end: toDate(record.end),
        places: record.capacity,
      });
      const [updated] = await db
        .update(appointments)
        .set({
          ...this.#appointmentValues(record),
          version: current.version + 1,
          updatedAt: this.clock(),
        })
        .where(and(eq(appointments.clinicId, clinicId), eq(appointments.id, id)))
        .returning();
      await db
        .delete(appointmentCalendarSlots)
        .where(
          and(
            eq(appointmentCalendarSlots.clinicId, clinicId),
            eq(appointmentCalendarSlots.appointmentId, id),
          ),
        );
      await this.#insertSlots(db, record);
      return updated;
    });
    return appointmentRecord(row as AppointmentRow);
  }

  async getAppointment(clinicId: string, id: string): Promise<AppointmentRecord | undefined> {
    const [row] = await this.#read((db) =>
      db
        .select()
        .from(appointments)
        .where(and(eq(appointments.clinicId, clinicId), eq(appointments.id, id))),
    );
    return row && appointmentRecord(row);
  }

  async listAppointments(
    clinicId: string,
    query: AppointmentQuery = {},
  ): Promise<AppointmentRecord[]> {
    if (query.calendarIds?.length === 0 || query.ids?.length === 0) return [];
    if (query.statuses?.length === 0) return [];
    const rows = await this.#read((db) => {
      const select = db
        .select()
        .from(appointments)
        .where(
          and(
            eq(appointments.clinicId, clinicId),
            query.calendarIds
              ? arrayOverlaps(appointments.calendarIds, query.calendarIds)
              : undefined,
            query.from === undefined ? undefined : gt(appointments.endAt, toDate(query.from)),
            query.to === undefined ? undefined : lt(appointments.startAt, toDate(query.to)),
            query.statuses ? inArray(appointments.status, query.statuses) : undefined,
            query.activeOnly ? notInArray(appointments.status, [...RELEASING]) : undefined,
            query.clientId === undefined ? undefined : eq(appointments.clientId, query.clientId),
            query.seriesId === undefined ? undefined : eq(appointments.seriesId, query.seriesId),
            query.ids ? inArray(appointments.id, query.ids) : undefined,
            query.after === undefined
              ? undefined
              : or(
                  gt(appointments.startAt, toDate(query.after.start)),
                  and(
                    eq(appointments.startAt, toDate(query.after.start)),
                    sql`${byId(appointments.id)} > ${query.after.id}`,
                  ),
                ),
          ),
        )
        .orderBy(asc(appointments.startAt), byId(appointments.id));
      return query.limit === undefined ? select : select.limit(query.limit);
    });
    return rows.map(appointmentRecord);
  }

  async listBusyAppointments(clinicId: string, query: BusyQuery): Promise<BusyAppointment[]> {
    if (query.calendarIds.length === 0) return [];
    const rows = await this.#read((db) =>
      db
        .select({
          id: appointments.id,
          serviceId: appointments.serviceId,
          calendarIds: appointments.calendarIds,
          startAt: appointments.startAt,
          endAt: appointments.endAt,
          status: appointments.status,
          channel: appointments.channel,
          bufferBeforeMinutes: appointments.bufferBeforeMinutes,
          bufferAfterMinutes: appointments.bufferAfterMinutes,
        })
        .from(appointments)
        .where(
          and(
            eq(appointments.clinicId, clinicId),
            arrayOverlaps(appointments.calendarIds, query.calendarIds),
            gt(appointments.endAt, toDate(query.from)),
            lt(appointments.startAt, toDate(query.to)),
            notInArray(appointments.status, [...RELEASING]),
          ),
        )
        .orderBy(asc(appointments.startAt), byId(appointments.id)),
    );
    return rows.map(busyRecord);
  }

  async findAppointmentByManageToken(
    tokenHash: string,
    now: InstantInput,
  ): Promise<AppointmentRecord | undefined> {
    const [row] = await this.#read((db) =>
      db
        .select()
        .from(appointments)
        .where(
          and(
            eq(appointments.manageTokenHash, tokenHash),
            or(
              isNull(appointments.manageTokenExpiresAt),
              gt(appointments.manageTokenExpiresAt, toDate(now)),
            ),
          ),
        ),
    );
    return row && appointmentRecord(row);
  }

  async addAppointmentNote(
    clinicId: string,
    note: AppointmentNoteInput,
  ): Promise<AppointmentNoteRecord> {
    const [row] = await this.#write((db) =>
      db
        .insert(appointmentNotes)
        .values({ ...note, clinicId, createdAt: this.clock() })
        .returning(),
    );
    if (!row) throw notFound("note", note.id);
    return { ...note, clinicId, createdAt: iso(row.createdAt) };
  }

  async listAppointmentNotes(
    clinicId: string,
    appointmentId: string,
  ): Promise<AppointmentNoteRecord[]> {
    const rows = await this.#read((db) =>
      db
        .select()
        .from(appointmentNotes)
        .where(
          and(
            eq(appointmentNotes.clinicId, clinicId),
            eq(appointmentNotes.appointmentId, appointmentId),
          ),
        )
        .orderBy(asc(appointmentNotes.createdAt), byId(appointmentNotes.id)),
    );
    return rows.map((row) => ({
      clinicId: row.clinicId,
      id: row.id,
      appointmentId: row.appointmentId,
      author: row.author,
      text: row.text,
      createdAt: iso(row.createdAt),
    }));
  }

  // --- holds ---

  async insertHold(clinicId: string, hold: HoldInput): Promise<HoldRecord> {
    const values = {
      clinicId,
      id: hold.id,
      serviceId: hold.serviceId,
      calendarIds: [...new Set(hold.calendarIds)],
      startAt: toDate(hold.start),
      endAt: toDate(hold.end),
      places: hold.places ?? 1,
      expiresAt: toDate(hold.expiresAt),
      createdAt: this.clock(),
      visitorHash: hold.visitorHash ?? null,
      emailHash: hold.emailHash ?? null,
    };
    assertBookable("hold", {
      calendarIds: values.calendarIds,
      start: values.startAt,
      end: values.endAt,
      places: values.places,
    });
    const [row] = await this.#write((db) => db.insert(holds).values(values).returning());
    return holdRecord(row as HoldRow);
  }

  async getHold(clinicId: string, id: string, now: InstantInput): Promise<HoldRecord | undefined> {
    const [row] = await this.#read((db) =>
      db
        .select()
        .from(holds)
        .where(
          and(eq(holds.clinicId, clinicId), eq(holds.id, id), gt(holds.expiresAt, toDate(now))),
        ),
    );
    return row && holdRecord(row);
  }

  async listHolds(clinicId: string, query: HoldQuery): Promise<HoldRecord[]> {
    if (query.calendarIds?.length === 0) return [];
    const rows = await this.#read((db) =>
      db
        .select()
        .from(holds)
        .where(
          and(
            eq(holds.clinicId, clinicId),
            gt(holds.expiresAt, toDate(query.now)),
            query.calendarIds ? arrayOverlaps(holds.calendarIds, query.calendarIds) : undefined,
            query.from === undefined ? undefined : gt(holds.endAt, toDate(query.from)),
            query.to === undefined ? undefined : lt(holds.startAt, toDate(query.to)),
            query.visitorHash === undefined ? undefined : eq(holds.visitorHash, query.visitorHash),
            query.emailHash === undefined ? undefined : eq(holds.emailHash, query.emailHash),
          ),
        )
        .orderBy(asc(holds.startAt), byId(holds.id)),
    );
    return rows.map(holdRecord);
  }

  async extendHold(
    clinicId: string,
    id: string,
    expiresAt: InstantInput,
    now: InstantInput,
  ): Promise<HoldRecord | undefined> {
    const [row] = await this.#write((db) =>
      db
        .update(holds)
        .set({ expiresAt: toDate(expiresAt) })
        .where(
          and(eq(holds.clinicId, clinicId), eq(holds.id, id), gt(holds.expiresAt, toDate(now))),
        )
        .returning(),
    );
    return row && holdRecord(row);
  }

  async deleteHold(clinicId: string, id: string): Promise<boolean> {
    const rows = await this.#write((db) =>
      db
        .delete(holds)
        .where(and(eq(holds.clinicId, clinicId), eq(holds.id, id)))
        .returning({ id: holds.id }),
    );
    return rows.length > 0;
  }

  async deleteExpiredHolds(now: InstantInput): Promise<number> {
    const rows = await this.#write((db) =>
      db
        .delete(holds)
        .where(lte(holds.expiresAt, toDate(now)))
        .returning({ id: holds.id }),
    );
    return rows.length;
  }

  // --- audit ---

  async appendAudit(clinicId: string, entry: AuditInput): Promise<AuditRecord> {
    const [row] = await this.#write((db) =>
      db
        .insert(auditEntries)
        .values({
          clinicId,
          at: toDate(entry.at),
          actor: entry.actor,
          action: entry.action,
          entityType: entry.entityType,
          entityId: entry.entityId,
          detail: json<JsonObject>(entry.detail ?? {}),
        })
        .returning(),
    );
    if (!row) throw notFound("audit entry", entry.entityId);
    return { ...row, at: iso(row.at) };
  }

  async listAudit(clinicId: string, query: AuditQuery = {}): Promise<AuditRecord[]> {
    const rows = await this.#read((db) => {
      const select = db
        .select()
        .from(auditEntries)
        .where(
          and(
            eq(auditEntries.clinicId, clinicId),
            query.entityType === undefined
              ? undefined
              : eq(auditEntries.entityType, query.entityType),
            query.entityId === undefined ? undefined : eq(auditEntries.entityId, query.entityId),
            query.actor === undefined ? undefined : eq(auditEntries.actor, query.actor),
            query.afterSeq === undefined ? undefined : gt(auditEntries.seq, query.afterSeq),
          ),
        )
        .orderBy(asc(auditEntries.seq));
      return query.limit === undefined ? select : select.limit(query.limit);
    });
    return rows.map((row) => ({ ...row, at: iso(row.at) }));
  }

  // --- idempotency ---

  async claimIdempotency(clinicId: string, claim: IdempotencyClaim): Promise<IdempotencyOutcome> {
    const now = toDate(claim.now);
    const where = and(
      eq(idempotencyRecords.clinicId, clinicId),
      eq(idempotencyRecords.key, claim.key),
    );
    return this.#write(async (db) => {
      // A claim released between our insert and read is retried (bounded).
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const inserted = await db
          .insert(idempotencyRecords)
          .values({
            clinicId,
            key: claim.key,
            requestHash: claim.requestHash,
            state: "in_flight",
            createdAt: now,
            claimedAt: now,
          })
          .onConflictDoNothing()
          .returning({ key: idempotencyRecords.key });
        if (inserted.length > 0) return { outcome: "new" };
        const [existing] = await db.select().from(idempotencyRecords).where(where);
        if (!existing) continue;
        if (existing.requestHash !== claim.requestHash) return { outcome: "mismatch" };
        if (existing.state === "done") {
          return {
            outcome: "replay",
            response: {
              status: existing.responseStatus ?? 200,
              headers: existing.responseHeaders ?? {},
              body: existing.responseBody ?? new Uint8Array(),
            },
          };
        }
        const staleBefore = now.getTime() - (claim.staleAfterMs ?? 60_000);
        if (existing.claimedAt.getTime() <= staleBefore) {
          const taken = await db
            .update(idempotencyRecords)
            .set({ claimedAt: now })
            .where(
              and(
                where,
                eq(idempotencyRecords.state, "in_flight"),
                eq(idempotencyRecords.claimedAt, existing.claimedAt),
              ),
            )
            .returning({ key: idempotencyRecords.key });
          if (taken.length > 0) return { outcome: "new" };
        }
        return { outcome: "in_flight" };
      }
      return { outcome: "in_flight" };
    });
  }

  async completeIdempotency(
    clinicId: string,
    key: string,
    response: StoredResponse,
  ): Promise<void> {
    const rows = await this.#write((db) =>
      db
        .update(idempotencyRecords)
        .set({
          state: "done",
          responseStatus: response.status,
          responseHeaders: { ...response.headers },
          responseBody: response.body,
          completedAt: this.clock(),
        })
        .where(and(eq(idempotencyRecords.clinicId, clinicId), eq(idempotencyRecords.key, key)))
        .returning({ key: idempotencyRecords.key }),
    );
    if (rows.length === 0) {
      throw new StorageError("NOT_FOUND", `idempotency key ${key} was not claimed`, {
        detail: { key },
      });
    }
  }

  async releaseIdempotency(clinicId: string, key: string): Promise<boolean> {
    const rows = await this.#write((db) =>
      db
        .delete(idempotencyRecords)
        .where(
          and(
            eq(idempotencyRecords.clinicId, clinicId),
            eq(idempotencyRecords.key, key),
            eq(idempotencyRecords.state, "in_flight"),
          ),
        )
        .returning({ key: idempotencyRecords.key }),
    );
    return rows.length > 0;
  }

  async deleteIdempotencyBefore(before: InstantInput): Promise<number> {
    const rows = await this.#write((db) =>
      db
        .delete(idempotencyRecords)
        .where(lt(idempotencyRecords.createdAt, toDate(before)))
        .returning({ key: idempotencyRecords.key }),
    );
    return rows.length;
  }

  // --- outbox ---

  async enqueueOutbox(clinicId: string, message: OutboxInput): Promise<OutboxRecord> {
    const dueAt = toDate(message.dueAt);
    const [row] = await this.#write((db) =>
      db
        .insert(outbox)
        .values({
          clinicId,
          id: message.id ?? randomUUID(),
          type: message.type,
          payload: json<JsonObject>(message.payload),
          dueAt,
          status: "pending",
          attempts: 0,
          nextAttemptAt: dueAt,
          createdAt: this.clock(),
        })
        .returning(),
    );
    return outboxRecord(row as OutboxRow);
  }

  async claimDueOutbox(claim: OutboxClaim): Promise<OutboxRecord[]> {
    if (claim.limit <= 0) return [];
    const now = toDate(claim.now);
    const lockedUntil = new Date(now.getTime() + (claim.leaseMs ?? 300_000));
    const rows = await this.#write(async (db) => {
      const due = await db
        .select({ clinicId: outbox.clinicId, id: outbox.id })
        .from(outbox)
        .where(
          or(
            and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)),
            and(eq(outbox.status, "sending"), lte(outbox.lockedUntil, now)),
          ),
        )
        .orderBy(asc(outbox.nextAttemptAt), byId(outbox.id))
        .limit(claim.limit)
        .for("update", { skipLocked: true });
      if (due.length === 0) return [];
      const pairs = sql.join(
        due.map((d) => sql`(${d.clinicId}, ${d.id})`),
        sql`, `,
      );
      return db
        .update(outbox)
        .set({ status: "sending", attempts: sql`${outbox.attempts} + 1`, lockedUntil })
        .where(sql`(${outbox.clinicId}, ${outbox.id}) in (${pairs})`)
        .returning();
    });
    return rows
      .map(outboxRecord)
      .sort(
        (a, b) =>
          Date.parse(a.nextAttemptAt) - Date.parse(b.nextAttemptAt) ||
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
  }

  async renewOutboxLease(
    clinicId: string,
    id: string,
    renewal: OutboxLeaseRenewal,
  ): Promise<boolean> {
    const lockedUntil = new Date(toDate(renewal.now).getTime() + renewal.leaseMs);
    const rows = await this.#write((db) =>
      db
        .update(outbox)
        .set({ lockedUntil })
        .where(
          and(
            eq(outbox.clinicId, clinicId),
            eq(outbox.id, id),
            eq(outbox.status, "sending"),
            eq(outbox.attempts, renewal.attempts),
          ),
        )
        .returning({ id: outbox.id }),
    );
    return rows.length > 0;
  }

  async markOutboxSent(clinicId: string, id: string, now: InstantInput): Promise<OutboxRecord> {
    const [row] = await this.#write((db) =>
      db
        .update(outbox)
        .set({ status: "sent", sentAt: toDate(now), lockedUntil: null })
        .where(and(eq(outbox.clinicId, clinicId), eq(outbox.id, id)))
        .returning(),
    );
    if (!row) throw notFound("outbox row", id);
    return outboxRecord(row);
  }

  async markOutboxFailed(
    clinicId: string,
    id: string,
    failure: OutboxFailure,
  ): Promise<OutboxRecord> {
    const where = and(eq(outbox.clinicId, clinicId), eq(outbox.id, id));
    const row = await this.#write(async (db) => {
      const [current] = await db.select().from(outbox).where(where).for("update");
      if (!current) throw notFound("outbox row", id);
      const dead = current.attempts >= (failure.maxAttempts ?? 8);
      const [updated] = await db
        .update(outbox)
        .set({
          status: dead ? "dead" : "pending",
          lastError: failure.error,
          lockedUntil: null,
          ...(dead
            ? {}
            : {
                nextAttemptAt: new Date(
                  toDate(failure.now).getTime() + outboxBackoffMs(current.attempts),
                ),
              }),
        })
        .where(where)
        .returning();
      return updated;
    });
    return outboxRecord(row as OutboxRow);
  }

  async listOutbox(
    clinicId: string,
    filter: { status?: OutboxStatus; limit?: number } = {},
  ): Promise<OutboxRecord[]> {
    const rows = await this.#read((db) => {
      const select = db
        .select()
        .from(outbox)
        .where(
          and(
            eq(outbox.clinicId, clinicId),
            filter.status === undefined ? undefined : eq(outbox.status, filter.status),
          ),
        )
        .orderBy(asc(outbox.createdAt), byId(outbox.id));
      return filter.limit === undefined ? select : select.limit(filter.limit);
    });
    return rows.map(outboxRecord);
  }

  // --- API keys ---

  async insertApiKey(clinicId: string, key: ApiKeyInput): Promise<ApiKeyRecord> {
    const [row] = await this.#write((db) =>
      db
        .insert(apiKeys)
        .values({
          clinicId,
          id: key.id,
          name: key.name,
          keyHash: key.keyHash,
          role: key.role,
          calendarIds: [...key.calendarIds],
          createdAt: this.clock(),
        })
        .returning(),
    );
    return apiKeyRecord(row as ApiKeyRow);
  }

  async findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const [row] = await this.#read((db) =>
      db
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt))),
    );
    return row && apiKeyRecord(row);
  }

  async listApiKeys(clinicId: string): Promise<ApiKeyRecord[]> {
    const rows = await this.#read((db) =>
      db.select().from(apiKeys).where(eq(apiKeys.clinicId, clinicId)).orderBy(byId(apiKeys.id)),
    );
    return rows.map(apiKeyRecord);
  }

  async revokeApiKey(clinicId: string, id: string, now: InstantInput): Promise<boolean> {
    const rows = await this.#write((db) =>
      db
        .update(apiKeys)
        .set({ revokedAt: toDate(now) })
        .where(and(eq(apiKeys.clinicId, clinicId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id }),
    );
    return rows.length > 0;
  }

  async setApiKeyCalendars(
    clinicId: string,
    id: string,
    calendarIds: string[],
  ): Promise<ApiKeyRecord> {
    const [row] = await this.#write((db) =>
      db
        .update(apiKeys)
        .set({ calendarIds: [...new Set(calendarIds)] })
        .where(and(eq(apiKeys.clinicId, clinicId), eq(apiKeys.id, id)))
        .returning(),
    );
    if (!row) throw notFound("API key", id);
    return apiKeyRecord(row);
  }

  // --- back office (see sql-back-office.ts) ---

  putCase(
    clinicId: string,
    input: CaseInput,
    options?: { expectedVersion?: number },
  ): Promise<CaseRecord> {
    return this.#office.putCase(clinicId, input, options);
  }
  getCase(clinicId: string, id: string): Promise<CaseRecord | undefined> {
    return this.#office.getCase(clinicId, id);
  }
  listCases(clinicId: string, query?: CaseQuery): Promise<CaseRecord[]> {
    return this.#office.listCases(clinicId, query);
  }
  lockCase(clinicId: string, id: string): Promise<CaseRecord | undefined> {
    return this.#office.lockCase(clinicId, id);
  }
  insertCharge(clinicId: string, input: ChargeInput): Promise<ChargeRecord> {
    return this.#office.insertCharge(clinicId, input);
  }
  updateCharge(
    clinicId: string,
    id: string,
    patch: Partial<Omit<ChargeInput, "id">>,
    options?: { expectedVersion?: number },
  ): Promise<ChargeRecord> {
    return this.#office.updateCharge(clinicId, id, patch, options);
  }
  getCharge(clinicId: string, id: string): Promise<ChargeRecord | undefined> {
    return this.#office.getCharge(clinicId, id);
  }
  listCharges(clinicId: string, query?: ChargeQuery): Promise<ChargeRecord[]> {
    return this.#office.listCharges(clinicId, query);
  }
  claimDocumentNumber(clinicId: string, series: string): Promise<number> {
    return this.#office.claimDocumentNumber(clinicId, series);
  }
  insertBillingDocument(
    clinicId: string,
    input: BillingDocumentInput,
  ): Promise<BillingDocumentRecord> {
    return this.#office.insertBillingDocument(clinicId, input);
  }
  getBillingDocument(clinicId: string, id: string): Promise<BillingDocumentRecord | undefined> {
    return this.#office.getBillingDocument(clinicId, id);
  }
  listBillingDocuments(
    clinicId: string,
    query?: BillingDocumentQuery,
  ): Promise<BillingDocumentRecord[]> {
    return this.#office.listBillingDocuments(clinicId, query);
  }
  insertPayment(clinicId: string, input: PaymentInput): Promise<PaymentRecord> {
    return this.#office.insertPayment(clinicId, input);
  }
  getPayment(clinicId: string, id: string): Promise<PaymentRecord | undefined> {
    return this.#office.getPayment(clinicId, id);
  }
  listPayments(clinicId: string, query?: PaymentQuery): Promise<PaymentRecord[]> {
    return this.#office.listPayments(clinicId, query);
  }
  insertPaymentIntent(clinicId: string, input: PaymentIntentInput): Promise<PaymentIntentRecord> {
    return this.#office.insertPaymentIntent(clinicId, input);
  }
  updatePaymentIntent(
    clinicId: string,
    id: string,
    patch: PaymentIntentPatch,
    options?: { expectedVersion?: number },
  ): Promise<PaymentIntentRecord> {
    return this.#office.updatePaymentIntent(clinicId, id, patch, options);
  }
  getPaymentIntent(clinicId: string, id: string): Promise<PaymentIntentRecord | undefined> {
    return this.#office.getPaymentIntent(clinicId, id);
  }
  findPaymentIntentByProviderId(
    provider: string,
    providerIntentId: string,
  ): Promise<PaymentIntentRecord | undefined> {
    return this.#office.findPaymentIntentByProviderId(provider, providerIntentId);
  }
  putPackage(
    clinicId: string,
    input: PackageInput,
    options?: { expectedVersion?: number },
  ): Promise<PackageRecord> {
    return this.#office.putPackage(clinicId, input, options);
  }
  getPackage(clinicId: string, id: string): Promise<PackageRecord | undefined> {
    return this.#office.getPackage(clinicId, id);
  }
  lockPackage(clinicId: string, id: string): Promise<PackageRecord | undefined> {
    return this.#office.lockPackage(clinicId, id);
  }
  listPackages(clinicId: string, query?: PackageQuery): Promise<PackageRecord[]> {
    return this.#office.listPackages(clinicId, query);
  }
  listPackageUses(clinicId: string, query?: PackageUseQuery): Promise<PackageUseRecord[]> {
    return this.#office.listPackageUses(clinicId, query);
  }
  putProviderService(
    clinicId: string,
    input: ProviderServiceInput,
  ): Promise<ProviderServiceRecord> {
    return this.#office.putProviderService(clinicId, input);
  }
  listProviderServices(
    clinicId: string,
    query?: { calendarId?: string; serviceId?: string },
  ): Promise<ProviderServiceRecord[]> {
    return this.#office.listProviderServices(clinicId, query);
  }
  deleteProviderService(clinicId: string, calendarId: string, serviceId: string): Promise<boolean> {
    return this.#office.deleteProviderService(clinicId, calendarId, serviceId);
  }
  getMessageSettings(clinicId: string): Promise<MessageSettingsRecord | undefined> {
    return this.#office.getMessageSettings(clinicId);
  }
  putMessageSettings(
    clinicId: string,
    input: MessageSettingsInput,
    options?: { expectedVersion?: number },
  ): Promise<MessageSettingsRecord> {
    return this.#office.putMessageSettings(clinicId, input, options);
  }

  // --- locks ---

  async lockCalendars(clinicId: string, ids: readonly string[]): Promise<CalendarRecord[]> {
    const sorted = sortedUnique(ids);
    if (sorted.length === 0) return [];
    // FOR NO KEY UPDATE: excludes other lockers (and calendar updates) until commit, but not the
    // foreign-key checks of rows that merely reference the calendar.
    const rows = await this.#read((db) =>
      db
        .select()
        .from(calendars)
        .where(and(eq(calendars.clinicId, clinicId), inArray(calendars.id, sorted)))
        .orderBy(byId(calendars.id))
        .for("no key update"),
    );
    return rows.map((row) => this.#calendarRecord(row));
  }

  async lockKey(clinicId: string, key: string): Promise<void> {
    // A transaction-level advisory lock on a 64-bit hash of (clinic, key): released at commit or
    // rollback; two keys sharing a hash only wait for each other, never break a rule.
    await this.#read((db) =>
      db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${clinicId}\n${key}`}, 0))`),
    );
  }

  async lockAppointment(clinicId: string, id: string): Promise<AppointmentRecord | undefined> {
    const [row] = await this.#read((db) =>
      db
        .select()
        .from(appointments)
        .where(and(eq(appointments.clinicId, clinicId), eq(appointments.id, id)))
        .for("no key update"),
    );
    return row && appointmentRecord(row);
  }
}
