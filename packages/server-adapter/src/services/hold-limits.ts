// Hold abuse limits: how many live holds one visitor (client address) and one e-mail may have at a
// time. Counted inside the hold's transaction, after a per-visitor and per-e-mail lock, so racing
// requests of one visitor cannot slip past the limit on any storage or number of processes.

import type { Context } from "hono";
import { hashSecret } from "../auth/api-keys.js";
import { BookwellError } from "../errors.js";
import { clientAddress } from "../middleware/rate-limit.js";
import type { HoldRecord, StorageTransaction } from "../storage/storage.js";
import type { RequestContext } from "./context.js";

/** Hold limits of `createBookwellApp` (`holdLimits`); `false` turns one rule (or both) off. */
export interface HoldLimitOptions {
  /** Live holds one visitor (client address) may have at a time. Default 3; `false`: no limit. */
  perVisitor?: number | false;
  /** Live holds that name one e-mail (`POST /v1/holds` `email`) at a time. Default 3; `false`: no limit. */
  perEmail?: number | false;
  /**
   * How to name the visitor; default the rate limiter's: its `key`, else the client address
   * (the last `X-Forwarded-For` entry with `rateLimit.trustProxy`). `undefined` or `"unknown"`
   * (a runtime that does not expose the address) leaves the per-visitor rule out.
   */
  key?: (c: Context) => string | undefined;
}

/** The hold limits an app runs with (see {@link resolveHoldLimits}). */
export interface HoldLimits {
  perVisitor: number;
  perEmail: number;
  /** The visitor of a request, or `undefined` when it cannot be told. */
  visitorOf: (c: Context) => string | undefined;
}

/** Who asks for a hold: the visitor (from the request) and the e-mail the hold names, if any. */
export interface HoldOwner {
  visitor?: string | undefined;
  email?: string | undefined;
}

/** What a hold stores of its owner: hashes only, never the address or the e-mail. */
export interface HoldOwnerHashes {
  visitorHash?: string;
  emailHash?: string;
}

function limit(name: string, value: number | false | undefined, fallback: number): number {
  if (value === false) return Number.POSITIVE_INFINITY;
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`holdLimits.${name} must be a whole number ≥ 1 or false`);
  }
  return value;
}

/**
 * The app's hold limits from its options: defaults 3 per visitor and 3 per e-mail, the visitor
 * named as the rate limiter names clients (`rateLimit.key`, or the address with `trustProxy`).
 *
 * @example
 * const limits = resolveHoldLimits({ perVisitor: 5 }, { trustProxy: true });
 * limits.perEmail; // 3
 */
export function resolveHoldLimits(
  options: HoldLimitOptions | false | undefined,
  rateLimit: { key?: (c: Context) => string; trustProxy?: boolean } | false | undefined,
): HoldLimits {
  const trustProxy = rateLimit ? (rateLimit.trustProxy ?? false) : false;
  const keyOf =
    (options ? options.key : undefined) ??
    (rateLimit ? rateLimit.key : undefined) ??
    ((c: Context) => clientAddress(c, trustProxy));
  return {
    perVisitor:
      options === false ? Number.POSITIVE_INFINITY : limit("perVisitor", options?.perVisitor, 3),
    perEmail:
      options === false ? Number.POSITIVE_INFINITY : limit("perEmail", options?.perEmail, 3),
    visitorOf: (c) => {
      const key = keyOf(c);
      return key && key !== "unknown" ? key : undefined;
    },
  };
}

/**
 * The visitor of a hold request, as the app's hold limits name it (`undefined` when unknown).
 *
 * @example
 * placeHold(ctx, { ...body, visitor: holdVisitor(ctx) });
 */
export function holdVisitor(ctx: RequestContext): string | undefined {
  return ctx.app.holdLimits.visitorOf(ctx.hono);
}

/** The rule a `HOLD_LIMIT_REACHED` problem names. */
export type HoldLimitRule = "per-visitor" | "per-email";

function refuse(rule: HoldLimitRule, max: number, live: HoldRecord[], now: Date) {
  const oldest = Math.min(...live.map((h) => Date.parse(h.expiresAt)));
  const seconds = Math.max(1, Math.ceil((oldest - now.getTime()) / 1000));
  const who = rule === "per-visitor" ? "This visitor" : "This e-mail";
  return new BookwellError(
    "HOLD_LIMIT_REACHED",
    `${who} already holds ${live.length} times, the most at once (${max}); book or release one, or wait until one expires`,
    {
      extensions: { rule, limit: max, retryAt: new Date(oldest).toISOString() },
      headers: { "Retry-After": String(seconds) },
    },
  );
}

/**
 * Checks, inside the hold's transaction, that its visitor and e-mail may hold one more time, and
 * returns what the new hold stores of them (hashes). Over a limit it throws `429
 * HOLD_LIMIT_REACHED` naming the rule, with `Retry-After` = when the oldest of those holds expires.
 * The visitor's and the e-mail's keys are locked first, so racing requests count one after another.
 *
 * @example
 * const owner = await claimHoldRoom(tx, ctx, { visitor: "203.0.113.7", email: "maria@example.com" });
 * await tx.insertHold(clinicId, { ...hold, ...owner });
 */
export async function claimHoldRoom(
  tx: StorageTransaction,
  ctx: { app: { holdLimits: HoldLimits }; clinic: { id: string }; now: Date },
  owner: HoldOwner,
): Promise<HoldOwnerHashes> {
  const { perVisitor, perEmail } = ctx.app.holdLimits;
  const clinicId = ctx.clinic.id;
  const email = owner.email?.trim().toLowerCase();
  const hashes: HoldOwnerHashes = {
    ...(owner.visitor ? { visitorHash: hashSecret(`hold-visitor\n${owner.visitor}`) } : {}),
    ...(email ? { emailHash: hashSecret(`hold-email\n${email}`) } : {}),
  };
  const rules: {
    rule: HoldLimitRule;
    max: number;
    hash: string | undefined;
    field: keyof HoldOwnerHashes;
  }[] = [
    { rule: "per-visitor", max: perVisitor, hash: hashes.visitorHash, field: "visitorHash" },
    { rule: "per-email", max: perEmail, hash: hashes.emailHash, field: "emailHash" },
  ];
  for (const { rule, max, hash, field } of rules) {
    if (!hash || max === Number.POSITIVE_INFINITY) continue;
    await tx.lockKey(clinicId, `hold-owner:${hash}`);
    const live = await tx.listHolds(clinicId, { now: ctx.now, [field]: hash });
    if (live.length >= max) throw refuse(rule, max, live, ctx.now);
  }
  return hashes;
}
