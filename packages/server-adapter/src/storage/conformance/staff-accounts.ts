// Conformance: staff users (e-mail unique per clinic), sessions, single-use links and the
// sign-in attempts that lock an e-mail.

import { expect, it } from "vitest";
import { isStorageError } from "../errors.js";
import type { StaffUserInput } from "../storage.js";
import { at, errorOf, type GetStorage, seedClinic, unique } from "./fixtures.js";

const user = (id: string, email: string, fields: Partial<StaffUserInput> = {}): StaffUserInput => ({
  id,
  email,
  name: "Ana",
  role: "provider",
  calendarIds: ["p1", "p1"],
  active: true,
  backupCodeHashes: [],
  ...fields,
});

/**
 * Registers the staff account tests (inside a `describe` of the conformance suite).
 *
 * @example
 * ```ts
 * describe("staff accounts", () => staffAccountTests(() => storage));
 * ```
 */
export function staffAccountTests(storage: GetStorage): void {
  it("stores users with an e-mail unique per clinic, updates them with a version, keeps absent fields absent", async () => {
    const a = await seedClinic(storage());
    const b = await seedClinic(storage());
    const created = await storage().insertStaffUser(a.clinicId, user("u1", "ana@x.example"));
    expect(created).toMatchObject({ clinicId: a.clinicId, version: 1, calendarIds: ["p1"] });
    expect(created.passwordHash).toBeUndefined();
    expect(created.totpSecret).toBeUndefined();
    const taken = await errorOf(() =>
      storage().insertStaffUser(a.clinicId, user("u2", "ana@x.example")),
    );
    expect(isStorageError(taken, "DUPLICATE")).toBe(true);
    // Another clinic may have the same person.
    await storage().insertStaffUser(b.clinicId, user("u1", "ana@x.example"));
    const saved = await storage().updateStaffUser(
      a.clinicId,
      user("u1", "ana@x.example", {
        passwordHash: "scrypt$1",
        totpSecret: "ABC",
        totpLastStep: 2_000_000_000,
      }),
    );
    expect(saved).toMatchObject({
      version: 2,
      passwordHash: "scrypt$1",
      totpLastStep: 2_000_000_000,
    });
    expect(await storage().findStaffUserByEmail(a.clinicId, "ana@x.example")).toEqual(saved);
    expect(await storage().findStaffUserByEmail(a.clinicId, "nobody@x.example")).toBeUndefined();
    expect((await storage().listStaffUsers(b.clinicId)).map((u) => u.version)).toEqual([1]);
    const missing = await errorOf(() =>
      storage().updateStaffUser(a.clinicId, user("nope", "n@x.example")),
    );
    expect(isStorageError(missing, "NOT_FOUND")).toBe(true);
  });

  it("sessions are found by hash and end one by one or all of a user's but one", async () => {
    const s = await seedClinic(storage());
    await storage().insertStaffUser(s.clinicId, user("u1", "a@x.example"));
    const session = (tokenHash: string) => ({
      tokenHash,
      clinicId: s.clinicId,
      userId: "u1",
      stage: "full" as const,
      createdAt: at(0),
      expiresAt: at(720),
    });
    const [h1, h2, h3] = [unique("h"), unique("h"), unique("h")];
    for (const h of [h1, h2, h3]) await storage().insertStaffSession(session(h));
    expect(await storage().findStaffSession(h1)).toEqual({
      ...session(h1),
      createdAt: at(0),
      expiresAt: at(720),
    });
    expect(await storage().deleteStaffSession(h1)).toBe(true);
    expect(await storage().deleteStaffSession(h1)).toBe(false);
    expect(await storage().deleteStaffSessions(s.clinicId, "u1", h3)).toBe(1);
    expect(await storage().findStaffSession(h2)).toBeUndefined();
    expect(await storage().findStaffSession(h3)).toBeDefined();
    expect(await storage().deleteStaffSessions(s.clinicId, "u1")).toBe(1);
  });

  it("a link is used once, also by concurrent callers", async () => {
    const s = await seedClinic(storage());
    const tokenHash = unique("link");
    await storage().insertStaffToken({
      tokenHash,
      clinicId: s.clinicId,
      purpose: "setup",
      createdAt: at(0),
      expiresAt: at(60),
    });
    expect(await storage().findStaffToken(tokenHash)).toMatchObject({
      purpose: "setup",
      expiresAt: at(60),
    });
    const uses = await Promise.all(
      Array.from({ length: 8 }, () => storage().useStaffToken(tokenHash, at(1))),
    );
    expect(uses.filter(Boolean)).toHaveLength(1);
    expect((await storage().findStaffToken(tokenHash))?.usedAt).toBe(at(1));
  });

  it("sign-in attempts are stored per clinic and e-mail, replaced, and forgotten", async () => {
    const s = await seedClinic(storage());
    expect(await storage().getSignInAttempts(s.clinicId, "a@x.example")).toBeUndefined();
    await storage().putSignInAttempts(s.clinicId, "a@x.example", {
      failures: 1,
      windowStart: at(0),
    });
    await storage().putSignInAttempts(s.clinicId, "a@x.example", {
      failures: 5,
      windowStart: at(0),
      lockedUntil: at(15),
    });
    expect(await storage().getSignInAttempts(s.clinicId, "a@x.example")).toEqual({
      clinicId: s.clinicId,
      email: "a@x.example",
      failures: 5,
      windowStart: at(0),
      lockedUntil: at(15),
    });
    await storage().putSignInAttempts(s.clinicId, "a@x.example", undefined);
    expect(await storage().getSignInAttempts(s.clinicId, "a@x.example")).toBeUndefined();
  });
}
