import { EngineError } from "../errors.js";
import { clockFor, parseDay } from "../time/zoned.js";
import { parseInput } from "../validate.js";
import { packagePricing } from "./pricing.js";
import {
  type PackagePricing,
  packageSchema,
  type SessionPackage,
  type SessionPackageInput,
} from "./schema.js";

/** A validated package with its derived prices. */
export interface PackageState extends SessionPackage {
  pricing: PackagePricing;
}

/**
 * Validates a package and derives its session prices (see {@link packagePricing}). Checks that
 * `paid` is in the price's currency and that the log never holds more sessions than were sold.
 *
 * @example
 * const pkg = createPackage({
 *   id: "pk1", ownerClientId: "c1", sessions: 10, price: { total: { amount: 40000, currency: "EUR" } },
 *   purchasedAt: "2026-01-10T10:00:00Z", expiresOn: "2026-07-10", timeZone: "Europe/Lisbon",
 * });
 * pkg.pricing.perSession; // { amount: 4000, currency: "EUR" }
 */
export function createPackage(input: SessionPackageInput, root = "package"): PackageState {
  const pkg = parseInput(packageSchema, input, root);
  const pricing = packagePricing(pkg.sessions, pkg.price);
  const fail = (field: string, message: string): never => {
    throw new EngineError("INVALID_INPUT", `${root}.${field}: ${message}`, [
      { field: `${root}.${field}`, message },
    ]);
  };
  if (pkg.paid && pkg.paid.currency !== pricing.total.currency) {
    fail(
      "paid.currency",
      `must be ${pricing.total.currency} like the price (mixed currencies are not allowed)`,
    );
  }
  const refunded = pkg.refund?.sessions ?? 0;
  if (pkg.uses.length + refunded > pkg.sessions) {
    fail(
      "uses",
      `holds ${pkg.uses.length} uses (+${refunded} refunded) but only ${pkg.sessions} sessions were sold`,
    );
  }
  const seen = new Set<string>();
  pkg.uses.forEach((use, i) => {
    if (seen.has(use.appointmentId))
      fail(`uses.${i}.appointmentId`, "each visit may use a package once");
    seen.add(use.appointmentId);
  });
  return { ...pkg, pricing };
}

/**
 * Sessions used (attended, plus no-shows the rule deducted).
 *
 * @example
 * usedSessions(pkg); // 6
 */
export function usedSessions(pkg: SessionPackage): number {
  return pkg.uses.length;
}

/**
 * Sessions still available: sold − used − refunded, never below zero.
 *
 * @example
 * remainingSessions(pkg); // 4 of 10 after six uses
 */
export function remainingSessions(pkg: SessionPackage): number {
  return Math.max(0, pkg.sessions - pkg.uses.length - (pkg.refund?.sessions ?? 0));
}

/**
 * The instant the package expires (start of the day after `expiresOn` in its zone), or `null`.
 *
 * @example
 * expiryInstant(pkg); // Date.parse("2026-07-10T23:00:00Z") for Lisbon, expiresOn 2026-07-10
 */
export function expiryInstant(pkg: SessionPackage): number | null {
  if (!pkg.expiresOn) return null;
  return clockFor(pkg.timeZone).dayStart((parseDay(pkg.expiresOn) as number) + 1);
}
