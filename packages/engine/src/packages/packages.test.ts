import { describe, expect, it } from "vitest";
import { packageBalance } from "./balance.js";
import { packagePricing } from "./pricing.js";
import { packageRefundAmount, refundPackage } from "./refund.js";
import { packageSaleCharge } from "./sale.js";
import type { SessionPackageInput } from "./schema.js";
import { createPackage } from "./state.js";
import {
  checkPackageUse,
  type PackageOutcome,
  restorePackageSession,
  usePackageSession,
} from "./use.js";

const EUR = (amount: number) => ({ amount, currency: "EUR" });
const ten: SessionPackageInput = {
  id: "pk1",
  ownerClientId: "c1",
  allowedClientIds: ["c2"],
  serviceIds: ["physio-45"],
  sessions: 10,
  price: { total: EUR(40000) },
  purchasedAt: "2026-01-10T10:00:00Z",
  expiresOn: "2026-07-10",
  timeZone: "Europe/Lisbon",
};
const use = (n: number, extra = {}) => ({
  appointmentId: `a${n}`,
  at: "2026-03-09T10:00:00Z",
  therapistId: "dr-ana",
  clientId: "c1",
  serviceId: "physio-45",
  ...extra,
});

function ok(r: PackageOutcome) {
  if (!r.ok) throw new Error(r.error.code);
  return r.package;
}

function used(pkg: SessionPackageInput, count: number) {
  let state = createPackage(pkg);
  for (let i = 0; i < count; i += 1) state = ok(usePackageSession(state, use(i)));
  return state;
}

describe("package pricing", () => {
  it("derives per-session from a total with the last session absorbing the remainder", () => {
    expect(packagePricing(3, { total: EUR(10000) })).toEqual({
      total: EUR(10000),
      perSession: EUR(3333),
      lastSession: EUR(3334),
    });
    expect(packagePricing(4, { perSession: EUR(2500) })).toEqual({
      total: EUR(10000),
      perSession: EUR(2500),
      lastSession: EUR(2500),
    });
  });

  it("names the field of a bad package", () => {
    expect(() => createPackage({ ...ten, sessions: 0 })).toThrow(/package\.sessions/);
    expect(() => createPackage({ ...ten, paid: { amount: 1, currency: "USD" } })).toThrow(
      /package\.paid\.currency/,
    );
    expect(() =>
      createPackage({ ...ten, price: { total: EUR(1), perSession: EUR(1) } as never }),
    ).toThrow(/package\.price/);
  });
});

describe("using sessions", () => {
  it("logs date (local), visit, therapist and attendee, and counts down", () => {
    const r = usePackageSession(ten, use(1, { at: "2026-03-28T23:30:00Z", clientId: "c2" }));
    if (!r.ok) throw new Error(r.error.code);
    expect(r.use).toEqual({
      appointmentId: "a1",
      at: "2026-03-28T23:30:00Z",
      date: "2026-03-28",
      therapistId: "dr-ana",
      clientId: "c2",
      kind: "attended",
    });
    const summer = usePackageSession(ten, use(2, { at: "2026-06-01T23:30:00Z" }));
    expect(summer.ok && summer.use.date).toBe("2026-06-02");
    expect(packageBalance(r.package, "2026-03-29T00:00:00Z")).toMatchObject({
      used: 1,
      remaining: 9,
    });
  });

  it("is a typed error when exhausted, expired, refunded, for someone else, another service, or twice", () => {
    const code = (pkg: SessionPackageInput, u = use(99)) => {
      const r = usePackageSession(pkg, u);
      return r.ok ? "ok" : r.error.code;
    };
    expect(code(used(ten, 10))).toBe("PACKAGE_EXHAUSTED");
    expect(code(ten, use(1, { at: "2026-07-10T22:59:59Z" }))).toBe("ok"); // 23:59:59 WEST on the last day
    expect(code(ten, use(1, { at: "2026-07-10T23:00:00Z" }))).toBe("PACKAGE_EXPIRED");
    expect(code(ten, use(1, { clientId: "c3" }))).toBe("PACKAGE_NOT_FOR_CLIENT");
    expect(code(ten, use(1, { serviceId: "massage" }))).toBe("PACKAGE_NOT_FOR_SERVICE");
    expect(code(used(ten, 1), use(0))).toBe("PACKAGE_ALREADY_USED");
    const refunded = refundPackage(ten, "2026-03-01T00:00:00Z");
    expect(refunded.ok && code(refunded.package)).toBe("PACKAGE_REFUNDED");
    expect(checkPackageUse(ten, use(1))).toBeNull();
  });

  it("deducts a no-show only when the rule says so", () => {
    const keep = usePackageSession(ten, use(1, { kind: "no_show" }));
    expect(!keep.ok && keep.error.code).toBe("NO_SHOW_NOT_DEDUCTED");
    const deduct = usePackageSession({ ...ten, noShowRule: "deduct" }, use(1, { kind: "no_show" }));
    expect(deduct.ok && packageBalance(deduct.package, "2026-03-10T00:00:00Z")).toMatchObject({
      used: 1,
      noShowsDeducted: 1,
    });
  });

  it("restores a session a visit took, and only that", () => {
    const three = used(ten, 3);
    const back = restorePackageSession(three, "a1");
    expect(back.ok && back.package.uses.map((u) => u.appointmentId)).toEqual(["a0", "a2"]);
    const missing = restorePackageSession(three, "zz");
    expect(!missing.ok && missing.error.code).toBe("PACKAGE_USE_NOT_FOUND");
  });
});

describe("balance for a receipt", () => {
  it("prints used, left and validity, and knows when to nudge", () => {
    const six = used(ten, 6);
    expect(packageBalance(six, "2026-06-01T12:00:00Z")).toMatchObject({
      sold: 10,
      used: 6,
      remaining: 4,
      expiresOn: "2026-07-10",
      nudgeOn: "2026-06-26",
      nudgeDue: false,
      expired: false,
      unusedValue: EUR(16000),
      line: "6 of 10 used, 4 left, valid until 2026-07-10",
    });
    expect(packageBalance(six, "2026-06-25T23:00:00Z").nudgeDue).toBe(true); // 00:00 WEST on 26 June
    expect(packageBalance(six, "2026-06-25T22:59:59Z").nudgeDue).toBe(false);
    expect(packageBalance(six, "2026-07-11T00:00:00Z")).toMatchObject({
      expired: true,
      nudgeDue: false,
      line: "6 of 10 used, 4 left, expired on 2026-07-10",
    });
    const { expiresOn: _, ...forever } = ten;
    expect(packageBalance(forever, "2030-01-01T00:00:00Z")).toMatchObject({
      line: "0 of 10 used, 10 left",
      nudgeOn: null,
    });
  });
});

describe("refunds", () => {
  it("pay back unused × per-session, the last session carrying the remainder", () => {
    const three = { ...ten, sessions: 3, price: { total: EUR(10000) } };
    expect(packageRefundAmount(three)).toEqual(EUR(10000));
    expect(packageRefundAmount(used(three, 1))).toEqual(EUR(6667));
    expect(packageRefundAmount(used(three, 2))).toEqual(EUR(3334));
    expect(packageRefundAmount(used(three, 3))).toEqual(EUR(0));
  });

  it("never exceed what was paid net of the sessions used", () => {
    const partlyPaid = { ...ten, paid: EUR(20000) };
    expect(packageRefundAmount(used(partlyPaid, 2))).toEqual(EUR(12000));
    expect(packageRefundAmount(used(partlyPaid, 6))).toEqual(EUR(0));
  });

  it("close the package once; a second refund is a typed error", () => {
    const r = refundPackage(used(ten, 6), "2026-04-01T10:00:00Z");
    if (!r.ok) throw new Error(r.error.code);
    expect(r.refund).toEqual(EUR(16000));
    expect(packageBalance(r.package, "2026-04-02T00:00:00Z")).toMatchObject({
      used: 6,
      remaining: 0,
      refunded: 4,
      line: "6 of 10 used, 4 refunded",
    });
    const again = refundPackage(r.package, "2026-04-02T00:00:00Z");
    expect(!again.ok && again.error.code).toBe("PACKAGE_REFUNDED");
  });
});

describe("selling a package", () => {
  it("charges the owner the package total once", () => {
    const sale = packageSaleCharge(
      { ...ten, name: "10 × Physio" },
      { id: "ch-pk1", caseId: "case-1", billingProviderId: "clinic" },
    );
    expect(sale).toMatchObject({
      clientId: "c1",
      description: "Package: 10 × Physio (10 sessions)",
      unitPrice: EUR(40000),
      quantity: 1,
      source: "package_sale",
      status: "uninvoiced",
    });
    const perSession = packageSaleCharge(
      { ...ten, price: { perSession: EUR(3500) } },
      { id: "x", caseId: "k", billingProviderId: "p" },
    );
    expect([perSession.unitPrice.amount, perSession.description]).toEqual([
      35000,
      "Package: 10 sessions",
    ]);
  });
});
