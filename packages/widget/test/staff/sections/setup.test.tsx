// Tests of the setup section: its pure helpers (ids from names, the weekly pattern, the embed
// snippets, service and message bodies from the forms, local midnight) and, over msw, the wizard
// in English and Spanish, the hours step's dry run → consent → apply with `acceptConflicts`, and
// `needsSetup` deciding whether the shell opens the wizard.

import { fireEvent, waitFor, within } from "@testing-library/preact";
import { HttpResponse, http } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { createStaffClient } from "../../../src/staff/api.js";
import { embedSnippets } from "../../../src/staff/sections/setup/embed-snippet.js";
import { closedOnAll } from "../../../src/staff/sections/setup/holidays-part.js";
import { midnightIn } from "../../../src/staff/sections/setup/hours-step.js";
import { idFromName, listOf } from "../../../src/staff/sections/setup/kit.js";
import { messagesFromForm } from "../../../src/staff/sections/setup/messages-step.js";
import { serviceFromForm } from "../../../src/staff/sections/setup/services-step.js";
import { defaultWeek, patternOf } from "../../../src/staff/sections/setup/week-pattern.js";
import { needsSetup, SetupSection, stepsDone } from "../../../src/staff/sections/setup.js";
import { server, useMockServer } from "../../render.js";
import { API, renderSection, unmountSections } from "./section-mocks.js";

useMockServer();
afterEach(unmountSections);

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
  "access-control-allow-headers": "content-type, authorization, idempotency-key",
};
const json = (body: unknown, status = 200) =>
  HttpResponse.json(body as Record<string, unknown>, { status, headers: CORS });
const BASE = `${API}/v1/staff`;

const SETTINGS = {
  id: "lisbon",
  name: "Clínica Sol",
  timeZone: "Europe/Lisbon",
  locale: "pt-PT",
  currency: "EUR",
  allowedOrigins: ["https://clinicasol.example"],
  holidayCountry: "PT",
};
const ANA = { id: "ana", kind: "provider", name: "Ana Silva", locationId: "baixa", weekly: [] };

/** A clinic with a location, one therapist and (optionally) services; records shift-plan bodies. */
function clinic(
  options: { services?: unknown[]; calendars?: unknown[]; settings?: Record<string, unknown> } = {},
) {
  const plans: Array<Record<string, unknown>> = [];
  server.use(
    http.options(`${BASE}/*`, () => new HttpResponse(null, { status: 204, headers: CORS })),
    http.get(`${BASE}/settings`, () => json({ settings: options.settings ?? SETTINGS })),
    http.get(`${BASE}/locations`, () =>
      json({ locations: [{ id: "baixa", name: "Baixa", timeZone: "Europe/Lisbon" }] }),
    ),
    http.get(`${BASE}/calendars`, () => json({ calendars: options.calendars ?? [ANA] })),
    http.get(`${BASE}/services`, () => json({ services: options.services ?? [] })),
    http.get(`${BASE}/team/members`, () => json({ members: [] })),
    http.post(`${BASE}/calendars/shift-plan`, async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      plans.push(body);
      const conflicts = [
        {
          appointmentId: "apt_1",
          status: "booked",
          start: "2026-03-10T18:00:00Z",
          end: "2026-03-10T18:50:00Z",
          date: "2026-03-10",
          reason: "OUTSIDE_HOURS",
          newlyOutside: true,
        },
      ];
      return json({
        applied: body.apply === true,
        validFrom: body.startDate,
        calendars: [{ calendarId: "ana", weekly: [], conflicts }],
        summary: { calendars: 1, conflicts: 1, calendarsWithConflicts: 1 },
      });
    }),
  );
  return { plans };
}

describe("setup helpers", () => {
  it("makes ids from names, unique among the taken ones", () => {
    expect(idFromName("Estúdio de Pilates", [])).toBe("estudio-de-pilates");
    expect(idFromName("Ana Silva", ["ana-silva", "ana-silva-2"])).toBe("ana-silva-3");
    expect(idFromName("!!!", [])).toBe("item");
    expect(listOf("fisio, pilates,,fisio\nmassagem")).toEqual(["fisio", "pilates", "massagem"]);
  });

  it("groups weekdays with the same hours into one planner row; a split shift is a break", () => {
    const week = defaultWeek();
    week[5] = { works: true, start: "09:00", end: "13:00", breakStart: "", breakEnd: "" };
    expect(patternOf(week)).toEqual([
      {
        weekdays: [1, 2, 3, 4, 5],
        start: "09:00",
        end: "18:00",
        breaks: [{ start: "13:00", end: "14:00" }],
      },
      { weekdays: [6], start: "09:00", end: "13:00", breaks: [] },
    ]);
    expect(patternOf(week.map((d) => ({ ...d, works: false })))).toEqual([]);
  });

  it("writes the three embed snippets with the brand colour as the theme variable", () => {
    const s = embedSnippets({
      scriptUrl: "/assets/bookwell.js",
      api: "https://api.clinicasol.pt",
      clinic: "sol",
      locale: "pt-PT",
      color: "#00696b",
    });
    expect(s.script).toBe(
      '<style>:root{--bookwell-color-primary:#00696b}</style>\n<script src="/assets/bookwell.js" data-api="https://api.clinicasol.pt" data-clinic="sol" data-locale="pt-PT"></script>',
    );
    expect(s.element).toContain(
      '<bookwell-booking api="https://api.clinicasol.pt" clinic="sol" locale="pt-PT"></bookwell-booking>',
    );
    expect(s.esm).toContain('mount(element, { api: "https://api.clinicasol.pt", clinic: "sol"');
    const plain = embedSnippets({
      scriptUrl: '/a"b.js',
      api: "/api",
      clinic: "c",
      locale: "en",
      color: "red",
    });
    expect(plain.script).toBe(
      '<script src="/a&quot;b.js" data-api="/api" data-clinic="c" data-locale="en"></script>',
    );
  });

  it("builds a class with its cancellation, no-show and online-block rules from the form", () => {
    const parse = (text: string) =>
      /^\d+(?:[.,]\d+)?$/.test(text) ? Math.round(Number(text.replace(",", ".")) * 100) : undefined;
    const service = serviceFromForm(
      {
        name: "Pilates clínico",
        category: "Pilates",
        discipline: "pilates",
        duration: "55",
        price: "15,50",
        capacity: "6",
        resourceKind: "estudio",
        leadTime: "2",
        horizon: "60",
        online: "on",
        freeUntil: "24",
        lateFee: "50",
        noShowFee: "10",
        blockAfter: "2",
        blockWithin: "90",
      },
      "EUR",
      parse,
      [],
      ["ana"],
    );
    expect(service).toEqual({
      id: "pilates-clinico",
      name: "Pilates clínico",
      category: "Pilates",
      discipline: "pilates",
      durationMinutes: 55,
      price: { amount: 1550, currency: "EUR" },
      capacity: 6,
      leadTimeMinutes: 120,
      horizonDays: 60,
      resourceKinds: ["estudio"],
      providerIds: ["ana"],
      onlineBookable: true,
      policies: {
        cancellationPolicy: {
          freeUntilHoursBefore: 24,
          lateFee: { type: "percent", basisPoints: 5000 },
        },
        noShowFee: { type: "fixed", amount: { amount: 1000, currency: "EUR" } },
        onlineBookingBlock: { afterNoShows: 2, withinDays: 90 },
      },
    });
    // A fixed late fee wins over a percentage; an extra item bills the service and the extra.
    const taped = serviceFromForm(
      {
        name: "Fisioterapia",
        discipline: "fisio",
        duration: "50",
        price: "35",
        freeUntil: "24",
        lateFee: "50",
        lateFeeFixed: "20",
        extraItem: "Ligadura funcional",
        extraPrice: "8",
      },
      "EUR",
      parse,
      ["fisioterapia"],
      [],
    );
    expect(taped.id).toBe("fisioterapia-2");
    // Online payment: none by default, the full price, a percent deposit, a fixed one winning.
    const base = { name: "Fisio", discipline: "fisio", duration: "50", price: "45" };
    const pay = (extra: Record<string, string>) =>
      serviceFromForm({ ...base, ...extra }, "EUR", parse, [], []).policies?.onlinePayment;
    expect(pay({})).toBeUndefined();
    expect(pay({ payOnline: "full" })).toEqual({ type: "full" });
    expect(pay({ payOnline: "deposit", depositPercent: "20" })).toEqual({
      type: "deposit",
      deposit: { type: "percent", basisPoints: 2000 },
    });
    expect(pay({ payOnline: "deposit", depositPercent: "20", depositFixed: "10" })).toEqual({
      type: "deposit",
      deposit: { type: "fixed", amount: { amount: 1000, currency: "EUR" } },
    });
    expect(taped.policies).toEqual({
      cancellationPolicy: {
        freeUntilHoursBefore: 24,
        lateFee: { type: "fixed", amount: { amount: 2000, currency: "EUR" } },
      },
      billingItems: [
        { description: "Fisioterapia", unitPrice: { amount: 3500, currency: "EUR" } },
        {
          description: "Ligadura funcional",
          unitPrice: { amount: 800, currency: "EUR" },
          coveredByPackage: false,
        },
      ],
    });
    // A price that is not a number reaches the server as a negative amount: its problem names the field.
    expect(serviceFromForm({ name: "X", price: "abc" }, "EUR", parse, [], []).price.amount).toBe(
      -1,
    );
  });

  it("builds message settings from the form, keeping what the form does not show", () => {
    const stored = {
      version: 3,
      settings: { defaultSend: false, reminderOffsetsMinutes: [1440] },
      providers: [{ providerId: "ana", noticeEmail: "old@clinic.example" }],
      templates: { en: { reminder: { subject: "Soon" } } },
    };
    const out = messagesFromForm(
      {
        "type-new": "on",
        "channel-new-email": "on",
        "type-reminder": "on",
        "channel-reminder-email": "on",
        "channel-reminder-sms": "on",
        reminder1: "24",
        reminder2: "2",
        reminder3: "",
        coalesce: "5",
        quietFrom: "21:00",
        quietTo: "08:00",
        "subject-pt": "A sua consulta",
        "intro-pt": "",
      },
      stored,
    );
    expect(out.version).toBe(3);
    expect(out.settings).toEqual({
      defaultSend: false,
      types: {
        new: { enabled: true, channels: ["email"] },
        rescheduled: { enabled: false, channels: [] },
        canceled: { enabled: false, channels: [] },
        no_show: { enabled: false, channels: [] },
        reminder: { enabled: true, channels: ["email", "sms"] },
      },
      reminderOffsetsMinutes: [1440, 120],
      coalesceMinutes: 5,
      quietHours: { start: "21:00", end: "08:00" },
    });
    expect(out.providers).toEqual(stored.providers);
    expect(out.templates).toEqual({
      en: { reminder: { subject: "Soon" } },
      pt: { new: { subject: "A sua consulta" } },
    });
  });

  it("finds local midnight in a zone, summer time included", () => {
    expect(midnightIn("2026-08-03", "Europe/Lisbon")).toBe("2026-08-02T23:00:00.000Z");
    expect(midnightIn("2026-01-15", "Europe/Lisbon")).toBe("2026-01-15T00:00:00.000Z");
    expect(midnightIn("2026-03-10", "America/New_York")).toBe("2026-03-10T04:00:00.000Z");
  });

  it("counts a date as closed when every calendar is closed all day", () => {
    const closed = (date: string, start?: string) => ({
      type: "closed" as const,
      date,
      ...(start ? { start, end: "13:00" } : {}),
    });
    const calendars = [
      {
        id: "a",
        kind: "provider",
        name: "A",
        overrides: [closed("2027-04-25"), closed("2027-06-10")],
      },
      {
        id: "b",
        kind: "room",
        name: "B",
        overrides: [closed("2027-04-25"), closed("2027-06-10", "09:00")],
      },
    ];
    expect([...closedOnAll(calendars, ["a", "b"])]).toEqual(["2027-04-25"]);
    expect([...closedOnAll(calendars, ["a"])]).toEqual(["2027-04-25", "2027-06-10"]);
    expect([...closedOnAll(calendars, [])]).toEqual([]);
  });

  it("says which steps are done", () => {
    const done = stepsDone({
      settings: { ...SETTINGS },
      locations: [{ id: "baixa", name: "Baixa", timeZone: "Europe/Lisbon" }],
      calendars: [ANA],
      services: [],
      removed: { calendars: [], services: [] },
      members: [],
    });
    expect(done).toEqual({
      clinic: true,
      places: true,
      team: true,
      services: false,
      hours: false,
      messages: undefined,
      website: true,
    });
  });
});

describe("setup section", () => {
  it("shows the wizard in English and in Spanish with each step's state", async () => {
    clinic();
    const en = within(renderSection(SetupSection, {}, "en").root);
    await en.findByRole("heading", { level: 2, name: "Set up your clinic" });
    const steps = await en.findByRole("navigation", { name: "Setup steps" });
    expect(
      within(steps)
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual([
      "1. Clinic (done)",
      "2. Places and rooms (done)",
      "3. Team (done)",
      "4. Services (to do)",
      "5. Hours (to do)",
      "6. Messages",
      "7. Website (done)",
    ]);
    expect(within(steps).getByRole("button", { name: /^1\./ }).getAttribute("aria-current")).toBe(
      "step",
    );
    const es = within(renderSection(SetupSection, { step: "services" }, "es").root);
    await es.findByRole("heading", { level: 3, name: "Paso 4 de 7: Servicios" });
    expect(es.getByRole("form", { name: "Añadir el servicio" })).toBeTruthy();
  });

  it("checks new hours first, and applies over stranded visits only after the person agrees", async () => {
    const { plans } = clinic();
    const ui = within(renderSection(SetupSection, { step: "hours" }, "en").root);
    await ui.findByRole("heading", { level: 3, name: "Step 5 of 7: Hours" });
    expect((ui.getByRole("checkbox", { name: "Ana Silva" }) as HTMLInputElement).checked).toBe(
      true,
    );
    fireEvent.input(ui.getByLabelText("To, Monday"), { target: { value: "17:00" } });
    fireEvent.click(ui.getByRole("button", { name: "Check the new hours" }));
    await ui.findByText("1 booked visit(s) would fall outside the new hours.");
    expect(plans[0]).toMatchObject({ calendarIds: ["ana"], apply: false });
    expect(plans[0]?.pattern).toEqual([
      { weekdays: [1], start: "09:00", end: "17:00", breaks: [{ start: "13:00", end: "14:00" }] },
      {
        weekdays: [2, 3, 4, 5],
        start: "09:00",
        end: "18:00",
        breaks: [{ start: "13:00", end: "14:00" }],
      },
    ]);
    const apply = ui.getByRole("button", { name: "Apply the hours" }) as HTMLButtonElement;
    expect(apply.disabled).toBe(true);
    fireEvent.click(ui.getByRole("checkbox", { name: /apply anyway$/ }));
    await waitFor(() => expect(apply.disabled).toBe(false));
    fireEvent.click(apply);
    await ui.findByText("Hours saved for 1 calendar(s).");
    expect(plans[1]).toMatchObject({ apply: true, acceptConflicts: true });
  });

  it("imports the ticked public holidays of the clinic's country as closures; closed dates shown as such", async () => {
    // Ana is already closed on Liberty Day; the room is not.
    const ROOM = {
      id: "studio",
      kind: "room",
      name: "Studio",
      locationId: "baixa",
      weekly: [],
      overrides: [],
    };
    clinic({
      calendars: [
        { ...ANA, overrides: [{ type: "closed", date: "2027-04-25", reason: "Liberdade" }] },
        ROOM,
      ],
    });
    const asked: string[] = [];
    const closed: Array<[string, unknown]> = [];
    server.use(
      http.get(`${BASE}/holidays`, ({ request }) => {
        asked.push(new URL(request.url).search);
        return json({
          country: "PT",
          countryName: "Portugal",
          year: 2027,
          holidays: [
            { date: "2027-04-25", name: "Dia da Liberdade" },
            { date: "2027-06-10", name: "Dia de Portugal" },
            { date: "2027-12-25", name: "Natal" },
          ],
        });
      }),
      http.post(`${BASE}/calendars/:id/overrides`, async ({ params, request }) => {
        closed.push([String(params.id), await request.json()]);
        return json({ calendar: ROOM });
      }),
    );
    const ui = within(renderSection(SetupSection, { step: "hours" }, "en").root);
    const form = await ui.findByRole("form", { name: "Import public holidays" });
    // The country is the server's `holidayCountry` (here the locale's region, pt-PT).
    expect((within(form).getByLabelText(/^Country/) as HTMLInputElement).value).toBe("PT");
    const year = within(form).getByRole("combobox", { name: "Year" }) as HTMLSelectElement;
    const next = String(Number(year.value) + 1);
    fireEvent.change(year, { target: { value: next } });
    fireEvent.click(within(form).getByRole("button", { name: "Show the public holidays" }));
    await ui.findByText("3 public holiday(s) in Portugal in 2027.");
    expect(asked).toEqual([`?country=PT&year=${next}`]);
    const list = ui.getByRole("group", { name: "Public holidays in Portugal, 2027" });
    // Ana is closed on 25 April but the room is not: the date is still offered, ticked.
    const liberty = within(list).getByRole("checkbox", { name: /Dia da Liberdade$/ });
    expect((liberty as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(list).getByRole("checkbox", { name: /Natal$/ }));
    fireEvent.click(within(list).getByRole("button", { name: "Close on the ticked holidays" }));
    await ui.findByText("Closed on 2 date(s).");
    // Each calendar gets only the dates it is not closed on yet, named after the holiday.
    expect(closed).toEqual([
      ["ana", { type: "closed", date: "2027-06-10", reason: "Dia de Portugal" }],
      ["studio", { type: "closed", date: "2027-04-25", reason: "Dia da Liberdade" }],
      ["studio", { type: "closed", date: "2027-06-10", reason: "Dia de Portugal" }],
    ]);
  });

  it("shows a holiday closed on every chosen calendar as already closed, not to import again", async () => {
    clinic({
      calendars: [{ ...ANA, overrides: [{ type: "closed", date: "2027-04-25" }] }],
    });
    server.use(
      http.get(`${BASE}/holidays`, () =>
        json({
          country: "PT",
          countryName: "Portugal",
          year: 2027,
          holidays: [{ date: "2027-04-25", name: "Dia da Liberdade" }],
        }),
      ),
    );
    const ui = within(renderSection(SetupSection, { step: "hours" }, "en").root);
    const form = await ui.findByRole("form", { name: "Import public holidays" });
    fireEvent.click(within(form).getByRole("button", { name: "Show the public holidays" }));
    const box = (await ui.findByRole("checkbox", {
      name: /Dia da Liberdade \(already closed\)$/,
    })) as HTMLInputElement;
    expect(box.disabled).toBe(true);
    expect(
      (ui.getByRole("button", { name: "Close on the ticked holidays" }) as HTMLButtonElement)
        .disabled,
    ).toBe(true);
  });

  it("edits a service in place: the form opens filled, the change goes out as a PATCH", async () => {
    const PHYSIO = {
      id: "physio",
      name: "Physio",
      category: "Physio",
      discipline: "physio",
      durationMinutes: 50,
      price: { amount: 3500, currency: "EUR" },
      capacity: 1,
      onlineBookable: true,
    };
    clinic({ services: [PHYSIO] });
    const patches: unknown[] = [];
    server.use(
      http.patch(`${BASE}/services/physio`, async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        patches.push(body);
        return json({ service: { ...PHYSIO, ...body } });
      }),
    );
    const ui = within(renderSection(SetupSection, { step: "services" }, "en").root);
    fireEvent.click(await ui.findByRole("button", { name: "Edit Physio" }));
    const form = ui.getByRole("form", { name: "Edit Physio" });
    const price = within(form).getByRole("textbox", { name: "Price" }) as HTMLInputElement;
    expect(price.value).toBe("35.00");
    const duration = within(form).getByRole("spinbutton", { name: "Duration (minutes)" });
    expect((duration as HTMLInputElement).value).toBe("50");
    fireEvent.input(duration, { target: { value: "45" } });
    fireEvent.input(price, { target: { value: "38.50" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save the changes" }));
    await ui.findByText("Physio saved.");
    expect(patches).toEqual([
      {
        name: "Physio",
        category: "Physio",
        durationMinutes: 45,
        price: { amount: 3850, currency: "EUR" },
        capacity: 1,
        onlineBookable: true,
      },
    ]);
  });

  it("edits a room, and removes one only after asking; the server's refusal is shown as it comes", async () => {
    const STUDIO = {
      id: "studio",
      kind: "room",
      name: "Studio",
      locationId: "baixa",
      resourceKind: "studio",
      disciplines: ["pilates"],
    };
    clinic({ calendars: [ANA, STUDIO] });
    const calls: Array<[string, unknown]> = [];
    server.use(
      http.patch(`${BASE}/calendars/studio`, async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        calls.push(["PATCH", body]);
        return json({ calendar: { ...STUDIO, ...body } });
      }),
      http.delete(`${BASE}/calendars/studio`, () => {
        calls.push(["DELETE", null]);
        return HttpResponse.json(
          {
            type: "urn:bookwell:problem:conflict",
            title: "The request conflicts with the current state",
            status: 409,
            code: "CONFLICT",
            detail:
              "The calendar has 2 booked visit(s) from now on: move or cancel them before removing it",
            reason: "FUTURE_VISITS",
            visits: 2,
          },
          { status: 409, headers: { ...CORS, "content-type": "application/problem+json" } },
        );
      }),
    );
    const ui = within(renderSection(SetupSection, { step: "places" }, "en").root);
    fireEvent.click(await ui.findByRole("button", { name: "Edit Studio" }));
    const form = ui.getByRole("form", { name: "Edit Studio" });
    expect(
      (within(form).getByRole("textbox", { name: "Disciplines" }) as HTMLInputElement).value,
    ).toBe("pilates");
    fireEvent.input(within(form).getByRole("textbox", { name: "Name" }), {
      target: { value: "Pilates studio" },
    });
    fireEvent.click(within(form).getByRole("button", { name: "Save the changes" }));
    await ui.findByText("Pilates studio saved.");
    expect(calls).toEqual([
      ["PATCH", { name: "Pilates studio", disciplines: ["pilates"], resourceKind: "studio" }],
    ]);

    // Remove asks first; Cancel sends nothing.
    fireEvent.click(await ui.findByRole("button", { name: "Remove Studio" }));
    const ask = ui.getByRole("group", { name: /^Remove Studio\? It can no longer be booked/ });
    fireEvent.click(within(ask).getByRole("button", { name: "Cancel" }));
    expect(calls).toHaveLength(1);
    fireEvent.click(await ui.findByRole("button", { name: "Remove Studio" }));
    fireEvent.click(ui.getByRole("button", { name: "Yes, remove" }));
    await ui.findByText(/The calendar has 2 booked visit\(s\) from now on/);
    expect(calls[1]).toEqual(["DELETE", null]);
  });

  it("preselects the holiday country the server answers, and saves the clinic's country in the clinic step", async () => {
    clinic({ settings: { ...SETTINGS, locale: "en", country: "IE", holidayCountry: "IE" } });
    const saved: unknown[] = [];
    server.use(
      http.patch(`${BASE}/settings`, async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        saved.push(body);
        return json({ settings: { ...SETTINGS, ...body } });
      }),
    );
    const hours = within(renderSection(SetupSection, { step: "hours" }, "en").root);
    const form = await hours.findByRole("form", { name: "Import public holidays" });
    expect((within(form).getByLabelText(/^Country/) as HTMLInputElement).value).toBe("IE");
    unmountSections();

    const ui = within(renderSection(SetupSection, { step: "clinic" }, "en").root);
    const country = (await ui.findByLabelText(/^Country \(two-letter code\)/)) as HTMLInputElement;
    expect(country.value).toBe("IE");
    fireEvent.input(country, { target: { value: "pt" } });
    fireEvent.click(ui.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toMatchObject({ country: "pt" });
  });

  it("removes a service only after asking; the server's refusal is shown; a removed one comes back with Restore", async () => {
    const PHYSIO = {
      id: "physio",
      name: "Physio",
      discipline: "physio",
      durationMinutes: 50,
      price: { amount: 3500, currency: "EUR" },
      active: true,
    };
    let visitsAhead = 1;
    let active = true;
    const lists: string[] = [];
    const deletes: string[] = [];
    const patches: unknown[] = [];
    clinic();
    server.use(
      http.get(`${BASE}/services`, ({ request }) => {
        lists.push(new URL(request.url).search);
        return json({ services: [{ ...PHYSIO, active }] });
      }),
      http.patch(`${BASE}/services/physio`, async ({ request }) => {
        const body = (await request.json()) as { active?: boolean };
        patches.push(body);
        active = body.active ?? active;
        return json({ service: { ...PHYSIO, active } });
      }),
      http.delete(`${BASE}/services/physio`, () => {
        deletes.push("physio");
        if (visitsAhead > 0) {
          return HttpResponse.json(
            {
              type: "urn:bookwell:problem:conflict",
              title: "The request conflicts with the current state",
              status: 409,
              code: "CONFLICT",
              detail:
                "The service has 1 booked visit(s) from now on: move or cancel them before removing it",
              reason: "FUTURE_VISITS",
              visits: 1,
            },
            { status: 409, headers: { ...CORS, "content-type": "application/problem+json" } },
          );
        }
        active = false;
        return json({ service: { ...PHYSIO, active } });
      }),
    );
    const ui = within(renderSection(SetupSection, { step: "services" }, "en").root);
    // The wizard reads every service; the removed ones are listed apart.
    fireEvent.click(await ui.findByRole("button", { name: "Remove Physio" }));
    expect(lists[0]).toBe("");
    expect(ui.queryByRole("button", { name: "Restore Physio" })).toBeNull();
    const ask = ui.getByRole("group", { name: /^Remove Physio\? It can no longer be booked/ });
    fireEvent.click(within(ask).getByRole("button", { name: "Cancel" }));
    expect(deletes).toEqual([]);
    fireEvent.click(await ui.findByRole("button", { name: "Remove Physio" }));
    fireEvent.click(ui.getByRole("button", { name: "Yes, remove" }));
    await ui.findByText(/The service has 1 booked visit\(s\) from now on/);
    expect(deletes).toEqual(["physio"]);

    // The visit was moved: removing it now archives it, and the list no longer shows it.
    visitsAhead = 0;
    fireEvent.click(await ui.findByRole("button", { name: "Remove Physio" }));
    fireEvent.click(ui.getByRole("button", { name: "Yes, remove" }));
    await ui.findByText("Physio removed.");
    await waitFor(() => expect(ui.queryByRole("button", { name: "Remove Physio" })).toBeNull());
    expect(deletes).toEqual(["physio", "physio"]);

    // Removed by mistake: Restore sends `active: true` and it is back in the list.
    expect(ui.getByRole("heading", { name: /^Removed/ })).toBeTruthy();
    fireEvent.click(ui.getByRole("button", { name: "Restore Physio" }));
    await ui.findByText("Physio is back.");
    expect(patches).toEqual([{ active: true }]);
    await ui.findByRole("button", { name: "Remove Physio" });
    expect(ui.queryByRole("button", { name: "Restore Physio" })).toBeNull();
  });

  it("lists a therapist's calendar made without a team member in the Team step, with Edit and Remove", async () => {
    clinic({ calendars: [{ ...ANA, disciplines: ["physio"] }] });
    const ui = within(renderSection(SetupSection, { step: "team" }, "en").root);
    const edit = await ui.findByRole("button", { name: "Edit Ana Silva" });
    const list = edit.closest("ul") as HTMLElement;
    expect(list.textContent).toContain("Ana Silva — physio · Baixa");
    expect(within(list).getByRole("button", { name: "Edit Ana Silva" })).toBeTruthy();
    expect(within(list).getByRole("button", { name: "Remove Ana Silva" })).toBeTruthy();
    expect(ui.queryByText("None yet.")).toBeNull();
  });

  it("needsSetup: true without a service or without a therapist", async () => {
    const client = createStaffClient({ api: API, apiKey: "bw_sk_test" });
    clinic({ services: [] });
    expect(await needsSetup(client)).toBe(true);
    clinic({ services: [{ id: "physio", name: "Physio" }], calendars: [] });
    expect(await needsSetup(client)).toBe(true);
    clinic({ services: [{ id: "physio", name: "Physio" }] });
    expect(await needsSetup(client)).toBe(false);
  });
});
