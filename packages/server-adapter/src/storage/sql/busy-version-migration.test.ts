// Migration 0021 adds the per-clinic busy version and its triggers: a database written before it
// keeps its visits and holds, starts every clinic at version 0, and a free-times read after it,
// kept by the process, sees the first change made after the migration.

import { describe, expect, it } from "vitest";
import { databaseBefore, oldClinicRows } from "../../../test/support/database-before.js";
import { createPgliteStorage } from "../pglite/pglite-storage.js";

const T = "2026-03-01T10:00:00Z";

describe("migration 0021: busy version", () => {
  it("keeps the busy time written before it, and a kept read sees the next write", async () => {
    const { dataDir, old } = await databaseBefore(21);
    await old.exec(`
      ${oldClinicRows(T)}
      INSERT INTO appointments (clinic_id, id, service_id, calendar_ids, start_at, end_at, status, channel, capacity, allow_overlap, extra, created_at, updated_at)
        VALUES ('c1', 'a1', 'physio', '{ana}', '2026-03-04T10:00:00Z', '2026-03-04T10:50:00Z', 'booked', 'online', 1, false, '{}', '${T}', '${T}');
      INSERT INTO holds (clinic_id, id, service_id, calendar_ids, start_at, end_at, places, expires_at, created_at)
        VALUES ('c1', 'h1', 'physio', '{ana}', '2026-03-04T12:00:00Z', '2026-03-04T12:50:00Z', 1, '2026-03-04T09:10:00Z', '${T}');
    `);
    await old.close();

    const storage = await createPgliteStorage({ dataDir });
    try {
      const query = {
        calendarIds: ["ana"],
        from: "2026-03-04T00:00:00Z",
        to: "2026-03-05T00:00:00Z",
        now: "2026-03-04T09:00:00Z",
      };
      const ids = async (now = query.now) => {
        const read = await storage.readBusyTime("c1", { ...query, now });
        return [...read.appointments.map((a) => a.id), ...read.holds.map((h) => h.id)];
      };
      expect(await ids()).toEqual(["a1", "h1"]);
      // Kept now: asked again, and after the hold's expiry, it answers as the database does.
      expect(await ids()).toEqual(["a1", "h1"]);
      expect(await ids("2026-03-04T09:30:00Z")).toEqual(["a1"]);
      await storage.updateAppointment("c1", "a1", { status: "canceled" });
      expect(await ids("2026-03-04T09:30:00Z")).toEqual([]);
    } finally {
      await storage.close();
    }
  });
});
