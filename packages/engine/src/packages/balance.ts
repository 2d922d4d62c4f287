import { instantSchema, type Money } from "../model.js";
import { clockFor, formatDay, parseDay, parseInstant } from "../time/zoned.js";
import { parseInput } from "../validate.js";
import { valueOfSessions } from "./pricing.js";
import type { SessionPackageInput } from "./schema.js";
import { createPackage, expiryInstant, remainingSessions, usedSessions } from "./state.js";

/** Where a package stands at `now`: what a receipt prints. */
export interface PackageBalance {
  packageId: string;
  sold: number;
  used: number;
  /** Sessions still usable (0 once refunded). */
  remaining: number;
  /** Sessions paid back by a refund. */
  refunded: number;
  /** Of `used`, no-shows the rule deducted. */
  noShowsDeducted: number;
  expiresOn: string | null;
  /** Day from which to nudge the client to book the rest, or `null`. */
  nudgeOn: string | null;
  /** `now` is on or after the nudge day, before expiry, with sessions left. */
  nudgeDue: boolean;
  expired: boolean;
  /** Value of the sessions not yet used (what a refund would be if fully paid). */
  unusedValue: Money;
  /** One line for a receipt, e.g. `6 of 10 used, 4 left, valid until 2026-12-31`. */
  line: string;
}

function receiptLine(b: Omit<PackageBalance, "line">): string {
  const head = `${b.used} of ${b.sold} used`;
  if (b.refunded > 0) return `${head}, ${b.refunded} refunded`;
  if (b.expired) return `${head}, ${b.remaining} left, expired on ${b.expiresOn}`;
  const until = b.expiresOn ? `, valid until ${b.expiresOn}` : "";
  return `${head}, ${b.remaining} left${until}`;
}

/**
 * A package's balance at `now`: used, remaining, expiry and nudge date, the value of unused
 * sessions, and a ready line for every receipt. `used + remaining + refunded = sold` always.
 *
 * @example
 * packageBalance(pkg, "2026-03-09T12:00:00Z").line; // "6 of 10 used, 4 left, valid until 2026-07-10"
 */
export function packageBalance(pkgInput: SessionPackageInput, now: string): PackageBalance {
  const pkg = createPackage(pkgInput);
  const nowMs = parseInput(instantSchema, now, "now");
  const at = parseInstant(nowMs) as number;
  const used = usedSessions(pkg);
  const remaining = remainingSessions(pkg);
  const expiry = expiryInstant(pkg);
  const expired = expiry !== null && at >= expiry;
  const nudgeDay = pkg.expiresOn ? (parseDay(pkg.expiresOn) as number) - pkg.nudgeDaysBefore : null;
  const nudgeDue =
    nudgeDay !== null &&
    !expired &&
    remaining > 0 &&
    at >= clockFor(pkg.timeZone).dayStart(nudgeDay);
  const balance = {
    packageId: pkg.id,
    sold: pkg.sessions,
    used,
    remaining,
    refunded: pkg.refund?.sessions ?? 0,
    noShowsDeducted: pkg.uses.filter((u) => u.kind === "no_show").length,
    expiresOn: pkg.expiresOn ?? null,
    nudgeOn: nudgeDay === null ? null : formatDay(nudgeDay),
    nudgeDue,
    expired,
    unusedValue: {
      amount: pkg.pricing.total.amount - valueOfSessions(pkg.pricing, pkg.sessions, used),
      currency: pkg.pricing.total.currency,
    },
  };
  return { ...balance, line: receiptLine(balance) };
}
