// Staff passwords: hashed with scrypt from node:crypto (memory-hard, OWASP's parameters by default),
// each with its own random salt, the parameters kept in the hash so they can be raised later.

import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/** scrypt cost parameters. */
export interface PasswordCost {
  /** CPU/memory cost, a power of two. Default 2^17 (OWASP's minimum for scrypt). */
  N: number;
  /** Block size. Default 8. */
  r: number;
  /** Parallelism. Default 1. */
  p: number;
}

/** The default cost: N = 2^17, r = 8, p = 1 (~128 MiB and ~0.2–0.4 s per hash on a server core). */
export const DEFAULT_PASSWORD_COST: PasswordCost = { N: 2 ** 17, r: 8, p: 1 };

/** Shortest and longest accepted password, in characters. */
export const PASSWORD_LIMITS = { min: 10, max: 200 } as const;

const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, cost: PasswordCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize("NFKC"),
      salt,
      KEY_LENGTH,
      { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/**
 * Hashes a password with scrypt and a fresh 16-byte salt, as `scrypt$N$r$p$salt$hash` (base64url).
 *
 * @example
 * const stored = await hashPassword("correct horse battery"); // "scrypt$131072$8$1$…$…"
 */
export async function hashPassword(
  password: string,
  cost: PasswordCost = DEFAULT_PASSWORD_COST,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return [
    "scrypt",
    cost.N,
    cost.r,
    cost.p,
    salt.toString("base64url"),
    key.toString("base64url"),
  ].join("$");
}

/**
 * Tells whether `password` matches a hash made by {@link hashPassword} (constant-time compare).
 * Without a stored hash it still spends the same work on a dummy one, so answers for unknown
 * accounts take as long as for known ones.
 *
 * @example
 * await verifyPassword("correct horse battery", stored); // true
 */
export async function verifyPassword(
  password: string,
  stored: string | undefined,
  cost: PasswordCost = DEFAULT_PASSWORD_COST,
): Promise<boolean> {
  const parts = stored?.split("$");
  if (parts?.length !== 6 || parts[0] !== "scrypt") {
    await derive(password, randomBytes(16), cost);
    return false;
  }
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, "base64url");
  const key = await derive(password, Buffer.from(salt, "base64url"), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
