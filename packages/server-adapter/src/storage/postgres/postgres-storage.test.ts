import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { useTestPostgres } from "../../../test/storages.js";
import { massageAt, seedClinic } from "../conformance/fixtures.js";
import { runStorageConformance } from "../conformance/index.js";
import { isStorageError } from "../errors.js";
import { createPostgresJsStorage } from "../postgres-js/postgres-js-storage.js";
import { clientSearchText } from "../sql/sql-transaction.js";
import { locatePostgres, reportMissingPostgres } from "../testing/test-postgres.js";
import { createPostgresStorage } from "./postgres-storage.js";

const found = locatePostgres();

if (found.available) {
  const fresh = useTestPostgres();

  runStorageConformance("postgres", async () =>
    createPostgresStorage({ connectionString: await fresh(), maxConnections: 20 }),
  );

  /** A fresh database with a seeded clinic: its url, a storage on it and the seed. */
  const seeded = async () => {
    const url = await fresh();
    const storage = await createPostgresStorage({ connectionString: url });
    return { url, storage, s: await seedClinic(storage) };
  };

  /** Runs `use` with a raw SQL client on the database at `url`, ended afterwards. */
  const withSql = async (url: string, use: (client: pg.Client) => Promise<void>) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await use(client);
    } finally {
      await client.end();
    }
  };

  /** The error a raw statement fails with, or `undefined` when it succeeds. */
  const refusal = (client: pg.Client, statement: string, params: unknown[]) =>
    client
      .query(statement, params)
      .then(() => undefined)
      .catch((e: { code?: string; constraint?: string }) => e);

  /** A 50.00 EUR cash payment `pay-1` of `clientId` on `case-1`. */
  const cashOnCase = (clientId: string, more: { invoiceId?: string } = {}) => ({
    id: "pay-1",
    kind: "payment" as const,
    clientId,
    caseId: "case-1",
    method: "cash" as const,
    amount: { amount: 5000, currency: "EUR" },
    at: "2030-03-04T10:00:00Z",
    ...more,
  });

  /** Two storages on one fresh database, as two processes would open it. */
  const twoProcesses = async () => {
    const url = await fresh();
    return Promise.all([
      createPostgresStorage({ connectionString: url }),
      createPostgresStorage({ connectionString: url }),
    ]);
  };

  describe("postgres storage", () => {
    it("two storages (two 'processes') migrating one database at once both work and agree", async () => {
      const [a, b] = await twoProcesses();
      try {
        const s = await seedClinic(a);
        const outcomes = await Promise.allSettled(
          Array.from({ length: 40 }, (_, i) =>
            (i % 2 === 0 ? a : b).insertAppointment(s.clinicId, massageAt(s, 0)),
          ),
        );
        expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
        const rejected = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason] : []));
        expect(rejected.every((e) => isStorageError(e, "SLOT_TAKEN"))).toBe(true);
        expect(await b.listAppointments(s.clinicId)).toHaveLength(1);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it("claimDueOutbox skips rows another process holds instead of waiting for it", async () => {
      const [a, b] = await twoProcesses();
      try {
        const s = await seedClinic(a);
        for (let i = 0; i < 6; i += 1) {
          await a.enqueueOutbox(s.clinicId, {
            id: `m${i}`,
            type: "email.x",
            payload: {},
            dueAt: "2030-01-01T00:00:00Z",
          });
        }
        let release: () => void = () => undefined;
        const released = new Promise<void>((resolve) => {
          release = resolve;
        });
        let claimedByA: string[] = [];
        const holding = a.transaction(async (tx) => {
          claimedByA = (await tx.claimDueOutbox({ now: "2030-01-01T00:00:00Z", limit: 2 })).map(
            (r) => r.id,
          );
          await released; // keep the row locks while b claims
        });
        while (claimedByA.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        const started = Date.now();
        const claimedByB = (await b.claimDueOutbox({ now: "2030-01-01T00:00:00Z", limit: 10 })).map(
          (r) => r.id,
        );
        const waitedMs = Date.now() - started;
        release();
        await holding;
        expect(claimedByA).toEqual(["m0", "m1"]);
        expect(claimedByB).toEqual(["m2", "m3", "m4", "m5"]);
        expect(waitedMs).toBeLessThan(5_000);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it("regression: a statement still queued when the transaction fails runs before the rollback, not after it (pg warned 'already executing a query', and the write could autocommit)", async () => {
      const storage = await createPostgresStorage({ connectionString: await fresh() });
      const warnings: string[] = [];
      const onWarning = (warning: Error) => warnings.push(warning.message);
      process.on("warning", onWarning);
      try {
        const s = await seedClinic(storage);
        await storage.insertAppointment(s.clinicId, massageAt(s, 0));
        for (let round = 0; round < 10; round += 1) {
          const failed = await storage
            .transaction((tx) =>
              Promise.all([
                tx.insertAppointment(s.clinicId, massageAt(s, 0)), // SLOT_TAKEN
                tx.putClient(s.clinicId, { id: `late-${round}`, name: "Queued after the failure" }),
              ]),
            )
            .then(() => undefined)
            .catch((error: unknown) => error);
          expect(isStorageError(failed, "SLOT_TAKEN")).toBe(true);
        }
        const clients = await storage.listClients(s.clinicId);
        expect(clients.filter((c) => c.id.startsWith("late-"))).toEqual([]);
        await new Promise((resolve) => setImmediate(resolve));
        expect(warnings.filter((w) => w.includes("already executing a query"))).toEqual([]);
      } finally {
        process.off("warning", onWarning);
        await storage.close();
      }
    });

    it.each([
      ["node-postgres", createPostgresStorage],
      ["postgres.js", createPostgresJsStorage],
    ] as const)(
      "statementTimeoutMs on %s: a statement that waits for a lock longer answers UNAVAILABLE, and the next one works",
      async (_driver, create) => {
        const url = await fresh();
        const storage = await create({
          connectionString: url,
          statementTimeoutMs: 300,
        });
        const locker = new pg.Client({ connectionString: url });
        await locker.connect();
        try {
          const s = await seedClinic(storage);
          await locker.query("begin");
          await locker.query("select id from calendars where clinic_id = $1 for update", [
            s.clinicId,
          ]);
          const started = Date.now();
          const timedOut = await storage
            .transaction((tx) => tx.lockCalendars(s.clinicId, [s.p1]))
            .then(() => undefined)
            .catch((e: unknown) => e);
          expect(isStorageError(timedOut, "UNAVAILABLE"), String(timedOut)).toBe(true);
          expect(Date.now() - started).toBeLessThan(5_000);
          await locker.query("rollback");
          const locked = await storage.transaction((tx) => tx.lockCalendars(s.clinicId, [s.p1]));
          expect(locked.map((c) => c.id)).toEqual([s.p1]);
        } finally {
          await locker.end();
          await storage.close();
        }
      },
    );

    it("the client search is served by its trigram indexes on a clinic with many patients", async () => {
      const { url, storage, s } = await seeded();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(
          `insert into clients (clinic_id, id, name, email_normalized, phone_normalized, extra, created_at, updated_at)
           select $1, 'c' || n, 'Patient ' || n, 'p' || n || '@example.com', '351912' || lpad(n::text, 6, '0'), '{}', now(), now()
           from generate_series(1, 20000) as n`,
          [s.clinicId],
        );
        await storage.putClient(s.clinicId, { id: "maria", name: "Maria Santos", notes: "Knee" });
        // As autovacuum would: the GIN pending list of the bulk insert merged, statistics taken.
        await client.query("vacuum analyze clients");
        expect(
          (await storage.listClients(s.clinicId, { search: "santos", limit: 20 })).map((c) => c.id),
        ).toEqual(["maria"]);
        expect(
          (await storage.listClients(s.clinicId, { search: "p19999@", limit: 20 })).map(
            (c) => c.id,
          ),
        ).toEqual(["c19999"]);
        // A field boundary is never matched across ("santos" + "knee").
        expect(await storage.listClients(s.clinicId, { search: "santosknee" })).toEqual([]);
        // The plan of the storage's own search expression, as the storage filters and orders.
        const query = new PgDialect().sqlToQuery(
          sql`explain select id from clients where clinic_id = ${s.clinicId} and (${clientSearchText} like ${"%santos%"} or phone_normalized like ${"%555000%"}) order by id limit 21`,
        );
        const plan = (await client.query(query.sql, query.params)).rows
          .map((r: Record<string, string>) => Object.values(r)[0])
          .join("\n");
        expect(plan, plan).toContain("clients_search_trgm_idx");
        expect(plan, plan).toContain("clients_phone_trgm_idx");
      } finally {
        await client.end();
        await storage.close();
      }
    });

    it("a merge may re-file issued documents, payments and settled charges under another client, and change nothing else", async () => {
      const { url, storage, s } = await seeded();
      await storage.putClient(s.clinicId, { id: "dup", name: "Ana (again)" });
      await storage.putCase(s.clinicId, { id: "case-1", clientId: "dup", title: "Back" });
      await storage.insertPayment(s.clinicId, cashOnCase("dup"));
      await storage.close();
      await withSql(url, async (client) => {
        const both = await refusal(
          client,
          "update payments set client_id = $2, amount = 1 where clinic_id = $1",
          [s.clinicId, s.clientId],
        );
        expect(both).toMatchObject({ code: "BW001" });
        await client.query("update payments set client_id = $2 where clinic_id = $1", [
          s.clinicId,
          s.clientId,
        ]);
      });
    });

    it("issued documents, payments and settled charges cannot be changed by raw SQL either", async () => {
      const { url, storage, s } = await seeded();
      await storage.putCase(s.clinicId, { id: "case-1", clientId: s.clientId, title: "Back" });
      await storage.insertBillingDocument(s.clinicId, {
        kind: "invoice",
        id: "inv-1",
        series: "invoice:2030",
        sequence: 1,
        number: "INV 2030/00001",
        caseId: "case-1",
        clientId: s.clientId,
        issuedAt: "2030-03-04T10:00:00Z",
        snapshot: { total: 5000 },
      });
      await storage.insertCharge(s.clinicId, {
        id: "ch-1",
        caseId: "case-1",
        clientId: s.clientId,
        description: "Massage",
        unitPrice: { amount: 5000, currency: "EUR" },
        quantity: 1,
        taxRateBp: 0,
        priceIncludesTax: true,
        billingProviderId: s.p1,
        status: "invoiced",
        invoiceId: "inv-1",
        source: "manual",
        chargedAt: "2030-03-04T10:00:00Z",
      });
      await storage.insertPayment(s.clinicId, cashOnCase(s.clientId, { invoiceId: "inv-1" }));
      await storage.close();
      await withSql(url, async (client) => {
        for (const statement of [
          "update billing_documents set snapshot = '{}' where clinic_id = $1",
          "update payments set amount = 1 where clinic_id = $1",
          "update charges set unit_amount = 1 where clinic_id = $1",
        ]) {
          const error = await refusal(client, statement, [s.clinicId]);
          expect(error, statement).toMatchObject({ code: "BW001" });
        }
      });
    });

    it("the exclusion constraint is in the database: raw SQL cannot create an overlap either", async () => {
      const { url, storage, s } = await seeded();
      await storage.insertAppointment(s.clinicId, massageAt(s, 0, 60, { allowOverlap: true }));
      await storage.insertAppointment(s.clinicId, massageAt(s, 30, 60, { allowOverlap: true }));
      await storage.close();
      await withSql(url, async (client) => {
        const error = await client
          .query(
            "update appointment_calendar_slots set allow_overlap = false where clinic_id = $1",
            [s.clinicId],
          )
          .then(() => undefined)
          .catch((e: { code?: string; constraint?: string }) => e);
        expect(error).toMatchObject({
          code: "23P01",
          constraint: "appointment_calendar_slots_no_overlap",
        });
        const { rows } = await client.query(
          "select count(*)::int as n from appointment_calendar_slots where clinic_id = $1 and allow_overlap",
          [s.clinicId],
        );
        expect(rows[0]).toEqual({ n: 2 });
      });
    });
  });
} else {
  describe("postgres storage", () => {
    it("needs PostgreSQL (set BOOKWELL_ALLOW_NO_POSTGRES=1 only where it cannot be had)", () => {
      expect(() => reportMissingPostgres(found.reason)).not.toThrow();
    });
  });
}
