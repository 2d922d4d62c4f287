// Conformance: the patient page's sign-in links (used once, in one statement, also under races)
// and sessions, and the waitlist's entries and offers (line order, filters, lapsed offers).

import { expect, it } from "vitest";
import { at, type GetStorage, seedClinic, unique } from "./fixtures.js";

/**
 * Registers the sign-in and waitlist tests (inside a `describe` of the conformance suite).
 *
 * @example
 * ```ts
 * describe("patient page and waitlist", () => patientAndWaitlistTests(() => storage));
 * ```
 */
export function patientAndWaitlistTests(storage: GetStorage): void {
  it("a sign-in link is used once (racing uses get one), not after it expired, and counts per e-mail", async () => {
    const s = await seedClinic(storage());
    const hash = unique("hash");
    await storage().insertPatientSignIn(s.clinicId, {
      id: unique("psi"),
      email: "ana@example.com",
      tokenHash: hash,
      expiresAt: at(15),
      createdAt: at(0),
    });
    expect(await storage().countPatientSignIns(s.clinicId, "ana@example.com", at(0))).toBe(1);
    expect(await storage().countPatientSignIns(s.clinicId, "ana@example.com", at(1))).toBe(0);
    expect(await storage().usePatientSignIn(hash, at(15))).toBeUndefined();
    const uses = await Promise.all(
      Array.from({ length: 5 }, () => storage().usePatientSignIn(hash, at(1))),
    );
    expect(uses.filter(Boolean)).toHaveLength(1);
    expect(uses.find(Boolean)).toMatchObject({ clinicId: s.clinicId, usedAt: at(1) });
    expect(await storage().usePatientSignIn(hash, at(2))).toBeUndefined();

    const session = unique("session");
    await storage().insertPatientSession(s.clinicId, {
      id: unique("pss"),
      email: "ana@example.com",
      tokenHash: session,
      expiresAt: at(60),
    });
    expect(await storage().findPatientSession(session, at(59))).toMatchObject({
      clinicId: s.clinicId,
      email: "ana@example.com",
    });
    expect(await storage().findPatientSession(session, at(60))).toBeUndefined();
  });

  it("waitlist entries list in line order with filters; offers by time and lapse", async () => {
    const s = await seedClinic(storage());
    const entry = (id: string, joined: number, email: string) =>
      storage().insertWaitlistEntry(s.clinicId, {
        id,
        serviceId: s.massage,
        name: id,
        email,
        status: "waiting",
        joinedAt: at(joined),
        expiresAt: at(joined + 100),
        tokenHash: unique("wl-hash"),
      });
    await entry("w2", 2, "b@example.com");
    await entry("w1", 1, "A@example.com");
    await entry("w3", 3, "c@example.com");
    const ids = async (query: Parameters<ReturnType<GetStorage>["listWaitlistEntries"]>[1]) =>
      (await storage().listWaitlistEntries(s.clinicId, query)).map((e) => e.id);
    expect(await ids({})).toEqual(["w1", "w2", "w3"]);
    expect(await ids({ email: "a@EXAMPLE.com" })).toEqual(["w1"]);
    expect(await ids({ liveAt: at(102) })).toEqual(["w3"]);
    await storage().setWaitlistEntryStatus(s.clinicId, "w2", "left");
    expect(await ids({ statuses: ["waiting"] })).toEqual(["w1", "w3"]);

    const offerHash = unique("offer-hash");
    const offer = await storage().insertWaitlistOffer(s.clinicId, {
      id: unique("wlo"),
      entryId: "w1",
      serviceId: s.massage,
      calendarIds: [s.p1],
      start: at(300),
      end: at(360),
      exclusive: true,
      status: "open",
      expiresAt: at(30),
      tokenHash: offerHash,
      offeredBy: "system:waitlist",
    });
    expect(await storage().findWaitlistOfferByToken(offerHash)).toEqual(offer);
    expect(
      (await storage().listWaitlistOffers(s.clinicId, { start: at(300) })).map((o) => o.id),
    ).toEqual([offer.id]);
    const lapsed = await storage().listLapsedWaitlistOffers(at(30), 100);
    expect(lapsed.map((o) => o.id)).toContain(offer.id);
    expect((await storage().listLapsedWaitlistOffers(at(29), 100)).map((o) => o.id)).not.toContain(
      offer.id,
    );
    const closed = await storage().updateWaitlistOffer(s.clinicId, offer.id, { status: "lapsed" });
    expect(closed.status).toBe("lapsed");
    expect((await storage().listLapsedWaitlistOffers(at(30), 100)).map((o) => o.id)).not.toContain(
      offer.id,
    );
  });
}
