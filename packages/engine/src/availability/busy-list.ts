/** An appointment as a calendar sees it: raw times plus times widened by its buffers. */
export interface BusyEntry {
  id: string;
  serviceId: string;
  start: number;
  end: number;
  /** start − buffer before (and, for a member's other calendars, − travel) */
  wStart: number;
  /** end + buffer after (and, for a member's other calendars, + travel) */
  wEnd: number;
}

/**
 * Busy entries sorted by their widened start, with fast "what overlaps this time" look-ups.
 *
 * @example
 * const list = new BusyList<BusyEntry>();
 * list.addBusy({ id: "a1", serviceId: "physio", start, end, wStart: start, wEnd: end });
 * list.sortBusy();
 * list.anyOverlapping(start, end); // true
 */
export class BusyList<E extends BusyEntry> {
  /** Busy entries sorted by `wStart` (after `sortBusy`). */
  readonly busy: E[] = [];
  private maxBusyLength = 0;

  /** Adds an entry; call `sortBusy` once every entry is in. */
  addBusy(entry: E): void {
    this.busy.push(entry);
    const length = entry.wEnd - entry.wStart;
    if (length > this.maxBusyLength) this.maxBusyLength = length;
  }

  /** Sorts the entries by widened start (then start). */
  sortBusy(): void {
    this.busy.sort((a, b) => a.wStart - b.wStart || a.start - b.start);
  }

  /** Calls `visit` for every busy entry whose widened time overlaps `[from, to)`. */
  forEachOverlapping(from: number, to: number, visit: (entry: E) => void): void {
    for (let i = this.lastByWStart(to - 1); i >= 0; i--) {
      const entry = this.busy[i] as E;
      if (entry.wStart + this.maxBusyLength <= from) break;
      if (entry.wEnd > from) visit(entry);
    }
  }

  /** Whether any busy entry's widened time overlaps `[from, to)`. */
  anyOverlapping(from: number, to: number): boolean {
    for (let i = this.lastByWStart(to - 1); i >= 0; i--) {
      const entry = this.busy[i] as E;
      if (entry.wStart + this.maxBusyLength <= from) return false;
      if (entry.wEnd > from) return true;
    }
    return false;
  }

  private lastByWStart(at: number): number {
    let lo = 0;
    let hi = this.busy.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.busy[mid] as E).wStart <= at) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}
