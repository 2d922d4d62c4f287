import { describe, expect, it } from "vitest";
import { bookingTerms } from "./cancellation.js";

const EUR = (amount: number) => ({ amount, currency: "EUR" });
const policy = {
  freeUntilHoursBefore: 24,
  lateFee: { type: "fixed" as const, amount: EUR(1750) },
};

describe("bookingTerms", () => {
  it("a same-day booking under a 24-hour policy costs the fee from the moment it is made", () => {
    expect(
      bookingTerms({
        start: "2026-03-10T15:00:00Z",
        now: "2026-03-10T09:00:00Z",
        policy,
        price: EUR(4500),
      }),
    ).toEqual({
      freeUntil: "2026-03-09T15:00:00.000Z",
      lateFee: EUR(1750),
      feeFromBooking: true,
      consentRequired: true,
      onlineCancellation: "allowed",
      selfServiceUntil: "2026-03-10T15:00:00.000Z",
    });
  });

  it("a booking days ahead is free to cancel until the deadline, in the zone asked", () => {
    expect(
      bookingTerms({
        start: "2026-03-20T15:00:00Z",
        now: "2026-03-10T09:00:00Z",
        policy: { ...policy, lateFee: { type: "percent", basisPoints: 5000 } },
        price: EUR(4550),
        timeZone: "Europe/Madrid",
      }),
    ).toMatchObject({
      freeUntil: "2026-03-19T16:00:00+01:00",
      lateFee: EUR(2275),
      feeFromBooking: false,
      consentRequired: true,
    });
  });

  it("without a policy there is no deadline, no fee and nothing to consent to", () => {
    expect(
      bookingTerms({ start: "2026-03-10T15:00:00Z", now: "2026-03-10T14:00:00Z", price: EUR(0) }),
    ).toMatchObject({
      freeUntil: null,
      lateFee: null,
      feeFromBooking: false,
      consentRequired: false,
    });
  });

  it("names the field of a bad start", () => {
    expect(() =>
      bookingTerms({ start: "tomorrow", now: "2026-03-10T14:00:00Z", price: EUR(0) }),
    ).toThrow(/terms\.start/);
  });
});
