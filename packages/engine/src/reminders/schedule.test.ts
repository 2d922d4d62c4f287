import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AppointmentInput } from "../model.js";
import { issuesOf } from "../series/issues.test-helpers.js";
import { clockFor, DAY, MINUTE } from "../time/zoned.js";
import { type ReminderRequest, scheduleReminders } from "./schedule.js";

function visit(
  start: string,
  end: string,
  extra: Partial<AppointmentInput> = {},
): AppointmentInput {
  return { id: "a1", serviceId: "physio", calendarIds: ["ana"], start, end, ...extra };
}

const LISBON = { timeZone: "Europe/Lisbon" };

function sendTimes(request: ReminderRequest): string[] {
  return scheduleReminders(request).reminders.map((r) => r.sendAt);
}

describe("scheduleReminders", () => {
  it("defaults to 24 h and 1 h before, by e-mail", () => {
    const schedule = scheduleReminders({
      appointment: visit("2026-05-12T17:00:00+01:00", "2026-05-12T18:00:00+01:00"),
      settings: LISBON,
      now: "2026-05-01T00:00:00Z",
    });
    expect(schedule.reminders).toEqual([
      {
        key: "a1:reminder:1440:2026-05-12T16:00:00.000Z",
        appointmentId: "a1",
        type: "reminder",
        offsetMinutes: 1440,
        sendAt: "2026-05-11T17:00:00+01:00",
        sendAtMs: Date.parse("2026-05-11T16:00:00Z"),
        channels: ["email"],
        movedForQuietHours: false,
      },
      {
        key: "a1:reminder:60:2026-05-12T16:00:00.000Z",
        appointmentId: "a1",
        type: "reminder",
        offsetMinutes: 60,
        sendAt: "2026-05-12T16:00:00+01:00",
        sendAtMs: Date.parse("2026-05-12T15:00:00Z"),
        channels: ["email"],
        movedForQuietHours: false,
      },
    ]);
    expect(schedule.skipped).toEqual([]);
  });

  it.each([
    // zone, visit start, expected 24 h reminder, elapsed hours
    ["Europe/Lisbon", "2026-03-29T17:00:00+01:00", "2026-03-28T17:00:00Z", 23],
    ["America/New_York", "2026-11-01T17:00:00-05:00", "2026-10-31T17:00:00-04:00", 25],
    ["America/New_York", "2026-03-08T09:00:00-04:00", "2026-03-07T09:00:00-05:00", 23],
    ["Australia/Sydney", "2026-04-05T17:00:00+10:00", "2026-04-04T17:00:00+11:00", 25],
  ])(
    "regression: '24 h before' is the same wall time the day before across DST (%s %s)",
    (zone, start, expected, hours) => {
      const startMs = Date.parse(start);
      const [reminder] = scheduleReminders({
        appointment: visit(start, new Date(startMs + 3_600_000).toISOString()),
        settings: { timeZone: zone, reminderOffsetsMinutes: [1440] },
        now: "2026-01-01T00:00:00Z",
      }).reminders;
      expect(reminder?.sendAt).toBe(expected);
      expect((startMs - (reminder?.sendAtMs ?? 0)) / 3_600_000).toBe(hours);
    },
  );

  it("sub-day offsets are exact elapsed time, also across a DST change", () => {
    // 03:30 on the New York spring-forward day is 2 elapsed hours after 00:30 (01:30 + the skipped hour).
    expect(
      sendTimes({
        appointment: visit("2026-03-08T03:30:00-04:00", "2026-03-08T04:30:00-04:00"),
        settings: { timeZone: "America/New_York", reminderOffsetsMinutes: [120] },
        now: "2026-01-01T00:00:00Z",
      }),
    ).toEqual(["2026-03-08T00:30:00-05:00"]);
  });

  it("a booking made 3 h before its start gets only the 1 h reminder", () => {
    const schedule = scheduleReminders({
      appointment: visit("2026-05-12T17:00:00+01:00", "2026-05-12T18:00:00+01:00"),
      settings: LISBON,
      now: "2026-05-12T14:00:00+01:00",
    });
    expect(schedule.reminders.map((r) => r.offsetMinutes)).toEqual([60]);
    expect(schedule.skipped).toEqual([
      { offsetMinutes: 1440, reason: "past", wouldHaveBeenAt: "2026-05-11T17:00:00+01:00" },
    ]);
  });

  it("regression: a visit booked 70 minutes ahead got its confirmation and a reminder 10 minutes later", () => {
    const request = {
      appointment: visit("2026-05-12T17:00:00+01:00", "2026-05-12T18:00:00+01:00"),
      settings: LISBON,
      now: "2026-05-12T15:50:00+01:00",
      bookedAt: "2026-05-12T15:50:00+01:00",
    };
    const schedule = scheduleReminders(request);
    expect(schedule.reminders).toEqual([]);
    expect(schedule.skipped).toContainEqual({
      offsetMinutes: 60,
      reason: "soon-after-booking",
      wouldHaveBeenAt: "2026-05-12T16:00:00+01:00",
    });
    // Booked three hours ahead, the 1 h reminder (two hours after booking) still goes out, also
    // when the worker plans again later; the gap is the clinic's to set (0 keeps every reminder).
    const earlier = { ...request, bookedAt: "2026-05-12T14:00:00+01:00" };
    expect(sendTimes({ ...earlier, now: "2026-05-12T15:55:00+01:00" })).toEqual([
      "2026-05-12T16:00:00+01:00",
    ]);
    const noGap = { ...request, settings: { ...LISBON, reminderGapAfterBookingMinutes: 0 } };
    expect(sendTimes(noGap)).toEqual(["2026-05-12T16:00:00+01:00"]);
    // Exactly the gap after booking is kept.
    expect(sendTimes({ ...request, bookedAt: "2026-05-12T15:00:00+01:00" })).toHaveLength(1);
  });

  it("a reminder due exactly now is kept; one a minute ago is not", () => {
    const request = {
      appointment: visit("2026-05-12T17:00:00+01:00", "2026-05-12T18:00:00+01:00"),
      settings: { ...LISBON, reminderOffsetsMinutes: [60] },
    };
    expect(sendTimes({ ...request, now: "2026-05-12T16:00:00+01:00" })).toHaveLength(1);
    expect(sendTimes({ ...request, now: "2026-05-12T16:01:00+01:00" })).toHaveLength(0);
  });

  it("quiet hours move a reminder earlier, to the start of the quiet window", () => {
    const schedule = scheduleReminders({
      appointment: visit("2026-05-12T08:30:00+01:00", "2026-05-12T09:30:00+01:00"),
      settings: { ...LISBON, quietHours: { start: "21:00", end: "08:00" } },
      now: "2026-05-01T00:00:00Z",
    });
    expect(
      schedule.reminders.map((r) => [r.offsetMinutes, r.sendAt, r.movedForQuietHours]),
    ).toEqual([
      [1440, "2026-05-11T08:30:00+01:00", false],
      [60, "2026-05-11T21:00:00+01:00", true],
    ]);
  });

  it("the edges of the quiet window are allowed, and a daytime window works too", () => {
    expect(
      sendTimes({
        appointment: visit("2026-05-12T09:00:00+01:00", "2026-05-12T10:00:00+01:00"),
        settings: {
          ...LISBON,
          reminderOffsetsMinutes: [60],
          quietHours: { start: "21:00", end: "08:00" },
        },
        now: "2026-05-01T00:00:00Z",
      }),
    ).toEqual(["2026-05-12T08:00:00+01:00"]);
    expect(
      sendTimes({
        appointment: visit("2026-05-12T14:30:00+01:00", "2026-05-12T15:30:00+01:00"),
        settings: {
          ...LISBON,
          reminderOffsetsMinutes: [60],
          quietHours: { start: "12:00", end: "14:00" },
        },
        now: "2026-05-01T00:00:00Z",
      }),
    ).toEqual(["2026-05-12T12:00:00+01:00"]);
  });

  it("regression: a quiet window starting inside a DST gap still ends up outside the window", () => {
    // 02:15 does not exist in New York on 8 March 2026: the window starts at 01:15 EST instead.
    expect(
      sendTimes({
        appointment: visit("2026-03-08T08:30:00-04:00", "2026-03-08T09:30:00-04:00"),
        settings: {
          timeZone: "America/New_York",
          reminderOffsetsMinutes: [60],
          quietHours: { start: "02:15", end: "08:00" },
        },
        now: "2026-03-01T00:00:00Z",
      }),
    ).toEqual(["2026-03-08T01:15:00-05:00"]);
  });

  it("a reminder that quiet hours would move into the past is skipped with its reason", () => {
    const schedule = scheduleReminders({
      appointment: visit("2026-05-12T07:30:00+01:00", "2026-05-12T08:30:00+01:00"),
      settings: {
        ...LISBON,
        reminderOffsetsMinutes: [60],
        quietHours: { start: "21:00", end: "08:00" },
      },
      now: "2026-05-11T23:00:00+01:00",
    });
    expect(schedule.reminders).toEqual([]);
    expect(schedule.skipped).toEqual([
      {
        offsetMinutes: 60,
        reason: "quiet-hours-past",
        wouldHaveBeenAt: "2026-05-12T06:30:00+01:00",
      },
    ]);
  });

  it("two reminders moved to the same time become one", () => {
    const schedule = scheduleReminders({
      appointment: visit("2026-05-12T09:00:00+01:00", "2026-05-12T10:00:00+01:00"),
      settings: {
        ...LISBON,
        reminderOffsetsMinutes: [600, 660],
        quietHours: { start: "21:00", end: "08:00" },
      },
      now: "2026-05-01T00:00:00Z",
    });
    expect(schedule.reminders.map((r) => [r.offsetMinutes, r.sendAt])).toEqual([
      [660, "2026-05-11T21:00:00+01:00"],
    ]);
    expect(schedule.skipped.map((s) => [s.offsetMinutes, s.reason])).toEqual([[600, "duplicate"]]);
  });

  describe("who decides", () => {
    const base = {
      appointment: visit("2026-05-12T17:00:00+01:00", "2026-05-12T18:00:00+01:00"),
      now: "2026-05-01T00:00:00Z",
    };
    const smsAndEmail = {
      ...LISBON,
      types: {
        new: { enabled: true, channels: ["email" as const] },
        rescheduled: { enabled: true, channels: ["email" as const] },
        canceled: { enabled: true, channels: ["email" as const] },
        no_show: { enabled: false, channels: ["email" as const] },
        reminder: { enabled: true, channels: ["email" as const, "sms" as const] },
      },
    };

    it("the clinic can switch reminders off", () => {
      const s = scheduleReminders({
        ...base,
        settings: {
          ...smsAndEmail,
          types: { ...smsAndEmail.types, reminder: { enabled: false, channels: ["email"] } },
        },
      });
      expect(s).toEqual({ reminders: [], skipped: [], suppressed: "type-disabled" });
    });

    it("a provider can turn off SMS and use other offsets", () => {
      const s = scheduleReminders({
        ...base,
        settings: smsAndEmail,
        providers: [
          { providerId: "ana", disabledChannels: ["sms"], reminderOffsetsMinutes: [2880] },
        ],
      });
      expect(s.reminders.map((r) => [r.sendAt, r.channels])).toEqual([
        ["2026-05-10T17:00:00+01:00", ["email"]],
      ]);
      const other = scheduleReminders({
        ...base,
        settings: smsAndEmail,
        providers: [{ providerId: "bob", disabledChannels: ["sms"] }],
      });
      expect(other.reminders[0]?.channels).toEqual(["email", "sms"]);
    });

    it("a provider can switch a type off for their visits", () => {
      const s = scheduleReminders({
        ...base,
        settings: LISBON,
        providers: [{ providerId: "ana", types: { reminder: false } }],
      });
      expect(s.suppressed).toBe("type-disabled");
    });

    it("the booking's own flag and offsets win", () => {
      expect(
        scheduleReminders({ ...base, settings: LISBON, booking: { send: false } }).suppressed,
      ).toBe("send-off");
      expect(sendTimes({ ...base, settings: { ...LISBON, defaultSend: false } })).toEqual([]);
      expect(
        sendTimes({
          ...base,
          settings: { ...LISBON, defaultSend: false },
          booking: { send: true },
        }),
      ).toHaveLength(2);
      expect(
        sendTimes({
          ...base,
          settings: LISBON,
          providers: [{ providerId: "ana", reminderOffsetsMinutes: [2880] }],
          booking: { reminderOffsetsMinutes: [30] },
        }),
      ).toEqual(["2026-05-12T16:30:00+01:00"]);
    });

    it("only channels the client can be reached on; none left means no reminders", () => {
      const s = scheduleReminders({
        ...base,
        settings: smsAndEmail,
        reachableChannels: ["sms", "whatsapp"],
      });
      expect(s.reminders[0]?.channels).toEqual(["sms"]);
      expect(
        scheduleReminders({ ...base, settings: LISBON, reachableChannels: ["whatsapp"] })
          .suppressed,
      ).toBe("no-channel");
    });

    it("canceled visits get no reminders", () => {
      const s = scheduleReminders({
        ...base,
        appointment: { ...base.appointment, status: "canceled" },
        settings: LISBON,
      });
      expect(s.suppressed).toBe("inactive-status");
    });
  });

  it.each([
    [
      { reminderOffsetsMinutes: [1, 2, 3, 4, 5, 6] },
      "request.settings.reminderOffsetsMinutes",
      "must list at most 5 reminders",
    ],
    [
      { reminderOffsetsMinutes: [60, 60] },
      "request.settings.reminderOffsetsMinutes",
      "must not repeat an offset",
    ],
    [
      { reminderOffsetsMinutes: [0] },
      "request.settings.reminderOffsetsMinutes.0",
      "must be at least 1 minute before the start",
    ],
    [
      { quietHours: { start: "22:00", end: "22:00" } },
      "request.settings.quietHours.end",
      "end must differ from start",
    ],
  ])("validates settings %#", (patch, field, message) => {
    const issues = issuesOf(() =>
      scheduleReminders({
        appointment: visit("2026-05-12T17:00:00+01:00", "2026-05-12T18:00:00+01:00"),
        settings: { ...LISBON, ...patch },
        now: "2026-05-01T00:00:00Z",
      }),
    );
    expect(issues[0]).toEqual({ field, message });
  });
});

describe("scheduleReminders: properties", () => {
  it("reminders are never in the past, at most 5, sorted, before the visit and outside quiet hours", () => {
    const hm = (m: number) =>
      `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
    fc.assert(
      fc.property(
        fc.constantFrom("America/New_York", "Europe/Lisbon", "Australia/Sydney"),
        fc.integer({ min: 0, max: 365 * 24 * 4 }), // quarter hours from 2026-01-01
        fc.integer({ min: 0, max: 14 * 24 * 60 }), // how long before the start "now" is
        fc.uniqueArray(fc.integer({ min: 1, max: 10 * 1440 }), { maxLength: 5 }),
        fc.option(
          fc
            .tuple(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 0, max: 95 }))
            .filter(([a, b]) => a !== b),
          { nil: undefined },
        ),
        (zone, quarter, before, offsets, quiet) => {
          const startMs = Date.parse("2026-01-01T00:00:00Z") + quarter * 15 * MINUTE;
          const now = startMs - before * MINUTE;
          const quietHours = quiet
            ? { start: hm(quiet[0] * 15), end: hm(quiet[1] * 15) }
            : undefined;
          const s = scheduleReminders({
            appointment: visit(
              new Date(startMs).toISOString(),
              new Date(startMs + 3_600_000).toISOString(),
            ),
            settings: {
              timeZone: zone,
              reminderOffsetsMinutes: offsets,
              ...(quietHours ? { quietHours } : {}),
            },
            now: new Date(now).toISOString(),
          });
          expect(s.reminders.length).toBeLessThanOrEqual(5);
          expect(s.reminders.length + s.skipped.length).toBe(offsets.length);
          const clock = clockFor(zone);
          s.reminders.forEach((r, i) => {
            expect(r.sendAtMs).toBeGreaterThanOrEqual(now);
            expect(r.sendAtMs).toBeLessThan(startMs);
            if (i > 0)
              expect(r.sendAtMs).toBeGreaterThan(
                (s.reminders[i - 1] as { sendAtMs: number }).sendAtMs,
              );
            expect(Date.parse(r.sendAt)).toBe(r.sendAtMs);
            if (quiet) {
              const local =
                ((((r.sendAtMs + clock.offset(r.sendAtMs)) % DAY) + DAY) % DAY) / MINUTE;
              const [qs, qe] = [quiet[0] * 15, quiet[1] * 15];
              const inside = qs < qe ? local > qs && local < qe : local > qs || local < qe;
              expect(inside).toBe(false);
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
