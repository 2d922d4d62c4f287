// The optional second factor: TOTP (RFC 6238, 30-second steps, 6 digits, SHA-1 as every
// authenticator app supports) through the `otpauth` package, and single-use backup codes.

import { randomInt } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { hashSecret } from "./api-keys.js";

const PERIOD_SECONDS = 30;

function totpOf(secret: string, issuer = "Bookwell", label = "staff"): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/**
 * A new random TOTP secret (160 bits), base32.
 *
 * @example
 * const secret = newTotpSecret(); // "JBSWY3DPEHPK3PXP…" (32 characters)
 */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/**
 * The `otpauth://totp/…` URI an authenticator app enrols from (as a QR code or pasted).
 *
 * @example
 * totpUri(secret, "Physio Lisboa", "ana@clinic.example"); // "otpauth://totp/Physio%20Lisboa:ana%40…"
 */
export function totpUri(secret: string, issuer: string, label: string): string {
  return totpOf(secret, issuer, label).toString();
}

/**
 * The time step of a valid 6-digit code for `secret` at `now` (±1 step for clock drift), or
 * `undefined`. A step at or before `lastStep` is refused, so a code works once.
 *
 * @example
 * const step = checkTotp(secret, "123456", Date.now(), user.totpLastStep);
 */
export function checkTotp(
  secret: string,
  code: string,
  nowMs: number,
  lastStep?: number,
): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totpOf(secret).validate({ token: code, timestamp: nowMs, window: 1 });
  if (delta === null) return undefined;
  const step = Math.floor(nowMs / 1000 / PERIOD_SECONDS) + delta;
  return lastStep !== undefined && step <= lastStep ? undefined : step;
}

/**
 * The current code of `secret` (for tests and tools that act as an authenticator app).
 *
 * @example
 * totpCode(secret, Date.now()); // "492039"
 */
export function totpCode(secret: string, nowMs: number): string {
  return totpOf(secret).generate({ timestamp: nowMs });
}

/**
 * Ten new backup codes (`xxxxx-xxxxx`, 50 random bits each) and the SHA-256 of each, to store.
 *
 * @example
 * const { codes, hashes } = newBackupCodes(); // show codes once, store hashes
 */
export function newBackupCodes(count = 10): { codes: string[]; hashes: string[] } {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const codes: string[] = [];
  for (let i = 0; i < count; i++) {
    let code = "";
    for (let j = 0; j < 10; j++) code += alphabet[randomInt(alphabet.length)];
    codes.push(`${code.slice(0, 5)}-${code.slice(5)}`);
  }
  return { codes, hashes: codes.map(backupCodeHash) };
}

/**
 * The stored form of a backup code as typed (case and spaces ignored).
 *
 * @example
 * backupCodeHash("ABCDE-fghjk") === backupCodeHash("abcde fghjk"); // true
 */
export function backupCodeHash(code: string): string {
  const plain = code.toLowerCase().replace(/[^a-z0-9]/g, "");
  return hashSecret(`${plain.slice(0, 5)}-${plain.slice(5)}`);
}
