// Conformance: atomic transactions, calendar locks and the races they must win on every adapter.

import { expect, it } from "vitest";
import { isStorageError } from "../errors.js";
import type { StorageTransaction } from "../storage.js";
import { at, errorOf, type GetStorage, massageAt, type Seeded, seedClinic } from "./fixtures.js";

/** The booking unit of work: lock, re-read, check, insert, audit, outbox. */
async function bookIfFree(
  tx: StorageTransaction,
  s: Seeded,
  startMinutes: number,
  places: number,
): Promise<boolean> {
  const serviceId = places === 1 ? s.massage : s.yoga;
  const locked = await tx.lockCalendars(s.clinicId, [s.room, s.p1]);
  expect(locked.map((c) => c.id)).toEqual([s.p1, s.room]);
  const overlapping = await tx.listAppointments(s.clinicId, {
    calendarIds: [s.p1],
    from: at(startMinutes),
    to: at(startMinutes + 60),
    activeOnly: true,
  });
  // Take a while between the read and the write, as a real engine check would.
  await new Promise((resolve) => setTimeout(resolve, 5));
  if (overlapping.length >= places) return false;
  const apt = await tx.insertAppointment(
    s.clinicId,
    // allowOverlap keeps the exclusion constraint out of it: only the lock can make this right.
    massageAt(s, startMinutes, 60, { serviceId, capacity: places, allowOverlap: true }),
  );
  await tx.appendAudit(s.clinicId, {
    at: at(0),
    actor: "patient",
    action: "appointment.created",
    entityType: "appointment",
    entityId: apt.id,
  });
  await tx.enqueueOutbox(s.clinicId, {
    type: "email.booking_confirmed",
    payload: { appointmentId: apt.id },
    dueAt: at(0),
  });
  return true;
}

/** Opens the adapter's connections first, so the racers really run side by side. */
async function warmUp(storage: ReturnType<GetStorage>, clinicId: string): Promise<void> {
  await Promise.all(
    Array.from({ length: 30 }, () =>
      storage.transaction(async (tx) => {
        await tx.getClinic(clinicId);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }),
    ),
  );
}

/** The idempotency claim the transaction tests take inside and after a transaction. */
const K1 = { key: "k1", requestHash: "h", now: at(0) };

/**
 * Registers the transaction tests (inside a `describe` of the conformance suite).
 *
 * @example
 * ```ts
 * describe("transaction", () => transactionTests(() => storage));
 * ```
 */
export function transactionTests(storage: GetStorage): void {
  it("commits every write of a transaction and returns the callback's result", async () => {
    const s = await seedClinic(storage());
    const result = await storage().transaction(async (tx) => {
      const ok = await bookIfFree(tx, s, 0, 1);
      await tx.claimIdempotency(s.clinicId, K1);
      return { ok };
    });
    expect(result).toEqual({ ok: true });
    expect(await storage().listAppointments(s.clinicId)).toHaveLength(1);
    expect(await storage().listAudit(s.clinicId)).toHaveLength(1);
    expect(await storage().listOutbox(s.clinicId)).toHaveLength(1);
    const again = await storage().claimIdempotency(s.clinicId, K1);
    expect(again).toEqual({ outcome: "in_flight" });
  });

  it("a throw inside the transaction rolls every write back and rethrows the same error", async () => {
    const s = await seedClinic(storage());
    const boom = new Error("engine said no");
    const error = await errorOf(() =>
      storage().transaction(async (tx) => {
        await bookIfFree(tx, s, 0, 1);
        await tx.claimIdempotency(s.clinicId, K1);
        await tx.putClient(s.clinicId, { id: "client-new", name: "New" });
        await tx.insertHold(s.clinicId, {
          id: "hold-1",
          serviceId: s.massage,
          calendarIds: [s.p1],
          start: at(120),
          end: at(180),
          expiresAt: at(10),
        });
        await tx.updateClinic(s.clinicId, {
          name: "Renamed",
          timeZone: "UTC",
          locale: "en",
          currency: "USD",
          allowedOrigins: [],
        });
        throw boom;
      }),
    );
    expect(error).toBe(boom);
    expect(await storage().listAppointments(s.clinicId)).toEqual([]);
    expect(await storage().listAudit(s.clinicId)).toEqual([]);
    expect(await storage().listOutbox(s.clinicId)).toEqual([]);
    expect(await storage().getClient(s.clinicId, "client-new")).toBeUndefined();
    expect(await storage().getHold(s.clinicId, "hold-1", at(0))).toBeUndefined();
    expect((await storage().getClinic(s.clinicId))?.name).not.toBe("Renamed");
    const claim = await storage().claimIdempotency(s.clinicId, K1);
    expect(claim).toEqual({ outcome: "new" });
  });

  it("a StorageError caught inside a transaction leaves it usable", async () => {
    const s = await seedClinic(storage());
    await storage().insertAppointment(s.clinicId, massageAt(s, 0));
    const booked = await storage().transaction(async (tx) => {
      const error = await errorOf(() => tx.insertAppointment(s.clinicId, massageAt(s, 0)));
      expect(isStorageError(error, "SLOT_TAKEN")).toBe(true);
      // "Any available": the first provider was taken, the second is free.
      return tx.insertAppointment(s.clinicId, massageAt(s, 0, 60, { calendarIds: [s.p2] }));
    });
    expect(await storage().getAppointment(s.clinicId, booked.id)).toEqual(booked);
    expect(await storage().listAppointments(s.clinicId)).toHaveLength(2);
  });

  it("lockCalendars returns the clinic's calendars sorted, leaving out unknown and foreign ids", async () => {
    const s = await seedClinic(storage());
    const other = await seedClinic(storage());
    const locked = await storage().transaction((tx) =>
      tx.lockCalendars(s.clinicId, [s.room, "nope", s.p2, s.p1, s.p2]),
    );
    expect(locked.map((c) => c.id)).toEqual([s.p1, s.p2, s.room]);
    expect(locked.every((c) => c.clinicId === s.clinicId)).toBe(true);
    const foreign = await storage().transaction((tx) =>
      tx.lockCalendars(s.clinicId, ["only-in-other"]),
    );
    expect(foreign).toEqual([]);
    expect(other.clinicId).not.toBe(s.clinicId);
  });

  it("lockKeyAfterCalendars: the busy-time read after the calendar locks takes the key until commit; before any, lockKey takes it", async () => {
    const store = storage();
    const s = await seedClinic(store);
    const busy = { calendarIds: [s.p1], from: at(0), to: at(60), now: at(0) };
    const order: string[] = [];
    let commit = () => {};
    const gate = new Promise<void>((resolve) => {
      commit = resolve;
    });
    let held = () => {};
    const holding = new Promise<void>((resolve) => {
      held = resolve;
    });
    const first = store.transaction(async (tx) => {
      tx.lockKeyAfterCalendars(s.clinicId, "client-email:a@example.com");
      // A read before the calendars are locked does not take it (calendars first, then keys).
      await tx.readBusyTime(s.clinicId, busy);
      await tx.lockCalendars(s.clinicId, [s.p1]);
      await tx.readBusyTime(s.clinicId, busy); // takes the key: the second waits from here
      held();
      await gate;
      await tx.lockKey(s.clinicId, "client-email:a@example.com"); // held: returns at once
      order.push("first commits");
    });
    await holding;
    const second = store.transaction(async (tx) => {
      await tx.lockKey(s.clinicId, "client-email:a@example.com");
      order.push("second holds the key");
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(order).toEqual([]);
    commit();
    await Promise.all([first, second]);
    expect(order).toEqual(["first commits", "second holds the key"]);
    // Asked for but no read after a calendar lock: lockKey takes it itself, and it is released.
    await store.transaction(async (tx) => {
      tx.lockKeyAfterCalendars(s.clinicId, "k");
      await tx.lockKey(s.clinicId, "k");
    });
    await store.transaction((tx) => tx.lockKey(s.clinicId, "k"));
  });

  it("50 concurrent lock-read-check-insert transactions for one slot store exactly one", async () => {
    const s = await seedClinic(storage());
    await warmUp(storage(), s.clinicId);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () => storage().transaction((tx) => bookIfFree(tx, s, 0, 1))),
    );
    const rejected = outcomes.filter((o) => o.status === "rejected");
    expect(rejected).toEqual([]);
    const booked = outcomes.filter((o) => o.status === "fulfilled" && o.value === true);
    expect(booked).toHaveLength(1);
    expect(await storage().listAppointments(s.clinicId)).toHaveLength(1);
    expect(await storage().listAudit(s.clinicId)).toHaveLength(1);
    expect(await storage().listOutbox(s.clinicId)).toHaveLength(1);
  });

  it("a class of 12 under 40 concurrent transactions gets exactly 12", async () => {
    const s = await seedClinic(storage());
    await warmUp(storage(), s.clinicId);
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, () => storage().transaction((tx) => bookIfFree(tx, s, 0, 12))),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(12);
    expect(await storage().listAppointments(s.clinicId)).toHaveLength(12);
  });

  it("without the caller taking locks, one of 50 concurrent inserts wins and 49 get SLOT_TAKEN, none a deadlock", async () => {
    const s = await seedClinic(storage());
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        storage().transaction((tx) =>
          tx.insertAppointment(s.clinicId, massageAt(s, i % 2 === 0 ? 0 : 30)),
        ),
      ),
    );
    const fulfilled = outcomes.filter((o) => o.status === "fulfilled");
    const errors = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason] : []));
    expect(fulfilled).toHaveLength(1);
    expect(errors.filter((e) => isStorageError(e, "SLOT_TAKEN"))).toHaveLength(49);
    expect(await storage().listAppointments(s.clinicId)).toHaveLength(1);
  });

  it("50 concurrent cancels of one appointment change it once and audit it once", async () => {
    const s = await seedClinic(storage());
    const apt = await storage().insertAppointment(s.clinicId, massageAt(s, 0));
    await warmUp(storage(), s.clinicId);
    const cancel = () =>
      storage().transaction(async (tx) => {
        const fresh = await tx.lockAppointment(s.clinicId, apt.id);
        if (!fresh || fresh.status === "canceled") return false;
        await new Promise((resolve) => setTimeout(resolve, 5));
        await tx.updateAppointment(s.clinicId, apt.id, { status: "canceled" });
        await tx.appendAudit(s.clinicId, {
          at: at(0),
          actor: "patient",
          action: "appointment.canceled",
          entityType: "appointment",
          entityId: apt.id,
        });
        return true;
      });
    const outcomes = await Promise.all(Array.from({ length: 50 }, cancel));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await storage().getAppointment(s.clinicId, apt.id)).toMatchObject({
      status: "canceled",
      version: 2,
    });
    expect(await storage().listAudit(s.clinicId, { entityId: apt.id })).toHaveLength(1);

    // Optimistic variant: expectedVersion lets exactly one of many concurrent updates through.
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        storage().updateAppointment(
          s.clinicId,
          apt.id,
          { extra: { n: 1 } },
          { expectedVersion: 2 },
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const conflicts = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(conflicts.every((e) => isStorageError(e, "VERSION_CONFLICT"))).toBe(true);
    expect(conflicts).toHaveLength(19);
  });

  it("calling the storage itself inside its transaction fails fast instead of hanging", async () => {
    const s = await seedClinic(storage());
    const error = await errorOf(() =>
      storage().transaction(async () => {
        await storage().getClinic(s.clinicId);
      }),
    );
    expect(isStorageError(error, "NESTED_TRANSACTION")).toBe(true);
    const nested = await errorOf(() =>
      storage().transaction(() => storage().transaction(async () => 1)),
    );
    expect(isStorageError(nested, "NESTED_TRANSACTION")).toBe(true);
  });
}
