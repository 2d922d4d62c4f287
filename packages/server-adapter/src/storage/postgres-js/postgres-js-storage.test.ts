import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { useTestPostgres } from "../../../test/storages.js";
import { errorOf, massageAt, seedClinic } from "../conformance/fixtures.js";
import { runStorageConformance } from "../conformance/index.js";
import { isStorageError, type StorageError } from "../errors.js";
import { createPostgresStorage } from "../postgres/postgres-storage.js";
import type { Storage } from "../storage.js";
import { locatePostgres, reportMissingPostgres } from "../testing/test-postgres.js";
import { createPostgresJsStorage } from "./postgres-js-storage.js";

const found = locatePostgres();

if (found.available) {
  const fresh = useTestPostgres();

  runStorageConformance("postgres.js", async () =>
    createPostgresJsStorage({ connectionString: await fresh(), maxConnections: 20 }),
  );

  describe("postgres.js storage", () => {
    it("two processes, one on postgres.js and one on node-postgres, migrating one database at once both work and agree", async () => {
      const url = await fresh();
      const [a, b, c] = await Promise.all([
        createPostgresJsStorage({ connectionString: url }),
        createPostgresJsStorage({ connectionString: url }),
        createPostgresStorage({ connectionString: url }),
      ]);
      try {
        const s = await seedClinic(a);
        const storages = [a, b, c];
        const outcomes = await Promise.allSettled(
          Array.from({ length: 60 }, (_, i) =>
            (storages[i % 3] as Storage).insertAppointment(s.clinicId, massageAt(s, 0)),
          ),
        );
        expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
        const rejected = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason] : []));
        expect(rejected.every((e) => isStorageError(e, "SLOT_TAKEN"))).toBe(true);
        expect(await b.listAppointments(s.clinicId)).toHaveLength(1);
        expect(await c.listAppointments(s.clinicId)).toHaveLength(1);
      } finally {
        await Promise.all([a.close(), b.close(), c.close()]);
      }
    });

    it("database errors become the same StorageError codes and details as on node-postgres", async () => {
      const url = await fresh();
      const js = await createPostgresJsStorage({ connectionString: url });
      const pg = await createPostgresStorage({ connectionString: url });
      try {
        const s = await seedClinic(js);
        const taken = massageAt(s, 0);
        await js.insertAppointment(s.clinicId, taken);
        const cases: [string, (storage: Storage) => Promise<unknown>][] = [
          ["overlap", (storage) => storage.insertAppointment(s.clinicId, massageAt(s, 30))],
          [
            "overlap in a transaction",
            (storage) =>
              storage.transaction(async (tx) => {
                await tx.lockCalendars(s.clinicId, [s.p1]);
                await tx.lockKey(s.clinicId, "booking");
                await tx.insertAppointment(s.clinicId, massageAt(s, 15));
              }),
          ],
          [
            "same id",
            (storage) =>
              storage.insertAppointment(s.clinicId, { ...massageAt(s, 600), id: taken.id }),
          ],
          [
            "unknown service",
            (storage) =>
              storage.insertAppointment(s.clinicId, massageAt(s, 900, 60, { serviceId: "nope" })),
          ],
        ];
        for (const [what, run] of cases) {
          const [onJs, onPg] = [
            (await errorOf(() => run(js))) as StorageError,
            (await errorOf(() => run(pg))) as StorageError,
          ];
          expect(isStorageError(onJs), `${what}: ${String(onJs)}`).toBe(true);
          expect({ code: onJs.code, detail: onJs.detail }, what).toEqual({
            code: onPg.code,
            detail: onPg.detail,
          });
        }
        const overlap = await errorOf(() => js.insertAppointment(s.clinicId, massageAt(s, 30)));
        expect(overlap).toMatchObject({
          code: "SLOT_TAKEN",
          detail: { constraint: "appointment_calendar_slots_no_overlap" },
        });
        // A failed write inside a transaction undoes only itself (a postgres.js savepoint).
        const kept = await js.transaction(async (tx) => {
          const first = await errorOf(() => tx.insertAppointment(s.clinicId, massageAt(s, 45)));
          expect(isStorageError(first, "SLOT_TAKEN")).toBe(true);
          return tx.insertAppointment(s.clinicId, massageAt(s, 60, 60, { calendarIds: [s.p2] }));
        });
        expect((await pg.getAppointment(s.clinicId, kept.id))?.id).toBe(kept.id);
      } finally {
        await Promise.all([js.close(), pg.close()]);
      }
    });

    it("a client you pass stays open on close(), also with a single connection", async () => {
      const url = await fresh();
      const sql = postgres(url, { max: 1, onnotice: () => undefined });
      try {
        const storage = await createPostgresJsStorage({ sql });
        const s = await seedClinic(storage);
        await storage.transaction(async (tx) => {
          await tx.lockCalendars(s.clinicId, [s.p1]);
          await tx.insertAppointment(s.clinicId, massageAt(s, 0));
        });
        await storage.close();
        const [row] = await sql`select count(*)::int as n from appointments`;
        expect(row).toEqual({ n: 1 });
        // Migrating again through the same client finds nothing to do.
        const again = await createPostgresJsStorage({ sql });
        expect(await again.listAppointments(s.clinicId)).toHaveLength(1);
        await again.close();
      } finally {
        await sql.end();
      }
    });

    it("needs a connection string or a client", async () => {
      await expect(createPostgresJsStorage({})).rejects.toThrow(TypeError);
    });
  });
} else {
  describe("postgres.js storage", () => {
    it("needs PostgreSQL (set BOOKWELL_ALLOW_NO_POSTGRES=1 only where it cannot be had)", () => {
      expect(() => reportMissingPostgres(found.reason)).not.toThrow();
    });
  });
}
