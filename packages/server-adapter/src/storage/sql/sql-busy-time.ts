// The busy-time statement (`readBusyTime`): busy appointments, live holds and the clinic's catalog
// and busy versions in one SELECT. Outside a transaction (every free-times request) it runs as a
// statement prepared once per connection, so PostgreSQL parses and plans it once, not on every
// request; in a transaction (a booking's check) it runs on the transaction's connection (prepared
// there too by the driver's transaction path, decision 0034). Both run the one text this module
// defines, with the same driver values, built once. The versions statement
// (`readVersions`) is what a free-times request asks when its busy time is kept
// (sql-busy-cache.ts).

import { type Column, fillPlaceholders, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { toDate } from "../shared.js";
import type { BusyTimeQuery } from "../storage.js";
import { appointments, busyVersions, catalogVersions, holds } from "./schema.js";
import { byText } from "./sql-statements.js";

/**
 * Runs a statement that the driver prepares once per connection under `name` and reuses after,
 * outside any transaction, and answers each row's fields as text, in column order. PGlite and
 * node-postgres bring one (`pgliteNamedStatements`, and a named query in `createPostgresStorage`).
 */
export type NamedStatements = (
  name: string,
  text: string,
  values: readonly string[],
) => Promise<(string | null)[][]>;

/** The statement's parameters, as the driver receives them. */
type BusyValues = Record<"clinicId" | "ids" | "from" | "to" | "now" | "keys", string>;

/** Statuses of visits that hold no time (busy-time reads leave them out). */
export const RELEASING = ["canceled", "rebooked", "no_show"] as const;

const ms = (column: Column) => sql`round(extract(epoch from ${column}) * 1000)`;

/** The clinic's busy version (0 without a row) as text. */
const busyVersionSql = (clinicId: SQLWrapper): SQL =>
  sql`coalesce((select ${busyVersions.version} from ${busyVersions}
      where ${busyVersions.clinicId} = ${clinicId}), 0)::text`;

/** The one text of the statement, with each parameter given by `p` (a value or a placeholder). */
function busyTimeSql(p: (name: keyof BusyValues) => SQLWrapper): SQL {
  const releasing = sql.join(
    RELEASING.map((s) => sql`${s}`),
    sql`, `,
  );
  // One SELECT is one snapshot (READ COMMITTED included): no BEGIN / COMMIT round trips. The
  // lists come back as JSON text, so every driver hands over the same thing.
  return sql`select
    coalesce((select ${catalogVersions.version} from ${catalogVersions}
      where ${catalogVersions.clinicId} = ${p("clinicId")}), 0)::text as "version",
    ${busyVersionSql(p("clinicId"))} as "busyVersion",
    coalesce((select json_agg(json_build_object(
        'id', ${appointments.id}, 'serviceId', ${appointments.serviceId},
        'calendarIds', ${appointments.calendarIds},
        'start', ${ms(appointments.startAt)}, 'end', ${ms(appointments.endAt)},
        'status', ${appointments.status}, 'channel', ${appointments.channel},
        'bufferBeforeMinutes', ${appointments.bufferBeforeMinutes},
        'bufferAfterMinutes', ${appointments.bufferAfterMinutes})
        order by ${appointments.startAt}, ${byText(appointments.id)})
      from ${appointments}
      where ${appointments.clinicId} = ${p("clinicId")}
        and ${appointments.calendarIds} && ${p("ids")}
        and ${appointments.endAt} > ${p("from")} and ${appointments.startAt} < ${p("to")}
        and ${appointments.status} not in (${releasing})), '[]')::text as "appointments",
    coalesce((select json_agg(json_build_object(
        'id', ${holds.id}, 'serviceId', ${holds.serviceId}, 'calendarIds', ${holds.calendarIds},
        'start', ${ms(holds.startAt)}, 'end', ${ms(holds.endAt)}, 'places', ${holds.places},
        'expiresAt', ${ms(holds.expiresAt)}, 'createdAt', ${ms(holds.createdAt)},
        'visitorHash', ${holds.visitorHash}, 'emailHash', ${holds.emailHash})
        order by ${holds.startAt}, ${byText(holds.id)})
      from ${holds}
      where ${holds.clinicId} = ${p("clinicId")} and ${holds.expiresAt} > ${p("now")}
        and ${holds.calendarIds} && ${p("ids")}
        and ${holds.endAt} > ${p("from")} and ${holds.startAt} < ${p("to")}), '[]')::text as "holds",
    (select count(pg_advisory_xact_lock(hashtextextended(k, 0)))
      from unnest(${p("keys")}::text[]) as k)::text as "locked"`;
}

/** What the statement answers: the version and the two lists as JSON text. */
export interface BusyTimeRow {
  version: string;
  /** The clinic's busy version, read in the same snapshot as the lists. */
  busyVersion: string;
  appointments: string;
  holds: string;
}

/** The driver values of a query (calendar ids as an array literal, instants as ISO text). */
function busyValues(
  clinicId: string,
  ids: readonly string[],
  query: BusyTimeQuery,
  keys: readonly string[],
): BusyValues {
  const instant = (value: BusyTimeQuery["now"]) => toDate(value).toISOString();
  const list = (values: readonly string[]) =>
    appointments.calendarIds.mapToDriverValue([...values]) as string;
  return {
    clinicId,
    ids: list(ids),
    from: instant(query.from),
    to: instant(query.to),
    now: instant(query.now),
    keys: list(keys),
  };
}

/**
 * A statement of this module under `name`: its text built once, on first use, with a placeholder
 * for each value, and run through `named` with the values as text.
 */
function namedStatement<V extends Record<string, string>>(
  name: string,
  build: (p: (value: keyof V & string) => SQLWrapper) => SQL,
) {
  let built: { text: string; params: unknown[] } | undefined;
  return (named: NamedStatements, values: V) => {
    built ??= (() => {
      const q = new PgDialect().sqlToQuery(build((value) => sql.placeholder(value)));
      return { text: q.sql, params: q.params };
    })();
    return named(name, built.text, fillPlaceholders(built.params, values).map(String));
  };
}

const busyTimeStatement = namedStatement<BusyValues>("bookwell_busy_time", busyTimeSql);

/**
 * Reads the busy-time row for `ids` (never empty) around the query's window through `named`: a
 * statement prepared once per connection outside a transaction, the transaction's own connection
 * inside one (see `sessionStatements`). One text, one set of values either way. In a transaction,
 * the same statement takes the advisory locks of `keys` (texts as `lockKey` hashes them), after
 * the calendar locks the transaction took before it.
 *
 * @example
 * const row = await readBusyTimeRow("clinic-a", ["ana"], query, sessionStatements(db));
 */
export async function readBusyTimeRow(
  clinicId: string,
  ids: readonly string[],
  query: BusyTimeQuery,
  named: NamedStatements,
  keys: readonly string[] = [],
): Promise<BusyTimeRow | undefined> {
  const [row] = await busyTimeStatement(named, busyValues(clinicId, ids, query, keys));
  if (!row) return undefined;
  const [version, busyVersion, list, held] = row;
  return {
    version: version ?? "0",
    busyVersion: busyVersion ?? "0",
    appointments: list ?? "[]",
    holds: held ?? "[]",
  };
}

/** The two versions a cached busy time is checked against. */
export interface VersionsRow {
  catalogVersion: number;
  busyVersion: number;
}

const versionsStatement = namedStatement<{ clinicId: string }>(
  "bookwell_busy_versions",
  (p) =>
    sql`select coalesce((select ${catalogVersions.version} from ${catalogVersions}
      where ${catalogVersions.clinicId} = ${p("clinicId")}), 0)::text as "version",
      ${busyVersionSql(p("clinicId"))} as "busyVersion"`,
);

/**
 * Reads the clinic's catalog and busy versions in one small statement through `named` (see
 * {@link readBusyTimeRow}): what a free-times request asks the database when its busy time is
 * cached (see `sql-busy-cache.ts`).
 *
 * @example
 * const { catalogVersion, busyVersion } = await readVersions("clinic-a", sessionStatements(db));
 */
export async function readVersions(clinicId: string, named: NamedStatements): Promise<VersionsRow> {
  const [row] = await versionsStatement(named, { clinicId });
  return { catalogVersion: Number(row?.[0] ?? 0), busyVersion: Number(row?.[1] ?? 0) };
}
