import { describe, expect, it } from "vitest";
import { weekOfSlots } from "./week.ts";

describe("examples/node-engine", () => {
  it("prints a week of slots for the sample clinic, skipping booked times", () => {
    const out = weekOfSlots("2026-11-18");
    expect(out).toContain("week of 2026-11-23");
    expect(out).toMatch(/Physio session \(50 min, €35\.00\): \d+ free times/);
    // Monday: Ana has physio at 09:00 and 11:00, Bruno an assessment 09:00–10:00 (+10 min
    // buffer). So physio starts at 08:00 with Bruno, nobody is free at 09:00, and 10:00 goes to
    // Ana because Bruno's buffer runs to 10:10.
    const physioBlock = out.split("\n\n").find((b) => b.startsWith("Physio session")) ?? "";
    expect(physioBlock).toContain("2026-11-23  08:00 bruno  10:00 ana  11:00 bruno");
    expect(physioBlock).not.toContain("2026-11-28");
  });
});
