// Migration 0009 adds team members: every provider calendar stored before it becomes one member
// (same id, its name, disciplines and active flag) and names it; rooms and equipment stay alone.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { calendarSchema } from "@bookwell/engine";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, describe, expect, it } from "vitest";
import { createPgliteStorage } from "../pglite/pglite-storage.js";
import { findMigrationsFolder } from "./sql-storage.js";

const work = mkdtempSync(join(tmpdir(), "bookwell-team-members-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the migrations as they were before 0009. */
function migrationsBefore0009(): string {
  const folder = join(work, "migrations-0008");
  cpSync(findMigrationsFolder(), folder, { recursive: true });
  const journalPath = join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= 8);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

const T = "2026-03-01T10:00:00Z";

describe("migration 0009: team members", () => {
  it("turns each provider calendar into one member that owns it; rooms keep no member", async () => {
    const dataDir = join(work, "db");
    const old = await PGlite.create({ dataDir, extensions: { btree_gist } });
    await migrate(drizzle({ client: old }), { migrationsFolder: migrationsBefore0009() });
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
