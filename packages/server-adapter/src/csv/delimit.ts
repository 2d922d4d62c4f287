// Exports in the separator the clinic's spreadsheet expects. Excel opens a CSV file with the
// system's list separator: a semicolon in Portugal, Spain and most of Europe, where a comma file
// lands in one column. The engine writes RFC 4180 with commas (formulas already neutralised);
// this rewrites the same cells with another separator.

import { parseCsv } from "./parse.js";

/** The separators an export can use. */
export const EXPORT_DELIMITERS = { comma: ",", semicolon: ";", tab: "\t" } as const;

/** A separator's name in the `delimiter` query parameter. */
export type ExportDelimiter = keyof typeof EXPORT_DELIMITERS;

/**
 * Rewrites comma-separated CSV (optionally starting with a BOM, which is kept) with another
 * separator, quoting the cells that hold it, a quote or a line break; the cells are unchanged.
 *
 * @example
 * redelimitCsv('name,notes\r\nAna,"a, b; c"\r\n', "semicolon"); // 'name;notes\r\nAna;"a, b; c"\r\n'
 */
export function redelimitCsv(csv: string, delimiter: ExportDelimiter): string {
  if (delimiter === "comma") return csv;
  const bom = csv.startsWith("\uFEFF") ? "\uFEFF" : "";
  const table = parseCsv(bom ? csv.slice(1) : csv, ",");
  const sep = EXPORT_DELIMITERS[delimiter];
  const cell = (value: string) =>
    value.includes(sep) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  const lines = [table.header, ...table.records.map((r) => r.cells)].map(
    (cells) => `${cells.map(cell).join(sep)}\r\n`,
  );
  return `${bom}${lines.join("")}`;
}
