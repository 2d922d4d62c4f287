import { describe, expect, test } from "vitest";
import { CsvError, cellText, decodeCsv, parseCsv } from "./parse.js";

const utf8 = (text: string) => new TextEncoder().encode(text);

function errorOf(fn: () => unknown): CsvError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CsvError) return error;
    throw error;
  }
  throw new Error("expected a CsvError");
}

describe("decodeCsv", () => {
  test("drops a UTF-8 BOM and keeps accents", () => {
    expect(decodeCsv(utf8("\uFEFFnome\r\nJoão\r\n"))).toBe("nome\r\nJoão\r\n");
    expect(decodeCsv(utf8("name\nAna"))).toBe("name\nAna");
  });

  test("refuses Latin-1 bytes, naming the line of the first bad byte", () => {
    // "name\nAna\nJo\xE3o" — an ISO-8859-1 "ã" on line 3
    const bytes = new Uint8Array([...utf8("name\nAna\nJo"), 0xe3, ...utf8("o\n")]);
    const error = errorOf(() => decodeCsv(bytes));
    expect(error.line).toBe(3);
    expect(error.message).toContain("0xE3");
    expect(error.message).toContain("UTF-8");
  });

  test("refuses UTF-16, overlong encodings, surrogates and truncated sequences", () => {
    expect(errorOf(() => decodeCsv(new Uint8Array([0xff, 0xfe, 0x6e, 0x00]))).message).toContain(
      "UTF-16",
    );
    expect(errorOf(() => decodeCsv(new Uint8Array([0x41, 0xc0, 0xaf]))).line).toBe(1);
    expect(errorOf(() => decodeCsv(new Uint8Array([0xed, 0xa0, 0x80]))).line).toBe(1);
    expect(errorOf(() => decodeCsv(new Uint8Array([0x0a, 0x0a, 0xe2, 0x82]))).line).toBe(3);
    expect(decodeCsv(new Uint8Array([0xf0, 0x9f, 0x98, 0x80]))).toBe("😀");
  });
});

describe("parseCsv", () => {
  test("comma, CRLF, quoted fields with commas, quotes and line breaks; records keep their line", () => {
    const text =
      'name,notes,phone\r\nAna,"likes ""tea"", mornings",+351 1\r\n"Rui\r\nLima","two\nlines",\r\nEva,,9\r\n';
    const table = parseCsv(text);
    expect(table.delimiter).toBe(",");
    expect(table.header).toEqual(["name", "notes", "phone"]);
    expect(table.records).toEqual([
      { line: 2, cells: ["Ana", 'likes "tea", mornings', "+351 1"] },
      { line: 3, cells: ["Rui\r\nLima", "two\nlines", ""] },
      { line: 6, cells: ["Eva", "", "9"] },
    ]);
  });

  test("detects semicolons (PT/ES Excel) and tabs; a semicolon inside quotes does not count", () => {
    expect(parseCsv('nome;"a;b";x\n1;2;3\n').delimiter).toBe(";");
    expect(parseCsv("a\tb\n1\t2\n").records[0]?.cells).toEqual(["1", "2"]);
    expect(parseCsv('name,"notes; more"\nAna,x\n').delimiter).toBe(",");
  });

  test("skips blank lines and rows of empty cells; a missing final newline is fine", () => {
    const table = parseCsv("name;email\n\nAna;a@x.pt\n;;\nRui;r@x.pt");
    expect(table.records.map((r) => [r.line, r.cells[0]])).toEqual([
      [3, "Ana"],
      [5, "Rui"],
    ]);
  });

  test("an unclosed quote and text after a closing quote are errors with line and column", () => {
    const open = errorOf(() => parseCsv('name\nAna\n"Rui\nLima\n'));
    expect(open.line).toBe(3);
    const after = errorOf(() => parseCsv('name,x\nAna,"a"b\n'));
    expect(after).toMatchObject({ line: 2, column: 8 });
  });

  test("an empty file has no header", () => {
    expect(parseCsv("")).toEqual({ delimiter: ",", header: [], records: [] });
  });
});

describe("cellText", () => {
  test("undoes the export's formula neutralisation and trims", () => {
    expect(cellText('\'=HYPERLINK("x")')).toBe('=HYPERLINK("x")');
    expect(cellText("  '+351 912  ")).toBe("+351 912");
    expect(cellText("'quoted'")).toBe("'quoted'");
    expect(cellText(undefined)).toBe("");
  });
});
