import { describe, expect, it } from "vitest";
import { isEngineError } from "../errors.js";
import type { CalendarInput, DateOverride } from "../model.js";
import { appointment, provider, service, times } from "./fixtures.test-helpers.js";
import { checkBooking, computeSlots } from "./index.js";

const NOW = "2026-03-01T00:00:00Z";
const MONDAY = "2026-03-09"; // Lisbon is on UTC (WET) that day

describe("computeSlots: hours, breaks and the grid", () => {
  it("offers hourly starts from 09:00 and skips the lunch break", () => {
    const slots = computeSlots({
      service: service(),
      calendars: [provider("ana")],
      appointments: [],
      from: MONDAY,
      to: MONDAY,
      now: NOW,
    });
    expect(times(slots)).toEqual(["09:00", "10:00", "11:00", "13:00", "14:00", "15:00", "16:00"]);
    expect(slots[0]).toMatchObject({
      start: "2026-03-09T09:00:00Z",
      end: "2026-03-09T10:00:00Z",
      providerId: "ana",
      remaining: 1,
    });
  });

  it("anchors the grid at a 09:30 shift start, not at the hour", () => {
    const ana = provider("ana", "Europe/Lisbon", {
      weekly: [{ weekday: 1, start: "09:30", end: "12:30" }],
    });
    const slots = computeSlots({
      service: service(),
      calendars: [ana],
      appointments: [],
      from: MONDAY,
      to: MONDAY,
      now: NOW,
    });
    expect(times(slots)).toEqual(["09:30", "10:30", "11:30"]);
  });

  it("re-anchors after a break: 08–12 and 12:30–17:30 offers 12:30", () => {
    const ana = provider("ana", "Europe/Lisbon", {
      weekly: [
        { weekday: 1, start: "08:00", end: "17:30", breaks: [{ start: "12:00", end: "12:30" }] },
      ],
    });
    const slots = computeSlots({
      service: service(),
      calendars: [ana],
      appointments: [],
      from: MONDAY,
      to: MONDAY,
      now: NOW,
    });
    expect(times(slots)).toEqual([
      "08:00",
      "09:00",
      "10:00",
      "11:00",
      "12:30",
      "13:30",
      "14:30",
      "15:30",
      "16:30",
    ]);
  });

  it("steps by the slot interval when it differs from the duration", () => {
    const slots = computeSlots({
      service: service({ durationMinutes: 50, slotIntervalMinutes: 30 }),
      calendars: [
        provider("ana", "Europe/Lisbon", {
          weekly: [{ weekday: 1, start: "09:00", end: "11:00" }],
        }),
      ],
      appointments: [],
      from: MONDAY,
      to: MONDAY,
      now: NOW,
    });
    expect(times(slots)).toEqual(["09:00", "09:30", "10:00"]);
  });

  it("never offers a slot that runs past the end of the shift", () => {
    const ana = provider("ana", "Europe/Lisbon", {
      weekly: [{ weekday: 1, start: "09:00", end: "11:30" }],
    });
    const slots = computeSlots({
      service: service(),
      calendars: [ana],
      appointments: [],
      from: MONDAY,
      to: MONDAY,
      now: NOW,
    });
    expect(times(slots)).toEqual(["09:00", "10:00"]);
  });

  it("honours validFrom / validUntil of weekly shifts", () => {
    const ana = provider("ana", "Europe/Lisbon", {
      weekly: [
        { weekday: 1, start: "09:00", end: "10:00", validUntil: "2026-03-09" },
        { weekday: 1, start: "14:00", end: "15:00", validFrom: "2026-03-16" },
      ],
    });
    const slots = computeSlots({
      service: service(),
      calendars: [ana],
      appointments: [],
      from: MONDAY,
      to: "2026-03-16",
      now: NOW,
    });
    expect(slots.map((s) => s.start)).toEqual(["2026-03-09T09:00:00Z", "2026-03-16T14:00:00Z"]);
  });
});

describe("computeSlots: each local day keeps its own grid", () => {
  it("a night shift running into the next morning's shift does not hide that morning", () => {
    const ana = provider("ana", "Europe/Lisbon", {
      weekly: [
        { weekday: 1, start: "22:00", end: "06:00" },
        { weekday: 2, start: "06:00", end: "10:00" },
      ],
    });
    const slots = computeSlots({
      service: service(),
      calendars: [ana],
      appointments: [],
      from: "2026-03-10",
      to: "2026-03-10",
      now: NOW,
    });
    expect(times(slots)).toEqual(["06:00", "07:00", "08:00", "09:00"]);
  });

  it("overlapping shifts of two days offer each start once, sorted", () => {
    const ana = provider("ana", "Europe/Lisbon", {
      weekly: [
        { weekday: 1, start: "22:00", end: "08:00" },
        { weekday: 2, start: "05:30", end: "09:30" },
      ],
    });
    const slots = computeSlots({
      service: service(),
      calendars: [ana],
      appointments: [],
      from: MONDAY,
      to: "2026-03-10",
      now: NOW,
    });
    const starts = slots.map((s) => s.start);
    expect(starts).toEqual([...new Set(starts)].sort());
    expect(times(slots)).toEqual(
      ["22:00", "23:00", "00:00", "01:00", "02:00", "03:00", "04:00", "05:00"].concat([
        "05:30",
        "06:00",
        "06:30",
        "07:00",
        "07:30",
        "08:30",
      ]),
    );
  });

  it("checkBooking accepts every start of a 24/7 calendar on a 50-minute grid, whatever the range", () => {
    const ana = provider("ana", "Europe/Lisbon", {
      weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "00:00", end: "24:00" })),
    });
    const query = {
      service: service({ durationMinutes: 50 }),
      calendars: [ana],
      appointments: [],
      now: NOW,
    };
    const slots = computeSlots({ ...query, from: "2026-03-10", to: "2026-03-12" });
    expect(slots).toHaveLength(3 * 28);
    for (const slot of slots) {
      const verdict = checkBooking({ ...query, start: slot.start, providerId: "ana" });
      expect(verdict.violations).toEqual([]);
    }
    // A start that runs over midnight into the next day's shift is not on any day's grid.
    const over = checkBooking({ ...query, start: "2026-03-10T23:30:00Z", providerId: "ana" });
    expect(over.violations.map((v) => v.code)).toEqual(["OFF_GRID"]);
  });
});

describe("computeSlots: overrides and time off", () => {
  const run = (ana: CalendarInput, from = MONDAY, to = MONDAY) =>
    times(
      computeSlots({ service: service(), calendars: [ana], appointments: [], from, to, now: NOW }),
    );

  it("a closed day offers nothing", () => {
    expect(
      run(provider("ana", "Europe/Lisbon", { overrides: [{ type: "closed", date: MONDAY }] })),
    ).toEqual([]);
  });

  it("a closed day offers nothing, not even extra hours added on that date (the whole-day closure and 00:00–24:00 agree)", () => {
    const extra: DateOverride = {
      type: "extra",
      date: MONDAY,
      hours: [{ start: "18:00", end: "20:00" }],
    };
    const replaced: DateOverride = {
      type: "hours",
      date: MONDAY,
      hours: [{ start: "14:00", end: "16:00" }],
    };
    const wholeDay = provider("ana", "Europe/Lisbon", {
      overrides: [{ type: "closed", date: MONDAY }, extra, replaced],
    });
    const spelledOut = provider("ana", "Europe/Lisbon", {
      overrides: [{ type: "closed", date: MONDAY, start: "00:00", end: "24:00" }, extra, replaced],
    });
    expect(run(wholeDay)).toEqual([]);
    expect(run(spelledOut)).toEqual([]);
    const verdict = checkBooking({
      service: service(),
      calendars: [wholeDay],
      appointments: [],
      now: NOW,
      start: "2026-03-09T18:00:00Z",
      providerId: "ana",
    });
    expect(verdict.violations.map((v) => v.code)).toEqual(["OUTSIDE_SHIFT"]);
  });

  it("a partly closed day keeps the rest and re-anchors after the closure", () => {
    const ana = provider("ana", "Europe/Lisbon", {
      overrides: [{ type: "closed", date: MONDAY, start: "09:00", end: "10:30" }],
    });
    expect(run(ana)).toEqual(["10:30", "13:00", "14:00", "15:00", "16:00"]);
  });

  it("replacement hours take the place of the weekly shift", () => {
    const ana = provider("ana", "Europe/Lisbon", {
      overrides: [{ type: "hours", date: MONDAY, hours: [{ start: "18:00", end: "20:00" }] }],
    });
    expect(run(ana)).toEqual(["18:00", "19:00"]);
  });

  it("extra hours add to the weekly shift, also on a day without one", () => {
    const ana = provider("ana", "Europe/Lisbon", {
      overrides: [
        { type: "extra", date: MONDAY, hours: [{ start: "18:00", end: "19:00" }] },
        { type: "extra", date: "2026-03-14", hours: [{ start: "10:00", end: "12:00" }] },
      ],
    });
    expect(run(ana, MONDAY, "2026-03-15")).toEqual([
      "09:00",
      "10:00",
      "11:00",
      "13:00",
      "14:00",
      "15:00",
      "16:00",
      "18:00",
      "09:00",
      "10:00",
      "11:00",
      "13:00",
      "14:00",
      "15:00",
      "16:00",
      "09:00",
      "10:00",
      "11:00",
      "13:00",
      "14:00",
      "15:00",
      "16:00",
      "09:00",
      "10:00",
      "11:00",
      "13:00",
      "14:00",
      "15:00",
      "16:00",
      "09:00",
      "10:00",
      "11:00",
      "13:00",
      "14:00",
      "15:00",
      "16:00",
      "10:00",
      "11:00",
    ]);
  });

  it("time off across days removes those hours", () => {
    const ana = provider("ana", "Europe/Lisbon", {
      timeOff: [{ start: "2026-03-09T11:00:00Z", end: "2026-03-11T14:00:00Z" }],
    });
    const slots = computeSlots({
      service: service(),
      calendars: [ana],
      appointments: [],
      from: MONDAY,
      to: "2026-03-11",
      now: NOW,
    });
    expect(slots.map((s) => s.start)).toEqual([
      "2026-03-09T09:00:00Z",
      "2026-03-09T10:00:00Z",
      "2026-03-11T14:00:00Z",
      "2026-03-11T15:00:00Z",
      "2026-03-11T16:00:00Z",
    ]);
  });
});

describe("computeSlots: appointments and buffers", () => {
  it("canceled, rebooked and no-show appointments free their time", () => {
    const appointments = [
      appointment(["ana"], "2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z", { status: "canceled" }),
      appointment(["ana"], "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z", { status: "rebooked" }),
      appointment(["ana"], "2026-03-09T11:00:00Z", "2026-03-09T12:00:00Z", { status: "no_show" }),
      appointment(["ana"], "2026-03-09T13:00:00Z", "2026-03-09T14:00:00Z", { status: "confirmed" }),
    ];
    const slots = computeSlots({
      service: service(),
      calendars: [provider("ana")],
      appointments,
      from: MONDAY,
      to: MONDAY,
      now: NOW,
    });
    expect(times(slots)).toEqual(["09:00", "10:00", "11:00", "14:00", "15:00", "16:00"]);
  });

  it("buffers separate appointments but do not trim the shift's edges", () => {
    const svc = service({
      bufferBeforeMinutes: 15,
      bufferAfterMinutes: 15,
      slotIntervalMinutes: 15,
    });
    const ana = provider("ana", "Europe/Lisbon", {
      weekly: [{ weekday: 1, start: "09:00", end: "12:00" }],
    });
    const booked = appointment(["ana"], "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z");
    const slots = computeSlots({
      service: svc,
      calendars: [ana],
      appointments: [booked],
      from: MONDAY,
      to: MONDAY,
      now: NOW,
    });
    // The booked visit (same service) is widened to 09:45–11:15; a candidate is widened to
    // start−15 … end+15. 09:00 reaches 10:15 (BUFFER); 11:30 is the first start clear of 11:15,
    // but it would end 12:30, after the shift. So nothing fits in 09:00–12:00.
    expect(times(slots)).toEqual([]);
    const wide = provider("ana", "Europe/Lisbon", {
      weekly: [{ weekday: 1, start: "09:00", end: "13:00" }],
    });
    const more = computeSlots({
      service: svc,
      calendars: [wide],
      appointments: [booked],
      from: MONDAY,
      to: MONDAY,
      now: NOW,
    });
    expect(times(more)).toEqual(["11:30", "11:45", "12:00"]);
    const early = provider("ana", "Europe/Lisbon", {
      weekly: [{ weekday: 1, start: "08:00", end: "10:00" }],
    });
    const edge = computeSlots({
      service: svc,
      calendars: [early],
      appointments: [],
      from: MONDAY,
      to: MONDAY,
      now: NOW,
    });
    expect(edge[0]?.start).toBe("2026-03-09T08:00:00Z");
    expect(edge.at(-1)?.start).toBe("2026-03-09T09:00:00Z");
  });

  it("an existing appointment is widened by its own service's buffers", () => {
    const cleanup = service({ id: "wax", bufferAfterMinutes: 30 });
    const booked = appointment(["ana"], "2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z", {
      serviceId: "wax",
    });
    const ana = provider("ana", "Europe/Lisbon", {
      weekly: [{ weekday: 1, start: "09:00", end: "12:00" }],
    });
    const slots = computeSlots({
      service: service({ slotIntervalMinutes: 30 }),
      services: [cleanup],
      calendars: [ana],
      appointments: [booked],
      from: MONDAY,
      to: MONDAY,
      now: NOW,
    });
    expect(times(slots)).toEqual(["10:30", "11:00"]);
  });

  it("an appointment on another calendar does not block", () => {
    const slots = computeSlots({
      service: service(),
      calendars: [provider("ana")],
      appointments: [appointment(["bea"], "2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z")],
      from: MONDAY,
      to: MONDAY,
      now: NOW,
    });
    expect(times(slots)[0]).toBe("09:00");
  });

  it("excludeAppointmentIds frees the visit being moved, as checkBooking does (reschedule)", () => {
    const moving = appointment(["ana"], "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z", {
      bufferAfterMinutes: 15,
    });
    const query = {
      service: service(),
      calendars: [provider("ana")],
      appointments: [moving],
      now: NOW,
      excludeAppointmentIds: [moving.id],
    };
    const slots = computeSlots({ ...query, from: MONDAY, to: MONDAY });
    expect(times(slots)).toEqual(["09:00", "10:00", "11:00", "13:00", "14:00", "15:00", "16:00"]);
    for (const slot of slots)
      expect(checkBooking({ ...query, start: slot.start, providerId: "ana" }).ok).toBe(true);
  });
});

describe("computeSlots: now, lead time and horizon", () => {
  it("never offers past times and honours the lead time", () => {
    const slots = computeSlots({
      service: service({ leadTimeMinutes: 120 }),
      calendars: [provider("ana")],
      appointments: [],
      from: MONDAY,
      to: MONDAY,
      now: "2026-03-09T09:10:00Z",
    });
    expect(times(slots)).toEqual(["13:00", "14:00", "15:00", "16:00"]);
  });

  it("opens whole local days up to the horizon", () => {
    const slots = computeSlots({
      service: service({ horizonDays: 1 }),
      calendars: [provider("ana")],
      appointments: [],
      from: MONDAY,
      to: "2026-03-13",
      now: "2026-03-09T16:30:00Z",
    });
    expect(slots.map((s) => s.start.slice(0, 10))).toEqual(Array(7).fill("2026-03-10"));
  });

  it("staff may look past the lead time with ignore", () => {
    const slots = computeSlots({
      service: service({ leadTimeMinutes: 24 * 60 }),
      calendars: [provider("ana")],
      appointments: [],
      from: MONDAY,
      to: MONDAY,
      now: "2026-03-09T08:00:00Z",
      channel: "staff",
      ignore: ["LEAD_TIME"],
    });
    expect(slots).toHaveLength(7);
  });

  it("ignore never lets online queries or hard rules through (slots checkBooking would refuse)", () => {
    const query = {
      service: service({ leadTimeMinutes: 24 * 60 }),
      calendars: [
        provider("ana"),
        provider("carla", "Europe/Lisbon", { disciplines: ["massage"] }),
      ],
      appointments: [],
      from: MONDAY,
      to: MONDAY,
      now: "2026-03-09T08:00:00Z",
    };
    // Online, ignore used to drop the lead time although online booking then refused every slot.
    expect(computeSlots({ ...query, ignore: ["LEAD_TIME"] })).toEqual([]);
    // Staff: a hard rule stays, so carla (massage) is never offered for physio.
    const staff = computeSlots({
      ...query,
      channel: "staff",
      ignore: ["LEAD_TIME", "DISCIPLINE_MISMATCH"],
      providerId: "carla",
    });
    expect(staff).toEqual([]);
    expect(
      checkBooking({
        ...query,
        start: "2026-03-09T09:00:00Z",
        providerId: "carla",
        channel: "staff",
        overrides: "all-soft",
      }).ok,
    ).toBe(false);
  });

  it("a service not bookable online offers nothing online but does for staff", () => {
    const base = {
      service: service({ onlineBookable: false }),
      calendars: [provider("ana")],
      appointments: [],
      from: MONDAY,
      to: MONDAY,
      now: NOW,
    };
    expect(computeSlots(base)).toEqual([]);
    expect(computeSlots({ ...base, channel: "staff" })).toHaveLength(7);
  });
});

describe("computeSlots: providers, disciplines, locations, rooms and capacity", () => {
  const massage = provider("carla", "Europe/Lisbon", { disciplines: ["massage"] });
  const porto = provider("duarte", "Europe/Lisbon", { locationId: "porto" });

  it("any available: each time once, least booked provider that day first, then by id", () => {
    const ana = provider("ana");
    const bea = provider("bea");
    const appointments = [appointment(["ana"], "2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z")];
    const slots = computeSlots({
      service: service(),
      calendars: [bea, ana, massage],
      appointments,
      from: MONDAY,
      to: MONDAY,
      now: NOW,
    });
    expect(times(slots)).toEqual(["09:00", "10:00", "11:00", "13:00", "14:00", "15:00", "16:00"]);
    expect(new Set(slots.map((s) => s.providerId))).toEqual(new Set(["bea"]));
    const tuesday = computeSlots({
      service: service(),
      calendars: [bea, ana],
      appointments,
      from: "2026-03-10",
      to: "2026-03-10",
      now: NOW,
    });
    expect(new Set(tuesday.map((s) => s.providerId))).toEqual(new Set(["ana"]));
  });

  it("any available across zones assigns by the start alone, as checkBooking does, not by each provider's days", () => {
    // 13:00 UTC on Monday is Monday in Lisbon (bea) but already Tuesday 00:00 in Sydney (ana).
    const ana = provider("ana", "Australia/Sydney", {
      weekly: [{ weekday: 2, start: "00:00", end: "01:00" }],
    });
    const bea = provider("bea", "Europe/Lisbon", {
      weekly: [{ weekday: 1, start: "13:00", end: "14:00" }],
    });
    const query = { service: service(), calendars: [bea, ana], appointments: [], now: NOW };
    const slots = computeSlots({ ...query, from: MONDAY, to: MONDAY });
    // It used to be listed with bea while booking "any" at that time assigned ana.
    expect(slots.map((s) => [s.start, s.providerId])).toEqual([
      ["2026-03-10T00:00:00+11:00", "ana"],
    ]);
    expect(checkBooking({ ...query, start: "2026-03-09T13:00:00Z" }).assignment?.providerId).toBe(
      "ana",
    );
    // A start only ana's Tuesday offers is not listed for Monday.
    const tuesday = computeSlots({ ...query, from: "2026-03-10", to: "2026-03-10" });
    expect(tuesday.map((s) => s.providerId)).toEqual(["ana"]);
  });

  it("only providers of the service's discipline, location and catalog are offered", () => {
    const query = {
      calendars: [massage, porto, provider("ana")],
      appointments: [],
      from: MONDAY,
      to: MONDAY,
      now: NOW,
    };
    expect(
      new Set(computeSlots({ ...query, service: service() }).map((s) => s.providerId)),
    ).toEqual(new Set(["ana"]));
    const inPorto = computeSlots({ ...query, service: service({ locationIds: ["porto"] }) });
    expect(new Set(inPorto.map((s) => s.providerId))).toEqual(new Set(["duarte"]));
    const catalog = computeSlots({ ...query, service: service({ providerIds: ["duarte"] }) });
    expect(new Set(catalog.map((s) => s.providerId))).toEqual(new Set(["duarte"]));
    expect(computeSlots({ ...query, service: service(), providerId: "carla" })).toEqual([]);
    expect(
      computeSlots({ ...query, service: service(), locationId: "porto" }).every(
        (s) => s.providerId === "duarte",
      ),
    ).toBe(true);
  });

  it("needs the provider and a room at the same location free together", () => {
    const room1 = provider("room-1", "Europe/Lisbon", {
      kind: "room",
      resourceKind: "treatment-room",
      disciplines: [],
    });
    const room2 = provider("room-2", "Europe/Lisbon", {
      kind: "room",
      resourceKind: "treatment-room",
      disciplines: [],
      locationId: "porto",
    });
    const svc = service({ resourceKinds: ["treatment-room"] });
    const appointments = [
      appointment(["other", "room-1"], "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z"),
    ];
    const slots = computeSlots({
      service: svc,
      calendars: [provider("ana"), room1, room2],
      appointments,
      from: MONDAY,
      to: MONDAY,
      now: NOW,
    });
    expect(times(slots)).toEqual(["09:00", "11:00", "13:00", "14:00", "15:00", "16:00"]);
    expect(slots[0]).toMatchObject({
      providerId: "ana",
      resourceIds: ["room-1"],
      calendarIds: ["ana", "room-1"],
    });
  });

  it("a class of capacity 3 stays open until three are booked at that start", () => {
    const svc = service({ id: "pilates", capacity: 3 });
    const at = (n: number) =>
      Array.from({ length: n }, () =>
        appointment(["ana"], "2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z", {
          serviceId: "pilates",
        }),
      );
    const first = (n: number) =>
      computeSlots({
        service: svc,
        calendars: [provider("ana")],
        appointments: at(n),
        from: MONDAY,
        to: MONDAY,
        now: NOW,
      })[0];
    expect(first(0)).toMatchObject({ start: "2026-03-09T09:00:00Z", remaining: 3 });
    expect(first(2)).toMatchObject({ start: "2026-03-09T09:00:00Z", remaining: 1 });
    expect(first(3)?.start).toBe("2026-03-09T10:00:00Z");
  });

  it("any available fills a class before opening another: same provider and room, not the least booked", () => {
    const studio = (id: string) =>
      provider(id, "Europe/Lisbon", { kind: "room", resourceKind: "studio", disciplines: [] });
    const svc = service({ id: "pilates", capacity: 3, resourceKinds: ["studio"] });
    // bea holds the 09:00 class in studio-b with one person; ana and studio-a are less booked.
    const member = appointment(
      ["bea", "studio-b"],
      "2026-03-09T09:00:00Z",
      "2026-03-09T10:00:00Z",
      {
        serviceId: "pilates",
      },
    );
    const query = {
      service: svc,
      calendars: [provider("ana"), provider("bea"), studio("studio-a"), studio("studio-b")],
      appointments: [member],
      now: NOW,
    };
    const slots = computeSlots({ ...query, from: MONDAY, to: MONDAY });
    expect(slots[0]).toMatchObject({
      start: "2026-03-09T09:00:00Z",
      providerId: "bea",
      resourceIds: ["studio-b"],
      remaining: 2,
    });
    // Other starts have no class yet: the least booked provider and studio, as before.
    expect(slots[1]).toMatchObject({ providerId: "ana", resourceIds: ["studio-a"], remaining: 3 });
    const verdict = checkBooking({ ...query, start: "2026-03-09T09:00:00Z" });
    expect(verdict.assignment).toEqual({
      providerId: "bea",
      resourceIds: ["studio-b"],
      calendarIds: ["bea", "studio-b"],
    });
  });
});

describe("computeSlots: input errors name the field", () => {
  const base = {
    service: service(),
    calendars: [provider("ana")],
    appointments: [],
    from: MONDAY,
    to: MONDAY,
    now: NOW,
  };
  const fieldsOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      if (isEngineError(error)) return error.issues.map((i) => i.field);
      throw error;
    }
    throw new Error("expected an EngineError");
  };

  it.each([
    [{ now: "2026-03-01 00:00" }, "query.now"],
    [{ now: "2026-03-01T00:00:00" }, "query.now"],
    [{ from: "2026-02-30" }, "query.from"],
    [{ to: "2026-03-01" }, "query.to"],
    [{ to: "2027-12-31" }, "query.to"],
    [{ service: service({ durationMinutes: 0 }) }, "query.service.durationMinutes"],
    [
      { service: service({ price: { amount: 35.5, currency: "EUR" } }) },
      "query.service.price.amount",
    ],
    [{ calendars: [provider("ana", "Mars/Olympus")] }, "query.calendars.0.timeZone"],
    [
      {
        calendars: [
          provider("ana", "Europe/Lisbon", {
            weekly: [{ weekday: 8, start: "09:00", end: "10:00" }],
          }),
        ],
      },
      "query.calendars.0.weekly.0.weekday",
    ],
    [
      { appointments: [appointment(["ana"], "2026-03-09T10:00:00Z", "2026-03-09T09:00:00Z")] },
      "query.appointments.0.end",
    ],
  ])("%j → %s", (patch, field) => {
    expect(fieldsOf(() => computeSlots({ ...base, ...patch }))).toContain(field);
  });

  const shiftWith = (extra: Record<string, unknown>) => ({
    calendars: [
      provider("ana", "Europe/Lisbon", {
        weekly: [{ weekday: 1, start: "09:00", end: "17:00", ...extra }],
      }),
    ],
  });

  it.each([
    // A zero-length break used to close the rest of the day from 12:00 on.
    [
      "a zero-length break",
      shiftWith({ breaks: [{ start: "12:00", end: "12:00" }] }),
      "query.calendars.0.weekly.0.breaks.0.end",
    ],
    // An inverted break in a day shift used to close 13:00–17:00 instead of failing.
    [
      "an inverted break",
      shiftWith({ breaks: [{ start: "13:00", end: "12:00" }] }),
      "query.calendars.0.weekly.0.breaks.0",
    ],
    // A break that began before the shift used to be ignored altogether.
    [
      "a break outside its shift",
      shiftWith({ breaks: [{ start: "08:00", end: "09:30" }] }),
      "query.calendars.0.weekly.0.breaks.0",
    ],
    [
      "a shift starting at 24:00",
      shiftWith({ start: "24:00", end: "02:00" }),
      "query.calendars.0.weekly.0.start",
    ],
    [
      "validUntil before validFrom",
      shiftWith({ validFrom: "2026-04-01", validUntil: "2026-03-01" }),
      "query.calendars.0.weekly.0.validUntil",
    ],
    [
      "an inverted partial closure",
      {
        calendars: [
          provider("ana", "Europe/Lisbon", {
            overrides: [{ type: "closed", date: MONDAY, start: "15:00", end: "10:00" }],
          }),
        ],
      },
      "query.calendars.0.overrides.0.end",
    ],
    [
      "a zero-length partial closure",
      {
        calendars: [
          provider("ana", "Europe/Lisbon", {
            overrides: [{ type: "closed", date: MONDAY, start: "10:00", end: "10:00" }],
          }),
        ],
      },
      "query.calendars.0.overrides.0.end",
    ],
    // Two calendars with one id: the last one silently replaced the first.
    [
      "a calendar id listed twice",
      { calendars: [provider("ana"), provider("bea"), provider("ana")] },
      "query.calendars.2.id",
    ],
  ])("rejects %s and names the field", (_name, patch, field) => {
    expect(fieldsOf(() => computeSlots({ ...base, ...patch }))).toEqual([field]);
  });

  it("accepts a break that crosses midnight inside a night shift", () => {
    const night = provider("ana", "Europe/Lisbon", {
      weekly: [
        { weekday: 1, start: "22:00", end: "06:00", breaks: [{ start: "23:30", end: "00:30" }] },
      ],
    });
    const slots = computeSlots({ ...base, calendars: [night] });
    expect(times(slots)).toEqual(["22:00", "00:30", "01:30", "02:30", "03:30", "04:30"]);
  });

  it("checkBooking reports input errors the same way", () => {
    expect(
      fieldsOf(() => checkBooking({ ...base, start: "tomorrow", providerId: "ana" })),
    ).toContain("request.start");
  });
});
