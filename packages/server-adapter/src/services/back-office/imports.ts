// CSV import of clients and of the service catalog — reading the file and checking every row —
// and CSV export of clients and services. Writing what an import checked is a command
// (src/commands/back-office/imports.ts).
//
// An import first checks every row and reports every problem by line and column. A dry run writes
// nothing. Otherwise `all-or-nothing` (the default) imports nothing unless every row is valid, and
// `valid-rows` imports the valid rows and reports the others. Values are stored as text exactly as
// given (a cell like `=HYPERLINK(…)` is a name like any other); exports neutralise formulas.

import {
  type CsvCell,
  currencyMinorDigits,
  minorUnitsToDecimal,
  serviceSchema,
  toCsv,
} from "@bookwell/engine";
import { CsvError, type CsvTable, cellText, decodeCsv, parseCsv } from "../../csv/parse.js";
import { BookwellError } from "../../errors.js";
import { normalizePhone, normalizeTaxId } from "../../storage/client-match.js";
import type { ClientRecord, ServiceRecord } from "../../storage/storage.js";

/** How an import treats rows with problems. */
export type ImportMode = "all-or-nothing" | "valid-rows";

/** Options of an import. */
export interface ImportOptions {
  dryRun: boolean;
  mode: ImportMode;
  /** The upload's declared charset (UTF-8 when absent; windows-1252 / ISO-8859-1 / -15 too). */
  charset?: string | undefined;
}

/** One problem of an import: the line (1 = header), the column and what is wrong. */
export interface ImportIssue {
  line: number;
  column: string | null;
  code: "ENCODING" | "MALFORMED" | "MISSING_COLUMN" | "INVALID" | "DUPLICATE" | "EXISTS";
  message: string;
}

/** The outcome of an import (or dry run). */
export interface ImportReport {
  dryRun: boolean;
  mode: ImportMode;
  delimiter: string | null;
  rows: number;
  valid: number;
  imported: number;
  errors: ImportIssue[];
  warnings: ImportIssue[];
  /** What was created: the line, the new id and its name. */
  created: { line: number; id: string; name: string }[];
  /** Rows that are not (or, on a dry run, would not be) imported: the rows with errors. */
  skipped: number;
  /** How the header was read: each header cell and the column it fills (`null`: ignored). */
  columns: { header: string; column: string | null }[];
  /** The first rows of the file as written (up to {@link PREVIEW_ROWS}), for a preview. */
  preview: { line: number; cells: string[] }[];
  /** Rows that match an existing client (by e-mail, phone or tax ID): never imported twice. */
  matched: { line: number; column: string; id: string; name: string }[];
  /** The file itself could not be read (encoding, quoting, missing columns): nothing is imported. */
  fileRejected: boolean;
}

/** The columns an import knows, with the header names it accepts (lower case, EN/PT/ES). */
interface ColumnSpec {
  key: string;
  required: boolean;
  aliases: readonly string[];
}

const CLIENT_COLUMNS: readonly ColumnSpec[] = [
  { key: "name", required: true, aliases: ["name", "full name", "nome", "nombre", "client"] },
  {
    key: "email",
    required: false,
    aliases: ["email", "e-mail", "mail", "correo", "correo electrónico"],
  },
  {
    key: "phone",
    required: false,
    aliases: [
      "phone",
      "telephone",
      "mobile",
      "telefone",
      "telemóvel",
      "telemovel",
      "teléfono",
      "telefono",
      "móvil",
    ],
  },
  {
    key: "taxId",
    required: false,
    aliases: ["tax id", "tax_id", "taxid", "vat", "nif", "nipc", "dni", "cif"],
  },
  {
    key: "notes",
    required: false,
    aliases: ["notes", "note", "notas", "observações", "observaciones"],
  },
];

const SERVICE_COLUMNS: readonly ColumnSpec[] = [
  { key: "id", required: false, aliases: ["id", "code", "código", "codigo"] },
  {
    key: "name",
    required: true,
    aliases: ["name", "service", "nome", "serviço", "nombre", "servicio"],
  },
  { key: "category", required: true, aliases: ["category", "categoria", "categoría"] },
  {
    key: "duration",
    required: true,
    aliases: ["duration", "duration (min)", "minutes", "duração", "duracao", "duración", "minutos"],
  },
  { key: "price", required: true, aliases: ["price", "preço", "preco", "precio"] },
  {
    key: "discipline",
    required: true,
    aliases: ["discipline", "disciplina", "especialidade", "especialidad"],
  },
];

/** How many rows a report previews. */
export const PREVIEW_ROWS = 5;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ().-]{3,40}$/;

function normalizeHeader(value: string): string {
  return value.trim().toLowerCase().replace(/\s+/g, " ");
}

/** Maps header cells to column keys; reports missing required columns and ignored ones. */
function mapColumns(
  table: CsvTable,
  specs: readonly ColumnSpec[],
  report: ImportReport,
): Map<string, number> | null {
  const index = new Map<string, number>();
  table.header.forEach((raw, i) => {
    const name = normalizeHeader(raw);
    const spec = specs.find((s) => s.aliases.includes(name) || s.key.toLowerCase() === name);
    report.columns.push({ header: raw, column: spec && !index.has(spec.key) ? spec.key : null });
    if (!spec) {
      if (name !== "") {
        report.warnings.push({
          line: 1,
          column: raw,
          code: "INVALID",
          message: `column "${raw}" is not known and was ignored`,
        });
      }
      return;
    }
    if (index.has(spec.key)) {
      report.errors.push({
        line: 1,
        column: raw,
        code: "DUPLICATE",
        message: `column "${raw}" appears twice`,
      });
      return;
    }
    index.set(spec.key, i);
  });
  for (const spec of specs) {
    if (spec.required && !index.has(spec.key)) {
      report.errors.push({
        line: 1,
        column: spec.key,
        code: "MISSING_COLUMN",
        message: `the required column "${spec.key}" is missing (accepted names: ${spec.aliases.join(", ")})`,
      });
    }
  }
  if (report.errors.length > 0) {
    report.fileRejected = true;
    return null;
  }
  return index;
}

function emptyReport(dryRun: boolean, mode: ImportMode): ImportReport {
  return {
    dryRun,
    mode,
    delimiter: null,
    rows: 0,
    valid: 0,
    imported: 0,
    errors: [],
    warnings: [],
    created: [],
    skipped: 0,
    columns: [],
    preview: [],
    matched: [],
    fileRejected: false,
  };
}

/** Reads the upload; encoding and syntax problems become the report's only error. */
function readTable(
  bytes: Uint8Array,
  report: ImportReport,
  charset: string | undefined,
): CsvTable | null {
  try {
    const table = parseCsv(decodeCsv(bytes, charset));
    report.delimiter = table.delimiter;
    report.rows = table.records.length;
    report.preview = table.records
      .slice(0, PREVIEW_ROWS)
      .map((r) => ({ line: r.line, cells: r.cells.map(cellText) }));
    if (table.header.length === 0) {
      report.errors.push({
        line: 1,
        column: null,
        code: "MISSING_COLUMN",
        message: "the file is empty",
      });
      report.fileRejected = true;
      return null;
    }
    return table;
  } catch (error) {
    if (error instanceof CsvError) {
      const encoding = /UTF/.test(error.message);
      report.errors.push({
        line: error.line,
        column: error.column === undefined ? null : String(error.column),
        code: encoding ? "ENCODING" : "MALFORMED",
        message: error.message,
      });
      report.fileRejected = true;
      return null;
    }
    throw error;
  }
}

/** What a validated client row would create. */
export interface ClientRow {
  line: number;
  name: string;
  email?: string;
  phone?: string;
  taxId?: string;
  notes?: string;
}

/** An upload's table and where each known column is in it. */
export interface ImportSheet {
  table: CsvTable;
  columns: Map<string, number>;
}

/** An upload read for an import: its report so far, and its sheet unless the file was rejected. */
export interface ImportFile {
  report: ImportReport;
  /** `null` when the file could not be read (encoding, quoting, missing columns): see the report. */
  sheet: ImportSheet | null;
}

/**
 * Reads an upload for an import of clients or services: decodes and parses it and maps its header
 * to the columns the import knows. File-level problems reject it (`sheet: null`).
 *
 * @example
 * const { report, sheet } = readImport(bytes, "clients", { dryRun: true, mode: "all-or-nothing" });
 */
export function readImport(
  bytes: Uint8Array,
  kind: "clients" | "services",
  options: ImportOptions,
): ImportFile {
  const report = emptyReport(options.dryRun, options.mode);
  const table = readTable(bytes, report, options.charset);
  const specs = kind === "clients" ? CLIENT_COLUMNS : SERVICE_COLUMNS;
  const columns = table && mapColumns(table, specs, report);
  return { report, sheet: table && columns ? { table, columns } : null };
}

/**
 * Checks every client row (columns name, email, phone, tax ID, notes — English, Portuguese or
 * Spanish headers) for required and well-formed values, for duplicates within the file (same
 * e-mail, phone or tax ID) and against the `existing` clients. Problems go to the report; the
 * valid rows are returned (and counted in `report.valid`).
 *
 * @example
 * const rows = checkClientRows(sheet, await tx.listClients(clinicId), report);
 */
export function checkClientRows(
  sheet: ImportSheet,
  existing: readonly ClientRecord[],
  report: ImportReport,
): ClientRow[] {
  const seen = {
    email: new Map<string, number>(),
    phone: new Map<string, number>(),
    taxId: new Map<string, number>(),
  };
  const header = sheet.table.header;
  return checkRows(sheet, report, ({ record, get, issue }) => {
    if (record.cells.length > header.length) {
      issue(
        "(row)",
        "MALFORMED",
        `has ${record.cells.length} cells but the header has ${header.length}`,
      );
    }
    const row: ClientRow = { line: record.line, name: get("name") };
    if (row.name === "") issue("name", "INVALID", "is required");
    else if (row.name.length > 200) issue("name", "INVALID", "must be at most 200 characters");
    const email = get("email");
    if (email) {
      if (!EMAIL.test(email) || email.length > 254)
        issue("email", "INVALID", "is not an e-mail address");
      else row.email = email;
    }
    const phone = get("phone");
    if (phone) {
      if (!PHONE.test(phone))
        issue("phone", "INVALID", "must contain only digits, spaces and + ( ) - .");
      else row.phone = phone;
    }
    const taxId = get("taxId");
    if (taxId) {
      if (taxId.length > 50) issue("taxId", "INVALID", "must be at most 50 characters");
      else row.taxId = taxId;
    }
    const notes = get("notes");
    if (notes) {
      if (notes.length > 2000) issue("notes", "INVALID", "must be at most 2000 characters");
      else row.notes = notes;
    }
    const keys: [keyof typeof seen, string | undefined, (c: ClientRecord) => string | undefined][] =
      [
        ["email", row.email?.toLowerCase(), (c) => c.email?.toLowerCase()],
        ["phone", normalizePhone(row.phone), (c) => normalizePhone(c.phone)],
        ["taxId", normalizeTaxId(row.taxId), (c) => normalizeTaxId(c.taxId)],
      ];
    for (const [key, value, of] of keys) {
      if (value === undefined) continue;
      const earlier = seen[key].get(value);
      if (earlier !== undefined) issue(key, "DUPLICATE", `is the same as on line ${earlier}`);
      else seen[key].set(value, record.line);
      const match = existing.filter((c) => of(c) === value);
      if (match.length > 0) {
        issue(key, "EXISTS", `belongs to existing client ${match.map((c) => c.id).join(", ")}`);
      }
      for (const { id, name } of match) {
        report.matched.push({ line: record.line, column: key, id, name });
      }
    }
    return row;
  });
}

/** How a row check reads its row: cells by column key, and where its problems go. */
interface RowCheck {
  record: ImportSheet["table"]["records"][number];
  /** The text of the row's cell in the column of `key` ({@link cellText}; "" without that column). */
  get(key: string): string;
  issue(column: string, code: ImportIssue["code"], message: string): void;
}

/**
 * Checks every row of a sheet with `check`: a row is valid when it reported no issue and `check`
 * answered it; the issues go to the report, and `report.valid` counts the valid rows.
 */
function checkRows<R>(
  { table, columns }: ImportSheet,
  report: ImportReport,
  check: (row: RowCheck) => R | undefined,
): R[] {
  const valid: R[] = [];
  for (const record of table.records) {
    const issues: ImportIssue[] = [];
    const row = check({
      record,
      get: (key) => {
        const i = columns.get(key);
        return i === undefined ? "" : cellText(record.cells[i]);
      },
      issue: (column, code, message) => {
        issues.push({ line: record.line, column, code, message });
      },
    });
    if (issues.length > 0 || row === undefined) report.errors.push(...issues);
    else valid.push(row);
  }
  report.valid = valid.length;
  report.skipped = table.records.length - valid.length;
  return valid;
}

/**
 * Whether an import writes nothing: a dry run, or `all-or-nothing` with a bad row.
 *
 * @example
 * if (writesNothing(report)) return finishReport(report);
 */
export function writesNothing(report: ImportReport): boolean {
  return report.dryRun || (report.mode === "all-or-nothing" && report.errors.length > 0);
}

/**
 * Parses a price cell to minor units of `currency`, with as many decimals as its minor unit has
 * (`currencyMinorDigits`: 2 for EUR, 0 for JPY, 3 for BHD): `45`, `45.5`, `45,50`, `1.234,50`,
 * `1,234.50`, `€ 45`, `BHD 12.345`. A separator followed by exactly three digits groups thousands,
 * except in a currency with three decimals, where it is the decimal mark (`12.345` BHD is 12345
 * fils). Returns `undefined` when it is not a price, or has more decimals than the currency.
 *
 * @example
 * parsePrice("45,50", "EUR"); // 4550
 * parsePrice("12.345", "BHD"); // 12345
 */
export function parsePrice(value: string, currency: string): number | undefined {
  const digits = currencyMinorDigits(currency);
  // Symbols and the currency's own code around the number are dropped (`€ 45`, `BHD 12.345`).
  const text = value
    .replace(/[\s€$£]/g, "")
    .replace(new RegExp(`^${currency}|${currency}$`, "g"), "");
  // Decimals: one to three digits after the mark (more than the currency has are refused below).
  const forms: [RegExp, string][] = [
    [/^(\d+)(?:[.,](\d{1,3}))?$/, ""],
    [/^(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,3}))?$/, "."],
    [/^(\d{1,3}(?:,\d{3})+)(?:\.(\d{1,3}))?$/, ","],
  ];
  for (const [pattern, group] of forms) {
    const match = pattern.exec(text);
    if (!match) continue;
    const fraction = match[2] ?? "";
    // `1.234` is a thousand and more unless the currency has three decimals.
    if (!group && fraction.length === 3 && digits !== 3) continue;
    if (fraction.length > digits) return undefined;
    const whole = Number((match[1] ?? "").split(group || "\u0000").join(""));
    const minor = whole * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
    return Number.isSafeInteger(minor) ? minor : undefined;
  }
  return undefined;
}

function slug(name: string): string {
  const base = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return base || "service";
}

/** What a validated service row would create: the engine's service (other fields defaulted). */
export interface ServiceRow {
  line: number;
  service: ReturnType<typeof serviceSchema.parse>;
}

/**
 * Checks every service row (columns name, category, duration in minutes, price, discipline;
 * optional id). Prices are read in `currency`; every other service field takes the engine's
 * defaults (edit them afterwards). Duplicate names or ids in the file or against the `existing`
 * catalog are errors. Problems go to the report; the valid rows are returned.
 *
 * @example
 * const rows = checkServiceRows(sheet, await tx.listServices(clinicId), "EUR", report);
 */
export function checkServiceRows(
  sheet: ImportSheet,
  existing: readonly ServiceRecord[],
  currency: string,
  report: ImportReport,
): ServiceRow[] {
  const names = new Map(existing.map((s) => [s.name.trim().toLowerCase(), s.id]));
  const ids = new Set(existing.map((s) => s.id));
  const seenNames = new Map<string, number>();
  const seenIds = new Map<string, number>();
  return checkRows(sheet, report, ({ record, get, issue }) => {
    const name = get("name");
    const durationText = get("duration");
    const duration = /^\d+$/.test(durationText) ? Number(durationText) : Number.NaN;
    if (!Number.isInteger(duration) || duration < 5 || duration > 1440) {
      issue("duration", "INVALID", "must be whole minutes between 5 and 1440");
    }
    const price = parsePrice(get("price"), currency);
    if (price === undefined) {
      issue("price", "INVALID", `is not a price in ${currency} (e.g. 45 or 45,50)`);
    }
    const given = get("id");
    let id = given || slug(name);
    if (given) {
      // The id's form is the engine's rule (serviceSchema below reports it on the "id" column).
      const earlierId = seenIds.get(given);
      if (earlierId !== undefined) issue("id", "DUPLICATE", `is the same as on line ${earlierId}`);
      if (ids.has(given)) issue("id", "EXISTS", "is already a service");
    } else {
      // A generated id never clashes: "physio", then "physio-2", "physio-3"…
      for (let n = 2; ids.has(id) || seenIds.has(id); n += 1) id = `${slug(name)}-${n}`;
    }
    if (!seenIds.has(id)) seenIds.set(id, record.line);
    const key = name.toLowerCase();
    if (name) {
      const earlier = seenNames.get(key);
      if (earlier !== undefined) issue("name", "DUPLICATE", `is the same as on line ${earlier}`);
      else seenNames.set(key, record.line);
      const clash = names.get(key);
      if (clash) issue("name", "EXISTS", `is already the service ${clash}`);
    }
    const parsed = serviceSchema.safeParse({
      id,
      name,
      category: get("category"),
      discipline: get("discipline"),
      durationMinutes: Number.isInteger(duration) ? duration : 60,
      price: { amount: price ?? 0, currency },
    });
    if (!parsed.success) {
      const fields: Record<string, string> = {
        durationMinutes: "duration",
        "price.amount": "price",
      };
      for (const problem of parsed.error.issues) {
        const path = problem.path.map(String).join(".");
        issue(fields[path] ?? path, "INVALID", problem.message);
      }
    }
    return parsed.success ? { line: record.line, service: parsed.data } : undefined;
  });
}

/**
 * The report as answered: errors in line order.
 *
 * @example
 * return finishReport(report);
 */
export function finishReport(report: ImportReport): ImportReport {
  report.errors.sort((a, b) => a.line - b.line);
  return report;
}

/**
 * Throws 422 `IMPORT_REJECTED` (with the report) when nothing may be imported: a file-level
 * problem, or row errors in `all-or-nothing` mode outside a dry run.
 *
 * @example
 * rejectIfNeeded(report);
 */
export function rejectIfNeeded(report: ImportReport): void {
  const allOrNothing = !report.dryRun && report.mode === "all-or-nothing";
  if (!report.fileRejected && !(allOrNothing && report.errors.length > 0)) return;
  const first = report.errors[0];
  const where = first ? `Line ${first.line}${first.column ? `, ${first.column}` : ""}: ` : "";
  throw new BookwellError(
    "IMPORT_REJECTED",
    `${where}${first?.message ?? "nothing to import"}. Nothing was imported.`,
    {
      errors: report.errors.map((e) => ({
        field: `line ${e.line}${e.column ? ` ${e.column}` : ""}`,
        message: e.message,
      })),
      extensions: { report },
    },
  );
}

/** A CSV for spreadsheets (UTF-8 with BOM, CRLF, formulas neutralised): a column per header. */
function spreadsheet<T>(rows: readonly T[], columns: Record<string, (row: T) => CsvCell>): string {
  const cells = Object.values(columns);
  return `\uFEFF${toCsv([Object.keys(columns), ...rows.map((row) => cells.map((cell) => cell(row)))])}`;
}

/**
 * The clinic's clients as CSV (UTF-8 with BOM for spreadsheets, CRLF, formulas neutralised).
 *
 * @example
 * const csv = clientsCsv(clients); // "\uFEFFid,name,email,phone,tax_id,notes,created_at\r\n…"
 */
export function clientsCsv(clients: readonly ClientRecord[]): string {
  return spreadsheet(clients, {
    id: (c) => c.id,
    name: (c) => c.name,
    email: (c) => c.email ?? null,
    phone: (c) => c.phone ?? null,
    tax_id: (c) => c.taxId ?? null,
    notes: (c) => c.notes ?? null,
    created_at: (c) => c.createdAt,
  });
}

/**
 * The service catalog as CSV, in the columns the import reads (price in major units).
 *
 * @example
 * servicesCsv(services); // "\uFEFFid,name,category,duration,price,discipline,currency\r\n…"
 */
export function servicesCsv(services: readonly ServiceRecord[]): string {
  return spreadsheet(services, {
    id: (s) => s.id,
    name: (s) => s.name,
    category: (s) => s.category ?? null,
    duration: (s) => s.durationMinutes,
    price: (s) => minorUnitsToDecimal(Math.abs(s.price.amount), s.price.currency),
    discipline: (s) => s.discipline,
    currency: (s) => s.price.currency,
  });
}
