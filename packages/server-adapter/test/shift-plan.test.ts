// The shift planner through the staff API: one weekly pattern for two therapists, a dry run that
// names the visit the new hours would strand, a refused apply, an accepted apply that patients'
// slots follow at once, on PGlite and PostgreSQL.

import { describe, expect, test } from "vitest";
import { call, seededTest, type testApp } from "./helpers.js";
import { postgresFactories, storageFactories } from "./storages.js";

// Mon–Fri 08:00–14:00 with a break 10:00–10:30, for two weeks from Monday 9 March 2026.
const plan = {
  calendarIds: ["ana", "bruno"],
  pattern: [
    {
      weekdays: [1, 2, 3, 4, 5],
      start: "08:00",
      end: "14:00",
      breaks: [{ start: "10:00", end: "10:30" }],
    },
  ],
  startDate: "2026-03-09",
  weeks: 2,
};

describe.each([...storageFactories, ...postgresFactories()])(
  "shift planner on $name",
  (factory) => {
    async function setup() {
      const { storage, seed, app } = await seededTest(factory);
      await storage.putClient(seed.clinicId, { id: "cli-rui", name: "Rui Sá" });
      // Ana's visit on Wednesday 11 March at 15:00 Lisbon (UTC in March): outside the new hours.
      const booked = await call(app, "POST", "/v1/staff/appointments", {
        key: seed.keys.front_desk,
        body: {
          serviceId: "physio",
          providerId: "ana",
          start: "2026-03-11T15:00:00Z",
          clientId: "cli-rui",
        },
      });
      expect(booked.status, booked.text).toBe(201);
      return { storage, seed, app, visitId: booked.json.appointment.id as string };
    }

    const slotsOn = async (app: ReturnType<typeof testApp>, date: string) => {
      const res = await call(
        app,
        "GET",
        `/v1/slots?serviceId=physio&providerId=bruno&from=${date}&to=${date}`,
        { headers: { origin: "https://clinic-a.example" } },
      );
      expect(res.status, res.text).toBe(200);
      return (res.json.slots as { start: string }[]).map((s) => s.start.slice(11, 16));
    };

    test("a dry run names the stranded visit and stores nothing; apply is refused until accepted, then patients see the new hours", async () => {
      const { storage, seed, app, visitId } = await setup();
      const before = await storage.getCalendar(seed.clinicId, "ana");

      const dry = await call(app, "POST", "/v1/staff/calendars/shift-plan", {
        key: seed.keys.manager,
        body: plan,
      });
      expect(dry.status, dry.text).toBe(200);
      expect(dry.json.applied).toBe(false);
      expect(dry.json.validUntil).toBe("2026-03-22");
      expect(dry.json.summary).toEqual({ calendars: 2, conflicts: 1, calendarsWithConflicts: 1 });
      const ana = dry.json.calendars.find((c: { calendarId: string }) => c.calendarId === "ana");
      expect(ana.conflicts).toEqual([
        expect.objectContaining({ appointmentId: visitId, reason: "OUTSIDE_HOURS" }),
      ]);
      expect((await storage.getCalendar(seed.clinicId, "ana"))?.version).toBe(before?.version);

      const refused = await call(app, "POST", "/v1/staff/calendars/shift-plan", {
        key: seed.keys.manager,
        body: { ...plan, apply: true },
      });
      expect(refused.status, refused.text).toBe(409);
      expect(refused.json.reason).toBe("VISITS_OUTSIDE_NEW_HOURS");
      expect(refused.json.conflicts).toEqual([
        expect.objectContaining({ calendarId: "ana", appointmentId: visitId }),
      ]);
      expect((await storage.getCalendar(seed.clinicId, "ana"))?.version).toBe(before?.version);
      // Before: Bruno works 09:00–17:00 with lunch 12:00–13:00.
      expect(await slotsOn(app, "2026-03-12")).toContain("15:00");

      const applied = await call(app, "POST", "/v1/staff/calendars/shift-plan", {
        key: seed.keys.manager,
        body: { ...plan, apply: true, acceptConflicts: true },
      });
      expect(applied.status, applied.text).toBe(200);
      expect(applied.json.applied).toBe(true);
      expect((await storage.getCalendar(seed.clinicId, "ana"))?.version).toBe(
        (before?.version ?? 0) + 1,
      );
      const audit = await storage.listAudit(seed.clinicId);
      expect(audit.filter((e) => e.action === "calendar.shifts_planned")).toHaveLength(2);

      // Patients' slots follow at once: in the window 08:00–14:00 with the break; after it, as before.
      const inWindow = await slotsOn(app, "2026-03-12");
      expect(inWindow).not.toContain("15:00");
      expect(inWindow).toContain("08:00");
      expect(inWindow).not.toContain("10:00");
      expect(await slotsOn(app, "2026-03-26")).toContain("15:00");
    });

    test("only managers plan shifts; bad input names the field", async () => {
      const { seed, app } = await setup();
      const desk = await call(app, "POST", "/v1/staff/calendars/shift-plan", {
        key: seed.keys.front_desk,
        body: plan,
      });
      expect(desk.status, desk.text).toBe(403);
      const both = await call(app, "POST", "/v1/staff/calendars/shift-plan", {
        key: seed.keys.manager,
        body: { ...plan, until: "2026-03-30" },
      });
      expect(both.status, both.text).toBe(400);
      expect(both.json.errors).toContainEqual(expect.objectContaining({ field: "until" }));
      const unknown = await call(app, "POST", "/v1/staff/calendars/shift-plan", {
        key: seed.keys.manager,
        body: { ...plan, calendarIds: ["ana", "nobody"] },
      });
      expect(unknown.status, unknown.text).toBe(404);
      expect(unknown.json.errors).toContainEqual(
        expect.objectContaining({ field: "calendarIds.1" }),
      );
      const badRow = await call(app, "POST", "/v1/staff/calendars/shift-plan", {
        key: seed.keys.manager,
        body: { ...plan, pattern: [{ weekdays: [], start: "08:00", end: "14:00" }] },
      });
      expect(badRow.status, badRow.text).toBe(400);
      expect(JSON.stringify(badRow.json.errors)).toContain("pattern.0.weekdays");
    });
  },
);
