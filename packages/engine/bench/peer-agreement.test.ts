import { getSlots } from "slot-calculator";
import { describe, expect, it } from "vitest";
import { computeSlots } from "../src/index.js";
import { bookings, engineQuery, peerInput } from "./cases.js";

// The benchmark compares like with like: on its inputs both libraries must offer the same slots.
describe("benchmark inputs", () => {
  it.each([
    [31, 20],
    [90, 60],
  ])(
    "%i days with %i bookings: engine and slot-calculator offer the same starts",
    (days, count) => {
      const appointments = bookings(count, days, ["p1"]);
      const ours = computeSlots(engineQuery(days, appointments, ["p1"])).map((s) => s.startMs);
      const peer = getSlots(peerInput(days, appointments)).availableSlots.map((s) =>
        Date.parse(s.from),
      );
      expect(ours.length).toBeGreaterThan(300);
      expect(ours).toEqual(peer);
    },
  );
});
