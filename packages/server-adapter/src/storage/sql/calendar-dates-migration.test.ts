// Migration 0007 drops the calendar dates outside the years 1970–2199 that calendar bodies took
// before the engine's `dateSchema` had a range: the engine reads every stored calendar again, and
// no schedule changes (such a date never touched a bookable day).

import { calendarSchema } from "@bookwell/engine";
import { describe, expect, it } from "vitest";
import { databaseBefore } from "../../../test/support/database-before.js";
import { createPgliteStorage } from "../pglite/pglite-storage.js";

const T = "2026-03-01T10:00:00Z";

describe("migration 0007: calendar dates in range", () => {
  it("regression: an override dated 9999-01-01 was stored; the migration drops it and open-ended shift dates, keeping the rest in order", async () => {
    const { dataDir, old } = await databaseBefore(7);
    const ana = {
      id: "ana",
      kind: "provider",
      name: "Ana",
      locationId: "loc",
      disciplines: ["physio"],
      timeZone: "Europe/Lisbon",
      weekly: [
        {
          weekday: 1,
          start: "09:00",
          end: "13:00",
          validFrom: "0001-01-01",
          validUntil: "9999-12-31",
        },
        {
          weekday: 2,
          start: "09:00",
          end: "13:00",
          validFrom: "2026-01-01",
          validUntil: "9999-12-31",
        },
        { weekday: 3, start: "09:00", end: "13:00", validFrom: "2026-01-01" },
      ],
      overrides: [
        { type: "closed", date: "2026-03-10" },
        { type: "closed", date: "9999-01-01" },
        { type: "extra", date: "0001-01-01", hours: [{ start: "09:00", end: "10:00" }] },
        { type: "closed", date: "2026-03-12" },
      ],
    };
    const bruno = { ...ana, id: "bruno", weekly: [], overrides: [] };
    await old.query(
      `INSERT INTO clinics (id, name, time_zone, locale, currency, allowed_origins, created_at, updated_at)
         VALUES ('c1', 'Clinic', 'Europe/Lisbon', 'pt-PT', 'EUR', '[]', $1, $1)`,
      [T],
    );
    for (const calendar of [ana, bruno]) {
      await old.query(
        `INSERT INTO calendars (clinic_id, id, kind, location_id, active, data, created_at, updated_at)
           VALUES ('c1', $1, 'provider', 'loc', true, $2, $3, $3)`,
        [calendar.id, JSON.stringify(calendar), T],
      );
    }
    await old.close();

    const storage = await createPgliteStorage({ dataDir });
    try {
      const migrated = await storage.getCalendar("c1", "ana");
      expect(migrated?.overrides).toEqual([
        { type: "closed", date: "2026-03-10" },
        { type: "closed", date: "2026-03-12" },
      ]);
      expect(migrated?.weekly).toEqual([
        { weekday: 1, start: "09:00", end: "13:00" },
        { weekday: 2, start: "09:00", end: "13:00", validFrom: "2026-01-01" },
        { weekday: 3, start: "09:00", end: "13:00", validFrom: "2026-01-01" },
      ]);
      // The engine reads it again; the calendar without such dates is untouched.
      expect(calendarSchema.safeParse(migrated).success).toBe(true);
      expect((await storage.getCalendar("c1", "bruno"))?.version).toBe(1);
      expect(calendarSchema.safeParse({ ...ana, weekly: [] }).success).toBe(false);
    } finally {
      await storage.close();
    }
  });
});
