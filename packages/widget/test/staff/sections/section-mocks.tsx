// msw handlers for the checkout, reports and audit sections over a tiny in-memory back office: one
// patient (Rita, cli_1) with a completed visit (apt_1) in case case_1, its €45 arrival charge,
// invoices issued from the open charges, payments, one package, the monthly report and an audit
// trail. Just enough rules for the sections' tests; the real ones are the server's.

import { HttpResponse, http, type RequestHandler } from "msw";
import type { JSX } from "preact";
import { render } from "preact";
import { createStaffClient, type StaffMe } from "../../../src/staff/api.js";
import type { StaffSectionProps } from "../../../src/staff/sections/contract.js";
import { staffStyles } from "../../../src/staff/styles.js";

/** The API base URL of the section mocks. */
export const API = "https://clinic.test/api";
/** The staff API base the mocks answer under. */
export const BASE = `${API}/v1/staff`;

/** A request the mock received. */
export interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/** The CORS headers of the staff API (the sections run on another origin). */
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
  "access-control-allow-headers": "content-type, authorization, idempotency-key",
  "access-control-max-age": "600",
};

function json(body: unknown, status = 200): Response {
  return HttpResponse.json(body as Record<string, unknown>, { status, headers: CORS });
}

const EUR = (amount: number) => ({ amount, currency: "EUR" });

/** The mock back office's state and handlers. */
export interface BackOffice {
  handlers: RequestHandler[];
  seen: Seen[];
  charges: Array<Record<string, unknown> & { id: string; status: string; version: number }>;
  invoices: Array<{ id: string; number: string; total: number; paid: number }>;
  payments: Array<Record<string, unknown> & { id: string }>;
  packages: Array<Record<string, unknown> & { id: string; assignedVisits: string[] }>;
  /** The e-mail routes answer 400 naming `email` while this is true. */
  noEmail: boolean;
}

function chargeOf(id: string, description: string, amount: number, version = 1) {
  return {
    id,
    caseId: "case_1",
    clientId: "cli_1",
    appointmentId: "apt_1",
    description,
    unitPrice: EUR(amount),
    quantity: 1,
    status: "uninvoiced",
    amounts: { net: amount, tax: 0, gross: amount },
    version,
  };
}

/** The month's figures the mock report answers (totals and each therapist). */
export const FIGURES = {
  appointments: 14,
  byStatus: {
    booked: 1,
    confirmed: 0,
    arrived: 0,
    started: 0,
    completed: 10,
    no_show: 2,
    canceled: 1,
    rebooked: 0,
  },
  completedVisits: 10,
  patients: 4,
  sessionsPerPatient: { numerator: 10, denominator: 4, value: 2.5 },
  noShowRate: { numerator: 2, denominator: 12, value: 0.1667 },
  taxIdShare: { numerator: 3, denominator: 4, value: 0.75 },
  newPatients: 1,
  recurringPatients: 3,
  bookedMinutes: 540,
  revenue: 36000,
  revenuePerBookedHour: 4000,
  netPayments: 31500,
};

/** The audit trail the mock answers, two entries a page. */
export const AUDIT = [
  {
    seq: 1,
    at: "2026-03-09T09:00:00Z",
    actor: "api-key:key-desk",
    action: "appointment.created",
    entityType: "appointment",
    entityId: "apt_1",
    detail: { channel: "staff" },
  },
  {
    seq: 2,
    at: "2026-03-09T10:00:00Z",
    actor: "api-key:key-desk",
    action: "invoice.issued",
    entityType: "invoice",
    entityId: "inv_1",
    detail: { number: "FT 2026/1", clientId: "cli_1" },
  },
  {
    seq: 3,
    at: "2026-03-09T10:05:00Z",
    actor: "api-key:key-ana",
    action: "payment.emailed",
    entityType: "payment",
    entityId: "pay_1",
    detail: { to: "rita@example.com" },
  },
];

/**
 * A fresh mock back office.
 *
 * @example
 * const office = backOffice(); server.use(...office.handlers);
 */
export function backOffice(): BackOffice {
  const state: BackOffice = {
    handlers: [],
    seen: [],
    charges: [chargeOf("ch_1", "Physiotherapy session", 4500)],
    invoices: [],
    payments: [],
    packages: [
      {
        id: "pkg_1",
        name: "10 × Physio",
        ownerClientId: "cli_1",
        sessions: 10,
        expiresOn: "2026-07-10",
        balance: { sold: 10, used: 3, remaining: 7, refunded: 0, expired: false, line: "" },
        attendance: [
          {
            appointmentId: "apt_0",
            at: "2026-03-02T10:00:00Z",
            date: "2026-03-02",
            therapistId: "ana",
          },
        ],
        assignedVisits: [],
      },
    ],
    noEmail: false,
  };
  const seen = async (request: Request) => {
    const url = new URL(request.url);
    const text = request.method === "GET" ? "" : await request.clone().text();
    state.seen.push({
      method: request.method,
      path: url.pathname.replace("/api/v1/staff", ""),
      query: url.searchParams,
      body: text ? JSON.parse(text) : undefined,
    });
    return text ? JSON.parse(text) : undefined;
  };
  const invoiceOut = (i: BackOffice["invoices"][number]) => ({
    id: i.id,
    kind: "invoice",
    number: i.number,
    caseId: "case_1",
    clientId: "cli_1",
    issuedAt: "2026-03-09T12:00:00Z",
    pdf: `/v1/staff/invoices/${i.id}.pdf`,
    snapshot: { totals: { gross: i.total } },
    balance: { outstanding: i.total - i.paid, paid: i.paid, credited: 0 },
  });
  const outstanding = () =>
    state.charges
      .filter((c) => c.status !== "void")
      .reduce((s, c) => s + (c.amounts as { gross: number }).gross, 0) -
    state.payments.reduce(
      (s, p) => s + (p.kind === "refund" ? -1 : 1) * (p.amount as { amount: number }).amount,
      0,
    );
  const visitMoney = () => ({
    appointmentId: "apt_1",
    status: "completed",
    caseId: "case_1",
    charges: state.charges,
    payments: state.payments,
    paid: outstanding() <= 0,
    money: { due: 4500, covered: 0, outstanding: Math.max(0, outstanding()), money: "unpaid" },
    package: null,
  });
  state.handlers = [
    http.options(`${BASE}/*`, () => new HttpResponse(null, { status: 204, headers: CORS })),
    http.get(`${BASE}/appointments/apt_1/billing`, async ({ request }) => {
      await seen(request);
      return json(visitMoney());
    }),
    // The checkout day list asks for all its visits' money in one request.
    http.get(`${BASE}/billing/visits`, async ({ request }) => {
      await seen(request);
      const ids = (new URL(request.url).searchParams.get("ids") ?? "").split(",");
      if (ids.some((id) => id !== "apt_1")) return json({ code: "NOT_FOUND" }, 404);
      return json({ visits: ids.map(() => visitMoney()) });
    }),
    http.get(`${BASE}/cases/case_1`, async ({ request }) => {
      await seen(request);
      return json({
        case: { id: "case_1", clientId: "cli_1", title: "Left knee", status: "open" },
      });
    }),
    http.get(`${BASE}/clients/cli_1/cases`, async ({ request }) => {
      await seen(request);
      return json({
        cases: [
          { id: "case_1", clientId: "cli_1", title: "Left knee", status: "open" },
          { id: "case_2", clientId: "cli_1", title: "Back", status: "closed" },
        ],
      });
    }),
    http.get(`${BASE}/cases/case_1/charges`, async ({ request }) => {
      await seen(request);
      return json({ charges: state.charges });
    }),
    http.post(`${BASE}/cases/case_1/charges`, async ({ request }) => {
      const body = (await seen(request)) as { description: string; unitPrice: { amount: number } };
      const charge = chargeOf(
        `ch_${state.charges.length + 1}`,
        body.description,
        body.unitPrice.amount,
      );
      state.charges.push(charge);
      return json({ charge }, 201);
    }),
    http.patch(`${BASE}/charges/:id`, async ({ request, params }) => {
      const body = (await seen(request)) as {
        description?: string;
        unitPrice?: { amount: number };
        expectedVersion: number;
      };
      const charge = state.charges.find((c) => c.id === params.id);
      if (!charge) return json({ code: "NOT_FOUND" }, 404);
      if (charge.version !== body.expectedVersion)
        return json({ code: "CONFLICT", detail: "changed" }, 409);
      const amount = body.unitPrice?.amount ?? (charge.unitPrice as { amount: number }).amount;
      Object.assign(
        charge,
        chargeOf(
          charge.id,
          body.description ?? (charge.description as string),
          amount,
          charge.version + 1,
        ),
      );
      return json({ charge });
    }),
    http.post(`${BASE}/charges/:id/void`, async ({ request, params }) => {
      const body = (await seen(request)) as { reason?: string };
      const charge = state.charges.find((c) => c.id === params.id);
      if (!charge) return json({ code: "NOT_FOUND" }, 404);
      Object.assign(charge, {
        status: "void",
        voidReason: body.reason,
        version: charge.version + 1,
      });
      return json({ charge });
    }),
    http.get(`${BASE}/invoices`, async ({ request }) => {
      await seen(request);
      return json({ documents: state.invoices.map(invoiceOut) });
    }),
    http.get(`${BASE}/invoices/:file`, async ({ request, params }) => {
      await seen(request);
      const file = String(params.file);
      if (file.endsWith(".pdf")) {
        return new HttpResponse("%PDF-1.7 test", {
          headers: { ...CORS, "content-type": "application/pdf" },
        });
      }
      const invoice = state.invoices.find((i) => i.id === file);
      return invoice ? json({ invoice: invoiceOut(invoice) }) : json({ code: "NOT_FOUND" }, 404);
    }),
    http.post(`${BASE}/cases/case_1/invoices`, async ({ request }) => {
      await seen(request);
      const open = state.charges.filter((c) => c.status === "uninvoiced");
      if (open.length === 0) return json({ code: "CONFLICT", detail: "Nothing to invoice" }, 409);
      const id = `inv_${state.invoices.length + 1}`;
      const total = open.reduce((s, c) => s + (c.amounts as { gross: number }).gross, 0);
      for (const c of open)
        Object.assign(c, { status: "invoiced", invoiceId: id, version: c.version + 1 });
      const invoice = { id, number: `FT 2026/${state.invoices.length + 1}`, total, paid: 0 };
      state.invoices.push(invoice);
      return json({ invoice: invoiceOut(invoice) }, 201);
    }),
    http.post(`${BASE}/invoices/:id/credit-notes`, async ({ request, params }) => {
      await seen(request);
      return json(
        {
          creditNote: {
            id: "cn_1",
            kind: "credit_note",
            number: "NC 2026/1",
            invoiceId: params.id,
          },
        },
        201,
      );
    }),
    http.post(`${BASE}/invoices/:id/email`, async ({ request, params }) => {
      const body = (await seen(request)) as { email?: string };
      if (state.noEmail && !body.email)
        return json(
          {
            code: "VALIDATION_FAILED",
            detail: "Rita Lopes has no e-mail address",
            errors: [{ field: "email", message: "the client has no e-mail address: give one" }],
          },
          400,
        );
      return json(
        {
          email: {
            to: body.email ?? "rita@example.com",
            documents: [{ kind: "invoice", id: params.id }],
          },
        },
        202,
      );
    }),
    http.get(`${BASE}/payments`, async ({ request }) => {
      await seen(request);
      return json({ payments: state.payments });
    }),
    http.post(`${BASE}/payments`, async ({ request }) => {
      const body = (await seen(request)) as Record<string, unknown> & {
        amount: { amount: number };
        invoiceId?: string;
        kind: string;
      };
      const id = `${body.kind === "refund" ? "ref" : "pay"}_${state.payments.length + 1}`;
      const payment = {
        ...body,
        id,
        at: "2026-03-09T12:05:00Z",
        receipt: `/v1/staff/payments/${id}/receipt.pdf`,
      };
      state.payments.push(payment);
      const invoice = state.invoices.find((i) => i.id === body.invoiceId);
      if (invoice) invoice.paid += (body.kind === "refund" ? -1 : 1) * body.amount.amount;
      return json({ payment }, 201);
    }),
    http.post(`${BASE}/payments/:id/email`, async ({ request, params }) => {
      const body = (await seen(request)) as { email?: string };
      if (state.noEmail && !body.email)
        return json(
          {
            code: "VALIDATION_FAILED",
            detail: "Rita Lopes has no e-mail address",
            errors: [{ field: "email", message: "the client has no e-mail address: give one" }],
          },
          400,
        );
      return json(
        {
          email: {
            to: body.email ?? "rita@example.com",
            documents: [{ kind: "receipt", id: params.id }],
          },
        },
        202,
      );
    }),
    http.get(`${BASE}/packages`, async ({ request }) => {
      await seen(request);
      return json({ packages: state.packages });
    }),
    http.post(`${BASE}/clients/cli_1/packages`, async ({ request }) => {
      const body = (await seen(request)) as { name: string; sessions: number };
      const pkg = {
        id: `pkg_${state.packages.length + 1}`,
        name: body.name,
        ownerClientId: "cli_1",
        sessions: body.sessions,
        balance: {
          sold: body.sessions,
          used: 0,
          remaining: body.sessions,
          refunded: 0,
          expired: false,
          line: "",
        },
        attendance: [],
        assignedVisits: [],
      };
      state.packages.push(pkg);
      return json({ package: pkg }, 201);
    }),
    http.put(`${BASE}/appointments/apt_1/package`, async ({ request }) => {
      const body = (await seen(request)) as { packageId: string | null };
      for (const p of state.packages) {
        p.assignedVisits = body.packageId === p.id ? ["apt_1"] : [];
      }
      return json({ appointmentId: "apt_1", packageId: body.packageId });
    }),
    http.get(`${BASE}/calendars`, async ({ request }) => {
      await seen(request);
      return json({
        calendars: [
          { id: "ana", kind: "provider", name: "Ana Silva" },
          { id: "bruno", kind: "provider", name: "Bruno Costa" },
          { id: "room-1", kind: "room", name: "Room 1" },
        ],
      });
    }),
    http.get(`${BASE}/views/day`, async ({ request }) => {
      await seen(request);
      const visit = (id: string, status: string, start: string) => ({
        id,
        status,
        serviceId: "physio",
        providerId: "ana",
        calendarIds: ["ana"],
        start,
        end: start.replace(":00:00Z", ":50:00Z"),
        channel: "staff",
        clientId: "cli_1",
        contact: { name: "Rita Lopes", email: "rita@example.com" },
        price: { amount: 4500, currency: "EUR" },
        allowOverlap: false,
        allowedActions: [],
        version: 1,
      });
      return json({
        timeZone: "Europe/Lisbon",
        from: "2026-03-09",
        to: "2026-03-09",
        calendars: [{ id: "ana", kind: "provider", name: "Ana Silva" }],
        appointments: [
          visit("apt_1", "completed", "2026-03-09T10:00:00Z"),
          visit("apt_9", "canceled", "2026-03-09T11:00:00Z"),
        ],
        counts: { total: 2, statuses: [] },
      });
    }),
    http.get(`${BASE}/services`, async ({ request }) => {
      await seen(request);
      return json({ services: [{ id: "physio", name: "Physiotherapy session" }] });
    }),
    http.get(`${BASE}/clients`, async ({ request }) => {
      await seen(request);
      return json({
        clients: [
          { id: "cli_1", name: "Rita Lopes" },
          { id: "cli_2", name: "Tiago Reis" },
        ],
      });
    }),
    http.get(`${BASE}/reports/monthly`, async ({ request }) => {
      await seen(request);
      const url = new URL(request.url);
      const month = url.searchParams.get("month") ?? "";
      const ana = { ...FIGURES, providerId: "ana", revenue: 27000 };
      const bruno = { ...FIGURES, providerId: "bruno", revenue: 9000, patients: 2 };
      const providerId = url.searchParams.get("providerId");
      return json({
        report: {
          month,
          currency: "EUR",
          totals: FIGURES,
          byProvider: [ana, bruno].filter((p) => !providerId || p.providerId === providerId),
        },
      });
    }),
    http.get(`${BASE}/reports/monthly.csv`, async ({ request }) => {
      await seen(request);
      return new HttpResponse("scope,month\r\ntotal,2026-03\r\n", {
        headers: { ...CORS, "content-type": "text/csv; charset=utf-8" },
      });
    }),
    http.get(`${BASE}/audit`, async ({ request }) => {
      await seen(request);
      const after = Number(new URL(request.url).searchParams.get("afterSeq") ?? 0);
      const entries = AUDIT.filter((e) => e.seq > after).slice(0, 2);
      return json({ entries, nextAfterSeq: after === 0 ? 2 : null });
    }),
    http.post(`${BASE}/packages/:id/refund`, async ({ request, params }) => {
      await seen(request);
      const pkg = state.packages.find((p) => p.id === params.id);
      if (pkg) pkg.refund = { sessions: 7 };
      return json({ package: pkg });
    }),
  ];
  return state;
}

const rendered: HTMLElement[] = [];

/**
 * Unmounts the sections a test rendered and lets the requests they still had in flight answer,
 * before the mock server drops the test's handlers (call it in an `afterEach` registered after
 * `useMockServer()`).
 *
 * @example
 * afterEach(unmountSections);
 */
export async function unmountSections(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 150));
  for (const root of rendered.splice(0)) render(null, root);
}

/** Who the section tests are signed in as. */
export const ME: StaffMe = {
  clinicId: "lisbon",
  role: "manager",
  actorId: "key-desk",
  calendarIds: null,
};

/**
 * Renders a section into a shadow root with the staff stylesheet, as the shell does; returns the
 * root and the navigations the section asked for.
 *
 * @example
 * const { root } = renderSection(CheckoutSection, { visitId: "apt_1" }, "pt");
 */
export function renderSection(
  Section: (props: StaffSectionProps) => JSX.Element,
  params: Record<string, string>,
  locale: StaffSectionProps["locale"] = "en",
): { root: HTMLElement; navigations: unknown[] } {
  const host = document.createElement("div");
  document.body.appendChild(host);
  const shadow = host.attachShadow({ mode: "open" });
  const style = document.createElement("style");
  style.textContent = staffStyles;
  shadow.appendChild(style);
  const root = document.createElement("div");
  shadow.appendChild(root);
  const navigations: unknown[] = [];
  rendered.push(root);
  render(
    <Section
      client={createStaffClient({ api: API, apiKey: "bw_sk_test" })}
      me={ME}
      locale={locale}
      clinic={{ timeZone: "Europe/Lisbon", currency: "EUR" }}
      params={params}
      navigate={(route) => navigations.push(route)}
    />,
    root,
  );
  return { root, navigations };
}
