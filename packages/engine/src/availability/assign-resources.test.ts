import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appointmentSchema, type Calendar, calendarSchema, serviceSchema } from "../model.js";
import {
  assignResources,
  byAssignment,
  type CalendarIndex,
  type PreparedState,
  prepareState,
  resourceFitViolations,
  resourceTimeViolations,
} from "./state.js";
import { SOFT_VIOLATIONS, type Violation, type ViolationCode, violation } from "./types.js";

/**
 * The first version of the room / equipment assignment, kept as the oracle: every calendar is
 * fitted and the candidates sorted by the rule at every start, with their messages.
 */
function assignResourcesSorted(
  state: PreparedState,
  provider: Calendar,
  start: number,
  end: number,
  ignore?: ReadonlySet<ViolationCode>,
): { resourceIds: string[]; violations: Violation[] } {
  const resourceIds: string[] = [];
  const violations: Violation[] = [];
  for (const kind of state.service.resourceKinds) {
    const candidates = state.ordered
      .filter(
        (c) =>
          resourceFitViolations(c.calendar, kind, provider.locationId, state.service.discipline)
            .length === 0,
      )
      .filter((c) => !resourceIds.includes(c.calendar.id))
      .sort(byAssignment(state, start, end));
    const first = candidates[0];
    if (!first) {
      violations.push(
        violation("MISSING_RESOURCE", `No ${kind} is available at ${provider.locationId}.`),
      );
      continue;
    }
    let chosen: CalendarIndex | undefined;
    for (const candidate of candidates) {
      if (resourceTimeViolations(state, candidate, start, end, ignore).length === 0) {
        chosen = candidate;
        break;
      }
    }
    if (chosen) resourceIds.push(chosen.calendar.id);
    else {
      resourceIds.push(first.calendar.id);
      violations.push(...resourceTimeViolations(state, first, start, end, ignore));
    }
  }
  return { resourceIds, violations };
}

const DAY0 = Date.UTC(2026, 2, 27); // a Friday, the EU DST change on Sunday 29 March
const KINDS = ["room", "laser"];

const resourceArb = (i: number) =>
  fc
    .record({
      kind: fc.constantFrom(...KINDS),
      location: fc.constantFrom("a", "a", "b"),
      disciplines: fc.constantFrom([], [], ["physio"], ["massage"]),
      active: fc.constantFrom(true, true, true, false),
      zone: fc.constantFrom("Europe/Lisbon", "America/New_York"),
      start: fc.integer({ min: 6, max: 12 }),
      hours: fc.integer({ min: 2, max: 12 }),
      breakAt: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    })
    .map((r) =>
      calendarSchema.parse({
        id: `r${i}`,
        kind: r.kind === "room" ? "room" : "equipment",
        resourceKind: r.kind,
        locationId: r.location,
        disciplines: r.disciplines,
        active: r.active,
        timeZone: r.zone,
        weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
          weekday,
          start: `${String(r.start).padStart(2, "0")}:00`,
          end: `${String(r.start + r.hours).padStart(2, "0")}:00`,
          breaks:
            r.breakAt !== undefined && r.breakAt + 1 < r.hours
              ? [
                  {
                    start: `${String(r.start + r.breakAt).padStart(2, "0")}:00`,
                    end: `${String(r.start + r.breakAt + 1).padStart(2, "0")}:00`,
                  },
                ]
              : [],
        })),
      }),
    );

const caseArb = fc.record({
  resources: fc
    .integer({ min: 0, max: 7 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => resourceArb(i)))),
  kinds: fc.constantFrom(["room"], ["laser"], ["room", "laser"], ["room", "room"]),
  capacity: fc.constantFrom(1, 1, 3),
  before: fc.constantFrom(0, 10),
  after: fc.constantFrom(0, 15),
  bookings: fc.array(
    fc.record({
      calendar: fc.integer({ min: 0, max: 6 }),
      quarter: fc.integer({ min: 0, max: 4 * 24 * 3 }),
      quarters: fc.constantFrom(2, 3, 4, 8),
      service: fc.constantFrom("svc", "other"),
    }),
    { maxLength: 30 },
  ),
  location: fc.constantFrom("a", "b"),
  start: fc.integer({ min: 4 * 24, max: 4 * 24 * 3 }),
  ignore: fc.subarray([...SOFT_VIOLATIONS]),
});

/** The prepared state of a random case (built inside the property, so a failure prints the case). */
function build(c: typeof caseArb extends fc.Arbitrary<infer T> ? T : never) {
  const service = serviceSchema.parse({
    id: "svc",
    name: "Session",
    discipline: "physio",
    durationMinutes: 30,
    capacity: c.capacity,
    bufferBeforeMinutes: c.before,
    bufferAfterMinutes: c.after,
    resourceKinds: c.kinds,
    price: { amount: 1000, currency: "EUR" },
  });
  const provider = calendarSchema.parse({
    id: "p",
    kind: "provider",
    locationId: c.location,
    disciplines: ["physio"],
    timeZone: "Europe/Lisbon",
  });
  const ids = c.resources.map((r) => r.id);
  const appointments = c.bookings
    .filter((b) => b.calendar < ids.length)
    .map((b, i) => {
      const start = DAY0 + b.quarter * 900_000;
      // Class members at the probed start sometimes, so the "fuller class first" rule is used.
      const at = i % 4 === 0 ? DAY0 + c.start * 900_000 : start;
      return appointmentSchema.parse({
        id: `a${i}`,
        serviceId: b.service,
        calendarIds: ["p", ids[b.calendar]],
        start: new Date(at).toISOString(),
        end: new Date(at + (i % 4 === 0 ? 2 : b.quarters) * 900_000).toISOString(),
      });
    });
  const start = DAY0 + c.start * 900_000;
  const state = prepareState({
    service,
    services: [],
    calendars: [provider, ...c.resources],
    appointments,
    now: DAY0,
    windowFrom: start,
    windowTo: start + 30 * 60_000,
  });
  return { state, provider, start, ignore: new Set<ViolationCode>(c.ignore) };
}

describe("assignResources", () => {
  it("picks exactly what the sort-every-calendar version picked, with the same violations", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { state, provider, start, ignore } = build(c);
        const end = start + state.durationMs;
        for (const ig of [undefined, ignore]) {
          expect(assignResources(state, provider, start, end, ig)).toEqual(
            assignResourcesSorted(state, provider, start, end, ig),
          );
        }
      }),
      { numRuns: 1500 },
    );
  });
});
