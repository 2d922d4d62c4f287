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
  "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
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

/** A patient of the mock clinic, with what their card shows. */
export interface MockPatient {
  id: string;
  name: string;
  email?: string;
  phone?: string;
  taxId?: string;
  outstanding: number;
  noShows: number;
}

/** The mock clinic's patients: Maria twice (the second a duplicate by phone), and Rui. */
export function mockPatients(): MockPatient[] {
  return [
    {
      id: "cli_maria",
      name: "Maria Santos",
      email: "maria@example.test",
      phone: "+351 912 345 678",
      taxId: "PT123456789",
      outstanding: 4500,
      noShows: 2,
    },
    { id: "cli_maria2", name: "Maria Santos", phone: "912345678", outstanding: 0, noShows: 0 },
    { id: "cli_rui", name: "Rui Costa", email: "rui@example.test", outstanding: 0, noShows: 0 },
  ];
}

/** A mock staff server and what it received. */
export interface StaffMock {
  handlers: RequestHandler[];
  appointments: StaffAppointment[];
  patients: MockPatient[];
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
  const patients = mockPatients();
  const digits = (text: string | undefined) => (text ?? "").replace(/\D/g, "");
  const present = ({ outstanding: _o, noShows: _n, ...p }: MockPatient) => ({ ...p, version: 1 });
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
        clinic: { timeZone: "Europe/Lisbon", locale: "pt-PT", currency: "EUR" },
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
    http.get("*/v1/staff/clients", () => json({ clients: patients.map(present) })),
    // The patients' search, card, duplicates, intake and merge.
    http.get("*/v1/staff/client-search", async ({ request }) => {
      await log(request);
      const q = new URL(request.url).searchParams;
      const text = (q.get("q") ?? "").toLowerCase();
      const offset = Number(q.get("offset") ?? 0);
      const limit = Number(q.get("limit") ?? 100);
      const found = patients.filter(
        (p) =>
          p.name.toLowerCase().includes(text) ||
          (p.email ?? "").includes(text) ||
          (digits(text).length >= 3 && digits(p.phone).includes(digits(text))),
      );
      const page = found.slice(offset, offset + limit);
      return json({
        clients: page.map(present),
        nextOffset: offset + limit < found.length ? offset + limit : null,
      });
    }),
    http.get("*/v1/staff/clients/:id/summary", ({ params }) => {
      const p = patients.find((x) => x.id === params.id);
      if (!p) return json({ status: 404, code: "NOT_FOUND", detail: "No client" }, 404);
      return json({
        client: present(p),
        cases: [
          { id: `case_${p.id}`, title: "General", status: "open", general: true },
          {
            id: `knee_${p.id}`,
            title: "Left knee",
            status: "open",
            general: false,
            payer: { kind: "insurer", name: "Médis", reference: "POL-77" },
            referral: { by: "Dr. Sousa" },
          },
        ],
        balance: {
          currency: "EUR",
          charged: p.outstanding + 3000,
          paid: 3000,
          outstanding: p.outstanding,
          uninvoiced: 0,
          credited: 0,
          refunded: 0,
        },
        packages: [
          {
            id: "pkg1",
            name: "5 × Physio",
            balance: { line: "2 of 5 used, 3 left", remaining: 3 },
          },
        ],
        attendance: {
          visits: 5,
          noShows: p.noShows,
          lastVisit: "2026-03-02T09:00:00Z",
          nextVisit: null,
        },
      });
    }),
    http.get("*/v1/staff/clients/:id", ({ params }) => {
      const p = patients.find((x) => x.id === params.id);
      return p
        ? json({ client: present(p) })
        : json({ status: 404, code: "NOT_FOUND", detail: "No client" }, 404);
    }),
    http.get("*/v1/staff/client-duplicates", ({ request }) => {
      const q = new URL(request.url).searchParams;
      const matches = patients.flatMap((p) => {
        const on = [
          ...(q.get("email") && p.email === q.get("email") ? ["email"] : []),
          ...(q.get("phone") && digits(p.phone).endsWith(digits(q.get("phone") ?? "").slice(-9))
            ? ["phone"]
            : []),
        ];
        return on.length ? [{ id: p.id, name: p.name, matchedOn: on }] : [];
      });
      return json({ duplicates: matches });
    }),
    http.get("*/v1/staff/invoices", () =>
      json({
        documents: [
          {
            id: "inv1",
            kind: "invoice",
            number: "FT 2026/1",
            issuedAt: "2026-03-02T10:00:00Z",
            total: 7500,
          },
        ],
      }),
    ),
    http.get("*/v1/staff/payments", () =>
      json({
        payments: [
          {
            id: "pay1",
            kind: "payment",
            method: "card",
            amount: { amount: 3000, currency: "EUR" },
            at: "2026-03-02T10:05:00Z",
            receipt: "/v1/staff/payments/pay1/receipt.pdf",
          },
        ],
      }),
    ),
    http.post("*/v1/staff/clients/intake", async ({ request }) => {
      const body = (await log(request)) as { name: string; email?: string; phone?: string };
      const same = patients.filter(
        (p) =>
          (body.email && p.email === body.email) ||
          (body.phone && digits(p.phone).endsWith(digits(body.phone).slice(-9))),
      );
      if (same.length > 0) {
        return json(
          {
            status: 409,
            code: "DUPLICATE_CLIENT",
            detail: "A client with this e-mail or phone exists",
            duplicates: same.map((p) => ({ id: p.id, name: p.name, matchedOn: ["phone"] })),
          },
          409,
        );
      }
      const created: MockPatient = { id: "cli_new", ...body, outstanding: 0, noShows: 0 };
      patients.push(created);
      return json({ client: present(created), duplicates: [] }, 201);
    }),
    http.post("*/v1/staff/clients/:id/merge", async ({ request, params }) => {
      const body = (await log(request)) as { duplicateId: string };
      const gone = patients.findIndex((p) => p.id === body.duplicateId);
      if (gone >= 0) patients.splice(gone, 1);
      const kept = patients.find((p) => p.id === params.id) as MockPatient;
      return json({
        client: present(kept),
        mergedId: body.duplicateId,
        moved: { appointments: 1, cases: 1, charges: 0, documents: 0, payments: 0, packages: 0 },
      });
    }),
    http.put("*/v1/staff/appointments/:id/case", async ({ request }) => {
      await log(request);
      return json({ appointment: {} });
    }),
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
    http.get("*/v1/staff/appointments", ({ request }) => {
      const clientId = new URL(request.url).searchParams.get("clientId");
      const history = [
        {
          ...appointment("h1", "ana", "09:00", "09:45", "completed", "Maria Santos"),
          start: "2026-03-02T09:00:00Z",
          end: "2026-03-02T09:45:00Z",
        },
        {
          ...appointment("h2", "ana", "09:00", "09:45", "no_show", "Maria Santos"),
          start: "2026-02-23T09:00:00Z",
          end: "2026-02-23T09:45:00Z",
        },
        {
          ...appointment("h3", "bruno", "10:00", "10:45", "booked", "Maria Santos"),
          start: "2099-03-16T10:00:00Z",
          end: "2099-03-16T10:45:00Z",
        },
      ].map((a) => ({ ...a, clientId: clientId ?? "" }));
      return json({
        appointments: [
          ...(clientId === "cli_maria" ? history : []),
          ...appointments.filter((a) => clientId && a.clientId === clientId),
        ],
        nextCursor: null,
      });
    }),
    http.post("*/v1/staff/appointments", async ({ request }) => {
      const body = (await log(request)) as {
        start: string;
        providerId: string;
        overrides?: unknown;
        client?: { name: string };
        clientId?: string;
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
              {
                code: "OVERLAP",
                severity: "soft",
                message: "ana already has an appointment",
                calendarId: body.providerId,
              },
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
        body.client?.name ?? patients.find((p) => p.id === body.clientId)?.name ?? "?",
      );
      if (body.clientId) created.clientId = body.clientId;
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
              {
                code: "OVERLAP",
                severity: "soft",
                message: `${calendarId} is busy then`,
                calendarId,
              },
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
          const overlap = {
            code: "OVERLAP",
            severity: "soft",
            message: "ana is busy",
            calendarId: "ana",
          };
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
  return { handlers, appointments, patients, requests };
}
