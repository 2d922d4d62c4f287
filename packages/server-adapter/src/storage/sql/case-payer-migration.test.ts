// Migration 0014 gives cases a typed payer and referral: a database written before it keeps the
// insurer, payer or referral it stored in the untyped `extra` when that has a recognisable shape,
// now typed; anything else stays in `extra`.

import { describe, expect, it } from "vitest";
import { databaseBefore } from "../../../test/support/database-before.js";
import { createPgliteStorage } from "../pglite/pglite-storage.js";

const T = "2026-03-01T10:00:00Z";

describe("migration 0014: typed case payer and referral", () => {
  it("moves extra.insurer, extra.payer and extra.referral forward and keeps the rest", async () => {
    const { dataDir, old } = await databaseBefore(14);
    const kase = (id: string, extra: unknown) =>
      `('c1', '${id}', 'maria', 'Knee', 'open', '${T}', '${JSON.stringify(extra)}', '${T}', '${T}')`;
    await old.exec(`
      INSERT INTO clinics (id, name, time_zone, locale, currency, allowed_origins, created_at, updated_at)
        VALUES ('c1', 'Clinic', 'Europe/Lisbon', 'pt-PT', 'EUR', '[]', '${T}', '${T}');
      INSERT INTO clients (clinic_id, id, name, extra, created_at, updated_at)
        VALUES ('c1', 'maria', 'Maria', '{}', '${T}', '${T}');
      INSERT INTO cases (clinic_id, id, client_id, title, status, opened_at, extra, created_at, updated_at)
      VALUES
        ${kase("k1", {
          insurer: { name: "Médis", taxId: "PT503", policy: "POL-77" },
          referral: { doctor: "Dr. Costa", date: "2026-02-20", reference: "REF-1" },
          sessions: 10,
        })},
        ${kase("k2", { insurer: "Multicare", referral: "GP" })},
        ${kase("k3", {
          payer: { kind: "employer", name: "Acme", email: "hr@acme.example", reference: "PO-9" },
          insurer: "Kept, the payer wins",
        })},
        ${kase("k4", {
          payer: { kind: "boss", name: "Other Co", taxId: 42 },
          referral: { by: "Dr. Reis", date: "2026-02-30" },
        })},
        ${kase("k5", { insurer: { policy: "no name" }, referral: { date: "2026-01-01" } })},
        ${kase("k6", { general: true })};
    `);
    await old.close();

    const storage = await createPgliteStorage({ dataDir });
    try {
      const get = async (id: string) => storage.getCase("c1", id);
      expect(await get("k1")).toMatchObject({
        payer: { kind: "insurer", name: "Médis", taxId: "PT503", reference: "POL-77" },
        referral: { by: "Dr. Costa", date: "2026-02-20", reference: "REF-1" },
        extra: { sessions: 10 },
      });
      expect(await get("k2")).toMatchObject({
        payer: { kind: "insurer", name: "Multicare" },
        referral: { by: "GP" },
        extra: {},
      });
      const k3 = await get("k3");
      expect(k3?.payer).toEqual({
        kind: "employer",
        name: "Acme",
        email: "hr@acme.example",
        reference: "PO-9",
      });
      expect(k3?.extra).toEqual({ insurer: "Kept, the payer wins" });
      // An unknown kind is "other"; a wrong-typed tax ID and an impossible date are left out.
      const k4 = await get("k4");
      expect(k4?.payer).toEqual({ kind: "other", name: "Other Co" });
      expect(k4?.referral).toEqual({ by: "Dr. Reis" });
      expect(k4?.extra).toEqual({});
      // Not recognisable: stays in extra, nothing typed.
      const k5 = await get("k5");
      expect(k5?.payer).toBeUndefined();
      expect(k5?.referral).toBeUndefined();
      expect(k5?.extra).toEqual({
        insurer: { policy: "no name" },
        referral: { date: "2026-01-01" },
      });
      const k6 = await get("k6");
      expect(k6?.payer).toBeUndefined();
      expect(k6?.extra).toEqual({ general: true });
      // The typed fields round-trip; leaving the payer out of a put removes it.
      const { payer: _p, ...rest } = k4 as NonNullable<typeof k4>;
      const saved = await storage.putCase("c1", { ...rest, referral: rest.referral ?? null });
      expect(saved.payer).toBeUndefined();
      expect(saved.referral).toEqual({ by: "Dr. Reis" });
    } finally {
      await storage.close();
    }
  });
});
