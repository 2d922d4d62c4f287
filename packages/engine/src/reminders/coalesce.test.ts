import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { issuesOf } from "../series/issues.test-helpers.js";
import { type ChangeEvent, type CoalesceRequest, coalesceNotifications } from "./coalesce.js";

const base = {
  appointmentId: "a1",
  calendarIds: ["ana"],
  settings: { timeZone: "Europe/Lisbon" },
  now: "2026-03-05T00:00:00Z",
};
const at = (minute: number) =>
  new Date(Date.parse("2026-03-02T10:00:00Z") + minute * 60_000).toISOString();
const created = (minute: number, start: string): ChangeEvent => ({
  type: "created",
  at: at(minute),
  start,
});
const moved = (minute: number, start: string): ChangeEvent => ({
  type: "rescheduled",
  at: at(minute),
  start,
});
const canceled = (minute: number): ChangeEvent => ({ type: "canceled", at: at(minute) });

function summary(request: Partial<CoalesceRequest> & { events: ChangeEvent[] }) {
  return coalesceNotifications({ ...base, ...request }).messages.map((m) => [
    m.type,
    m.start ?? null,
    m.previousStart ?? null,
    m.changes,
  ]);
}

describe("coalesceNotifications", () => {
  it("created then rescheduled within the delay yields one 'new' with the final time", () => {
    const { messages } = coalesceNotifications({
      ...base,
      events: [created(0, "2026-03-09T09:00:00Z"), moved(1, "2026-03-09T10:00:00Z")],
    });
    expect(messages).toEqual([
      {
        key: "a1:new:2026-03-02T10:00:00.000Z:0",
        appointmentId: "a1",
        type: "new",
        sendAt: "2026-03-02T10:03:00Z",
        sendAtMs: Date.parse("2026-03-02T10:03:00Z"),
        due: true,
        channels: ["email"],
        start: "2026-03-09T10:00:00Z",
        changes: 2,
      },
    ]);
  });

  it("created then canceled within the delay yields nothing", () => {
    expect(summary({ events: [created(0, "2026-03-09T09:00:00Z"), canceled(1)] })).toEqual([]);
  });

  it("changes further apart than the delay each get their message", () => {
    expect(
      summary({
        events: [
          created(0, "2026-03-09T09:00:00Z"),
          moved(10, "2026-03-10T09:00:00Z"),
          canceled(30),
        ],
      }),
    ).toEqual([
      ["new", "2026-03-09T09:00:00Z", null, 1],
      ["rescheduled", "2026-03-10T09:00:00Z", "2026-03-09T09:00:00Z", 1],
      ["canceled", null, null, 1],
    ]);
  });

  it("moved and moved back within the delay yields nothing", () => {
    expect(
      summary({
        events: [
          created(0, "2026-03-09T09:00:00Z"),
          moved(10, "2026-03-10T09:00:00Z"),
          moved(11, "2026-03-09T09:00:00Z"),
        ],
      }),
    ).toEqual([["new", "2026-03-09T09:00:00Z", null, 1]]);
  });

  it("events may come in any order", () => {
    expect(
      summary({ events: [moved(1, "2026-03-09T10:00:00Z"), created(0, "2026-03-09T09:00:00Z")] }),
    ).toEqual([["new", "2026-03-09T10:00:00Z", null, 2]]);
  });

  it("a burst is cut after maxCoalesceMinutes even if changes keep coming", () => {
    const events = [created(0, "2026-03-09T09:00:00Z")];
    for (let m = 1; m <= 20; m++)
      events.push(moved(m, `2026-03-09T${String(9 + (m % 2)).padStart(2, "0")}:00:00Z`));
    const { messages } = coalesceNotifications({ ...base, events });
    expect(messages.map((m) => [m.type, m.changes, m.sendAt])).toEqual([
      ["new", 16, "2026-03-02T10:17:00Z"],
      ["rescheduled", 5, "2026-03-02T10:22:00Z"],
    ]);
  });

  it("a zero delay sends every change on its own", () => {
    expect(
      summary({
        settings: { timeZone: "Europe/Lisbon", coalesceMinutes: 0 },
        events: [created(0, "2026-03-09T09:00:00Z"), moved(0, "2026-03-09T10:00:00Z")],
      }),
    ).toEqual([
      ["new", "2026-03-09T09:00:00Z", null, 1],
      ["rescheduled", "2026-03-09T10:00:00Z", "2026-03-09T09:00:00Z", 1],
    ]);
  });

  it("a burst still open at now is not due yet", () => {
    const { messages } = coalesceNotifications({
      ...base,
      now: at(2),
      events: [created(0, "2026-03-09T09:00:00Z"), moved(1, "2026-03-09T10:00:00Z")],
    });
    expect(messages.map((m) => m.due)).toEqual([false]);
  });

  it("no-show messages are off by default and can be switched on", () => {
    const events = [
      created(0, "2026-03-09T09:00:00Z"),
      { type: "no_show" as const, at: at(10_000) },
    ];
    const off = coalesceNotifications({ ...base, events });
    expect(off.messages.map((m) => m.type)).toEqual(["new"]);
    expect(off.suppressed).toEqual([
      { type: "no_show", at: "2026-03-09T08:42:00Z", reason: "type-disabled" },
    ]);
    const on = coalesceNotifications({
      ...base,
      settings: {
        timeZone: "Europe/Lisbon",
        types: {
          new: { enabled: true, channels: ["email"] },
          rescheduled: { enabled: true, channels: ["email"] },
          canceled: { enabled: true, channels: ["email"] },
          no_show: { enabled: true, channels: ["email", "sms"] },
          reminder: { enabled: true, channels: ["email"] },
        },
      },
      events,
    });
    expect(on.messages.map((m) => [m.type, m.channels])).toEqual([
      ["new", ["email"]],
      ["no_show", ["email", "sms"]],
    ]);
  });

  it("a disabled type is not sent, but the client still counts as knowing", () => {
    const settings = {
      timeZone: "Europe/Lisbon",
      types: {
        new: { enabled: false, channels: ["email" as const] },
        rescheduled: { enabled: true, channels: ["email" as const] },
        canceled: { enabled: true, channels: ["email" as const] },
        no_show: { enabled: false, channels: ["email" as const] },
        reminder: { enabled: true, channels: ["email" as const] },
      },
    };
    const out = coalesceNotifications({
      ...base,
      settings,
      events: [created(0, "2026-03-09T09:00:00Z"), canceled(60)],
    });
    expect(out.messages.map((m) => m.type)).toEqual(["canceled"]);
    expect(out.suppressed.map((s) => [s.type, s.reason])).toEqual([["new", "type-disabled"]]);
  });

  it("the booking's send flag switches every change message off", () => {
    const out = coalesceNotifications({
      ...base,
      booking: { send: false },
      events: [created(0, "2026-03-09T09:00:00Z")],
    });
    expect(out.messages).toEqual([]);
    expect(out.suppressed.map((s) => s.reason)).toEqual(["send-off"]);
  });

  it("names a missing start", () => {
    const issues = issuesOf(() =>
      coalesceNotifications({ ...base, events: [{ type: "created", at: at(0) }] }),
    );
    expect(issues[0]?.field).toBe("request.events.0.start");
  });
});

describe("coalesceNotifications: properties", () => {
  const eventArb = fc.record({
    kind: fc.constantFrom("rescheduled", "canceled", "created"),
    gap: fc.integer({ min: 0, max: 30 }),
    hour: fc.integer({ min: 8, max: 18 }),
  });

  it("a client who reads every message ends up knowing the final state, and each message follows its changes", () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: 10 }),
        (specs, delay) => {
          let minute = 0;
          const events: ChangeEvent[] = [created(0, "2026-03-09T09:00:00Z")];
          for (const s of specs) {
            minute += s.gap;
            const start = `2026-03-09T${String(s.hour).padStart(2, "0")}:00:00Z`;
            events.push(
              s.kind === "canceled"
                ? canceled(minute)
                : ({ type: s.kind, at: at(minute), start } as ChangeEvent),
            );
          }
          const { messages, suppressed } = coalesceNotifications({
            ...base,
            settings: { timeZone: "Europe/Lisbon", coalesceMinutes: delay },
            events,
          });
          expect(suppressed).toEqual([]);
          // The truth after all events.
          let alive = false;
          let start: string | undefined;
          for (const e of events) {
            alive = e.type !== "canceled";
            if (e.start) start = e.start;
          }
          // What a client reading the messages in order believes.
          let believesAlive = false;
          let believedStart: string | undefined;
          messages.forEach((m, i) => {
            if (i > 0)
              expect(m.sendAtMs).toBeGreaterThanOrEqual(
                (messages[i - 1] as { sendAtMs: number }).sendAtMs,
              );
            if (m.type === "new" || m.type === "rescheduled") {
              if (m.type === "new") expect(believesAlive).toBe(false);
              else expect(m.previousStart).toBe(believedStart);
              believesAlive = true;
              believedStart = m.start;
            } else {
              expect(believesAlive).toBe(true);
              believesAlive = false;
            }
          });
          expect(believesAlive).toBe(alive);
          if (alive) expect(believedStart).toBe(start);
          expect(new Set(messages.map((m) => m.key)).size).toBe(messages.length);
          expect(messages.length).toBeLessThanOrEqual(events.length);
          expect(messages.reduce((n, m) => n + m.changes, 0)).toBeLessThanOrEqual(events.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
