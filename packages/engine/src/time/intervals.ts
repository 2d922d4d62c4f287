/** A half-open interval `[start, end)` of epoch milliseconds, tagged with the local day it belongs to. */
export interface Span {
  start: number;
  end: number;
  /** Local day number (see `time/zoned.ts`) of the shift the span came from. */
  day: number;
}

/** Sorts spans by start and merges those that overlap or touch; the earlier span's day wins. */
export function mergeSpans(spans: Span[]): Span[] {
  if (spans.length <= 1) return spans.slice();
  const sorted = spans.slice().sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  let current = { ...(sorted[0] as Span) };
  for (let i = 1; i < sorted.length; i++) {
    const next = sorted[i] as Span;
    if (next.start <= current.end) {
      if (next.end > current.end) current.end = next.end;
    } else {
      out.push(current);
      current = { ...next };
    }
  }
  out.push(current);
  return out;
}

/**
 * Merges spans that overlap or touch only when they belong to the same local day, so that each
 * day's shifts keep their own grid; the result is sorted by start and may overlap across days.
 */
export function mergeSpansByDay(spans: Span[]): Span[] {
  if (spans.length <= 1) return spans.slice();
  const byDay = spans.slice().sort((a, b) => a.day - b.day || a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  let current = { ...(byDay[0] as Span) };
  for (let i = 1; i < byDay.length; i++) {
    const next = byDay[i] as Span;
    if (next.day === current.day && next.start <= current.end) {
      if (next.end > current.end) current.end = next.end;
    } else {
      out.push(current);
      current = { ...next };
    }
  }
  out.push(current);
  return out.sort((a, b) => a.start - b.start || a.day - b.day);
}

/**
 * Removes every `[start, end)` in `cuts` from `spans`; the cuts in any order, each span's pieces
 * kept in the spans' order. The cuts are sorted and merged once, then each span meets only the
 * cuts that reach it: O((spans + cuts) · log cuts), not spans × cuts.
 */
export function subtractSpans(
  spans: Span[],
  cuts: ReadonlyArray<{ start: number; end: number }>,
): Span[] {
  if (cuts.length === 0) return spans;
  const union = unionOf(cuts);
  if (union.length === 0) return spans;
  const out: Span[] = [];
  for (const span of spans) {
    let cursor = span.start;
    for (let i = firstEndingAfter(union, span.start); i < union.length; i++) {
      const cut = union[i] as { start: number; end: number };
      if (cut.start >= span.end) break;
      if (cut.start > cursor) out.push({ start: cursor, end: cut.start, day: span.day });
      if (cut.end > cursor) cursor = cut.end;
      if (cursor >= span.end) break;
    }
    if (cursor === span.start) out.push(span);
    else if (cursor < span.end) out.push({ start: cursor, end: span.end, day: span.day });
  }
  return out;
}

/** Non-empty `ranges` sorted by start, overlapping or touching ones merged. */
function unionOf(ranges: ReadonlyArray<{ start: number; end: number }>) {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) {
      if (r.end > last.end) last.end = r.end;
    } else out.push({ start: r.start, end: r.end });
  }
  return out;
}

/** Index of the first of sorted, disjoint `ranges` that ends after `at` (or `ranges.length`). */
function firstEndingAfter(ranges: ReadonlyArray<{ end: number }>, at: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ranges[mid] as { end: number }).end > at) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index of the last span whose start is `<= at`, or -1; `spans` sorted by start. */
export function lastStartingAtOrBefore(
  spans: ReadonlyArray<{ start: number }>,
  at: number,
): number {
  let lo = 0;
  let hi = spans.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((spans[mid] as { start: number }).start <= at) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** The span of sorted, disjoint `spans` that contains all of `[start, end)`, if any. */
export function containingSpan(
  spans: readonly Span[],
  start: number,
  end: number,
): Span | undefined {
  const i = lastStartingAtOrBefore(spans, start);
  if (i < 0) return undefined;
  const span = spans[i] as Span;
  return span.end >= end ? span : undefined;
}

/** Whether `[start, end)` overlaps any of the sorted, disjoint `spans`. */
export function overlapsAny(
  spans: readonly { start: number; end: number }[],
  start: number,
  end: number,
): boolean {
  const i = lastStartingAtOrBefore(spans, end - 1);
  if (i < 0) return false;
  return (spans[i] as { end: number }).end > start;
}
