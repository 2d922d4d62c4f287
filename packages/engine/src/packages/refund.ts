import { instantSchema, type Money } from "../model.js";
import { parseInput } from "../validate.js";
import { valueOfSessions } from "./pricing.js";
import type { SessionPackageInput } from "./schema.js";
import { createPackage, type PackageState, remainingSessions, usedSessions } from "./state.js";
import { type PackageError, packageFailure } from "./use.js";

/**
 * What refunding a package's unused sessions would pay back: the value of the unused sessions
 * (`unused × perSession`, the last session carrying the rounding remainder) but never more than
 * was paid net of the sessions used, and never below zero.
 *
 * @example
 * packageRefundAmount(pkg); // { amount: 16000, currency: "EUR" } for 4 unused of 10 at 40.00
 */
export function packageRefundAmount(pkgInput: SessionPackageInput): Money {
  const pkg = createPackage(pkgInput);
  if (pkg.refund) return { amount: 0, currency: pkg.pricing.total.currency };
  const usedValue = valueOfSessions(pkg.pricing, pkg.sessions, usedSessions(pkg));
  const unusedValue = pkg.pricing.total.amount - usedValue;
  const paid = pkg.paid?.amount ?? pkg.pricing.total.amount;
  const amount = Math.max(0, Math.min(unusedValue, paid - usedValue));
  return { amount, currency: pkg.pricing.total.currency };
}

/**
 * Closes a package by refunding its unused sessions (see {@link packageRefundAmount}); the
 * package keeps its log and counts the refunded sessions, and can no longer be used. Refunding
 * twice is the typed error `PACKAGE_REFUNDED`. The caller records the money as a refund payment.
 *
 * @example
 * const r = refundPackage(pkg, "2026-04-01T10:00:00Z");
 * if (r.ok) r.refund; // { amount: 16000, currency: "EUR" }
 */
export function refundPackage(
  pkgInput: SessionPackageInput,
  now: string,
): { ok: true; package: PackageState; refund: Money } | { ok: false; error: PackageError } {
  const pkg = createPackage(pkgInput);
  const at = parseInput(instantSchema, now, "now");
  if (pkg.refund)
    return packageFailure(pkg.id, "PACKAGE_REFUNDED", `package ${pkg.id} was already refunded`);
  const refund = packageRefundAmount(pkg);
  const sessions = remainingSessions(pkg);
  return { ok: true, package: { ...pkg, refund: { at, sessions, amount: refund } }, refund };
}
