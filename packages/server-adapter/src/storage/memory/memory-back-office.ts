// The back-office Storage operations in memory, with the same rules the SQL schema enforces:
// references, unique numbers, one package per visit, immutable documents, payments and settled
// charges. Used by `MemoryTransaction`.

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
import { StorageError } from "../errors.js";
import { toDate, toIso } from "../shared.js";
import type { InstantInput, JsonObject } from "../storage.js";

/** The back-office tables of the memory storage. Records are replaced, never mutated. */
export interface BackOfficeTables {
  cases: Map<string, CaseRecord>;
  charges: Map<string, ChargeRecord>;
  documents: Map<string, BillingDocumentRecord>;
  counters: Map<string, number>;
  payments: Map<string, PaymentRecord>;
  intents: Map<string, PaymentIntentRecord>;
  packages: Map<string, PackageRecord>;
  providerServices: Map<string, ProviderServiceRecord>;
  messageSettings: Map<string, MessageSettingsRecord>;
}

/**
 * Empty back-office tables.
 *
 * @example
 * ```ts
 * const tables = emptyBackOffice();
 * ```
 */
export function emptyBackOffice(): BackOfficeTables {
  return {
    cases: new Map(),
    charges: new Map(),
    documents: new Map(),
    counters: new Map(),
    payments: new Map(),
    intents: new Map(),
    packages: new Map(),
    providerServices: new Map(),
    messageSettings: new Map(),
  };
}

/**
 * A shallow copy of the tables (records are immutable, so this is a snapshot).
 *
 * @example
 * ```ts
 * const draft = copyBackOffice(tables);
 * ```
 */
export function copyBackOffice(t: BackOfficeTables): BackOfficeTables {
  return {
    cases: new Map(t.cases),
    charges: new Map(t.charges),
    documents: new Map(t.documents),
    counters: new Map(t.counters),
    payments: new Map(t.payments),
    intents: new Map(t.intents),
    packages: new Map(t.packages),
    providerServices: new Map(t.providerServices),
    messageSettings: new Map(t.messageSettings),
  };
}

/** What the back office needs from the rest of the memory tables. */
export interface MemoryContext {
  now: () => string;
  hasClinic(clinicId: string): boolean;
  hasClient(clinicId: string, id: string): boolean;
  hasAppointment(clinicId: string, id: string): boolean;
  hasCalendar(clinicId: string, id: string): boolean;
  hasService(clinicId: string, id: string): boolean;
}

const k = (...parts: string[]) => parts.join("\u0000");
const clone = <T>(value: T): T => structuredClone(value);
const ms = (value: InstantInput) => toDate(value).getTime();
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function defined<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function missing(clinicId: string, what: string, id: string): StorageError {
  return new StorageError(
    "INVALID_REFERENCE",
    `${what} ${id} does not exist in clinic ${clinicId}`,
    {
      detail: { [what]: id },
    },
  );
}

function duplicate(what: string, id: string): StorageError {
  return new StorageError("DUPLICATE", `${what} ${id} exists`, { detail: { id } });
}

function versionConflict(what: string, id: string, version: number): StorageError {
  return new StorageError("VERSION_CONFLICT", `${what} ${id} changed meanwhile`, {
    detail: { id, version: String(version) },
  });
}

function positiveInteger(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new StorageError("INVALID_VALUE", `${field} must be a positive whole number`, {
      detail: { field },
    });
  }
}

function inRange(value: string, from?: InstantInput, to?: InstantInput): boolean {
  const at = ms(value);
  return (from === undefined || at >= ms(from)) && (to === undefined || at < ms(to));
}

function ofClinic<T extends { clinicId: string }>(map: Map<string, T>, clinicId: string): T[] {
  return [...map.values()].filter((r) => r.clinicId === clinicId);
}

/**
 * The back-office operations over memory tables.
 *
 * @example
 * ```ts
 * const office = new MemoryBackOffice(tables.backOffice, context);
 * await office.claimDocumentNumber("c1", "invoice:2026"); // 1
 * ```
 */
export class MemoryBackOffice {
  constructor(
    private readonly t: BackOfficeTables,
    private readonly ctx: MemoryContext,
  ) {}

  #clinic(clinicId: string): void {
    if (!this.ctx.hasClinic(clinicId)) throw missing(clinicId, "clinic", clinicId);
  }

  #client(clinicId: string, id: string): void {
    if (!this.ctx.hasClient(clinicId, id)) throw missing(clinicId, "client", id);
  }

  #case(clinicId: string, id: string): void {
    if (!this.t.cases.has(k(clinicId, id))) throw missing(clinicId, "case", id);
  }

  #appointment(clinicId: string, id: string | undefined): void {
    if (id !== undefined && !this.ctx.hasAppointment(clinicId, id)) {
      throw missing(clinicId, "appointment", id);
    }
  }

  #document(clinicId: string, id: string | undefined): void {
    if (id !== undefined && !this.t.documents.has(k(clinicId, id))) {
      throw missing(clinicId, "invoice", id);
    }
  }

  #stamps(previous: { version: number; createdAt: string } | undefined) {
    const now = this.ctx.now();
    return {
      version: (previous?.version ?? 0) + 1,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };
  }

  // --- cases ---

  async putCase(
    clinicId: string,
    input: CaseInput,
    options: { expectedVersion?: number } = {},
  ): Promise<CaseRecord> {
    this.#clinic(clinicId);
    const key = k(clinicId, input.id);
    const previous = this.t.cases.get(key);
    if (options.expectedVersion !== undefined && previous?.version !== options.expectedVersion) {
      throw versionConflict("case", input.id, previous?.version ?? 0);
    }
    this.#client(clinicId, input.clientId);
    const record: CaseRecord = defined({
      clinicId,
      id: input.id,
      clientId: input.clientId,
      title: input.title,
      status: input.status ?? "open",
      openedAt:
        input.openedAt === undefined
          ? (previous?.openedAt ?? this.ctx.now())
          : toIso(input.openedAt),
      closedAt: input.closedAt === undefined ? undefined : toIso(input.closedAt),
      extra: input.extra ?? {},
      ...this.#stamps(previous),
    });
    this.t.cases.set(key, record);
    return clone(record);
  }

  async getCase(clinicId: string, id: string): Promise<CaseRecord | undefined> {
    const record = this.t.cases.get(k(clinicId, id));
    return record && clone(record);
  }

  async lockCase(clinicId: string, id: string): Promise<CaseRecord | undefined> {
    return this.getCase(clinicId, id);
  }

  async listCases(clinicId: string, query: CaseQuery = {}): Promise<CaseRecord[]> {
    const ids = query.ids && new Set(query.ids);
    return ofClinic(this.t.cases, clinicId)
      .filter(
        (c) =>
          (query.clientId === undefined || c.clientId === query.clientId) &&
          (query.status === undefined || c.status === query.status) &&
          (!ids || ids.has(c.id)),
      )
      .sort((a, b) => ms(a.openedAt) - ms(b.openedAt) || cmp(a.id, b.id))
      .map(clone);
  }

  // --- charges ---

  #checkCharge(clinicId: string, c: Omit<ChargeInput, "id">): void {
    if (!Number.isSafeInteger(c.unitPrice.amount)) {
      throw new StorageError("INVALID_VALUE", "unitPrice.amount must be a whole number", {
        detail: { field: "unitPrice.amount" },
      });
    }
    positiveInteger(c.quantity, "quantity");
    if (c.status === "invoiced" && c.invoiceId === undefined) {
      throw new StorageError("INVALID_VALUE", "an invoiced charge must name its invoice", {
        detail: { field: "invoiceId" },
      });
    }
    this.#case(clinicId, c.caseId);
    this.#client(clinicId, c.clientId);
    this.#appointment(clinicId, c.appointmentId);
    this.#document(clinicId, c.invoiceId);
  }

  #chargeRecord(
    clinicId: string,
    id: string,
    c: Omit<ChargeInput, "id">,
    previous?: ChargeRecord,
  ): ChargeRecord {
    return defined({
      ...c,
      id,
      clinicId,
      chargedAt: toIso(c.chargedAt),
      meta: c.meta ?? {},
      ...this.#stamps(previous),
    });
  }

  async insertCharge(clinicId: string, input: ChargeInput): Promise<ChargeRecord> {
    this.#clinic(clinicId);
    const key = k(clinicId, input.id);
    if (this.t.charges.has(key)) throw duplicate("charge", input.id);
    const { id, ...fields } = input;
    this.#checkCharge(clinicId, fields);
    const record = this.#chargeRecord(clinicId, id, fields);
    this.t.charges.set(key, record);
    return clone(record);
  }

  async updateCharge(
    clinicId: string,
    id: string,
    patch: Partial<Omit<ChargeInput, "id">>,
    options: { expectedVersion?: number } = {},
  ): Promise<ChargeRecord> {
    const key = k(clinicId, id);
    const previous = this.t.charges.get(key);
    if (!previous) {
      throw new StorageError("NOT_FOUND", `charge ${id} not found`, { detail: { id } });
    }
    if (previous.status !== "uninvoiced") {
      throw new StorageError("IMMUTABLE", `charge ${id} is ${previous.status} and cannot change`, {
        detail: { id, status: previous.status },
      });
    }
    if (options.expectedVersion !== undefined && previous.version !== options.expectedVersion) {
      throw versionConflict("charge", id, previous.version);
    }
    const {
      clinicId: _c,
      version: _v,
      createdAt: _a,
      updatedAt: _u,
      id: _id,
      ...fields
    } = previous;
    const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const next = { ...fields, ...changes } as Omit<ChargeInput, "id">;
    this.#checkCharge(clinicId, next);
    const record = this.#chargeRecord(clinicId, id, next, previous);
    this.t.charges.set(key, record);
    return clone(record);
  }

  async getCharge(clinicId: string, id: string): Promise<ChargeRecord | undefined> {
    const record = this.t.charges.get(k(clinicId, id));
    return record && clone(record);
  }

  async listCharges(clinicId: string, query: ChargeQuery = {}): Promise<ChargeRecord[]> {
    const ids = query.ids && new Set(query.ids);
    const statuses = query.statuses && new Set(query.statuses);
    const visits = query.appointmentIds && new Set(query.appointmentIds);
    return ofClinic(this.t.charges, clinicId)
      .filter(
        (c) =>
          (query.caseId === undefined || c.caseId === query.caseId) &&
          (query.clientId === undefined || c.clientId === query.clientId) &&
          (query.appointmentId === undefined || c.appointmentId === query.appointmentId) &&
          (!visits || (c.appointmentId !== undefined && visits.has(c.appointmentId))) &&
          (query.invoiceId === undefined || c.invoiceId === query.invoiceId) &&
          (!statuses || statuses.has(c.status)) &&
          (!ids || ids.has(c.id)) &&
          inRange(c.chargedAt, query.from, query.to),
      )
      .sort((a, b) => ms(a.chargedAt) - ms(b.chargedAt) || cmp(a.id, b.id))
      .map(clone);
  }

  // --- issued documents ---

  async claimDocumentNumber(clinicId: string, series: string): Promise<number> {
    this.#clinic(clinicId);
    const key = k(clinicId, series);
    const next = (this.t.counters.get(key) ?? 0) + 1;
    this.t.counters.set(key, next);
    return next;
  }

  async insertBillingDocument(
    clinicId: string,
    input: BillingDocumentInput,
  ): Promise<BillingDocumentRecord> {
    this.#clinic(clinicId);
    positiveInteger(input.sequence, "sequence");
    const key = k(clinicId, input.id);
    if (this.t.documents.has(key)) throw duplicate("document", input.id);
    for (const d of ofClinic(this.t.documents, clinicId)) {
      if (d.number === input.number) throw duplicate("document number", input.number);
      if (d.series === input.series && d.sequence === input.sequence) {
        throw duplicate("document sequence", `${input.series}#${input.sequence}`);
      }
    }
    if ((input.kind === "credit_note") !== (input.invoiceId !== undefined)) {
      throw new StorageError(
        "INVALID_VALUE",
        "a credit note (and only a credit note) names its invoice",
        {
          detail: { field: "invoiceId" },
        },
      );
    }
    this.#case(clinicId, input.caseId);
    this.#client(clinicId, input.clientId);
    this.#document(clinicId, input.invoiceId);
    const record: BillingDocumentRecord = defined({
      ...input,
      clinicId,
      issuedAt: toIso(input.issuedAt),
      createdAt: this.ctx.now(),
    });
    this.t.documents.set(key, record);
    return clone(record);
  }

  async getBillingDocument(
    clinicId: string,
    id: string,
  ): Promise<BillingDocumentRecord | undefined> {
    const record = this.t.documents.get(k(clinicId, id));
    return record && clone(record);
  }

  async listBillingDocuments(
    clinicId: string,
    query: BillingDocumentQuery = {},
  ): Promise<BillingDocumentRecord[]> {
    const ids = query.ids && new Set(query.ids);
    return ofClinic(this.t.documents, clinicId)
      .filter(
        (d) =>
          (query.kind === undefined || d.kind === query.kind) &&
          (query.caseId === undefined || d.caseId === query.caseId) &&
          (query.clientId === undefined || d.clientId === query.clientId) &&
          (query.invoiceId === undefined || d.invoiceId === query.invoiceId) &&
          (!ids || ids.has(d.id)) &&
          inRange(d.issuedAt, query.from, query.to),
      )
      .sort((a, b) => ms(a.issuedAt) - ms(b.issuedAt) || cmp(a.number, b.number))
      .map(clone);
  }

  // --- payments ---

  async insertPayment(clinicId: string, input: PaymentInput): Promise<PaymentRecord> {
    this.#clinic(clinicId);
    positiveInteger(input.amount.amount, "amount.amount");
    const key = k(clinicId, input.id);
    if (this.t.payments.has(key)) throw duplicate("payment", input.id);
    this.#case(clinicId, input.caseId);
    this.#client(clinicId, input.clientId);
    this.#document(clinicId, input.invoiceId);
    this.#appointment(clinicId, input.appointmentId);
    const record: PaymentRecord = defined({
      ...input,
      clinicId,
      at: toIso(input.at),
      meta: input.meta ?? {},
      createdAt: this.ctx.now(),
    });
    this.t.payments.set(key, record);
    return clone(record);
  }

  async getPayment(clinicId: string, id: string): Promise<PaymentRecord | undefined> {
    const record = this.t.payments.get(k(clinicId, id));
    return record && clone(record);
  }

  async listPayments(clinicId: string, query: PaymentQuery = {}): Promise<PaymentRecord[]> {
    const ids = query.ids && new Set(query.ids);
    return ofClinic(this.t.payments, clinicId)
      .filter(
        (p) =>
          (query.clientId === undefined || p.clientId === query.clientId) &&
          (query.caseId === undefined || p.caseId === query.caseId) &&
          (query.invoiceId === undefined || p.invoiceId === query.invoiceId) &&
          (query.appointmentId === undefined || p.appointmentId === query.appointmentId) &&
          (!ids || ids.has(p.id)) &&
          inRange(p.at, query.from, query.to),
      )
      .sort((a, b) => ms(a.at) - ms(b.at) || cmp(a.id, b.id))
      .map(clone);
  }

  async insertPaymentIntent(
    clinicId: string,
    input: PaymentIntentInput,
  ): Promise<PaymentIntentRecord> {
    this.#clinic(clinicId);
    positiveInteger(input.amount.amount, "amount.amount");
    const key = k(clinicId, input.id);
    if (this.t.intents.has(key)) throw duplicate("payment intent", input.id);
    for (const i of this.t.intents.values()) {
      if (i.provider === input.provider && i.providerIntentId === input.providerIntentId) {
        throw duplicate("provider intent", input.providerIntentId);
      }
    }
    this.#appointment(clinicId, input.appointmentId);
    const record: PaymentIntentRecord = defined({
      ...input,
      clinicId,
      meta: input.meta ?? {},
      ...this.#stamps(undefined),
    });
    this.t.intents.set(key, record);
    return clone(record);
  }

  async updatePaymentIntent(
    clinicId: string,
    id: string,
    patch: PaymentIntentPatch,
    options: { expectedVersion?: number } = {},
  ): Promise<PaymentIntentRecord> {
    const key = k(clinicId, id);
    const previous = this.t.intents.get(key);
    if (!previous) {
      throw new StorageError("NOT_FOUND", `payment intent ${id} not found`, { detail: { id } });
    }
    if (options.expectedVersion !== undefined && previous.version !== options.expectedVersion) {
      throw versionConflict("payment intent", id, previous.version);
    }
    const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const record: PaymentIntentRecord = defined({
      ...previous,
      ...changes,
      ...this.#stamps(previous),
    });
    this.t.intents.set(key, record);
    return clone(record);
  }

  async getPaymentIntent(clinicId: string, id: string): Promise<PaymentIntentRecord | undefined> {
    const record = this.t.intents.get(k(clinicId, id));
    return record && clone(record);
  }

  async findPaymentIntentByProviderId(
    provider: string,
    providerIntentId: string,
  ): Promise<PaymentIntentRecord | undefined> {
    for (const i of this.t.intents.values()) {
      if (i.provider === provider && i.providerIntentId === providerIntentId) return clone(i);
    }
    return undefined;
  }

  // --- packages ---

  async putPackage(
    clinicId: string,
    input: PackageInput,
    options: { expectedVersion?: number } = {},
  ): Promise<PackageRecord> {
    this.#clinic(clinicId);
    const key = k(clinicId, input.id);
    const previous = this.t.packages.get(key);
    if (options.expectedVersion !== undefined && previous?.version !== options.expectedVersion) {
      throw versionConflict("package", input.id, previous?.version ?? 0);
    }
    this.#client(clinicId, input.ownerClientId);
    if (input.caseId !== undefined) this.#case(clinicId, input.caseId);
    const seen = new Set<string>();
    for (const use of input.uses) {
      this.#appointment(clinicId, use.appointmentId);
      if (seen.has(use.appointmentId)) throw duplicate("package use", use.appointmentId);
      seen.add(use.appointmentId);
    }
    for (const other of ofClinic(this.t.packages, clinicId)) {
      if (other.id === input.id) continue;
      const taken = other.uses.find((u) => seen.has(u.appointmentId));
      if (taken) throw duplicate("package use", taken.appointmentId);
    }
    const record: PackageRecord = defined({
      ...input,
      clinicId,
      purchasedAt: toIso(input.purchasedAt),
      uses: input.uses.map((u) => ({ ...u, at: toIso(u.at) })),
      meta: input.meta ?? ({} as JsonObject),
      ...this.#stamps(previous),
    });
    this.t.packages.set(key, record);
    return clone(record);
  }

  async getPackage(clinicId: string, id: string): Promise<PackageRecord | undefined> {
    const record = this.t.packages.get(k(clinicId, id));
    return record && clone(record);
  }

  async lockPackage(clinicId: string, id: string): Promise<PackageRecord | undefined> {
    return this.getPackage(clinicId, id);
  }

  async listPackages(clinicId: string, query: PackageQuery = {}): Promise<PackageRecord[]> {
    const ids = query.ids && new Set(query.ids);
    return ofClinic(this.t.packages, clinicId)
      .filter(
        (p) =>
          (query.ownerClientId === undefined || p.ownerClientId === query.ownerClientId) &&
          (query.clientId === undefined ||
            p.ownerClientId === query.clientId ||
            p.allowedClientIds.includes(query.clientId)) &&
          (query.status === undefined ||
            (p.refund !== undefined) === (query.status === "refunded")) &&
          (!ids || ids.has(p.id)),
      )
      .sort((a, b) => ms(a.purchasedAt) - ms(b.purchasedAt) || cmp(a.id, b.id))
      .map(clone);
  }

  async listPackageUses(
    clinicId: string,
    query: PackageUseQuery = {},
  ): Promise<PackageUseRecord[]> {
    return ofClinic(this.t.packages, clinicId)
      .filter((p) => query.packageId === undefined || p.id === query.packageId)
      .flatMap((p) => p.uses.map((u) => ({ ...u, clinicId, packageId: p.id })))
      .filter(
        (u) =>
          (query.appointmentId === undefined || u.appointmentId === query.appointmentId) &&
          (query.clientId === undefined || u.clientId === query.clientId) &&
          (query.therapistId === undefined || u.therapistId === query.therapistId),
      )
      .sort((a, b) => ms(a.at) - ms(b.at) || cmp(a.appointmentId, b.appointmentId))
      .map(clone);
  }

  // --- provider catalogs ---

  async putProviderService(
    clinicId: string,
    input: ProviderServiceInput,
  ): Promise<ProviderServiceRecord> {
    this.#clinic(clinicId);
    if (!this.ctx.hasCalendar(clinicId, input.calendarId)) {
      throw missing(clinicId, "calendar", input.calendarId);
    }
    if (!this.ctx.hasService(clinicId, input.serviceId)) {
      throw missing(clinicId, "service", input.serviceId);
    }
    if (input.price && (!Number.isSafeInteger(input.price.amount) || input.price.amount < 0)) {
      throw new StorageError("INVALID_VALUE", "price.amount must be a whole number ≥ 0", {
        detail: { field: "price.amount" },
      });
    }
    const key = k(clinicId, input.calendarId, input.serviceId);
    const previous = this.t.providerServices.get(key);
    const record: ProviderServiceRecord = defined({
      clinicId,
      calendarId: input.calendarId,
      serviceId: input.serviceId,
      price: input.price,
      active: input.active ?? true,
      ...this.#stamps(previous),
    });
    this.t.providerServices.set(key, record);
    return clone(record);
  }

  async listProviderServices(
    clinicId: string,
    query: { calendarId?: string; serviceId?: string } = {},
  ): Promise<ProviderServiceRecord[]> {
    return ofClinic(this.t.providerServices, clinicId)
      .filter(
        (p) =>
          // A provider service goes with its calendar and service (ON DELETE CASCADE in SQL).
          this.ctx.hasCalendar(clinicId, p.calendarId) &&
          this.ctx.hasService(clinicId, p.serviceId) &&
          (query.calendarId === undefined || p.calendarId === query.calendarId) &&
          (query.serviceId === undefined || p.serviceId === query.serviceId),
      )
      .sort((a, b) => cmp(a.calendarId, b.calendarId) || cmp(a.serviceId, b.serviceId))
      .map(clone);
  }

  async deleteProviderService(
    clinicId: string,
    calendarId: string,
    serviceId: string,
  ): Promise<boolean> {
    return this.t.providerServices.delete(k(clinicId, calendarId, serviceId));
  }

  // --- message settings ---

  async getMessageSettings(clinicId: string): Promise<MessageSettingsRecord | undefined> {
    const record = this.t.messageSettings.get(clinicId);
    return record && clone(record);
  }

  async putMessageSettings(
    clinicId: string,
    input: MessageSettingsInput,
    options: { expectedVersion?: number } = {},
  ): Promise<MessageSettingsRecord> {
    this.#clinic(clinicId);
    const previous = this.t.messageSettings.get(clinicId);
    if (
      options.expectedVersion !== undefined &&
      (previous?.version ?? 0) !== options.expectedVersion
    ) {
      throw versionConflict("message settings of", clinicId, previous?.version ?? 0);
    }
    const record: MessageSettingsRecord = {
      clinicId,
      settings: input.settings,
      providers: input.providers,
      templates: input.templates,
      ...this.#stamps(previous),
    };
    this.t.messageSettings.set(clinicId, clone(record));
    return clone(record);
  }
}
