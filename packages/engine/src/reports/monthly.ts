import { z } from "zod";
import { mulDivRoundHalfUp } from "../billing/rounding.js";
import {
  type Appointment,
  type AppointmentStatus,
  appointmentSchema,
  appointmentStatusSchema,
  type Calendar,
  calendarSchema,
  currencySchema,
  idSchema,
  instantSchema,
  timeZoneSchema,
} from "../model.js";
import { clockFor, parseDay, parseInstant } from "../time/zoned.js";
import { parseInput } from "../validate.js";

const money = z.number().int("must be an integer number of minor units (e.g. cents)");

/** A charge (a billed line: session, product, fee, credit note as a negative amount). */
export const reportChargeSchema = z.object({
  id: idSchema,
  /** Integer minor units; credit notes are negative. */
  amount: money,
  currency: currencySchema,
  /** When it was charged: decides its month. */
  at: instantSchema,
  appointmentId: idSchema.optional(),
  clientId: idSchema.optional(),
  /** Billing provider; default: the provider of `appointmentId`. */
  providerId: idSchema.optional(),
  /** Default: the billing provider's location. */
  locationId: idSchema.optional(),
  /** Voided charges are left out. */
  voided: z.boolean().default(false),
});
/** A charge as the report reads it. */
export type ReportChargeInput = z.input<typeof reportChargeSchema>;

/** A payment received or a refund paid out. */
export const reportPaymentSchema = z.object({
  id: idSchema,
  kind: z.enum(["payment", "refund"]),
  /** Integer minor units, positive for both kinds (a refund subtracts). */
  amount: money.min(0, "must not be negative (use kind: refund)"),
  currency: currencySchema,
  at: instantSchema,
  /** Attribution: the charge paid, else the appointment. */
  chargeId: idSchema.optional(),
  appointmentId: idSchema.optional(),
});
/** A payment as the report reads it. */
export type ReportPaymentInput = z.input<typeof reportPaymentSchema>;

/** A client: only whether they gave a tax ID matters here. */
export const reportClientSchema = z
  .object({ id: idSchema, taxId: z.string().max(64).nullish() })
  .passthrough();

/** Input of {@link monthlyReport}. */
export const monthlyReportSchema = z
  .object({
    /** `YYYY-MM`. */
    month: z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])$/, "must be a month YYYY-MM"),
    /** The clinic's zone: the month runs from local midnight on the 1st to local midnight on the next 1st. */
    timeZone: timeZoneSchema,
    /** The report's currency; every charge and payment must be in it. */
    currency: currencySchema,
    /** Visits of the month and the clients' earlier ones (for new vs recurring patients). */
    appointments: z.array(appointmentSchema).max(1_000_000),
    /** Calendars, to find each visit's provider and location. */
    calendars: z.array(calendarSchema).max(5000),
    clients: z.array(reportClientSchema).max(1_000_000).default([]),
    charges: z.array(reportChargeSchema).max(1_000_000).default([]),
    payments: z.array(reportPaymentSchema).max(1_000_000).default([]),
  })
  .superRefine((r, ctx) => {
    for (const key of ["charges", "payments"] as const) {
      r[key].forEach((item, i) => {
        if (item.currency !== r.currency) {
          ctx.addIssue({
            code: "custom",
            path: [key, i, "currency"],
            message: `must be ${r.currency} (the report's currency)`,
          });
        }
      });
    }
  });
/** Input of {@link monthlyReport}. */
export type MonthlyReportRequest = z.input<typeof monthlyReportSchema>;

/** A ratio with its parts; `value` is `null` when the denominator is 0, else rounded to 4 places. */
export interface Ratio {
  numerator: number;
  denominator: number;
  value: number | null;
}

/** The figures of one scope (the whole clinic, one provider or one location). */
export interface ReportFigures {
  /**
   * Visits starting in the month, any status but `rebooked`: a moved visit counts once, as the
   * visit it was moved to (its old slot still shows in `byStatus.rebooked`).
   */
  appointments: number;
  /** Those visits by status (every status present, zeros included). */
  byStatus: Record<AppointmentStatus, number>;
  /** Completed visits (= `byStatus.completed`). */
  completedVisits: number;
  /** Distinct clients with a completed visit in the month. */
  patients: number;
  /** Completed visits with a client ÷ patients. */
  sessionsPerPatient: Ratio;
  /** no_show ÷ (completed + no_show). */
  noShowRate: Ratio;
  /** Patients whose client record has a tax ID ÷ patients. */
  taxIdShare: Ratio;
  /** Patients whose first completed visit ever (at the clinic) is in this month. */
  newPatients: number;
  /** Patients who had a completed visit before this month. */
  recurringPatients: number;
  /**
   * Minutes the providers were held by visits: every status but canceled and rebooked, each
   * provider's minute once (a one-hour class of six is 60).
   */
  bookedMinutes: number;
  /** Charges dated in the month, minus voided ones, in minor units (credit notes subtract). */
  revenue: number;
  /** revenue × 60 ÷ bookedMinutes, in minor units, rounded half away from zero; null without booked time. */
  revenuePerBookedHour: number | null;
  /** Payments minus refunds dated in the month, in minor units. */
  netPayments: number;
}

/** The monthly report: totals, per provider and per location. */
export interface MonthlyReport {
  month: string;
  timeZone: string;
  currency: string;
  /** First instant of the month in the zone (inclusive). */
  from: string;
  /** First instant of the next month in the zone (exclusive). */
  to: string;
  totals: ReportFigures;
  /** One entry per provider, by id; `providerId: null` gathers what has no provider. */
  byProvider: (ReportFigures & { providerId: string | null })[];
  /** One entry per location, by id; `locationId: null` gathers what has no location. */
  byLocation: (ReportFigures & { locationId: string | null })[];
}

const HOLDS_TIME = (s: AppointmentStatus) => s !== "canceled" && s !== "rebooked";

function ratio(numerator: number, denominator: number): Ratio {
  return {
    numerator,
    denominator,
    value: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000,
  };
}

interface Scoped {
  visits: Appointment[];
  revenue: number;
  netPayments: number;
}

/**
 * Minutes a provider is held by `spans`, each minute once (a class of six is its length once;
 * decision 0012), each run of time rounded to whole minutes.
 */
function heldMinutes(spans: { start: number; end: number }[]): number {
  spans.sort((a, b) => a.start - b.start);
  let total = 0;
  let runStart = 0;
  let runEnd = Number.NEGATIVE_INFINITY;
  for (const { start, end } of spans) {
    if (start > runEnd) {
      if (runEnd > runStart) total += Math.round((runEnd - runStart) / 60_000);
      runStart = start;
      runEnd = end;
    } else if (end > runEnd) runEnd = end;
  }
  if (runEnd > runStart) total += Math.round((runEnd - runStart) / 60_000);
  return total;
}

function figures(
  scope: Scoped,
  firstCompleted: ReadonlyMap<string, number>,
  fromMs: number,
  taxIds: ReadonlySet<string>,
  holderOf: (a: Appointment) => string,
): ReportFigures {
  const byStatus = Object.fromEntries(appointmentStatusSchema.options.map((s) => [s, 0])) as Record<
    AppointmentStatus,
    number
  >;
  let withClient = 0;
  const patients = new Set<string>();
  const held = new Map<string, { start: number; end: number }[]>();
  for (const a of scope.visits) {
    byStatus[a.status] += 1;
    if (HOLDS_TIME(a.status)) {
      const key = holderOf(a);
      const span = { start: parseInstant(a.start) as number, end: parseInstant(a.end) as number };
      const list = held.get(key);
      if (list) list.push(span);
      else held.set(key, [span]);
    }
    if (a.status === "completed" && a.clientId !== undefined) {
      withClient += 1;
      patients.add(a.clientId);
    }
  }
  let newPatients = 0;
  let withTaxId = 0;
  for (const id of patients) {
    if ((firstCompleted.get(id) ?? fromMs) >= fromMs) newPatients += 1;
    if (taxIds.has(id)) withTaxId += 1;
  }
  let bookedMinutes = 0;
  for (const spans of held.values()) bookedMinutes += heldMinutes(spans);
  return {
    appointments: scope.visits.length - byStatus.rebooked,
    byStatus,
    completedVisits: byStatus.completed,
    patients: patients.size,
    sessionsPerPatient: ratio(withClient, patients.size),
    noShowRate: ratio(byStatus.no_show, byStatus.completed + byStatus.no_show),
    taxIdShare: ratio(withTaxId, patients.size),
    newPatients,
    recurringPatients: patients.size - newPatients,
    bookedMinutes,
    revenue: scope.revenue,
    revenuePerBookedHour:
      bookedMinutes === 0
        ? null
        : mulDivRoundHalfUp(scope.revenue, 60, bookedMinutes, "revenuePerBookedHour"),
    netPayments: scope.netPayments,
  };
}

/** Sorts ids with `null` last. */
function byKey(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/**
 * Computes a clinic's monthly figures from appointments, charges, payments and clients: sessions
 * per patient, no-show rate, share of patients with a tax ID, revenue per booked hour, new vs
 * recurring patients and counts by status — for the clinic, per provider and per location. The
 * month's bounds are local midnights in `timeZone`. Money stays in integer minor units. Pass the
 * clients' earlier visits too: a patient is new when their first completed visit ever is in the
 * month.
 *
 * @example
 * const report = monthlyReport({
 *   month: "2026-03", timeZone: "Europe/Lisbon", currency: "EUR",
 *   appointments, calendars, clients, charges, payments,
 * });
 * report.totals.noShowRate; // { numerator: 2, denominator: 40, value: 0.05 }
 * report.totals.revenuePerBookedHour; // 4200 (= €42.00 per booked hour)
 */
export function monthlyReport(request: MonthlyReportRequest): MonthlyReport {
  const r = parseInput(monthlyReportSchema, request, "request");
  const clock = clockFor(r.timeZone);
  const firstDay = parseDay(`${r.month}-01`) as number;
  const [year, month] = r.month.split("-").map(Number) as [number, number];
  const nextDay = parseDay(
    month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`,
  ) as number;
  const fromMs = clock.dayStart(firstDay);
  const toMs = clock.dayStart(nextDay);
  const inMonth = (iso: string) => {
    const ms = parseInstant(iso) as number;
    return ms >= fromMs && ms < toMs;
  };

  const calendars = new Map<string, Calendar>(r.calendars.map((c) => [c.id, c]));
  const providerOf = (a: Appointment): string | null =>
    a.calendarIds.find((id) => calendars.get(id)?.kind === "provider") ?? null;
  const locationOfProvider = (providerId: string | null): string | null =>
    providerId === null ? null : (calendars.get(providerId)?.locationId ?? null);
  const locationOf = (a: Appointment): string | null =>
    locationOfProvider(providerOf(a)) ??
    a.calendarIds.map((id) => calendars.get(id)?.locationId).find((l) => l !== undefined) ??
    null;

  const firstCompleted = new Map<string, number>();
  for (const a of r.appointments) {
    if (a.status !== "completed" || a.clientId === undefined) continue;
    const ms = parseInstant(a.start) as number;
    const known = firstCompleted.get(a.clientId);
    if (known === undefined || ms < known) firstCompleted.set(a.clientId, ms);
  }
  const taxIds = new Set(
    r.clients.filter((c) => typeof c.taxId === "string" && c.taxId.trim() !== "").map((c) => c.id),
  );

  const appointmentsById = new Map(r.appointments.map((a) => [a.id, a]));
  const total: Scoped = { visits: [], revenue: 0, netPayments: 0 };
  const providers = new Map<string | null, Scoped>();
  const locations = new Map<string | null, Scoped>();
  const scoped = (map: Map<string | null, Scoped>, key: string | null): Scoped => {
    let s = map.get(key);
    if (!s) {
      s = { visits: [], revenue: 0, netPayments: 0 };
      map.set(key, s);
    }
    return s;
  };

  for (const a of r.appointments) {
    if (!inMonth(a.start)) continue;
    total.visits.push(a);
    scoped(providers, providerOf(a)).visits.push(a);
    scoped(locations, locationOf(a)).visits.push(a);
  }

  const chargeOwner = new Map<string, { provider: string | null; location: string | null }>();
  for (const c of r.charges) {
    const visit = c.appointmentId === undefined ? undefined : appointmentsById.get(c.appointmentId);
    const provider = c.providerId ?? (visit ? providerOf(visit) : null);
    const location =
      c.locationId ?? locationOfProvider(provider) ?? (visit ? locationOf(visit) : null);
    chargeOwner.set(c.id, { provider, location });
    if (c.voided || !inMonth(c.at)) continue;
    total.revenue += c.amount;
    scoped(providers, provider).revenue += c.amount;
    scoped(locations, location).revenue += c.amount;
  }
  for (const p of r.payments) {
    if (!inMonth(p.at)) continue;
    const signed = p.kind === "refund" ? -p.amount : p.amount;
    const visit = p.appointmentId === undefined ? undefined : appointmentsById.get(p.appointmentId);
    const owner = (p.chargeId === undefined ? undefined : chargeOwner.get(p.chargeId)) ?? {
      provider: visit ? providerOf(visit) : null,
      location: visit ? locationOf(visit) : null,
    };
    total.netPayments += signed;
    scoped(providers, owner.provider).netPayments += signed;
    scoped(locations, owner.location).netPayments += signed;
  }

  // Booked time is counted per provider, each minute once; a visit without a provider on its own.
  const holderOf = (a: Appointment) => {
    const provider = providerOf(a);
    return provider === null ? `\u0000${a.id}` : provider;
  };
  const make = (s: Scoped) => figures(s, firstCompleted, fromMs, taxIds, holderOf);
  return {
    month: r.month,
    timeZone: r.timeZone,
    currency: r.currency,
    from: clock.format(fromMs),
    to: clock.format(toMs),
    totals: make(total),
    byProvider: [...providers.entries()]
      .sort(([a], [b]) => byKey(a, b))
      .map(([providerId, s]) => ({ providerId, ...make(s) })),
    byLocation: [...locations.entries()]
      .sort(([a], [b]) => byKey(a, b))
      .map(([locationId, s]) => ({ locationId, ...make(s) })),
  };
}
