// The service's no-show rule: after K no-shows in M days a patient books by phone for a while.

import { randomUUID } from "node:crypto";
import { describe, expect, onTestFinished, test } from "vitest";
import { createTestStorage } from "../src/testing.js";
import { bookingBody, call, seedClinic, testApp, testClock } from "./helpers.js";

describe("online booking block after no-shows", () => {
  test("two recent no-shows block online booking for that patient only; nothing is written", async () => {
    const storage = await createTestStorage();
    onTestFinished(() => storage.close());
    const seed = await seedClinic(storage, `clinic-${randomUUID().slice(0, 8)}`);
    const clinicId = seed.clinicId;
    const physio = await storage.getService(clinicId, "physio");
    if (!physio) throw new Error("seed lost physio");
    const { clinicId: _c, version: _v, createdAt: _a, updatedAt: _u, ...fields } = physio;
    await storage.putService(clinicId, {
      ...fields,
      policies: { ...physio.policies, onlineBookingBlock: { afterNoShows: 2, withinDays: 90 } },
    });
    await storage.putClient(clinicId, {
      id: "cli-maria",
      name: "Maria Santos",
      email: "maria@example.com",
    });
    for (const [i, day] of ["2026-02-10", "2026-02-20"].entries()) {
      await storage.insertAppointment(clinicId, {
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
    const app = testApp(storage, testClock());
    const before = (await storage.listAppointments(clinicId, {})).length;

    const refused = await call(app, "POST", "/v1/bookings", { body: bookingBody() });
    expect(refused.status, refused.text).toBe(403);
    expect(refused.json.code).toBe("ONLINE_BOOKING_BLOCKED");
    expect(refused.json.detail).toContain("2026-05-11T10:00:00.000Z");
    expect((await storage.listAppointments(clinicId, {})).length).toBe(before);

    const other = await call(app, "POST", "/v1/bookings", {
      body: bookingBody({ client: { name: "João", email: "joao@example.com" } }),
    });
    expect(other.status, other.text).toBe(201);

    // Staff can still book her (the rule is about online booking only).
    const staff = await call(app, "POST", "/v1/staff/appointments", {
      key: seed.keys.front_desk,
      body: {
        serviceId: "physio",
        providerId: "ana",
        start: "2026-03-05T10:00:00Z",
        clientId: "cli-maria",
      },
    });
    expect(staff.status, staff.text).toBe(201);
  });
});
