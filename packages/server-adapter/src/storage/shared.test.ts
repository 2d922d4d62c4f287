import { afterEach, describe, expect, it } from "vitest";
import { isStorageError, StorageError } from "./errors.js";
import { Mutex, outboxBackoffMs, sortedUnique, TransactionGuard, toIso } from "./shared.js";
import { mapDatabaseError } from "./sql/sql-transaction.js";
import { reportMissingPostgres } from "./testing/test-postgres.js";

describe("storage helpers", () => {
  it("normalizes instants to UTC ISO strings and refuses non-instants", () => {
    expect(toIso("2026-03-09T09:30:00-04:00")).toBe("2026-03-09T13:30:00.000Z");
    expect(toIso(new Date(0))).toBe("1970-01-01T00:00:00.000Z");
    expect(toIso(86_400_000)).toBe("1970-01-02T00:00:00.000Z");
    expect(() => toIso("next tuesday")).toThrow(TypeError);
  });

  it("backs off 30 s, doubling, capped at one hour", () => {
    expect([1, 2, 3, 4].map(outboxBackoffMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(outboxBackoffMs(50)).toBe(3_600_000);
    expect(outboxBackoffMs(0)).toBe(30_000);
  });

  it("sorts and de-duplicates lock ids", () => {
    expect(sortedUnique(["room", "p2", "p1", "p2"])).toEqual(["p1", "p2", "room"]);
  });

  it("the mutex runs tasks one at a time in call order, even after a failure", async () => {
    const mutex = new Mutex();
    const log: string[] = [];
    const task = (name: string, fail = false) =>
      mutex.run(async () => {
        log.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 2));
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([task("a"), task("b", true), task("c")]);
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });

  it("the guard refuses calls from inside a transaction callback only", async () => {
    const guard = new TransactionGuard();
    expect(() => guard.assertOutside()).not.toThrow();
    const error = await guard
      .inside(async () => guard.assertOutside())
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(isStorageError(error, "NESTED_TRANSACTION")).toBe(true);
  });

  it("maps PostgreSQL error codes under Drizzle's wrapper to storage codes", () => {
    const wrapped = (code: string) => ({ message: "Failed query", cause: { code, message: code } });
    const cases: [string, string][] = [
      ["23P01", "SLOT_TAKEN"],
      ["23505", "DUPLICATE"],
      ["23503", "INVALID_REFERENCE"],
      ["23514", "INVALID_VALUE"],
      ["40P01", "TRANSACTION_CONFLICT"],
      ["40001", "TRANSACTION_CONFLICT"],
    ];
    for (const [pg, code] of cases) {
      const mapped = mapDatabaseError(wrapped(pg));
      expect(mapped instanceof StorageError && mapped.code).toBe(code);
    }
    const other = new Error("connection refused");
    expect(mapDatabaseError(other)).toBe(other);
    expect(mapDatabaseError(wrapped("42P01"))).toEqual(wrapped("42P01"));
  });
});

describe("reportMissingPostgres", () => {
  const saved = process.env.BOOKWELL_ALLOW_NO_POSTGRES;
  afterEach(() => {
    if (saved === undefined) delete process.env.BOOKWELL_ALLOW_NO_POSTGRES;
    else process.env.BOOKWELL_ALLOW_NO_POSTGRES = saved;
  });

  it("fails unless BOOKWELL_ALLOW_NO_POSTGRES=1", () => {
    delete process.env.BOOKWELL_ALLOW_NO_POSTGRES;
    expect(() => reportMissingPostgres("no initdb")).toThrow(/PostgreSQL is required/);
    process.env.BOOKWELL_ALLOW_NO_POSTGRES = "1";
    expect(() => reportMissingPostgres("no initdb")).not.toThrow();
  });
});
