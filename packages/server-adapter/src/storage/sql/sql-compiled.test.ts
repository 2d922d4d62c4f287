// Compiled statements on their own, on a real PGlite: built once per shape, every value a
// placeholder (a fixed value is refused), values encoded by their column with null kept NULL,
// undefined fields left to the column's default, rows decoded as Drizzle decodes them. (That the
// storage's statements behave as before is proven by the conformance suite on all drivers.)

import { PGlite } from "@electric-sql/pglite";
import { and, eq, inArray, sql } from "drizzle-orm";
import { boolean, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  compiled,
  indexed,
  rowPlaceholders,
  rowsShape,
  rowValues,
  tableRow,
  value,
  values,
} from "./sql-compiled.js";
import type { SqlDb } from "./sql-runner.js";

const notes = pgTable("notes", {
  id: text("id").notNull(),
  at: timestamp("at", { withTimezone: true, mode: "date" }),
  data: jsonb("data").$type<Record<string, unknown>>(),
  tags: text("tags").array(),
  pinned: boolean("pinned").notNull().default(true),
  version: integer("version").notNull().default(1),
});

let client: PGlite;
let db: SqlDb;

beforeAll(async () => {
  client = new PGlite();
  db = drizzle(client) as unknown as SqlDb;
  await client.exec(`create table notes (id text not null, at timestamptz, data jsonb,
    tags text[], pinned boolean not null default true, version integer not null default 1)`);
});
afterAll(() => client.close());

type Note = typeof notes.$inferInsert;

const insert = compiled(
  (d, rows: readonly Note[]) =>
    d
      .insert(notes)
      .values(rowPlaceholders("n", notes, rows) as never)
      .returning(),
  tableRow(notes),
  (rows) => rowsShape(rows),
);

describe("compiled statements", () => {
  it("builds a shape once, runs it with each call's values and decodes the rows as Drizzle does", async () => {
    let builds = 0;
    const byIds = compiled((d, n: number) => {
      builds += 1;
      return d
        .select()
        .from(notes)
        .where(and(eq(notes.pinned, value("pinned")), inArray(notes.id, values("id", n))))
        .orderBy(notes.id);
    }, tableRow(notes));
    const at = new Date("2026-03-09T09:00:00.000Z");
    const rows: Note[] = [
      { id: "a", at, data: { x: [1, "two"] }, tags: ["p", "q"] },
      { id: "b", at: null, data: null, tags: null, pinned: false },
    ];
    await insert.run(db, rows, rowValues("n", rows));
    const first = await byIds.run(db, 2, { pinned: true, ...indexed("id", ["a", "b"]) });
    const second = await byIds.run(db, 2, { pinned: false, ...indexed("id", ["a", "b"]) });
    expect(builds).toBe(1);
    expect(first).toEqual([
      { id: "a", at, data: { x: [1, "two"] }, tags: ["p", "q"], pinned: true, version: 1 },
    ]);
    // Fetched the same way Drizzle's own builder would: the same objects.
    const built = await db.select().from(notes).where(eq(notes.id, "b"));
    expect(second).toEqual(built);
    expect(await byIds.run(db, 1, { pinned: false, ...indexed("id", ["b"]) })).toEqual(built);
    expect(builds).toBe(2);
  });

  it("keeps null NULL (not JSON null) and leaves an undefined field to the column's default", async () => {
    const rows: Note[] = [{ id: "c", at: null, data: null, pinned: undefined }];
    const [row] = await insert.run(db, rows, rowValues("n", rows));
    expect(row).toMatchObject({ id: "c", at: null, data: null, pinned: true, version: 1 });
    const raw = await client.query<{ isNull: boolean }>(
      "select data is null as \"isNull\" from notes where id = 'c'",
    );
    expect(raw.rows[0]?.isNull).toBe(true);
  });

  it("refuses a statement with a value of its own, which later calls would run with", async () => {
    const fixed = compiled(
      (d) => d.select().from(notes).where(eq(notes.id, "a")),
      tableRow(notes),
      () => "fixed",
    );
    await expect(fixed.run(db, undefined, {})).rejects.toThrow(/not a placeholder/);
    const raw = compiled(
      () => sql`select ${value("x")}::text || ${"!"}`,
      (r) => r,
    );
    await expect(raw.run(db, "x", { x: "a" })).rejects.toThrow(/not a placeholder/);
  });

  it("a missing value is a clear error, not a NULL", async () => {
    const byId = compiled(
      (d) =>
        d
          .select()
          .from(notes)
          .where(eq(notes.id, value("id"))),
      tableRow(notes),
      () => "by-id",
    );
    await expect(byId.run(db, undefined, {})).rejects.toThrow(/No value for placeholder "id"/);
  });
});
