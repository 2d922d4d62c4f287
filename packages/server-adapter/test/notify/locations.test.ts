// Regression: a clinic with a location in another zone (a Madrid clinic with a practice in Las
// Palmas, one hour behind) wrote that location's visits in the clinic's zone and at the clinic's
// address, and read quiet hours there. Messages now follow the visit's calendar and location.

import { calendarSchema } from "@bookwell/engine";
import { describe, expect, test } from "vitest";
import { testClock } from "../helpers.js";
import { storageFactories } from "../storages.js";
import {
  bookDirect,
  drain,
  icsValue,
  seedSmallClinic,
  storageWithSmtp,
  testWorker,
} from "./helpers.js";

describe.each(storageFactories)("a visit at a location in another zone on $name", (factory) => {
  const env = storageWithSmtp(factory);

  test("regression: times, address and quiet hours are the location's, not the clinic's", async () => {
    const clinicId = await seedSmallClinic(env.storage, {
      timeZone: "Europe/Madrid",
      locale: "en-GB",
    });
    await env.storage.putLocation(clinicId, {
      id: "las-palmas",
      name: "Las Palmas",
      timeZone: "Atlantic/Canary",
      address: "Calle Triana 1, Las Palmas",
      phone: "+34 928 000 000",
    });
    await env.storage.putCalendar(
      clinicId,
      calendarSchema.parse({
        id: "ana",
        kind: "provider",
        name: "Ana Silva",
        locationId: "las-palmas",
        timeZone: "Atlantic/Canary",
        disciplines: ["physio"],
        weekly: [],
      }),
    );
    const clock = testClock("2026-03-10T08:00:00Z");
    const worker = testWorker({
      storage: env.storage,
      channels: [env.email],
      clock,
      defaults: { settings: { quietHours: { start: "21:00", end: "08:00" } } },
    });
    // One test per SMTP server: everything it received is this clinic's.
    const mine = () => env.smtp.received;
    // 08:30 in Las Palmas (UTC in March) is 09:30 in Madrid.
    await bookDirect(env.storage, { clinicId, start: "2026-03-20T08:30:00Z", at: clock() });
    clock.now = new Date("2026-03-10T08:05:00Z");
    await drain(worker);
    const [confirmation] = mine();
    expect(confirmation?.parsed.subject).toMatch(/Friday, 20 March 2026 at 08:30$/);
    expect(confirmation?.parsed.text).toContain("08:30 (Atlantic/Canary)");
    expect(confirmation?.parsed.text).toContain(
      "Clínica Sol, Las Palmas, Calle Triana 1, Las Palmas",
    );
    expect(icsValue(confirmation?.ics, "DTSTART")).toBe("20260320T083000Z");
    expect(icsValue(confirmation?.ics, "LOCATION")).toBe(
      "Clínica Sol\\, Las Palmas\\, Calle Triana 1\\, Las Palmas",
    );

    // The 1 h reminder would be at 07:30 in Las Palmas, inside the quiet hours there (it would be
    // 08:30 in Madrid, outside them): it moves to 21:00 Las Palmas time the evening before.
    clock.now = new Date("2026-03-19T20:59:00Z");
    await drain(worker);
    expect(mine()).toHaveLength(2); // the 24 h reminder at 08:30Z on the 19th
    clock.now = new Date("2026-03-19T21:00:00Z");
    await drain(worker);
    expect(mine()).toHaveLength(3);
    clock.now = new Date("2026-03-20T07:30:00Z");
    await drain(worker);
    expect(mine()).toHaveLength(3);
    expect(mine()[2]?.parsed.text).toContain("08:30 (Atlantic/Canary)");
  });
});
