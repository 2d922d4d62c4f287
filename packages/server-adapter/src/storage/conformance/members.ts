// Conformance: team members, the member a calendar names, and travel times round-trip exactly.

import { expect, it } from "vitest";
import { isStorageError } from "../errors.js";
import { errorOf, type GetStorage, makeCalendar, seedClinic, unique } from "./fixtures.js";

/**
 * Registers the team-member tests (inside a `describe` of the conformance suite).
 *
 * @example
 * ```ts
 * describe("team members", () => memberTests(() => storage));
 * ```
 */
export function memberTests(storage: GetStorage): void {
  it("creates, replaces (version + 1) and lists members; a calendar names its member", async () => {
    const s = await seedClinic(storage());
    const input = {
      id: "dora",
      name: "Dora Reis",
      photoUrl: "https://clinic.example/dora.jpg",
      bio: "Sports physiotherapy",
      disciplines: ["physio"],
      email: "dora@example.com",
      active: true,
      limits: [
        { period: "day" as const, maxSessions: 6, serviceIds: [] },
        { period: "week" as const, maxMinutes: 1200, serviceIds: ["physio"] },
      ],
    };
    const first = await storage().putMember(s.clinicId, input);
    expect(first).toEqual({
      ...input,
      clinicId: s.clinicId,
      version: 1,
      createdAt: first.createdAt,
      updatedAt: first.updatedAt,
    });
    const second = await storage().putMember(s.clinicId, {
      ...input,
      photoUrl: undefined,
      limits: [],
    });
    expect(second.version).toBe(2);
    expect(second.photoUrl).toBeUndefined();
    expect(await storage().getMember(s.clinicId, "dora")).toEqual(second);
    expect(await storage().getMember(s.clinicId, unique("nobody"))).toBeUndefined();
    await storage().putMember(s.clinicId, { ...input, id: "abel", name: "Abel" });
    expect((await storage().listMembers(s.clinicId)).map((m) => m.id)).toEqual(["abel", "dora"]);
    expect((await storage().listMembers(s.clinicId, { ids: ["dora"] })).map((m) => m.id)).toEqual([
      "dora",
    ]);
    expect(await storage().listMembers(s.clinicId, { ids: [] })).toEqual([]);

    const calendar = { ...makeCalendar("dora-1", "provider", s.locationId), memberId: "dora" };
    expect((await storage().putCalendar(s.clinicId, calendar)).memberId).toBe("dora");
    expect((await storage().getCalendar(s.clinicId, "dora-1"))?.memberId).toBe("dora");
    // A calendar cannot name a member the clinic does not have.
    const orphan = await errorOf(() =>
      storage().putCalendar(s.clinicId, { ...calendar, id: "x-1", memberId: unique("ghost") }),
    );
    expect(isStorageError(orphan)).toBe(true);
  });

  it("keeps a clinic's travel times: the default and one row per pair, in either order", async () => {
    const s = await seedClinic(storage());
    expect(await storage().getTravel(s.clinicId)).toEqual({ defaultMinutes: 0, pairs: [] });
    const saved = await storage().putTravel(s.clinicId, {
      defaultMinutes: 20,
      pairs: [
        { locationIds: ["porto", "lisbon"], minutes: 90 },
        { locationIds: ["faro", "lisbon"], minutes: 150 },
        { locationIds: ["lisbon", "porto"], minutes: 100 },
      ],
    });
    expect(saved).toEqual({
      defaultMinutes: 20,
      pairs: [
        { locationIds: ["faro", "lisbon"], minutes: 150 },
        { locationIds: ["lisbon", "porto"], minutes: 100 },
      ],
    });
    const replaced = await storage().putTravel(s.clinicId, { defaultMinutes: 0, pairs: [] });
    expect(replaced).toEqual({ defaultMinutes: 0, pairs: [] });
    const other = await seedClinic(storage());
    expect(await storage().getTravel(other.clinicId)).toEqual({ defaultMinutes: 0, pairs: [] });
  });
}
