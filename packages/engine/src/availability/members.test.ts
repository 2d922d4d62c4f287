import { describe, expect, it } from "vitest";
import type { MemberRulesInput } from "../model.js";
import { planCopy, planMove } from "../series/copy-move.js";
import { planBookings } from "../series/plan-series.js";
import { appointment, provider, service, times } from "./fixtures.test-helpers.js";
import { checkBooking, computeSlots } from "./index.js";

// One therapist, two locations: ana-lisbon and ana-porto are one person (issue 21).

const lisbon = provider("ana-lisbon", "Europe/Lisbon", { memberId: "ana", locationId: "lisbon" });
const porto = provider("ana-porto", "Europe/Lisbon", { memberId: "ana", locationId: "porto" });
const bruno = provider("bruno", "Europe/Lisbon", { locationId: "porto" });
const members = [{ id: "ana", name: "Ana Silva" }];
const NOW = "2026-03-01T12:00:00Z";
const DAY = { from: "2026-03-09", to: "2026-03-09" };

describe("one member, several calendars", () => {
  it("a visit in Porto takes the same hour off Ana's Lisbon calendar, not Bruno's", () => {
    const booked = [appointment(["ana-porto"], "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z")];
    const base = { service: service(), calendars: [lisbon, porto, bruno], now: NOW, members };
    const before = computeSlots({ ...base, appointments: [], providerId: "ana-lisbon", ...DAY });
    const after = computeSlots({ ...base, appointments: booked, providerId: "ana-lisbon", ...DAY });
    expect(times(before)).toContain("10:00");
    expect(times(after)).not.toContain("10:00");
    expect(times(after)).toEqual(times(before).filter((t) => t !== "10:00"));
    const brunos = computeSlots({ ...base, appointments: booked, providerId: "bruno", ...DAY });
    expect(times(brunos)).toContain("10:00");
  });

  it("checkBooking names the cross-location clash in words; staff may override it, online never", () => {
    const booked = [
      appointment(["ana-porto"], "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z", { id: "p1" }),
    ];
    const request = {
      service: service(),
      calendars: [lisbon, porto],
      appointments: booked,
      now: NOW,
      members,
      start: "2026-03-09T10:00:00Z",
      providerId: "ana-lisbon",
    };
    const online = checkBooking({ ...request, channel: "online" });
    expect(online.ok).toBe(false);
    const clash = online.violations.find((v) => v.code === "MEMBER_BUSY");
    expect(clash).toMatchObject({
      severity: "soft",
      calendarId: "ana-lisbon",
      appointmentId: "p1",
    });
    expect(clash?.message).toBe(
      "Ana Silva is already booked in porto from 10:00 to 11:00 (calendar ana-porto): one person cannot be at two visits at once.",
    );
    expect(checkBooking({ ...request, channel: "online", overrides: ["MEMBER_BUSY"] }).ok).toBe(
      false,
    );
    expect(checkBooking({ ...request, channel: "staff" }).ok).toBe(false);
    expect(checkBooking({ ...request, channel: "staff", overrides: ["MEMBER_BUSY"] }).ok).toBe(
      true,
    );
  });

  it("a calendar without a member is not tied to anyone", () => {
    const alone = [provider("a1", "Europe/Lisbon"), provider("a2", "Europe/Lisbon")];
    const booked = [appointment(["a2"], "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z")];
    const slots = computeSlots({
      service: service(),
      calendars: alone,
      appointments: booked,
      now: NOW,
      providerId: "a1",
      ...DAY,
    });
    expect(times(slots)).toContain("10:00");
  });

  it("needs the travel time between two locations, per pair or the clinic's default", () => {
    const booked = [appointment(["ana-porto"], "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z")];
    const base = {
      service: service({ slotIntervalMinutes: 30 }),
      calendars: [lisbon, porto],
      appointments: booked,
      now: NOW,
      members,
      providerId: "ana-lisbon",
      ...DAY,
    };
    const none = times(computeSlots(base));
    expect(none).toEqual(expect.arrayContaining(["09:00", "11:00"]));
    const pair = times(
      computeSlots({
        ...base,
        travel: { defaultMinutes: 15, pairs: [{ locationIds: ["porto", "lisbon"], minutes: 45 }] },
      }),
    );
    // 45 minutes each side of 10:00–11:00: the hour before ends by 09:15, after starts at 11:45.
    expect(pair).not.toContain("09:00");
    expect(pair).not.toContain("11:30");
    expect(pair).toContain("13:00");
    const halfHour = service({ durationMinutes: 30, slotIntervalMinutes: 30 });
    const fallback = times(
      computeSlots({ ...base, service: halfHour, travel: { defaultMinutes: 30 } }),
    );
    expect(fallback.slice(0, 2)).toEqual(["09:00", "11:30"]);

    const check = checkBooking({
      ...base,
      travel: { defaultMinutes: 30 },
      start: "2026-03-09T11:00:00Z",
      channel: "staff",
    });
    expect(check.violations.map((v) => v.code)).toEqual(["TRAVEL_TIME"]);
    expect(check.violations[0]?.message).toBe(
      "Ana Silva has a visit in porto from 10:00 to 11:00 (calendar ana-porto) and needs 30 minutes to travel between porto and lisbon.",
    );
  });

  it("'any available' skips the provider whose member is busy at another location", () => {
    const lisbonBruno = provider("bruno-l", "Europe/Lisbon", { locationId: "lisbon" });
    const booked = [
      appointment(["ana-porto"], "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z"),
      // Bruno is busier that day, so Ana would be chosen first were she free.
      appointment(["bruno-l"], "2026-03-09T14:00:00Z", "2026-03-09T16:00:00Z"),
    ];
    const check = checkBooking({
      service: service(),
      calendars: [lisbon, porto, lisbonBruno],
      appointments: booked,
      now: NOW,
      members,
      start: "2026-03-09T10:00:00Z",
      locationId: "lisbon",
    });
    expect(check.ok).toBe(true);
    expect(check.assignment?.providerId).toBe("bruno-l");
  });

  it("'any available' counts a member's minutes across all their calendars", () => {
    const lisbonBruno = provider("bruno-l", "Europe/Lisbon", { locationId: "lisbon" });
    const booked = [
      // Ana: two hours in Porto that day; Bruno: one hour in Lisbon. Ana's Lisbon calendar is
      // empty, but she is the busier person, so Bruno takes the Lisbon visit.
      appointment(["ana-porto"], "2026-03-09T14:00:00Z", "2026-03-09T16:00:00Z"),
      appointment(["bruno-l"], "2026-03-09T16:00:00Z", "2026-03-09T17:00:00Z"),
    ];
    const base = {
      service: service(),
      calendars: [lisbon, porto, lisbonBruno],
      appointments: booked,
      now: NOW,
      members,
      locationId: "lisbon",
    };
    expect(checkBooking({ ...base, start: "2026-03-09T10:00:00Z" }).assignment?.providerId).toBe(
      "bruno-l",
    );
    const slot = computeSlots({ ...base, ...DAY }).find((s) => s.start.endsWith("10:00:00Z"));
    expect(slot?.providerId).toBe("bruno-l");
  });

  it("the series planner sees the member's visits on the other calendar", () => {
    const booked = [appointment(["ana-porto"], "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z")];
    const plan = planBookings({
      service: service(),
      calendars: [lisbon, porto, bruno],
      appointments: booked,
      now: NOW,
      members,
      providerId: "ana-lisbon",
      channel: "online",
      alternatives: false,
      items: [{ start: "2026-03-09T10:00:00Z" }, { start: "2026-03-10T10:00:00Z" }],
    });
    expect(plan.items.map((i) => i.status)).toEqual(["ok", "conflict"]);
    expect(plan.items[1]?.violations.map((v) => v.code)).toEqual(["MEMBER_BUSY"]);
  });
});

describe("copy and move see the member's other calendar", () => {
  const visit = appointment(["ana-lisbon"], "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z", {
    id: "t1",
  });
  const porto11 = appointment(["ana-porto"], "2026-03-11T10:00:00Z", "2026-03-11T11:00:00Z", {
    id: "p1",
  });
  const request = {
    calendars: [lisbon, porto, bruno],
    appointments: [visit, porto11],
    services: [service()],
    now: NOW,
    members,
    channel: "staff" as const,
    travel: { defaultMinutes: 60 },
    items: [{ appointmentIds: ["t1"], to: { date: "2026-03-11" } }],
  };

  it("a move onto the member's Porto hour conflicts, with the nearest start travel allows", () => {
    const plan = planMove(request);
    expect(plan.items.map((i) => [i.status, i.alternative?.start])).toEqual([
      ["conflict", "2026-03-11T13:00:00Z"],
    ]);
    expect(plan.items[0]?.violations.map((v) => v.code)).toEqual(["MEMBER_BUSY"]);
  });

  it("a copy too", () => {
    const plan = planCopy(request);
    expect(plan.items[0]?.status).toBe("conflict");
    expect(plan.items[0]?.violations.map((v) => v.code)).toEqual(["MEMBER_BUSY"]);
  });
});

describe("member limits", () => {
  const capped: MemberRulesInput[] = [
    { id: "ana", name: "Ana Silva", limits: [{ period: "day", maxSessions: 2 }] },
  ];
  const twoBooked = [
    appointment(["ana-porto"], "2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z"),
    appointment(["ana-lisbon"], "2026-03-09T14:00:00Z", "2026-03-09T15:00:00Z"),
  ];

  it("a full day offers nothing online on any of the member's calendars; the next day is open", () => {
    const slots = computeSlots({
      service: service(),
      calendars: [lisbon, porto],
      appointments: twoBooked,
      now: NOW,
      members: capped,
      from: "2026-03-09",
      to: "2026-03-10",
    });
    expect(slots.filter((s) => s.start.startsWith("2026-03-09"))).toEqual([]);
    expect(slots.filter((s) => s.start.startsWith("2026-03-10")).length).toBeGreaterThan(0);
  });

  it("over the limit is a soft MEMBER_LIMIT staff may override", () => {
    const request = {
      service: service(),
      calendars: [lisbon, porto],
      appointments: twoBooked,
      now: NOW,
      members: capped,
      start: "2026-03-09T16:00:00Z",
      providerId: "ana-lisbon",
    };
    const check = checkBooking({ ...request, channel: "staff" });
    expect(check.violations).toEqual([
      expect.objectContaining({
        code: "MEMBER_LIMIT",
        severity: "soft",
        message: "Ana Silva works at most 2 sessions a day: this visit would go over it.",
      }),
    ]);
    expect(checkBooking({ ...request, channel: "staff", overrides: ["MEMBER_LIMIT"] }).ok).toBe(
      true,
    );
  });

  it("minutes per week, only for the listed services", () => {
    const weekly: MemberRulesInput[] = [
      {
        id: "ana",
        limits: [{ period: "week", maxMinutes: 120, serviceIds: ["physio"] }],
      },
    ];
    const booked = [
      // Monday and Tuesday of the same ISO week: 120 physio minutes.
      appointment(["ana-porto"], "2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z"),
      appointment(["ana-lisbon"], "2026-03-10T09:00:00Z", "2026-03-10T10:00:00Z"),
    ];
    const base = {
      calendars: [lisbon, porto],
      appointments: booked,
      now: NOW,
      members: weekly,
      providerId: "ana-lisbon",
    };
    expect(
      computeSlots({ ...base, service: service(), from: "2026-03-11", to: "2026-03-13" }),
    ).toEqual([]);
    // The next week starts fresh; another service is not capped.
    expect(
      computeSlots({ ...base, service: service(), from: "2026-03-16", to: "2026-03-16" }).length,
    ).toBeGreaterThan(0);
    expect(
      computeSlots({
        ...base,
        service: service({ id: "massage" }),
        from: "2026-03-11",
        to: "2026-03-11",
      }).length,
    ).toBeGreaterThan(0);
  });

  it("regression: two visits staff booked over each other are two sessions, not one", () => {
    const one: MemberRulesInput[] = [{ id: "ana", limits: [{ period: "day", maxSessions: 2 }] }];
    const overlapping = [
      appointment(["ana-lisbon"], "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z"),
      appointment(["ana-porto"], "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z"),
    ];
    const slots = computeSlots({
      service: service(),
      calendars: [lisbon, porto],
      appointments: overlapping,
      now: NOW,
      members: one,
      ...DAY,
    });
    expect(slots).toEqual([]);
  });

  it("joining a class already held at that time adds no session", () => {
    const cls = service({ id: "pilates", capacity: 4 });
    const one: MemberRulesInput[] = [{ id: "ana", limits: [{ period: "day", maxSessions: 1 }] }];
    const booked = [
      appointment(["ana-lisbon"], "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z", {
        serviceId: "pilates",
      }),
    ];
    const slots = computeSlots({
      service: cls,
      calendars: [lisbon, porto],
      appointments: booked,
      now: NOW,
      members: one,
      ...DAY,
    });
    expect(slots.map((s) => [s.providerId, s.start.slice(11, 16)])).toEqual([
      ["ana-lisbon", "10:00"],
    ]);
  });
});
