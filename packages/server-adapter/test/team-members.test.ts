// Issue 21 through the HTTP API, on PGlite and PostgreSQL: a team member with a calendar in Lisbon
// and one in Porto is one person — never booked twice at once, with travel time between the two
// sites and a daily limit, and the staff answers name the cross-location clash in words.

import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Storage } from "../src/storage/storage.js";
import {
  bookingBody,
  call,
  type Result,
  type Seed,
  seedClinic,
  testApp,
  testClock,
} from "./helpers.js";
import { postgresFactories, storageFactories } from "./storages.js";

const factories = [...storageFactories, ...postgresFactories(24)];

const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" }));
/** Wednesday 4 March 2026 (Lisbon is on UTC): the day every test books on. */
const DAY = "2026-03-04";
const TEN = `${DAY}T10:00:00Z`;

function tally(results: readonly Result[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

describe.each(factories)("team members on $name", (factory) => {
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
  const open = (method: string, path: string, body?: unknown) =>
    call(app, method, path, {
      headers: { "x-bookwell-clinic": seed.clinicId },
      ...(body === undefined ? {} : { body }),
    });
  const slotTimes = async (providerId: string) => {
    const res = await open(
      "GET",
      `/v1/slots?serviceId=physio&providerId=${providerId}&from=${DAY}&to=${DAY}`,
    );
    expect(res.status).toBe(200);
    return (res.json.slots as { start: string }[]).map((s) => s.start.slice(11, 16));
  };

  beforeAll(async () => {
    storage = await factory.create();
    seed = await seedClinic(storage, `members-${randomUUID().slice(0, 8)}`);
    app = testApp(storage, clock);
    for (const [id, name] of [
      ["lisbon", "Lisboa"],
      ["porto", "Porto"],
    ]) {
      const res = await staff("PUT", `/v1/staff/locations/${id}`, {
        name,
        timeZone: "Europe/Lisbon",
      });
      expect(res.status).toBe(200);
    }
    const created = await staff("POST", "/v1/staff/team/members", {
      id: "dora",
      name: "Dora Reis",
      disciplines: ["physio"],
      email: "dora@example.com",
      bio: "Sports physiotherapy",
      locations: [{ locationId: "lisbon" }, { locationId: "porto" }],
    });
    expect(created.status).toBe(201);
    expect(created.json.member.calendars.map((c: { id: string }) => c.id)).toEqual([
      "dora-lisbon",
      "dora-porto",
    ]);
    for (const id of ["dora-lisbon", "dora-porto"]) {
      const res = await staff("PATCH", `/v1/staff/calendars/${id}`, { weekly: weekdays });
      expect(res.status).toBe(200);
    }
  }, 180_000);
  afterAll(async () => {
    await storage?.close();
  });

  test("100 concurrent online bookings for 10:00 split across Lisbon and Porto: exactly one is booked", async () => {
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        open(
          "POST",
          "/v1/bookings",
          bookingBody({
            providerId: i % 2 === 0 ? "dora-lisbon" : "dora-porto",
            start: TEN,
            client: { name: `Patient ${i}`, email: `p${i}@example.com` },
          }),
        ),
      ),
    );
    expect(tally(results)).toEqual({ 201: 1, 409: 99 });
    expect(results.filter((r) => r.status === 409).every((r) => r.json.code === "SLOT_TAKEN")).toBe(
      true,
    );
    const rows = await storage.listAppointments(seed.clinicId, {
      calendarIds: ["dora-lisbon", "dora-porto"],
      from: `${DAY}T00:00:00Z`,
      to: `${DAY}T23:59:59Z`,
      activeOnly: true,
    });
    expect(rows).toHaveLength(1);
  }, 120_000);

  test("the booked hour is gone from the other site's free times; staff hear the clash in words and may override it", async () => {
    const rows = await storage.listAppointments(seed.clinicId, {
      calendarIds: ["dora-lisbon", "dora-porto"],
      from: `${DAY}T00:00:00Z`,
      to: `${DAY}T23:59:59Z`,
      activeOnly: true,
    });
    const booked = rows[0];
    const here = booked?.calendarIds.includes("dora-lisbon") ? "lisbon" : "porto";
    const other = here === "lisbon" ? "porto" : "lisbon";
    expect(await slotTimes(`dora-${other}`)).not.toContain("10:00");
    expect(await slotTimes(`dora-${other}`)).toContain("11:00");

    const refused = await staff("POST", "/v1/staff/appointments", {
      serviceId: "physio",
      providerId: `dora-${other}`,
      start: TEN,
      client: { name: "Walk In" },
    });
    expect(refused.status).toBe(409);
    expect(refused.json.violations).toEqual([
      expect.objectContaining({
        code: "MEMBER_BUSY",
        severity: "soft",
        message: `Dora Reis is already booked in ${here} from 10:00 to 10:50 (calendar dora-${here}): one person cannot be at two visits at once.`,
      }),
    ]);
    const forced = await staff("POST", "/v1/staff/appointments", {
      serviceId: "physio",
      providerId: `dora-${other}`,
      start: TEN,
      client: { name: "Walk In" },
      overrides: ["MEMBER_BUSY"],
    });
    expect(forced.status).toBe(201);

    const day = await staff("GET", `/v1/staff/views/day?date=${DAY}`);
    expect(day.status).toBe(200);
    const calendars = day.json.calendars as { id: string; member?: { name: string } }[];
    expect(calendars.find((c) => c.id === "dora-porto")?.member).toEqual({
      id: "dora",
      name: "Dora Reis",
    });
    // A provider calendar made without a member stays its own person.
    expect(calendars.find((c) => c.id === "ana")?.member).toBeUndefined();
  });

  test("travel time between the sites and a daily limit shape the free times", async () => {
    expect(await slotTimes("dora-porto")).toContain("11:00");
    const travel = await staff("PUT", "/v1/staff/team/travel", {
      defaultMinutes: 15,
      pairs: [{ locationIds: ["porto", "lisbon"], minutes: 60 }],
    });
    expect(travel.status).toBe(200);
    expect(travel.json.travel.pairs).toEqual([{ locationIds: ["lisbon", "porto"], minutes: 60 }]);
    // 10:00–10:50 at one site + 60 minutes of travel: 11:00 at the other is gone, 12:00 stays.
    const porto = await slotTimes("dora-porto");
    const lisbon = await slotTimes("dora-lisbon");
    expect(porto).not.toContain("11:00");
    expect(lisbon).not.toContain("11:00");
    expect(porto).toContain("12:00");

    const limited = await staff("PATCH", "/v1/staff/team/members/dora", {
      limits: [{ period: "day", maxSessions: 2 }],
    });
    expect(limited.status).toBe(200);
    expect(limited.json.member.limits).toEqual([{ period: "day", maxSessions: 2, serviceIds: [] }]);
    // Two visits that day already (the online one and the staff override): nothing online.
    expect(await slotTimes("dora-porto")).toEqual([]);
    expect(await slotTimes("dora-lisbon")).toEqual([]);
    const over = await staff("POST", "/v1/staff/appointments", {
      serviceId: "physio",
      providerId: "dora-porto",
      start: `${DAY}T15:00:00Z`,
      client: { name: "Late Patient" },
    });
    expect(over.status).toBe(422);
    expect(over.json.violations).toEqual([
      expect.objectContaining({
        code: "MEMBER_LIMIT",
        message: "Dora Reis works at most 2 sessions a day: this visit would go over it.",
      }),
    ]);
  });

  test("members: bad input names the field; more calendars on demand; the list shows them", async () => {
    const unknownPlace = await staff("POST", "/v1/staff/team/members", {
      id: "eva",
      name: "Eva",
      disciplines: ["physio"],
      locations: [{ locationId: "faro" }],
    });
    expect(unknownPlace.status).toBe(400);
    expect(unknownPlace.json.errors).toEqual([
      {
        field: "locations.0.locationId",
        message: "is not a location of this clinic",
        rule: "unknown",
      },
    ]);
    const noPlace = await staff("POST", "/v1/staff/team/members", {
      id: "eva",
      name: "Eva",
      disciplines: ["physio"],
      locations: [],
    });
    expect(noPlace.status).toBe(400);
    expect(noPlace.json.errors[0].field).toBe("locations");
    const badLimit = await staff("PATCH", "/v1/staff/team/members/dora", {
      limits: [{ period: "day" }],
    });
    expect(badLimit.status).toBe(400);
    expect(badLimit.json.errors[0].field).toBe("limits.0.maxSessions");
    expect((await staff("PATCH", "/v1/staff/team/members/nobody", { name: "X" })).status).toBe(404);
    const again = await staff("POST", "/v1/staff/team/members", {
      id: "dora",
      name: "Dora",
      disciplines: ["physio"],
      locations: [{ locationId: "lisbon" }],
    });
    expect(again.status).toBe(409);

    const eva = await staff("POST", "/v1/staff/team/members", {
      id: "eva",
      name: "Eva Lopes",
      disciplines: ["physio"],
      locations: [{ locationId: "lisbon", calendarId: "eva" }],
    });
    expect(eva.status).toBe(201);
    const more = await staff("POST", "/v1/staff/team/members/eva/calendars", {
      locationId: "porto",
    });
    expect(more.status).toBe(201);
    expect(more.json.calendar).toMatchObject({
      id: "eva-porto",
      memberId: "eva",
      kind: "provider",
    });
    const twice = await staff("POST", "/v1/staff/team/members/eva/calendars", {
      locationId: "porto",
    });
    expect(twice.status).toBe(409);
    const badMember = await staff("PATCH", "/v1/staff/calendars/room-1", { memberId: "eva" });
    expect(badMember.status).toBe(400);
    expect(badMember.json.errors[0].field).toBe("memberId");

    // The routes are in the OpenAPI document, from the same schemas.
    const doc = (await open("GET", "/v1/openapi.json")).json;
    const create = doc.paths["/v1/staff/team/members"].post;
    expect(create.requestBody.content["application/json"].schema.required).toEqual([
      "id",
      "name",
      "disciplines",
      "locations",
    ]);
    expect(create["x-bookwell-roles"]).toEqual(["manager"]);
    expect(doc.paths["/v1/staff/team/members/{id}"].patch).toBeDefined();
    expect(doc.paths["/v1/staff/team/members/{id}/calendars"].post).toBeDefined();
    expect(doc.paths["/v1/staff/team/travel"].put).toBeDefined();

    const list = await staff("GET", "/v1/staff/team/members");
    expect(list.status).toBe(200);
    const byId = new Map(
      (list.json.members as { id: string; calendars: { id: string }[] }[]).map((m) => [
        m.id,
        m.calendars.map((c) => c.id),
      ]),
    );
    expect(byId.get("eva")).toEqual(["eva", "eva-porto"]);
    expect(byId.get("dora")).toEqual(["dora-lisbon", "dora-porto"]);
    const team = await staff("GET", "/v1/staff/team");
    const porto = (team.json.providers as { id: string; memberId?: string }[]).find(
      (p) => p.id === "dora-porto",
    );
    expect(porto?.memberId).toBe("dora");
  });

  test("a staff repeat sees the member's visit at the other site (the series planner)", async () => {
    const book = async (providerId: string, start: string) => {
      const res = await staff("POST", "/v1/staff/appointments", {
        serviceId: "physio",
        providerId,
        start,
        client: { name: "Series Patient" },
      });
      expect(res.status, res.text).toBe(201);
      return res.json.appointment.id as string;
    };
    const first = await book("dora-porto", "2026-03-03T09:00:00Z");
    await book("dora-lisbon", "2026-03-10T09:00:00Z");
    const plan = await staff("POST", `/v1/staff/appointments/${first}/repeat`, {
      weekdays: [2],
      weeks: 3,
      dryRun: true,
    });
    expect(plan.status, plan.text).toBe(200);
    const results = plan.json.results as {
      date: string;
      status: string;
      violations: { code: string; message: string }[];
    }[];
    expect(results.map((r) => [r.date, r.status])).toEqual([
      ["2026-03-10", "conflict"],
      ["2026-03-17", "ok"],
    ]);
    expect(results[0]?.violations.map((v) => v.code)).toEqual(["MEMBER_BUSY"]);
    expect(results[0]?.violations[0]?.message).toContain("Dora Reis is already booked in lisbon");

    // Moving the Porto visit onto the Lisbon one's time: the move's warning names the clash.
    const move = await staff("POST", `/v1/staff/appointments/${first}/move`, {
      start: "2026-03-10T09:00:00Z",
    });
    expect(move.status).toBe(409);
    expect(move.json.violations).toEqual([
      expect.objectContaining({
        code: "MEMBER_BUSY",
        message:
          "Dora Reis is already booked in lisbon from 09:00 to 09:50 (calendar dora-lisbon): one person cannot be at two visits at once.",
      }),
    ]);
  });
});
