// A rollback from `arrived` returns to the status the visit had before arrival (issue 21): a
// walk-in never confirmed goes back to `booked`, a confirmed visit to `confirmed`.

import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Storage } from "../src/storage/storage.js";
import { call, type Seed, seedClinic, testApp, testClock } from "./helpers.js";
import { storageFactories } from "./storages.js";

describe.each(storageFactories)("rollback from arrived on $name", (factory) => {
  let storage: Storage;
  let app: Hono;
  let seed: Seed;
  const clock = testClock();
  const staff = (method: string, path: string, body?: unknown) =>
    call(app, method, path, {
      key: seed.keys.manager,
      headers: { "x-bookwell-clinic": seed.clinicId },
      ...(body === undefined ? {} : { body }),
    });
  const book = async (start: string) => {
    const res = await staff("POST", "/v1/staff/appointments", {
      serviceId: "physio",
      providerId: "ana",
      start,
      client: { name: "Rita" },
    });
    expect(res.status, res.text).toBe(201);
    return res.json.appointment.id as string;
  };
  const step = (id: string, action: string) =>
    staff("POST", `/v1/staff/appointments/${id}/status`, { action });

  beforeAll(async () => {
    storage = await factory.create();
    seed = await seedClinic(storage, "rollback-clinic");
    app = testApp(storage, clock);
  }, 120_000);
  afterAll(async () => {
    await storage?.close();
  });

  test("regression: a walk-in never confirmed went back to confirmed; it returns to booked", async () => {
    const walkIn = await book("2026-03-02T14:00:00Z");
    expect((await step(walkIn, "arrive")).json.appointment.status).toBe("arrived");
    const back = await step(walkIn, "rollback");
    expect(back.status).toBe(200);
    expect(back.json.appointment.status).toBe("booked");
  });

  test("a confirmed visit that arrived, started and is rolled back twice is confirmed again", async () => {
    const visit = await book("2026-03-02T15:00:00Z");
    await step(visit, "confirm");
    await step(visit, "arrive");
    await step(visit, "start");
    expect((await step(visit, "rollback")).json.appointment.status).toBe("arrived");
    expect((await step(visit, "rollback")).json.appointment.status).toBe("confirmed");
  });
});
