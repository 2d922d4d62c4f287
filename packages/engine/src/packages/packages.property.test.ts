import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packageBalance } from "./balance.js";
import { packageRefundAmount, refundPackage } from "./refund.js";
import { createPackage, type PackageState } from "./state.js";
import { restorePackageSession, usePackageSession } from "./use.js";

type Step = { op: "use" | "no_show" | "restore"; n: number } | { op: "refund" };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constantFrom("use" as const, "no_show" as const, "restore" as const),
    n: fc.integer({ min: 0, max: 30 }),
  }),
  fc.constant({ op: "refund" as const }),
);

describe("package invariants", () => {
  it("never goes below zero; used + remaining (+ refunded) = sold; refund ≤ paid", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.oneof(
          fc.record({ total: fc.integer({ min: 0, max: 500_000 }) }),
          fc.record({ perSession: fc.integer({ min: 0, max: 50_000 }) }),
        ),
        fc.option(fc.integer({ min: 0, max: 1_000_000 })),
        fc.constantFrom("keep" as const, "deduct" as const),
        fc.array(stepArb, { maxLength: 40 }),
        (sessions, price, paid, noShowRule, steps) => {
          const money = (amount: number) => ({ amount, currency: "EUR" });
          const priceInput =
            "total" in price
              ? { total: money(price.total) }
              : { perSession: money(price.perSession) };
          let pkg: PackageState = createPackage({
            id: "pk",
            ownerClientId: "c1",
            sessions,
            price: priceInput,
            ...(paid === null ? {} : { paid: money(paid) }),
            purchasedAt: "2026-01-01T00:00:00Z",
            timeZone: "Europe/Lisbon",
            noShowRule,
          });
          const paidAmount = paid ?? pkg.pricing.total.amount;
          for (const step of steps) {
            if (step.op === "refund") {
              const before = packageRefundAmount(pkg);
              const r = refundPackage(pkg, "2026-02-01T00:00:00Z");
              if (r.ok) {
                expect(r.refund).toEqual(before);
                expect(r.refund.amount).toBeGreaterThanOrEqual(0);
                expect(r.refund.amount).toBeLessThanOrEqual(paidAmount);
                pkg = r.package;
              }
            } else if (step.op === "restore") {
              const r = restorePackageSession(pkg, `a${step.n}`);
              if (r.ok) pkg = r.package;
            } else {
              const r = usePackageSession(pkg, {
                appointmentId: `a${step.n}`,
                at: "2026-01-15T10:00:00Z",
                therapistId: "t1",
                clientId: "c1",
                kind: step.op === "use" ? "attended" : "no_show",
              });
              if (r.ok) pkg = r.package;
            }
            const b = packageBalance(pkg, "2026-01-20T00:00:00Z");
            expect(b.remaining).toBeGreaterThanOrEqual(0);
            expect(b.used + b.remaining + b.refunded).toBe(sessions);
            expect(b.unusedValue.amount).toBeGreaterThanOrEqual(0);
            expect(b.unusedValue.amount).toBeLessThanOrEqual(pkg.pricing.total.amount);
            expect(packageRefundAmount(pkg).amount).toBeLessThanOrEqual(Math.max(0, paidAmount));
          }
          expect(
            pkg.pricing.perSession.amount * (sessions - 1) + pkg.pricing.lastSession.amount,
          ).toBe(pkg.pricing.total.amount);
        },
      ),
      { numRuns: 300 },
    );
  });
});
