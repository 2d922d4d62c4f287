// Migration 0006 moves what the product read from the untyped `extra` JSON of appointments and
// clients into typed columns: a database written before it keeps every value, now typed, and a
// value of the wrong JSON type is dropped rather than half-copied.

import { describe, expect, it } from "vitest";
import { databaseBefore, oldClinicRows } from "../../../test/support/database-before.js";
import { createPgliteStorage } from "../pglite/pglite-storage.js";

const T = "2026-03-01T10:00:00Z";

describe("migration 0006: typed visit and client details", () => {
  it("moves contact, price, locale, links, deadline, cancellation and message choices out of extra", async () => {
    const { dataDir, old } = await databaseBefore(6);
    await old.exec(`
      ${oldClinicRows(T)}
      INSERT INTO clients (clinic_id, id, name, extra, created_at, updated_at)
        VALUES ('c1', 'maria', 'Maria', '{"address":"Rua 1","notes":"mornings","locale":"es-ES","dob":"1990-01-01"}', '${T}', '${T}');
      INSERT INTO appointments (clinic_id, id, service_id, calendar_ids, start_at, end_at, status, channel, client_id, capacity, allow_overlap, extra, created_at, updated_at)
      VALUES
        ('c1', 'a1', 'physio', '{ana}', '2026-03-04T10:00:00Z', '2026-03-04T10:50:00Z', 'rebooked', 'online', 'maria', 1, false,
         '{"contact":{"name":"Maria","email":"maria@example.com","phone":"+351 912"},"price":{"amount":4500,"currency":"EUR"},"locale":"es-ES","patientMessage":"back pain","providerChoice":"any","rebookedTo":"a2","rebookedAt":"2026-03-02T09:00:00.000Z","holdId":"hold_1","notifications":{"send":true,"reminderOffsetsMinutes":[1440,60],"channels":["email"]},"custom":"kept"}',
         '${T}', '${T}'),
        ('c1', 'a2', 'physio', '{}', '2026-03-05T10:00:00Z', '2026-03-05T10:50:00Z', 'canceled', 'online', 'maria', 1, false,
         '{"rebookedFrom":"a1","copiedFrom":"a0","freeCancellationUntil":"2026-03-03T10:00:00.000Z","cancellation":{"at":"2026-03-04T08:00:00.000Z","by":"patient:manage-link","late":true,"fee":{"amount":2250,"currency":"EUR"},"reason":"ill"}}',
         '${T}', '${T}'),
        ('c1', 'a3', 'physio', '{}', '2026-03-06T10:00:00Z', '2026-03-06T10:50:00Z', 'booked', 'staff', NULL, 1, false,
         '{"price":{"amount":"45.00","currency":"EUR"},"locale":7,"contact":"not an object","cancellation":{"at":"2026-03-04T08:00:00.000Z","by":"x","late":false,"fee":null}}',
         '${T}', '${T}');
    `);
    await old.close();

    const storage = await createPgliteStorage({ dataDir });
    try {
      const a1 = await storage.getAppointment("c1", "a1");
      expect(a1).toMatchObject({
        contact: { name: "Maria", email: "maria@example.com", phone: "+351 912" },
        price: { amount: 4500, currency: "EUR" },
        locale: "es-ES",
        patientMessage: "back pain",
        anyProvider: true,
        rebookedToId: "a2",
        rebookedAt: "2026-03-02T09:00:00.000Z",
        holdId: "hold_1",
        messagePrefs: { send: true, reminderOffsetsMinutes: [1440, 60], channels: ["email"] },
        extra: { custom: "kept" },
      });
      const a2 = await storage.getAppointment("c1", "a2");
      expect(a2).toMatchObject({
        rebookedFromId: "a1",
        copiedFromId: "a0",
        freeCancellationUntil: "2026-03-03T10:00:00.000Z",
        cancellation: {
          at: "2026-03-04T08:00:00.000Z",
          by: "patient:manage-link",
          late: true,
          fee: { amount: 2250, currency: "EUR" },
          reason: "ill",
        },
        extra: {},
      });
      // Values of the wrong type are left out, never half-copied; the rest still moves.
      const a3 = await storage.getAppointment("c1", "a3");
      expect(a3?.price).toBeUndefined();
      expect(a3?.locale).toBeUndefined();
      expect(a3?.contact).toBeUndefined();
      expect(a3?.cancellation).toEqual({
        at: "2026-03-04T08:00:00.000Z",
        by: "x",
        late: false,
        fee: null,
      });
      expect(a3?.extra).toEqual({});
      const maria = await storage.getClient("c1", "maria");
      expect(maria).toMatchObject({
        address: "Rua 1",
        notes: "mornings",
        locale: "es-ES",
        extra: { dob: "1990-01-01" },
      });
      // The typed fields round-trip, and a patch clears one with null.
      const cleared = await storage.updateAppointment("c1", "a1", {
        contact: null,
        messagePrefs: { send: false },
      });
      expect(cleared.contact).toBeUndefined();
      expect(cleared.messagePrefs).toEqual({ send: false });
      expect(cleared.price).toEqual({ amount: 4500, currency: "EUR" });
    } finally {
      await storage.close();
    }
  });
});
