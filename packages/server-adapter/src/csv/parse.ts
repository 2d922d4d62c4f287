// A small, strict CSV reader for imports: UTF-8 with or without BOM (invalid bytes are an error
// naming the line), CRLF or LF, RFC 4180 quoting (delimiters, line breaks and doubled quotes inside
// quoted fields), and comma, semicolon or tab separated files (Portuguese and Spanish Excel save
// with semicolons). Every record keeps the line it starts on, so errors can name it.

/** A file that cannot be read as CSV, with the 1-based line (and column number) at fault. */
export class CsvError extends Error {
  override readonly name = "CsvError";
  constructor(
    message: string,
    readonly line: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/** One record: the line it starts on and its cells. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** A parsed file. */
export interface CsvTable {
  delimiter: "," | ";" | "\t";
  /** The first record, as written. */
  header: string[];
  /** The records after the header (blank lines skipped). */
  records: CsvRecord[];
}

/** Offset of the first byte that is not valid UTF-8, or -1. */
function invalidUtf8At(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k += 1) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Single-byte charsets a client may declare (what Portuguese and Spanish Excel save as "CSV"). */
const SINGLE_BYTE_CHARSETS = new Map([
  ["windows-1252", "windows-1252"],
  ["cp1252", "windows-1252"],
  ["iso-8859-1", "windows-1252"],
  ["latin1", "windows-1252"],
  ["iso-8859-15", "iso-8859-15"],
  ["latin-9", "iso-8859-15"],
]);

/**
 * The charset parameter of a Content-Type header, or `undefined`.
 *
 * @example
 * charsetOf("text/csv; charset=windows-1252"); // "windows-1252"
 */
export function charsetOf(contentType: string): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1];
}

/**
 * Decodes a CSV upload as UTF-8 (dropping a BOM), or in the single-byte charset the upload
 * declared (`windows-1252`, `iso-8859-1`, `iso-8859-15`: Excel's "CSV" in Portugal and Spain). UTF-16 files, workbooks (.xlsx), NUL bytes
 * (PostgreSQL cannot store them) and bytes that are not UTF-8 (a Latin-1 "é", say) are refused
 * with a {@link CsvError} naming the line.
 *
 * @example
 * decodeCsv(new TextEncoder().encode("\uFEFFname\r\nAna\r\n")); // "name\r\nAna\r\n"
 * decodeCsv(Uint8Array.of(0x4a, 0x6f, 0xe3, 0x6f), "windows-1252"); // "João"
 */
export function decodeCsv(bytes: Uint8Array, charset = "utf-8"): string {
  const label = charset.trim().toLowerCase();
  const single = SINGLE_BYTE_CHARSETS.get(label);
  if (!single && label !== "utf-8" && label !== "utf8") {
    throw new CsvError(
      `the charset "${charset}" is not supported; send UTF-8 (or windows-1252 / ISO-8859-1 / ISO-8859-15)`,
      1,
    );
  }
  if (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  ) {
    throw new CsvError("the file is UTF-16; save it as CSV UTF-8", 1);
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new CsvError("the file is a spreadsheet workbook (.xlsx/.ods); save it as CSV UTF-8", 1);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    let line = 1;
    for (let i = 0; i < nul; i += 1) if (bytes[i] === 0x0a) line += 1;
    throw new CsvError(
      `the file has a NUL byte on line ${line} (UTF-16 without BOM, or not a text file); save it as CSV UTF-8`,
      line,
    );
  }
  // A UTF-8 byte order mark wins over a declared single-byte charset (a mislabelled upload).
  const utf8Bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (single && !utf8Bom) return new TextDecoder(single).decode(bytes);
  const bad = invalidUtf8At(bytes);
  if (bad >= 0) {
    let line = 1;
    for (let i = 0; i < bad; i += 1) if (bytes[i] === 0x0a) line += 1;
    const hex = (bytes[bad] as number).toString(16).toUpperCase().padStart(2, "0");
    throw new CsvError(
      `the file is not UTF-8 (byte 0x${hex} on line ${line}); save it as CSV UTF-8, or send it as text/csv; charset=windows-1252`,
      line,
    );
  }
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

/** The delimiter of the first line: the most frequent of `,` `;` tab outside quotes. */
function detectDelimiter(text: string): "," | ";" | "\t" {
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && char in counts) counts[char as keyof typeof counts] += 1;
  }
  if (counts[";"] > counts[","] && counts[";"] >= counts["\t"]) return ";";
  if (counts["\t"] > counts[","] && counts["\t"] > counts[";"]) return "\t";
  return ",";
}

/**
 * Parses CSV text into a header and records, each with the line it starts on. Quoted fields may
 * hold delimiters, line breaks and doubled quotes; text after a closing quote, or a quote that is
 * never closed, is a {@link CsvError} naming the line and column. Blank lines are skipped.
 *
 * @example
 * parseCsv('name;notes\r\nAna;"says ""hi""; twice"\r\n').records[0]?.cells; // ["Ana", 'says "hi"; twice']
 */
export function parseCsv(text: string, delimiter?: "," | ";" | "\t"): CsvTable {
  const sep = delimiter ?? detectDelimiter(text);
  const records: CsvRecord[] = [];
  let line = 1;
  let column = 1;
  let cells: string[] = [];
  let cell = "";
  let recordLine = 1;
  let state: "start" | "plain" | "quoted" | "closed" = "start";
  let quoteLine = 1;

  const endCell = () => {
    cells.push(cell);
    cell = "";
    state = "start";
  };
  const endRecord = () => {
    endCell();
    // Blank lines, and lines of empty cells (";;;" from spreadsheets), are skipped.
    if (cells.some((c) => c !== "")) {
      records.push({ line: recordLine, cells });
    }
    cells = [];
  };

  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (state === "quoted") {
      if (char === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 1;
          column += 1;
        } else {
          state = "closed";
        }
      } else {
        cell += char;
        if (char === "\n") {
          line += 1;
          column = 0;
        }
      }
      column += 1;
      continue;
    }
    if (char === "\r" || char === "\n") {
      if (char === "\r" && text[i + 1] === "\n") i += 1;
      endRecord();
      line += 1;
      column = 1;
      recordLine = line;
      continue;
    }
    if (char === sep) {
      endCell();
      column += 1;
      continue;
    }
    if (state === "closed") {
      throw new CsvError(
        `text after a closing quote on line ${line}, column ${column}; quote the whole field`,
        line,
        column,
      );
    }
    if (char === '"' && state === "start") {
      state = "quoted";
      quoteLine = line;
    } else {
      cell += char;
      state = "plain";
    }
    column += 1;
  }
  if (state === "quoted") {
    throw new CsvError(`a quote opened on line ${quoteLine} is never closed`, quoteLine);
  }
  if (cell !== "" || cells.length > 0 || state === "closed") endRecord();
  const [header, ...rest] = records;
  return { delimiter: sep, header: header?.cells ?? [], records: rest };
}

/**
 * Undoes the formula neutralisation of an export: a cell that starts with `'` followed by `=`,
 * `+`, `-`, `@`, a tab or a carriage return loses the `'` (so exported files import back as they
 * were). Other cells are returned trimmed.
 *
 * @example
 * cellText("'=HYPERLINK(1)"); // "=HYPERLINK(1)"
 */
export function cellText(value: string | undefined): string {
  const text = (value ?? "").trim();
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}
