// Migration 0009 adds team members: every provider calendar stored before it becomes one member
// (same id, its name, disciplines and active flag) and names it; rooms and equipment stay alone.

import { calendarSchema } from "@bookwell/engine";
import { describe, expect, it } from "vitest";
import { databaseBefore } from "../../../test/support/database-before.js";
import { createPgliteStorage } from "../pglite/pglite-storage.js";

const T = "2026-03-01T10:00:00Z";

describe("migration 0009: team members", () => {
  it("turns each provider calendar into one member that owns it; rooms keep no member", async () => {
    const { dataDir, old } = await databaseBefore(9);
    const base = { locationId: "loc", timeZone: "Europe/Lisbon", weekly: [] };
    const rows = [
      { ...base, id: "ana", kind: "provider", name: "Ana Silva", disciplines: ["physio"] },
      { ...base, id: "bruno", kind: "provider", name: "", disciplines: [], active: false },
      { ...base, id: "room-1", kind: "room", name: "Room 1", resourceKind: "treatment-room" },
    ];
    await old.query(
      `INSERT INTO clinics (id, name, time_zone, locale, currency, allowed_origins, created_at, updated_at)
         VALUES ('c1', 'Clinic', 'Europe/Lisbon', 'pt-PT', 'EUR', '[]', $1, $1)`,
      [T],
    );
    for (const calendar of rows) {
      await old.query(
        `INSERT INTO calendars (clinic_id, id, kind, location_id, active, data, created_at, updated_at)
           VALUES ('c1', $1, $2, 'loc', $3, $4, $5, $5)`,
        [
          calendar.id,
          calendar.kind,
          "active" in calendar ? calendar.active : true,
          JSON.stringify(calendar),
          T,
        ],
      );
    }
    await old.close();

    const storage = await createPgliteStorage({ dataDir });
    try {
      const members = await storage.listMembers("c1");
      expect(members.map((m) => [m.id, m.name, m.disciplines, m.active, m.limits])).toEqual([
        ["ana", "Ana Silva", ["physio"], true, []],
        ["bruno", "bruno", [], false, []],
      ]);
      const ana = await storage.getCalendar("c1", "ana");
      expect(ana?.memberId).toBe("ana");
      expect(calendarSchema.safeParse(ana).success).toBe(true);
      expect((await storage.getCalendar("c1", "bruno"))?.memberId).toBe("bruno");
      expect((await storage.getCalendar("c1", "room-1"))?.memberId).toBeUndefined();
      expect(await storage.getTravel("c1")).toEqual({ defaultMinutes: 0, pairs: [] });
    } finally {
      await storage.close();
    }
  });
});
