// The Storage operations in SQL through Drizzle ORM, shared by the PGlite and PostgreSQL
// adapters: one class works on a Drizzle transaction of either driver.

import { randomUUID } from "node:crypto";
import type { Calendar } from "@bookwell/engine";
import {
  and,
  arrayOverlaps,
  asc,
  type Column,
  eq,
  getTableColumns,
  gt,
  gte,
  inArray,
  isNull,
  lt,
  lte,
  notInArray,
  or,
  sql,
} from "drizzle-orm";
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
import type * as S from "../storage.js";
import {
  apiKeys,
  appointmentCalendarSlots,
  appointmentNotes,
  appointments,
  auditEntries,
  billingDocuments,
  calendars,
  cases,
  catalogVersions,
  charges,
  clients,
  clinics,
  holds,
  idempotencyRecords,
  locations,
  outbox,
  packages,
  packageUses,
  paymentIntents,
  payments,
  services,
} from "./schema.js";
import type { BusyTimeCache } from "./sql-busy-cache.js";
import { type NamedStatements, RELEASING, readBusyTimeRow, readVersions } from "./sql-busy-time.js";
import {
  asIs,
  compiled,
  indexed,
  values as placeholders,
  rowPlaceholders,
  rowsShape,
  rowValues,
  sessionStatements,
  tableRow,
  value,
} from "./sql-compiled.js";
import {
  iso,
  isoOrUndefined,
  json,
  money,
  notFound,
  optional,
  orNull,
  recordOf,
  stampsOf,
} from "./sql-records.js";
import { type SqlDb, type SqlRunner, sqlRunner } from "./sql-runner.js";
import {
  byKey,
  byText,
  inIf,
  matching,
  rowToChange,
  rowWhere,
  saveVersioned,
} from "./sql-statements.js";
import { SqlWaitlist } from "./sql-waitlist.js";

export { mapDatabaseError, type SqlDb } from "./sql-runner.js";

/**
 * The text the client search looks in: name, e-mail, tax ID and notes, lower-cased and joined by
 * chr(31). Migration 0012 indexes exactly this expression (trigram GIN): change both together.
 */
export const clientSearchText = sql`(lower(${clients.name}) || chr(31) || coalesce(${clients.emailNormalized}, '') || chr(31) || coalesce(lower(${clients.taxId}), '') || chr(31) || coalesce(lower(${clients.notes}), ''))`;

type ClinicRow = typeof clinics.$inferSelect;
type AppointmentRow = typeof appointments.$inferSelect;
type HoldRow = typeof holds.$inferSelect;
type OutboxRow = typeof outbox.$inferSelect;
type ApiKeyRow = typeof apiKeys.$inferSelect;

const clinicRecord = (row: ClinicRow): S.ClinicRecord => recordOf(row);

/** A row whose `startAt` and `endAt` are its record's `start` and `end`. */
function withSpan<Row extends { startAt: Date; endAt: Date }>(row: Row) {
  const { startAt, endAt, ...fields } = row;
  return { ...recordOf(fields), start: iso(startAt), end: iso(endAt) };
}

/** The columns `listBusyAppointments` reads. */
const busyColumns = {
  id: appointments.id,
  serviceId: appointments.serviceId,
  calendarIds: appointments.calendarIds,
  startAt: appointments.startAt,
  endAt: appointments.endAt,
  status: appointments.status,
  channel: appointments.channel,
  bufferBeforeMinutes: appointments.bufferBeforeMinutes,
  bufferAfterMinutes: appointments.bufferAfterMinutes,
};
type BusyRow = Pick<AppointmentRow, keyof typeof busyColumns>;

/** An appointment of `readBusyTime`'s JSON (instants as epoch milliseconds). */
type BusyJson = Omit<BusyRow, "startAt" | "endAt">;
/** A hold of `readBusyTime`'s JSON (instants as epoch milliseconds). */
interface HoldJson {
  id: string;
  serviceId: string;
  calendarIds: string[];
  places: number;
  expiresAt: number;
  createdAt: number;
  visitorHash: string | null;
  emailHash: string | null;
}

/** The scheduling fields of an appointment row (a full row's other columns left out). */
function busyRecord(row: BusyRow): S.BusyAppointment {
  return {
    id: row.id,
    serviceId: row.serviceId,
    calendarIds: row.calendarIds,
    start: iso(row.startAt),
    end: iso(row.endAt),
    status: row.status as S.AppointmentRecord["status"],
    channel: row.channel as S.AppointmentRecord["channel"],
    ...optional({
      bufferBeforeMinutes: row.bufferBeforeMinutes,
      bufferAfterMinutes: row.bufferAfterMinutes,
    }),
  };
}

function appointmentRecord(row: AppointmentRow): S.AppointmentRecord {
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
    ...stampsOf(row),
  };
}

/** The typed visit details of an appointment row (absent fields left out). */
function visitDetailsOf(row: AppointmentRow): S.VisitDetails {
  const price = money(row.priceAmount, row.priceCurrency);
  const prefs: S.VisitMessagePrefs = {
    ...(row.notifySend === null ? {} : { send: row.notifySend }),
    ...(row.notifyReminderOffsetsMinutes === null
      ? {}
      : { reminderOffsetsMinutes: row.notifyReminderOffsetsMinutes }),
    ...(row.notifyChannels === null
      ? {}
      : { channels: row.notifyChannels as NonNullable<S.VisitMessagePrefs["channels"]> }),
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
    ...(row.intakeAnswers ? { intake: row.intakeAnswers } : {}),
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
function visitDetailsValues(d: S.VisitDetails) {
  return {
    contactName: d.contact?.name ?? null,
    contactEmail: d.contact?.email ?? null,
    contactPhone: d.contact?.phone ?? null,
    priceAmount: d.price?.amount ?? null,
    priceCurrency: d.price?.currency ?? null,
    ...orNull(d, [
      "locale",
      "patientMessage",
      "rebookedFromId",
      "rebookedToId",
      "copiedFromId",
      "holdId",
    ]),
    intakeAnswers: d.intake ?? null,
    anyProvider: d.anyProvider ?? false,
    rebookedAt: d.rebookedAt === undefined ? null : toDate(d.rebookedAt),
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

/** The ids of a client's visits, as an SQL subquery (`… in ${visitsOf(clinicId, clientId)}`). */
const visitsOf = (clinicId: string, clientId: string) =>
  sql`(select ${appointments.id} from ${appointments} where ${appointments.clinicId} = ${clinicId} and ${appointments.clientId} = ${clientId})`;

const holdRecord = (row: HoldRow): S.HoldRecord => withSpan(row);
const outboxRecord = (row: OutboxRow): S.OutboxRecord => recordOf(row);
const apiKeyRecord = (row: ApiKeyRow): S.ApiKeyRecord => recordOf(row);
const locationRecord = (row: typeof locations.$inferSelect): S.LocationRecord => recordOf(row);

function calendarRecord(row: typeof calendars.$inferSelect): S.CalendarRecord {
  return { ...(row.data as unknown as Calendar), clinicId: row.clinicId, ...stampsOf(row) };
}

function serviceRecord(row: typeof services.$inferSelect): S.ServiceRecord {
  const data = row.data as unknown as S.ServiceRecord;
  return { ...data, active: row.active, clinicId: row.clinicId, ...stampsOf(row) };
}

function clientRecord(row: typeof clients.$inferSelect): S.ClientRecord {
  const { emailNormalized: _e, phoneNormalized: _p, taxIdNormalized: _t, ...fields } = row;
  return recordOf(fields);
}

/**
 * Locks a clinic's calendar rows in id order (FOR NO KEY UPDATE: excludes other lockers and
 * calendar updates until commit, not the foreign-key checks of rows that merely reference them).
 */
function lockCalendarRows(db: SqlDb, clinicId: string, sorted: readonly string[]) {
  return lockCalendarsStatement.run(db, sorted.length, { clinicId, ...indexed("id", sorted) });
}

const lockCalendarsStatement = compiled(
  (db, count: number) =>
    db
      .select()
      .from(calendars)
      .where(
        and(
          eq(calendars.clinicId, value("clinicId")),
          inArray(calendars.id, placeholders("id", count)),
        ),
      )
      .orderBy(byText(calendars.id))
      .for("no key update"),
  tableRow(calendars),
);

/** The visit's per-calendar rows (what the exclusion constraint checks). */
function slotRows(record: S.AppointmentRecord) {
  return record.calendarIds.map((calendarId) => ({
    clinicId: record.clinicId,
    appointmentId: record.id,
    calendarId,
    startAt: toDate(record.start),
    endAt: toDate(record.end),
    active: holdsTime(record.status),
    allowOverlap: record.allowOverlap,
    capacityOne: record.capacity === 1,
  }));
}

async function insertSlots(db: SqlDb, record: S.AppointmentRecord): Promise<void> {
  await db.insert(appointmentCalendarSlots).values(slotRows(record));
}

/**
 * Inserts a new visit and its per-calendar rows in one statement (two data-modifying CTEs; the
 * rows' foreign key to the visit is checked at the statement's end): one round trip, not two.
 * The rows skip a conflict with the exclusion constraint (`ON CONFLICT DO NOTHING`, which waits
 * for a concurrent writer's outcome as the constraint's check does) and the statement answers the
 * visit only when every row went in; otherwise the visit is deleted again (its rows with it) and
 * the insert fails with `SLOT_TAKEN`. So a taken calendar needs no savepoint to leave the
 * transaction usable ("try provider A, else provider B"), two statements fewer per booking.
 */
async function insertVisitWithSlots(
  db: SqlDb,
  record: S.AppointmentRecord,
  values: ReturnType<typeof appointmentValues>,
  now: Date,
): Promise<AppointmentRow> {
  const key = { clinicId: record.clinicId, id: record.id };
  const visitValues = { ...key, ...values, createdAt: now, updatedAt: now };
  const rows = slotRows(record);
  if (rows.length === 0) {
    return saveVersioned(db, appointments, key, undefined, values, now);
  }
  const [row] = await visitWithSlotsStatement.run(
    db,
    { visit: visitValues, slots: rows },
    { ...rowValues("v", [visitValues]), ...rowValues("s", rows), slotCount: rows.length },
  );
  if (row) return row;
  await db.delete(appointments).where(byKey(appointments, record.clinicId, record.id));
  throw new StorageError("SLOT_TAKEN", "a calendar is already taken at that time", {
    detail: { constraint: "appointment_calendar_slots_no_overlap" },
  });
}

/** The visit-and-its-calendar-rows statement, compiled per set of fields and number of rows. */
const visitWithSlotsStatement = compiled(
  (db, shape: { visit: Record<string, unknown>; slots: readonly Record<string, unknown>[] }) => {
    const visit = db.$with("visit").as(
      db
        .insert(appointments)
        .values(rowPlaceholders("v", appointments, [shape.visit]) as never)
        .returning(),
    );
    const slots = db.$with("visit_slots").as(
      db
        .insert(appointmentCalendarSlots)
        .values(rowPlaceholders("s", appointmentCalendarSlots, shape.slots) as never)
        .onConflictDoNothing()
        .returning({ calendarId: appointmentCalendarSlots.calendarId }),
    );
    return db
      .with(visit, slots)
      .select()
      .from(visit)
      .where(sql`(select count(*) from ${slots}) = ${value("slotCount")}`);
  },
  tableRow(appointments),
  (shape) => `${rowsShape([shape.visit])}|${rowsShape(shape.slots)}`,
);

type Rows = readonly Record<string, unknown>[];

/**
 * A unit of work's audit entries and outbox messages in one statement (the audit insert as a
 * CTE), compiled per number of rows and their fields.
 */
const auditAndOutboxStatement = compiled(
  (db, shape: { audit: Rows; messages: Rows }) => {
    const audit = () => rowPlaceholders("a", auditEntries, shape.audit) as never;
    const messages = () => rowPlaceholders("m", outbox, shape.messages) as never;
    if (shape.messages.length === 0) return db.insert(auditEntries).values(audit());
    if (shape.audit.length === 0) return db.insert(outbox).values(messages());
    const entries = db
      .$with("audit_rows")
      .as(db.insert(auditEntries).values(audit()).returning({ seq: auditEntries.seq }));
    return db.with(entries).insert(outbox).values(messages());
  },
  asIs,
  (shape) => `${rowsShape(shape.audit)}|${rowsShape(shape.messages)}`,
);

/** A client's columns as `putClient` stores them (normalized e-mail, phone and tax ID). */
function clientValues(client: S.ClientInput) {
  return {
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
    extra: json<S.JsonObject>(client.extra ?? {}),
  };
}

/**
 * The first client with the row's e-mail, else the row inserted: one statement, answering every
 * column of `clients` and whether it was created.
 */
const findOrCreateClientStatement = compiled(
  (db, row: Record<string, unknown>) => {
    const found = db
      .select()
      .from(clients)
      .where(
        and(
          eq(clients.clinicId, value("c0_clinicId")),
          eq(clients.emailNormalized, value("c0_emailNormalized")),
        ),
      )
      .orderBy(byText(clients.id))
      .limit(sql.placeholder("one"));
    const all = getTableColumns(clients);
    const list = (names: string[]) =>
      sql.join(
        names.map((name) => sql.identifier((all[name as keyof typeof all] as Column).name)),
        sql`, `,
      );
    const given = Object.keys(row).filter((name) => row[name] !== undefined);
    // INSERT … SELECT: the values are typed by cast (a SELECT gives them no column to infer from),
    // and the row goes in only when the look-up found none.
    const values = sql.join(
      given.map((name) => {
        const column = all[name as keyof typeof all] as Column;
        return sql`${value(`c0_${name}`, column)}::${sql.raw(column.getSQLType())}`;
      }),
      sql`, `,
    );
    const columns = list(Object.keys(all));
    return sql`with found as (${found}),
      created as (insert into ${clients} (${list(given)}) select ${values}
        where not exists (select 1 from found) returning ${columns})
      select ${columns}, false from found union all select ${columns}, true from created`;
  },
  asIs,
  (row) => rowsShape([row]),
);

/** A transaction-level advisory lock on a 64-bit hash of a text key. */
const lockKeyStatement = compiled(
  () => sql`select pg_advisory_xact_lock(hashtextextended(${value("key")}, 0))`,
  asIs,
);

/** An audit entry's row. */
function auditValues(clinicId: string, entry: S.AuditInput) {
  return {
    clinicId,
    at: toDate(entry.at),
    actor: entry.actor,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    detail: json<S.JsonObject>(entry.detail ?? {}),
  };
}

/** A new outbox row (`pending`, first attempt at `dueAt`; a fresh id when it has none). */
function outboxValues(clinicId: string, message: S.OutboxInput, now: Date) {
  const dueAt = toDate(message.dueAt);
  return {
    clinicId,
    id: message.id ?? randomUUID(),
    type: message.type,
    payload: json<S.JsonObject>(message.payload),
    dueAt,
    status: "pending" as const,
    attempts: 0,
    nextAttemptAt: dueAt,
    createdAt: now,
  };
}

function appointmentValues(a: S.AppointmentRecord) {
  return {
    serviceId: a.serviceId,
    calendarIds: a.calendarIds,
    startAt: toDate(a.start),
    endAt: toDate(a.end),
    status: a.status,
    channel: a.channel,
    ...orNull(a, ["clientId", "caseId", "seriesId", "bufferBeforeMinutes", "bufferAfterMinutes"]),
    capacity: a.capacity,
    allowOverlap: a.allowOverlap,
    ...orNull(a, ["manageTokenHash"]),
    manageTokenExpiresAt:
      a.manageTokenExpiresAt === undefined ? null : toDate(a.manageTokenExpiresAt),
    ...visitDetailsValues(a),
    extra: json<S.JsonObject>(a.extra),
  };
}

/** Refuses a visit no calendar could hold (no calendar, end not after start, no places). */
function assertBookableVisit(record: S.AppointmentRecord): void {
  assertBookable("appointment", {
    calendarIds: record.calendarIds,
    start: toDate(record.start),
    end: toDate(record.end),
    places: record.capacity,
  });
}

/** Rows whose [start_at, end_at) overlaps [from, to); an absent bound leaves that side open. */
function overlapping(
  table: { startAt: Column; endAt: Column },
  range: { from?: S.InstantInput; to?: S.InstantInput },
) {
  return [
    range.from === undefined ? undefined : gt(table.endAt, toDate(range.from)),
    range.to === undefined ? undefined : lt(table.startAt, toDate(range.to)),
  ];
}

/** The hold with this clinic and id while it has not expired at `now`. */
const liveHold = (clinicId: string, id: string, now: S.InstantInput) =>
  and(byKey(holds, clinicId, id), gt(holds.expiresAt, toDate(now)));

/** The idempotency record of this clinic and key. */
const idempotencyKey = (clinicId: string, key: string) =>
  and(eq(idempotencyRecords.clinicId, clinicId), eq(idempotencyRecords.key, key));

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
export class SqlTransaction extends SqlWaitlist implements S.StorageTransaction {
  readonly #runner: SqlRunner;
  /** Calendars whose rows this transaction has locked (held until it ends). */
  readonly #locked = new Set<string>();
  /** Key locks (`clinic\nkey` texts) asked for with the next busy-time read, and those held. */
  readonly #keys = { pending: new Set<string>(), held: new Set<string>() };

  /** Statements prepared per connection, for reads outside a transaction (see `readBusyTime`). */
  readonly #named: NamedStatements | undefined;
  /** The storage's busy-time cache, for reads outside a transaction (see `readBusyTime`). */
  readonly #busyCache: BusyTimeCache | undefined;

  constructor(
    db: SqlDb,
    clock: () => Date,
    nested: boolean,
    named?: NamedStatements,
    busyCache?: BusyTimeCache,
  ) {
    const runner = sqlRunner(db, clock, nested);
    super(runner);
    this.#runner = runner;
    this.#named = named;
    this.#busyCache = busyCache;
  }

  /**
   * The calendars an exclusive visit would take that this transaction has not locked yet, in id
   * order. Two transactions inserting overlapping exclusive rows each wait for the other's row in
   * the exclusion check, a deadlock PostgreSQL breaks only after `deadlock_timeout` by aborting
   * one at random; locking the calendars first (as `lockCalendars` does, in the same order) makes
   * the later write wait for the earlier commit and fail cleanly with `SLOT_TAKEN`.
   */
  #unlockedCalendars(record: S.AppointmentRecord): string[] {
    if (!holdsTime(record.status) || record.allowOverlap || record.capacity !== 1) return [];
    return sortedUnique(record.calendarIds).filter((id) => !this.#locked.has(id));
  }

  /**
   * Waits for the statements asked for so far (also those nobody awaits any more, e.g. the rest of
   * a `Promise.all` that rejected) and refuses later ones, so that none runs beside or after the
   * transaction's `COMMIT` / `ROLLBACK` on its connection.
   */
  end(): Promise<void> {
    return this.#runner.end();
  }

  // --- clinics ---

  async createClinic(input: S.ClinicSettings & { id: string }): Promise<S.ClinicRecord> {
    const now = this.run.clock();
    return this.insertRow(
      clinics,
      { ...this.#clinicValues(input), id: input.id, createdAt: now, updatedAt: now },
      clinicRecord,
    );
  }

  #clinicValues(settings: S.ClinicSettings) {
    return {
      name: settings.name,
      timeZone: settings.timeZone,
      locale: settings.locale,
      currency: settings.currency,
      allowedOrigins: [...settings.allowedOrigins],
      ...orNull(settings, [
        "taxId",
        "address",
        "phone",
        "email",
        "waitlistMode",
        "waitlistHoldMinutes",
        "brandColor",
        "logoUrl",
        "refundOnFreeCancel",
        "country",
      ]),
    };
  }

  async getClinic(id: string): Promise<S.ClinicRecord | undefined> {
    const [row] = await this.run.read((db) => db.select().from(clinics).where(eq(clinics.id, id)));
    return row && clinicRecord(row);
  }

  async updateClinic(id: string, settings: S.ClinicSettings): Promise<S.ClinicRecord> {
    const [row] = await this.run.write((db) =>
      db
        .update(clinics)
        .set({
          ...this.#clinicValues(settings),
          version: sql`${clinics.version} + 1`,
          updatedAt: this.run.clock(),
        })
        .where(eq(clinics.id, id))
        .returning(),
    );
    if (!row) throw notFound("clinic", id);
    return clinicRecord(row);
  }

  async listClinics(): Promise<S.ClinicRecord[]> {
    const rows = await this.run.read((db) => db.select().from(clinics).orderBy(byText(clinics.id)));
    return rows.map(clinicRecord);
  }

  // --- locations, calendars, services ---

  async putLocation(clinicId: string, location: S.LocationInput): Promise<S.LocationRecord> {
    const values = {
      name: location.name,
      timeZone: location.timeZone,
      address: location.address ?? null,
      phone: location.phone ?? null,
    };
    return this.upsert(locations, { clinicId, id: location.id }, values, locationRecord);
  }

  async listLocations(clinicId: string): Promise<S.LocationRecord[]> {
    return this.list(locations, clinicId, locationRecord, { orderBy: [byText(locations.id)] });
  }

  async putCalendar(
    clinicId: string,
    calendar: Calendar & S.CalendarProfile,
  ): Promise<S.CalendarRecord> {
    const values = {
      kind: calendar.kind,
      locationId: calendar.locationId,
      active: calendar.active,
      memberId: calendar.memberId ?? null,
      data: json<S.JsonObject>(calendar),
    };
    return this.upsert(calendars, { clinicId, id: calendar.id }, values, calendarRecord);
  }

  async getCalendar(clinicId: string, id: string): Promise<S.CalendarRecord | undefined> {
    return this.find(calendars, clinicId, id, calendarRecord);
  }

  async listCalendars(
    clinicId: string,
    filter: { ids?: string[]; kind?: Calendar["kind"]; activeOnly?: boolean } = {},
  ): Promise<S.CalendarRecord[]> {
    if (filter.ids?.length === 0) return [];
    return this.list(calendars, clinicId, calendarRecord, {
      where: [
        inIf(calendars.id, filter.ids),
        ...matching(calendars, filter, ["kind"]),
        filter.activeOnly ? eq(calendars.active, true) : undefined,
      ],
      orderBy: [byText(calendars.id)],
    });
  }

  async putService(clinicId: string, service: S.ServiceInput): Promise<S.ServiceRecord> {
    const data = json<S.JsonObject>({
      ...service,
      description: service.description ?? "",
      policies: service.policies ?? {},
    });
    const values = { active: service.active !== false, data };
    return this.upsert(services, { clinicId, id: service.id }, values, serviceRecord);
  }

  async getService(clinicId: string, id: string): Promise<S.ServiceRecord | undefined> {
    return this.find(services, clinicId, id, serviceRecord);
  }

  async listServices(clinicId: string): Promise<S.ServiceRecord[]> {
    return this.list(services, clinicId, serviceRecord, { orderBy: [byText(services.id)] });
  }

  // --- clients ---

  async putClient(clinicId: string, client: S.ClientInput): Promise<S.ClientRecord> {
    // No savepoint: the key is the caller's and an existing row is replaced, so only a fault (the
    // clinic is gone, the database failed) can fail it (see `SqlRunner.append`).
    const values = clientValues(client);
    return this.upsert(clients, { clinicId, id: client.id }, values, clientRecord, "append");
  }

  async findOrCreateClient(
    clinicId: string,
    client: S.ClientInput & { email: string },
  ): Promise<{ client: S.ClientRecord; created: boolean }> {
    const now = this.run.clock();
    const row = {
      clinicId,
      id: client.id,
      ...clientValues(client),
      createdAt: now,
      updatedAt: now,
    };
    // No savepoint, as putClient: a new row's key is the caller's fresh id.
    const [found] = await this.run.append((db) =>
      findOrCreateClientStatement.run(db, row, { ...rowValues("c", [row]), one: 1 }),
    );
    if (!found) throw new StorageError("UNAVAILABLE", "the client look-up returned no row");
    const created = found.at(-1) === true;
    return { client: clientRecord(tableRow(clients)(found.slice(0, -1))), created };
  }

  async getClient(clinicId: string, id: string): Promise<S.ClientRecord | undefined> {
    return this.find(clients, clinicId, id, clientRecord);
  }

  async listClients(clinicId: string, filter: S.ClientQuery = {}): Promise<S.ClientRecord[]> {
    // chr(31) joins the searched fields (see clientSearchText): a query never matches across two.
    const like = (text: string) =>
      `%${text
        .toLowerCase()
        .replaceAll("\u001f", "")
        .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const pattern = filter.search === undefined ? undefined : like(filter.search);
    const digits = filter.search === undefined ? undefined : searchDigits(filter.search);
    const phone = filter.phone === undefined ? undefined : normalizePhone(filter.phone);
    const taxId = filter.taxId === undefined ? undefined : normalizeTaxId(filter.taxId);
    if ((filter.phone !== undefined && !phone) || (filter.taxId !== undefined && !taxId)) return [];
    return this.list(clients, clinicId, clientRecord, {
      where: [
        filter.email === undefined
          ? undefined
          : eq(clients.emailNormalized, filter.email.toLowerCase()),
        phone === undefined ? undefined : eq(clients.phoneNormalized, phone),
        taxId === undefined ? undefined : eq(clients.taxIdNormalized, taxId),
        pattern === undefined
          ? undefined
          : or(
              sql`${clientSearchText} like ${pattern}`,
              digits === undefined
                ? undefined
                : sql`${clients.phoneNormalized} like ${like(digits)}`,
            ),
      ],
      orderBy: [byText(clients.id)],
      limit: filter.limit,
      offset: filter.offset,
    });
  }

  async mergeClient(
    clinicId: string,
    fromId: string,
    intoId: string,
  ): Promise<S.ClientMergeCounts> {
    return this.run.write(async (db) => {
      for (const id of [fromId, intoId]) {
        if (!(await rowWhere(db, clients, byKey(clients, clinicId, id), "update"))) {
          throw notFound("client", id);
        }
      }
      const now = this.run.clock();
      const bump = <T extends typeof appointments | typeof cases | typeof charges>(table: T) =>
        db
          .update(table as typeof cases)
          .set({ clientId: intoId, version: sql`${table.version} + 1`, updatedAt: now })
          .where(and(eq(table.clinicId, clinicId), eq(table.clientId, fromId)))
          .returning({ id: table.id });
      const moved = {
        appointments: (await bump(appointments)).length,
        cases: (await bump(cases)).length,
        charges: (await bump(charges)).length,
        documents: (
          await db
            .update(billingDocuments)
            .set({ clientId: intoId })
            .where(
              and(eq(billingDocuments.clinicId, clinicId), eq(billingDocuments.clientId, fromId)),
            )
            .returning({ id: billingDocuments.id })
        ).length,
        payments: (
          await db
            .update(payments)
            .set({ clientId: intoId })
            .where(and(eq(payments.clinicId, clinicId), eq(payments.clientId, fromId)))
            .returning({ id: payments.id })
        ).length,
        packages: 0,
      };
      await db
        .update(paymentIntents)
        .set({ clientId: intoId, version: sql`${paymentIntents.version} + 1`, updatedAt: now })
        .where(and(eq(paymentIntents.clinicId, clinicId), eq(paymentIntents.clientId, fromId)));
      await db
        .update(packageUses)
        .set({ clientId: intoId })
        .where(and(eq(packageUses.clinicId, clinicId), eq(packageUses.clientId, fromId)));
      const held = await db
        .select()
        .from(packages)
        .where(
          and(
            eq(packages.clinicId, clinicId),
            or(
              eq(packages.ownerClientId, fromId),
              sql`${packages.data}->'allowedClientIds' @> ${JSON.stringify([fromId])}::jsonb`,
            ),
          ),
        )
        .for("update");
      for (const row of held) {
        const allowed = Array.isArray(row.data.allowedClientIds)
          ? (row.data.allowedClientIds as string[])
          : [];
        const data = {
          ...row.data,
          allowedClientIds: [...new Set(allowed.map((id) => (id === fromId ? intoId : id)))],
        };
        await db
          .update(packages)
          .set({
            ownerClientId: row.ownerClientId === fromId ? intoId : row.ownerClientId,
            data: json<S.JsonObject>(data),
            version: row.version + 1,
            updatedAt: now,
          })
          .where(byKey(packages, clinicId, row.id));
      }
      moved.packages = held.length;
      await db.delete(clients).where(byKey(clients, clinicId, fromId));
      return moved;
    });
  }

  // --- appointments ---

  async insertAppointment(
    clinicId: string,
    input: S.AppointmentInput,
  ): Promise<S.AppointmentRecord> {
    const now = iso(this.run.clock());
    const record: S.AppointmentRecord = {
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
    } as S.AppointmentRecord;
    assertBookableVisit(record);
    const lock = this.#unlockedCalendars(record);
    // No savepoint: a taken calendar is undone by the insert itself (see insertVisitWithSlots).
    const row = await this.run.append(async (db) => {
      if (lock.length > 0) await lockCalendarRows(db, clinicId, lock);
      return insertVisitWithSlots(db, record, appointmentValues(record), toDate(now));
    });
    for (const id of lock) this.#locked.add(id);
    return appointmentRecord(row);
  }

  async updateAppointment(
    clinicId: string,
    id: string,
    patch: S.AppointmentPatch,
    { expectedVersion }: { expectedVersion?: number } = {},
  ): Promise<S.AppointmentRecord> {
    let lock: string[] = [];
    const row = await this.run.write(async (db) => {
      const current = await rowToChange(
        db,
        appointments,
        "appointment",
        clinicId,
        id,
        expectedVersion,
        {
          lock: "no key update",
        },
      );
      const next: Record<string, unknown> = { ...appointmentRecord(current) };
      for (const [field, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        if (value === null) delete next[field];
        else if (field === "start" || field === "end" || field === "manageTokenExpiresAt") {
          next[field] = toIso(value as S.InstantInput);
        } else if (field === "calendarIds") next[field] = [...new Set(value as string[])];
        else next[field] = value;
      }
      const record = next as unknown as S.AppointmentRecord;
      assertBookableVisit(record);
      lock = this.#unlockedCalendars(record);
      if (lock.length > 0) await lockCalendarRows(db, clinicId, lock);
      const values = appointmentValues(record);
      const key = { clinicId, id };
      const updated = await saveVersioned(db, appointments, key, current, values, this.run.clock());
      await db
        .delete(appointmentCalendarSlots)
        .where(
          and(
            eq(appointmentCalendarSlots.clinicId, clinicId),
            eq(appointmentCalendarSlots.appointmentId, id),
          ),
        );
      await insertSlots(db, record);
      return updated;
    });
    for (const id of lock) this.#locked.add(id);
    return appointmentRecord(row);
  }

  async getAppointment(clinicId: string, id: string): Promise<S.AppointmentRecord | undefined> {
    return this.find(appointments, clinicId, id, appointmentRecord);
  }

  async listAppointments(
    clinicId: string,
    query: S.AppointmentQuery = {},
  ): Promise<S.AppointmentRecord[]> {
    if (query.calendarIds?.length === 0 || query.ids?.length === 0) return [];
    if (query.statuses?.length === 0) return [];
    return this.list(appointments, clinicId, appointmentRecord, {
      where: [
        query.calendarIds ? arrayOverlaps(appointments.calendarIds, query.calendarIds) : undefined,
        ...overlapping(appointments, query),
        inIf(appointments.status, query.statuses),
        query.activeOnly ? notInArray(appointments.status, [...RELEASING]) : undefined,
        ...matching(appointments, query, ["clientId", "seriesId", "serviceId"]),
        inIf(appointments.id, query.ids),
        query.after === undefined
          ? undefined
          : or(
              gt(appointments.startAt, toDate(query.after.start)),
              and(
                eq(appointments.startAt, toDate(query.after.start)),
                sql`${byText(appointments.id)} > ${query.after.id}`,
              ),
            ),
      ],
      orderBy: [asc(appointments.startAt), byText(appointments.id)],
      limit: query.limit,
    });
  }

  async listBusyAppointments(clinicId: string, query: S.BusyQuery): Promise<S.BusyAppointment[]> {
    if (query.calendarIds.length === 0) return [];
    const rows = await this.run.read((db) =>
      db
        .select(busyColumns)
        .from(appointments)
        .where(
          and(
            eq(appointments.clinicId, clinicId),
            arrayOverlaps(appointments.calendarIds, query.calendarIds),
            ...overlapping(appointments, query),
            notInArray(appointments.status, [...RELEASING]),
          ),
        )
        .orderBy(asc(appointments.startAt), byText(appointments.id)),
    );
    return rows.map(busyRecord);
  }

  async readBusyTime(clinicId: string, query: S.BusyTimeQuery): Promise<S.BusyTime> {
    const none = query.calendarIds.length === 0;
    const ids = none ? [""] : query.calendarIds;
    // Outside a transaction, a statement prepared once per connection; inside one, the
    // transaction's own connection (see sql-busy-time.ts).
    const named = (db: SqlDb) => this.#named ?? sessionStatements(db);
    const cache = this.#busyCache;
    const [from, to, now] = [query.from, query.to, query.now].map((v) => toDate(v).getTime()) as [
      number,
      number,
      number,
    ];
    if (cache && (none || cache.covers(clinicId, ids, from, to, now))) {
      // One small statement: the versions. While the busy version is the kept one, the kept
      // lists are what the busy-time statement would answer (see sql-busy-cache.ts).
      const versions = await this.run.read((db) => readVersions(clinicId, named(db)));
      if (none) return { catalogVersion: versions.catalogVersion, appointments: [], holds: [] };
      const kept = cache.lookup(clinicId, versions.busyVersion, ids, from, to, now);
      if (kept) return { catalogVersion: versions.catalogVersion, ...kept };
    }
    // Key locks asked for after the calendars go with this statement once calendars are locked.
    const keys = this.#locked.size > 0 ? [...this.#keys.pending] : [];
    const row = await this.run.read((db) => readBusyTimeRow(clinicId, ids, query, named(db), keys));
    for (const key of keys) {
      this.#keys.pending.delete(key);
      this.#keys.held.add(key);
    }
    if (!row) throw new StorageError("UNAVAILABLE", "the busy-time read returned no row");
    if (none) return { catalogVersion: Number(row.version), appointments: [], holds: [] };
    const at = (msValue: number) => new Date(msValue).toISOString();
    type Span = { start: number; end: number };
    const busy = (JSON.parse(row.appointments) as (Span & BusyJson)[]).map((a) => ({
      start: a.start,
      end: a.end,
      record: busyRecord({ ...a, startAt: new Date(a.start), endAt: new Date(a.end) }),
    }));
    const held = (JSON.parse(row.holds) as (Span & HoldJson)[]).map((h) => ({
      start: h.start,
      end: h.end,
      expiresAt: h.expiresAt,
      record: {
        clinicId,
        id: h.id,
        serviceId: h.serviceId,
        calendarIds: h.calendarIds,
        start: at(h.start),
        end: at(h.end),
        places: h.places,
        expiresAt: at(h.expiresAt),
        createdAt: at(h.createdAt),
        ...optional({ visitorHash: h.visitorHash, emailHash: h.emailHash }),
      },
    }));
    cache?.store(clinicId, Number(row.busyVersion), {
      ids,
      from,
      to,
      now,
      appointments: busy,
      holds: held,
    });
    return {
      catalogVersion: Number(row.version),
      appointments: busy.map((a) => a.record),
      holds: held.map((h) => h.record),
    };
  }

  async getCatalogVersion(clinicId: string): Promise<number> {
    const [row] = await this.run.read((db) =>
      db
        .select({ version: catalogVersions.version })
        .from(catalogVersions)
        .where(eq(catalogVersions.clinicId, clinicId)),
    );
    return Number(row?.version ?? 0);
  }

  async findAppointmentByManageToken(
    tokenHash: string,
    now: S.InstantInput,
  ): Promise<S.AppointmentRecord | undefined> {
    const [row] = await this.run.read((db) =>
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

  addAppointmentNote(
    clinicId: string,
    note: S.AppointmentNoteInput,
  ): Promise<S.AppointmentNoteRecord> {
    const values = { ...note, clinicId, createdAt: this.run.clock() };
    return this.insertRow(appointmentNotes, values, (row) => ({
      ...note,
      clinicId,
      createdAt: iso(row.createdAt),
    }));
  }

  async listAppointmentNotes(
    clinicId: string,
    appointmentId: string,
  ): Promise<S.AppointmentNoteRecord[]> {
    return this.list(appointmentNotes, clinicId, recordOf, {
      where: [eq(appointmentNotes.appointmentId, appointmentId)],
      orderBy: [asc(appointmentNotes.createdAt), byText(appointmentNotes.id)],
    });
  }

  // --- holds ---

  async insertHold(clinicId: string, hold: S.HoldInput): Promise<S.HoldRecord> {
    const values = {
      clinicId,
      id: hold.id,
      serviceId: hold.serviceId,
      calendarIds: [...new Set(hold.calendarIds)],
      startAt: toDate(hold.start),
      endAt: toDate(hold.end),
      places: hold.places ?? 1,
      expiresAt: toDate(hold.expiresAt),
      createdAt: this.run.clock(),
      visitorHash: hold.visitorHash ?? null,
      emailHash: hold.emailHash ?? null,
    };
    assertBookable("hold", {
      calendarIds: values.calendarIds,
      start: values.startAt,
      end: values.endAt,
      places: values.places,
    });
    const [row] = await this.run.write((db) => db.insert(holds).values(values).returning());
    return holdRecord(row as HoldRow);
  }

  async getHold(
    clinicId: string,
    id: string,
    now: S.InstantInput,
  ): Promise<S.HoldRecord | undefined> {
    const row = await this.run.read((db) => rowWhere(db, holds, liveHold(clinicId, id, now)));
    return row && holdRecord(row);
  }

  async listHolds(clinicId: string, query: S.HoldQuery): Promise<S.HoldRecord[]> {
    if (query.calendarIds?.length === 0) return [];
    return this.list(holds, clinicId, holdRecord, {
      where: [
        gt(holds.expiresAt, toDate(query.now)),
        query.calendarIds ? arrayOverlaps(holds.calendarIds, query.calendarIds) : undefined,
        ...overlapping(holds, query),
        ...matching(holds, query, ["visitorHash", "emailHash"]),
      ],
      orderBy: [asc(holds.startAt), byText(holds.id)],
    });
  }

  async extendHold(
    clinicId: string,
    id: string,
    expiresAt: S.InstantInput,
    now: S.InstantInput,
  ): Promise<S.HoldRecord | undefined> {
    const [row] = await this.run.write((db) =>
      db
        .update(holds)
        .set({ expiresAt: toDate(expiresAt) })
        .where(liveHold(clinicId, id, now))
        .returning(),
    );
    return row && holdRecord(row);
  }

  async deleteHold(clinicId: string, id: string): Promise<boolean> {
    return (await this.remove(holds, byKey(holds, clinicId, id))) > 0;
  }

  async deleteExpiredHolds(now: S.InstantInput): Promise<number> {
    return this.remove(holds, lte(holds.expiresAt, toDate(now)));
  }

  // --- audit ---

  async appendAudit(clinicId: string, entry: S.AuditInput): Promise<S.AuditRecord> {
    // No savepoint: the sequence gives the row its key, so only a fault can fail it.
    const [row] = await this.run.append((db) =>
      db.insert(auditEntries).values(auditValues(clinicId, entry)).returning(),
    );
    if (!row) throw notFound("audit entry", entry.entityId);
    return recordOf(row);
  }

  async appendAuditAndOutbox(
    clinicId: string,
    records: { audit: readonly S.AuditInput[]; outbox: readonly Omit<S.OutboxInput, "id">[] },
  ): Promise<void> {
    const now = this.run.clock();
    const audit = records.audit.map((entry) => auditValues(clinicId, entry));
    const messages = records.outbox.map((message) => outboxValues(clinicId, message, now));
    if (audit.length === 0 && messages.length === 0) return;
    // No savepoint (see appendAudit); both inserts in one statement, the audit one as a CTE.
    await this.run.append((db) =>
      auditAndOutboxStatement.run(
        db,
        { audit, messages },
        {
          ...rowValues("a", audit),
          ...rowValues("m", messages),
        },
      ),
    );
  }

  async listAudit(clinicId: string, query: S.AuditQuery = {}): Promise<S.AuditRecord[]> {
    return this.list(auditEntries, clinicId, recordOf, {
      where: [
        ...matching(auditEntries, query, ["entityType", "entityId", "actor"]),
        query.afterSeq === undefined ? undefined : gt(auditEntries.seq, query.afterSeq),
        query.from === undefined ? undefined : gte(auditEntries.at, toDate(query.from)),
        query.to === undefined ? undefined : lt(auditEntries.at, toDate(query.to)),
        query.appointmentId === undefined
          ? undefined
          : or(
              and(
                eq(auditEntries.entityType, "appointment"),
                eq(auditEntries.entityId, query.appointmentId),
              ),
              sql`${auditEntries.detail}->>'appointmentId' = ${query.appointmentId}`,
            ),
        query.clientId === undefined
          ? undefined
          : or(
              and(eq(auditEntries.entityType, "client"), eq(auditEntries.entityId, query.clientId)),
              sql`${auditEntries.detail}->>'clientId' = ${query.clientId}`,
              and(
                eq(auditEntries.entityType, "appointment"),
                sql`${auditEntries.entityId} in ${visitsOf(clinicId, query.clientId)}`,
              ),
              sql`${auditEntries.detail}->>'appointmentId' in ${visitsOf(clinicId, query.clientId)}`,
            ),
      ],
      orderBy: [asc(auditEntries.seq)],
      limit: query.limit,
    });
  }

  // --- idempotency ---

  async claimIdempotency(
    clinicId: string,
    claim: S.IdempotencyClaim,
  ): Promise<S.IdempotencyOutcome> {
    const now = toDate(claim.now);
    const where = idempotencyKey(clinicId, claim.key);
    return this.run.write(async (db) => {
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
    response: S.StoredResponse,
  ): Promise<void> {
    // No savepoint: an unclaimed key is found in the answer, not by an SQL error, so only a fault
    // can fail the statement (see `SqlRunner.append`).
    const rows = await this.run.append((db) =>
      db
        .update(idempotencyRecords)
        .set({
          state: "done",
          responseStatus: response.status,
          responseHeaders: { ...response.headers },
          responseBody: response.body,
          completedAt: this.run.clock(),
        })
        .where(idempotencyKey(clinicId, key))
        .returning({ key: idempotencyRecords.key }),
    );
    if (rows.length === 0) {
      throw new StorageError("NOT_FOUND", `idempotency key ${key} was not claimed`, {
        detail: { key },
      });
    }
  }

  async releaseIdempotency(clinicId: string, key: string): Promise<boolean> {
    const where = and(idempotencyKey(clinicId, key), eq(idempotencyRecords.state, "in_flight"));
    return (await this.remove(idempotencyRecords, where)) > 0;
  }

  async deleteIdempotencyBefore(before: S.InstantInput): Promise<number> {
    const where = lt(idempotencyRecords.createdAt, toDate(before));
    return this.remove(idempotencyRecords, where);
  }

  // --- outbox ---

  async enqueueOutbox(clinicId: string, message: S.OutboxInput): Promise<S.OutboxRecord> {
    // A message with an id of its own may be a DUPLICATE the caller catches: in a savepoint. One
    // with a fresh random id can fail only by a fault, so it needs none.
    const write = message.id === undefined ? this.run.append : this.run.write;
    const [row] = await write((db) =>
      db
        .insert(outbox)
        .values(outboxValues(clinicId, message, this.run.clock()))
        .returning(),
    );
    return outboxRecord(row as OutboxRow);
  }

  async claimDueOutbox(claim: S.OutboxClaim): Promise<S.OutboxRecord[]> {
    if (claim.limit <= 0) return [];
    const now = toDate(claim.now);
    const lockedUntil = new Date(now.getTime() + (claim.leaseMs ?? 300_000));
    const rows = await this.run.write(async (db) => {
      const due = await db
        .select({ clinicId: outbox.clinicId, id: outbox.id })
        .from(outbox)
        .where(
          or(
            and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)),
            and(eq(outbox.status, "sending"), lte(outbox.lockedUntil, now)),
          ),
        )
        .orderBy(asc(outbox.nextAttemptAt), byText(outbox.id))
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
    renewal: S.OutboxLeaseRenewal,
  ): Promise<boolean> {
    const lockedUntil = new Date(toDate(renewal.now).getTime() + renewal.leaseMs);
    const rows = await this.run.write((db) =>
      db
        .update(outbox)
        .set({ lockedUntil })
        .where(
          and(
            byKey(outbox, clinicId, id),
            eq(outbox.status, "sending"),
            eq(outbox.attempts, renewal.attempts),
          ),
        )
        .returning({ id: outbox.id }),
    );
    return rows.length > 0;
  }

  async markOutboxSent(clinicId: string, id: string, now: S.InstantInput): Promise<S.OutboxRecord> {
    const [row] = await this.run.write((db) =>
      db
        .update(outbox)
        .set({ status: "sent", sentAt: toDate(now), lockedUntil: null })
        .where(byKey(outbox, clinicId, id))
        .returning(),
    );
    if (!row) throw notFound("outbox row", id);
    return outboxRecord(row);
  }

  async markOutboxFailed(
    clinicId: string,
    id: string,
    failure: S.OutboxFailure,
  ): Promise<S.OutboxRecord> {
    const where = byKey(outbox, clinicId, id);
    const row = await this.run.write(async (db) => {
      const current = await rowWhere(db, outbox, where, "update");
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
    filter: { status?: S.OutboxStatus; limit?: number } = {},
  ): Promise<S.OutboxRecord[]> {
    return this.list(outbox, clinicId, outboxRecord, {
      where: [filter.status === undefined ? undefined : eq(outbox.status, filter.status)],
      orderBy: [asc(outbox.createdAt), byText(outbox.id)],
      limit: filter.limit,
    });
  }

  // --- API keys ---

  insertApiKey(clinicId: string, key: S.ApiKeyInput): Promise<S.ApiKeyRecord> {
    const { id, name, keyHash, role } = key;
    const calendarIds = [...key.calendarIds];
    const values = { clinicId, id, name, keyHash, role, calendarIds, createdAt: this.run.clock() };
    return this.insertRow(apiKeys, values, apiKeyRecord);
  }

  findApiKeyByHash(keyHash: string): Promise<S.ApiKeyRecord | undefined> {
    const where = and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt));
    return this.findWhere(apiKeys, where, apiKeyRecord);
  }

  async listApiKeys(clinicId: string): Promise<S.ApiKeyRecord[]> {
    return this.list(apiKeys, clinicId, apiKeyRecord, { orderBy: [byText(apiKeys.id)] });
  }

  async revokeApiKey(clinicId: string, id: string, now: S.InstantInput): Promise<boolean> {
    const rows = await this.run.write((db) =>
      db
        .update(apiKeys)
        .set({ revokedAt: toDate(now) })
        .where(and(byKey(apiKeys, clinicId, id), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id }),
    );
    return rows.length > 0;
  }

  async setApiKeyCalendars(
    clinicId: string,
    id: string,
    calendarIds: string[],
  ): Promise<S.ApiKeyRecord> {
    const [row] = await this.run.write((db) =>
      db
        .update(apiKeys)
        .set({ calendarIds: [...new Set(calendarIds)] })
        .where(byKey(apiKeys, clinicId, id))
        .returning(),
    );
    if (!row) throw notFound("API key", id);
    return apiKeyRecord(row);
  }

  // --- locks ---

  async lockCalendars(clinicId: string, ids: readonly string[]): Promise<S.CalendarRecord[]> {
    const sorted = sortedUnique(ids);
    if (sorted.length === 0) return [];
    const rows = await this.run.read((db) => lockCalendarRows(db, clinicId, sorted));
    for (const id of sorted) this.#locked.add(id);
    return rows.map((row) => calendarRecord(row));
  }

  async lockKey(clinicId: string, key: string): Promise<void> {
    // A transaction-level advisory lock on a 64-bit hash of (clinic, key): released at commit or
    // rollback; two keys sharing a hash only wait for each other, never break a rule.
    const text = `${clinicId}\n${key}`;
    if (this.#keys.held.has(text)) return;
    await this.run.read((db) => lockKeyStatement.run(db, "", { key: text }));
    this.#keys.pending.delete(text);
    this.#keys.held.add(text);
  }

  lockKeyAfterCalendars(clinicId: string, key: string): void {
    const text = `${clinicId}\n${key}`;
    if (!this.#keys.held.has(text)) this.#keys.pending.add(text);
  }

  async lockAppointment(clinicId: string, id: string): Promise<S.AppointmentRecord | undefined> {
    return this.find(appointments, clinicId, id, appointmentRecord, "no key update");
  }
}
