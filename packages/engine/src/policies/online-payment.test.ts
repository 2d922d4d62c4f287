import { describe, expect, it } from "vitest";
import { EngineError } from "../errors.js";
import { onlinePaymentDue, onlinePaymentRuleSchema } from "./online-payment.js";

const EUR = (amount: number) => ({ amount, currency: "EUR" });

describe("onlinePaymentDue", () => {
  it("asks nothing without a rule, with `none`, or for a free visit", () => {
    expect(onlinePaymentDue(undefined, EUR(4500))).toBeNull();
    expect(onlinePaymentDue({ type: "none" }, EUR(4500))).toBeNull();
    expect(onlinePaymentDue({ type: "full" }, EUR(0))).toBeNull();
  });

  it("asks the full price, less what was paid, never below zero", () => {
    expect(onlinePaymentDue({ type: "full" }, EUR(4500))).toEqual({
      kind: "full",
      total: EUR(4500),
      due: EUR(4500),
    });
    expect(onlinePaymentDue({ type: "full" }, EUR(4500), 1000)?.due).toEqual(EUR(3500));
    expect(onlinePaymentDue({ type: "full" }, EUR(4500), 9000)?.due).toEqual(EUR(0));
  });

  it("rounds a percent deposit half away from zero to the minor unit", () => {
    const rule = { type: "deposit", deposit: { type: "percent", basisPoints: 2000 } } as const;
    expect(onlinePaymentDue(rule, EUR(4550))).toEqual({
      kind: "deposit",
      total: EUR(910),
      due: EUR(910),
    });
    const third = { type: "deposit", deposit: { type: "percent", basisPoints: 3333 } } as const;
    expect(onlinePaymentDue(third, EUR(1000))?.total).toEqual(EUR(333));
    const half = { type: "deposit", deposit: { type: "percent", basisPoints: 5000 } } as const;
    expect(onlinePaymentDue(half, EUR(1001))?.total).toEqual(EUR(501));
  });

  it("caps a fixed deposit at the price and refuses another currency", () => {
    const rule = { type: "deposit", deposit: { type: "fixed", amount: EUR(2000) } } as const;
    expect(onlinePaymentDue(rule, EUR(4500))?.total).toEqual(EUR(2000));
    expect(onlinePaymentDue(rule, EUR(1500))?.total).toEqual(EUR(1500));
    expect(onlinePaymentDue(rule, EUR(4500), 2000)?.due).toEqual(EUR(0));
    expect(() => onlinePaymentDue(rule, { amount: 4500, currency: "USD" })).toThrow(EngineError);
  });

  it("accepts only positive deposits of at most 100 %", () => {
    const bad = [
      { type: "deposit", deposit: { type: "percent", basisPoints: 0 } },
      { type: "deposit", deposit: { type: "percent", basisPoints: 10_001 } },
      { type: "deposit", deposit: { type: "fixed", amount: EUR(0) } },
      { type: "deposit" },
      { type: "later" },
    ];
    for (const rule of bad) expect(onlinePaymentRuleSchema.safeParse(rule).success).toBe(false);
    const issue = onlinePaymentRuleSchema.safeParse(bad[0]).error?.issues[0];
    expect(issue?.path).toEqual(["deposit", "basisPoints"]);
  });
});
