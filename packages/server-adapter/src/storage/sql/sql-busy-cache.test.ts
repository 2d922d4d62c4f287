// The busy-time cache on its own: which kept reads answer which later reads, and its limits. (That
// its answers are the database's, across processes and writes, is proven by the conformance suite
// and test/busy-cache.test.ts.)

import { describe, expect, it } from "vitest";
import type { BusyAppointment, HoldRecord } from "../storage.js";
import {
  type BusyRead,
  BusyTimeCache,
  type KeptAppointment,
  type KeptHold,
} from "./sql-busy-cache.js";

const iso = (ms: number) => new Date(ms).toISOString();

function visit(id: string, start: number, end: number, calendarIds = ["ana"]): KeptAppointment {
  const record: BusyAppointment = {
    id,
    serviceId: "physio",
    calendarIds,
    start: iso(start),
    end: iso(end),
    status: "booked",
    channel: "online",
  };
  return { start, end, record };
}

function hold(id: string, start: number, end: number, expiresAt: number): KeptHold {
  const record: HoldRecord = {
    clinicId: "c",
    id,
    serviceId: "physio",
    calendarIds: ["ana"],
    start: iso(start),
    end: iso(end),
    places: 1,
    expiresAt: iso(expiresAt),
    createdAt: iso(0),
  };
  return { start, end, expiresAt, record };
}

function read(overrides: Partial<BusyRead> = {}): BusyRead {
  return {
    ids: ["ana", "bruno"],
    from: 0,
    to: 1000,
    now: 0,
    appointments: [
      visit("a", 100, 200),
      visit("b", 300, 400, ["bruno"]),
      visit("c", 500, 600, ["ana", "room"]),
    ],
    holds: [hold("h", 700, 800, 50)],
    ...overrides,
  };
}

const ids = (answer: { appointments: { id: string }[]; holds: { id: string }[] } | undefined) =>
  answer && [...answer.appointments.map((a) => a.id), ...answer.holds.map((h) => h.id)];

describe("BusyTimeCache", () => {
  it("answers a read its kept read covers, filtered as the statement filters, in the same order", () => {
    const cache = new BusyTimeCache();
    cache.store("c", 3, read());
    expect(ids(cache.lookup("c", 3, ["ana", "bruno"], 0, 1000, 0))).toEqual(["a", "b", "c", "h"]);
    expect(ids(cache.lookup("c", 3, ["ana"], 0, 1000, 0))).toEqual(["a", "c", "h"]);
    expect(ids(cache.lookup("c", 3, ["bruno"], 250, 450, 0))).toEqual(["b"]);
    // A hold expires by the reader's `now` alone.
    expect(ids(cache.lookup("c", 3, ["ana"], 0, 1000, 60))).toEqual(["a", "c"]);
  });

  it("does not answer what it did not read: other calendars, a wider window, an earlier now", () => {
    const cache = new BusyTimeCache();
    cache.store("c", 3, read({ now: 10 }));
    expect(cache.covers("c", ["ana"], 0, 1000, 10)).toBe(true);
    expect(cache.covers("c", ["ana", "room"], 0, 1000, 10)).toBe(false);
    expect(cache.lookup("c", 3, ["ana", "room"], 0, 1000, 10)).toBeUndefined();
    expect(cache.lookup("c", 3, ["ana"], -1, 1000, 10)).toBeUndefined();
    expect(cache.lookup("c", 3, ["ana"], 0, 1001, 10)).toBeUndefined();
    expect(cache.lookup("c", 3, ["ana"], 0, 1000, 9)).toBeUndefined();
    expect(cache.lookup("other", 3, ["ana"], 0, 1000, 10)).toBeUndefined();
  });

  it("drops a clinic kept at another version, and keeps no read older than the one it holds", () => {
    const cache = new BusyTimeCache();
    cache.store("c", 3, read());
    expect(cache.lookup("c", 4, ["ana"], 0, 1000, 0)).toBeUndefined();
    expect(cache.has("c")).toBe(false);
    cache.store("c", 5, read({ appointments: [] }));
    cache.store("c", 4, read());
    expect(ids(cache.lookup("c", 5, ["ana"], 0, 1000, 0))).toEqual(["h"]);
    cache.store("c", 6, read());
    expect(cache.lookup("c", 5, ["ana"], 0, 1000, 0)).toBeUndefined();
  });

  it("leaves undecided (asks the database) an instant equal to a bound", () => {
    const cache = new BusyTimeCache();
    cache.store("c", 1, read());
    expect(cache.lookup("c", 1, ["ana"], 200, 1000, 0)).toBeUndefined();
    expect(cache.lookup("c", 1, ["ana"], 0, 500, 0)).toBeUndefined();
    expect(cache.lookup("c", 1, ["ana"], 0, 1000, 50)).toBeUndefined();
    expect(ids(cache.lookup("c", 1, ["ana"], 201, 1000, 0))).toEqual(["c", "h"]);
  });

  it("keeps at most its clinics, windows and records, least recently used out first", () => {
    const cache = new BusyTimeCache({ clinics: 2, windowsPerClinic: 2, records: 10 });
    cache.store("a", 1, read());
    cache.store("b", 1, read());
    expect(cache.lookup("a", 1, ["ana"], 0, 1000, 0)).toBeDefined();
    cache.store("c", 1, read());
    expect([cache.has("a"), cache.has("b"), cache.has("c")]).toEqual([true, false, true]);
    expect(cache.records).toBe(8);
    // A third window of one clinic pushes its oldest out; the records cap drops whole clinics.
    cache.store("c", 1, read({ from: 10 }));
    cache.store("c", 1, read({ from: 20 }));
    expect(cache.lookup("c", 1, ["ana"], 0, 1000, 0)).toBeUndefined();
    expect(cache.has("a")).toBe(false);
    expect(cache.records).toBe(8);
    // A read larger than the whole cache is not kept; `clinics: 0` keeps nothing.
    cache.store(
      "d",
      1,
      read({ appointments: Array.from({ length: 11 }, (_, i) => visit(`v${i}`, 1, 2)) }),
    );
    expect(cache.has("d")).toBe(false);
    const off = new BusyTimeCache({ clinics: 0 });
    off.store("a", 1, read());
    expect(off.has("a")).toBe(false);
  });

  it("shares frozen records: a caller cannot change what the next read gets", () => {
    const cache = new BusyTimeCache();
    cache.store("c", 1, read());
    const answer = cache.lookup("c", 1, ["ana"], 0, 1000, 0);
    const first = answer?.appointments[0];
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.calendarIds)).toBe(true);
  });
});
