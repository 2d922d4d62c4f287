// Conformance: the audit trail and staff API keys.

import { expect, it } from "vitest";
import { isStorageError } from "../errors.js";
import { at, errorOf, type GetStorage, massageAt, seedClinic, unique } from "./fixtures.js";

/**
 * Registers the audit and API key tests (inside a `describe` of the conformance suite).
 *
 * @example
 * ```ts
 * describe("audit and API key", () => auditAndKeyTests(() => storage));
 * ```
 */
export function auditAndKeyTests(storage: GetStorage): void {
  it("appends audit entries in seq order and filters them", async () => {
    const s = await seedClinic(storage());
    const first = await storage().appendAudit(s.clinicId, {
      at: "2030-03-04T10:00:00+01:00",
      actor: "api-key:k1",
      action: "appointment.created",
      entityType: "appointment",
      entityId: "a1",
      detail: { status: "booked", calendarIds: ["p1"] },
    });
    expect(first).toMatchObject({
      clinicId: s.clinicId,
      at: "2030-03-04T09:00:00.000Z",
      detail: { status: "booked", calendarIds: ["p1"] },
    });
    const second = await storage().appendAudit(s.clinicId, {
      at: at(1),
      actor: "api-key:k2",
      action: "note.read",
      entityType: "appointment",
      entityId: "a1",
    });
    const third = await storage().appendAudit(s.clinicId, {
      at: at(2),
      actor: "api-key:k1",
      action: "client.updated",
      entityType: "client",
      entityId: "c1",
    });
    expect(second.seq).toBeGreaterThan(first.seq);
    expect(third.seq).toBeGreaterThan(second.seq);
    expect(second.detail).toEqual({});

    const list = async (query: Parameters<ReturnType<GetStorage>["listAudit"]>[1]) =>
      (await storage().listAudit(s.clinicId, query)).map((e) => e.seq);
    expect(await list({})).toEqual([first.seq, second.seq, third.seq]);
    expect(await list({ entityType: "appointment", entityId: "a1" })).toEqual([
      first.seq,
      second.seq,
    ]);
    expect(await list({ actor: "api-key:k1" })).toEqual([first.seq, third.seq]);
    expect(await list({ afterSeq: first.seq, limit: 1 })).toEqual([second.seq]);
    expect(await storage().listAudit(s.clinicId)).toContainEqual(first);
  });

  it("appendAuditAndOutbox writes entries in the order given and messages with fresh ids", async () => {
    const s = await seedClinic(storage());
    const entry = (entityId: string) => ({
      at: at(0),
      actor: "patient:online",
      action: "appointment.created",
      entityType: "appointment",
      entityId,
    });
    const message = (n: number) => ({ type: "email.test", payload: { n }, dueAt: at(n) });
    await storage().transaction(async (tx) => {
      await tx.appendAuditAndOutbox(s.clinicId, {
        audit: [entry("a1"), entry("a2")],
        outbox: [message(1), message(2)],
      });
      await tx.appendAuditAndOutbox(s.clinicId, { audit: [entry("a3")], outbox: [] });
      await tx.appendAuditAndOutbox(s.clinicId, { audit: [], outbox: [message(3)] });
      await tx.appendAuditAndOutbox(s.clinicId, { audit: [], outbox: [] });
    });
    const audit = await storage().listAudit(s.clinicId);
    expect(audit.map((e) => e.entityId)).toEqual(["a1", "a2", "a3"]);
    expect(audit[0]).toMatchObject({ actor: "patient:online", at: at(0), detail: {} });
    const outbox = await storage().listOutbox(s.clinicId);
    expect(outbox.map((m) => m.payload.n).sort()).toEqual([1, 2, 3]);
    expect(new Set(outbox.map((m) => m.id)).size).toBe(3);
    expect(outbox.find((m) => m.payload.n === 2)).toMatchObject({
      type: "email.test",
      status: "pending",
      attempts: 0,
      dueAt: at(2),
      nextAttemptAt: at(2),
    });
    // Rolled back with the transaction that wrote them.
    await errorOf(() =>
      storage().transaction(async (tx) => {
        await tx.appendAuditAndOutbox(s.clinicId, { audit: [entry("a4")], outbox: [message(4)] });
        throw new Error("changed my mind");
      }),
    );
    expect(await storage().listAudit(s.clinicId)).toHaveLength(3);
    expect(await storage().listOutbox(s.clinicId)).toHaveLength(3);
  });

  it("filters audit entries by visit, by client (their visits included) and by time", async () => {
    const s = await seedClinic(storage());
    const visit = await storage().insertAppointment(
      s.clinicId,
      massageAt(s, 0, 60, { clientId: s.clientId }),
    );
    const other = await storage().insertAppointment(s.clinicId, massageAt(s, 120));
    const append = (
      minutes: number,
      entityType: string,
      entityId: string,
      detail: Record<string, string> = {},
    ) =>
      storage().appendAudit(s.clinicId, {
        at: at(minutes),
        actor: "api-key:k1",
        action: `${entityType}.changed`,
        entityType,
        entityId,
        detail,
      });
    const onVisit = await append(0, "appointment", visit.id);
    const onOther = await append(1, "appointment", other.id);
    const onClient = await append(2, "client", s.clientId);
    const naming = await append(3, "invoice", "inv-1", { clientId: s.clientId });
    const session = await append(4, "package", "pkg-1", { appointmentId: visit.id });
    await append(5, "client", "someone-else");
    const list = async (query: Parameters<ReturnType<GetStorage>["listAudit"]>[1]) =>
      (await storage().listAudit(s.clinicId, query)).map((e) => e.seq);
    expect(await list({ appointmentId: visit.id })).toEqual([onVisit.seq, session.seq]);
    expect(await list({ clientId: s.clientId })).toEqual([
      onVisit.seq,
      onClient.seq,
      naming.seq,
      session.seq,
    ]);
    expect(await list({ clientId: s.clientId, from: at(2), to: at(4) })).toEqual([
      onClient.seq,
      naming.seq,
    ]);
    expect(await list({ from: at(1), to: at(2) })).toEqual([onOther.seq]);
    // Another clinic's visit with the same client id is not this client's.
    const elsewhere = await seedClinic(storage());
    expect((await storage().listAudit(elsewhere.clinicId, { clientId: s.clientId })).length).toBe(
      0,
    );
  });

  it("finds live API keys by hash across clinics; revoked keys are not found", async () => {
    const s = await seedClinic(storage());
    const hash = unique("sha256");
    const key = await storage().insertApiKey(s.clinicId, {
      id: "k1",
      name: "Front desk tablet",
      keyHash: hash,
      role: "provider",
      calendarIds: [s.p1],
    });
    expect(key).toMatchObject({ clinicId: s.clinicId, role: "provider", calendarIds: [s.p1] });
    expect(await storage().findApiKeyByHash(hash)).toEqual(key);
    expect(await storage().findApiKeyByHash(unique("other"))).toBeUndefined();

    const other = await seedClinic(storage());
    const clash = await errorOf(() =>
      storage().insertApiKey(other.clinicId, {
        id: "k9",
        name: "x",
        keyHash: hash,
        role: "manager",
        calendarIds: [],
      }),
    );
    expect(isStorageError(clash, "DUPLICATE")).toBe(true);

    expect(await storage().revokeApiKey(other.clinicId, "k1", at(0))).toBe(false);
    expect(await storage().findApiKeyByHash(hash)).toBeDefined();
    expect(await storage().revokeApiKey(s.clinicId, "k1", at(0))).toBe(true);
    expect(await storage().revokeApiKey(s.clinicId, "k1", at(1))).toBe(false);
    expect(await storage().findApiKeyByHash(hash)).toBeUndefined();
    expect(await storage().listApiKeys(s.clinicId)).toEqual([{ ...key, revokedAt: at(0) }]);
  });
}
