// msw handlers for the staff routes over a tiny in-memory day: two providers (Ana, Bruno) and a
// room, three appointments (one canceled), a status machine that is just enough for the tests,
// create and move / resize routes that refuse an overlap unless it is overridden, and "find a
// time".
import { HttpResponse, http, type RequestHandler } from "msw";
import type { StaffAppointment, StaffCalendar } from "../../src/staff/api.js";

/** The API base URL of the staff mocks. */
export const STAFF_API = "https://clinic.test/api";
/** The day the mocks serve (a Monday). */
export const DAY = "2026-03-09";

/** The CORS headers the staff API sends (the calendar runs on another origin). */
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PATCH, DELETE, OPTIONS",
  "access-control-allow-headers": "content-type, authorization, x-api-key, x-bookwell-clinic",
  "access-control-max-age": "600",
};

function json(body: unknown, status = 200): Response {
  return HttpResponse.json(body as Record<string, unknown>, { status, headers: CORS });
}

const weekly = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  start: "09:00",
  end: "17:00",
  breaks: [{ start: "12:00", end: "13:00" }],
}));

/** A mock staff server and what it received. */
export interface StaffMock {
  handlers: RequestHandler[];
  appointments: StaffAppointment[];
  requests: Array<{
    method: string;
    path: string;
    body: unknown;
    auth: string | null;
    /** The query string (`?serviceId=…`), empty when none. */
    query: string;
  }>;
}

function appointment(
  id: string,
  calendarId: string,
  start: string,
  end: string,
  status: StaffAppointment["status"],
  name: string,
): StaffAppointment {
  return {
    id,
    status,
    serviceId: "physio",
    providerId: calendarId,
    calendarIds: [calendarId],
    start: `${DAY}T${start}:00Z`,
    end: `${DAY}T${end}:00Z`,
    channel: "staff",
    contact: { name, email: `${id}@example.test` },
    price: { amount: 4500, currency: "EUR" },
    allowOverlap: false,
    allowedActions: status === "canceled" ? ["rollback"] : ["confirm", "cancel", "no_show"],
    version: 1,
  };
}

/**
 * Builds the staff mock for a role (`provider` sees only Ana's calendar).
 *
 * @example
 * const mock = staffMock("manager"); server.use(...mock.handlers);
 */
export function staffMock(role: "manager" | "provider" = "manager"): StaffMock {
  const calendars: StaffCalendar[] = [
    { id: "ana", kind: "provider", name: "Ana Silva", disciplines: ["physio"], weekly },
    {
      id: "bruno",
      kind: "provider",
      name: "Bruno Costa",
      disciplines: ["physio", "massage"],
      weekly,
      timeOff: [{ start: `${DAY}T15:00:00Z`, end: `${DAY}T16:00:00Z`, reason: "Training" }],
    },
    {
      id: "room-1",
      kind: "room",
      name: "Room 1",
      weekly: [],
      visibleHours: { start: "08:00", end: "18:00" },
    },
  ];
  const visible = role === "provider" ? calendars.filter((c) => c.id === "ana") : calendars;
  const appointments = [
    appointment("a1", "ana", "09:00", "09:45", "booked", "Maria Santos"),
    appointment("a2", "ana", "09:30", "10:15", "confirmed", "João Lima"),
    appointment("a3", "bruno", "10:00", "10:45", "canceled", "Rita Alves"),
  ];
  const requests: StaffMock["requests"] = [];
  const log = async (request: Request) => {
    const text = request.method === "GET" ? "" : await request.text();
    const body = text ? JSON.parse(text) : null;
    requests.push({
      method: request.method,
      path: new URL(request.url).pathname,
      query: new URL(request.url).search,
      body,
      auth: request.headers.get("authorization"),
    });
    return body as Record<string, unknown> | null;
  };
  const allowedIds = new Set(visible.map((c) => c.id));
  const handlers = [
    http.options("*/v1/staff/*", () => new HttpResponse(null, { status: 204, headers: CORS })),
    http.get("*/v1/staff/me", async ({ request }) => {
      await log(request);
      return json({
        clinicId: "lisbon",
        role,
        actorId: "api-key:k1",
        calendarIds: role === "provider" ? ["ana"] : null,
      });
    }),
    http.get("*/v1/staff/calendars", () => json({ calendars: visible })),
    http.get("*/v1/staff/services", () =>
      json({
        services: [
          {
            id: "physio",
            name: "Physiotherapy session",
            discipline: "physio",
            durationMinutes: 45,
          },
          { id: "massage", name: "Sports massage", discipline: "massage", durationMinutes: 60 },
        ],
      }),
    ),
    http.get("*/v1/staff/clients", () => json({ clients: [] })),
    // Find a time: 11:00 on the day and 14:00 the next day, per named calendar or once for "any"
    // (Bruno on the day, Ana the next); a calendar the key may not see is 404 naming the field.
    http.get("*/v1/staff/slots", async ({ request }) => {
      await log(request);
      const q = new URL(request.url).searchParams;
      const ids = q.get("calendarIds")?.split(",") ?? null;
      const hidden = ids?.find((id) => !allowedIds.has(id));
      if (hidden) {
        return json(
          {
            status: 404,
            code: "NOT_FOUND",
            detail: `No provider calendar with id ${hidden}`,
            errors: [{ field: "calendarIds", message: `${hidden} is not a provider calendar` }],
          },
          404,
        );
      }
      const minutes = q.get("serviceId") === "massage" ? 60 : 45;
      const next = "2026-03-10";
      const slot = (date: string, hour: number, providerId: string) => ({
        start: `${date}T${hour}:00:00Z`,
        end: new Date(Date.parse(`${date}T${hour}:00:00Z`) + minutes * 60_000)
          .toISOString()
          .replace(".000Z", "Z"),
        providerId,
        resourceIds: [],
        remaining: 1,
      });
      const slots = ids
        ? [...ids.map((id) => slot(DAY, 11, id)), ...ids.map((id) => slot(next, 14, id))]
        : [slot(DAY, 11, "bruno"), slot(next, 14, "ana")];
      return json({ timeZone: "Europe/Lisbon", slots });
    }),
    http.get("*/v1/staff/views/day", ({ request }) => {
      const date = new URL(request.url).searchParams.get("date") ?? DAY;
      const shown = appointments.filter(
        (a) => a.start.startsWith(date) && a.calendarIds.some((id) => allowedIds.has(id)),
      );
      return json({
        timeZone: "Europe/Lisbon",
        from: date,
        to: date,
        calendars: visible.map(({ id, name, kind }) => ({ id, name, kind })),
        appointments: shown,
        counts: { total: shown.length, statuses: [], days: [] },
      });
    }),
    http.get("*/v1/staff/views/range", ({ request }) => {
      const q = new URL(request.url).searchParams;
      const from = q.get("from") ?? DAY;
      const to = q.get("to") ?? DAY;
      const shown = appointments.filter((a) => {
        const d = a.start.slice(0, 10);
        return d >= from && d <= to && a.calendarIds.some((id) => allowedIds.has(id));
      });
      return json({
        timeZone: "Europe/Lisbon",
        from,
        to,
        calendars: visible.map(({ id, name, kind }) => ({ id, name, kind })),
        appointments: shown,
        counts: { total: shown.length, statuses: [], days: [] },
      });
    }),
    http.post("*/v1/staff/appointments", async ({ request }) => {
      const body = (await log(request)) as {
        start: string;
        providerId: string;
        overrides?: unknown;
        client?: { name: string };
      };
      if (!body.overrides) {
        return json(
          {
            type: "about:blank",
            title: "Booking rule violated",
            status: 422,
            code: "BOOKING_RULE_VIOLATED",
            detail: "ana already has an appointment at that time.",
            violations: [
              { code: "OVERLAP", severity: "soft", message: "ana already has an appointment" },
            ],
          },
          422,
        );
      }
      const start = new Date(body.start);
      const hh = (d: Date) =>
        `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
      const created = appointment(
        "a9",
        body.providerId,
        hh(start),
        hh(new Date(start.getTime() + 45 * 60_000)),
        "booked",
        body.client?.name ?? "?",
      );
      appointments.push(created);
      return json({ appointment: created, overridden: [] }, 201);
    }),
    // Move / resize: the new time may not overlap another active visit of the calendar unless
    // OVERLAP is overridden; the old visit becomes rebooked, the new one keeps or changes length.
    http.post("*/v1/staff/appointments/:id/move", async ({ request, params }) => {
      const body = (await log(request)) as {
        start: string;
        durationMinutes?: number;
        providerId?: string;
        overrides?: unknown;
      };
      const a = appointments.find((x) => x.id === params.id);
      if (!a) return json({ status: 404, code: "NOT_FOUND" }, 404);
      const startMs = Date.parse(body.start);
      const length = body.durationMinutes ?? (Date.parse(a.end) - Date.parse(a.start)) / 60_000;
      const endMs = startMs + length * 60_000;
      const calendarId = body.providerId ?? a.providerId;
      const clash = appointments.find(
        (x) =>
          x.id !== a.id &&
          x.calendarIds.includes(calendarId) &&
          x.status !== "canceled" &&
          x.status !== "rebooked" &&
          Date.parse(x.start) < endMs &&
          Date.parse(x.end) > startMs,
      );
      if (clash && !body.overrides) {
        return json(
          {
            status: 409,
            code: "SLOT_TAKEN",
            detail: "That time was just taken; pick another one",
            violations: [
              { code: "OVERLAP", severity: "soft", message: `${calendarId} is busy then` },
            ],
          },
          409,
        );
      }
      const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
      const created: StaffAppointment = {
        ...a,
        id: `${a.id}-m${requests.length}`,
        providerId: calendarId,
        calendarIds: [calendarId],
        start: iso(startMs),
        end: iso(endMs),
        status: "booked",
        version: 1,
      };
      a.status = "rebooked";
      a.allowedActions = [];
      appointments.push(created);
      return json({ appointment: created, previous: a, overridden: [] });
    }),
    http.post("*/v1/staff/appointments/:id/status", async ({ request, params }) => {
      const body = (await log(request)) as { action: string };
      const a = appointments.find((x) => x.id === params.id);
      if (!a) return json({ status: 404, code: "NOT_FOUND" }, 404);
      const next: Record<string, StaffAppointment["status"]> = {
        confirm: "confirmed",
        cancel: "canceled",
        no_show: "no_show",
        rollback: "booked",
      };
      const status = next[body.action];
      if (!status) {
        return json(
          { status: 409, code: "ILLEGAL_TRANSITION", allowedActions: a.allowedActions },
          409,
        );
      }
      a.status = status;
      a.allowedActions = status === "booked" ? ["confirm", "cancel", "no_show"] : ["rollback"];
      return json({ appointment: a });
    }),
    http.get("*/v1/staff/appointments/:id/billing", ({ params }) =>
      json(
        params.id === "a1"
          ? {
              appointmentId: "a1",
              caseId: "case-1",
              paid: false,
              charges: [{ id: "ch1", description: "Physiotherapy session", status: "uninvoiced" }],
              package: {
                id: "pkg-1",
                name: "10 physio sessions",
                balance: { line: "3 of 10 used, 7 left, valid until 2026-12-31", remaining: 7 },
                usedByThisVisit: false,
              },
            }
          : { appointmentId: params.id, caseId: null, paid: false, charges: [], package: null },
      ),
    ),
    http.get("*/v1/staff/cases/:id", ({ params }) =>
      json({ case: { id: params.id, title: "Left knee rehab", status: "open" } }),
    ),
    // Copy and repeat: the Monday 23 March is taken (a conflict with the nearest free start).
    ...(["repeat", "copy"] as const).map((kind) =>
      http.post(`*/v1/staff/appointments/:id/${kind}`, async ({ request, params }) => {
        const body = (await log(request)) as {
          weekdays?: number[];
          weeks?: number;
          starts?: string[];
          dryRun: boolean;
        };
        const source = appointments.find((x) => x.id === params.id);
        if (!source) return json({ status: 404, code: "NOT_FOUND" }, 404);
        const time = source.start.slice(10);
        const starts =
          body.starts ??
          Array.from({ length: body.weeks ?? 0 }, (_, i) => {
            const d = new Date(`${DAY}T12:00:00Z`);
            d.setUTCDate(d.getUTCDate() + 7 * (i + 1));
            return `${d.toISOString().slice(0, 10)}${time}`;
          });
        const results = starts.map((start) => {
          const conflict = start.startsWith("2026-03-23");
          const overlap = { code: "OVERLAP", severity: "soft", message: "Ana Silva is busy" };
          return {
            start,
            date: start.slice(0, 10),
            status: conflict ? "conflict" : "ok",
            violations: conflict ? [overlap] : [],
            blocking: conflict ? [overlap] : [],
            appointmentId: conflict || body.dryRun ? null : `copy-${start.slice(0, 10)}`,
            ...(conflict
              ? {
                  alternative: {
                    start: start.replace(/T\d\d:\d\d/, "T11:00"),
                    end: start.replace(/T\d\d:\d\d/, "T11:45"),
                    providerId: "ana",
                  },
                }
              : {}),
          };
        });
        const conflicts = results.filter((r) => r.status === "conflict").length;
        return json(
          {
            results,
            summary: { total: results.length, ok: results.length - conflicts, conflicts },
            dryRun: body.dryRun,
          },
          body.dryRun ? 200 : 201,
        );
      }),
    ),
    http.get("*/v1/staff/appointments/:id/notes", () =>
      json({ notes: [{ id: "n1", text: "Left knee", author: "api-key:k1" }] }),
    ),
    http.get("*/v1/staff/audit", () =>
      json({
        entries: [
          {
            seq: 1,
            at: "2026-03-01T10:00:00Z",
            actor: "api-key:k1",
            action: "appointment.created",
            entityType: "appointment",
            entityId: "a1",
            detail: {},
          },
        ],
        nextAfterSeq: null,
      }),
    ),
  ];
  return { handlers, appointments, requests };
}
