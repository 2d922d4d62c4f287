import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appointment, provider, service } from "../availability/fixtures.test-helpers.js";
import { checkBooking } from "../availability/index.js";
import type { AppointmentInput, CalendarInput } from "../model.js";
import { issuesOf } from "./issues.test-helpers.js";
import { planBookings, planSeries } from "./plan-series.js";
import { confirmPlan } from "./planner.js";
import { expandRecurrence } from "./recurrence.js";

/** A provider working every weekday 09:00–20:00 (no break), in `zone`. */
function late(
  id: string,
  zone = "Europe/Lisbon",
  extra: Partial<CalendarInput> = {},
): CalendarInput {
  return provider(id, zone, {
    weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "09:00", end: "20:00" })),
    ...extra,
  });
}

const NOW = "2026-03-01T12:00:00Z";
const TUE_THU_8 = { startDate: "2026-03-17", time: "17:00", weekdays: [2, 4], count: 8 };

describe("planSeries", () => {
  it("checks every occurrence and keeps 17:00 local across the Lisbon DST change", () => {
    const plan = planSeries({
      service: service(),
      calendars: [late("ana")],
      appointments: [],
      now: NOW,
      providerId: "ana",
      recurrence: TUE_THU_8,
    });
    expect(plan.kind).toBe("series");
    expect(plan.summary).toEqual({ total: 8, ok: 8, conflicts: 0 });
    expect(plan.items.map((i) => i.start)).toEqual([
      "2026-03-17T17:00:00Z",
      "2026-03-19T17:00:00Z",
      "2026-03-24T17:00:00Z",
      "2026-03-26T17:00:00Z",
      "2026-03-31T17:00:00+01:00",
      "2026-04-02T17:00:00+01:00",
      "2026-04-07T17:00:00+01:00",
      "2026-04-09T17:00:00+01:00",
    ]);
    expect(plan.items.every((i) => i.assignment?.providerId === "ana")).toBe(true);
  });

  it("marks a taken date as a conflict with its violations and the nearest free start (earlier wins a tie)", () => {
    const taken = appointment(["ana"], "2026-03-24T17:00:00Z", "2026-03-24T18:00:00Z", {
      id: "taken",
    });
    const plan = planSeries({
      service: service(),
      calendars: [late("ana")],
      appointments: [taken],
      now: NOW,
      providerId: "ana",
      recurrence: TUE_THU_8,
    });
    expect(plan.summary).toEqual({ total: 8, ok: 7, conflicts: 1 });
    const item = plan.items[2];
    expect(item?.status).toBe("conflict");
    expect(item?.date).toBe("2026-03-24");
    expect(item?.blocking.map((v) => [v.code, v.appointmentId])).toEqual([["OVERLAP", "taken"]]);
    expect(item?.draft).toBeUndefined();
    // 16:00 and 18:00 are both one hour away: the earlier one wins.
    expect(item?.alternative?.start).toBe("2026-03-24T16:00:00Z");
    expect(item?.alternative?.calendarIds).toEqual(["ana"]);
  });

  it("omits the alternative when the day has no free start", () => {
    const plan = planSeries({
      service: service(),
      calendars: [late("ana")],
      appointments: [appointment(["ana"], "2026-03-24T09:00:00Z", "2026-03-24T20:00:00Z")],
      now: NOW,
      providerId: "ana",
      recurrence: TUE_THU_8,
    });
    expect(plan.items[2]?.status).toBe("conflict");
    expect(plan.items[2]).not.toHaveProperty("alternative");
  });

  it("a closed day is a conflict (OUTSIDE_SHIFT) without an alternative", () => {
    const plan = planSeries({
      service: service(),
      calendars: [
        late("ana", "Europe/Lisbon", { overrides: [{ type: "closed", date: "2026-03-19" }] }),
      ],
      appointments: [],
      now: NOW,
      providerId: "ana",
      recurrence: TUE_THU_8,
    });
    expect(plan.items[1]?.blocking.map((v) => v.code)).toEqual(["OUTSIDE_SHIFT"]);
    expect(plan.items[1]?.alternative).toBeUndefined();
  });

  it("an occurrence already in the past is a PAST conflict", () => {
    const plan = planSeries({
      service: service(),
      calendars: [late("ana")],
      appointments: [],
      now: "2026-03-20T00:00:00Z",
      providerId: "ana",
      recurrence: TUE_THU_8,
    });
    expect(plan.items.map((i) => i.status)).toEqual([
      "conflict",
      "conflict",
      "ok",
      "ok",
      "ok",
      "ok",
      "ok",
      "ok",
    ]);
    expect(plan.items[0]?.blocking.map((v) => v.code)).toEqual(["PAST"]);
  });

  it("staff may override soft violations: the item is ok and still lists them", () => {
    const plan = planSeries({
      service: service(),
      calendars: [late("ana")],
      appointments: [appointment(["ana"], "2026-03-24T17:00:00Z", "2026-03-24T18:00:00Z")],
      now: NOW,
      providerId: "ana",
      channel: "staff",
      overrides: ["OVERLAP"],
      recurrence: TUE_THU_8,
    });
    expect(plan.summary.ok).toBe(8);
    expect(plan.items[2]?.violations.map((v) => v.code)).toEqual(["OVERLAP"]);
    expect(plan.items[2]?.blocking).toEqual([]);
  });

  it("with any provider it keeps the first accepted provider unless told otherwise", () => {
    const calendars = [late("ana"), late("bob")];
    // Both free on the first date; "any" picks ana (equal load, then by id).
    const busyAna = appointment(["ana"], "2026-03-19T17:00:00Z", "2026-03-19T18:00:00Z");
    const base = {
      service: service(),
      calendars,
      appointments: [busyAna],
      now: NOW,
      recurrence: { ...TUE_THU_8, count: 3 },
    };
    const kept = planSeries(base);
    expect(kept.items.map((i) => [i.status, i.assignment?.providerId])).toEqual([
      ["ok", "ana"],
      ["conflict", "ana"],
      ["ok", "ana"],
    ]);
    const free = planSeries({ ...base, keepProvider: false });
    expect(free.items.map((i) => [i.status, i.assignment?.providerId])).toEqual([
      ["ok", "ana"],
      ["ok", "bob"],
      ["ok", "ana"],
    ]);
  });

  it("with any provider a conflict before the first accepted date suggests the kept therapist (the first date's alternative went to another one)", () => {
    const calendars = [late("ana"), late("bob")];
    const appointments = [
      // Tuesday 17 March at 17:00 nobody is free; at 16:00 only bob is.
      appointment(["ana"], "2026-03-17T16:00:00Z", "2026-03-17T18:00:00Z"),
      appointment(["bob"], "2026-03-17T17:00:00Z", "2026-03-17T18:00:00Z"),
    ];
    const plan = planSeries({
      service: service(),
      calendars,
      appointments,
      now: NOW,
      recurrence: { ...TUE_THU_8, count: 3 },
    });
    // (a conflict names the first candidate it was checked with: bob, the less booked)
    expect(plan.items.map((i) => [i.status, i.assignment?.providerId])).toEqual([
      ["conflict", "bob"],
      ["ok", "ana"],
      ["ok", "ana"],
    ]);
    expect(plan.items[0]?.alternative).toMatchObject({
      start: "2026-03-17T18:00:00Z",
      providerId: "ana",
    });
    // Without keepProvider any therapist may be suggested: bob at 16:00 is nearer.
    const free = planSeries({
      service: service(),
      calendars,
      appointments,
      now: NOW,
      recurrence: { ...TUE_THU_8, count: 3 },
      keepProvider: false,
    });
    expect(free.items[0]?.alternative).toMatchObject({
      start: "2026-03-17T16:00:00Z",
      providerId: "bob",
    });
  });

  it("copies appointmentFields onto every draft", () => {
    const plan = planSeries({
      service: service({ bufferAfterMinutes: 10 }),
      calendars: [late("ana")],
      appointments: [],
      now: NOW,
      providerId: "ana",
      channel: "staff",
      recurrence: { ...TUE_THU_8, count: 1 },
      appointmentFields: { clientId: "c-42", seriesId: "s-7", note: "knee" },
    });
    expect(plan.items[0]?.draft).toEqual({
      clientId: "c-42",
      seriesId: "s-7",
      note: "knee",
      serviceId: "physio",
      calendarIds: ["ana"],
      start: "2026-03-17T17:00:00Z",
      end: "2026-03-17T18:00:00Z",
      status: "booked",
      channel: "staff",
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 10,
    });
  });

  it("rejects reserved appointment fields and names them", () => {
    const issues = issuesOf(() =>
      planSeries({
        service: service(),
        calendars: [late("ana")],
        appointments: [],
        now: NOW,
        recurrence: TUE_THU_8,
        appointmentFields: { id: "x" },
      }),
    );
    expect(issues.map((i) => i.field)).toEqual(["request.appointmentFields.id"]);
  });

  it("asks for recurrence.timeZone when the providers are in different zones", () => {
    const issues = issuesOf(() =>
      planSeries({
        service: service(),
        calendars: [late("ana"), late("bob", "America/New_York")],
        appointments: [],
        now: NOW,
        recurrence: TUE_THU_8,
      }),
    );
    expect(issues.map((i) => i.field)).toEqual(["request.recurrence.timeZone"]);
  });

  it("names an unknown provider instead of asking for a zone", () => {
    const issues = issuesOf(() =>
      planSeries({
        service: service(),
        calendars: [late("ana")],
        appointments: [],
        now: NOW,
        providerId: "zed",
        recurrence: TUE_THU_8,
      }),
    );
    expect(issues).toEqual([
      { field: "request.providerId", message: "no provider calendar zed in calendars" },
    ]);
  });

  it("names the recurrence field of a too-long series", () => {
    const issues = issuesOf(() =>
      planSeries({
        service: service(),
        calendars: [late("ana")],
        appointments: [],
        now: NOW,
        recurrence: { startDate: "2026-03-17", time: "17:00", rule: "FREQ=DAILY" },
      }),
    );
    expect(issues[0]?.field).toBe("request.recurrence.rule");
  });
});

describe("DST regressions: a series keeps its wall time", () => {
  it.each([
    ["America/New_York", "2026-03-03", ["-05:00", "-05:00", "-04:00", "-04:00"]],
    ["America/New_York", "2026-10-27", ["-04:00", "-04:00", "-05:00", "-05:00"]],
    ["Europe/Lisbon", "2026-10-20", ["+01:00", "+01:00", "Z", "Z"]],
    ["Australia/Sydney", "2026-03-31", ["+11:00", "+11:00", "+10:00", "+10:00"]],
    ["Australia/Sydney", "2026-09-29", ["+10:00", "+10:00", "+11:00", "+11:00"]],
  ])("%s from %s", (zone, startDate, offsets) => {
    const plan = planSeries({
      service: service(),
      calendars: [late("ana", zone)],
      appointments: [],
      now: "2026-01-01T00:00:00Z",
      providerId: "ana",
      recurrence: { startDate, time: "17:00", weekdays: [2, 4], count: 4 },
    });
    expect(plan.summary.ok).toBe(4);
    expect(plan.items.map((i) => i.start.slice(11, 16))).toEqual([
      "17:00",
      "17:00",
      "17:00",
      "17:00",
    ]);
    expect(plan.items.map((i) => i.start.slice(19))).toEqual(offsets);
  });
});

describe("planSeries with a package", () => {
  const pack = {
    id: "pk1",
    ownerClientId: "c-42",
    sessions: 6,
    price: { total: { amount: 21000, currency: "EUR" } },
    purchasedAt: "2026-03-01T10:00:00Z",
    // Last valid day: Monday 6 April (Lisbon) — the series runs on to 9 April.
    expiresOn: "2026-04-06",
    timeZone: "Europe/Lisbon",
  };

  it("regression: a package expiring mid-series was only noticed at the desk on arrival", () => {
    const taken = appointment(["ana"], "2026-03-24T17:00:00Z", "2026-03-24T18:00:00Z");
    const plan = planSeries({
      service: service(),
      calendars: [late("ana")],
      appointments: [taken],
      now: NOW,
      providerId: "ana",
      recurrence: TUE_THU_8,
      appointmentFields: { clientId: "c-42" },
      package: pack,
    });
    expect(plan.items.map((i) => [i.date, i.status, i.package])).toEqual([
      ["2026-03-17", "ok", { covered: true }],
      ["2026-03-19", "ok", { covered: true }],
      // a conflict is not booked, so it takes no session
      ["2026-03-24", "conflict", undefined],
      ["2026-03-26", "ok", { covered: true }],
      ["2026-03-31", "ok", { covered: true }],
      ["2026-04-02", "ok", { covered: true }],
      ["2026-04-07", "ok", expect.objectContaining({ covered: false, code: "PACKAGE_EXPIRED" })],
      ["2026-04-09", "ok", expect.objectContaining({ covered: false, code: "PACKAGE_EXPIRED" })],
    ]);
    // The package itself is not changed by planning.
    expect(confirmPlan(plan, "all-valid").ok).toBe(true);
  });

  it("counts the sessions the earlier items take, and the package's client rule", () => {
    const plan = planSeries({
      service: service(),
      calendars: [late("ana")],
      appointments: [],
      now: NOW,
      providerId: "ana",
      recurrence: { ...TUE_THU_8, count: 4 },
      appointmentFields: { clientId: "c-42" },
      package: { ...pack, sessions: 3, expiresOn: undefined },
    });
    expect(plan.items.map((i) => i.package?.covered)).toEqual([true, true, true, false]);
    expect(plan.items[3]?.package).toMatchObject({ code: "PACKAGE_EXHAUSTED" });
    const other = planSeries({
      service: service(),
      calendars: [late("ana")],
      appointments: [],
      now: NOW,
      providerId: "ana",
      recurrence: { ...TUE_THU_8, count: 1 },
      appointmentFields: { clientId: "someone-else" },
      package: pack,
    });
    expect(other.items[0]?.package).toMatchObject({
      covered: false,
      code: "PACKAGE_NOT_FOR_CLIENT",
    });
  });
});

describe("planBookings", () => {
  it("items of the same plan never overlap: a later one sees the earlier one as busy", () => {
    const plan = planBookings({
      service: service(),
      calendars: [late("ana")],
      appointments: [],
      now: NOW,
      providerId: "ana",
      items: [{ start: "2026-03-17T17:00:00Z" }, { start: "2026-03-17T17:00:00Z" }],
    });
    expect(plan.items[0]?.status).toBe("ok");
    expect(plan.items[1]?.status).toBe("conflict");
    expect(plan.items[1]?.blocking.map((v) => [v.code, v.appointmentId])).toEqual([
      ["OVERLAP", "plan:0"],
    ]);
    // The alternative also steers around the plan's own item.
    expect(plan.items[1]?.alternative?.start).toBe("2026-03-17T16:00:00Z");
  });

  it("an alternative never takes the time of a later item or of another conflict's alternative (taking the suggestions used to collide with the plan's own 16:00)", () => {
    const taken = [
      appointment(["ana"], "2026-03-17T17:00:00Z", "2026-03-17T18:00:00Z"),
      appointment(["ana"], "2026-03-17T18:00:00Z", "2026-03-17T19:00:00Z"),
    ];
    const plan = planBookings({
      service: service(),
      calendars: [late("ana")],
      appointments: taken,
      now: NOW,
      providerId: "ana",
      items: [
        { start: "2026-03-17T17:00:00Z" }, // busy: the nearest free start was 16:00 …
        { start: "2026-03-17T17:00:00Z" }, // busy too: 15:00 is the first item's alternative
        { start: "2026-03-17T16:00:00Z" }, // … which this later item takes
      ],
    });
    expect(plan.items.map((i) => [i.status, i.alternative?.start])).toEqual([
      ["conflict", "2026-03-17T15:00:00Z"],
      ["conflict", "2026-03-17T19:00:00Z"],
      ["ok", undefined],
    ]);
    // The ok items and every alternative book together.
    const again = planBookings({
      service: service(),
      calendars: [late("ana")],
      appointments: taken,
      now: NOW,
      providerId: "ana",
      items: plan.items.map((i) => ({ start: i.alternative?.start ?? i.start })),
    });
    expect(again.summary).toEqual({ total: 3, ok: 3, conflicts: 0 });
  });

  it("per-item providers and zones", () => {
    const plan = planBookings({
      service: service(),
      calendars: [late("ana"), late("bob", "America/New_York")],
      appointments: [],
      now: NOW,
      items: [
        { start: "2026-03-17T17:00:00Z", providerId: "ana" },
        { start: "2026-03-17T21:00:00Z", providerId: "bob" },
      ],
    });
    expect(plan.items.map((i) => [i.status, i.start, i.date])).toEqual([
      ["ok", "2026-03-17T17:00:00Z", "2026-03-17"],
      ["ok", "2026-03-17T17:00:00-04:00", "2026-03-17"],
    ]);
  });
});

describe("confirmPlan", () => {
  const plan = planSeries({
    service: service(),
    calendars: [late("ana")],
    appointments: [appointment(["ana"], "2026-03-24T17:00:00Z", "2026-03-24T18:00:00Z")],
    now: NOW,
    providerId: "ana",
    recurrence: TUE_THU_8,
    appointmentFields: { seriesId: "s-1" },
  });

  it("all-valid books every ok date and lists the skipped ones", () => {
    const result = confirmPlan(plan, "all-valid");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.create).toHaveLength(7);
    expect(result.planIndexes).toEqual([0, 1, 3, 4, 5, 6, 7]);
    expect(result.skipped).toEqual([2]);
    expect(result.rebook).toEqual([]);
    expect(result.create.every((d) => d.seriesId === "s-1" && d.status === "booked")).toBe(true);
  });

  it("all-or-nothing refuses with every conflict", () => {
    const result = confirmPlan(plan, "all-or-nothing");
    expect(result).toMatchObject({ ok: false, code: "CONFLICT" });
    if (result.ok) return;
    expect(result.conflicts.map((c) => [c.index, c.date, c.blocking[0]?.code])).toEqual([
      [2, "2026-03-24", "OVERLAP"],
    ]);
  });

  it("all-or-nothing books everything when nothing conflicts", () => {
    const clean = planSeries({
      service: service(),
      calendars: [late("ana")],
      appointments: [],
      now: NOW,
      providerId: "ana",
      recurrence: TUE_THU_8,
    });
    const result = confirmPlan(clean, "all-or-nothing");
    expect(result.ok && result.create.length).toBe(8);
  });

  it("rejects an unknown mode naming the field", () => {
    expect(() => confirmPlan(plan, "some" as "all-valid")).toThrowError(/mode: /);
  });
});

describe("planSeries: properties", () => {
  it("covers every occurrence exactly once, in order, and accepted items never collide", () => {
    const zones = ["America/New_York", "Europe/Lisbon", "Australia/Sydney"];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 9, max: 18 }),
        fc.constantFrom(30, 60, 90, 150),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 9, max: 19 })), {
          maxLength: 15,
        }),
        fc.constantFrom("ana", "any"),
        (zone, weekdays, count, hour, duration, busy, providerId) => {
          const calendars = [late("ana", zone), late("bob", zone)];
          const recurrence = {
            startDate: "2026-03-02",
            time: `${String(hour).padStart(2, "0")}:00`,
            timeZone: zone,
            weekdays,
            count,
          };
          const appointments = busy.map(([day, h], i) => {
            const start = Date.parse("2026-03-02T00:00:00Z") + day * 86_400_000 + h * 3_600_000;
            return appointment(
              [i % 2 === 0 ? "ana" : "bob"],
              new Date(start).toISOString(),
              new Date(start + 3_600_000).toISOString(),
            );
          });
          const plan = planSeries({
            service: service({ durationMinutes: duration, slotIntervalMinutes: 30 }),
            calendars,
            appointments,
            now: NOW,
            providerId,
            keepProvider: false,
            channel: "staff",
            recurrence,
          });
          const occurrences = expandRecurrence(recurrence);
          expect(plan.items.map((i) => i.startMs)).toEqual(occurrences.map((o) => o.startMs));
          expect(plan.items.map((i) => i.index)).toEqual(occurrences.map((_, i) => i));
          expect(plan.items.map((i) => i.date)).toEqual(occurrences.map((o) => o.date));
          expect(plan.summary.ok + plan.summary.conflicts).toBe(plan.summary.total);
          expect(plan.summary.total).toBe(occurrences.length);
          const accepted = plan.items.filter((i) => i.status === "ok");
          for (const a of accepted) {
            expect(a.draft?.start).toBe(a.start);
            for (const b of accepted) {
              if (a === b) continue;
              const shared = a.assignment?.calendarIds.some((c) =>
                b.assignment?.calendarIds.includes(c),
              );
              if (shared) expect(a.endMs <= b.startMs || b.endMs <= a.startMs).toBe(true);
            }
          }
          for (const c of plan.items.filter((i) => i.status === "conflict")) {
            expect(c.blocking.length).toBeGreaterThan(0);
            if (c.alternative) {
              expect(c.alternative.start.slice(0, 10)).toBe(c.date);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("planSeries: agrees with checkBooking on everything", () => {
  it("each item's verdict equals a plain checkBooking over all appointments plus the items accepted before it", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("Europe/Lisbon", "America/New_York"),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 120 }),
        fc.array(
          fc.record({
            cal: fc.constantFrom("ana", "bob", "room-1"),
            day: fc.integer({ min: 0, max: 30 }),
            hour: fc.integer({ min: 0, max: 23 }),
            minutes: fc.constantFrom(30, 60, 240),
            // Long buffers after late visits reach into the next morning.
            buffer: fc.constantFrom(0, 15, 600, 900),
          }),
          { maxLength: 40 },
        ),
        fc.constantFrom("ana", "any"),
        fc.integer({ min: 8, max: 12 }),
        (zone, before, after, busy, providerId, hour) => {
          const room: CalendarInput = {
            id: "room-1",
            kind: "room",
            locationId: "main",
            resourceKind: "treatment-room",
            timeZone: zone,
            weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
              weekday,
              start: "07:00",
              end: "21:00",
            })),
          };
          const calendars = [late("ana", zone), late("bob", zone), room];
          const svc = service({
            bufferBeforeMinutes: before,
            bufferAfterMinutes: after,
            resourceKinds: ["treatment-room"],
            slotIntervalMinutes: 30,
          });
          const appointments: AppointmentInput[] = busy.map((b, i) => {
            const start =
              Date.parse("2026-03-02T00:00:00Z") + b.day * 86_400_000 + b.hour * 3_600_000;
            return appointment(
              [b.cal],
              new Date(start).toISOString(),
              new Date(start + b.minutes * 60_000).toISOString(),
              { id: `b${i}`, bufferAfterMinutes: b.buffer },
            );
          });
          const request = {
            service: svc,
            calendars,
            appointments,
            now: NOW,
            providerId,
            channel: "staff" as const,
            overrides: ["OFF_GRID" as const],
          };
          const plan = planSeries({
            ...request,
            alternatives: false,
            recurrence: {
              startDate: "2026-03-02",
              time: `${String(hour).padStart(2, "0")}:00`,
              weekdays: [1, 3, 5],
              count: 10,
            },
          });
          const accepted: AppointmentInput[] = [];
          // With "any", the first accepted item's provider is kept for the rest (keepProvider).
          const first = plan.items.find((i) => i.status === "ok");
          for (const item of plan.items) {
            const kept =
              first && item.index > first.index ? first.assignment?.providerId : undefined;
            const check = checkBooking({
              ...request,
              providerId: kept ?? providerId,
              appointments: [...appointments, ...accepted],
              start: item.start,
            });
            expect([item.status, item.violations.map((v) => v.code)]).toEqual([
              check.ok ? "ok" : "conflict",
              check.violations.map((v) => v.code),
            ]);
            if (item.draft)
              accepted.push({ ...item.draft, id: `plan:${item.index}` } as AppointmentInput);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
