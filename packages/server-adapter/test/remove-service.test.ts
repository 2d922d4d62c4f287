// Removing a service through the staff API, on PGlite and PostgreSQL: refused (409, the visits
// counted) while visits of it are booked from now on; otherwise archived: gone from the public
// catalog, its free times and online booking, from staff booking and the staff list of bookable
// services (also through a catalog cache that would otherwise keep it for an hour), while it stays
// readable and past visits keep naming it; a PATCH with `active: true` brings it back.

import { describe, expect, onTestFinished, test } from "vitest";
import { bookingBody, call, SLOT, seedClinic, testApp, testClock } from "./helpers.js";
import { postgresFactories, storageFactories } from "./storages.js";

/** Tuesday 3 March 2026, the day after the test clock's start: Carla's pilates class. */
const DAY = "2026-03-03";
const HOUR_MS = 3_600_000;
const origin = { origin: "https://clinic-a.example" };

describe.each([...storageFactories, ...postgresFactories()])(
  "removing a service on $name",
  (factory) => {
    test("refused while a visit is booked ahead; archived, it is offered nowhere and comes back", async () => {
      const storage = await factory.create();
      onTestFinished(() => storage.close());
      const seed = await seedClinic(storage);
      const clock = testClock();
      // A cache that would keep the catalog for an hour: the removal must still show at once.
      const app = testApp(storage, clock, { cacheTtlMs: HOUR_MS });
      const as = (key: string) => (method: string, path: string, body?: unknown) =>
        call(app, method, path, { key, ...(body === undefined ? {} : { body }) });
      const manager = as(seed.keys.manager);
      const publicGet = (path: string) => call(app, "GET", path, { headers: origin });
      const catalogIds = async () =>
        ((await publicGet("/v1/services")).json.services as { id: string }[]).map((s) => s.id);
      const slotsQuery = `serviceId=pilates&providerId=any&from=${DAY}&to=${DAY}`;

      const booked = await call(app, "POST", "/v1/bookings", {
        body: bookingBody(),
        headers: origin,
      });
      expect(booked.status, booked.text).toBe(201);
      const visitId = booked.json.booking.id as string;

      const refused = await manager("DELETE", "/v1/staff/services/physio");
      expect(refused.status, refused.text).toBe(409);
      expect(refused.json).toMatchObject({ code: "CONFLICT", reason: "FUTURE_VISITS", visits: 1 });
      expect((await storage.getService(seed.clinicId, "physio"))?.active).toBe(true);

      expect((await as(seed.keys.front_desk)("DELETE", "/v1/staff/services/pilates")).status).toBe(
        403,
      );
      const unknown = await manager("DELETE", "/v1/staff/services/nope");
      expect(unknown.status, unknown.text).toBe(404);
      expect(unknown.json.errors).toEqual([expect.objectContaining({ field: "id" })]);

      // Pilates has nothing booked: warm the cache with it, then remove it.
      expect(await catalogIds()).toContain("pilates");
      const before = await publicGet(`/v1/slots?${slotsQuery}`);
      expect(before.status, before.text).toBe(200);
      expect(before.json.slots.length).toBeGreaterThan(0);
      const start = before.json.slots[0].start as string;

      const removed = await manager("DELETE", "/v1/staff/services/pilates");
      expect(removed.status, removed.text).toBe(200);
      expect(removed.json.service).toMatchObject({ id: "pilates", active: false });
      expect((await storage.getService(seed.clinicId, "pilates"))?.active).toBe(false);

      // Gone for patients: catalog, providers, free times, booking.
      expect(await catalogIds()).not.toContain("pilates");
      const slots = await publicGet(`/v1/slots?${slotsQuery}`);
      expect(slots.status, slots.text).toBe(404);
      expect(slots.json.errors).toEqual([expect.objectContaining({ field: "serviceId" })]);
      expect((await publicGet("/v1/providers?serviceId=pilates")).status).toBe(404);
      const online = await call(app, "POST", "/v1/bookings", {
        body: bookingBody({ serviceId: "pilates", providerId: "any", start }),
        headers: origin,
      });
      expect(online.status, online.text).toBe(422);
      expect(online.json.violations).toEqual([
        expect.objectContaining({ code: "SERVICE_INACTIVE" }),
      ]);

      // Gone for staff booking, even past the soft rules; the list of bookable services leaves it out.
      const staffSlots = await manager("GET", `/v1/staff/slots?${slotsQuery}`);
      expect(staffSlots.status, staffSlots.text).toBe(200);
      expect(staffSlots.json.slots).toEqual([]);
      const staffBooking = await manager("POST", "/v1/staff/appointments", {
        serviceId: "pilates",
        providerId: "carla",
        start,
        overrides: "all-soft",
      });
      expect(staffBooking.status, staffBooking.text).toBe(422);
      expect(staffBooking.json.violations).toEqual([
        expect.objectContaining({ code: "SERVICE_INACTIVE", severity: "hard" }),
      ]);
      const ids = async (query: string) =>
        (
          (await manager("GET", `/v1/staff/services${query}`)).json.services as { id: string }[]
        ).map((s) => s.id);
      expect(await ids("?active=true")).not.toContain("pilates");
      expect(await ids("?active=false")).toEqual(["pilates"]);
      expect(await ids("")).toContain("pilates");
      expect((await manager("GET", "/v1/staff/services/pilates")).json.service.active).toBe(false);

      const audit = await manager("GET", "/v1/staff/audit?entityType=service&entityId=pilates");
      expect(audit.json.entries.map((e: { action: string }) => e.action)).toContain(
        "service.removed",
      );

      // Brought back with a PATCH: offered again.
      const back = await manager("PATCH", "/v1/staff/services/pilates", { active: true });
      expect(back.status, back.text).toBe(200);
      expect(back.json.service.active).toBe(true);
      expect(await catalogIds()).toContain("pilates");
      expect((await publicGet(`/v1/slots?${slotsQuery}`)).json.slots.length).toBeGreaterThan(0);

      // Once the physio visit is past, physio can be removed and the visit still names it.
      clock.now = new Date(Date.parse(SLOT) + 2 * HOUR_MS);
      const physio = await manager("DELETE", "/v1/staff/services/physio");
      expect(physio.status, physio.text).toBe(200);
      const visit = await manager("GET", `/v1/staff/appointments/${visitId}`);
      expect(visit.status, visit.text).toBe(200);
      expect(visit.json.appointment.serviceId).toBe("physio");
    });
  },
);
