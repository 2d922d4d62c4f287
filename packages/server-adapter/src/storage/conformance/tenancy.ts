// Conformance: two clinics in one database never see or change each other's rows.

import { expect, it } from "vitest";
import { isStorageError } from "../errors.js";
import { at, errorOf, type GetStorage, massageAt, noteOn, seedClinic } from "./fixtures.js";

/**
 * Registers the tenancy tests (inside a `describe` of the conformance suite).
 *
 * @example
 * ```ts
 * describe("tenancy", () => tenancyTests(() => storage));
 * ```
 */
export function tenancyTests(storage: GetStorage): void {
  it("two clinics with the same ids: every read and write stays in its clinic", async () => {
    const a = await seedClinic(storage(), "alpha");
    const b = await seedClinic(storage(), "beta");
    // Same calendar, service and appointment ids in both clinics, overlapping in time.
    const aptA = await storage().insertAppointment(a.clinicId, massageAt(a, 0, 60, { id: "same" }));
    const aptB = await storage().insertAppointment(b.clinicId, massageAt(b, 0, 60, { id: "same" }));
    expect(aptA.clinicId).toBe(a.clinicId);
    expect(aptB.clinicId).toBe(b.clinicId);

    await storage().putClient(b.clinicId, { id: "only-b", name: "Beta client" });
    await storage().addAppointmentNote(b.clinicId, {
      id: "note-b",
      appointmentId: "same",
      author: "user:b",
      text: "private to beta",
    });
    await storage().insertHold(b.clinicId, {
      id: "hold-b",
      serviceId: b.massage,
      calendarIds: [b.p1],
      start: at(120),
      end: at(180),
      expiresAt: at(30),
    });
    await storage().enqueueOutbox(b.clinicId, { type: "email.x", payload: {}, dueAt: at(0) });
    await storage().appendAudit(b.clinicId, {
      at: at(0),
      actor: "user:b",
      action: "x",
      entityType: "appointment",
      entityId: "same",
    });
    await storage().claimIdempotency(b.clinicId, { key: "k", requestHash: "h", now: at(0) });

    expect(await storage().getClient(a.clinicId, "only-b")).toBeUndefined();
    expect(await storage().listClients(a.clinicId)).toHaveLength(1);
    expect(await storage().listAppointmentNotes(a.clinicId, "same")).toEqual([]);
    expect(await storage().getHold(a.clinicId, "hold-b", at(0))).toBeUndefined();
    expect(await storage().listHolds(a.clinicId, { now: at(0) })).toEqual([]);
    expect(await storage().deleteHold(a.clinicId, "hold-b")).toBe(false);
    expect(await storage().listOutbox(a.clinicId)).toEqual([]);
    expect(await storage().listAudit(a.clinicId)).toEqual([]);
    expect(
      await storage().claimIdempotency(a.clinicId, { key: "k", requestHash: "h", now: at(0) }),
    ).toEqual({ outcome: "new" });

    // Changing "same" in clinic A leaves clinic B's "same" alone.
    await storage().updateAppointment(a.clinicId, "same", { status: "canceled" });
    expect((await storage().getAppointment(b.clinicId, "same"))?.status).toBe("booked");
    const listed = await storage().listAppointments(a.clinicId, { calendarIds: [a.p1] });
    expect(listed.map((x) => [x.clinicId, x.status])).toEqual([[a.clinicId, "canceled"]]);

    // An appointment may not point at another clinic's client.
    const foreignClient = await errorOf(() =>
      storage().insertAppointment(a.clinicId, massageAt(a, 300, 60, { clientId: "only-b" })),
    );
    expect(isStorageError(foreignClient, "INVALID_REFERENCE")).toBe(true);
    const foreignNote = await errorOf(() =>
      storage().addAppointmentNote(a.clinicId, noteOn("unknown-in-a")),
    );
    expect(isStorageError(foreignNote, "INVALID_REFERENCE")).toBe(true);
    const locked = await storage().transaction((tx) => tx.lockAppointment(a.clinicId, "nope"));
    expect(locked).toBeUndefined();
  });
}
