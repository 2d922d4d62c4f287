import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Span, subtractSpans } from "./intervals.js";

/** The first version (one pass over every span per cut: spans × cuts), kept as the oracle. */
function subtractSpansPairwise(
  spans: Span[],
  cuts: ReadonlyArray<{ start: number; end: number }>,
): Span[] {
  let result = spans;
  for (const cut of cuts) {
    if (cut.end <= cut.start) continue;
    const next: Span[] = [];
    for (const span of result) {
      if (cut.end <= span.start || cut.start >= span.end) {
        next.push(span);
        continue;
      }
      if (cut.start > span.start) next.push({ start: span.start, end: cut.start, day: span.day });
      if (cut.end < span.end) next.push({ start: cut.end, end: span.end, day: span.day });
    }
    result = next;
  }
  return result;
}

const range = fc
  .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: -5, max: 20 }))
  .map(([start, length]) => ({ start, end: start + length }));
// Grid spans: sorted by start, possibly overlapping across days (as open hours produce them).
const spans = fc
  .array(
    range.filter((r) => r.end > r.start),
    { maxLength: 12 },
  )
  .map((list) =>
    list.map((r, i) => ({ ...r, day: i % 3 })).sort((a, b) => a.start - b.start || a.day - b.day),
  );

describe("subtractSpans", () => {
  it("gives exactly the pairwise version's pieces, in the same order (random inputs)", () => {
    fc.assert(
      fc.property(spans, fc.array(range, { maxLength: 12 }), (s, cuts) => {
        expect(subtractSpans(s, cuts)).toEqual(subtractSpansPairwise(s, cuts));
      }),
      { numRuns: 2000 },
    );
  });

  it("2,000 time-off entries against a year of spans: the same pieces", () => {
    const year = Array.from({ length: 365 }, (_, d) => ({
      start: d * 1440 + 540,
      end: d * 1440 + 1020,
      day: d,
    }));
    const cuts = Array.from({ length: 2000 }, (_, i) => ({
      start: i * 263 + 600,
      end: i * 263 + 660,
    }));
    expect(subtractSpans(year, cuts)).toEqual(subtractSpansPairwise(year, cuts));
  });
});
