import { describe, expect, it } from "vitest";
import { appointment, provider, service } from "./fixtures.test-helpers.js";
import { checkBooking, computeSlots } from "./index.js";

const NOW = "2026-03-01T00:00:00Z";
const base = {
  service: service(),
  calendars: [
    provider("ana"),
    provider("bea"),
    provider("carla", "Europe/Lisbon", { disciplines: ["massage"] }),
    provider("duarte", "Europe/Lisbon", { locationId: "porto" }),
    provider("room-1", "Europe/Lisbon", {
      kind: "room",
      resourceKind: "treatment-room",
      disciplines: [],
    }),
    provider("room-2", "Europe/Lisbon", {
      kind: "room",
      resourceKind: "treatment-room",
      disciplines: [],
    }),
    provider("room-p", "Europe/Lisbon", {
      kind: "room",
      resourceKind: "treatment-room",
      disciplines: [],
      locationId: "porto",
    }),
    provider("laser", "Europe/Lisbon", {
      kind: "equipment",
      resourceKind: "laser",
      disciplines: [],
    }),
  ],
  appointments: [
    appointment(["ana"], "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z", { id: "busy-10" }),
  ],
  now: NOW,
};
const codes = (r: { violations: { code: string }[] }) => r.violations.map((v) => v.code).sort();

describe("checkBooking", () => {
  it("accepts a free start on the grid", () => {
    const r = checkBooking({ ...base, start: "2026-03-09T09:00:00Z", providerId: "ana" });
    expect(r).toMatchObject({
      ok: true,
      violations: [],
      blocking: [],
      start: "2026-03-09T09:00:00Z",
      end: "2026-03-09T10:00:00Z",
    });
    expect(r.assignment).toEqual({ providerId: "ana", resourceIds: [], calendarIds: ["ana"] });
  });

  it.each([
    ["2026-03-09T10:00:00Z", ["OVERLAP"]],
    ["2026-03-09T12:00:00Z", ["IN_BREAK"]],
    ["2026-03-09T17:00:00Z", ["OUTSIDE_SHIFT"]],
    ["2026-03-09T16:30:00Z", ["OUTSIDE_SHIFT"]],
    ["2026-03-09T09:30:00Z", ["OFF_GRID", "OVERLAP"]],
    ["2026-03-07T10:00:00Z", ["OUTSIDE_SHIFT"]],
    ["2026-02-27T10:00:00Z", ["PAST"]],
  ])("%s → %j", (start, expected) => {
    expect(codes(checkBooking({ ...base, start, providerId: "ana" }))).toEqual(expected);
  });

  it("reports BUFFER when only the buffers collide", () => {
    const r = checkBooking({
      ...base,
      service: service({ bufferAfterMinutes: 10 }),
      start: "2026-03-09T09:00:00Z",
      providerId: "ana",
    });
    expect(r.violations).toEqual([
      expect.objectContaining({
        code: "BUFFER",
        severity: "soft",
        calendarId: "ana",
        appointmentId: "busy-10",
      }),
    ]);
  });

  it("reports LEAD_TIME and HORIZON", () => {
    expect(
      codes(
        checkBooking({
          ...base,
          service: service({ leadTimeMinutes: 120 }),
          now: "2026-03-09T08:00:00Z",
          start: "2026-03-09T09:00:00Z",
          providerId: "ana",
        }),
      ),
    ).toEqual(["LEAD_TIME"]);
    expect(
      codes(
        checkBooking({
          ...base,
          service: service({ horizonDays: 7 }),
          start: "2026-03-09T09:00:00Z",
          providerId: "ana",
        }),
      ),
    ).toEqual(["HORIZON"]);
    expect(
      codes(
        checkBooking({
          ...base,
          service: service({ horizonDays: 8 }),
          start: "2026-03-09T16:00:00Z",
          providerId: "ana",
        }),
      ),
    ).toEqual([]);
  });

  it("online every violation blocks; staff may override soft ones but never hard ones", () => {
    const online = checkBooking({
      ...base,
      start: "2026-03-09T10:00:00Z",
      providerId: "ana",
      channel: "online",
      overrides: "all-soft",
    });
    expect(online.ok).toBe(false);
    const staffNoOverride = checkBooking({
      ...base,
      start: "2026-03-09T10:00:00Z",
      providerId: "ana",
      channel: "staff",
    });
    expect(staffNoOverride.blocking.map((v) => v.code)).toEqual(["OVERLAP"]);
    const staff = checkBooking({
      ...base,
      start: "2026-03-09T10:00:00Z",
      providerId: "ana",
      channel: "staff",
      overrides: ["OVERLAP"],
    });
    expect(staff).toMatchObject({ ok: true, blocking: [] });
    expect(staff.violations.map((v) => v.code)).toEqual(["OVERLAP"]);
    const mismatch = checkBooking({
      ...base,
      start: "2026-03-09T09:00:00Z",
      providerId: "carla",
      channel: "staff",
      overrides: "all-soft",
    });
    expect(mismatch.ok).toBe(false);
    expect(mismatch.blocking).toEqual([
      expect.objectContaining({ code: "DISCIPLINE_MISMATCH", severity: "hard" }),
    ]);
  });

  it("location mismatch and catalog are hard", () => {
    const porto = checkBooking({
      ...base,
      service: service({ locationIds: ["main"] }),
      start: "2026-03-09T09:00:00Z",
      providerId: "duarte",
      channel: "staff",
      overrides: "all-soft",
    });
    expect(porto.blocking.map((v) => v.code)).toEqual(["LOCATION_MISMATCH"]);
    const catalog = checkBooking({
      ...base,
      service: service({ providerIds: ["bea"] }),
      start: "2026-03-09T09:00:00Z",
      providerId: "ana",
    });
    expect(codes(catalog)).toEqual(["SERVICE_NOT_OFFERED"]);
  });

  it("any available picks the least booked free provider, then by id", () => {
    const r = checkBooking({ ...base, start: "2026-03-09T10:00:00Z", providerId: "any" });
    expect(r.ok).toBe(true);
    expect(r.assignment?.providerId).toBe("bea");
    const quiet = checkBooking({ ...base, start: "2026-03-10T10:00:00Z", providerId: "any" });
    expect(quiet.assignment?.providerId).toBe("ana");
  });

  it("any available counts the time a provider is held, so a class of six is one hour, not six (the class teacher looked six hours booked and got no visits)", () => {
    const pilates = service({ id: "pilates", capacity: 6 });
    const ana = provider("ana", "UTC");
    const bea = provider("bea", "UTC");
    const appointments = [
      ...Array.from({ length: 6 }, () =>
        appointment(["ana"], "2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z", {
          serviceId: "pilates",
        }),
      ),
      // Two visits staff booked over each other: the overlapping hour is held once.
      appointment(["ana"], "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z"),
      appointment(["ana"], "2026-03-09T10:30:00Z", "2026-03-09T11:00:00Z"),
      appointment(["bea"], "2026-03-09T13:00:00Z", "2026-03-09T14:00:00Z"),
      appointment(["bea"], "2026-03-09T14:00:00Z", "2026-03-09T15:00:00Z"),
      appointment(["bea"], "2026-03-09T15:00:00Z", "2026-03-09T16:00:00Z"),
    ];
    const request = {
      service: service(),
      services: [pilates],
      calendars: [ana, bea],
      appointments,
      now: NOW,
      providerId: "any",
    };
    // Ana holds 2 hours (the class, then 10:00–11:00), Bea 3: Ana takes the free starts.
    expect(checkBooking({ ...request, start: "2026-03-09T11:00:00Z" }).assignment?.providerId).toBe(
      "ana",
    );
    const slots = computeSlots({ ...request, from: "2026-03-09", to: "2026-03-09" });
    expect(slots.map((s) => `${s.start.slice(11, 16)} ${s.providerId}`)).toEqual([
      "09:00 bea",
      "10:00 bea",
      "11:00 ana",
      "13:00 ana",
      "14:00 ana",
      "15:00 ana",
      "16:00 ana",
    ]);
  });

  it("any available with nobody free reports the first candidate's violations", () => {
    const appointments = [
      ...base.appointments,
      appointment(["bea"], "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z"),
      appointment(["duarte"], "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z"),
    ];
    const r = checkBooking({
      ...base,
      appointments,
      start: "2026-03-09T10:00:00Z",
      providerId: "any",
    });
    expect(r.ok).toBe(false);
    expect(codes(r)).toEqual(["OVERLAP"]);
  });

  it("NO_PROVIDER and UNKNOWN_CALENDAR are hard", () => {
    const none = checkBooking({
      ...base,
      service: service({ discipline: "acupuncture" }),
      start: "2026-03-09T09:00:00Z",
      providerId: "any",
      channel: "staff",
      overrides: "all-soft",
    });
    expect(none.blocking.map((v) => v.code)).toEqual(["NO_PROVIDER"]);
    expect(none.assignment).toBeNull();
    const unknown = checkBooking({ ...base, start: "2026-03-09T09:00:00Z", providerId: "zoe" });
    expect(unknown.blocking.map((v) => [v.code, v.severity])).toEqual([
      ["UNKNOWN_CALENDAR", "hard"],
    ]);
  });

  it("assigns a room and equipment when the service needs them", () => {
    const svc = service({ resourceKinds: ["treatment-room", "laser"] });
    const appointments = [
      appointment(["bea", "room-1"], "2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z"),
    ];
    const r = checkBooking({
      ...base,
      service: svc,
      appointments,
      start: "2026-03-09T09:00:00Z",
      providerId: "ana",
    });
    expect(r.ok).toBe(true);
    expect(r.assignment).toEqual({
      providerId: "ana",
      resourceIds: ["room-2", "laser"],
      calendarIds: ["ana", "room-2", "laser"],
    });
  });

  it("checks rooms the caller names: kind, location, time", () => {
    const svc = service({ resourceKinds: ["treatment-room"] });
    const at = { ...base, service: svc, start: "2026-03-09T09:00:00Z", providerId: "ana" };
    expect(codes(checkBooking({ ...at, resourceIds: ["room-p"] }))).toEqual(["LOCATION_MISMATCH"]);
    expect(codes(checkBooking({ ...at, resourceIds: ["laser"] }))).toEqual([
      "MISSING_RESOURCE",
      "WRONG_CALENDAR_KIND",
    ]);
    expect(codes(checkBooking({ ...at, resourceIds: [] }))).toEqual(["MISSING_RESOURCE"]);
    expect(codes(checkBooking({ ...at, resourceIds: ["nope"] }))).toEqual([
      "MISSING_RESOURCE",
      "UNKNOWN_CALENDAR",
    ]);
    const busyRoom = [
      appointment(["bea", "room-1"], "2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z"),
    ];
    expect(
      checkBooking({ ...at, appointments: busyRoom, resourceIds: ["room-1"] }).violations,
    ).toEqual([expect.objectContaining({ code: "OVERLAP", calendarId: "room-1" })]);
  });

  it("a service that needs two rooms gets two different rooms, never the same one twice", () => {
    const svc = service({ resourceKinds: ["treatment-room", "treatment-room"] });
    const at = { ...base, service: svc, start: "2026-03-09T09:00:00Z", providerId: "ana" };
    expect(checkBooking(at).assignment?.resourceIds).toEqual(["room-1", "room-2"]);
    // With one room busy there is no second one at the location: it used to assign room-1 twice.
    const busyRoom = [
      appointment(["bea", "room-2"], "2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z"),
    ];
    const oneLeft = checkBooking({ ...at, appointments: busyRoom });
    expect(oneLeft.ok).toBe(false);
    expect(oneLeft.assignment?.resourceIds).toEqual(["room-1", "room-2"]);
    expect(codes(oneLeft)).toEqual(["OVERLAP"]);
    const alone = { ...at, calendars: base.calendars.filter((c) => c.id !== "room-2") };
    expect(codes(checkBooking(alone))).toEqual(["MISSING_RESOURCE"]);
    expect(computeSlots({ ...alone, from: "2026-03-09", to: "2026-03-09" })).toEqual([]);
    // Rooms the caller names are counted too: the same room twice, or one for two, is refused.
    expect(codes(checkBooking({ ...at, resourceIds: ["room-1", "room-1"] }))).toEqual([
      "MISSING_RESOURCE",
      "WRONG_CALENDAR_KIND",
    ]);
    expect(codes(checkBooking({ ...at, resourceIds: ["room-1"] }))).toEqual(["MISSING_RESOURCE"]);
    expect(checkBooking({ ...at, resourceIds: ["room-2", "room-1"] }).ok).toBe(true);
  });

  it("a room that lists disciplines suits only those; one that lists none suits all", () => {
    const svc = service({ resourceKinds: ["treatment-room"] });
    const rooms = base.calendars.map((c) =>
      c.id === "room-1" ? { ...c, disciplines: ["massage"] } : c,
    );
    const at = { ...base, service: svc, calendars: rooms, start: "2026-03-09T09:00:00Z" };
    // The massage room used to be assigned to (and accepted for) a physio session.
    expect(checkBooking({ ...at, providerId: "ana" }).assignment?.resourceIds).toEqual(["room-2"]);
    const named = checkBooking({ ...at, providerId: "ana", resourceIds: ["room-1"] });
    expect(named.violations.map((v) => [v.code, v.severity, v.calendarId])).toEqual([
      ["DISCIPLINE_MISMATCH", "hard", "room-1"],
    ]);
    const staff = checkBooking({
      ...at,
      providerId: "ana",
      resourceIds: ["room-1"],
      channel: "staff",
      overrides: "all-soft",
    });
    expect(staff.ok).toBe(false);
    const onlyMassageRoom = rooms.filter((c) => c.id !== "room-2");
    expect(
      computeSlots({
        ...at,
        calendars: onlyMassageRoom,
        providerId: "ana",
        from: "2026-03-09",
        to: "2026-03-09",
      }),
    ).toEqual([]);
  });

  it("MISSING_RESOURCE when the location has no calendar of that kind", () => {
    const r = checkBooking({
      ...base,
      service: service({ resourceKinds: ["pool"] }),
      start: "2026-03-09T09:00:00Z",
      providerId: "ana",
    });
    expect(r.blocking.map((v) => [v.code, v.severity])).toEqual([["MISSING_RESOURCE", "hard"]]);
  });

  it("a class counts places; staff may squeeze one more in with CAPACITY", () => {
    const svc = service({ id: "pilates", capacity: 2 });
    const appointments = [1, 2].map(() =>
      appointment(["bea"], "2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z", {
        serviceId: "pilates",
      }),
    );
    const online = checkBooking({
      ...base,
      service: svc,
      appointments,
      start: "2026-03-09T09:00:00Z",
      providerId: "bea",
    });
    expect(codes(online)).toEqual(["CAPACITY"]);
    const staff = checkBooking({
      ...base,
      service: svc,
      appointments,
      start: "2026-03-09T09:00:00Z",
      providerId: "bea",
      channel: "staff",
      overrides: ["CAPACITY"],
    });
    expect(staff.ok).toBe(true);
  });

  it("excludes the visit being moved from the busy set", () => {
    const moved = checkBooking({
      ...base,
      start: "2026-03-09T10:00:00Z",
      providerId: "ana",
      excludeAppointmentIds: ["busy-10"],
    });
    expect(moved.ok).toBe(true);
  });

  it("a service not bookable online is refused online and fine for staff", () => {
    const svc = service({ onlineBookable: false });
    expect(
      codes(
        checkBooking({ ...base, service: svc, start: "2026-03-09T09:00:00Z", providerId: "ana" }),
      ),
    ).toEqual(["NOT_BOOKABLE_ONLINE"]);
    expect(
      checkBooking({
        ...base,
        service: svc,
        start: "2026-03-09T09:00:00Z",
        providerId: "ana",
        channel: "staff",
      }).ok,
    ).toBe(true);
  });

  it("an inactive provider is refused", () => {
    const calendars = [provider("ana", "Europe/Lisbon", { active: false })];
    expect(
      codes(checkBooking({ ...base, calendars, start: "2026-03-09T09:00:00Z", providerId: "ana" })),
    ).toEqual(["CALENDAR_INACTIVE"]);
  });

  it("a removed (inactive) service is refused on every channel and has no free times", () => {
    const removed = service({ active: false });
    const at = { ...base, service: removed, start: "2026-03-09T09:00:00Z", providerId: "ana" };
    expect(codes(checkBooking({ ...at, channel: "staff", overrides: "all-soft" }))).toEqual([
      "SERVICE_INACTIVE",
    ]);
    expect(codes(checkBooking({ ...at, channel: "online" }))).toEqual(["SERVICE_INACTIVE"]);
    const window = { from: "2026-03-09", to: "2026-03-09" };
    expect(computeSlots({ ...base, ...window, providerId: "any", channel: "staff" })).not.toEqual(
      [],
    );
    expect(
      computeSlots({ ...base, ...window, service: removed, providerId: "any", channel: "staff" }),
    ).toEqual([]);
  });
});
