// The waitlist journey through the HTTP API on every storage (PGlite and PostgreSQL): three
// patients wait for a full class, a booked patient cancels, and the clinic's policy decides who
// hears of it — the first in line with the time held (lapsing to the next in line), or everyone at
// once, where racing confirmations book the one place once. The desk filters the list by provider
// and days, offers a free time by hand and removes an entry with a reason; new hours (extra hours,
// time off taken back, a shift plan) are offered like a freed time.

import { randomUUID } from "node:crypto";
import { serviceSchema } from "@bookwell/engine";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startHousekeeping } from "../src/housekeeping.js";
import type { JsonObject, Storage } from "../src/storage/storage.js";
import { call, seedClinic, testApp, testClock } from "./helpers.js";
import { postgresFactories, storageFactories } from "./storages.js";

/** Tuesday 3 March 2026, 18:00 in Lisbon (UTC in March): Carla's class. */
const CLASS = "2026-03-03T18:00:00Z";
const factories = [...storageFactories, ...postgresFactories()];

describe.each(factories)("the waitlist on $name", (factory) => {
  let storage: Storage;
  let app: Hono;
  const clock = testClock();

  beforeAll(async () => {
    storage = await factory.create();
    app = testApp(storage, clock);
  }, 60_000);
  afterAll(async () => {
    await storage?.close();
  });

  /** A clinic whose "yoga" class (Carla, Tuesday 18:00) has two places, both booked. */
  async function fullClass(mode: "first_in_line" | "everyone", policies: JsonObject = {}) {
    const seed = await seedClinic(storage, `wl-${randomUUID().slice(0, 8)}`);
    const { clinicId } = seed;
    await storage.putService(clinicId, {
      ...serviceSchema.parse({
        id: "yoga",
        name: "Yoga class",
        category: "Classes",
        discipline: "pilates",
        durationMinutes: 60,
        price: { amount: 1500, currency: "EUR" },
        capacity: 2,
      }),
      policies,
    });
    const api = (method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
      call(app, method, path, {
        ...options,
        headers: { "x-bookwell-clinic": clinicId, ...(options.headers ?? {}) },
      });
    const settings = await api("PATCH", "/v1/staff/settings", {
      key: seed.keys.manager,
      body: { waitlistMode: mode, waitlistHoldMinutes: 30 },
    });
    expect(settings.status, settings.text).toBe(200);
    expect(settings.json.settings.waitlistMode).toBe(mode);
    const seats: string[] = [];
    for (const who of ["paula", "rita"]) {
      const res = await api("POST", "/v1/bookings", {
        body: {
          serviceId: "yoga",
          providerId: "carla",
          start: CLASS,
          client: { name: who, email: `${who}@example.com` },
          policyConsent: true,
        },
      });
      expect(res.status, res.text).toBe(201);
      seats.push(res.json.manageToken);
    }
    const slots = await api(
      "GET",
      "/v1/slots?serviceId=yoga&providerId=any&from=2026-03-03&to=2026-03-03",
    );
    expect(slots.json.slots.map((s: { start: string }) => s.start)).not.toContain(
      "2026-03-03T18:00:00Z",
    );
    const entries: { name: string; token: string; id: string }[] = [];
    for (const who of ["wanda", "xavier", "yara"]) {
      clock.advance(1);
      const res = await api("POST", "/v1/waitlist", {
        body: {
          serviceId: "yoga",
          providerId: "any",
          weekdays: [2],
          timeOfDay: { from: "17:00", to: "20:00" },
          client: { name: who, email: `${who}@example.com`, phone: "+351 912 000 000" },
          locale: "en",
        },
      });
      expect(res.status, res.text).toBe(201);
      expect(res.json.entry).toMatchObject({ status: "waiting", providerId: "any" });
      entries.push({ name: who, token: res.json.token, id: res.json.entry.id });
    }
    return { seed, clinicId, api, seats, entries };
  }

  /** The waitlist offer rows in the clinic's outbox (e-mail ones), oldest first. */
  async function offerMails(clinicId: string) {
    const rows = await storage.listOutbox(clinicId);
    return rows
      .filter((r) => r.type === "notify.waitlist_offer" && r.payload.channel === "email")
      .map((r) => ({ offerId: String(r.payload.offerId), token: String(r.payload.offerToken) }));
  }

  test("first in line: one offer with the time held, lapsing to the next in line, who books it", async () => {
    clock.now = new Date("2026-03-02T08:00:00.000Z");
    const { seed, clinicId, api, seats, entries } = await fullClass("first_in_line");
    expect(await offerMails(clinicId)).toEqual([]);

    const cancel = await api("POST", `/v1/manage/${seats[0]}/cancel`, { body: {} });
    expect(cancel.status, cancel.text).toBe(200);
    const first = await offerMails(clinicId);
    expect(first).toHaveLength(1);
    const offer = await api("GET", `/v1/waitlist-offers/${first[0]?.token}`);
    expect(offer.status).toBe(200);
    expect(offer.json.offer).toMatchObject({
      status: "open",
      exclusive: true,
      start: "2026-03-03T18:00:00Z",
      expiresAt: "2026-03-02T08:33:00Z",
    });
    // The staff see who got it; the place is held, so nobody else can book it meanwhile.
    const list = await api("GET", "/v1/staff/waitlist?serviceId=yoga&date=2026-03-03", {
      key: seed.keys.front_desk,
    });
    expect(list.status, list.text).toBe(200);
    expect(list.json.entries.map((e: { client: { name: string } }) => e.client.name)).toEqual([
      "wanda",
      "xavier",
      "yara",
    ]);
    expect(list.json.entries[0].offers).toHaveLength(1);
    expect(list.json.entries[1].offers).toHaveLength(0);
    const stranger = await api("POST", "/v1/bookings", {
      body: {
        serviceId: "yoga",
        providerId: "carla",
        start: CLASS,
        client: { name: "Zé", email: "ze@example.com" },
      },
    });
    expect(stranger.status).toBe(409);

    expect(list.json.entries[0].offers[0].status).toBe("open");

    // Nobody answers within 30 minutes: the staff list shows it lapsed at once (before the
    // housekeeper runs); the housekeeper closes it and offers the next in line.
    clock.advance(31);
    const before = await api("GET", "/v1/staff/waitlist?serviceId=yoga&date=2026-03-03", {
      key: seed.keys.front_desk,
    });
    expect(before.json.entries[0].offers[0].status).toBe("lapsed");
    const housekeeper = startHousekeeping({ storage, clock, everyMs: 60_000 });
    try {
      expect((await housekeeper.runOnce()).lapsedOffers).toBe(1);
      expect((await housekeeper.runOnce()).lapsedOffers).toBe(0);
    } finally {
      await housekeeper.stop();
    }
    const late = await api("POST", `/v1/waitlist-offers/${first[0]?.token}/confirm`);
    expect(late.status).toBe(409);
    expect(late.json).toMatchObject({ code: "OFFER_UNAVAILABLE", reason: "lapsed" });
    const second = (await offerMails(clinicId)).slice(1);
    expect(second).toHaveLength(1);
    const booked = await api("POST", `/v1/waitlist-offers/${second[0]?.token}/confirm`);
    expect(booked.status, booked.text).toBe(201);
    expect(booked.json.booking).toMatchObject({
      status: "booked",
      start: "2026-03-03T18:00:00Z",
      client: { name: "xavier", email: "xavier@example.com" },
    });
    expect(typeof booked.json.manageToken).toBe("string");
    const entry = await api("GET", `/v1/waitlist/${entries[1]?.token}`);
    expect(entry.json.entry.status).toBe("booked");
    // The class is full again and yara heard nothing; she leaves the list.
    expect(await offerMails(clinicId)).toHaveLength(2);
    const leave = await api("DELETE", `/v1/waitlist/${entries[2]?.token}`);
    expect(leave.status).toBe(200);
    expect(leave.json.entry.status).toBe("left");
    const audit = await storage.listAudit(clinicId, { entityType: "waitlist_entry" });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "waitlist.offered",
        "waitlist.offer_lapsed",
        "waitlist.booked",
        "waitlist.left",
      ]),
    );
  });

  test("everyone at once: one offer each, and racing confirmations book the place once", async () => {
    clock.now = new Date("2026-03-02T08:00:00.000Z");
    const { clinicId, api, seats } = await fullClass("everyone");
    const cancel = await api("POST", `/v1/manage/${seats[1]}/cancel`, { body: {} });
    expect(cancel.status, cancel.text).toBe(200);
    const offers = await offerMails(clinicId);
    expect(offers).toHaveLength(3);
    expect(new Set(offers.map((o) => o.offerId)).size).toBe(3);
    // Each patient confirms, the first one twice (a double click), all at once.
    const tokens = [offers[0]?.token, ...offers.map((o) => o.token)];
    const results = await Promise.all(
      tokens.map((token) => api("POST", `/v1/waitlist-offers/${token}/confirm`)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses, results.map((r) => r.text).join("\n")).toEqual([201, 409, 409, 409]);
    const visits = await storage.listAppointments(clinicId, { statuses: ["booked"] });
    expect(visits.filter((v) => v.serviceId === "yoga")).toHaveLength(2);
    expect(
      results
        .filter((r) => r.status === 409)
        .every((r) => ["SLOT_TAKEN", "OFFER_UNAVAILABLE"].includes(r.json.code)),
    ).toBe(true);
  });

  test("a token works only in its own clinic, and bad input names the field", async () => {
    clock.now = new Date("2026-03-02T08:00:00.000Z");
    const a = await fullClass("first_in_line");
    const b = await fullClass("first_in_line");
    const foreign = await b.api("GET", `/v1/waitlist/${a.entries[0]?.token}`);
    expect(foreign.status).toBe(404);
    const made = await b.api("GET", "/v1/waitlist/not-a-token");
    expect(made.status).toBe(404);
    expect(made.json.detail).toBe(foreign.json.detail);
    const bad = await a.api("POST", "/v1/waitlist", {
      body: {
        serviceId: "yoga",
        providerId: "any",
        timeOfDay: { from: "20:00", to: "08:00" },
        client: { name: "x", email: "x@example.com" },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual([expect.objectContaining({ field: "timeOfDay.to" })]);
  });
  test("an offered time whose cancellation fee applies from booking is booked only with the patient's consent", async () => {
    clock.now = new Date("2026-03-02T08:00:00.000Z");
    // Free cancellation until 48 h before: the class 34 h away is past it the moment it is booked.
    const policy = {
      cancellationPolicy: {
        freeUntilHoursBefore: 48,
        lateFee: { type: "fixed", amount: { amount: 750, currency: "EUR" } },
      },
    };
    const { clinicId, api, seats } = await fullClass("first_in_line", policy);
    const cancel = await api("POST", `/v1/manage/${seats[0]}/cancel`, { body: {} });
    expect(cancel.status, cancel.text).toBe(200);
    const [mail] = await offerMails(clinicId);
    const offer = await api("GET", `/v1/waitlist-offers/${mail?.token}`);
    expect(offer.status, offer.text).toBe(200);
    expect(offer.json.offer.terms).toMatchObject({
      feeFromBooking: true,
      lateFee: { amount: 750, currency: "EUR" },
    });
    const refused = await api("POST", `/v1/waitlist-offers/${mail?.token}/confirm`, { body: {} });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.json.code).toBe("POLICY_CONSENT_REQUIRED");
    expect(refused.json.errors).toContainEqual(expect.objectContaining({ field: "policyConsent" }));
    const booked = await api("POST", `/v1/waitlist-offers/${mail?.token}/confirm`, {
      body: { policyConsent: true },
    });
    expect(booked.status, booked.text).toBe(201);
    expect(booked.json.booking.start).toBe("2026-03-03T18:00:00Z");
  });
  test("staff: filter by provider and days, offer a free time by hand, remove with a reason", async () => {
    clock.now = new Date("2026-03-02T08:00:00.000Z");
    const seed = await seedClinic(storage, `wl-${randomUUID().slice(0, 8)}`);
    const desk = seed.keys.front_desk;
    const api = (method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
      call(app, method, path, {
        key: desk,
        ...options,
        headers: { "x-bookwell-clinic": seed.clinicId, ...(options.headers ?? {}) },
      });
    const ids: Record<string, string> = {};
    const wants: Record<string, JsonObject> = {
      // Ana on Wednesdays; anyone on Tuesday 10 March only; Bruno any day.
      ana: { providerId: "ana", weekdays: [3] },
      tuesday: { providerId: "any", dateFrom: "2026-03-10", dateTo: "2026-03-10" },
      bruno: { providerId: "bruno" },
    };
    for (const [name, want] of Object.entries(wants)) {
      clock.advance(1);
      const res = await call(app, "POST", "/v1/waitlist", {
        headers: { "x-bookwell-clinic": seed.clinicId },
        body: { serviceId: "physio", ...want, client: { name, email: `${name}@example.com` } },
      });
      expect(res.status, res.text).toBe(201);
      ids[name] = res.json.entry.id;
    }
    const names = async (query: string) => {
      const res = await api("GET", `/v1/staff/waitlist?serviceId=physio${query}`);
      expect(res.status, res.text).toBe(200);
      return res.json.entries.map((e: { client: { name: string } }) => e.client.name);
    };
    expect(await names("")).toEqual(["ana", "tuesday", "bruno"]);
    expect(await names("&providerId=ana")).toEqual(["ana", "tuesday"]);
    expect(await names("&from=2026-03-10&to=2026-03-10")).toEqual(["tuesday", "bruno"]);
    expect(await names("&date=2026-03-04")).toEqual(["ana", "bruno"]);
    expect(await names("&from=2026-03-10&to=2026-03-11")).toEqual(["ana", "tuesday", "bruno"]);
    expect(await names("&from=2026-03-11")).toEqual(["ana", "bruno"]);
    const backwards = await api("GET", "/v1/staff/waitlist?from=2026-03-11&to=2026-03-10");
    expect(backwards.status).toBe(400);
    expect(backwards.json.errors).toEqual([expect.objectContaining({ field: "to" })]);
    const both = await api("GET", "/v1/staff/waitlist?date=2026-03-10&from=2026-03-10");
    expect(both.status).toBe(400);
    expect(both.json.errors).toEqual([expect.objectContaining({ field: "date" })]);
    const provider = await api("GET", "/v1/staff/waitlist", { key: seed.keys.provider });
    expect(provider.status).toBe(403);
    const doc = (await call(app, "GET", "/v1/openapi.json")).json;
    const params = (op: { parameters: { name: string }[] }) => op.parameters.map((p) => p.name);
    expect(params(doc.paths["/v1/staff/waitlist"].get)).toEqual(
      expect.arrayContaining(["serviceId", "providerId", "date", "from", "to"]),
    );
    expect(params(doc.paths["/v1/staff/waitlist/{id}"].delete)).toContain("reason");

    // Offer Ana's first free Wednesday time (as the server finds it) to the entry that wants it.
    const slots = await api(
      "GET",
      "/v1/staff/slots?serviceId=physio&providerId=ana&from=2026-03-04&to=2026-03-04",
    );
    expect(slots.status, slots.text).toBe(200);
    const start: string = slots.json.slots[0].start;
    // The patient books an offer online: a service taken off online booking cannot be offered.
    const online = (onlineBookable: boolean) =>
      api("PATCH", "/v1/staff/services/physio", {
        key: seed.keys.manager,
        body: { onlineBookable },
      });
    expect((await online(false)).status).toBe(200);
    const offline = await api("POST", `/v1/staff/waitlist/${ids.ana}/offers`, {
      body: { start, providerId: "ana" },
    });
    expect(offline.status, offline.text).toBe(422);
    expect(offline.json.violations).toEqual([
      expect.objectContaining({ code: "NOT_BOOKABLE_ONLINE", severity: "hard" }),
    ]);
    expect((await online(true)).status).toBe(200);
    const offered = await api("POST", `/v1/staff/waitlist/${ids.ana}/offers`, {
      body: { start, providerId: "ana" },
    });
    expect(offered.status, offered.text).toBe(201);
    expect(offered.json.offer).toMatchObject({ status: "open", exclusive: true, start });
    const rows = await storage.listOutbox(seed.clinicId);
    expect(
      rows.filter(
        (r) => r.type === "notify.waitlist_offer" && r.payload.offerId === offered.json.offer.id,
      ),
    ).toHaveLength(1);
    const listed = await api("GET", "/v1/staff/waitlist?serviceId=physio&providerId=ana");
    expect(listed.json.entries[0].offers).toEqual([
      expect.objectContaining({ id: offered.json.offer.id, status: "open" }),
    ]);
    const taken = await api("POST", `/v1/staff/waitlist/${ids.tuesday}/offers`, {
      body: { start, providerId: "ana" },
    });
    expect(taken.status, taken.text).toBe(409);

    // Remove Bruno's entry with a reason: it leaves the list; the reason is in the audit trail.
    const long = await api("DELETE", `/v1/staff/waitlist/${ids.bruno}?reason=${"x".repeat(501)}`);
    expect(long.status).toBe(400);
    expect(long.json.errors).toEqual([expect.objectContaining({ field: "reason" })]);
    const removed = await api(
      "DELETE",
      `/v1/staff/waitlist/${ids.bruno}?reason=${encodeURIComponent("Booked by phone")}`,
    );
    expect(removed.status, removed.text).toBe(200);
    expect(removed.json.entry.status).toBe("left");
    expect(await names("")).toEqual(["ana", "tuesday"]);
    const audit = await storage.listAudit(seed.clinicId, { entityType: "waitlist_entry" });
    expect(audit.find((a) => a.action === "waitlist.left")).toMatchObject({
      entityId: ids.bruno,
      detail: { reason: "Booked by phone" },
    });
  });
  test("new hours: extra hours, time off taken back and a shift plan are offered to those waiting, one time each per change; a rename offers nothing", async () => {
    clock.now = new Date("2026-03-02T08:00:00.000Z");
    const seed = await seedClinic(storage, `wl-${randomUUID().slice(0, 8)}`);
    const manager = (method: string, path: string, body?: unknown) =>
      call(app, method, path, {
        key: seed.keys.manager,
        headers: { "x-bookwell-clinic": seed.clinicId },
        ...(body === undefined ? {} : { body }),
      });
    // Saturdays (nobody works them): Sara wants Ana, Tiago anyone, Vera Bruno; Wanda wants Bruno
    // on a Sunday.
    const ids: string[] = [];
    for (const [name, providerId, weekday] of [
      ["sara", "ana", 6],
      ["tiago", "any", 6],
      ["vera", "bruno", 6],
      ["wanda", "bruno", 7],
    ] as const) {
      clock.advance(1);
      const res = await call(app, "POST", "/v1/waitlist", {
        headers: { "x-bookwell-clinic": seed.clinicId },
        body: {
          serviceId: "physio",
          providerId,
          weekdays: [weekday],
          client: { name, email: `${name}@example.com` },
        },
      });
      expect(res.status, res.text).toBe(201);
      ids.push(res.json.entry.id);
    }
    const offers = async () =>
      (await storage.listWaitlistOffers(seed.clinicId, {}))
        .map((o) => ({ entryId: o.entryId, start: o.start, calendarIds: o.calendarIds }))
        .sort((a, b) => a.start.localeCompare(b.start));
    const renamed = await manager("PATCH", "/v1/staff/calendars/ana", { name: "Ana Lima" });
    expect(renamed.status, renamed.text).toBe(200);
    expect(await offers()).toEqual([]);

    // Extra hours on Saturday 7 March, 10:00–12:00: two starts, the first in line gets 10:00 (held),
    // the next 11:00; Vera waits for Bruno and hears nothing.
    const extra = await manager("POST", "/v1/staff/calendars/ana/overrides", {
      type: "extra",
      date: "2026-03-07",
      hours: [{ start: "10:00", end: "12:00" }],
    });
    expect(extra.status, extra.text).toBe(200);
    expect(await offers()).toEqual([
      { entryId: ids[0], start: "2026-03-07T10:00:00.000Z", calendarIds: ["ana"] },
      { entryId: ids[1], start: "2026-03-07T11:00:00.000Z", calendarIds: ["ana"] },
    ]);
    const mails = (await storage.listOutbox(seed.clinicId)).filter(
      (r) => r.type === "notify.waitlist_offer",
    );
    expect(mails).toHaveLength(2);
    const audit = await storage.listAudit(seed.clinicId, { entityType: "waitlist_entry" });
    expect(audit.filter((a) => a.action === "waitlist.offered")).toHaveLength(2);

    // Bruno's time off on Saturday 14 March is taken back (his Saturday hours return): of those who
    // would take him, Tiago (first in line) gets 09:00 and Vera 10:00; Sara waits for Ana.
    const withTimeOff = await manager("PATCH", "/v1/staff/calendars/bruno", {
      overrides: [{ type: "extra", date: "2026-03-14", hours: [{ start: "09:00", end: "11:00" }] }],
      timeOff: [{ start: "2026-03-14T00:00:00Z", end: "2026-03-15T00:00:00Z" }],
    });
    expect(withTimeOff.status, withTimeOff.text).toBe(200);
    expect(await offers()).toHaveLength(2);
    const back = await manager("PATCH", "/v1/staff/calendars/bruno", { timeOff: [] });
    expect(back.status, back.text).toBe(200);
    expect((await offers()).slice(2)).toEqual([
      { entryId: ids[1], start: "2026-03-14T09:00:00.000Z", calendarIds: ["bruno"] },
      { entryId: ids[2], start: "2026-03-14T10:00:00.000Z", calendarIds: ["bruno"] },
    ]);

    // A shift plan gives Bruno Sunday hours for a week: Wanda gets the first of them.
    const planned = await manager("POST", "/v1/staff/calendars/shift-plan", {
      calendarIds: ["bruno"],
      pattern: [{ weekdays: [7], start: "10:00", end: "12:00" }],
      startDate: "2026-03-15",
      weeks: 1,
      apply: true,
    });
    expect(planned.status, planned.text).toBe(200);
    expect((await offers()).slice(4)).toEqual([
      { entryId: ids[3], start: "2026-03-15T10:00:00.000Z", calendarIds: ["bruno"] },
    ]);
  });
});
