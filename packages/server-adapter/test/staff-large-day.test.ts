// A big clinic's day through the staff API: 300 visits, many at the same start, listed page by
// page. On every storage.

import { randomUUID } from "node:crypto";
import { calendarSchema } from "@bookwell/engine";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Storage } from "../src/storage/storage.js";
import { call, type Seed, seedClinic, testApp, testClock } from "./helpers.js";
import { storageFactories } from "./storages.js";

const DAY = "2026-03-11";

describe.each(storageFactories)("a 300-visit day on $name", (factory) => {
  let storage: Storage;
  let app: Hono;
  let seed: Seed;
  const ids: string[] = [];

  beforeAll(async () => {
    storage = await factory.create();
    seed = await seedClinic(storage, `clinic-${randomUUID().slice(0, 8)}`);
    app = testApp(storage, testClock());
    for (let p = 0; p < 30; p++) {
      await storage.putCalendar(
        seed.clinicId,
        calendarSchema.parse({
          id: `p${p}`,
          kind: "provider",
          name: `Provider ${p}`,
          locationId: "loc-1",
          disciplines: ["physio"],
          timeZone: "Europe/Lisbon",
          weekly: [3].map((weekday) => ({ weekday, start: "08:00", end: "18:00" })),
        }),
      );
      for (let hour = 8; hour < 18; hour++) {
        const start = `${DAY}T${String(hour).padStart(2, "0")}:00:00.000Z`;
        const id = `apt-${p}-${hour}`;
        ids.push(id);
        await storage.insertAppointment(seed.clinicId, {
          id,
          serviceId: "physio",
          calendarIds: [`p${p}`],
          start,
          end: new Date(Date.parse(start) + 50 * 60_000),
          status: "booked",
          channel: "staff",
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          capacity: 1,
        });
      }
    }
  });
  afterAll(async () => {
    await storage.close();
  });

  test("listing a day of 300 visits stopped silently at 100: pages with nextCursor reach every visit once", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query = `from=${DAY}T00:00:00Z&to=${DAY}T23:59:59Z&limit=70${cursor ? `&cursor=${cursor}` : ""}`;
      const res = await call(app, "GET", `/v1/staff/appointments?${query}`, {
        key: seed.keys.front_desk,
      });
      expect(res.status).toBe(200);
      expect(res.json.appointments.length).toBeLessThanOrEqual(70);
      seen.push(...res.json.appointments.map((a: { id: string }) => a.id));
      cursor = res.json.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(300);
    expect(new Set(seen)).toEqual(new Set(ids));
    const defaultPage = await call(app, "GET", `/v1/staff/appointments?from=${DAY}T00:00:00Z`, {
      key: seed.keys.manager,
    });
    expect(defaultPage.json.appointments).toHaveLength(100);
    expect(defaultPage.json.nextCursor).toEqual(expect.any(String));
    const exact = await call(app, "GET", `/v1/staff/appointments?from=${DAY}T00:00:00Z&limit=300`, {
      key: seed.keys.manager,
    });
    expect(exact.json.appointments).toHaveLength(300);
    expect(exact.json.nextCursor).toBeNull();
  });

  test("a cursor that is not one of ours is 400 naming cursor", async () => {
    for (const cursor of ["nope", Buffer.from('{"s":"x","i":"y"}').toString("base64url"), "%00"]) {
      const res = await call(app, "GET", `/v1/staff/appointments?cursor=${cursor}`, {
        key: seed.keys.manager,
      });
      expect(res.status, cursor).toBe(400);
      expect(res.json.errors.map((e: { field: string }) => e.field)).toEqual(["cursor"]);
    }
  });
});
