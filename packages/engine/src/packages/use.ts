import { z } from "zod";
import { idSchema, instantSchema } from "../model.js";
import { clockFor, formatDay, parseInstant } from "../time/zoned.js";
import { parseInput } from "../validate.js";
import type { PackageUse, SessionPackageInput } from "./schema.js";
import { createPackage, expiryInstant, type PackageState, remainingSessions } from "./state.js";

/** Why a package cannot be used (or a use undone). */
export type PackageErrorCode =
  | "PACKAGE_EXHAUSTED"
  | "PACKAGE_EXPIRED"
  | "NO_SHOW_NOT_DEDUCTED"
  | "PACKAGE_REFUNDED"
  | "PACKAGE_NOT_FOR_CLIENT"
  | "PACKAGE_NOT_FOR_SERVICE"
  | "PACKAGE_ALREADY_USED"
  | "PACKAGE_USE_NOT_FOUND";

/** A typed refusal from a package operation. */
export interface PackageError {
  code: PackageErrorCode;
  packageId: string;
  message: string;
}

/**
 * Builds a typed package refusal.
 *
 * @example
 * packageFailure("pk1", "PACKAGE_REFUNDED", "package pk1 was refunded and is closed");
 * // { ok: false, error: { code: "PACKAGE_REFUNDED", packageId: "pk1", message: "…" } }
 */
export function packageFailure(
  packageId: string,
  code: PackageErrorCode,
  message: string,
): { ok: false; error: PackageError } {
  return { ok: false, error: { code, packageId, message } };
}

/** The new package state and the session it logged or restored, or why not. */
export type PackageOutcome =
  | { ok: true; package: PackageState; use: PackageUse }
  | { ok: false; error: PackageError };

const useInputSchema = z.object({
  appointmentId: idSchema,
  /** Start of the visit: expiry is judged on the day the session takes place. */
  at: instantSchema,
  therapistId: idSchema,
  clientId: idSchema,
  serviceId: idSchema.optional(),
  kind: z.enum(["attended", "no_show"]).default("attended"),
});
/** What a session use needs. */
export type PackageUseInput = z.input<typeof useInputSchema>;

/**
 * Checks whether a package may pay for a visit by `clientId` for `serviceId` at `at`, without
 * changing it; returns the refusal or `null`.
 *
 * @example
 * checkPackageUse(pkg, { appointmentId: "a9", at: "2026-03-09T10:00:00Z", therapistId: "dr-ana", clientId: "c1" }); // null
 */
export function checkPackageUse(
  pkgInput: SessionPackageInput,
  useInput: PackageUseInput,
): PackageError | null {
  const pkg = createPackage(pkgInput);
  const use = parseInput(useInputSchema, useInput, "use");
  return refusal(pkg, use);
}

function refusal(pkg: PackageState, use: z.output<typeof useInputSchema>): PackageError | null {
  const error = (code: PackageErrorCode, message: string): PackageError => ({
    code,
    packageId: pkg.id,
    message,
  });
  const at = parseInstant(use.at) as number;
  const expiry = expiryInstant(pkg);
  if (pkg.refund) return error("PACKAGE_REFUNDED", `package ${pkg.id} was refunded and is closed`);
  if (pkg.uses.some((u) => u.appointmentId === use.appointmentId)) {
    return error(
      "PACKAGE_ALREADY_USED",
      `visit ${use.appointmentId} already used package ${pkg.id}`,
    );
  }
  if (use.clientId !== pkg.ownerClientId && !pkg.allowedClientIds.includes(use.clientId)) {
    return error("PACKAGE_NOT_FOR_CLIENT", `client ${use.clientId} may not use package ${pkg.id}`);
  }
  if (use.serviceId && pkg.serviceIds.length > 0 && !pkg.serviceIds.includes(use.serviceId)) {
    return error(
      "PACKAGE_NOT_FOR_SERVICE",
      `package ${pkg.id} does not cover service ${use.serviceId}`,
    );
  }
  if (expiry !== null && at >= expiry)
    return error("PACKAGE_EXPIRED", `package ${pkg.id} expired after ${pkg.expiresOn}`);
  if (use.kind === "no_show" && pkg.noShowRule !== "deduct") {
    return error("NO_SHOW_NOT_DEDUCTED", `package ${pkg.id} does not deduct no-shows`);
  }
  if (remainingSessions(pkg) === 0)
    return error("PACKAGE_EXHAUSTED", `package ${pkg.id} has no sessions left`);
  return null;
}

/**
 * Takes one session from a package for a visit and logs it (date, visit, therapist, attendee).
 * A no-show is deducted only when the package's `noShowRule` is `deduct` (otherwise the
 * typed error `NO_SHOW_NOT_DEDUCTED`, package unchanged). Using an exhausted, expired or refunded package, for
 * someone not allowed or a service not covered, is a typed error; remaining never goes below zero.
 *
 * @example
 * const r = usePackageSession(pkg, { appointmentId: "a9", at: "2026-03-09T10:00:00Z", therapistId: "dr-ana", clientId: "c1" });
 * if (r.ok) r.package.uses.length; // one more than before
 */
export function usePackageSession(
  pkgInput: SessionPackageInput,
  useInput: PackageUseInput,
): PackageOutcome {
  const pkg = createPackage(pkgInput);
  const input = parseInput(useInputSchema, useInput, "use");
  const refused = refusal(pkg, input);
  if (refused) return { ok: false, error: refused };
  const at = parseInstant(input.at) as number;
  const use: PackageUse = {
    appointmentId: input.appointmentId,
    at: input.at,
    date: formatDay(clockFor(pkg.timeZone).dayOf(at)),
    therapistId: input.therapistId,
    clientId: input.clientId,
    kind: input.kind,
  };
  return { ok: true, package: { ...pkg, uses: [...pkg.uses, use] }, use };
}

/**
 * Gives back the session a visit took (a completion or no-show that is rolled back).
 *
 * @example
 * const r = restorePackageSession(pkg, "a9");
 * if (r.ok) r.use.appointmentId; // "a9"
 */
export function restorePackageSession(
  pkgInput: SessionPackageInput,
  appointmentId: string,
): PackageOutcome {
  const pkg = createPackage(pkgInput);
  const use = pkg.uses.find((u) => u.appointmentId === appointmentId);
  if (!use) {
    return packageFailure(
      pkg.id,
      "PACKAGE_USE_NOT_FOUND",
      `visit ${appointmentId} did not use package ${pkg.id}`,
    );
  }
  if (pkg.refund) {
    return packageFailure(
      pkg.id,
      "PACKAGE_REFUNDED",
      `package ${pkg.id} was refunded and is closed`,
    );
  }
  return { ok: true, package: { ...pkg, uses: pkg.uses.filter((u) => u !== use) }, use };
}
