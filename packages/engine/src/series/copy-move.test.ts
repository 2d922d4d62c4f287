import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appointment, provider, service } from "../availability/fixtures.test-helpers.js";
import type { AppointmentInput, CalendarInput } from "../model.js";
import { parseInstant } from "../time/zoned.js";
import { type PlanCopyMoveRequest, planCopy, planMove } from "./copy-move.js";
import { issueLines } from "./issues.test-helpers.js";
import { confirmPlan } from "./planner.js";

function allWeek(id: string, zone = "Europe/Lisbon"): CalendarInput {
  return provider(id, zone, {
    weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "09:00", end: "20:00" })),
  });
}

const NOW = "2026-03-01T12:00:00Z";
const calendars = [allWeek("ana"), allWeek("bob")];

describe("planMove", () => {
  const tuesday = [
    appointment(["ana"], "2026-03-10T09:00:00Z", "2026-03-10T10:00:00Z", {
      id: "t1",
      clientId: "c1",
    }),
    appointment(["ana"], "2026-03-10T14:00:00Z", "2026-03-10T15:00:00Z", { id: "t2" }),
    appointment(["bob"], "2026-03-10T09:00:00Z", "2026-03-10T10:00:00Z", { id: "t3" }),
    appointment(["ana"], "2026-03-10T11:00:00Z", "2026-03-10T12:00:00Z", {
      id: "t4",
      status: "canceled",
    }),
  ];
  const wednesdayBusy = appointment(["ana"], "2026-03-11T14:00:00Z", "2026-03-11T15:00:00Z", {
    id: "w1",
  });

  it("moves all of Ana's Tuesday visits to Wednesday at the same times", () => {
    const plan = planMove({
      calendars,
      appointments: [...tuesday, wednesdayBusy],
      services: [service()],
      now: NOW,
      channel: "staff",
      items: [{ fromDate: "2026-03-10", calendarIds: ["ana"], to: { date: "2026-03-11" } }],
    });
    expect(plan.kind).toBe("move");
    expect(
      plan.items.map((i) => [i.sourceAppointmentId, i.start, i.status, i.alternative?.start]),
    ).toEqual([
      ["t1", "2026-03-11T09:00:00Z", "ok", undefined],
      ["t2", "2026-03-11T14:00:00Z", "conflict", "2026-03-11T13:00:00Z"],
    ]);
    expect(plan.items[0]?.draft).toMatchObject({
      clientId: "c1",
      rebookedFromId: "t1",
      calendarIds: ["ana"],
      status: "booked",
    });
    const result = confirmPlan(plan, "all-valid");
    expect(result.ok && result.rebook).toEqual([
      { appointmentId: "t1", createIndex: 0, planIndex: 0 },
    ]);
    expect(confirmPlan(plan, "all-or-nothing").ok).toBe(false);
  });

  it("a visit moved by less than its length does not collide with itself", () => {
    const plan = planMove({
      calendars,
      appointments: tuesday,
      services: [service()],
      now: NOW,
      channel: "staff",
      overrides: ["OFF_GRID"],
      items: [{ appointmentIds: ["t1"], to: { shiftMinutes: 30 } }],
    });
    expect(plan.items[0]?.status).toBe("ok");
    expect(plan.items[0]?.violations.map((v) => v.code)).toEqual(["OFF_GRID"]);
  });

  it("back-to-back visits can move together into each other's old places", () => {
    const a = appointment(["ana"], "2026-03-12T10:00:00Z", "2026-03-12T11:00:00Z", { id: "a" });
    const b = appointment(["ana"], "2026-03-12T11:00:00Z", "2026-03-12T12:00:00Z", { id: "b" });
    const plan = planMove({
      calendars,
      appointments: [a, b],
      services: [service()],
      now: NOW,
      items: [{ appointmentIds: ["a", "b"], to: { shiftMinutes: 60 } }],
    });
    expect(plan.items.map((i) => [i.sourceAppointmentId, i.status])).toEqual([
      ["a", "ok"],
      ["b", "ok"],
    ]);
  });

  it("regression: a visit whose move fails stays busy, so nothing is moved onto it", () => {
    // b cannot move (c holds 12:00), so b stays at 11:00 and a cannot take 11:00 either.
    const a = appointment(["ana"], "2026-03-12T10:00:00Z", "2026-03-12T11:00:00Z", { id: "a" });
    const b = appointment(["ana"], "2026-03-12T11:00:00Z", "2026-03-12T12:00:00Z", { id: "b" });
    const c = appointment(["ana"], "2026-03-12T12:00:00Z", "2026-03-12T13:00:00Z", { id: "c" });
    const plan = planMove({
      calendars,
      appointments: [a, b, c],
      services: [service()],
      now: NOW,
      items: [{ appointmentIds: ["a", "b"], to: { shiftMinutes: 60 } }],
    });
    expect(
      plan.items.map((i) => [i.sourceAppointmentId, i.status, i.blocking[0]?.appointmentId]),
    ).toEqual([
      ["a", "conflict", "b"],
      ["b", "conflict", "c"],
    ]);
  });

  it("moves to another provider and keeps the visit's own length and buffers", () => {
    const long = appointment(["ana"], "2026-03-12T10:00:00Z", "2026-03-12T11:30:00Z", {
      id: "long",
      bufferAfterMinutes: 15,
    });
    const plan = planMove({
      calendars,
      appointments: [long],
      services: [service()],
      now: NOW,
      items: [
        { appointmentIds: ["long"], to: { date: "2026-03-13", time: "15:00" }, providerId: "bob" },
      ],
    });
    expect(plan.items[0]).toMatchObject({
      status: "ok",
      start: "2026-03-13T15:00:00Z",
      end: "2026-03-13T16:30:00Z",
      assignment: { providerId: "bob" },
    });
    expect(plan.items[0]?.draft?.bufferAfterMinutes).toBe(15);
  });

  it("shiftDays keeps the wall time across DST (New York, 8 March 2026)", () => {
    const ny = allWeek("nyc", "America/New_York");
    const visit = appointment(["nyc"], "2026-03-05T10:00:00-05:00", "2026-03-05T11:00:00-05:00", {
      id: "v",
    });
    const plan = planMove({
      calendars: [ny],
      appointments: [visit],
      services: [service()],
      now: NOW,
      items: [{ appointmentIds: ["v"], to: { shiftDays: 7 } }],
    });
    expect(plan.items[0]?.start).toBe("2026-03-12T10:00:00-04:00");
    expect(plan.items[0]?.date).toBe("2026-03-12");
  });

  it("to.start moves a group keeping the distances between its visits", () => {
    const x = appointment(["ana"], "2026-03-12T10:00:00Z", "2026-03-12T11:00:00Z", { id: "x" });
    const y = appointment(["bob"], "2026-03-12T13:00:00Z", "2026-03-12T14:00:00Z", { id: "y" });
    const plan = planMove({
      calendars,
      appointments: [x, y],
      services: [service()],
      now: NOW,
      items: [{ appointmentIds: ["y", "x"], to: { start: "2026-03-14T09:00:00Z" } }],
    });
    expect(plan.items.map((i) => [i.sourceAppointmentId, i.start])).toEqual([
      ["y", "2026-03-14T12:00:00Z"],
      ["x", "2026-03-14T09:00:00Z"],
    ]);
  });

  it.each<[string, Partial<PlanCopyMoveRequest>, string]>([
    [
      "an unknown appointment",
      { items: [{ appointmentIds: ["nope"], to: { shiftDays: 1 } }] },
      "request.items.0.appointmentIds.0: no appointment nope in appointments",
    ],
    [
      "a canceled visit",
      { items: [{ appointmentIds: ["t4"], to: { shiftDays: 1 } }] },
      "request.items.0.appointmentIds.0: appointment t4 is canceled; only booked or confirmed visits can be moved",
    ],
    [
      "the same visit twice",
      {
        items: [
          { appointmentIds: ["t1"], to: { shiftDays: 1 } },
          { appointmentIds: ["t1"], to: { shiftDays: 2 } },
        ],
      },
      "request.items.1.appointmentIds.0: appointment t1 is already moved by an earlier item",
    ],
    [
      "a missing service",
      { services: [] },
      "request.services: must include service physio (of appointment t1)",
    ],
    [
      "two targets",
      { items: [{ appointmentIds: ["t1"], to: { shiftDays: 1, shiftMinutes: 5 } }] },
      "request.items.0.to: give exactly one of date, start, shiftDays or shiftMinutes",
    ],
    [
      "both selections",
      { items: [{ appointmentIds: ["t1"], fromDate: "2026-03-10", to: { shiftDays: 1 } }] },
      "request.items.0.appointmentIds: give exactly one of appointmentIds or fromDate",
    ],
  ])("names the field for %s", (_, patch, expected) => {
    const request: PlanCopyMoveRequest = {
      calendars,
      appointments: tuesday,
      services: [service()],
      now: NOW,
      items: [{ appointmentIds: ["t1"], to: { shiftDays: 1 } }],
      ...patch,
    };
    expect(issueLines(() => planMove(request))[0]).toBe(expected);
  });
});

describe("planMove: lineage", () => {
  it("regression: a visit moved twice kept its first predecessor's link and a second, differently named one", () => {
    // t1 was created by the status machine's move from t0 (rebookedFromId: "t0"); moving it again
    // with the planner must point at t1 only, with the field name the status machine uses.
    const moved = appointment(["ana"], "2026-03-10T09:00:00Z", "2026-03-10T10:00:00Z", {
      id: "t1",
      clientId: "c1",
      rebookedFromId: "t0",
    });
    const plan = planMove({
      calendars,
      appointments: [moved],
      services: [service()],
      now: NOW,
      channel: "staff",
      items: [{ appointmentIds: ["t1"], to: { shiftDays: 1 } }],
    });
    const draft = plan.items[0]?.draft;
    expect(draft).toMatchObject({ clientId: "c1", rebookedFromId: "t1" });
    expect(draft && "rebookedFrom" in draft).toBe(false);
    expect(draft && "rebookedToId" in draft).toBe(false);
  });
});

describe("planCopy", () => {
  const visit = appointment(["ana"], "2026-03-10T09:00:00Z", "2026-03-10T10:00:00Z", {
    id: "v",
    clientId: "c1",
    caseId: "k1",
    notes: "private",
    status: "completed",
  });

  it("copies a visit a week later; the original keeps its time", () => {
    const plan = planCopy({
      calendars,
      appointments: [visit],
      services: [service()],
      now: NOW,
      channel: "staff",
      items: [{ appointmentIds: ["v"], to: { shiftDays: 7 } }],
    });
    expect(plan.kind).toBe("copy");
    expect(plan.items[0]?.status).toBe("ok");
    expect(plan.items[0]?.draft).toEqual({
      clientId: "c1",
      caseId: "k1",
      copiedFrom: "v",
      serviceId: "physio",
      calendarIds: ["ana"],
      start: "2026-03-17T09:00:00Z",
      end: "2026-03-17T10:00:00Z",
      status: "booked",
      channel: "staff",
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
    });
    expect(confirmPlan(plan, "all-valid")).toMatchObject({ ok: true, rebook: [] });
  });

  it("a copy onto the original's own time is an overlap with the original", () => {
    const booked = { ...visit, status: "booked" as const };
    const plan = planCopy({
      calendars,
      appointments: [booked],
      services: [service()],
      now: NOW,
      items: [{ appointmentIds: ["v"], to: { shiftMinutes: 0 } }],
    });
    expect(plan.items[0]?.blocking.map((v) => [v.code, v.appointmentId])).toEqual([
      ["OVERLAP", "v"],
    ]);
  });
});

describe("planMove: properties", () => {
  it("booking all valid moves never double-books a calendar", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            cal: fc.constantFrom("ana", "bob"),
            slot: fc.integer({ min: 0, max: 10 }),
            move: fc.boolean(),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        fc.integer({ min: -3, max: 3 }),
        fc.constantFrom<"ana" | "bob" | undefined>("ana", "bob", undefined),
        (specs, shiftHours, newProvider) => {
          const seen = new Set<string>();
          const appointments: AppointmentInput[] = [];
          specs.forEach((s, i) => {
            const key = `${s.cal}:${s.slot}`;
            if (seen.has(key)) return;
            seen.add(key);
            const start = Date.parse("2026-03-12T09:00:00Z") + s.slot * 3_600_000;
            appointments.push(
              appointment(
                [s.cal],
                new Date(start).toISOString(),
                new Date(start + 3_600_000).toISOString(),
                {
                  id: `p${i}`,
                },
              ),
            );
          });
          const moving = appointments.filter((_, i) => specs[i]?.move).map((a) => a.id);
          if (moving.length === 0) return;
          const plan = planMove({
            calendars,
            appointments,
            services: [service()],
            now: NOW,
            channel: "staff",
            items: [
              {
                appointmentIds: moving,
                to: { shiftMinutes: shiftHours * 60 },
                ...(newProvider ? { providerId: newProvider } : {}),
              },
            ],
          });
          expect(plan.items.map((i) => i.sourceAppointmentId)).toEqual(moving);
          const result = confirmPlan(plan, "all-valid");
          if (!result.ok) throw new Error("all-valid never refuses");
          const rebooked = new Set(result.rebook.map((r) => r.appointmentId));
          const final = [
            ...appointments.filter((a) => !rebooked.has(a.id)),
            ...result.create.map((d, i) => ({ ...d, id: `new${i}` })),
          ].map((a) => ({
            cal: a.calendarIds,
            s: parseInstant(a.start) as number,
            e: parseInstant(a.end) as number,
          }));
          for (let i = 0; i < final.length; i++) {
            for (let j = i + 1; j < final.length; j++) {
              const x = final[i] as (typeof final)[number];
              const y = final[j] as (typeof final)[number];
              if (x.cal.some((c) => y.cal.includes(c))) {
                expect(x.e <= y.s || y.e <= x.s).toBe(true);
              }
            }
          }
        },
      ),
      { numRuns: 120 },
    );
  });
});
