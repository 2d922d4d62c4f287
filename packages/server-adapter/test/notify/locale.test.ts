// Regression: a patient who booked online in Spanish got the confirmation and reminders of every
// follow-up the front desk booked for them in the clinic's Portuguese. The desk's bookings carry
// no locale, so messages now fall back to the client's own, then to the one the patient chose on
// their latest booking, before the clinic's. Received over a real SMTP server.

import { describe, expect, test } from "vitest";
import { testClock } from "../helpers.js";
import { storageFactories } from "../storages.js";
import { bookDirect, drain, seedSmallClinic, storageWithSmtp, testWorker } from "./helpers.js";

describe.each(storageFactories)("the patient's language on $name", (factory) => {
  const env = storageWithSmtp(factory);

  test("regression: follow-ups booked at the desk were written in the clinic's language, not the one the patient chose", async () => {
    const clinicId = await seedSmallClinic(env.storage, { locale: "pt-PT" });
    const clock = testClock();
    const worker = testWorker({ storage: env.storage, channels: [env.email], clock });
    const first = await bookDirect(env.storage, {
      clinicId,
      start: "2026-03-09T09:00:00Z",
      at: clock(),
      details: { locale: "es-ES" },
    });
    clock.advance(3);
    await drain(worker);
    // The desk books the follow-up a few minutes later (no locale on it).
    clock.advance(10);
    const followUp = await bookDirect(env.storage, {
      clinicId,
      start: "2026-03-16T09:00:00Z",
      at: clock(),
    });
    clock.advance(3);
    await drain(worker);
    clock.now = new Date("2026-03-15T09:30:00Z");
    await drain(worker);
    const about = (id: string) =>
      env.smtp.received
        .filter((m) => m.parsed.messageId?.includes(id))
        .map((m) => [m.parsed.subject?.split(":")[0], m.parsed.headers.get("content-language")]);
    expect(about(first.id)[0]).toEqual(["Cita confirmada", "es-ES"]);
    expect(about(followUp.id)).toEqual([
      ["Cita confirmada", "es-ES"],
      ["Recordatorio", "es-ES"],
    ]);
    // A client record's own locale wins over earlier bookings; without either, the clinic's.
    await env.storage.putClient(clinicId, {
      id: "maria",
      name: "Maria Santos",
      email: "maria@example.com",
      phone: "+351912345678",
      locale: "en-GB",
    });
    const third = await bookDirect(env.storage, {
      clinicId,
      start: "2026-03-23T09:00:00Z",
      at: clock(),
    });
    clock.advance(3);
    await drain(worker);
    expect(about(third.id)[0]).toEqual(["Booking confirmed", "en-GB"]);
  });
});
