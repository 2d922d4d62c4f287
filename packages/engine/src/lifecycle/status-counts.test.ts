import { describe, expect, it } from "vitest";
import type { AppointmentStatus } from "../model.js";
import { countStatuses } from "./status-counts.js";

const at = (id: string, start: string, status: AppointmentStatus) => ({ id, start, status });

describe("countStatuses", () => {
  const appointments = [
    at("a", "2026-03-29T00:30:00+00:00", "booked"), // Lisbon: 29 Mar 00:30 (before the 01:00 jump)
    at("b", "2026-03-29T22:59:00Z", "confirmed"), // Lisbon (WEST, +1): 29 Mar 23:59
    at("c", "2026-03-29T23:00:00Z", "arrived"), // Lisbon: 30 Mar 00:00
    at("d", "2026-03-28T23:59:00Z", "no_show"), // Lisbon (WET, +0): 28 Mar 23:59
    at("e", "2026-03-29T10:00:00Z", "canceled"),
    at("f", "2026-03-29T11:00:00Z", "rebooked"),
    at("g", "2026-03-29T12:00:00Z", "completed"),
  ];

  it("counts a DST day by its local boundaries and hides canceled and rebooked", () => {
    const result = countStatuses({ appointments, from: "2026-03-29", timeZone: "Europe/Lisbon" });
    expect(result.total).toBe(3);
    expect(result.statuses).toEqual([
      { status: "booked", count: 1 },
      { status: "confirmed", count: 1 },
      { status: "arrived", count: 0 },
      { status: "started", count: 0 },
      { status: "completed", count: 1 },
      { status: "no_show", count: 0 },
    ]);
  });

  it("includes hidden statuses on request and splits a range by local day", () => {
    const result = countStatuses({
      appointments,
      from: "2026-03-28",
      to: "2026-03-30",
      timeZone: "Europe/Lisbon",
      includeHidden: true,
    });
    expect(result.days.map((d) => [d.date, d.total])).toEqual([
      ["2026-03-28", 1],
      ["2026-03-29", 5],
      ["2026-03-30", 1],
    ]);
    expect(result.statuses.find((s) => s.status === "canceled")?.count).toBe(1);
    expect(result.total).toBe(7);
  });

  it("uses the calendar's zone, not UTC", () => {
    const ny = countStatuses({ appointments, from: "2026-03-29", timeZone: "America/New_York" });
    // New York (EDT, -4): a → 28 Mar 20:30, d → 28 Mar 19:59, b → 29 Mar 18:59, c → 29 Mar 19:00, g → 08:00
    expect(ny.total).toBe(3);
    expect(ny.statuses.find((s) => s.status === "arrived")?.count).toBe(1);
  });

  it("rejects a range that ends before it starts, naming the field", () => {
    expect(() =>
      countStatuses({ appointments, from: "2026-03-29", to: "2026-03-28", timeZone: "UTC" }),
    ).toThrow(/statusCounts\.to/);
  });
});
