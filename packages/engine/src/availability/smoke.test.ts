import { describe, expect, it } from "vitest";
import { appointment, provider, service, times } from "./fixtures.test-helpers.js";
import { checkBooking, computeSlots } from "./index.js";

describe("smoke", () => {
  it("offers a day of hourly slots around a break", () => {
    const slots = computeSlots({
      service: service(),
      calendars: [provider("ana")],
      appointments: [appointment(["ana"], "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z")],
      from: "2026-03-09",
      to: "2026-03-09",
      now: "2026-03-01T00:00:00Z",
    });
    expect(times(slots)).toEqual(["09:00", "11:00", "13:00", "14:00", "15:00", "16:00"]);
    const check = checkBooking({
      service: service(),
      calendars: [provider("ana")],
      appointments: [appointment(["ana"], "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z")],
      start: "2026-03-09T10:00:00Z",
      providerId: "ana",
      now: "2026-03-01T00:00:00Z",
    });
    expect(check.violations.map((v) => v.code)).toEqual(["OVERLAP"]);
  });
});
