import { EngineError } from "../errors.js";
import { parseInput } from "../validate.js";
import { type NumberingInput, numberingSchema } from "./schemas.js";

/** A document number and the sequence it encodes. */
export interface DocumentNumber {
  /** Formatted number, e.g. `FT 2026/00042`. */
  number: string;
  /** Its sequence within the series, e.g. `42`. */
  sequence: number;
}

/**
 * Formats a document number: `prefix` followed by the sequence padded to `minDigits`.
 *
 * @example
 * formatDocumentNumber("FT 2026/", 42, 5); // "FT 2026/00042"
 */
export function formatDocumentNumber(prefix: string, sequence: number, minDigits: number): string {
  return `${prefix}${String(sequence).padStart(minDigits, "0")}`;
}

/**
 * Reads the sequence out of a number of the series `prefix`, or `undefined` when the number does
 * not belong to it (other prefix, not digits, too few digits).
 *
 * @example
 * parseDocumentNumber("FT 2026/00042", "FT 2026/", 5); // 42
 * parseDocumentNumber("NC 2026/00042", "FT 2026/", 5); // undefined
 */
export function parseDocumentNumber(
  number: string,
  prefix: string,
  minDigits: number,
): number | undefined {
  if (!number.startsWith(prefix)) return undefined;
  const digits = number.slice(prefix.length);
  if (!/^\d+$/.test(digits) || digits.length < minDigits) return undefined;
  if (digits.length > minDigits && digits.startsWith("0")) return undefined;
  const sequence = Number(digits);
  return Number.isSafeInteger(sequence) ? sequence : undefined;
}

/**
 * The number that follows `previous` in a series. Gap-free numbering is the storage's job (it
 * must hand in the last number issued, inside the same transaction); the engine formats it and
 * refuses a `previous` that does not belong to the series (`EngineError` INVALID_INPUT naming
 * `numbering.previous`).
 *
 * @example
 * nextDocumentNumber({ prefix: "FT 2026/", minDigits: 5, previous: "FT 2026/00041" });
 * // { number: "FT 2026/00042", sequence: 42 }
 * nextDocumentNumber({ prefix: "R-", minDigits: 3, previous: null }); // { number: "R-001", sequence: 1 }
 */
export function nextDocumentNumber(input: NumberingInput, root = "numbering"): DocumentNumber {
  const numbering = parseInput(numberingSchema, input, root);
  let previous = 0;
  if (typeof numbering.previous === "string") {
    const parsed = parseDocumentNumber(numbering.previous, numbering.prefix, numbering.minDigits);
    if (parsed === undefined) {
      const message = `must be a number of the series "${numbering.prefix}" + at least ${numbering.minDigits} digits`;
      throw new EngineError("INVALID_INPUT", `${root}.previous: ${message}`, [
        { field: `${root}.previous`, message },
      ]);
    }
    previous = parsed;
  } else if (typeof numbering.previous === "number") {
    previous = numbering.previous;
  }
  const sequence = previous + 1;
  return {
    number: formatDocumentNumber(numbering.prefix, sequence, numbering.minDigits),
    sequence,
  };
}
