// API keys: random secrets shown once, stored only as their SHA-256.

import { createHash, randomBytes } from "node:crypto";

/** Prefix of every Bookwell API key, so leaked keys are easy to recognise in logs and scanners. */
export const API_KEY_PREFIX = "bw_sk_";

/**
 * Makes a new API key: 32 random bytes, base64url, with the `bw_sk_` prefix. Show it once; store
 * only {@link hashSecret} of it.
 *
 * @example
 * const secret = generateApiKey(); // "bw_sk_3q2-…"
 */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/**
 * Makes a manage token for a patient's link: 32 random bytes (256 bits), base64url.
 *
 * @example
 * const token = generateManageToken(); // 43 characters
 */
export function generateManageToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * The SHA-256 of a secret (API key or manage token) as lowercase hex: the only form stored.
 *
 * @example
 * hashSecret("bw_sk_abc"); // "9f…" (64 hex characters)
 */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/**
 * A random identifier with a readable prefix, e.g. `hold_…`, with 128 bits of randomness, so ids that
 * act as capabilities (hold ids) cannot be guessed.
 *
 * @example
 * randomId("hold"); // "hold_Zk3…"
 */
export function randomId(prefix: string): string {
  return `${prefix}_${randomBytes(16).toString("base64url")}`;
}
