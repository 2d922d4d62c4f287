import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isEngineError } from "../errors.js";
import { matchWaitlist, planWaitlistOffer, type WaitlistEntryInput } from "./match.js";

const NOW = "2026-03-09T12:00:00Z";
const ZONE = "Europe/Lisbon";
const base = {
  serviceId: "pilates",
  joinedAt: "2026-03-01T10:00:00Z",
  expiresAt: "2026-04-01T00:00:00Z",
};
// Tuesday 10 March 2026, 18:00 in Lisbon (UTC+0 in winter).
const freed = { serviceId: "pilates", providerId: "ana", start: "2026-03-10T18:00:00Z" };

function ids(
  entries: WaitlistEntryInput[],
  more: Partial<Parameters<typeof matchWaitlist>[0]> = {},
) {
  return matchWaitlist({ freed, entries, now: NOW, timeZone: ZONE, ...more }).map((e) => e.id);
}

describe("matchWaitlist", () => {
  it("keeps line order (joined first, then id) and leaves out other services and providers", () => {
    const entries: WaitlistEntryInput[] = [
      { ...base, id: "late", joinedAt: "2026-03-05T10:00:00Z" },
      { ...base, id: "b" },
      { ...base, id: "a" },
      { ...base, id: "other-service", serviceId: "massage" },
      { ...base, id: "other-provider", providerId: "rui" },
      { ...base, id: "same-provider", providerId: "ana" },
    ];
    expect(ids(entries)).toEqual(["a", "b", "same-provider", "late"]);
  });

  it("reads weekdays, time of day and the date range in the clinic's zone", () => {
    const entries: WaitlistEntryInput[] = [
      { ...base, id: "tuesday", weekdays: [2] },
      { ...base, id: "monday", weekdays: [1] },
      { ...base, id: "evening", timeOfDay: { from: "17:00", to: "20:00" } },
      { ...base, id: "morning", timeOfDay: { from: "08:00", to: "12:00" } },
      { ...base, id: "ends-at-18", timeOfDay: { from: "12:00", to: "18:00" } },
      { ...base, id: "in-range", dateFrom: "2026-03-10", dateTo: "2026-03-10" },
      { ...base, id: "after", dateFrom: "2026-03-11" },
      { ...base, id: "before", dateTo: "2026-03-09" },
    ];
    expect(ids(entries).sort()).toEqual(["evening", "in-range", "tuesday"]);
    // 18:00Z is 14:00 in New York (UTC−4 after 8 March 2026): Tuesday afternoon there.
    expect(ids(entries, { timeZone: "America/New_York" }).sort()).toEqual([
      "ends-at-18",
      "in-range",
      "tuesday",
    ]);
  });

  it("leaves out lapsed and excluded entries, and offers nothing for a time already started", () => {
    const entries: WaitlistEntryInput[] = [
      { ...base, id: "lapsed", expiresAt: NOW },
      { ...base, id: "offered" },
      { ...base, id: "ok" },
    ];
    expect(ids(entries, { excludeEntryIds: ["offered"] })).toEqual(["ok"]);
    expect(ids(entries, { now: freed.start })).toEqual([]);
  });

  it("names the field and the rule of bad input", () => {
    try {
      ids([{ ...base, id: "x", timeOfDay: { from: "18:00", to: "09:00" } }]);
      expect.unreachable();
    } catch (error) {
      expect(isEngineError(error)).toBe(true);
      if (isEngineError(error)) {
        expect(error.issues[0]?.field).toBe("matchWaitlist.entries.0.timeOfDay.to");
      }
    }
  });
});

describe("planWaitlistOffer", () => {
  const matches = [{ id: "w1" }, { id: "w2" }, { id: "w3" }];
  it("first in line: one entry, held for holdMinutes but never past the start", () => {
    expect(
      planWaitlistOffer({
        policy: { mode: "first_in_line", holdMinutes: 30 },
        matches,
        start: freed.start,
        now: NOW,
      }),
    ).toEqual({ entryIds: ["w1"], exclusive: true, expiresAt: "2026-03-09T12:30:00.000Z" });
    expect(
      planWaitlistOffer({
        policy: { mode: "first_in_line", holdMinutes: 60 },
        matches,
        start: "2026-03-09T12:20:00Z",
        now: NOW,
      }).expiresAt,
    ).toBe("2026-03-09T12:20:00.000Z");
  });

  it("everyone: all matching entries at once until the start", () => {
    expect(
      planWaitlistOffer({
        policy: { mode: "everyone", holdMinutes: 30 },
        matches,
        start: freed.start,
        now: NOW,
      }),
    ).toEqual({
      entryIds: ["w1", "w2", "w3"],
      exclusive: false,
      expiresAt: "2026-03-10T18:00:00.000Z",
    });
  });
});

// --- properties ----------------------------------------------------------------------------------

const HOUR = 3_600_000;
const zones = fc.constantFrom("Europe/Lisbon", "America/New_York", "Australia/Lord_Howe", "UTC");
const wall = fc
  .integer({ min: 0, max: 47 })
  .map((h) => `${String(Math.floor(h / 2)).padStart(2, "0")}:${h % 2 ? "30" : "00"}`);
const entry = fc.record(
  {
    id: fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/),
    serviceId: fc.constantFrom("pilates", "massage"),
    providerId: fc.constantFrom("ana", "rui"),
    weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    timeOfDay: fc
      .tuple(wall, wall)
      .filter(([a, b]) => a < b)
      .map(([from, to]) => ({ from, to })),
    joinedAt: fc
      .integer({ min: 0, max: 240 })
      .map((h) => new Date(Date.UTC(2026, 2, 1) + h * HOUR).toISOString()),
    expiresAt: fc
      .integer({ min: 0, max: 2000 })
      .map((h) => new Date(Date.UTC(2026, 2, 1) + h * HOUR).toISOString()),
  },
  { requiredKeys: ["id", "serviceId", "joinedAt", "expiresAt"] },
);
const freedTime = fc.record({
  serviceId: fc.constantFrom("pilates", "massage"),
  providerId: fc.constantFrom("ana", "rui"),
  start: fc
    .integer({ min: 0, max: 2000 * 4 })
    .map((q) => new Date(Date.UTC(2026, 2, 1) + q * 15 * 60_000).toISOString()),
});

describe("waitlist invariants", () => {
  it("the matches are the entries each checked alone, in line order, with no duplicates", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(entry, { selector: (e) => e.id, maxLength: 12 }),
        freedTime,
        zones,
        fc.integer({ min: 0, max: 1000 }),
        (entries, freedAt, timeZone, nowHours) => {
          const now = new Date(Date.UTC(2026, 2, 1) + nowHours * HOUR).toISOString();
          const all = matchWaitlist({ freed: freedAt, entries, now, timeZone }).map((e) => e.id);
          const alone = entries
            .filter(
              (e) => matchWaitlist({ freed: freedAt, entries: [e], now, timeZone }).length === 1,
            )
            .map((e) => e.id);
          expect([...all].sort()).toEqual([...alone].sort());
          for (let i = 1; i < all.length; i += 1) {
            const a = entries.find((e) => e.id === all[i - 1]);
            const b = entries.find((e) => e.id === all[i]);
            expect(Date.parse(a?.joinedAt ?? "") <= Date.parse(b?.joinedAt ?? "")).toBe(true);
          }
          for (const id of all) {
            const e = entries.find((x) => x.id === id);
            expect(e?.serviceId).toBe(freedAt.serviceId);
            expect(Date.parse(e?.expiresAt ?? "")).toBeGreaterThan(Date.parse(now));
          }
        },
      ),
    );
  });

  it("an exclusive plan offers at most one entry, the first match; an open one offers all; neither outlives the start", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z]{1,5}$/), { maxLength: 8 }),
        fc.constantFrom("first_in_line", "everyone") as fc.Arbitrary<"first_in_line" | "everyone">,
        fc.integer({ min: 1, max: 2880 }),
        fc.integer({ min: 1, max: 5000 }),
        (matchIds, mode, holdMinutes, aheadMinutes) => {
          const now = Date.UTC(2026, 2, 9, 12);
          const start = new Date(now + aheadMinutes * 60_000).toISOString();
          const plan = planWaitlistOffer({
            policy: { mode, holdMinutes },
            matches: matchIds.map((id) => ({ id })),
            start,
            now: new Date(now).toISOString(),
          });
          expect(Date.parse(plan.expiresAt)).toBeLessThanOrEqual(Date.parse(start));
          if (mode === "first_in_line") expect(plan.entryIds).toEqual(matchIds.slice(0, 1));
          else expect(plan.entryIds).toEqual(matchIds);
        },
      ),
    );
  });
});
