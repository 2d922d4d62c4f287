import { describe, expect, it } from "vitest";
import { isEngineError } from "../errors.js";
import { formatDocumentNumber, nextDocumentNumber, parseDocumentNumber } from "./numbering.js";

describe("document numbering", () => {
  it("formats and parses numbers of a series", () => {
    expect(formatDocumentNumber("FT 2026/", 42, 5)).toBe("FT 2026/00042");
    expect(formatDocumentNumber("R-", 123456, 3)).toBe("R-123456");
    expect(parseDocumentNumber("FT 2026/00042", "FT 2026/", 5)).toBe(42);
    expect(parseDocumentNumber("FT 2025/00042", "FT 2026/", 5)).toBeUndefined();
    expect(parseDocumentNumber("FT 2026/0042", "FT 2026/", 5)).toBeUndefined();
    expect(parseDocumentNumber("FT 2026/00042a", "FT 2026/", 5)).toBeUndefined();
  });

  it("follows the previous number or sequence, starting at 1", () => {
    expect(nextDocumentNumber({ prefix: "FT 2026/", previous: "FT 2026/00041" })).toEqual({
      number: "FT 2026/00042",
      sequence: 42,
    });
    expect(nextDocumentNumber({ prefix: "R-", minDigits: 3, previous: null })).toEqual({
      number: "R-001",
      sequence: 1,
    });
    expect(nextDocumentNumber({ prefix: "R-", minDigits: 3, previous: 999 })).toEqual({
      number: "R-1000",
      sequence: 1000,
    });
  });

  it("refuses a previous number from another series, naming the field", () => {
    try {
      nextDocumentNumber({ prefix: "FT 2026/", previous: "NC 2026/00041" });
      expect.unreachable();
    } catch (error) {
      expect(isEngineError(error) && error.issues.map((i) => i.field)).toEqual([
        "numbering.previous",
      ]);
    }
  });
});
