// The import section's texts in English (the shape every language follows).

/** The import section's texts. */
export const importEn = {
  title: "Import",
  intro:
    "Bring your patients or services from another tool: choose a CSV file (comma, semicolon or tab separated, as Excel saves it). The file is checked first; nothing is saved until you import.",
  what: "What to import",
  kinds: { clients: "Patients", services: "Services" } as Record<string, string>,
  file: "CSV file",
  charset: "Encoding of the file",
  utf8: "UTF-8 (Excel: CSV UTF-8)",
  latin: "Windows (Excel: CSV)",
  checking: "Checking the file…",
  checked: (rows: number, valid: number, bad: number) =>
    `Rows checked: ${rows}. Ready to import: ${valid}. With errors: ${bad}. Nothing was saved yet.`,
  rejected: "This file cannot be imported as it is. Fix it and choose it again.",
  separator: "Separator",
  separators: { ",": "comma", ";": "semicolon", "\t": "tab" } as Record<string, string>,
  columns: "Columns read",
  ignored: "ignored",
  preview: "First rows of the file",
  line: "Line",
  column: "Column",
  rule: "Rule",
  problem: "Problem",
  errors: "Rows with errors",
  wholeRow: "whole row",
  codes: {
    ENCODING: "Encoding",
    MALFORMED: "Unreadable",
    MISSING_COLUMN: "Missing column",
    INVALID: "Invalid value",
    DUPLICATE: "Repeated in the file",
    EXISTS: "Already exists",
  } as Record<string, string>,
  fields: {
    name: "Name",
    email: "E-mail",
    phone: "Phone",
    taxId: "Tax ID",
    notes: "Notes",
    id: "Code",
    category: "Category",
    duration: "Duration (minutes)",
    price: "Price",
    discipline: "Discipline",
  } as Record<string, string>,
  fixOrSkip:
    "Fix these rows in your spreadsheet and choose the file again, or import the valid rows and skip these.",
  importAll: (n: number) => `Import all rows (${n})`,
  importValid: (n: number, skipped: number) =>
    `Import the valid rows (${n}) and skip the rows with errors (${skipped})`,
  importing: "Importing…",
  done: (created: number, skipped: number) =>
    `Import finished. Created: ${created}. Skipped: ${skipped}.`,
  result: "Result",
  created: "Created",
  updated: "Updated",
  skipped: "Skipped",
  neverUpdates:
    "An import never changes what exists: rows that match an existing patient or service are skipped.",
  matched: "Rows that match an existing patient",
  matchedOn: (line: number, field: string) => `Line ${line}, same ${field} as`,
  open: "Open the card",
  createdRows: "Created patients",
  createdServices: "Created services",
  another: "Import another file",
} as const;

/** The import section's texts (every language has them all). */
export type ImportTexts = {
  [K in keyof typeof importEn]: (typeof importEn)[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : (typeof importEn)[K] extends string
      ? string
      : (typeof importEn)[K];
};
