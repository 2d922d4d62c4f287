// The back-office Storage operations in SQL (cases, charges, issued documents and their gap-free
// numbers, payments, payment intents, packages with their attendance log, provider catalogs),
// shared by the PGlite and PostgreSQL adapters through `SqlTransaction`.

import { and, asc, eq, gte, inArray, lt, or, type SQL, sql } from "drizzle-orm";
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
import { toDate } from "../shared.js";
import type { JsonObject } from "../storage.js";
import {
  billingDocuments,
  cases,
  charges,
  documentCounters,
  messageSettings,
  packages,
  packageUses,
  paymentIntents,
  payments,
  providerServices,
} from "./schema.js";
import type { SqlDb } from "./sql-transaction.js";

/** How `SqlBackOffice` runs statements: writes in a savepoint when nested, reads as they are. */
export interface SqlRunner {
  write<T>(fn: (db: SqlDb) => Promise<T>): Promise<T>;
  read<T>(fn: (db: SqlDb) => Promise<T>): Promise<T>;
  clock: () => Date;
}

const iso = (value: Date) => value.toISOString();
const byText = (column: SQL | { name: string }) => sql`${column} collate "C"`;

/** JSON without `undefined` members, as stored in `jsonb`. */
function json<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value ?? {})) as T;
}

/** Copies the non-null values. */
function present<T extends Record<string, unknown>>(
  values: T,
): Partial<{ [K in keyof T]: Exclude<T[K], null | undefined> }> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== null && value !== undefined) out[key] = value;
  }
  return out as Partial<{ [K in keyof T]: Exclude<T[K], null | undefined> }>;
}

const notFound = (what: string, id: string) =>
  new StorageError("NOT_FOUND", `${what} ${id} not found`, { detail: { id } });

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

type CaseRow = typeof cases.$inferSelect;
type ChargeRow = typeof charges.$inferSelect;
type DocumentRow = typeof billingDocuments.$inferSelect;
type PaymentRow = typeof payments.$inferSelect;
type IntentRow = typeof paymentIntents.$inferSelect;
type PackageRow = typeof packages.$inferSelect;
type UseRow = typeof packageUses.$inferSelect;
type ProviderServiceRow = typeof providerServices.$inferSelect;
type MessageSettingsRow = typeof messageSettings.$inferSelect;

const meta = (row: { version: number; createdAt: Date; updatedAt: Date }) => ({
  version: row.version,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

function caseRecord(row: CaseRow): CaseRecord {
  return {
    clinicId: row.clinicId,
    id: row.id,
    clientId: row.clientId,
    title: row.title,
    status: row.status,
    openedAt: iso(row.openedAt),
    ...(row.closedAt ? { closedAt: iso(row.closedAt) } : {}),
    extra: row.extra,
    ...meta(row),
  };
}

function chargeRecord(row: ChargeRow): ChargeRecord {
  return {
    clinicId: row.clinicId,
    id: row.id,
    caseId: row.caseId,
    clientId: row.clientId,
    ...present({ appointmentId: row.appointmentId, invoiceId: row.invoiceId }),
    description: row.description,
    unitPrice: { amount: row.unitAmount, currency: row.currency },
    quantity: row.quantity,
    taxRateBp: row.taxRateBp,
    priceIncludesTax: row.priceIncludesTax,
    billingProviderId: row.billingProviderId,
    status: row.status,
    source: row.source as ChargeRecord["source"],
    chargedAt: iso(row.chargedAt),
    meta: row.meta,
    ...meta(row),
  };
}

function documentRecord(row: DocumentRow): BillingDocumentRecord {
  return {
    clinicId: row.clinicId,
    kind: row.kind,
    id: row.id,
    series: row.series,
    sequence: row.sequence,
    number: row.number,
    caseId: row.caseId,
    clientId: row.clientId,
    ...present({ invoiceId: row.invoiceId }),
    issuedAt: iso(row.issuedAt),
    snapshot: row.snapshot,
    createdAt: iso(row.createdAt),
  };
}

function paymentRecord(row: PaymentRow): PaymentRecord {
  return {
    clinicId: row.clinicId,
    id: row.id,
    kind: row.kind,
    clientId: row.clientId,
    caseId: row.caseId,
    ...present({
      invoiceId: row.invoiceId,
      appointmentId: row.appointmentId,
      reference: row.reference,
    }),
    method: row.method,
    amount: { amount: row.amount, currency: row.currency },
    at: iso(row.at),
    meta: row.meta,
    createdAt: iso(row.createdAt),
  };
}

function intentRecord(row: IntentRow): PaymentIntentRecord {
  return {
    clinicId: row.clinicId,
    id: row.id,
    provider: row.provider,
    providerIntentId: row.providerIntentId,
    status: row.status,
    amount: { amount: row.amount, currency: row.currency },
    ...present({
      appointmentId: row.appointmentId,
      clientId: row.clientId,
      paymentId: row.paymentId,
    }),
    meta: row.meta,
    ...meta(row),
  };
}

function packageRecord(row: PackageRow, uses: UseRow[]): PackageRecord {
  const data = row.data as unknown as Omit<
    PackageRecord,
    "clinicId" | "id" | "ownerClientId" | "purchasedAt" | "uses" | "caseId" | "meta"
  >;
  return {
    ...data,
    clinicId: row.clinicId,
    id: row.id,
    ownerClientId: row.ownerClientId,
    purchasedAt: iso(row.purchasedAt),
    uses: uses
      .slice()
      .sort((a, b) => a.position - b.position)
      .map((u) => ({
        appointmentId: u.appointmentId,
        at: iso(u.at),
        date: u.date,
        therapistId: u.therapistId,
        clientId: u.clientId,
        kind: u.kind,
      })),
    ...present({ caseId: row.caseId }),
    meta: row.meta,
    ...meta(row),
  };
}

function providerServiceRecord(row: ProviderServiceRow): ProviderServiceRecord {
  return {
    clinicId: row.clinicId,
    calendarId: row.calendarId,
    serviceId: row.serviceId,
    ...(row.priceAmount !== null && row.priceCurrency !== null
      ? { price: { amount: row.priceAmount, currency: row.priceCurrency } }
      : {}),
    active: row.active,
    ...meta(row),
  };
}

function messageSettingsRecord(row: MessageSettingsRow): MessageSettingsRecord {
  return {
    clinicId: row.clinicId,
    settings: row.settings,
    providers: row.providers,
    templates: row.templates,
    ...meta(row),
  };
}

function chargeValues(c: Omit<ChargeInput, "id">) {
  return {
    caseId: c.caseId,
    clientId: c.clientId,
    appointmentId: c.appointmentId ?? null,
    description: c.description,
    unitAmount: c.unitPrice.amount,
    currency: c.unitPrice.currency,
    quantity: c.quantity,
    taxRateBp: c.taxRateBp,
    priceIncludesTax: c.priceIncludesTax,
    billingProviderId: c.billingProviderId,
    status: c.status,
    invoiceId: c.invoiceId ?? null,
    source: c.source,
    chargedAt: toDate(c.chargedAt),
    meta: json<JsonObject>(c.meta ?? {}),
  };
}

function checkCharge(c: Omit<ChargeInput, "id">): void {
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
}

/**
 * The back-office half of `SqlTransaction`.
 *
 * @example
 * ```ts
 * const office = new SqlBackOffice({ write, read, clock });
 * await office.claimDocumentNumber("c1", "invoice:2026"); // 1, then 2, …
 * ```
 */
export class SqlBackOffice {
  constructor(private readonly run: SqlRunner) {}

  // --- cases ---

  async putCase(
    clinicId: string,
    input: CaseInput,
    options: { expectedVersion?: number } = {},
  ): Promise<CaseRecord> {
    const now = this.run.clock();
    const row = await this.run.write(async (db) => {
      const where = and(eq(cases.clinicId, clinicId), eq(cases.id, input.id));
      const [current] = await db.select().from(cases).where(where).for("update");
      if (options.expectedVersion !== undefined && current?.version !== options.expectedVersion) {
        throw versionConflict("case", input.id, current?.version ?? 0);
      }
      const values = {
        clientId: input.clientId,
        title: input.title,
        status: input.status ?? "open",
        openedAt:
          input.openedAt === undefined ? (current?.openedAt ?? now) : toDate(input.openedAt),
        closedAt: input.closedAt === undefined ? null : toDate(input.closedAt),
        extra: json<JsonObject>(input.extra ?? {}),
      };
      if (current) {
        const [updated] = await db
          .update(cases)
          .set({ ...values, version: current.version + 1, updatedAt: now })
          .where(where)
          .returning();
        return updated;
      }
      const [inserted] = await db
        .insert(cases)
        .values({ clinicId, id: input.id, ...values, createdAt: now, updatedAt: now })
        .returning();
      return inserted;
    });
    return caseRecord(row as CaseRow);
  }

  async getCase(clinicId: string, id: string): Promise<CaseRecord | undefined> {
    const [row] = await this.run.read((db) =>
      db
        .select()
        .from(cases)
        .where(and(eq(cases.clinicId, clinicId), eq(cases.id, id))),
    );
    return row && caseRecord(row);
  }

  async listCases(clinicId: string, query: CaseQuery = {}): Promise<CaseRecord[]> {
    if (query.ids?.length === 0) return [];
    const rows = await this.run.read((db) =>
      db
        .select()
        .from(cases)
        .where(
          and(
            eq(cases.clinicId, clinicId),
            query.clientId === undefined ? undefined : eq(cases.clientId, query.clientId),
            query.status === undefined ? undefined : eq(cases.status, query.status),
            query.ids ? inArray(cases.id, query.ids) : undefined,
          ),
        )
        .orderBy(asc(cases.openedAt), byText(cases.id)),
    );
    return rows.map(caseRecord);
  }

  async lockCase(clinicId: string, id: string): Promise<CaseRecord | undefined> {
    const [row] = await this.run.read((db) =>
      db
        .select()
        .from(cases)
        .where(and(eq(cases.clinicId, clinicId), eq(cases.id, id)))
        .for("update"),
    );
    return row && caseRecord(row);
  }

  // --- charges ---

  async insertCharge(clinicId: string, input: ChargeInput): Promise<ChargeRecord> {
    checkCharge(input);
    const now = this.run.clock();
    const [row] = await this.run.write((db) =>
      db
        .insert(charges)
        .values({ clinicId, id: input.id, ...chargeValues(input), createdAt: now, updatedAt: now })
        .returning(),
    );
    return chargeRecord(row as ChargeRow);
  }

  async updateCharge(
    clinicId: string,
    id: string,
    patch: Partial<Omit<ChargeInput, "id">>,
    options: { expectedVersion?: number } = {},
  ): Promise<ChargeRecord> {
    const row = await this.run.write(async (db) => {
      const where = and(eq(charges.clinicId, clinicId), eq(charges.id, id));
      const [current] = await db.select().from(charges).where(where).for("update");
      if (!current) throw notFound("charge", id);
      if (current.status !== "uninvoiced") {
        throw new StorageError("IMMUTABLE", `charge ${id} is ${current.status} and cannot change`, {
          detail: { id, status: current.status },
        });
      }
      if (options.expectedVersion !== undefined && current.version !== options.expectedVersion) {
        throw versionConflict("charge", id, current.version);
      }
      const {
        clinicId: _c,
        version: _v,
        createdAt: _a,
        updatedAt: _u,
        ...fields
      } = chargeRecord(current);
      const next = { ...fields, ...dropUndefined(patch) } as Omit<ChargeInput, "id">;
      checkCharge(next);
      const [updated] = await db
        .update(charges)
        .set({ ...chargeValues(next), version: current.version + 1, updatedAt: this.run.clock() })
        .where(where)
        .returning();
      return updated;
    });
    return chargeRecord(row as ChargeRow);
  }

  async getCharge(clinicId: string, id: string): Promise<ChargeRecord | undefined> {
    const [row] = await this.run.read((db) =>
      db
        .select()
        .from(charges)
        .where(and(eq(charges.clinicId, clinicId), eq(charges.id, id))),
    );
    return row && chargeRecord(row);
  }

  async listCharges(clinicId: string, query: ChargeQuery = {}): Promise<ChargeRecord[]> {
    if (query.ids?.length === 0 || query.statuses?.length === 0) return [];
    if (query.appointmentIds?.length === 0) return [];
    const rows = await this.run.read((db) =>
      db
        .select()
        .from(charges)
        .where(
          and(
            eq(charges.clinicId, clinicId),
            query.caseId === undefined ? undefined : eq(charges.caseId, query.caseId),
            query.clientId === undefined ? undefined : eq(charges.clientId, query.clientId),
            query.appointmentId === undefined
              ? undefined
              : eq(charges.appointmentId, query.appointmentId),
            query.appointmentIds ? inArray(charges.appointmentId, query.appointmentIds) : undefined,
            query.invoiceId === undefined ? undefined : eq(charges.invoiceId, query.invoiceId),
            query.statuses ? inArray(charges.status, query.statuses) : undefined,
            query.ids ? inArray(charges.id, query.ids) : undefined,
            query.from === undefined ? undefined : gte(charges.chargedAt, toDate(query.from)),
            query.to === undefined ? undefined : lt(charges.chargedAt, toDate(query.to)),
          ),
        )
        .orderBy(asc(charges.chargedAt), byText(charges.id)),
    );
    return rows.map(chargeRecord);
  }

  // --- issued documents ---

  async claimDocumentNumber(clinicId: string, series: string): Promise<number> {
    // One statement: insert the counter at 1, or add 1 under the row lock it takes. The lock is
    // held until the transaction ends, so the next issuer waits and sees the committed value.
    const [row] = await this.run.write((db) =>
      db
        .insert(documentCounters)
        .values({ clinicId, series, lastSequence: 1 })
        .onConflictDoUpdate({
          target: [documentCounters.clinicId, documentCounters.series],
          set: { lastSequence: sql`${documentCounters.lastSequence} + 1` },
        })
        .returning({ sequence: documentCounters.lastSequence }),
    );
    if (!row) throw notFound("document series", series);
    return row.sequence;
  }

  async insertBillingDocument(
    clinicId: string,
    input: BillingDocumentInput,
  ): Promise<BillingDocumentRecord> {
    positiveInteger(input.sequence, "sequence");
    const [row] = await this.run.write((db) =>
      db
        .insert(billingDocuments)
        .values({
          clinicId,
          id: input.id,
          kind: input.kind,
          series: input.series,
          sequence: input.sequence,
          number: input.number,
          caseId: input.caseId,
          clientId: input.clientId,
          invoiceId: input.invoiceId ?? null,
          issuedAt: toDate(input.issuedAt),
          snapshot: json<JsonObject>(input.snapshot),
          createdAt: this.run.clock(),
        })
        .returning(),
    );
    return documentRecord(row as DocumentRow);
  }

  async getBillingDocument(
    clinicId: string,
    id: string,
  ): Promise<BillingDocumentRecord | undefined> {
    const [row] = await this.run.read((db) =>
      db
        .select()
        .from(billingDocuments)
        .where(and(eq(billingDocuments.clinicId, clinicId), eq(billingDocuments.id, id))),
    );
    return row && documentRecord(row);
  }

  async listBillingDocuments(
    clinicId: string,
    query: BillingDocumentQuery = {},
  ): Promise<BillingDocumentRecord[]> {
    if (query.ids?.length === 0) return [];
    const d = billingDocuments;
    const rows = await this.run.read((db) =>
      db
        .select()
        .from(d)
        .where(
          and(
            eq(d.clinicId, clinicId),
            query.kind === undefined ? undefined : eq(d.kind, query.kind),
            query.caseId === undefined ? undefined : eq(d.caseId, query.caseId),
            query.clientId === undefined ? undefined : eq(d.clientId, query.clientId),
            query.invoiceId === undefined ? undefined : eq(d.invoiceId, query.invoiceId),
            query.ids ? inArray(d.id, query.ids) : undefined,
            query.from === undefined ? undefined : gte(d.issuedAt, toDate(query.from)),
            query.to === undefined ? undefined : lt(d.issuedAt, toDate(query.to)),
          ),
        )
        .orderBy(asc(d.issuedAt), byText(d.number)),
    );
    return rows.map(documentRecord);
  }

  // --- payments ---

  async insertPayment(clinicId: string, input: PaymentInput): Promise<PaymentRecord> {
    positiveInteger(input.amount.amount, "amount.amount");
    const [row] = await this.run.write((db) =>
      db
        .insert(payments)
        .values({
          clinicId,
          id: input.id,
          kind: input.kind,
          clientId: input.clientId,
          caseId: input.caseId,
          invoiceId: input.invoiceId ?? null,
          appointmentId: input.appointmentId ?? null,
          method: input.method,
          amount: input.amount.amount,
          currency: input.amount.currency,
          reference: input.reference ?? null,
          at: toDate(input.at),
          meta: json<JsonObject>(input.meta ?? {}),
          createdAt: this.run.clock(),
        })
        .returning(),
    );
    return paymentRecord(row as PaymentRow);
  }

  async getPayment(clinicId: string, id: string): Promise<PaymentRecord | undefined> {
    const [row] = await this.run.read((db) =>
      db
        .select()
        .from(payments)
        .where(and(eq(payments.clinicId, clinicId), eq(payments.id, id))),
    );
    return row && paymentRecord(row);
  }

  async listPayments(clinicId: string, query: PaymentQuery = {}): Promise<PaymentRecord[]> {
    if (query.ids?.length === 0) return [];
    const p = payments;
    const rows = await this.run.read((db) =>
      db
        .select()
        .from(p)
        .where(
          and(
            eq(p.clinicId, clinicId),
            query.clientId === undefined ? undefined : eq(p.clientId, query.clientId),
            query.caseId === undefined ? undefined : eq(p.caseId, query.caseId),
            query.invoiceId === undefined ? undefined : eq(p.invoiceId, query.invoiceId),
            query.appointmentId === undefined
              ? undefined
              : eq(p.appointmentId, query.appointmentId),
            query.ids ? inArray(p.id, query.ids) : undefined,
            query.from === undefined ? undefined : gte(p.at, toDate(query.from)),
            query.to === undefined ? undefined : lt(p.at, toDate(query.to)),
          ),
        )
        .orderBy(asc(p.at), byText(p.id)),
    );
    return rows.map(paymentRecord);
  }

  async insertPaymentIntent(
    clinicId: string,
    input: PaymentIntentInput,
  ): Promise<PaymentIntentRecord> {
    positiveInteger(input.amount.amount, "amount.amount");
    const now = this.run.clock();
    const [row] = await this.run.write((db) =>
      db
        .insert(paymentIntents)
        .values({
          clinicId,
          id: input.id,
          provider: input.provider,
          providerIntentId: input.providerIntentId,
          status: input.status,
          amount: input.amount.amount,
          currency: input.amount.currency,
          appointmentId: input.appointmentId ?? null,
          clientId: input.clientId ?? null,
          paymentId: input.paymentId ?? null,
          meta: json<JsonObject>(input.meta ?? {}),
          createdAt: now,
          updatedAt: now,
        })
        .returning(),
    );
    return intentRecord(row as IntentRow);
  }

  async updatePaymentIntent(
    clinicId: string,
    id: string,
    patch: PaymentIntentPatch,
    options: { expectedVersion?: number } = {},
  ): Promise<PaymentIntentRecord> {
    const row = await this.run.write(async (db) => {
      const where = and(eq(paymentIntents.clinicId, clinicId), eq(paymentIntents.id, id));
      const [current] = await db.select().from(paymentIntents).where(where).for("update");
      if (!current) throw notFound("payment intent", id);
      if (options.expectedVersion !== undefined && current.version !== options.expectedVersion) {
        throw versionConflict("payment intent", id, current.version);
      }
      const [updated] = await db
        .update(paymentIntents)
        .set({
          ...(patch.status === undefined ? {} : { status: patch.status }),
          ...(patch.paymentId === undefined ? {} : { paymentId: patch.paymentId }),
          ...(patch.meta === undefined ? {} : { meta: json<JsonObject>(patch.meta) }),
          version: current.version + 1,
          updatedAt: this.run.clock(),
        })
        .where(where)
        .returning();
      return updated;
    });
    return intentRecord(row as IntentRow);
  }

  async getPaymentIntent(clinicId: string, id: string): Promise<PaymentIntentRecord | undefined> {
    const [row] = await this.run.read((db) =>
      db
        .select()
        .from(paymentIntents)
        .where(and(eq(paymentIntents.clinicId, clinicId), eq(paymentIntents.id, id))),
    );
    return row && intentRecord(row);
  }

  async findPaymentIntentByProviderId(
    provider: string,
    providerIntentId: string,
  ): Promise<PaymentIntentRecord | undefined> {
    const [row] = await this.run.read((db) =>
      db
        .select()
        .from(paymentIntents)
        .where(
          and(
            eq(paymentIntents.provider, provider),
            eq(paymentIntents.providerIntentId, providerIntentId),
          ),
        ),
    );
    return row && intentRecord(row);
  }

  // --- packages ---

  async putPackage(
    clinicId: string,
    input: PackageInput,
    options: { expectedVersion?: number } = {},
  ): Promise<PackageRecord> {
    const now = this.run.clock();
    const { id, ownerClientId, purchasedAt, uses, caseId, meta: packageMeta, ...rest } = input;
    const values = {
      ownerClientId,
      caseId: caseId ?? null,
      purchasedAt: toDate(purchasedAt),
      refunded: input.refund !== undefined,
      data: json<JsonObject>(rest),
      meta: json<JsonObject>(packageMeta ?? {}),
    };
    return this.run.write(async (db) => {
      const where = and(eq(packages.clinicId, clinicId), eq(packages.id, id));
      const [current] = await db.select().from(packages).where(where).for("update");
      if (options.expectedVersion !== undefined && current?.version !== options.expectedVersion) {
        throw versionConflict("package", id, current?.version ?? 0);
      }
      const [row] = current
        ? await db
            .update(packages)
            .set({ ...values, version: current.version + 1, updatedAt: now })
            .where(where)
            .returning()
        : await db
            .insert(packages)
            .values({ clinicId, id, ...values, createdAt: now, updatedAt: now })
            .returning();
      await db
        .delete(packageUses)
        .where(and(eq(packageUses.clinicId, clinicId), eq(packageUses.packageId, id)));
      const rows =
        uses.length === 0
          ? []
          : await db
              .insert(packageUses)
              .values(
                uses.map((u, position) => ({
                  clinicId,
                  packageId: id,
                  appointmentId: u.appointmentId,
                  position,
                  at: toDate(u.at),
                  date: u.date,
                  therapistId: u.therapistId,
                  clientId: u.clientId,
                  kind: u.kind,
                })),
              )
              .returning();
      return packageRecord(row as PackageRow, rows);
    });
  }

  async #packages(db: SqlDb, where: SQL | undefined, lock = false): Promise<PackageRecord[]> {
    const select = db
      .select()
      .from(packages)
      .where(where)
      .orderBy(asc(packages.purchasedAt), byText(packages.id));
    const rows = lock ? await select.for("update") : await select;
    if (rows.length === 0) return [];
    const first = rows[0] as PackageRow;
    const uses = await db
      .select()
      .from(packageUses)
      .where(
        and(
          eq(packageUses.clinicId, first.clinicId),
          inArray(
            packageUses.packageId,
            rows.map((r) => r.id),
          ),
        ),
      );
    return rows.map((row) =>
      packageRecord(
        row,
        uses.filter((u) => u.packageId === row.id),
      ),
    );
  }

  async getPackage(clinicId: string, id: string): Promise<PackageRecord | undefined> {
    const [record] = await this.run.read((db) =>
      this.#packages(db, and(eq(packages.clinicId, clinicId), eq(packages.id, id))),
    );
    return record;
  }

  async lockPackage(clinicId: string, id: string): Promise<PackageRecord | undefined> {
    const [record] = await this.run.read((db) =>
      this.#packages(db, and(eq(packages.clinicId, clinicId), eq(packages.id, id)), true),
    );
    return record;
  }

  async listPackages(clinicId: string, query: PackageQuery = {}): Promise<PackageRecord[]> {
    if (query.ids?.length === 0) return [];
    return this.run.read((db) =>
      this.#packages(
        db,
        and(
          eq(packages.clinicId, clinicId),
          query.ownerClientId === undefined
            ? undefined
            : eq(packages.ownerClientId, query.ownerClientId),
          query.clientId === undefined
            ? undefined
            : or(
                eq(packages.ownerClientId, query.clientId),
                sql`${packages.data}->'allowedClientIds' @> ${JSON.stringify([query.clientId])}::jsonb`,
              ),
          query.status === undefined
            ? undefined
            : eq(packages.refunded, query.status === "refunded"),
          query.ids ? inArray(packages.id, query.ids) : undefined,
        ),
      ),
    );
  }

  async listPackageUses(
    clinicId: string,
    query: PackageUseQuery = {},
  ): Promise<PackageUseRecord[]> {
    const u = packageUses;
    const rows = await this.run.read((db) =>
      db
        .select()
        .from(u)
        .where(
          and(
            eq(u.clinicId, clinicId),
            query.packageId === undefined ? undefined : eq(u.packageId, query.packageId),
            query.appointmentId === undefined
              ? undefined
              : eq(u.appointmentId, query.appointmentId),
            query.clientId === undefined ? undefined : eq(u.clientId, query.clientId),
            query.therapistId === undefined ? undefined : eq(u.therapistId, query.therapistId),
          ),
        )
        .orderBy(asc(u.at), byText(u.appointmentId)),
    );
    return rows.map((r) => ({
      clinicId: r.clinicId,
      packageId: r.packageId,
      appointmentId: r.appointmentId,
      at: iso(r.at),
      date: r.date,
      therapistId: r.therapistId,
      clientId: r.clientId,
      kind: r.kind,
    }));
  }

  // --- provider catalogs ---

  async putProviderService(
    clinicId: string,
    input: ProviderServiceInput,
  ): Promise<ProviderServiceRecord> {
    const now = this.run.clock();
    if (input.price) {
      if (!Number.isSafeInteger(input.price.amount) || input.price.amount < 0) {
        throw new StorageError("INVALID_VALUE", "price.amount must be a whole number ≥ 0", {
          detail: { field: "price.amount" },
        });
      }
    }
    const values = {
      priceAmount: input.price?.amount ?? null,
      priceCurrency: input.price?.currency ?? null,
      active: input.active ?? true,
    };
    const [row] = await this.run.write((db) =>
      db
        .insert(providerServices)
        .values({
          clinicId,
          calendarId: input.calendarId,
          serviceId: input.serviceId,
          ...values,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: [
            providerServices.clinicId,
            providerServices.calendarId,
            providerServices.serviceId,
          ],
          set: { ...values, version: sql`${providerServices.version} + 1`, updatedAt: now },
        })
        .returning(),
    );
    return providerServiceRecord(row as ProviderServiceRow);
  }

  async listProviderServices(
    clinicId: string,
    query: { calendarId?: string; serviceId?: string } = {},
  ): Promise<ProviderServiceRecord[]> {
    const p = providerServices;
    const rows = await this.run.read((db) =>
      db
        .select()
        .from(p)
        .where(
          and(
            eq(p.clinicId, clinicId),
            query.calendarId === undefined ? undefined : eq(p.calendarId, query.calendarId),
            query.serviceId === undefined ? undefined : eq(p.serviceId, query.serviceId),
          ),
        )
        .orderBy(byText(p.calendarId), byText(p.serviceId)),
    );
    return rows.map(providerServiceRecord);
  }

  async deleteProviderService(
    clinicId: string,
    calendarId: string,
    serviceId: string,
  ): Promise<boolean> {
    const p = providerServices;
    const rows = await this.run.write((db) =>
      db
        .delete(p)
        .where(
          and(eq(p.clinicId, clinicId), eq(p.calendarId, calendarId), eq(p.serviceId, serviceId)),
        )
        .returning({ id: p.serviceId }),
    );
    return rows.length > 0;
  }
  // --- message settings ---

  async getMessageSettings(clinicId: string): Promise<MessageSettingsRecord | undefined> {
    const [row] = await this.run.read((db) =>
      db.select().from(messageSettings).where(eq(messageSettings.clinicId, clinicId)),
    );
    return row && messageSettingsRecord(row);
  }

  async putMessageSettings(
    clinicId: string,
    input: MessageSettingsInput,
    options: { expectedVersion?: number } = {},
  ): Promise<MessageSettingsRecord> {
    const now = this.run.clock();
    const row = await this.run.write(async (db) => {
      const where = eq(messageSettings.clinicId, clinicId);
      const [current] = await db.select().from(messageSettings).where(where).for("update");
      if (
        options.expectedVersion !== undefined &&
        (current?.version ?? 0) !== options.expectedVersion
      ) {
        throw versionConflict("message settings of", clinicId, current?.version ?? 0);
      }
      const values = {
        settings: json<JsonObject>(input.settings),
        providers: JSON.parse(JSON.stringify(input.providers ?? [])) as JsonObject[],
        templates: json<JsonObject>(input.templates),
      };
      if (current) {
        const [updated] = await db
          .update(messageSettings)
          .set({ ...values, version: current.version + 1, updatedAt: now })
          .where(where)
          .returning();
        return updated;
      }
      const [inserted] = await db
        .insert(messageSettings)
        .values({ clinicId, ...values, createdAt: now, updatedAt: now })
        .returning();
      return inserted;
    });
    return messageSettingsRecord(row as MessageSettingsRow);
  }
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
