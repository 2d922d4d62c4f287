import { describe, expect, it } from "vitest";
import { toBookwellError } from "../errors.js";
import { isStorageError, StorageError } from "./errors.js";
import { isPgConnectionFailure } from "./postgres/postgres-storage.js";
import { isPostgresJsConnectionFailure } from "./postgres-js/postgres-js-storage.js";
import { mapDatabaseError } from "./sql/sql-transaction.js";
import { databaseUnavailable } from "./unavailable.js";

/** An error as Drizzle wraps the driver's: "Failed query" with the driver's error as the cause. */
const wrapped = (cause: object) => Object.assign(new Error("Failed query"), { cause });
const pgError = (code: string, message = code) => Object.assign(new Error(message), { code });

describe("a database that cannot answer now is UNAVAILABLE (503), not a 500", () => {
  it("maps the SQLSTATEs of a stopped, restarting, overloaded or timed-out database", () => {
    for (const code of [
      "57P01", // terminating connection due to administrator command (restart, pg_terminate_backend)
      "57P02", // crash shutdown
      "57P03", // the database system is starting up / shutting down
      "57014", // canceling statement due to statement timeout
      "53300", // sorry, too many clients already
      "53100", // disk full
      "08006", // connection failure
      "58030", // I/O error
      "25P03", // idle-in-transaction timeout
      "55P03", // lock_timeout
    ]) {
      const mapped = mapDatabaseError(wrapped(pgError(code)));
      expect(isStorageError(mapped, "UNAVAILABLE"), code).toBe(true);
    }
  });

  it("maps Node's network errors, also inside an AggregateError (IPv4 and IPv6 refused)", () => {
    const refused = pgError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432");
    expect(isStorageError(mapDatabaseError(refused), "UNAVAILABLE")).toBe(true);
    const both = new AggregateError([refused, pgError("ECONNREFUSED", "connect ::1:5432")]);
    expect(isStorageError(mapDatabaseError(both), "UNAVAILABLE")).toBe(true);
    expect(isStorageError(mapDatabaseError(pgError("ECONNRESET")), "UNAVAILABLE")).toBe(true);
  });

  it("leaves request errors, bugs and code-less errors alone unless the driver recognises them", () => {
    expect(isStorageError(mapDatabaseError(wrapped(pgError("23P01"))), "SLOT_TAKEN")).toBe(true);
    expect(mapDatabaseError(wrapped(pgError("42P01")))).not.toBeInstanceOf(StorageError);
    const lost = new Error("Connection terminated unexpectedly");
    expect(databaseUnavailable(lost)).toBeUndefined();
    expect(databaseUnavailable(wrapped(lost), isPgConnectionFailure)?.code).toBe("UNAVAILABLE");
    for (const message of [
      "Connection terminated unexpectedly",
      "Connection terminated due to connection timeout",
      "timeout exceeded when trying to connect",
      "Client has encountered a connection error and is not queryable",
    ]) {
      expect(isPgConnectionFailure(new Error(message)), message).toBe(true);
    }
    expect(isPgConnectionFailure(new Error("syntax error at or near"))).toBe(false);
    const closed = Object.assign(new Error("write CONNECTION_CLOSED 127.0.0.1:5432"), {
      code: "CONNECTION_CLOSED",
    });
    expect(databaseUnavailable(closed)).toBeUndefined();
    expect(databaseUnavailable(closed, isPostgresJsConnectionFailure)?.code).toBe("UNAVAILABLE");
    expect(isPostgresJsConnectionFailure(Object.assign(new Error("x"), { code: "42P01" }))).toBe(
      false,
    );
  });

  it("answers 503 UNAVAILABLE with Retry-After and no detail of the database", () => {
    const down = databaseUnavailable(pgError("57P01", "terminating connection"));
    const problem = toBookwellError(down);
    expect(problem.status).toBe(503);
    expect(problem.code).toBe("UNAVAILABLE");
    expect(problem.headers["Retry-After"]).toBe("2");
    expect(JSON.stringify(problem.toProblem())).not.toContain("terminating");
  });
});
