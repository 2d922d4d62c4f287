// The per-process busy-time cache never answers free times from stale busy time: two app instances
// share one database, each over a storage of its own with its own cache (PGlite: two storages on
// one PGlite client, as one process could hold them; PostgreSQL: two connection pools, as two
// server processes would have). A booking, a cancel, a hold, a hold expiring by the clock, a
// status change and a move made through one instance show in the other's next `GET /v1/slots`,
// because every read asks the database for the clinic's busy version (bumped by triggers when the
// writing transaction commits) before using what it kept. The oracle is a third storage on the
// same database with the cache turned off.

import { PGlite } from "@electric-sql/pglite";
import type { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPostgresStorage } from "../src/postgres.js";
import { openPgliteStorage, PGLITE_EXTENSIONS } from "../src/storage/pglite/pglite-storage.js";
import type { Storage } from "../src/storage/storage.js";
import { bookingBody, call, type Seed, seedClinic, testApp, testClock } from "./helpers.js";
import { postgresPerFile } from "./storages.js";

const postgres = postgresPerFile();

interface Trio {
  writer: Storage;
  reader: Storage;
  /** The same database without a busy-time cache. */
  oracle: Storage;
  close: () => Promise<void>;
}

const OFF = { busyCache: { clinics: 0 } };

const setups: { name: string; create: () => Promise<Trio> }[] = [
  {
    name: "pglite, two storages with their own caches on one client",
    create: async () => {
      const client = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
      const writer = await openPgliteStorage(client);
      const reader = await openPgliteStorage(client);
      const oracle = await openPgliteStorage(client, OFF);
      // Closing one closes the client under all three.
      return { writer, reader, oracle, close: () => writer.close() };
    },
  },
  ...(postgres.available
    ? [
        {
          name: "postgres, two apps with their own connection pools",
          create: async (): Promise<Trio> => {
            const url = await postgres.freshDatabase();
            const open = (extra = {}) =>
              createPostgresStorage({ connectionString: url, maxConnections: 3, ...extra });
            const writer = await open();
            const reader = await open();
            const oracle = await open(OFF);
            return {
              writer,
              reader,
              oracle,
              close: async () => {
                await writer.close();
                await reader.close();
                await oracle.close();
              },
            };
          },
        },
      ]
    : []),
];

/** Wednesday 4 March 2026, two days after the test clock's start. */
const DAY = "2026-03-04";
const QUERY = `serviceId=physio&providerId=ana&from=${DAY}&to=${DAY}`;
const TEN = "2026-03-04T10:00:00Z";
const ELEVEN = "2026-03-04T11:00:00Z";

describe.each(setups)("the busy-time cache on $name", (setup) => {
  let trio: Trio;
  let seed: Seed;
  let writer: Hono;
  let reader: Hono;
  let oracle: Hono;
  let clock = testClock();

  beforeAll(async () => {
    trio = await setup.create();
    seed = await seedClinic(trio.writer);
  }, 120_000);
  afterAll(async () => {
    await trio.close();
  });
  beforeEach(async () => {
    clock = testClock();
    writer = testApp(trio.writer, clock);
    reader = testApp(trio.reader, clock);
    oracle = testApp(trio.oracle, clock);
    // Each test starts with ana's Wednesday free: what earlier tests booked there is canceled.
    const booked = await trio.writer.listAppointments(seed.clinicId, { activeOnly: true });
    for (const visit of booked) {
      await trio.writer.updateAppointment(seed.clinicId, visit.id, { status: "canceled" });
    }
    for (const hold of await trio.writer.listHolds(seed.clinicId, { now: clock() })) {
      await trio.writer.deleteHold(seed.clinicId, hold.id);
    }
  });

  const headers = () => ({ "x-bookwell-clinic": seed.clinicId });
  const slots = (app: Hono) => call(app, "GET", `/v1/slots?${QUERY}`, { headers: headers() });
  const starts = (res: { json: unknown }) =>
    (res.json as { slots: { start: string }[] }).slots.map((s) => s.start);
  /** The reader's answer, asked twice so the second comes from its cache. */
  const warm = async () => {
    const first = await slots(reader);
    expect(first.status).toBe(200);
    const second = await slots(reader);
    expect(second.text).toBe(first.text);
    return first;
  };
  /** The reader's next answer, checked against the oracle's. */
  const next = async () => {
    const answer = await slots(reader);
    expect(answer.status).toBe(200);
    expect(answer.text).toBe((await slots(oracle)).text);
    return answer;
  };
  const book = async (start: string, email: string) => {
    const res = await call(writer, "POST", "/v1/bookings", {
      headers: headers(),
      body: bookingBody({ start, policyConsent: true, client: { name: "P", email } }),
    });
    expect(res.status, res.text).toBe(201);
    return res.json as { booking: { id: string }; manageToken: string };
  };
  const staff = (path: string, body: unknown) =>
    call(writer, "POST", path, { key: seed.keys.manager, body });

  it("a booking in one instance takes the time in the other's next free times", async () => {
    expect(starts(await warm())).toContain(TEN);
    await book(TEN, "booking@example.com");
    expect(starts(await next())).not.toContain(TEN);
  });

  it("a cancel through the patient's link frees the time in the other instance", async () => {
    const { manageToken } = await book(TEN, "cancel@example.com");
    expect(starts(await warm())).not.toContain(TEN);
    const canceled = await call(writer, "POST", `/v1/manage/${manageToken}/cancel`, { body: {} });
    expect(canceled.status, canceled.text).toBe(200);
    expect(starts(await next())).toContain(TEN);
  });

  it("a hold takes the time in the other instance, and frees it when it expires by the clock alone", async () => {
    expect(starts(await warm())).toContain(TEN);
    const held = await call(writer, "POST", "/v1/holds", {
      headers: headers(),
      body: { serviceId: "physio", providerId: "ana", start: TEN },
    });
    expect(held.status, held.text).toBe(201);
    expect(starts(await next())).not.toContain(TEN);
    expect(starts(await slots(reader))).not.toContain(TEN);
    // Nothing is written when a hold expires: the reader's clock passes its expiry.
    clock.now = new Date(Date.parse((held.json as { hold: { expiresAt: string } }).hold.expiresAt));
    clock.advance(1);
    expect(starts(await next())).toContain(TEN);
  });

  it("a status change by the desk frees the time in the other instance", async () => {
    const { booking } = await book(TEN, "status@example.com");
    expect(starts(await warm())).not.toContain(TEN);
    const changed = await staff(`/v1/staff/appointments/${booking.id}/status`, {
      action: "cancel",
    });
    expect(changed.status, changed.text).toBe(200);
    expect(starts(await next())).toContain(TEN);
  });

  it("a move by the desk frees the old time and takes the new one in the other instance", async () => {
    const { booking } = await book(TEN, "move@example.com");
    const before = starts(await warm());
    expect(before).not.toContain(TEN);
    expect(before).toContain(ELEVEN);
    const moved = await staff(`/v1/staff/appointments/${booking.id}/move`, { start: ELEVEN });
    expect(moved.status, moved.text).toBe(200);
    const after = starts(await next());
    expect(after).toContain(TEN);
    expect(after).not.toContain(ELEVEN);
  });
});
