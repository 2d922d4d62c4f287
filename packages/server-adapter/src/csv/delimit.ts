// Exports in the separator the clinic's spreadsheet expects. Excel opens a CSV file with the
// system's list separator: a semicolon in Portugal, Spain and most of Europe, where a comma file
// lands in one column. The engine writes RFC 4180 with commas (formulas already neutralised);
// this rewrites the same cells with another separator.

import { parseCsv } from "./parse.js";

/** The separators an export can use. */
export const EXPORT_DELIMITERS = { comma: ",", semicolon: ";", tab: "\t" } as const;

/** A separator's name in the `delimiter` query parameter. */
export type ExportDelimiter = keyof typeof EXPORT_DELIMITERS;

const DECIMAL = /^-?\d+\.\d+$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Columns of instants a semicolon export writes as local date-times Excel reads as dates. */
export interface ExportDates {
  columns: readonly string[];
  /** The clinic's IANA zone the local date-times are written in. */
  timeZone: string;
}

/**
 * Rewrites comma-separated CSV (optionally starting with a BOM, which is kept) with another
 * separator, quoting the cells that hold it, a quote or a line break. With `semicolon` (Excel
 * in Portugal and Spain, where the comma is the decimal mark) the decimals of `decimalColumns`
 * are written with a decimal comma (`45,00`, `0,125`): Excel there reads `45.00` as text and
 * `0.125` as 125; and the instants of `dates.columns` as local `2026-03-02 08:00:00` in the
 * clinic's zone, which Excel reads as a date (it keeps ISO `2026-03-02T08:00:00.000Z` as text).
 * Every other cell is unchanged.
 *
 * @example
 * redelimitCsv('name,price\r\nAna,"45.00"\r\n', "semicolon", ["price"]); // 'name;price\r\nAna;45,00\r\n'
 */
export function redelimitCsv(
  csv: string,
  delimiter: ExportDelimiter,
  decimalColumns: readonly string[] = [],
  dates?: ExportDates,
): string {
  if (delimiter === "comma") return csv;
  const bom = csv.startsWith("\uFEFF") ? "\uFEFF" : "";
  const table = parseCsv(bom ? csv.slice(1) : csv, ",");
  const sep = EXPORT_DELIMITERS[delimiter];
  const decimals = new Set(
    delimiter === "semicolon"
      ? table.header.flatMap((name, i) => (decimalColumns.includes(name) ? [i] : []))
      : [],
  );
  const instants = new Set(
    delimiter === "semicolon" && dates
      ? table.header.flatMap((name, i) => (dates.columns.includes(name) ? [i] : []))
      : [],
  );
  const local =
    dates &&
    new Intl.DateTimeFormat("sv-SE", {
      timeZone: dates.timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
  const cell = (value: string, i: number) => {
    const text =
      decimals.has(i) && DECIMAL.test(value)
        ? value.replace(".", ",")
        : local && instants.has(i) && INSTANT.test(value)
          ? local.format(new Date(value))
          : value;
    return text.includes(sep) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [table.header, ...table.records.map((r) => r.cells)].map(
    (cells) => `${cells.map(cell).join(sep)}\r\n`,
  );
  return `${bom}${lines.join("")}`;
}
