// The staff routes the checkout, reports and audit sections call, typed, over the shell's
// `client.request` / `client.download` (docs/server/staff-api.md and the OpenAPI document).

import type { AuditEntry, StaffClient } from "../api.js";

/** Money in minor units. */
export interface Money {
  amount: number;
  currency: string;
}

/** A charge as the server presents it. */
export interface Charge {
  id: string;
  caseId: string;
  appointmentId?: string;
  description: string;
  unitPrice: Money;
  quantity: number;
  status: "uninvoiced" | "invoiced" | "void";
  invoiceId?: string;
  source?: string;
  voidReason?: string;
  /** Why it is void, when the server voided it by itself (`staff` otherwise). */
  voidCause?: {
    kind: "package_session" | "no_show_from_package" | "status_rolled_back" | "staff";
    packageId?: string;
  };
  amounts: { net: number; tax: number; gross: number };
  version: number;
}

/** A payment or refund. */
export interface Payment {
  id: string;
  kind: "payment" | "refund";
  method: string;
  amount: Money;
  at: string;
  invoiceId?: string;
  appointmentId?: string;
  caseId?: string;
  receipt: string;
}

/** An issued invoice or credit note. */
export interface BillingDocument {
  id: string;
  kind: "invoice" | "credit_note";
  number: string;
  caseId: string;
  clientId: string;
  issuedAt: string;
  pdf: string;
  balance?: { outstanding: number; paid: number; credited: number };
  snapshot?: { totals?: { gross: number } };
}

/** A package of sessions with its balance and attendance log. */
export interface SessionPackage {
  id: string;
  name: string;
  ownerClientId: string;
  sessions: number;
  expiresOn?: string;
  refund?: unknown;
  balance: {
    sold: number;
    used: number;
    remaining: number;
    refunded: number;
    expired: boolean;
    line: string;
  };
  attendance: Array<{ appointmentId: string; at: string; date: string; therapistId: string }>;
  assignedVisits: string[];
}

/** `GET /appointments/:id/billing`. */
export interface VisitMoney {
  appointmentId: string;
  status: string;
  caseId: string | null;
  charges: Charge[];
  payments: Payment[];
  paid: boolean;
  money: { due: number; covered: number; outstanding: number; money: string };
  package: { id: string; name: string; usedByThisVisit: boolean } | null;
}

/** A case as listed. */
export interface CaseInfo {
  id: string;
  clientId: string;
  title: string;
  status: string;
}

/** What an e-mail route queued. */
export interface QueuedMail {
  to: string;
  documents: Array<{ kind: string; id: string }>;
}

/** The figures of one scope of the monthly report (the engine's `ReportFigures`). */
export interface ReportFigures {
  appointments: number;
  byStatus: Record<string, number>;
  completedVisits: number;
  patients: number;
  sessionsPerPatient: { value: number | null };
  noShowRate: { value: number | null; numerator: number; denominator: number };
  taxIdShare: { value: number | null; numerator: number; denominator: number };
  newPatients: number;
  recurringPatients: number;
  bookedMinutes: number;
  revenue: number;
  revenuePerBookedHour: number | null;
  netPayments: number;
}

/** `GET /reports/monthly`. */
export interface MonthlyReport {
  month: string;
  currency: string;
  totals: ReportFigures;
  byProvider: Array<ReportFigures & { providerId: string | null }>;
}

/** One audit entry (the staff API's {@link AuditEntry}). */
export type AuditRow = AuditEntry;

const enc = encodeURIComponent;

/** The most visits one `GET /billing/visits` names (the server's limit). */
export const VISITS_PER_READ = 200;

/** The typed calls of the sections. */
export interface BillingApi {
  visit(id: string): Promise<VisitMoney>;
  /** Several visits' money in one request (at most {@link VISITS_PER_READ} ids), in the order asked. */
  visits(ids: readonly string[]): Promise<VisitMoney[]>;
  cases(clientId: string): Promise<CaseInfo[]>;
  caseCharges(caseId: string): Promise<Charge[]>;
  addCharge(caseId: string, body: { description: string; unitPrice: Money }): Promise<Charge>;
  editCharge(
    id: string,
    body: { description?: string; unitPrice?: Money; expectedVersion: number },
  ): Promise<Charge>;
  voidCharge(id: string, reason: string): Promise<Charge>;
  invoices(query: { caseId?: string; clientId?: string }): Promise<BillingDocument[]>;
  invoice(id: string): Promise<BillingDocument>;
  issueInvoice(caseId: string): Promise<BillingDocument>;
  creditNote(invoiceId: string, reason: string): Promise<BillingDocument>;
  payments(query: { caseId?: string; clientId?: string }): Promise<Payment[]>;
  pay(body: {
    kind: "payment" | "refund";
    method: string;
    amount: Money;
    reference?: string;
    invoiceId?: string;
    appointmentId?: string;
    caseId?: string;
  }): Promise<Payment>;
  emailInvoice(id: string, email?: string): Promise<QueuedMail>;
  emailReceipt(paymentId: string, email?: string): Promise<QueuedMail>;
  packages(clientId: string): Promise<SessionPackage[]>;
  sellPackage(
    clientId: string,
    body: {
      name: string;
      sessions: number;
      price: { total: Money };
      expiresOn?: string;
      caseId?: string;
      payment?: { method: string };
    },
  ): Promise<SessionPackage>;
  usePackage(appointmentId: string, packageId: string | null): Promise<unknown>;
  refundPackage(id: string, method: string): Promise<unknown>;
  monthly(month: string, providerId?: string): Promise<MonthlyReport>;
  monthlyCsv(month: string, providerId?: string): Promise<Blob>;
  audit(
    query: Record<string, string>,
  ): Promise<{ entries: AuditRow[]; nextAfterSeq: number | null }>;
  pdf(path: string): Promise<Blob>;
  /** Calendar names by id (to name the therapist of a package session). */
  calendarNames(): Promise<Map<string, string>>;
}

/**
 * The sections' typed calls over a staff client.
 *
 * @example
 * const api = billingApi(client);
 * const money = await api.visit("apt_1");
 */
export function billingApi(client: StaffClient): BillingApi {
  const r = client.request.bind(client);
  const defined = (q: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(q).filter(([, v]) => v)) as Record<string, string>;
  return {
    visit: (id) => r("GET", `/appointments/${enc(id)}/billing`),
    visits: async (ids) =>
      (
        await r<{ visits: VisitMoney[] }>("GET", "/billing/visits", {
          query: { ids: ids.join(",") },
        })
      ).visits,
    cases: async (clientId) =>
      (await r<{ cases: CaseInfo[] }>("GET", `/clients/${enc(clientId)}/cases`)).cases,
    caseCharges: async (caseId) =>
      (await r<{ charges: Charge[] }>("GET", `/cases/${enc(caseId)}/charges`)).charges,
    addCharge: async (caseId, body) =>
      (await r<{ charge: Charge }>("POST", `/cases/${enc(caseId)}/charges`, { body })).charge,
    editCharge: async (id, body) =>
      (await r<{ charge: Charge }>("PATCH", `/charges/${enc(id)}`, { body })).charge,
    voidCharge: async (id, reason) =>
      (
        await r<{ charge: Charge }>("POST", `/charges/${enc(id)}/void`, {
          body: reason ? { reason } : {},
        })
      ).charge,
    invoices: async (query) =>
      (await r<{ documents: BillingDocument[] }>("GET", "/invoices", { query: defined(query) }))
        .documents,
    invoice: async (id) =>
      (await r<{ invoice: BillingDocument }>("GET", `/invoices/${enc(id)}`)).invoice,
    issueInvoice: async (caseId) =>
      (
        await r<{ invoice: BillingDocument }>("POST", `/cases/${enc(caseId)}/invoices`, {
          body: {},
        })
      ).invoice,
    creditNote: async (invoiceId, reason) =>
      (
        await r<{ creditNote: BillingDocument }>(
          "POST",
          `/invoices/${enc(invoiceId)}/credit-notes`,
          { body: { reason } },
        )
      ).creditNote,
    payments: async (query) =>
      (await r<{ payments: Payment[] }>("GET", "/payments", { query: defined(query) })).payments,
    pay: async (body) => (await r<{ payment: Payment }>("POST", "/payments", { body })).payment,
    emailInvoice: async (id, email) =>
      (
        await r<{ email: QueuedMail }>("POST", `/invoices/${enc(id)}/email`, {
          body: email ? { email } : {},
        })
      ).email,
    emailReceipt: async (id, email) =>
      (
        await r<{ email: QueuedMail }>("POST", `/payments/${enc(id)}/email`, {
          body: email ? { email } : {},
        })
      ).email,
    packages: async (clientId) =>
      (await r<{ packages: SessionPackage[] }>("GET", "/packages", { query: { clientId } }))
        .packages,
    sellPackage: async (clientId, body) =>
      (await r<{ package: SessionPackage }>("POST", `/clients/${enc(clientId)}/packages`, { body }))
        .package,
    usePackage: (appointmentId, packageId) =>
      r("PUT", `/appointments/${enc(appointmentId)}/package`, { body: { packageId } }),
    refundPackage: (id, method) => r("POST", `/packages/${enc(id)}/refund`, { body: { method } }),
    monthly: async (month, providerId) =>
      (
        await r<{ report: MonthlyReport }>("GET", "/reports/monthly", {
          query: defined({ month, providerId }),
        })
      ).report,
    monthlyCsv: (month, providerId) =>
      client.download("/reports/monthly.csv", { query: defined({ month, providerId }) }),
    audit: (query) => r("GET", "/audit", { query }),
    pdf: (path) => client.download(path.replace(/^\/v1\/staff/, "")),
    calendarNames: async () => new Map((await client.calendars()).map((c) => [c.id, c.name])),
  };
}
