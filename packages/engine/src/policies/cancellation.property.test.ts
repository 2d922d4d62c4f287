import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateCancellation } from "./cancellation.js";

const HOUR = 3_600_000;
const instant = fc
  .integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) })
  .map((ms) => ms - (ms % 60_000));

describe("cancellation policy invariants", () => {
  it("the free window ends exactly N elapsed hours before the start in any zone, and fees only grow with time", () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 96 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom("Europe/Lisbon", "America/New_York", "Australia/Lord_Howe", "UTC"),
        fc.integer({ min: -200, max: 200 }),
        fc.integer({ min: 1, max: 200 }),
        (start, hours, bp, timeZone, offsetHours, stepHours) => {
          const evaluate = (now: number) =>
            evaluateCancellation({
              appointment: { start: new Date(start).toISOString(), status: "confirmed" },
              policy: {
                freeUntilHoursBefore: hours,
                lateFee: { type: "percent", basisPoints: bp },
              },
              price: { amount: 4500, currency: "EUR" },
              now: new Date(now).toISOString(),
              channel: "staff",
              timeZone,
            });
          const earlier = evaluate(start + offsetHours * HOUR);
          const later = evaluate(start + (offsetHours + stepHours) * HOUR);
          expect(Date.parse(earlier.freeUntil as string)).toBe(start - hours * HOUR);
          expect(earlier.late).toBe(start + offsetHours * HOUR > start - hours * HOUR);
          expect((later.fee?.amount ?? 0) >= (earlier.fee?.amount ?? 0)).toBe(true);
          expect((earlier.fee?.amount ?? 0) <= 4500).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
