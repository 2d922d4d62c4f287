// Conformance: holds that expire by the caller's clock, and idempotency claims.

import { expect, it } from "vitest";
import { isStorageError } from "../errors.js";
import type { HoldInput, StoredResponse } from "../storage.js";
import {
  at,
  errorOf,
  type GetStorage,
  massageAt,
  type Seeded,
  seedClinic,
  unique,
} from "./fixtures.js";

function hold(s: Seeded, id: string, startMinutes: number, expiresMinutes: number): HoldInput {
  return {
    id,
    serviceId: s.massage,
    calendarIds: [s.p1],
    start: at(startMinutes),
    end: at(startMinutes + 60),
    expiresAt: at(expiresMinutes),
  };
}

/**
 * Registers the hold tests (inside a `describe` of the conformance suite).
 *
 * @example
 * ```ts
 * describe("hold", () => holdTests(() => storage));
 * ```
 */
export function holdTests(storage: GetStorage): void {
  it("readBusyTime: listBusyAppointments, live listHolds and getCatalogVersion in one answer", async () => {
    const s = await seedClinic(storage());
    const other = await seedClinic(storage());
    const store = storage();
    await store.insertAppointment(s.clinicId, {
      ...massageAt(s, 0, 60, { id: "a", bufferBeforeMinutes: 5, bufferAfterMinutes: 10 }),
    });
    await store.insertAppointment(
      s.clinicId,
      massageAt(s, 60, 60, { id: "b", calendarIds: [s.p2] }),
    );
    await store.insertAppointment(
      s.clinicId,
      massageAt(s, 120, 60, { id: "c", status: "canceled" }),
    );
    await store.insertAppointment(other.clinicId, massageAt(other, 0, 60, { id: "a" }));
    await store.insertHold(s.clinicId, { ...hold(s, "h1", 30, 100), visitorHash: "v", places: 2 });
    await store.insertHold(s.clinicId, { ...hold(s, "h2", 200, 5), calendarIds: [s.p2] });
    await store.insertHold(s.clinicId, hold(s, "h3", 400, 100));
    for (const [calendarIds, from, to, now] of [
      [[s.p1, s.p2, s.room], -60, 600, 0],
      [[s.p1], 0, 60, 0],
      [[s.p2], 150, 600, 10],
      [[s.room], -60, 600, 0],
      [[], -60, 600, 0],
    ] as [string[], number, number, number][]) {
      const query = { calendarIds, from: at(from), to: at(to) };
      const read = await store.readBusyTime(s.clinicId, { ...query, now: at(now) });
      expect(read.appointments).toEqual(await store.listBusyAppointments(s.clinicId, query));
      const holds = calendarIds.length
        ? await store.listHolds(s.clinicId, { ...query, now: at(now) })
        : [];
      expect(read.holds).toEqual(holds);
      expect(read.catalogVersion).toBe(await store.getCatalogVersion(s.clinicId));
      // Outside a transaction a driver may run it as a prepared statement: the same answer.
      const inside = await store.transaction((tx) =>
        tx.readBusyTime(s.clinicId, { ...query, now: at(now) }),
      );
      expect(inside).toEqual(read);
    }
  });

  it("readBusyTime asked again after each kind of write answers as the lists do (a storage may keep busy time)", async () => {
    const s = await seedClinic(storage());
    const store = storage();
    const wide = { calendarIds: [s.p1, s.p2, s.room], from: at(-60), to: at(600) };
    const narrow = { calendarIds: [s.p1], from: at(0), to: at(300) };
    /** Reads each query twice (a kept answer the second time) at `now` and checks both. */
    const check = async (now: number) => {
      for (const query of [wide, narrow, wide, narrow]) {
        const read = await store.readBusyTime(s.clinicId, { ...query, now: at(now) });
        expect(read.appointments).toEqual(await store.listBusyAppointments(s.clinicId, query));
        expect(read.holds).toEqual(await store.listHolds(s.clinicId, { ...query, now: at(now) }));
        expect(read.catalogVersion).toBe(await store.getCatalogVersion(s.clinicId));
      }
    };
    await check(0);
    const first = await store.insertAppointment(s.clinicId, massageAt(s, 0));
    await check(0);
    await store.insertHold(s.clinicId, hold(s, "h1", 120, 30));
    await check(0);
    // The hold expires by the reader's clock alone: nothing is written.
    await check(45);
    await store.insertHold(s.clinicId, hold(s, "h2", 180, 100));
    await check(45);
    await store.extendHold(s.clinicId, "h2", at(200), at(40));
    await check(150);
    await store.updateAppointment(s.clinicId, first.id, { start: at(240), end: at(300) });
    await check(150);
    await store.updateAppointment(s.clinicId, first.id, { calendarIds: [s.p2] });
    await check(150);
    await store.updateAppointment(s.clinicId, first.id, { status: "canceled" });
    await check(150);
    await store.deleteHold(s.clinicId, "h2");
    await check(150);
    // A write in a transaction shows once it commits; one rolled back never does.
    await store
      .transaction(async (tx) => {
        await tx.insertAppointment(s.clinicId, massageAt(s, 60));
        throw new Error("roll back");
      })
      .catch(() => undefined);
    await check(150);
    await store.transaction((tx) => tx.insertAppointment(s.clinicId, massageAt(s, 60)));
    await check(150);
    // Another clinic's writes leave this clinic's answers as they are.
    const other = await seedClinic(store);
    await store.insertAppointment(other.clinicId, massageAt(other, 0));
    await check(150);
  });

  it("the catalog version changes with every catalog write, whoever makes it, and not with bookings", async () => {
    const s = await seedClinic(storage());
    const store = storage();
    const version = () => store.getCatalogVersion(s.clinicId);
    const seen = [await version()];
    const changed = async () => {
      const now = await version();
      expect(seen).not.toContain(now);
      seen.push(now);
    };
    await store.insertAppointment(s.clinicId, massageAt(s, 0));
    await store.insertHold(s.clinicId, hold(s, "h1", 60, 100));
    expect(await version()).toBe(seen[0]);
    const service = await store.getService(s.clinicId, s.massage);
    if (!service) throw new Error("the seeded service is missing");
    await store.putService(s.clinicId, { ...service, durationMinutes: 45 });
    await changed();
    const calendar = await store.getCalendar(s.clinicId, s.p1);
    if (!calendar) throw new Error("the seeded calendar is missing");
    await store.putCalendar(s.clinicId, { ...calendar, name: "Renamed" });
    await changed();
    const clinic = await store.getClinic(s.clinicId);
    if (!clinic) throw new Error("the seeded clinic is missing");
    await store.updateClinic(s.clinicId, { ...clinic, timeZone: "Europe/Madrid" });
    await changed();
    // Inside a transaction the change is the transaction's: a rollback leaves the version alone.
    await store
      .transaction(async (tx) => {
        await tx.putService(s.clinicId, { ...service, durationMinutes: 30 });
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(await version()).toBe(seen.at(-1));
    // Another clinic's change is not this clinic's.
    const other = await seedClinic(store);
    await store.putService(other.clinicId, { ...service, durationMinutes: 20 });
    expect(await version()).toBe(seen.at(-1));
  });

  it("holds are live until expiresAt (by the given now), can be extended and deleted", async () => {
    const s = await seedClinic(storage());
    const created = await storage().insertHold(s.clinicId, hold(s, "h1", 60, 10));
    expect(created).toMatchObject({
      clinicId: s.clinicId,
      id: "h1",
      calendarIds: [s.p1],
      start: at(60),
      end: at(120),
      places: 1,
      expiresAt: at(10),
    });
    await storage().insertHold(s.clinicId, { ...hold(s, "h2", 0, 5), calendarIds: [s.p2] });
    await storage().insertHold(s.clinicId, hold(s, "h3", 200, 30));

    expect(await storage().getHold(s.clinicId, "h1", at(9))).toEqual(created);
    expect(await storage().getHold(s.clinicId, "h1", at(10))).toBeUndefined();
    const live = async (
      now: number,
      extra: { from?: string; to?: string; calendarIds?: string[] } = {},
    ) => (await storage().listHolds(s.clinicId, { now: at(now), ...extra })).map((h) => h.id);
    expect(await live(0)).toEqual(["h2", "h1", "h3"]);
    expect(await live(5)).toEqual(["h1", "h3"]);
    expect(await live(0, { calendarIds: [s.p2] })).toEqual(["h2"]);
    expect(await live(0, { from: at(120), to: at(200) })).toEqual([]);
    expect(await live(0, { from: at(119), to: at(201) })).toEqual(["h1", "h3"]);

    const extended = await storage().extendHold(s.clinicId, "h1", at(40), at(9));
    expect(extended?.expiresAt).toBe(at(40));
    expect(await storage().getHold(s.clinicId, "h1", at(20))).toBeDefined();
    expect(await storage().extendHold(s.clinicId, "h2", at(60), at(6))).toBeUndefined();

    expect(await storage().deleteHold(s.clinicId, "h3")).toBe(true);
    expect(await storage().deleteHold(s.clinicId, "h3")).toBe(false);
    expect(await live(0)).toEqual(["h2", "h1"]);

    const removed = await storage().deleteExpiredHolds(at(6));
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await storage().getHold(s.clinicId, "h2", at(0))).toBeUndefined();
    expect(await storage().getHold(s.clinicId, "h1", at(6))).toBeDefined();

    const duplicate = await errorOf(() => storage().insertHold(s.clinicId, hold(s, "h1", 0, 1)));
    expect(isStorageError(duplicate, "DUPLICATE")).toBe(true);
    const backwards = await errorOf(() =>
      storage().insertHold(s.clinicId, { ...hold(s, "h9", 0, 1), end: at(-1) }),
    );
    expect(isStorageError(backwards, "INVALID_VALUE")).toBe(true);
  });

  it("holds keep who placed them (visitor and e-mail hashes) and list by either", async () => {
    const s = await seedClinic(storage());
    const owned = await storage().insertHold(s.clinicId, {
      ...hold(s, "v1", 0, 10),
      visitorHash: "visitor-a",
      emailHash: "mail-a",
    });
    expect(owned).toMatchObject({ visitorHash: "visitor-a", emailHash: "mail-a" });
    await storage().insertHold(s.clinicId, { ...hold(s, "v2", 60, 20), visitorHash: "visitor-a" });
    await storage().insertHold(s.clinicId, { ...hold(s, "v3", 120, 30), emailHash: "mail-a" });
    const anonymous = await storage().insertHold(s.clinicId, hold(s, "v4", 180, 30));
    expect(anonymous.visitorHash).toBeUndefined();
    expect(anonymous.emailHash).toBeUndefined();
    const ids = async (query: { visitorHash?: string; emailHash?: string }, now = 0) =>
      (await storage().listHolds(s.clinicId, { now: at(now), ...query })).map((h) => h.id);
    expect(await ids({ visitorHash: "visitor-a" })).toEqual(["v1", "v2"]);
    expect(await ids({ emailHash: "mail-a" })).toEqual(["v1", "v3"]);
    expect(await ids({ visitorHash: "visitor-a" }, 10)).toEqual(["v2"]);
    expect(await ids({ visitorHash: "visitor-b" })).toEqual([]);
    const other = await seedClinic(storage());
    expect(
      await storage().listHolds(other.clinicId, { now: at(0), visitorHash: "visitor-a" }),
    ).toEqual([]);
  });
}

const response = (text: string): StoredResponse => ({
  status: 201,
  headers: { "content-type": "application/json", location: "/v1/bookings/b1" },
  // Non-UTF-8 bytes prove the body is kept as bytes, not text.
  body: new Uint8Array([...new TextEncoder().encode(text), 0, 0xff, 0xfe, 0x80]),
});

/**
 * Registers the idempotency tests (inside a `describe` of the conformance suite).
 *
 * @example
 * ```ts
 * describe("idempotency", () => idempotencyTests(() => storage));
 * ```
 */
export function idempotencyTests(storage: GetStorage): void {
  it("claim → new, in_flight, mismatch; complete → byte-for-byte replay", async () => {
    const s = await seedClinic(storage());
    const claim = (requestHash: string, now = 0) =>
      storage().claimIdempotency(s.clinicId, { key: "key-1", requestHash, now: at(now) });
    expect(await claim("hash-a")).toEqual({ outcome: "new" });
    expect(await claim("hash-a")).toEqual({ outcome: "in_flight" });
    expect(await claim("hash-b")).toEqual({ outcome: "mismatch" });

    const stored = response('{"booking":{"id":"b1"}}');
    await storage().completeIdempotency(s.clinicId, "key-1", stored);
    const replay = await claim("hash-a", 5);
    expect(replay).toEqual({ outcome: "replay", response: stored });
    if (replay.outcome !== "replay") throw new Error("expected a replay");
    expect(replay.response.body).toBeInstanceOf(Uint8Array);
    expect([...replay.response.body]).toEqual([...stored.body]);
    expect(await claim("hash-b")).toEqual({ outcome: "mismatch" });
    expect(await storage().releaseIdempotency(s.clinicId, "key-1")).toBe(false);

    const missing = await errorOf(() =>
      storage().completeIdempotency(s.clinicId, "never-claimed", stored),
    );
    expect(isStorageError(missing, "NOT_FOUND")).toBe(true);
  });

  it("a stale in-flight claim is taken over; a released claim is new again; clinics are separate", async () => {
    const s = await seedClinic(storage());
    const other = await seedClinic(storage());
    const claim = (clinicId: string, now: number, staleAfterMs?: number) =>
      storage().claimIdempotency(clinicId, {
        key: "k",
        requestHash: "h",
        now: at(now),
        ...(staleAfterMs === undefined ? {} : { staleAfterMs }),
      });
    expect(await claim(s.clinicId, 0)).toEqual({ outcome: "new" });
    expect(await claim(other.clinicId, 0)).toEqual({ outcome: "new" });
    expect(await claim(s.clinicId, 0.5)).toEqual({ outcome: "in_flight" });
    // 60 s default: one minute later the claimer is presumed dead.
    expect(await claim(s.clinicId, 1)).toEqual({ outcome: "new" });
    expect(await claim(s.clinicId, 1.5)).toEqual({ outcome: "in_flight" });
    expect(await claim(s.clinicId, 10, 3_600_000)).toEqual({ outcome: "in_flight" });
    expect(await storage().releaseIdempotency(s.clinicId, "k")).toBe(true);
    expect(await claim(s.clinicId, 11)).toEqual({ outcome: "new" });
    expect(await claim(other.clinicId, 0.5)).toEqual({ outcome: "in_flight" });

    const gone = await storage().deleteIdempotencyBefore(at(10.5));
    expect(gone).toBeGreaterThanOrEqual(1);
    expect(await claim(other.clinicId, 12)).toEqual({ outcome: "new" });
    expect(await claim(s.clinicId, 11.5)).toEqual({ outcome: "in_flight" });
  });

  it("50 concurrent claims of one key: exactly one is new, the rest see it in flight", async () => {
    const s = await seedClinic(storage());
    const key = unique("key");
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () =>
        storage().claimIdempotency(s.clinicId, { key, requestHash: "same", now: at(0) }),
      ),
    );
    expect(outcomes.filter((o) => o.outcome === "new")).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === "in_flight")).toHaveLength(49);

    // Concurrent claims inside transactions that also complete: one new, the others replay or wait.
    const key2 = unique("key");
    const stored = response("done");
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        storage().transaction(async (tx) => {
          const outcome = await tx.claimIdempotency(s.clinicId, {
            key: key2,
            requestHash: "same",
            now: at(0),
          });
          if (outcome.outcome === "new") await tx.completeIdempotency(s.clinicId, key2, stored);
          return outcome;
        }),
      ),
    );
    expect(results.filter((o) => o.outcome === "new")).toHaveLength(1);
    expect(results.every((o) => o.outcome === "new" || o.outcome === "replay")).toBe(true);
  });
}
