// A service's rules set through the staff API: default billing items (charged on arrival) and the
// online block after repeated no-shows, changed one rule at a time, on PGlite and PostgreSQL.

import { describe, expect, test } from "vitest";
import { bookingBody, call, seededTest } from "./helpers.js";
import { postgresFactories, storageFactories } from "./storages.js";

const items = [
  {
    description: "Physiotherapy session",
    unitPrice: { amount: 4000, currency: "EUR" },
    taxRateBp: 0,
  },
  {
    description: "Kinesio tape",
    unitPrice: { amount: 500, currency: "EUR" },
    taxRateBp: 2300,
    coveredByPackage: false,
  },
];

describe.each([...storageFactories, ...postgresFactories()])(
  "service rules on $name",
  (factory) => {
    async function setup() {
      const { storage, seed, app } = await seededTest(factory);
      const patch = (policies: unknown) =>
        call(app, "PATCH", "/v1/staff/services/physio", {
          key: seed.keys.manager,
          body: { policies },
        });
      return { storage, seed, app, patch };
    }

    test("default billing items are stored, returned, charged on arrival, and a PATCH keeps the other rules", async () => {
      const { storage, seed, app, patch } = await setup();
      await storage.putClient(seed.clinicId, { id: "cli-joao", name: "João Lima" });
      const changed = await patch({ billingItems: items });
      expect(changed.status, changed.text).toBe(200);
      // The 24 h cancellation policy the seed set is still there: a PATCH changes only named rules.
      expect(changed.json.service.policies.cancellationPolicy.freeUntilHoursBefore).toBe(24);
      expect(changed.json.service.policies.billingItems).toHaveLength(2);

      const booked = await call(app, "POST", "/v1/staff/appointments", {
        key: seed.keys.front_desk,
        body: {
          serviceId: "physio",
          providerId: "ana",
          start: "2026-03-04T10:00:00Z",
          clientId: "cli-joao",
        },
      });
      expect(booked.status, booked.text).toBe(201);
      const id = booked.json.appointment.id;
      const arrived = await call(app, "POST", `/v1/staff/appointments/${id}/status`, {
        key: seed.keys.front_desk,
        body: { action: "arrive" },
      });
      expect(arrived.status, arrived.text).toBe(200);
      const billing = await call(app, "GET", `/v1/staff/appointments/${id}/billing`, {
        key: seed.keys.front_desk,
      });
      expect(billing.status, billing.text).toBe(200);
      const charged = billing.json.charges.map((c: { description: string; unitPrice: unknown }) => [
        c.description,
        c.unitPrice,
      ]);
      expect(charged).toEqual([
        ["Physiotherapy session", { amount: 4000, currency: "EUR" }],
        ["Kinesio tape", { amount: 500, currency: "EUR" }],
      ]);

      // null removes the items again; the policy stays.
      const removed = await patch({ billingItems: null });
      expect(removed.status, removed.text).toBe(200);
      expect(removed.json.service.policies.billingItems).toBeUndefined();
      expect(removed.json.service.policies.cancellationPolicy).toBeDefined();
    });

    test("a billing item in another currency, or an empty list, is refused naming the field; nothing changes", async () => {
      const { app, seed, patch } = await setup();
      const usd = await patch({
        billingItems: [{ description: "Tape", unitPrice: { amount: 500, currency: "USD" } }],
      });
      expect(usd.status, usd.text).toBe(400);
      expect(usd.json.errors).toContainEqual(
        expect.objectContaining({ field: "policies.billingItems.0.unitPrice.currency" }),
      );
      const empty = await patch({ billingItems: [] });
      expect(empty.status, empty.text).toBe(400);
      expect(JSON.stringify(empty.json.errors)).toContain("billingItems");
      const after = await call(app, "GET", "/v1/staff/services/physio", { key: seed.keys.manager });
      expect(after.json.service.policies.billingItems).toBeUndefined();
      expect(after.json.service.version).toBe(1);
    });

    test("the online block after no-shows is set through the API and refuses that patient online", async () => {
      const { storage, seed, app, patch } = await setup();
      const set = await patch({ onlineBookingBlock: { afterNoShows: 2, withinDays: 90 } });
      expect(set.status, set.text).toBe(200);
      expect(set.json.service.policies.onlineBookingBlock).toEqual({
        afterNoShows: 2,
        withinDays: 90,
      });
      const bad = await patch({ onlineBookingBlock: { afterNoShows: 0, withinDays: 90 } });
      expect(bad.status, bad.text).toBe(400);
      expect(JSON.stringify(bad.json.errors)).toContain("afterNoShows");

      await storage.putClient(seed.clinicId, {
        id: "cli-maria",
        name: "Maria Santos",
        email: "maria@example.com",
      });
      for (const [i, day] of ["2026-02-10", "2026-02-20"].entries()) {
        await storage.insertAppointment(seed.clinicId, {
          id: `missed-${i}`,
          serviceId: "physio",
          calendarIds: ["ana"],
          start: `${day}T10:00:00Z`,
          end: `${day}T10:50:00Z`,
          status: "no_show",
          channel: "online",
          clientId: "cli-maria",
        });
      }
      const refused = await call(app, "POST", "/v1/bookings", { body: bookingBody() });
      expect(refused.status, refused.text).toBe(403);
      expect(refused.json.code).toBe("ONLINE_BOOKING_BLOCKED");

      const lifted = await patch({ onlineBookingBlock: null });
      expect(lifted.status, lifted.text).toBe(200);
      const booked = await call(app, "POST", "/v1/bookings", { body: bookingBody() });
      expect(booked.status, booked.text).toBe(201);
    });
  },
);
