import { describe, expect, it } from "vitest";
import { evaluateCancellation, evaluateReschedule } from "./cancellation.js";

const EUR = (amount: number) => ({ amount, currency: "EUR" });
const appointment = { start: "2026-03-10T09:00:00Z", status: "booked" as const };
const policy = {
  freeUntilHoursBefore: 24,
  lateFee: { type: "percent" as const, basisPoints: 5000 },
  selfServiceCutoffHours: 2,
};
const base = { appointment, policy, price: EUR(4550), channel: "online" as const };

describe("evaluateCancellation", () => {
  it("is free until N hours before (inclusive), then costs the late fee rounded half-up", () => {
    expect(evaluateCancellation({ ...base, now: "2026-03-09T09:00:00Z" })).toEqual({
      allowed: true,
      fee: null,
      freeUntil: "2026-03-09T09:00:00.000Z",
      selfServiceUntil: "2026-03-10T07:00:00.000Z",
      late: false,
      reason: "FREE_WINDOW",
    });
    expect(evaluateCancellation({ ...base, now: "2026-03-09T09:00:00.001Z" })).toMatchObject({
      allowed: true,
      fee: EUR(2275),
      late: true,
      reason: "LATE_FEE",
    });
  });

  it("supports a fixed fee, no fee, and staff waiving it", () => {
    const fixed = { ...policy, lateFee: { type: "fixed" as const, amount: EUR(1500) } };
    expect(
      evaluateCancellation({ ...base, policy: fixed, now: "2026-03-10T06:00:00Z" }).fee,
    ).toEqual(EUR(1500));
    const free = { ...policy, lateFee: null };
    expect(
      evaluateCancellation({ ...base, policy: free, now: "2026-03-10T06:00:00Z" }).reason,
    ).toBe("LATE_NO_FEE");
    const waived = evaluateCancellation({
      ...base,
      channel: "staff",
      waiveFee: true,
      now: "2026-03-10T06:00:00Z",
    });
    expect([waived.fee, waived.reason]).toEqual([null, "FEE_WAIVED"]);
    const clientTries = evaluateCancellation({
      ...base,
      waiveFee: true,
      now: "2026-03-10T06:00:00Z",
    });
    expect(clientTries.fee).toEqual(EUR(2275));
  });

  it("applies the online rules: never, free window only, cutoff, already started", () => {
    const at = (now: string, extra = {}) =>
      evaluateCancellation({ ...base, policy: { ...policy, ...extra }, now });
    expect(at("2026-03-01T00:00:00Z", { online: "never" })).toMatchObject({
      allowed: false,
      reason: "ONLINE_CANCELLATION_DISABLED",
      selfServiceUntil: null,
    });
    expect(at("2026-03-09T12:00:00Z", { online: "free_window_only" }).reason).toBe(
      "LATE_ONLINE_CANCELLATION_DISABLED",
    );
    expect(at("2026-03-08T12:00:00Z", { online: "free_window_only" }).reason).toBe("FREE_WINDOW");
    expect(at("2026-03-10T07:00:00Z").allowed).toBe(true);
    expect(at("2026-03-10T07:00:01Z").reason).toBe("SELF_SERVICE_CUTOFF");
    expect(at("2026-03-10T09:00:00Z").reason).toBe("ALREADY_STARTED");
  });

  it("lets staff cancel late or after the start, with the fee", () => {
    const late = evaluateCancellation({ ...base, channel: "staff", now: "2026-03-10T09:30:00Z" });
    expect([late.allowed, late.fee]).toEqual([true, EUR(2275)]);
  });

  it("refuses visits that are no longer booked or confirmed", () => {
    const arrived = evaluateCancellation({
      ...base,
      appointment: { ...appointment, status: "arrived" },
      now: "2026-03-01T00:00:00Z",
    });
    expect([arrived.allowed, arrived.reason]).toEqual([false, "STATUS_NOT_CANCELABLE"]);
  });

  it("without a policy, is free until the start", () => {
    const r = evaluateCancellation({
      appointment,
      price: EUR(4500),
      now: "2026-03-10T08:59:00Z",
      channel: "online",
    });
    expect([r.allowed, r.fee, r.reason]).toEqual([true, null, "FREE_WINDOW"]);
  });

  it("counts real hours across the spring DST change (23-hour day)", () => {
    // Lisbon, Sunday 29 March 2026 10:00 WEST (+01:00) = 09:00Z; 24 h earlier is Saturday 09:00 WET, not 10:00.
    const dst = {
      appointment: { start: "2026-03-29T10:00:00+01:00", status: "booked" as const },
      policy,
      price: EUR(4000),
      channel: "staff" as const,
      timeZone: "Europe/Lisbon",
    };
    const r = evaluateCancellation({ ...dst, now: "2026-03-28T09:30:00Z" });
    expect(r.freeUntil).toBe("2026-03-28T09:00:00Z");
    expect(r.reason).toBe("LATE_FEE");
  });

  it("counts real hours across the autumn DST change (25-hour day)", () => {
    // Lisbon, Sunday 25 October 2026 10:00 WET (+00:00); 24 h earlier is Saturday 11:00 WEST.
    const r = evaluateCancellation({
      appointment: { start: "2026-10-25T10:00:00Z", status: "booked" },
      policy,
      price: EUR(4000),
      now: "2026-10-24T10:30:00+01:00",
      channel: "online",
      timeZone: "Europe/Lisbon",
    });
    expect(r.freeUntil).toBe("2026-10-24T11:00:00+01:00");
    expect(r.reason).toBe("FREE_WINDOW");
  });

  it("names the field for a fee in another currency or a bad policy", () => {
    const usd = {
      ...policy,
      lateFee: { type: "fixed" as const, amount: { amount: 100, currency: "USD" } },
    };
    expect(() =>
      evaluateCancellation({ ...base, policy: usd, now: "2026-03-10T06:00:00Z" }),
    ).toThrow(/policy\.lateFee\.amount\.currency/);
    expect(() =>
      evaluateCancellation({
        ...base,
        policy: { freeUntilHoursBefore: 1.5 },
        now: "2026-03-10T06:00:00Z",
      }),
    ).toThrow(/cancellation\.policy\.freeUntilHoursBefore/);
  });
});

describe("evaluateReschedule", () => {
  it("allows online moves until the cutoff, staff always", () => {
    const r = (now: string, channel: "online" | "staff" = "online") =>
      evaluateReschedule({ appointment, policy, now, channel });
    expect(r("2026-03-10T06:59:00Z")).toEqual({
      allowed: true,
      reason: "OK",
      cutoffAt: "2026-03-10T07:00:00.000Z",
      carryFreeCancellationUntil: "2026-03-09T09:00:00.000Z",
    });
    expect(r("2026-03-09T09:00:00Z").carryFreeCancellationUntil).toBeNull();
    expect(r("2026-03-10T07:30:00Z").reason).toBe("SELF_SERVICE_CUTOFF");
    expect(r("2026-03-10T09:30:00Z").reason).toBe("ALREADY_STARTED");
    expect(r("2026-03-10T08:30:00Z", "staff").allowed).toBe(true);
  });
});

describe("regression: a late move bought a new free-cancellation window", () => {
  // Free until 24 h before; the patient moves the 10 March visit at 08:00 that morning to
  // 20 March, then cancels the new visit on 12 March — which used to be free.
  const moved = { start: "2026-03-20T09:00:00Z", status: "booked" as const };

  it("a move past the free window names the deadline the new visit keeps", () => {
    const verdict = evaluateReschedule({
      appointment,
      policy,
      now: "2026-03-10T06:00:00Z",
      channel: "online",
    });
    expect(verdict.allowed).toBe(true);
    expect(verdict.carryFreeCancellationUntil).toBe("2026-03-09T09:00:00.000Z");
    const cancel = evaluateCancellation({
      ...base,
      appointment: {
        ...moved,
        freeCancellationUntil: verdict.carryFreeCancellationUntil as string,
      },
      now: "2026-03-12T10:00:00Z",
    });
    expect(cancel).toMatchObject({ late: true, fee: EUR(2275), reason: "LATE_FEE" });
    expect(cancel.freeUntil).toBe("2026-03-09T09:00:00.000Z");
  });

  it("a move inside the free window carries nothing, and the new visit has its own window", () => {
    const verdict = evaluateReschedule({
      appointment,
      policy,
      now: "2026-03-08T10:00:00Z",
      channel: "online",
    });
    expect(verdict.carryFreeCancellationUntil).toBeNull();
    const cancel = evaluateCancellation({
      ...base,
      appointment: moved,
      now: "2026-03-12T10:00:00Z",
    });
    expect(cancel).toMatchObject({ late: false, fee: null, reason: "FREE_WINDOW" });
  });

  it("a carried deadline later than the policy's own changes nothing", () => {
    const cancel = evaluateCancellation({
      ...base,
      appointment: { ...appointment, freeCancellationUntil: "2026-03-10T08:00:00Z" },
      now: "2026-03-09T12:00:00Z",
    });
    expect(cancel.freeUntil).toBe("2026-03-09T09:00:00.000Z");
    expect(cancel.late).toBe(true);
  });

  it("names the field for a malformed carried deadline", () => {
    expect(() =>
      evaluateCancellation({
        ...base,
        appointment: { ...appointment, freeCancellationUntil: "soon" },
        now: "2026-03-09T12:00:00Z",
      }),
    ).toThrow(/appointment\.freeCancellationUntil/);
  });
});
