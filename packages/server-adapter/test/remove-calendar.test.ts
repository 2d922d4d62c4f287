// Removing a calendar through the staff API, on PGlite and PostgreSQL: refused (409, the visits
// counted) while booked visits hold it from now on; archived (inactive, still readable) once they
// are gone or past; a provider key may not remove one.

import { describe, expect, onTestFinished, test } from "vitest";
import { bookingBody, call, SLOT, seedClinic, testApp, testClock } from "./helpers.js";
import { postgresFactories, storageFactories } from "./storages.js";

describe.each([...storageFactories, ...postgresFactories()])(
  "removing a calendar on $name",
  (factory) => {
    test("refused while a visit is booked ahead, archived after it passed", async () => {
      const storage = await factory.create();
      onTestFinished(() => storage.close());
      const seed = await seedClinic(storage);
      const clock = testClock();
      const app = testApp(storage, clock);
      const booked = await call(app, "POST", "/v1/bookings", {
        body: bookingBody(),
        headers: { origin: "https://clinic-a.example" },
      });
      expect(booked.status, booked.text).toBe(201);

      const refused = await call(app, "DELETE", "/v1/staff/calendars/ana", {
        key: seed.keys.manager,
      });
      expect(refused.status, refused.text).toBe(409);
      expect(refused.json).toMatchObject({ code: "CONFLICT", reason: "FUTURE_VISITS", visits: 1 });
      expect((await storage.getCalendar(seed.clinicId, "ana"))?.active).toBe(true);

      const byProvider = await call(app, "DELETE", "/v1/staff/calendars/bruno", {
        key: seed.keys.provider,
      });
      expect(byProvider.status, byProvider.text).toBe(403);

      // Bruno has nothing booked: archived at once, and still there to read.
      const bruno = await call(app, "DELETE", "/v1/staff/calendars/bruno", {
        key: seed.keys.manager,
      });
      expect(bruno.status, bruno.text).toBe(200);
      expect(bruno.json.calendar).toMatchObject({ id: "bruno", active: false });
      expect((await storage.getCalendar(seed.clinicId, "bruno"))?.active).toBe(false);

      // Once Ana's visit is past, she can be removed too.
      clock.now = new Date(Date.parse(SLOT) + 2 * 3_600_000);
      const ana = await call(app, "DELETE", "/v1/staff/calendars/ana", {
        key: seed.keys.manager,
      });
      expect(ana.status, ana.text).toBe(200);
      expect(ana.json.calendar.active).toBe(false);
    });
  },
);
