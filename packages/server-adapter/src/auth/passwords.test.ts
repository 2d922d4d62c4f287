// Password hashes: scrypt at the default (OWASP) cost, a fresh salt each time, the parameters in
// the hash so an older cost still verifies, and no answer for a missing hash but "no".

import { describe, expect, test } from "vitest";
import { DEFAULT_PASSWORD_COST, hashPassword, verifyPassword } from "./passwords.js";

describe("staff passwords", () => {
  test("the default cost hashes and verifies; a wrong password and a missing hash are refused", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(DEFAULT_PASSWORD_COST.N).toBe(2 ** 17);
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", stored)).toBe(false);
    expect(await verifyPassword("correct horse battery staple", undefined)).toBe(false);
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
  });

  test("each hash has its own salt, and a hash made at another cost still verifies", async () => {
    const low = { N: 2 ** 10, r: 8, p: 1 };
    const a = await hashPassword("same password", low);
    const b = await hashPassword("same password", low);
    expect(a).not.toBe(b);
    expect(await verifyPassword("same password", a)).toBe(true);
  });
});
