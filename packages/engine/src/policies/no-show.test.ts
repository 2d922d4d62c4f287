import { describe, expect, it } from "vitest";
import type { AppointmentStatus } from "../model.js";
import { feeFor } from "./fee.js";
import { evaluateOnlineBookingBlock, noShowFee } from "./no-show.js";

const EUR = (amount: number) => ({ amount, currency: "EUR" });

describe("no-show fee", () => {
  it("is fixed or a percentage of the price, rounded half-up; zero is none", () => {
    expect(noShowFee({ rule: { type: "fixed", amount: EUR(2000) }, price: EUR(4500) })).toEqual(
      EUR(2000),
    );
    expect(noShowFee({ rule: { type: "percent", basisPoints: 3333 }, price: EUR(1000) })).toEqual(
      EUR(333),
    );
    expect(noShowFee({ rule: { type: "percent", basisPoints: 2500 }, price: EUR(1002) })).toEqual(
      EUR(251),
    );
    expect(noShowFee({ rule: null, price: EUR(4500) })).toBeNull();
    expect(feeFor({ type: "percent", basisPoints: 0 }, EUR(4500))).toBeNull();
  });

  it("rejects a percent above 100 % or a fractional one, naming the field", () => {
    expect(() =>
      noShowFee({ rule: { type: "percent", basisPoints: 10_001 }, price: EUR(1) }),
    ).toThrow(/noShowFee\.rule\.basisPoints/);
    expect(() =>
      noShowFee({ rule: { type: "percent", basisPoints: 12.5 }, price: EUR(1) }),
    ).toThrow(/noShowFee\.rule\.basisPoints/);
  });
});

describe("evaluateOnlineBookingBlock", () => {
  const visit = (
    id: string,
    start: string,
    status: AppointmentStatus = "no_show",
    clientId = "c1",
  ) => ({ id, start, status, clientId });
  const history = [
    visit("a1", "2026-01-05T10:00:00Z"),
    visit("a2", "2026-02-10T10:00:00Z"),
    visit("a3", "2026-03-01T10:00:00Z"),
    visit("a4", "2026-03-02T10:00:00Z", "completed"),
    visit("a5", "2026-03-03T10:00:00Z", "no_show", "c2"),
    visit("a6", "2026-09-01T10:00:00Z"), // in the future of now: not counted
  ];
  const rule = { afterNoShows: 2, withinDays: 90 };

  it("blocks after K no-shows in M days, until enough leave the window", () => {
    const r = evaluateOnlineBookingBlock({
      clientId: "c1",
      appointments: history,
      rule,
      now: "2026-03-09T12:00:00Z",
    });
    // counted a1, a2, a3; blocked until the 2nd oldest (a2) is 90 days old
    expect(r).toEqual({
      blocked: true,
      until: "2026-05-11T10:00:00.000Z",
      noShows: 3,
      noShowIds: ["a1", "a2", "a3"],
    });
    const later = evaluateOnlineBookingBlock({
      clientId: "c1",
      appointments: history,
      rule,
      now: "2026-05-11T10:00:00Z",
    });
    expect([later.blocked, later.noShows]).toEqual([false, 1]);
    const before = evaluateOnlineBookingBlock({
      clientId: "c1",
      appointments: history,
      rule,
      now: "2026-05-11T09:59:59Z",
    });
    expect(before.blocked).toBe(true);
  });

  it("does not block below the threshold, without a rule, or after staff cleared it", () => {
    const one = evaluateOnlineBookingBlock({
      clientId: "c2",
      appointments: history,
      rule,
      now: "2026-03-09T12:00:00Z",
    });
    expect(one).toMatchObject({ blocked: false, until: null, noShows: 1 });
    expect(
      evaluateOnlineBookingBlock({
        clientId: "c1",
        appointments: history,
        now: "2026-03-09T12:00:00Z",
      }).blocked,
    ).toBe(false);
    const cleared = evaluateOnlineBookingBlock({
      clientId: "c1",
      appointments: history,
      rule: { ...rule, clearedAt: "2026-02-15T00:00:00Z" },
      now: "2026-03-09T12:00:00Z",
    });
    expect([cleared.blocked, cleared.noShows]).toEqual([false, 1]);
  });

  it("prints the end in the clinic's zone when given", () => {
    const r = evaluateOnlineBookingBlock({
      clientId: "c1",
      appointments: history,
      rule,
      now: "2026-03-09T12:00:00Z",
      timeZone: "Europe/Lisbon",
    });
    expect(r.until).toBe("2026-05-11T11:00:00+01:00");
  });
});
