import { describe, expect, it } from "vitest";
import { computeSlots, type SlotQuery } from "../src/index.js";
import { CASES, peerSlots, prepare, small } from "./cases.js";

// The benchmark compares like with like: on its inputs both libraries must offer the same starts,
// in the same output zone. The big cases run here at a small size (same shape: several
// providers, rooms); the one-provider cases run at full size, a year included.
describe("benchmark inputs", () => {
  it.each(CASES.map((c) => [c.key, c.providers === 1 ? c : small(c)] as const))(
    "%s: engine and slot-calculator offer the same starts",
    (_key, c) => {
      const p = prepare(c);
      const ours = computeSlots(p.query as SlotQuery);
      const peer = peerSlots(p);
      expect(ours.length).toBeGreaterThan(50);
      expect(ours.map((s) => s.startMs)).toEqual(peer.map((s) => Date.parse(s)));
      // Same local wall time and offset (the peer writes 09:00:00.000-05:00 and +00:00 for Z).
      expect(ours.map((s) => s.start)).toEqual(
        peer.map((s) => s.replace(".000", "").replace(/\+00:00$/, "Z")),
      );
    },
  );
});
