// In-memory storage for tests and demos. Same guarantees as the database adapters: transactions
// run one at a time (a FIFO mutex) on a copy of the tables that replaces the live tables only on
// commit, so a throw leaves nothing behind; the exclusion, unique and reference rules of the SQL
// schema are checked here in code.

import { randomUUID } from "node:crypto";
import type { Calendar } from "@bookwell/engine";
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
import { autocommitOperations } from "../operations.js";
import {
  assertBookable,
  busyOf,
  holdsTime,
  Mutex,
  outboxBackoffMs,
  sortedUnique,
  TransactionGuard,
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
  OutboxRecord,
  OutboxStatus,
  ServiceInput,
  ServiceRecord,
  Storage,
  StorageOptions,
  StorageTransaction,
  StoredResponse,
} from "../storage.js";
import {
  type BackOfficeTables,
  copyBackOffice,
  emptyBackOffice,
  MemoryBackOffice,
} from "./memory-back-office.js";

interface IdempotencyRow {
  clinicId: string;
  key: string;
  requestHash: string;
  state: "in_flight" | "done";
  response?: StoredResponse;
  createdAt: number;
  claimedAt: number;
}

/** The tables. Records are never mutated in place: a change stores a new object. */
interface Tables {
  clinics: Map<string, ClinicRecord>;
  locations: Map<string, LocationRecord>;
  calendars: Map<string, CalendarRecord>;
  services: Map<string, ServiceRecord>;
  clients: Map<string, ClientRecord>;
  appointments: Map<string, AppointmentRecord>;
  notes: Map<string, AppointmentNoteRecord>;
  holds: Map<string, HoldRecord>;
  audit: AuditRecord[];
  auditSeq: number;
  idempotency: Map<string, IdempotencyRow>;
  outbox: Map<string, OutboxRecord>;
  apiKeys: Map<string, ApiKeyRecord>;
  office: BackOfficeTables;
}

function emptyTables(): Tables {
  return {
    clinics: new Map(),
    locations: new Map(),
    calendars: new Map(),
    services: new Map(),
    clients: new Map(),
    appointments: new Map(),
    notes: new Map(),
    holds: new Map(),
    audit: [],
    auditSeq: 0,
    idempotency: new Map(),
    outbox: new Map(),
    apiKeys: new Map(),
    office: emptyBackOffice(),
  };
}

function copyTables(t: Tables): Tables {
  return {
    clinics: new Map(t.clinics),
    locations: new Map(t.locations),
    calendars: new Map(t.calendars),
    services: new Map(t.services),
    clients: new Map(t.clients),
    appointments: new Map(t.appointments),
    notes: new Map(t.notes),
    holds: new Map(t.holds),
    audit: t.audit.slice(),
    auditSeq: t.auditSeq,
    idempotency: new Map(t.idempotency),
    outbox: new Map(t.outbox),
    apiKeys: new Map(t.apiKeys),
    office: copyBackOffice(t.office),
  };
}

const k = (clinicId: string, id: string) => `${clinicId}\u0000${id}`;
const clone = <T>(value: T): T => structuredClone(value);
const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const ms = (value: InstantInput) => toDate(value).getTime();

function inClinic<T extends { clinicId: string }>(map: Map<string, T>, clinicId: string): T[] {
  return [...map.values()].filter((r) => r.clinicId === clinicId);
}

/** Drops keys whose value is undefined (what a JSON column round trip does). */
function defined<T>(value: object): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

class MemoryTransaction implements StorageTransaction {
  readonly #office: MemoryBackOffice;

  constructor(
    private readonly t: Tables,
    private readonly now: () => string,
  ) {
    this.#office = new MemoryBackOffice(t.office, {
      now,
      hasClinic: (clinicId) => t.clinics.has(clinicId),
      hasClient: (clinicId, id) => t.clients.has(k(clinicId, id)),
      hasAppointment: (clinicId, id) => t.appointments.has(k(clinicId, id)),
      hasCalendar: (clinicId, id) => t.calendars.has(k(clinicId, id)),
      hasService: (clinicId, id) => t.services.has(k(clinicId, id)),
    });
  }

  #requireClinic(clinicId: string): void {
    if (!this.t.clinics.has(clinicId)) {
      throw new StorageError("INVALID_REFERENCE", `clinic ${clinicId} does not exist`, {
        detail: { clinicId },
      });
    }
  }

  #stamp<T extends object>(
    map: Map<string, T & { version: number; createdAt: string }>,
    key: string,
  ): { version: number; createdAt: string; updatedAt: string } {
    const previous = map.get(key);
    const now = this.now();
    return {
      version: (previous?.version ?? 0) + 1,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };
  }

  // --- clinics ---

  async createClinic(input: ClinicSettings & { id: string }): Promise<ClinicRecord> {
    if (this.t.clinics.has(input.id)) {
      throw new StorageError("DUPLICATE", `clinic ${input.id} exists`, {
        detail: { id: input.id },
      });
    }
    const now = this.now();
    const record: ClinicRecord = defined({ ...input, version: 1, createdAt: now, updatedAt: now });
    this.t.clinics.set(input.id, record);
    return clone(record);
  }

  async getClinic(id: string): Promise<ClinicRecord | undefined> {
    const record = this.t.clinics.get(id);
    return record && clone(record);
  }

  async updateClinic(id: string, settings: ClinicSettings): Promise<ClinicRecord> {
    const previous = this.t.clinics.get(id);
    if (!previous)
      throw new StorageError("NOT_FOUND", `clinic ${id} not found`, { detail: { id } });
    const record: ClinicRecord = defined({
      ...settings,
      id,
      version: previous.version + 1,
      createdAt: previous.createdAt,
      updatedAt: this.now(),
    });
    this.t.clinics.set(id, record);
    return clone(record);
  }

  async listClinics(): Promise<ClinicRecord[]> {
    return [...this.t.clinics.values()].sort(byId).map(clone);
  }

  // --- locations, calendars, services ---

  async putLocation(clinicId: string, location: LocationInput): Promise<LocationRecord> {
    this.#requireClinic(clinicId);
    const key = k(clinicId, location.id);
    const record: LocationRecord = defined({
      ...location,
      clinicId,
      ...this.#stamp(this.t.locations, key),
    });
    this.t.locations.set(key, record);
    return clone(record);
  }

  async listLocations(clinicId: string): Promise<LocationRecord[]> {
    return inClinic(this.t.locations, clinicId).sort(byId).map(clone);
  }

  async putCalendar(clinicId: string, calendar: Calendar): Promise<CalendarRecord> {
    this.#requireClinic(clinicId);
    const key = k(clinicId, calendar.id);
    const record: CalendarRecord = defined({
      ...calendar,
      clinicId,
      ...this.#stamp(this.t.calendars, key),
    });
    this.t.calendars.set(key, record);
    return clone(record);
  }

  async getCalendar(clinicId: string, id: string): Promise<CalendarRecord | undefined> {
    const record = this.t.calendars.get(k(clinicId, id));
    return record && clone(record);
  }

  async listCalendars(
    clinicId: string,
    filter: { ids?: string[]; kind?: Calendar["kind"]; activeOnly?: boolean } = {},
  ): Promise<CalendarRecord[]> {
    const ids = filter.ids && new Set(filter.ids);
    return inClinic(this.t.calendars, clinicId)
      .filter(
        (c) =>
          (!ids || ids.has(c.id)) &&
          (filter.kind === undefined || c.kind === filter.kind) &&
          (!filter.activeOnly || c.active),
      )
      .sort(byId)
      .map(clone);
  }

  async putService(clinicId: string, service: ServiceInput): Promise<ServiceRecord> {
    this.#requireClinic(clinicId);
    const key = k(clinicId, service.id);
    const record: ServiceRecord = defined({
      ...service,
      description: service.description ?? "",
      policies: service.policies ?? {},
      clinicId,
      ...this.#stamp(this.t.services, key),
    });
    this.t.services.set(key, record);
    return clone(record);
  }

  async getService(clinicId: string, id: string): Promise<ServiceRecord | undefined> {
    const record = this.t.services.get(k(clinicId, id));
    return record && clone(record);
  }

  async listServices(clinicId: string): Promise<ServiceRecord[]> {
    return inClinic(this.t.services, clinicId).sort(byId).map(clone);
  }

  // --- clients ---

  async putClient(clinicId: string, client: ClientInput): Promise<ClientRecord> {
    this.#requireClinic(clinicId);
    const key = k(clinicId, client.id);
    const record: ClientRecord = defined({
      ...client,
      extra: client.extra ?? {},
      clinicId,
      ...this.#stamp(this.t.clients, key),
    });
    this.t.clients.set(key, record);
    return clone(record);
  }

  async getClient(clinicId: string, id: string): Promise<ClientRecord | undefined> {
    const record = this.t.clients.get(k(clinicId, id));
    return record && clone(record);
  }

  async listClients(clinicId: string, filter: ClientQuery = {}): Promise<ClientRecord[]> {
    const email = filter.email?.toLowerCase();
    const phone =
      filter.phone === undefined ? undefined : (normalizePhone(filter.phone) ?? "\u0000");
    const taxId =
      filter.taxId === undefined ? undefined : (normalizeTaxId(filter.taxId) ?? "\u0000");
    const search = filter.search?.toLowerCase();
    const digits = filter.search === undefined ? undefined : searchDigits(filter.search);
    const has = (value: unknown, part: string) =>
      typeof value === "string" && value.toLowerCase().includes(part);
    const rows = inClinic(this.t.clients, clinicId)
      .filter(
        (c) =>
          (email === undefined || c.email?.toLowerCase() === email) &&
          (phone === undefined || normalizePhone(c.phone) === phone) &&
          (taxId === undefined || normalizeTaxId(c.taxId) === taxId) &&
          (search === undefined ||
            has(c.name, search) ||
            has(c.email, search) ||
            has(c.taxId, search) ||
            has(c.extra.notes, search) ||
            (digits !== undefined && (normalizePhone(c.phone)?.includes(digits) ?? false))),
      )
      .sort(byId);
    return rows.slice(0, filter.limit ?? rows.length).map(clone);
  }

  // --- appointments ---

  #checkReferences(clinicId: string, a: AppointmentRecord): void {
    this.#requireClinic(clinicId);
    const missing = (what: string, id: string) =>
      new StorageError("INVALID_REFERENCE", `${what} ${id} does not exist in clinic ${clinicId}`, {
        detail: { [what]: id },
      });
    if (!this.t.services.has(k(clinicId, a.serviceId))) throw missing("service", a.serviceId);
    for (const calendarId of a.calendarIds) {
      if (!this.t.calendars.has(k(clinicId, calendarId))) throw missing("calendar", calendarId);
    }
    if (a.clientId !== undefined && !this.t.clients.has(k(clinicId, a.clientId))) {
      throw missing("client", a.clientId);
    }
  }

  /** The exclusion constraint and the unique manage token hash, checked against other rows. */
  #checkConstraints(a: AppointmentRecord): void {
    const exclusive = (x: AppointmentRecord) =>
      holdsTime(x.status) && !x.allowOverlap && x.capacity === 1;
    const start = ms(a.start);
    const end = ms(a.end);
    for (const other of this.t.appointments.values()) {
      if (other.clinicId === a.clinicId && other.id === a.id) continue;
      if (a.manageTokenHash !== undefined && other.manageTokenHash === a.manageTokenHash) {
        throw new StorageError("DUPLICATE", "manage token hash already in use", {
          detail: { field: "manageTokenHash" },
        });
      }
      if (
        exclusive(a) &&
        exclusive(other) &&
        other.clinicId === a.clinicId &&
        ms(other.start) < end &&
        ms(other.end) > start
      ) {
        const shared = a.calendarIds.find((id) => other.calendarIds.includes(id));
        if (shared !== undefined) {
          throw new StorageError("SLOT_TAKEN", `calendar ${shared} is taken at that time`, {
            detail: { calendarId: shared, appointmentId: other.id },
          });
        }
      }
    }
  }

  #validate(a: AppointmentRecord): void {
    assertBookable("appointment", {
      calendarIds: a.calendarIds,
      start: toDate(a.start),
      end: toDate(a.end),
      places: a.capacity,
    });
  }

  async insertAppointment(clinicId: string, input: AppointmentInput): Promise<AppointmentRecord> {
    const key = k(clinicId, input.id);
    if (this.t.appointments.has(key)) {
      throw new StorageError("DUPLICATE", `appointment ${input.id} exists`, {
        detail: { id: input.id },
      });
    }
    const now = this.now();
    const record: AppointmentRecord = defined({
      ...input,
      calendarIds: [...new Set(input.calendarIds)],
      start: toIso(input.start),
      end: toIso(input.end),
      capacity: input.capacity ?? 1,
      allowOverlap: input.allowOverlap ?? false,
      manageTokenExpiresAt:
        input.manageTokenExpiresAt === undefined ? undefined : toIso(input.manageTokenExpiresAt),
      extra: input.extra ?? {},
      clinicId,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    this.#validate(record);
    this.#checkReferences(clinicId, record);
    this.#checkConstraints(record);
    this.t.appointments.set(key, record);
    return clone(record);
  }

  async updateAppointment(
    clinicId: string,
    id: string,
    patch: AppointmentPatch,
    options: { expectedVersion?: number } = {},
  ): Promise<AppointmentRecord> {
    const key = k(clinicId, id);
    const previous = this.t.appointments.get(key);
    if (!previous) {
      throw new StorageError("NOT_FOUND", `appointment ${id} not found`, { detail: { id } });
    }
    if (options.expectedVersion !== undefined && previous.version !== options.expectedVersion) {
      throw new StorageError("VERSION_CONFLICT", `appointment ${id} changed meanwhile`, {
        detail: { id, version: String(previous.version) },
      });
    }
    const next: Record<string, unknown> = { ...previous };
    for (const [field, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      if (value === null) delete next[field];
      else if (field === "start" || field === "end" || field === "manageTokenExpiresAt") {
        next[field] = toIso(value as InstantInput);
      } else if (field === "calendarIds") next[field] = [...new Set(value as string[])];
      else next[field] = value;
    }
    const record = defined<AppointmentRecord>({
      ...next,
      version: previous.version + 1,
      updatedAt: this.now(),
    });
    this.#validate(record);
    this.#checkReferences(clinicId, record);
    this.#checkConstraints(record);
    this.t.appointments.set(key, record);
    return clone(record);
  }

  async getAppointment(clinicId: string, id: string): Promise<AppointmentRecord | undefined> {
    const record = this.t.appointments.get(k(clinicId, id));
    return record && clone(record);
  }

  async listAppointments(
    clinicId: string,
    query: AppointmentQuery = {},
  ): Promise<AppointmentRecord[]> {
    const calendars = query.calendarIds && new Set(query.calendarIds);
    const statuses = query.statuses && new Set(query.statuses);
    const ids = query.ids && new Set(query.ids);
    const from = query.from === undefined ? undefined : ms(query.from);
    const to = query.to === undefined ? undefined : ms(query.to);
    const after = query.after && { start: ms(query.after.start), id: query.after.id };
    const rows = inClinic(this.t.appointments, clinicId)
      .filter(
        (a) =>
          (!calendars || a.calendarIds.some((id) => calendars.has(id))) &&
          (from === undefined || ms(a.end) > from) &&
          (to === undefined || ms(a.start) < to) &&
          (!statuses || statuses.has(a.status)) &&
          (!query.activeOnly || holdsTime(a.status)) &&
          (query.clientId === undefined || a.clientId === query.clientId) &&
          (query.seriesId === undefined || a.seriesId === query.seriesId) &&
          (!ids || ids.has(a.id)) &&
          (!after || ms(a.start) > after.start || (ms(a.start) === after.start && a.id > after.id)),
      )
      .sort((a, b) => ms(a.start) - ms(b.start) || byId(a, b));
    return rows.slice(0, query.limit ?? rows.length).map(clone);
  }

  async listBusyAppointments(clinicId: string, query: BusyQuery): Promise<BusyAppointment[]> {
    const rows = await this.listAppointments(clinicId, { ...query, activeOnly: true });
    return rows.map((a) => busyOf(a));
  }

  async findAppointmentByManageToken(
    tokenHash: string,
    now: InstantInput,
  ): Promise<AppointmentRecord | undefined> {
    const at = ms(now);
    for (const a of this.t.appointments.values()) {
      if (a.manageTokenHash !== tokenHash) continue;
      if (a.manageTokenExpiresAt !== undefined && ms(a.manageTokenExpiresAt) <= at)
        return undefined;
      return clone(a);
    }
    return undefined;
  }

  async addAppointmentNote(
    clinicId: string,
    note: AppointmentNoteInput,
  ): Promise<AppointmentNoteRecord> {
    if (!this.t.appointments.has(k(clinicId, note.appointmentId))) {
      throw new StorageError("INVALID_REFERENCE", `appointment ${note.appointmentId} not found`, {
        detail: { appointment: note.appointmentId },
      });
    }
    const key = k(clinicId, note.id);
    if (this.t.notes.has(key)) {
      throw new StorageError("DUPLICATE", `note ${note.id} exists`, { detail: { id: note.id } });
    }
    const record: AppointmentNoteRecord = { ...note, clinicId, createdAt: this.now() };
    this.t.notes.set(key, record);
    return clone(record);
  }

  async listAppointmentNotes(
    clinicId: string,
    appointmentId: string,
  ): Promise<AppointmentNoteRecord[]> {
    return inClinic(this.t.notes, clinicId)
      .filter((n) => n.appointmentId === appointmentId)
      .sort((a, b) => ms(a.createdAt) - ms(b.createdAt) || byId(a, b))
      .map(clone);
  }

  // --- holds ---

  async insertHold(clinicId: string, hold: HoldInput): Promise<HoldRecord> {
    this.#requireClinic(clinicId);
    const key = k(clinicId, hold.id);
    if (this.t.holds.has(key)) {
      throw new StorageError("DUPLICATE", `hold ${hold.id} exists`, { detail: { id: hold.id } });
    }
    const record: HoldRecord = {
      clinicId,
      id: hold.id,
      serviceId: hold.serviceId,
      calendarIds: [...new Set(hold.calendarIds)],
      start: toIso(hold.start),
      end: toIso(hold.end),
      places: hold.places ?? 1,
      expiresAt: toIso(hold.expiresAt),
      createdAt: this.now(),
    };
    assertBookable("hold", {
      calendarIds: record.calendarIds,
      start: toDate(record.start),
      end: toDate(record.end),
      places: record.places,
    });
    this.t.holds.set(key, record);
    return clone(record);
  }

  async getHold(clinicId: string, id: string, now: InstantInput): Promise<HoldRecord | undefined> {
    const record = this.t.holds.get(k(clinicId, id));
    return record && ms(record.expiresAt) > ms(now) ? clone(record) : undefined;
  }

  async listHolds(clinicId: string, query: HoldQuery): Promise<HoldRecord[]> {
    const at = ms(query.now);
    const calendars = query.calendarIds && new Set(query.calendarIds);
    const from = query.from === undefined ? undefined : ms(query.from);
    const to = query.to === undefined ? undefined : ms(query.to);
    return inClinic(this.t.holds, clinicId)
      .filter(
        (h) =>
          ms(h.expiresAt) > at &&
          (!calendars || h.calendarIds.some((id) => calendars.has(id))) &&
          (from === undefined || ms(h.end) > from) &&
          (to === undefined || ms(h.start) < to),
      )
      .sort((a, b) => ms(a.start) - ms(b.start) || byId(a, b))
      .map(clone);
  }

  async extendHold(
    clinicId: string,
    id: string,
    expiresAt: InstantInput,
    now: InstantInput,
  ): Promise<HoldRecord | undefined> {
    const key = k(clinicId, id);
    const record = this.t.holds.get(key);
    if (!record || ms(record.expiresAt) <= ms(now)) return undefined;
    const next = { ...record, expiresAt: toIso(expiresAt) };
    this.t.holds.set(key, next);
    return clone(next);
  }

  async deleteHold(clinicId: string, id: string): Promise<boolean> {
    return this.t.holds.delete(k(clinicId, id));
  }

  async deleteExpiredHolds(now: InstantInput): Promise<number> {
    const at = ms(now);
    let count = 0;
    for (const [key, hold] of this.t.holds) {
      if (ms(hold.expiresAt) <= at) {
        this.t.holds.delete(key);
        count += 1;
      }
    }
    return count;
  }

  // --- audit ---

  async appendAudit(clinicId: string, entry: AuditInput): Promise<AuditRecord> {
    this.#requireClinic(clinicId);
    this.t.auditSeq += 1;
    const record: AuditRecord = {
      clinicId,
      seq: this.t.auditSeq,
      at: toIso(entry.at),
      actor: entry.actor,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      detail: defined<JsonObject>(entry.detail ?? {}),
    };
    this.t.audit.push(record);
    return clone(record);
  }

  async listAudit(clinicId: string, query: AuditQuery = {}): Promise<AuditRecord[]> {
    const rows = this.t.audit.filter(
      (a) =>
        a.clinicId === clinicId &&
        (query.entityType === undefined || a.entityType === query.entityType) &&
        (query.entityId === undefined || a.entityId === query.entityId) &&
        (query.actor === undefined || a.actor === query.actor) &&
        (query.afterSeq === undefined || a.seq > query.afterSeq),
    );
    return rows.slice(0, query.limit ?? rows.length).map(clone);
  }

  // --- idempotency ---

  async claimIdempotency(clinicId: string, claim: IdempotencyClaim): Promise<IdempotencyOutcome> {
    this.#requireClinic(clinicId);
    const key = k(clinicId, claim.key);
    const at = ms(claim.now);
    const existing = this.t.idempotency.get(key);
    if (!existing) {
      this.t.idempotency.set(key, {
        clinicId,
        key: claim.key,
        requestHash: claim.requestHash,
        state: "in_flight",
        createdAt: at,
        claimedAt: at,
      });
      return { outcome: "new" };
    }
    if (existing.requestHash !== claim.requestHash) return { outcome: "mismatch" };
    if (existing.state === "done" && existing.response) {
      return { outcome: "replay", response: cloneResponse(existing.response) };
    }
    if (existing.claimedAt <= at - (claim.staleAfterMs ?? 60_000)) {
      this.t.idempotency.set(key, { ...existing, claimedAt: at });
      return { outcome: "new" };
    }
    return { outcome: "in_flight" };
  }

  async completeIdempotency(
    clinicId: string,
    key: string,
    response: StoredResponse,
  ): Promise<void> {
    const id = k(clinicId, key);
    const existing = this.t.idempotency.get(id);
    if (!existing) {
      throw new StorageError("NOT_FOUND", `idempotency key ${key} was not claimed`, {
        detail: { key },
      });
    }
    this.t.idempotency.set(id, { ...existing, state: "done", response: cloneResponse(response) });
  }

  async releaseIdempotency(clinicId: string, key: string): Promise<boolean> {
    const id = k(clinicId, key);
    if (this.t.idempotency.get(id)?.state !== "in_flight") return false;
    return this.t.idempotency.delete(id);
  }

  async deleteIdempotencyBefore(before: InstantInput): Promise<number> {
    const at = ms(before);
    let count = 0;
    for (const [key, row] of this.t.idempotency) {
      if (row.createdAt < at) {
        this.t.idempotency.delete(key);
        count += 1;
      }
    }
    return count;
  }

  // --- outbox ---

  async enqueueOutbox(clinicId: string, message: OutboxInput): Promise<OutboxRecord> {
    this.#requireClinic(clinicId);
    const id = message.id ?? randomUUID();
    const key = k(clinicId, id);
    if (this.t.outbox.has(key)) {
      throw new StorageError("DUPLICATE", `outbox row ${id} exists`, { detail: { id } });
    }
    const dueAt = toIso(message.dueAt);
    const record: OutboxRecord = {
      clinicId,
      id,
      type: message.type,
      payload: defined<JsonObject>(message.payload),
      dueAt,
      status: "pending",
      attempts: 0,
      nextAttemptAt: dueAt,
      createdAt: this.now(),
    };
    this.t.outbox.set(key, record);
    return clone(record);
  }

  async claimDueOutbox(claim: OutboxClaim): Promise<OutboxRecord[]> {
    const at = ms(claim.now);
    const lockedUntil = toIso(at + (claim.leaseMs ?? 300_000));
    const due = [...this.t.outbox.values()]
      .filter(
        (o) =>
          (o.status === "pending" && ms(o.nextAttemptAt) <= at) ||
          (o.status === "sending" && o.lockedUntil !== undefined && ms(o.lockedUntil) <= at),
      )
      .sort((a, b) => ms(a.nextAttemptAt) - ms(b.nextAttemptAt) || byId(a, b))
      .slice(0, Math.max(0, claim.limit));
    return due.map((o) => {
      const next: OutboxRecord = {
        ...o,
        status: "sending",
        attempts: o.attempts + 1,
        lockedUntil,
      };
      this.t.outbox.set(k(o.clinicId, o.id), next);
      return clone(next);
    });
  }

  #outboxRow(clinicId: string, id: string): OutboxRecord {
    const row = this.t.outbox.get(k(clinicId, id));
    if (!row) throw new StorageError("NOT_FOUND", `outbox row ${id} not found`, { detail: { id } });
    return row;
  }

  async markOutboxSent(clinicId: string, id: string, now: InstantInput): Promise<OutboxRecord> {
    const { lockedUntil: _dropped, ...row } = this.#outboxRow(clinicId, id);
    const next: OutboxRecord = { ...row, status: "sent", sentAt: toIso(now) };
    this.t.outbox.set(k(clinicId, id), next);
    return clone(next);
  }

  async markOutboxFailed(
    clinicId: string,
    id: string,
    failure: OutboxFailure,
  ): Promise<OutboxRecord> {
    const { lockedUntil: _dropped, ...row } = this.#outboxRow(clinicId, id);
    const dead = row.attempts >= (failure.maxAttempts ?? 8);
    const next: OutboxRecord = {
      ...row,
      status: dead ? "dead" : "pending",
      lastError: failure.error,
      nextAttemptAt: dead
        ? row.nextAttemptAt
        : toIso(ms(failure.now) + outboxBackoffMs(row.attempts)),
    };
    this.t.outbox.set(k(clinicId, id), next);
    return clone(next);
  }

  async listOutbox(
    clinicId: string,
    filter: { status?: OutboxStatus; limit?: number } = {},
  ): Promise<OutboxRecord[]> {
    const rows = inClinic(this.t.outbox, clinicId)
      .filter((o) => filter.status === undefined || o.status === filter.status)
      .sort((a, b) => ms(a.createdAt) - ms(b.createdAt) || byId(a, b));
    return rows.slice(0, filter.limit ?? rows.length).map(clone);
  }

  // --- API keys ---

  async insertApiKey(clinicId: string, key: ApiKeyInput): Promise<ApiKeyRecord> {
    this.#requireClinic(clinicId);
    const id = k(clinicId, key.id);
    if (
      this.t.apiKeys.has(id) ||
      [...this.t.apiKeys.values()].some((x) => x.keyHash === key.keyHash)
    ) {
      throw new StorageError("DUPLICATE", `API key ${key.id} exists`, { detail: { id: key.id } });
    }
    const record: ApiKeyRecord = {
      ...key,
      calendarIds: [...key.calendarIds],
      clinicId,
      createdAt: this.now(),
    };
    this.t.apiKeys.set(id, record);
    return clone(record);
  }

  async findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    for (const key of this.t.apiKeys.values()) {
      if (key.keyHash === keyHash && key.revokedAt === undefined) return clone(key);
    }
    return undefined;
  }

  async listApiKeys(clinicId: string): Promise<ApiKeyRecord[]> {
    return inClinic(this.t.apiKeys, clinicId).sort(byId).map(clone);
  }

  async revokeApiKey(clinicId: string, id: string, now: InstantInput): Promise<boolean> {
    const key = k(clinicId, id);
    const record = this.t.apiKeys.get(key);
    if (!record || record.revokedAt !== undefined) return false;
    this.t.apiKeys.set(key, { ...record, revokedAt: toIso(now) });
    return true;
  }

  async setApiKeyCalendars(
    clinicId: string,
    id: string,
    calendarIds: string[],
  ): Promise<ApiKeyRecord> {
    const key = k(clinicId, id);
    const record = this.t.apiKeys.get(key);
    if (!record) throw new StorageError("NOT_FOUND", `API key ${id} not found`, { detail: { id } });
    const next = { ...record, calendarIds: [...new Set(calendarIds)] };
    this.t.apiKeys.set(key, next);
    return clone(next);
  }

  // --- back office (see memory-back-office.ts) ---

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

  // --- locks (transactions already run one at a time) ---

  async lockCalendars(clinicId: string, ids: readonly string[]): Promise<CalendarRecord[]> {
    return this.listCalendars(clinicId, { ids: sortedUnique(ids) });
  }

  async lockAppointment(clinicId: string, id: string): Promise<AppointmentRecord | undefined> {
    return this.getAppointment(clinicId, id);
  }

  async lockKey(_clinicId: string, _key: string): Promise<void> {
    // One transaction at a time: nothing to wait for.
  }
}

function cloneResponse(response: StoredResponse): StoredResponse {
  return {
    status: response.status,
    headers: { ...response.headers },
    body: new Uint8Array(response.body),
  };
}

/**
 * Creates an in-memory storage (for tests and demos): one transaction at a time, rolled back on
 * throw, with the same constraints as the database adapters. Data lives until the process ends.
 *
 * @example
 * ```ts
 * const storage = createMemoryStorage();
 * await storage.createClinic({ id: "c1", name: "Clinic", timeZone: "Europe/Lisbon",
 *   locale: "pt-PT", currency: "EUR", allowedOrigins: [] });
 * ```
 */
export function createMemoryStorage(options: StorageOptions = {}): Storage {
  const clock = options.clock ?? (() => new Date());
  const now = () => clock().toISOString();
  const mutex = new Mutex();
  const guard = new TransactionGuard();
  let tables = emptyTables();
  let closed = false;

  const transaction = <T>(fn: (tx: StorageTransaction) => Promise<T>): Promise<T> => {
    try {
      guard.assertOutside();
    } catch (error) {
      return Promise.reject(error);
    }
    return mutex.run(async () => {
      if (closed) throw new StorageError("CLOSED", "storage is closed");
      const draft = copyTables(tables);
      const result = await guard.inside(() => fn(new MemoryTransaction(draft, now)));
      tables = draft;
      return result;
    });
  };

  return {
    kind: "memory",
    ...autocommitOperations({ write: transaction, guard, isClosed: () => closed }),
    transaction,
    async close() {
      closed = true;
    },
  };
}
