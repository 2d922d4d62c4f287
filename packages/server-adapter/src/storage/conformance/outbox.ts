// Conformance: the outbox a notification worker drains (claim with SKIP LOCKED, retry, dead).

import { expect, it } from "vitest";
import { outboxBackoffMs } from "../shared.js";
import { at, type GetStorage, MIN, seedClinic } from "./fixtures.js";

/** Marks every row due by `now` (of any clinic: earlier tests' leftovers) as sent. */
async function drain(storage: ReturnType<GetStorage>, now: string): Promise<void> {
  for (;;) {
    const rows = await storage.claimDueOutbox({ now, limit: 500 });
    if (rows.length === 0) return;
    for (const row of rows) await storage.markOutboxSent(row.clinicId, row.id, now);
  }
}

/**
 * Registers the outbox tests. `claimDueOutbox` is global, so each test first drains what other
 * tests left due, then works in its own time window and only looks at its own clinic's rows.
 *
 * @example
 * ```ts
 * describe("outbox", () => outboxTests(() => storage));
 * ```
 */
export function outboxTests(storage: GetStorage): void {
  it("claims due rows once, oldest first, and lets an expired lease be claimed again", async () => {
    const s = await seedClinic(storage());
    const base = 10_000;
    await drain(storage(), at(base + 1_000_000));
    const mine = <R extends { clinicId: string }>(rows: R[]) =>
      rows.filter((r) => r.clinicId === s.clinicId);
    const late = await storage().enqueueOutbox(s.clinicId, {
      id: "late",
      type: "email.reminder",
      payload: { appointmentId: "a1", offsetMinutes: 60 },
      dueAt: at(base + 30),
    });
    const early = await storage().enqueueOutbox(s.clinicId, {
      type: "email.booking_confirmed",
      payload: { appointmentId: "a1" },
      dueAt: at(base),
    });
    expect(early).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: at(base) });
    expect(early.id).toMatch(/\S+/);
    expect(late.id).toBe("late");

    expect(mine(await storage().claimDueOutbox({ now: at(base - 1), limit: 10 }))).toEqual([]);
    const first = mine(await storage().claimDueOutbox({ now: at(base + 31), limit: 10 }));
    expect(first.map((r) => r.id)).toEqual([early.id, "late"]);
    expect(first[0]).toMatchObject({
      status: "sending",
      attempts: 1,
      lockedUntil: at(base + 36),
      payload: { appointmentId: "a1" },
    });
    expect(mine(await storage().claimDueOutbox({ now: at(base + 32), limit: 10 }))).toEqual([]);

    // The worker died: after the lease the rows are claimed again.
    const again = mine(
      await storage().claimDueOutbox({ now: at(base + 40), limit: 10, leaseMs: 2 * MIN }),
    );
    expect(again.map((r) => [r.id, r.attempts, r.lockedUntil])).toEqual([
      [early.id, 2, at(base + 42)],
      ["late", 2, at(base + 42)],
    ]);
    const sent = await storage().markOutboxSent(s.clinicId, early.id, at(base + 41));
    expect(sent).toMatchObject({ status: "sent", sentAt: at(base + 41) });
    expect(sent.lockedUntil).toBeUndefined();
    await storage().markOutboxSent(s.clinicId, "late", at(base + 41));
    expect(mine(await storage().claimDueOutbox({ now: at(base + 100), limit: 10 }))).toEqual([]);
  });

  it("a running claim is renewed until it is finished or claimed again", async () => {
    const s = await seedClinic(storage());
    const base = 15_000;
    await drain(storage(), at(base + 1_000_000));
    await storage().enqueueOutbox(s.clinicId, {
      id: "long-send",
      type: "email.reminder",
      payload: {},
      dueAt: at(base),
    });
    const claimMine = async (minute: number) =>
      (await storage().claimDueOutbox({ now: at(minute), limit: 100, leaseMs: MIN })).filter(
        (r) => r.clinicId === s.clinicId,
      );
    const [claimed] = await claimMine(base);
    expect(claimed).toMatchObject({ attempts: 1, lockedUntil: at(base + 1) });
    const renew = (minute: number, attempts: number) =>
      storage().renewOutboxLease(s.clinicId, "long-send", {
        attempts,
        now: at(minute),
        leaseMs: 2 * MIN,
      });
    // The heartbeat keeps the row: no other claimer gets it while it is renewed.
    expect(await renew(base, 1)).toBe(true);
    expect(await claimMine(base + 1)).toEqual([]);
    const [row] = await storage().listOutbox(s.clinicId);
    expect(row).toMatchObject({ status: "sending", lockedUntil: at(base + 2) });
    // Once the lease ran out and another claim took the row, the old claim cannot renew it.
    const [again] = await claimMine(base + 2);
    expect(again?.attempts).toBe(2);
    expect(await renew(base + 2, 1)).toBe(false);
    expect(await renew(base + 2, 2)).toBe(true);
    await storage().markOutboxSent(s.clinicId, "long-send", at(base + 3));
    expect(await renew(base + 3, 2)).toBe(false);
    expect(
      await storage().renewOutboxLease(s.clinicId, "nothing", {
        attempts: 1,
        now: at(base),
        leaseMs: MIN,
      }),
    ).toBe(false);
  });

  it("a failure retries with backoff and the row dies after maxAttempts", async () => {
    const s = await seedClinic(storage());
    const base = 20_000;
    await drain(storage(), at(base + 1_000_000));
    const row = await storage().enqueueOutbox(s.clinicId, {
      type: "email.reminder",
      payload: {},
      dueAt: at(base),
    });
    const claimMine = async (minutes: number) =>
      (await storage().claimDueOutbox({ now: at(minutes), limit: 100 })).filter(
        (r) => r.clinicId === s.clinicId,
      );
    expect(await claimMine(base)).toHaveLength(1);
    const failed = await storage().markOutboxFailed(s.clinicId, row.id, {
      now: at(base),
      error: "SMTP 451",
      maxAttempts: 2,
    });
    expect(failed).toMatchObject({
      status: "pending",
      attempts: 1,
      lastError: "SMTP 451",
      nextAttemptAt: new Date(Date.parse(at(base)) + outboxBackoffMs(1)).toISOString(),
    });
    expect(await claimMine(base)).toEqual([]);
    expect(await claimMine(base + 1)).toHaveLength(1);
    const dead = await storage().markOutboxFailed(s.clinicId, row.id, {
      now: at(base + 1),
      error: "SMTP 550",
      maxAttempts: 2,
    });
    expect(dead).toMatchObject({ status: "dead", attempts: 2, lastError: "SMTP 550" });
    expect(await claimMine(base + 10_000)).toEqual([]);
    expect(await storage().listOutbox(s.clinicId, { status: "dead" })).toHaveLength(1);
  });

  it("concurrent claimers never receive the same row", async () => {
    const s = await seedClinic(storage());
    const base = 30_000;
    await drain(storage(), at(base + 1_000_000));
    for (let i = 0; i < 60; i += 1) {
      await storage().enqueueOutbox(s.clinicId, {
        id: `m-${String(i).padStart(3, "0")}`,
        type: "email.reminder",
        payload: { i },
        dueAt: at(base + (i % 7)),
      });
    }
    const seen: string[] = [];
    const worker = async () => {
      for (;;) {
        const rows = await storage().claimDueOutbox({ now: at(base + 10), limit: 4 });
        const mine = rows.filter((r) => r.clinicId === s.clinicId);
        seen.push(...mine.map((r) => r.id));
        if (rows.length === 0) return;
      }
    };
    await Promise.all(Array.from({ length: 5 }, worker));
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect(await storage().listOutbox(s.clinicId, { status: "pending" })).toEqual([]);
  });
}
