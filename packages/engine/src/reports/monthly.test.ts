import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AppointmentInput,
  type AppointmentStatus,
  appointmentStatusSchema,
  type CalendarInput,
} from "../model.js";
import { issuesOf } from "../series/issues.test-helpers.js";
import { csvCell, monthlyReportToCsv, toCsv } from "./csv.js";
import { type MonthlyReportRequest, monthlyReport } from "./monthly.js";

const calendars: CalendarInput[] = [
  { id: "ana", kind: "provider", locationId: "lisbon", timeZone: "Europe/Lisbon" },
  { id: "bob", kind: "provider", locationId: "porto", timeZone: "Europe/Lisbon" },
  { id: "room-1", kind: "room", locationId: "lisbon", timeZone: "Europe/Lisbon" },
];

let n = 0;
function visit(
  calendarIds: string[],
  start: string,
  minutes: number,
  status: AppointmentStatus,
  clientId?: string,
): AppointmentInput {
  n += 1;
  const end = new Date(Date.parse(start) + minutes * 60_000).toISOString();
  return {
    id: `v${n}`,
    serviceId: "physio",
    calendarIds,
    start,
    end,
    status,
    ...(clientId ? { clientId } : {}),
  };
}

const feb = visit(["ana"], "2026-02-10T10:00:00Z", 60, "completed", "c1");
const march = [
  visit(["ana", "room-1"], "2026-03-01T00:30:00Z", 60, "completed", "c1"), // 00:30 local on the 1st
  visit(["ana"], "2026-03-05T10:00:00Z", 60, "completed", "c1"),
  visit(["ana"], "2026-03-06T10:00:00Z", 30, "completed", "c2"),
  visit(["bob"], "2026-03-10T10:00:00Z", 60, "no_show", "c3"),
  visit(["bob"], "2026-03-12T10:00:00Z", 60, "completed", "c3"),
  visit(["bob"], "2026-03-13T10:00:00Z", 60, "canceled", "c3"),
  visit(["ana"], "2026-03-20T10:00:00Z", 45, "booked", "c4"),
  visit(["ana"], "2026-03-31T22:30:00Z", 60, "rebooked", "c4"), // 23:30 local on the 31st
];
const outside = [
  visit(["ana"], "2026-02-28T23:30:00Z", 60, "completed", "c5"), // still February in Lisbon
  visit(["ana"], "2026-03-31T23:30:00Z", 60, "completed", "c5"), // 00:30 on 1 April in Lisbon
];

const request: MonthlyReportRequest = {
  month: "2026-03",
  timeZone: "Europe/Lisbon",
  currency: "EUR",
  calendars,
  appointments: [feb, ...march, ...outside],
  clients: [
    { id: "c1", taxId: "PT123456789" },
    { id: "c2", taxId: "  " },
    { id: "c3", taxId: null },
  ],
  charges: [
    {
      id: "ch1",
      amount: 3500,
      currency: "EUR",
      at: "2026-03-01T01:30:00Z",
      appointmentId: march[0]?.id,
    },
    {
      id: "ch2",
      amount: 3500,
      currency: "EUR",
      at: "2026-03-05T11:00:00Z",
      appointmentId: march[1]?.id,
    },
    {
      id: "ch3",
      amount: 2000,
      currency: "EUR",
      at: "2026-03-06T11:00:00Z",
      appointmentId: march[2]?.id,
    },
    {
      id: "ch4",
      amount: 1500,
      currency: "EUR",
      at: "2026-03-10T11:00:00Z",
      appointmentId: march[3]?.id,
    },
    {
      id: "ch5",
      amount: 3500,
      currency: "EUR",
      at: "2026-03-12T11:00:00Z",
      appointmentId: march[4]?.id,
    },
    { id: "ch6", amount: 9999, currency: "EUR", at: "2026-03-12T11:00:00Z", voided: true },
    { id: "ch7", amount: -500, currency: "EUR", at: "2026-03-15T11:00:00Z", providerId: "ana" },
    { id: "ch8", amount: 700, currency: "EUR", at: "2026-03-16T11:00:00Z" },
    {
      id: "ch9",
      amount: 3500,
      currency: "EUR",
      at: "2026-04-01T00:30:00+01:00",
      providerId: "ana",
    },
  ],
  payments: [
    {
      id: "p1",
      kind: "payment",
      amount: 3500,
      currency: "EUR",
      at: "2026-03-05T11:00:00Z",
      chargeId: "ch2",
    },
    {
      id: "p2",
      kind: "payment",
      amount: 1500,
      currency: "EUR",
      at: "2026-03-10T11:00:00Z",
      appointmentId: march[3]?.id,
    },
    {
      id: "p3",
      kind: "refund",
      amount: 500,
      currency: "EUR",
      at: "2026-03-15T11:00:00Z",
      chargeId: "ch2",
    },
    { id: "p4", kind: "payment", amount: 9000, currency: "EUR", at: "2026-02-27T11:00:00Z" },
  ],
};

describe("monthlyReport", () => {
  const report = monthlyReport(request);

  it("bounds the month by local midnights in the clinic's zone", () => {
    expect(report.from).toBe("2026-03-01T00:00:00Z");
    expect(report.to).toBe("2026-04-01T00:00:00+01:00");
    // Eight visits start in March; one of them was moved (rebooked) and counts as its new visit.
    expect(report.totals.appointments).toBe(7);
  });

  it("computes the clinic totals", () => {
    const t = report.totals;
    expect(t.byStatus).toEqual({
      booked: 1,
      confirmed: 0,
      arrived: 0,
      started: 0,
      completed: 4,
      no_show: 1,
      canceled: 1,
      rebooked: 1,
    });
    expect(t.completedVisits).toBe(4);
    expect(t.patients).toBe(3); // c1 (2 visits), c2, c3
    expect(t.sessionsPerPatient).toEqual({ numerator: 4, denominator: 3, value: 1.3333 });
    expect(t.noShowRate).toEqual({ numerator: 1, denominator: 5, value: 0.2 });
    expect(t.taxIdShare).toEqual({ numerator: 1, denominator: 3, value: 0.3333 });
    expect([t.newPatients, t.recurringPatients]).toEqual([2, 1]); // c1 came in February
    // 60 + 60 + 30 + 60 (no-show) + 60 + 45 (booked); canceled and rebooked hold no time.
    expect(t.bookedMinutes).toBe(315);
    expect(t.revenue).toBe(3500 + 3500 + 2000 + 1500 + 3500 - 500 + 700);
    // 14200 × 60 / 315 = 2704.76… → 2705
    expect(t.revenuePerBookedHour).toBe(2705);
    expect(t.netPayments).toBe(3500 + 1500 - 500);
  });

  it("splits by provider and by location, with unattributed money under null", () => {
    expect(
      report.byProvider.map((p) => [
        p.providerId,
        p.appointments,
        p.patients,
        p.revenue,
        p.netPayments,
        p.bookedMinutes,
      ]),
    ).toEqual([
      ["ana", 4, 2, 3500 + 3500 + 2000 - 500, 3000, 195],
      ["bob", 3, 1, 1500 + 3500, 1500, 120],
      [null, 0, 0, 700, 0, 0],
    ]);
    expect(report.byLocation.map((l) => [l.locationId, l.appointments, l.revenue])).toEqual([
      ["lisbon", 4, 8500],
      ["porto", 3, 5000],
      [null, 0, 700],
    ]);
    const bob = report.byProvider.find((p) => p.providerId === "bob");
    expect(bob?.noShowRate.value).toBe(0.5);
    expect(bob?.revenuePerBookedHour).toBe(2500);
    expect(report.byProvider.find((p) => p.providerId === null)?.revenuePerBookedHour).toBeNull();
  });

  it("regression: a moved visit was counted twice in the month's total (old rebooked + new)", () => {
    const moved = monthlyReport({
      ...request,
      appointments: [
        visit(["ana"], "2026-03-10T10:00:00Z", 60, "rebooked", "c1"),
        visit(["ana"], "2026-03-12T10:00:00Z", 60, "booked", "c1"),
      ],
      charges: [],
      payments: [],
    });
    expect(moved.totals.appointments).toBe(1);
    expect(moved.totals.byStatus.rebooked).toBe(1);
    expect(moved.byProvider.map((p) => [p.providerId, p.appointments])).toEqual([["ana", 1]]);
  });

  it("a class of six counts its hour once in booked time (revenue per booked hour was a sixth of the therapist's)", () => {
    const pilates = Array.from({ length: 6 }, (_, i) =>
      visit(["bob"], "2026-03-16T18:00:00Z", 60, "completed", `p${i}`),
    );
    const report = monthlyReport({
      ...request,
      appointments: [
        ...pilates,
        // staff booked two visits over each other: the shared half hour is held once
        visit(["ana"], "2026-03-17T10:00:00Z", 60, "completed", "c1"),
        visit(["ana"], "2026-03-17T10:30:00Z", 60, "completed", "c2"),
        // no provider: each visit on its own
        visit(["room-1"], "2026-03-18T10:00:00Z", 30, "completed", "c3"),
        visit(["room-1"], "2026-03-18T10:00:00Z", 30, "completed", "c4"),
      ],
      charges: pilates.map((v, i) => ({
        id: `pc${i}`,
        amount: 1500,
        currency: "EUR",
        at: "2026-03-16T19:00:00Z",
        appointmentId: v.id,
      })),
      payments: [],
    });
    const bob = report.byProvider.find((p) => p.providerId === "bob");
    expect(bob?.bookedMinutes).toBe(60);
    expect(bob?.revenuePerBookedHour).toBe(9000);
    expect(report.byProvider.find((p) => p.providerId === "ana")?.bookedMinutes).toBe(90);
    expect(report.byProvider.find((p) => p.providerId === null)?.bookedMinutes).toBe(60);
    expect(report.totals.bookedMinutes).toBe(210);
  });

  it("a February report sees c1 as new and nothing recurring", () => {
    const jan = monthlyReport({ ...request, month: "2026-02", payments: [], charges: [] });
    expect(jan.totals.completedVisits).toBe(2); // feb visit and the one at 23:30Z on the 28th
    expect([jan.totals.newPatients, jan.totals.recurringPatients]).toEqual([2, 0]);
  });

  it("names a charge in another currency and a bad month", () => {
    const issues = issuesOf(() =>
      monthlyReport({
        ...request,
        month: "2026-13",
        charges: [{ id: "x", amount: 1, currency: "USD", at: "2026-03-01T00:00:00Z" }],
      }),
    );
    expect(issues.map((i) => `${i.field}: ${i.message}`)).toEqual([
      "request.month: must be a month YYYY-MM",
      "request.charges.0.currency: must be EUR (the report's currency)",
    ]);
  });

  it("rejects fractional money", () => {
    expect(() =>
      monthlyReport({
        ...request,
        charges: [{ id: "x", amount: 10.5, currency: "EUR", at: "2026-03-01T00:00:00Z" }],
      }),
    ).toThrowError(/request\.charges\.0\.amount: must be an integer number of minor units/);
  });
});

describe("monthlyReportToCsv", () => {
  it("writes a header, the totals and one row per provider and location", () => {
    const csv = monthlyReportToCsv(monthlyReport(request));
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "scope,id,appointments,booked,confirmed,arrived,started,completed,no_show,canceled,rebooked,patients,new_patients,recurring_patients,sessions_per_patient,no_show_rate,tax_id_share,booked_minutes,revenue_minor,revenue_per_booked_hour_minor,net_payments_minor,currency",
    );
    expect(lines[1]).toBe(
      "total,,7,1,0,0,0,4,1,1,1,3,2,1,1.3333,0.2,0.3333,315,14200,2705,4500,EUR",
    );
    expect(lines.slice(2, -1).map((l) => l.split(",").slice(0, 2).join(","))).toEqual([
      "provider,ana",
      "provider,bob",
      "provider,",
      "location,lisbon",
      "location,porto",
      "location,",
    ]);
    expect(lines.at(-1)).toBe("");
  });

  it("refuses ids that could carry a formula, and still neutralises one in a report it is given", () => {
    const formula = "=cmd|'/c+calc'!A1";
    expect(() =>
      monthlyReport({
        ...request,
        calendars: [
          { id: formula, kind: "provider", locationId: "@loc", timeZone: "Europe/Lisbon" },
        ],
        appointments: [visit([formula], "2026-03-05T10:00:00Z", 60, "completed", "c1")],
        charges: [],
        payments: [],
      }),
    ).toThrow(/must be letters, digits/);
    const report = monthlyReport({
      ...request,
      calendars: [{ id: "ana", kind: "provider", locationId: "lisbon", timeZone: "Europe/Lisbon" }],
      appointments: [visit(["ana"], "2026-03-05T10:00:00Z", 60, "completed", "c1")],
      charges: [],
      payments: [],
    });
    const evil = {
      ...report,
      byProvider: report.byProvider.map((p) => ({ ...p, providerId: formula })),
      byLocation: report.byLocation.map((l) => ({ ...l, locationId: "@loc" })),
    };
    const csv = monthlyReportToCsv(evil);
    expect(csv).toContain("\r\nprovider,'=cmd|'/c+calc'!A1,");
    expect(csv).toContain("\r\nlocation,'@loc,");
  });
});

describe("csvCell", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    ["\rx", '"\'\rx"'],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ["plain", "plain"],
  ])("%j → %j", (input, output) => {
    expect(csvCell(input)).toBe(output);
  });

  it("keeps numbers (negative ones too) and empties", () => {
    expect([csvCell(-500), csvCell(0), csvCell(null), csvCell(undefined)]).toEqual([
      "-500",
      "0",
      "",
      "",
    ]);
    expect(
      toCsv([
        ["a", 1],
        [null, -2],
      ]),
    ).toBe("a,1\r\n,-2\r\n");
  });
});

describe("monthlyReport: properties", () => {
  it("counts sum to totals across statuses, providers and locations, and money adds up", () => {
    const statuses = appointmentStatusSchema.options;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            cal: fc.constantFrom("ana", "bob", "room-1"),
            day: fc.integer({ min: -40, max: 70 }),
            minutes: fc.integer({ min: 15, max: 180 }),
            status: fc.constantFrom(...statuses),
            client: fc.option(fc.constantFrom("c1", "c2", "c3", "c4", "c5"), { nil: undefined }),
          }),
          { maxLength: 60 },
        ),
        fc.array(
          fc.record({
            amount: fc.integer({ min: -5000, max: 50_000 }),
            day: fc.integer({ min: -5, max: 35 }),
            who: fc.constantFrom("ana", "bob", undefined),
          }),
          { maxLength: 20 },
        ),
        (specs, money) => {
          const appointments = specs.map((s) =>
            visit(
              [s.cal],
              new Date(Date.parse("2026-03-01T08:00:00Z") + s.day * 86_400_000).toISOString(),
              s.minutes,
              s.status,
              s.client,
            ),
          );
          const report = monthlyReport({
            ...request,
            appointments,
            payments: [],
            charges: money.map((m, i) => ({
              id: `m${i}`,
              amount: m.amount,
              currency: "EUR",
              at: new Date(Date.parse("2026-03-01T08:00:00Z") + m.day * 86_400_000).toISOString(),
              ...(m.who ? { providerId: m.who } : {}),
            })),
          });
          const scopes = [report.totals, ...report.byProvider, ...report.byLocation];
          for (const f of scopes) {
            // A moved visit counts once: as its new visit, not also as the rebooked old one.
            expect(statuses.reduce((sum, s) => sum + f.byStatus[s], 0)).toBe(
              f.appointments + f.byStatus.rebooked,
            );
            expect(f.newPatients + f.recurringPatients).toBe(f.patients);
            for (const r of [f.noShowRate, f.taxIdShare]) {
              if (r.value !== null) expect(r.value).toBeGreaterThanOrEqual(0);
              if (r.value !== null) expect(r.value).toBeLessThanOrEqual(1);
            }
            expect(Number.isInteger(f.revenue)).toBe(true);
            if (f.revenuePerBookedHour !== null)
              expect(Number.isInteger(f.revenuePerBookedHour)).toBe(true);
          }
          for (const groups of [report.byProvider, report.byLocation]) {
            const sum = (key: "appointments" | "revenue" | "bookedMinutes" | "completedVisits") =>
              groups.reduce((total, g) => total + g[key], 0);
            expect(sum("appointments")).toBe(report.totals.appointments);
            expect(sum("revenue")).toBe(report.totals.revenue);
            expect(sum("bookedMinutes")).toBe(report.totals.bookedMinutes);
            expect(sum("completedVisits")).toBe(report.totals.completedVisits);
            for (const s of statuses) {
              expect(groups.reduce((t, g) => t + g.byStatus[s], 0)).toBe(report.totals.byStatus[s]);
            }
          }
          const inMarch = money
            .filter((m) => m.day >= 0 && m.day < 31)
            .reduce((t, m) => t + m.amount, 0);
          expect(report.totals.revenue).toBe(inMarch);
        },
      ),
      { numRuns: 150 },
    );
  });
});
