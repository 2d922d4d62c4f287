// The back-office Storage operations in SQL (cases, charges, issued documents and their gap-free
// numbers, payments, payment intents, packages with their attendance log, provider catalogs),
// shared by the PGlite and PostgreSQL adapters: `SqlTransaction` extends this class.

import { and, asc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type * as B from "../back-office.js";
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
import {
  checkVersion,
  json,
  money,
  notFound,
  optional,
  orNull,
  pick,
  recordOf,
} from "./sql-records.js";
import type { SqlDb } from "./sql-runner.js";
import {
  byKey,
  byText,
  inIf,
  matching,
  rowToChange,
  rowWhere,
  SqlTables,
  saveVersioned,
  within,
} from "./sql-statements.js";

function positiveInteger(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new StorageError("INVALID_VALUE", `${field} must be a positive whole number`, {
      detail: { field },
    });
  }
}

type ChargeRow = typeof charges.$inferSelect;
type DocumentRow = typeof billingDocuments.$inferSelect;
type PaymentRow = typeof payments.$inferSelect;
type IntentRow = typeof paymentIntents.$inferSelect;
type PackageRow = typeof packages.$inferSelect;
type UseRow = typeof packageUses.$inferSelect;

type CaseRow = typeof cases.$inferSelect;

function caseRecord(row: CaseRow): B.CaseRecord {
  const {
    payerKind,
    payerName,
    payerTaxId,
    payerAddress,
    payerEmail,
    payerReference,
    referralBy,
    referralDate,
    referralReference,
    ...fields
  } = row;
  return {
    ...recordOf(fields),
    ...(payerKind !== null && payerName !== null
      ? {
          payer: {
            kind: payerKind,
            name: payerName,
            ...optional({
              taxId: payerTaxId,
              address: payerAddress,
              email: payerEmail,
              reference: payerReference,
            }),
          },
        }
      : {}),
    ...(referralBy !== null
      ? {
          referral: {
            by: referralBy,
            ...optional({ date: referralDate, reference: referralReference }),
          },
        }
      : {}),
  };
}

/** The payer and referral columns of a case (all null when absent). */
function casePartyValues(input: B.CaseInput) {
  const payer = input.payer ?? undefined;
  const referral = input.referral ?? undefined;
  return {
    payerKind: payer?.kind ?? null,
    payerName: payer?.name ?? null,
    payerTaxId: payer?.taxId ?? null,
    payerAddress: payer?.address ?? null,
    payerEmail: payer?.email ?? null,
    payerReference: payer?.reference ?? null,
    referralBy: referral?.by ?? null,
    referralDate: referral?.date ?? null,
    referralReference: referral?.reference ?? null,
  };
}
const documentRecord = (row: DocumentRow): B.BillingDocumentRecord => recordOf(row);
const messageSettingsRecord = (row: typeof messageSettings.$inferSelect): B.MessageSettingsRecord =>
  recordOf(row);

function chargeRecord(row: ChargeRow): B.ChargeRecord {
  const { unitAmount, currency, source, ...fields } = row;
  return {
    ...recordOf(fields),
    unitPrice: { amount: unitAmount, currency },
    source: source as B.ChargeSourceValue,
  };
}

/** A row whose `amount` and `currency` columns are one money field of its record. */
function withAmount<Row extends { amount: number; currency: string }>(row: Row) {
  const { amount, currency, ...fields } = row;
  return { ...recordOf(fields), amount: { amount, currency } };
}

/** The amount and meta columns of a payment or payment intent (the inverse of `withAmount`). */
function amountValues(input: { amount: { amount: number; currency: string }; meta?: JsonObject }) {
  const { amount, currency } = input.amount;
  return { amount, currency, meta: json<JsonObject>(input.meta ?? {}) };
}

const paymentRecord = (row: PaymentRow): B.PaymentRecord => withAmount(row);
const intentRecord = (row: IntentRow): B.PaymentIntentRecord => withAmount(row);

/** A line of the attendance log as the package's `uses` show it. */
function useValue(row: UseRow): B.PackageUseValue {
  const { clinicId: _c, packageId: _p, position: _n, ...use } = row;
  return recordOf(use);
}

function packageRecord(row: PackageRow, uses: UseRow[]): B.PackageRecord {
  const { data, refunded: _r, ...fields } = row;
  return {
    ...(data as unknown as Omit<B.PackageRecord, keyof typeof fields | "uses">),
    ...recordOf(fields),
    uses: uses
      .slice()
      .sort((a, b) => a.position - b.position)
      .map(useValue),
  };
}

function providerServiceRecord(row: typeof providerServices.$inferSelect): B.ProviderServiceRecord {
  const { priceAmount, priceCurrency, ...fields } = row;
  return { ...recordOf(fields), ...optional({ price: money(priceAmount, priceCurrency) }) };
}

function chargeValues(c: Omit<B.ChargeInput, "id">) {
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

function checkCharge(c: Omit<B.ChargeInput, "id">): void {
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
 * The back-office half of `SqlTransaction` (which extends it with the rest of the storage).
 *
 * @example
 * ```ts
 * const office = new SqlBackOffice({ write, read, clock });
 * await office.claimDocumentNumber("c1", "invoice:2026"); // 1, then 2, …
 * ```
 */
export class SqlBackOffice extends SqlTables {
  // --- cases ---

  async putCase(
    clinicId: string,
    input: B.CaseInput,
    options: { expectedVersion?: number } = {},
  ): Promise<B.CaseRecord> {
    const now = this.run.clock();
    const row = await this.run.write(async (db) => {
      const current = await rowWhere(db, cases, byKey(cases, clinicId, input.id), "update");
      checkVersion("case", input.id, options.expectedVersion, current?.version);
      return saveVersioned(
        db,
        cases,
        { clinicId, id: input.id },
        current,
        {
          clientId: input.clientId,
          title: input.title,
          status: input.status ?? "open",
          openedAt:
            input.openedAt === undefined ? (current?.openedAt ?? now) : toDate(input.openedAt),
          closedAt: input.closedAt === undefined ? null : toDate(input.closedAt),
          ...casePartyValues(input),
          extra: json<JsonObject>(input.extra ?? {}),
        },
        now,
      );
    });
    return caseRecord(row);
  }

  async getCase(clinicId: string, id: string): Promise<B.CaseRecord | undefined> {
    return this.find(cases, clinicId, id, caseRecord);
  }

  async listCases(clinicId: string, query: B.CaseQuery = {}): Promise<B.CaseRecord[]> {
    if (query.ids?.length === 0) return [];
    return this.list(cases, clinicId, caseRecord, {
      where: [...matching(cases, query, ["clientId", "status"]), inIf(cases.id, query.ids)],
      orderBy: [asc(cases.openedAt), byText(cases.id)],
    });
  }

  async lockCase(clinicId: string, id: string): Promise<B.CaseRecord | undefined> {
    return this.find(cases, clinicId, id, caseRecord, "update");
  }

  // --- charges ---

  async insertCharge(clinicId: string, input: B.ChargeInput): Promise<B.ChargeRecord> {
    checkCharge(input);
    const now = this.run.clock();
    return this.insertRow(
      charges,
      { clinicId, id: input.id, ...chargeValues(input), createdAt: now, updatedAt: now },
      chargeRecord,
    );
  }

  async updateCharge(
    clinicId: string,
    id: string,
    patch: Partial<Omit<B.ChargeInput, "id">>,
    { expectedVersion }: { expectedVersion?: number } = {},
  ): Promise<B.ChargeRecord> {
    const row = await this.run.write(async (db) => {
      const current = await rowToChange(db, charges, "charge", clinicId, id, expectedVersion, {
        refuse: ({ status }) => {
          if (status === "uninvoiced") return;
          throw new StorageError("IMMUTABLE", `charge ${id} is ${status} and cannot change`, {
            detail: { id, status },
          });
        },
      });
      const {
        clinicId: _c,
        version: _v,
        createdAt: _a,
        updatedAt: _u,
        ...fields
      } = chargeRecord(current);
      const next = { ...fields, ...dropUndefined(patch) } as Omit<B.ChargeInput, "id">;
      checkCharge(next);
      const key = { clinicId, id };
      return saveVersioned(db, charges, key, current, chargeValues(next), this.run.clock());
    });
    return chargeRecord(row);
  }

  async getCharge(clinicId: string, id: string): Promise<B.ChargeRecord | undefined> {
    return this.find(charges, clinicId, id, chargeRecord);
  }

  async listCharges(clinicId: string, query: B.ChargeQuery = {}): Promise<B.ChargeRecord[]> {
    if (query.ids?.length === 0 || query.statuses?.length === 0) return [];
    if (query.appointmentIds?.length === 0) return [];
    const c = charges;
    return this.list(c, clinicId, chargeRecord, {
      where: [
        ...matching(c, query, ["caseId", "clientId", "appointmentId", "invoiceId"]),
        inIf(c.appointmentId, query.appointmentIds),
        inIf(c.status, query.statuses),
        inIf(c.id, query.ids),
        ...within(c.chargedAt, query),
      ],
      orderBy: [asc(c.chargedAt), byText(c.id)],
    });
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
    input: B.BillingDocumentInput,
  ): Promise<B.BillingDocumentRecord> {
    positiveInteger(input.sequence, "sequence");
    return this.insertRow(
      billingDocuments,
      {
        ...input,
        clinicId,
        invoiceId: input.invoiceId ?? null,
        issuedAt: toDate(input.issuedAt),
        snapshot: json<JsonObject>(input.snapshot),
        createdAt: this.run.clock(),
      },
      documentRecord,
    );
  }

  async getBillingDocument(
    clinicId: string,
    id: string,
  ): Promise<B.BillingDocumentRecord | undefined> {
    return this.find(billingDocuments, clinicId, id, documentRecord);
  }

  async listBillingDocuments(
    clinicId: string,
    query: B.BillingDocumentQuery = {},
  ): Promise<B.BillingDocumentRecord[]> {
    if (query.ids?.length === 0) return [];
    const d = billingDocuments;
    return this.list(d, clinicId, documentRecord, {
      where: [
        ...matching(d, query, ["kind", "caseId", "clientId", "invoiceId"]),
        inIf(d.id, query.ids),
        ...within(d.issuedAt, query),
      ],
      orderBy: [asc(d.issuedAt), byText(d.number)],
    });
  }

  // --- payments ---

  async insertPayment(clinicId: string, input: B.PaymentInput): Promise<B.PaymentRecord> {
    positiveInteger(input.amount.amount, "amount.amount");
    return this.insertRow(
      payments,
      {
        clinicId,
        ...pick(input, ["id", "kind", "clientId", "caseId", "method"]),
        ...orNull(input, ["invoiceId", "appointmentId", "reference"]),
        ...amountValues(input),
        at: toDate(input.at),
        createdAt: this.run.clock(),
      },
      paymentRecord,
    );
  }

  async getPayment(clinicId: string, id: string): Promise<B.PaymentRecord | undefined> {
    return this.find(payments, clinicId, id, paymentRecord);
  }

  async listPayments(clinicId: string, query: B.PaymentQuery = {}): Promise<B.PaymentRecord[]> {
    if (query.ids?.length === 0) return [];
    const p = payments;
    return this.list(p, clinicId, paymentRecord, {
      where: [
        ...matching(p, query, ["clientId", "caseId", "invoiceId", "appointmentId"]),
        inIf(p.id, query.ids),
        ...within(p.at, query),
      ],
      orderBy: [asc(p.at), byText(p.id)],
    });
  }

  async insertPaymentIntent(
    clinicId: string,
    input: B.PaymentIntentInput,
  ): Promise<B.PaymentIntentRecord> {
    positiveInteger(input.amount.amount, "amount.amount");
    const now = this.run.clock();
    return this.insertRow(
      paymentIntents,
      {
        clinicId,
        ...pick(input, ["id", "provider", "providerIntentId", "status"]),
        ...orNull(input, ["appointmentId", "clientId", "paymentId"]),
        ...amountValues(input),
        createdAt: now,
        updatedAt: now,
      },
      intentRecord,
    );
  }

  async updatePaymentIntent(
    clinicId: string,
    id: string,
    patch: B.PaymentIntentPatch,
    { expectedVersion }: { expectedVersion?: number } = {},
  ): Promise<B.PaymentIntentRecord> {
    const row = await this.run.write(async (db) => {
      const what = "payment intent";
      const current = await rowToChange(db, paymentIntents, what, clinicId, id, expectedVersion);
      const values = {
        ...dropUndefined({ status: patch.status, paymentId: patch.paymentId }),
        ...(patch.meta === undefined ? {} : { meta: json<JsonObject>(patch.meta) }),
      };
      const key = { clinicId, id };
      return saveVersioned(db, paymentIntents, key, current, values, this.run.clock());
    });
    return intentRecord(row);
  }

  async getPaymentIntent(clinicId: string, id: string): Promise<B.PaymentIntentRecord | undefined> {
    return this.find(paymentIntents, clinicId, id, intentRecord);
  }

  findPaymentIntentByProviderId(
    provider: string,
    providerIntentId: string,
  ): Promise<B.PaymentIntentRecord | undefined> {
    const i = paymentIntents;
    const where = and(eq(i.provider, provider), eq(i.providerIntentId, providerIntentId));
    return this.findWhere(i, where, intentRecord);
  }

  // --- packages ---

  async putPackage(
    clinicId: string,
    input: B.PackageInput,
    options: { expectedVersion?: number } = {},
  ): Promise<B.PackageRecord> {
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
      const current = await rowWhere(db, packages, byKey(packages, clinicId, id), "update");
      checkVersion("package", id, options.expectedVersion, current?.version);
      const row = await saveVersioned(db, packages, { clinicId, id }, current, values, now);
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
                  ...u,
                  clinicId,
                  packageId: id,
                  position,
                  at: toDate(u.at),
                })),
              )
              .returning();
      return packageRecord(row, rows);
    });
  }

  async #packages(db: SqlDb, where: SQL | undefined, lock = false): Promise<B.PackageRecord[]> {
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

  async getPackage(clinicId: string, id: string): Promise<B.PackageRecord | undefined> {
    const [record] = await this.run.read((db) => this.#packages(db, byKey(packages, clinicId, id)));
    return record;
  }

  async lockPackage(clinicId: string, id: string): Promise<B.PackageRecord | undefined> {
    const [record] = await this.run.read((db) =>
      this.#packages(db, byKey(packages, clinicId, id), true),
    );
    return record;
  }

  async listPackages(clinicId: string, query: B.PackageQuery = {}): Promise<B.PackageRecord[]> {
    if (query.ids?.length === 0) return [];
    return this.run.read((db) =>
      this.#packages(
        db,
        and(
          eq(packages.clinicId, clinicId),
          ...matching(packages, query, ["ownerClientId"]),
          query.clientId === undefined
            ? undefined
            : or(
                eq(packages.ownerClientId, query.clientId),
                sql`${packages.data}->'allowedClientIds' @> ${JSON.stringify([query.clientId])}::jsonb`,
              ),
          query.status === undefined
            ? undefined
            : eq(packages.refunded, query.status === "refunded"),
          inIf(packages.id, query.ids),
        ),
      ),
    );
  }

  async listPackageUses(
    clinicId: string,
    query: B.PackageUseQuery = {},
  ): Promise<B.PackageUseRecord[]> {
    const u = packageUses;
    return this.list(u, clinicId, ({ position: _n, ...use }) => recordOf(use), {
      where: matching(u, query, ["packageId", "appointmentId", "clientId", "therapistId"]),
      orderBy: [asc(u.at), byText(u.appointmentId)],
    });
  }

  // --- provider catalogs ---

  async putProviderService(
    clinicId: string,
    input: B.ProviderServiceInput,
  ): Promise<B.ProviderServiceRecord> {
    if (input.price) {
      if (!Number.isSafeInteger(input.price.amount) || input.price.amount < 0) {
        throw new StorageError("INVALID_VALUE", "price.amount must be a whole number ≥ 0", {
          detail: { field: "price.amount" },
        });
      }
    }
    const key = { clinicId, calendarId: input.calendarId, serviceId: input.serviceId };
    const values = {
      priceAmount: input.price?.amount ?? null,
      priceCurrency: input.price?.currency ?? null,
      active: input.active ?? true,
    };
    return this.upsert(providerServices, key, values, providerServiceRecord);
  }

  async listProviderServices(
    clinicId: string,
    query: { calendarId?: string; serviceId?: string } = {},
  ): Promise<B.ProviderServiceRecord[]> {
    const p = providerServices;
    return this.list(p, clinicId, providerServiceRecord, {
      where: matching(p, query, ["calendarId", "serviceId"]),
      orderBy: [byText(p.calendarId), byText(p.serviceId)],
    });
  }

  async deleteProviderService(
    clinicId: string,
    calendarId: string,
    serviceId: string,
  ): Promise<boolean> {
    const p = providerServices;
    const where = and(
      eq(p.clinicId, clinicId),
      eq(p.calendarId, calendarId),
      eq(p.serviceId, serviceId),
    );
    return (await this.remove(p, where)) > 0;
  }

  // --- message settings ---

  getMessageSettings(clinicId: string): Promise<B.MessageSettingsRecord | undefined> {
    const where = eq(messageSettings.clinicId, clinicId);
    return this.findWhere(messageSettings, where, messageSettingsRecord);
  }

  async putMessageSettings(
    clinicId: string,
    input: B.MessageSettingsInput,
    options: { expectedVersion?: number } = {},
  ): Promise<B.MessageSettingsRecord> {
    const now = this.run.clock();
    const row = await this.run.write(async (db) => {
      const where = eq(messageSettings.clinicId, clinicId);
      const current = await rowWhere(db, messageSettings, where, "update");
      const stored = current?.version ?? 0;
      checkVersion("message settings of", clinicId, options.expectedVersion, stored);
      const values = {
        settings: json<JsonObject>(input.settings ?? {}),
        providers: json<JsonObject[]>(input.providers ?? []),
        templates: json<JsonObject>(input.templates ?? {}),
      };
      return saveVersioned(db, messageSettings, { clinicId }, current, values, now);
    });
    return messageSettingsRecord(row);
  }
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
