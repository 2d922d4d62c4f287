import { appointmentStatusSchema } from "../model.js";
import type { MonthlyReport, Ratio, ReportFigures } from "./monthly.js";

/** A CSV cell: text, a number, or empty. */
export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Escapes one cell: text starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
 * leading `'` so spreadsheets do not run it as a formula (numbers stay numbers, negatives
 * included); cells with a comma, quote or line break are quoted (RFC 4180).
 *
 * @example
 * csvCell("=HYPERLINK(\"x\")"); // "\"'=HYPERLINK(\"\"x\"\")\""
 * csvCell(-500); // "-500"
 */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "number" ? String(value) : value;
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Serialises rows as CSV (comma separated, CRLF line ends, every cell through {@link csvCell}).
 *
 * @example
 * toCsv([["name", "amount"], ["@evil", 12]]); // "name,amount\r\n'@evil,12\r\n"
 */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => `${row.map(csvCell).join(",")}\r\n`).join("");
}

const rate = (r: Ratio) => r.value;

/** The columns of {@link monthlyReportToCsv}, in order. */
export const MONTHLY_REPORT_COLUMNS: readonly string[] = [
  "scope",
  "id",
  "appointments",
  ...appointmentStatusSchema.options,
  "patients",
  "new_patients",
  "recurring_patients",
  "sessions_per_patient",
  "no_show_rate",
  "tax_id_share",
  "booked_minutes",
  "revenue_minor",
  "revenue_per_booked_hour_minor",
  "net_payments_minor",
  "currency",
];

function figuresRow(
  scope: string,
  id: string | null,
  f: ReportFigures,
  currency: string,
): CsvCell[] {
  return [
    scope,
    id,
    f.appointments,
    ...appointmentStatusSchema.options.map((s) => f.byStatus[s]),
    f.patients,
    f.newPatients,
    f.recurringPatients,
    rate(f.sessionsPerPatient),
    rate(f.noShowRate),
    rate(f.taxIdShare),
    f.bookedMinutes,
    f.revenue,
    f.revenuePerBookedHour,
    f.netPayments,
    currency,
  ];
}

/**
 * Turns a {@link MonthlyReport} into CSV: a header, one `total` row, then one row per provider
 * and per location (money in minor units, ratios as decimals, empty cells for "no value").
 *
 * @example
 * const csv = monthlyReportToCsv(monthlyReport(request));
 * // "scope,id,appointments,booked,…\r\ntotal,,120,…\r\nprovider,ana,…"
 */
export function monthlyReportToCsv(report: MonthlyReport): string {
  return toCsv([
    MONTHLY_REPORT_COLUMNS,
    figuresRow("total", null, report.totals, report.currency),
    ...report.byProvider.map((p) => figuresRow("provider", p.providerId, p, report.currency)),
    ...report.byLocation.map((l) => figuresRow("location", l.locationId, l, report.currency)),
  ]);
}
