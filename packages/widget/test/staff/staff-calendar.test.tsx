// Component tests of the staff calendar (happy-dom + msw): columns, blocks, status bar toggles,
// the create flow with a soft violation and "override and book", status actions, the provider's
// view and keyboard navigation.
import { fireEvent, waitFor, within } from "@testing-library/preact";
import { delay, HttpResponse, http } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { type MountedStaffCalendar, mountStaffCalendar } from "../../src/staff/index.js";
import { hoursOn, instantOf, placeLanes, visibleRange } from "../../src/staff/layout.js";
import { server, useMockServer } from "../render.js";
import { DAY, STAFF_API, type StaffMock, staffMock } from "./staff-mocks.js";

useMockServer();

/**
 * Matches a block's accessible name with whitespace normalised: happy-dom's layout puts spaces
 * around the block's lines that chromium does not (the e2e test checks the exact names there).
 */
function block(pattern: string | RegExp) {
  return (name: string) => {
    const clean = name.replace(/\s+/g, " ").replace(/ ,/g, ",").trim();
    return typeof pattern === "string" ? clean === pattern : pattern.test(clean);
  };
}
const mounted: MountedStaffCalendar[] = [];

/** Enters a new patient (name and phone) in the booking panel. */
function newPatient(panel: ReturnType<typeof within>, name: string, phone = "+351 930 000 000") {
  fireEvent.click(panel.getByRole("button", { name: "New patient" }));
  fireEvent.input(panel.getByLabelText("Name"), { target: { value: name } });
  fireEvent.input(panel.getByLabelText("Phone"), { target: { value: phone } });
}
const bookings = (mock: StaffMock) =>
  mock.requests.filter((r) => r.method === "POST" && r.path.endsWith("/v1/staff/appointments"));
afterEach(() => {
  for (const m of mounted.splice(0)) m.unmount();
});

function render(
  role: "manager" | "provider" = "manager",
  locale?: "en" | "pt" | "es",
): {
  mock: StaffMock;
  ui: ReturnType<typeof within>;
  root: ShadowRoot;
} {
  const mock = staffMock(role);
  server.use(...mock.handlers);
  const host = document.createElement("div");
  document.body.appendChild(host);
  const m = mountStaffCalendar(host, {
    api: STAFF_API,
    apiKey: "bw_sk_test",
    date: DAY,
    pollSeconds: 0,
    ...(locale ? { locale } : {}),
  });
  mounted.push(m);
  const root = m.shadowRoot;
  return { mock, root, ui: within(root.querySelector(".bw-staff-root") as HTMLElement) };
}

describe("staff calendar", () => {
  it("shows one person's calendars at several sites side by side, named with the person", async () => {
    const { ui } = render();
    const dora = { id: "dora", name: "Dora Reis" };
    server.use(
      http.get("*/v1/staff/views/day", () =>
        HttpResponse.json({
          timeZone: "Europe/Lisbon",
          from: DAY,
          to: DAY,
          calendars: [
            { id: "ana", name: "Dora Reis — Lisboa", kind: "provider", member: dora },
            { id: "bruno", name: "Bruno Costa", kind: "provider" },
            { id: "room-1", name: "Room 1", kind: "room" },
            { id: "dora-porto", name: "Dora Reis — Porto", kind: "provider", member: dora },
          ],
          appointments: [],
          counts: { total: 0, statuses: [], days: [] },
        }),
      ),
    );
    await ui.findByRole("grid");
    await waitFor(() =>
      expect(ui.getAllByRole("columnheader").map((h: HTMLElement) => h.textContent)).toEqual([
        "Time",
        "Dora Reis — LisboaproviderDora Reis",
        "Dora Reis — PortoproviderDora Reis",
        "Bruno Costaprovider",
        "Room 1room",
      ]),
    );
  });

  it("shows a column per calendar, blocks with full names and hides canceled visits", async () => {
    const { ui, mock } = render();
    await ui.findByRole("grid");
    expect(ui.getAllByRole("columnheader").map((h: HTMLElement) => h.textContent)).toEqual([
      "Time",
      "Ana Silvaprovider",
      "Bruno Costaprovider",
      "Room 1room",
    ]);
    const maria = await ui.findByRole("button", {
      name: block("09:00–09:45 Maria Santos, Physiotherapy session, Booked"),
    });
    const joao = ui.getByRole("button", {
      name: block("09:30–10:15 João Lima, Physiotherapy session, Confirmed"),
    });
    // Overlapping visits share the column side by side.
    expect(maria.style.left).not.toBe(joao.style.left);
    expect(ui.queryByRole("button", { name: /Rita Alves/ })).toBeNull();
    // Rows from the union of the room's visible hours (08:00–18:00) and the shifts.
    expect(ui.getAllByRole("row")).toHaveLength(1 + 40);
    // Breaks and shifts are shown.
    expect(ui.getByRole("gridcell", { name: "Ana Silva 12:15, break" })).toBeTruthy();
    expect(ui.getByRole("gridcell", { name: "Ana Silva 08:00, off shift" })).toBeTruthy();
    expect(mock.requests.find((r) => r.path.endsWith("/me"))?.auth).toBe("Bearer bw_sk_test");
  });

  it("counts visits per status and toggles canceled ones into view", async () => {
    const { ui } = render();
    const canceled = await ui.findByRole("button", { name: "Canceled 1" });
    expect(canceled.getAttribute("aria-pressed")).toBe("false");
    expect(ui.getByRole("button", { name: "Booked 1" }).getAttribute("aria-pressed")).toBe("true");
    expect(ui.getByText("Total 2")).toBeTruthy();
    fireEvent.click(canceled);
    await ui.findByRole("button", { name: block(/Rita Alves, Physiotherapy session, Canceled/) });
    fireEvent.click(ui.getByRole("button", { name: "Booked 1" }));
    await waitFor(() => expect(ui.queryByRole("button", { name: /Maria Santos/ })).toBeNull());
  });

  it("books from a free cell, shows a soft violation and books with the override", async () => {
    const { ui, mock } = render();
    fireEvent.click(await ui.findByRole("gridcell", { name: "Bruno Costa 11:00, on shift" }));
    const dialog = await ui.findByRole("dialog", { name: "New appointment" });
    const panel = within(dialog);
    newPatient(panel, "Eva Rocha");
    fireEvent.submit(
      panel.getByRole("button", { name: "Book" }).closest("form") as HTMLFormElement,
    );
    const alert = await panel.findByRole("alert");
    expect(alert.textContent).toMatch(
      /Warning: .*Bruno Costa already has a visit at that time\. Staff may book it anyway\./,
    );
    expect(alert.textContent).not.toContain("OVERLAP");
    fireEvent.click(panel.getByRole("button", { name: "Override and book" }));
    await ui.findByRole("button", {
      name: block(/^11:00–11:45 Eva Rocha, Physiotherapy session, Booked$/),
    });
    // The new patient is created once (with duplicate detection), then booked by id.
    const intakes = mock.requests.filter((r) => r.path.endsWith("/clients/intake"));
    expect(intakes.map((r) => r.body)).toEqual([{ name: "Eva Rocha", phone: "+351 930 000 000" }]);
    expect(bookings(mock).map((r) => r.body)).toEqual([
      {
        serviceId: "physio",
        providerId: "bruno",
        start: "2026-03-09T11:00:00.000Z",
        clientId: "cli_new",
      },
      {
        serviceId: "physio",
        providerId: "bruno",
        start: "2026-03-09T11:00:00.000Z",
        clientId: "cli_new",
        overrides: ["OVERLAP"],
      },
    ]);
  });

  it("regression: booking again after a network failure sends the same idempotency key (no second visit)", async () => {
    const { ui } = render();
    const sent: Array<{ key: string | null; overrides: boolean }> = [];
    let dropOne = true;
    server.use(
      http.post("*/v1/staff/appointments", async ({ request }) => {
        const body = (await request.clone().json()) as { overrides?: unknown };
        sent.push({ key: request.headers.get("idempotency-key"), overrides: "overrides" in body });
        // The server booked it but the answer is lost on the way back.
        if (body.overrides && dropOne) {
          dropOne = false;
          return HttpResponse.error();
        }
        return undefined;
      }),
    );
    fireEvent.click(await ui.findByRole("gridcell", { name: "Bruno Costa 11:00, on shift" }));
    const panel = within(await ui.findByRole("dialog", { name: "New appointment" }));
    newPatient(panel, "Eva Rocha");
    const submit = () =>
      fireEvent.submit(
        panel.getByRole("button", { name: "Book" }).closest("form") as HTMLFormElement,
      );
    submit();
    fireEvent.click(await panel.findByRole("button", { name: "Override and book" }));
    await waitFor(() => expect(sent).toHaveLength(2));
    // The failure is said (it was an unhandled rejection and the warning stayed as it was).
    expect(
      (await panel.findByText(/^Override and book failed:/)).parentElement?.textContent,
    ).toMatch(/Network error/);
    // The desk tries again: the warning again, then the override with the lost booking's key.
    submit();
    fireEvent.click(await panel.findByRole("button", { name: "Override and book" }));
    await ui.findByRole("button", {
      name: block(/^11:00–11:45 Eva Rocha, Physiotherapy session, Booked$/),
    });
    expect(sent.map((s) => s.overrides)).toEqual([false, true, false, true]);
    expect(sent.every((s) => s.key && s.key.length >= 32)).toBe(true);
    expect(sent[3]?.key).toBe(sent[1]?.key);
    expect(sent[2]?.key).not.toBe(sent[0]?.key);
  });

  it("offers only services the server has not removed for a new visit; existing visits keep their service's name", async () => {
    const { ui } = render();
    server.use(
      http.get("*/v1/staff/services", () =>
        HttpResponse.json(
          {
            services: [
              { id: "physio", name: "Physiotherapy session", discipline: "physio", active: false },
              { id: "massage", name: "Sports massage", discipline: "massage", active: true },
            ],
          },
          { headers: { "access-control-allow-origin": "*" } },
        ),
      ),
    );
    await ui.findByRole("button", {
      name: block("09:00–09:45 Maria Santos, Physiotherapy session, Booked"),
    });
    // Bruno does physio and massage: only the massage, not removed, is offered.
    fireEvent.click(await ui.findByRole("gridcell", { name: "Bruno Costa 11:00, on shift" }));
    const panel = within(await ui.findByRole("dialog", { name: "New appointment" }));
    const options = [...(panel.getByLabelText("Service") as HTMLSelectElement).options];
    expect(options.map((o) => o.value)).toEqual(["massage"]);
  });

  it("blocks a booking with a hard violation: the reason, and no override", async () => {
    const { ui, mock } = render();
    server.use(
      http.post("*/v1/staff/appointments", () =>
        HttpResponse.json(
          {
            status: 422,
            code: "BOOKING_RULE_VIOLATED",
            detail: "Room 1 is in another location.",
            violations: [
              { code: "LOCATION_MISMATCH", severity: "hard", message: "another location" },
              { code: "OVERLAP", severity: "soft", message: "bruno is busy" },
            ],
          },
          { status: 422, headers: { "access-control-allow-origin": "*" } },
        ),
      ),
    );
    fireEvent.click(await ui.findByRole("gridcell", { name: "Bruno Costa 11:00, on shift" }));
    const panel = within(await ui.findByRole("dialog", { name: "New appointment" }));
    newPatient(panel, "Eva Rocha");
    fireEvent.submit(
      panel.getByRole("button", { name: "Book" }).closest("form") as HTMLFormElement,
    );
    const alert = await panel.findByRole("alert");
    expect(alert.textContent).toMatch(/^Not possible: Room 1 is in another location\./);
    expect(alert.textContent).toContain(
      "this calendar works at another location. This cannot be overridden.",
    );
    expect(panel.queryByRole("button", { name: /Override/ })).toBeNull();
    expect(mock.appointments.some((a) => a.contact?.name === "Eva Rocha")).toBe(false);
  });

  it("offers only the allowed status actions and applies one", async () => {
    const { ui, mock } = render();
    fireEvent.click(await ui.findByRole("button", { name: /Maria Santos/ }));
    const panel = within(await ui.findByRole("dialog", { name: "Maria Santos" }));
    expect(
      within(panel.getByRole("group", { name: "Status actions" }))
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual(["Confirm", "No-show", "Cancel visit"]);
    await panel.findByText("Left knee");
    await panel.findByText(/appointment\.created/);
    fireEvent.click(panel.getByRole("button", { name: "Confirm" }));
    await ui.findByRole("button", {
      name: block(/Maria Santos, Physiotherapy session, Confirmed/),
    });
    expect(mock.requests.at(-1)).toMatchObject({
      path: "/api/v1/staff/appointments/a1/status",
      body: { action: "confirm" },
    });
    await panel.findByRole("button", { name: "Undo last status" });
  });

  it("shows the visit's case, package balance and charges in its panel", async () => {
    const { ui } = render();
    fireEvent.click(await ui.findByRole("button", { name: /Maria Santos/ }));
    const panel = within(await ui.findByRole("dialog", { name: "Maria Santos" }));
    expect(await panel.findByText("Left knee rehab")).toBeTruthy();
    expect(
      panel.getByText("10 physio sessions: 3 of 10 used, 7 left, valid until 2026-12-31"),
    ).toBeTruthy();
    expect(panel.getByText("Physiotherapy session · not paid")).toBeTruthy();
  });

  it("repeats a visit weekly with a result per date, then books all valid ones", async () => {
    const { ui, mock } = render();
    fireEvent.click(await ui.findByRole("button", { name: /Maria Santos/ }));
    const panel = within(await ui.findByRole("dialog", { name: "Maria Santos" }));
    // The visit's own weekday (Monday) is ticked; three weeks.
    expect((panel.getByRole("checkbox", { name: "Mon" }) as HTMLInputElement).checked).toBe(true);
    fireEvent.input(panel.getByRole("spinbutton", { name: "Weeks" }), { target: { value: "3" } });
    fireEvent.click(panel.getByRole("button", { name: "Check dates" }));
    const list = within(await panel.findByRole("list", { name: "Result per date" }));
    expect(list.getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "Mon, Mar 16 09:00 — free",
      "Mon, Mar 23 09:00 — conflict: Ana Silva already has a visit at that time. Nearest free time that day: 11:00.",
      "Mon, Mar 30 09:00 — free",
    ]);
    expect(panel.getByText("Free: 2 of 3 dates. With a conflict: 1.")).toBeTruthy();
    expect(mock.requests.at(-1)).toMatchObject({
      path: "/api/v1/staff/appointments/a1/repeat",
      body: { weekdays: [1], weeks: 3, dryRun: true, mode: "all-valid" },
    });
    fireEvent.click(panel.getByRole("button", { name: "Book all valid (2)" }));
    await waitFor(() =>
      expect(list.getAllByRole("listitem").map((li) => li.textContent)).toEqual([
        "Mon, Mar 16 09:00 — booked",
        "Mon, Mar 23 09:00 — conflict: Ana Silva already has a visit at that time. Nearest free time that day: 11:00.",
        "Mon, Mar 30 09:00 — booked",
      ]),
    );
    expect(mock.requests.at(-1)).toMatchObject({ body: { dryRun: false, mode: "all-valid" } });
  });

  it("in Portuguese: the repeat panel, its result per date and the conflict are worded in Portuguese", async () => {
    const { ui } = render("manager", "pt");
    fireEvent.click(await ui.findByRole("button", { name: /Maria Santos/ }));
    const panel = within(await ui.findByRole("dialog", { name: "Maria Santos" }));
    expect((panel.getByRole("checkbox", { name: "seg." }) as HTMLInputElement).checked).toBe(true);
    // The Portuguese texts load beside the panel.
    fireEvent.input(await panel.findByRole("spinbutton", { name: "Semanas" }), {
      target: { value: "3" },
    });
    fireEvent.click(panel.getByRole("button", { name: "Verificar as datas" }));
    const list = within(await panel.findByRole("list", { name: "Resultado por data" }));
    expect(list.getAllByRole("listitem")[1]?.textContent).toMatch(
      / 09:00 — conflito: Ana Silva já tem uma consulta a essa hora\. Hora livre mais próxima nesse dia: 11:00\.$/,
    );
    expect(panel.getByText("Livres: 2 de 3 datas. Com conflito: 1.")).toBeTruthy();
    fireEvent.click(panel.getByRole("button", { name: "Marcar todas as válidas (2)" }));
    await panel.findByText("Marcadas: 2 de 3 datas. Com conflito: 1.");
  });

  it("copies a visit to another date at the same time, checking it first", async () => {
    const { ui, mock } = render();
    fireEvent.click(await ui.findByRole("button", { name: /Maria Santos/ }));
    const panel = within(await ui.findByRole("dialog", { name: "Maria Santos" }));
    fireEvent.click(panel.getByRole("radio", { name: "Copy to a date" }));
    fireEvent.input(panel.getByLabelText("Date (at 09:00)"), { target: { value: "2026-03-12" } });
    fireEvent.click(panel.getByRole("button", { name: "Check dates" }));
    await panel.findByText("Thu, Mar 12 09:00 — free");
    expect(mock.requests.at(-1)).toMatchObject({
      path: "/api/v1/staff/appointments/a1/copy",
      body: { starts: ["2026-03-12T09:00:00.000Z"], dryRun: true },
    });
  });

  it("keeps the day on screen when a slower answer for another day arrives after it", async () => {
    const { ui } = render();
    await ui.findByRole("button", { name: /Maria Santos/ });
    // The answer for Tuesday is slow; the user goes › and straight back ‹ to Monday.
    server.use(
      http.get("*/v1/staff/views/day", async ({ request }) => {
        if (new URL(request.url).searchParams.get("date") === "2026-03-10") await delay(300);
        return undefined;
      }),
    );
    fireEvent.click(ui.getByRole("button", { name: "Next day" }));
    fireEvent.click(ui.getByRole("button", { name: "Previous day" }));
    await ui.findByRole("button", { name: /Maria Santos/ });
    await new Promise((done) => setTimeout(done, 500));
    expect(ui.getByRole("button", { name: /Maria Santos/ })).toBeTruthy();
  });

  it("shows a provider only its calendar and no audit trail", async () => {
    const { ui } = render("provider");
    await ui.findByRole("grid");
    expect(ui.getAllByRole("columnheader").map((h: HTMLElement) => h.textContent)).toEqual([
      "Time",
      "Ana Silvaprovider",
    ]);
    expect(ui.getByText("Provider: 1 calendar")).toBeTruthy();
    fireEvent.click(await ui.findByRole("button", { name: /Maria Santos/ }));
    await ui.findByText("The audit trail is not available to your role.");
  });

  it("filters the columns by discipline", async () => {
    const { ui } = render();
    await ui.findByRole("grid");
    fireEvent.change(ui.getByLabelText("Discipline"), { target: { value: "massage" } });
    await waitFor(() =>
      expect(ui.getAllByRole("columnheader").map((h: HTMLElement) => h.textContent)).toEqual([
        "Time",
        "Bruno Costaprovider",
        "Room 1room",
      ]),
    );
  });

  it("shows a week per calendar and opens a visit's day from it", async () => {
    const { ui } = render();
    await ui.findByRole("grid");
    fireEvent.click(ui.getByRole("button", { name: "Week" }));
    const table = await ui.findByRole("table", { name: /Week of/ });
    const rows = within(table).getAllByRole("row");
    expect(rows.map((r) => r.querySelector("th")?.textContent)).toEqual([
      "Calendar",
      "Ana Silva",
      "Bruno Costa",
      "Room 1",
    ]);
    const chip = within(table).getByRole("button", { name: block("09:00 Maria Santos, Booked") });
    expect(within(table).queryByRole("button", { name: /Rita Alves/ })).toBeNull();
    fireEvent.click(chip);
    await ui.findByRole("grid");
    await ui.findByRole("dialog", { name: "Maria Santos" });
  });

  it("shades and names a calendar's time off in the grid", async () => {
    const { ui } = render();
    await ui.findByRole("grid");
    const off = ui.getByRole("gridcell", { name: "Bruno Costa 15:00, time off (Training)" });
    expect(off.className).toContain("bw-s-away");
    expect(off.className).not.toContain("bw-s-on");
    expect(ui.getByRole("gridcell", { name: "Bruno Costa 16:00, on shift" })).toBeTruthy();
    expect(ui.getByRole("gridcell", { name: "Ana Silva 15:00, on shift" })).toBeTruthy();
  });

  it("moves the roving focus with the arrow keys", async () => {
    const { ui, root } = render();
    const grid = await ui.findByRole("grid");
    const start = ui.getByRole("gridcell", { name: "Ana Silva 08:00, off shift" });
    expect(start.tabIndex).toBe(0);
    start.focus();
    fireEvent.keyDown(grid, { key: "ArrowRight" });
    await waitFor(() =>
      expect(root.activeElement?.textContent).toBe("Bruno Costa 08:00, off shift"),
    );
    fireEvent.keyDown(grid, { key: "ArrowDown" });
    await waitFor(() =>
      expect(root.activeElement?.textContent).toBe("Bruno Costa 08:15, off shift"),
    );
    expect(start.tabIndex).toBe(-1);
  });
});

describe("find a time", () => {
  const search = async (panel: ReturnType<typeof within>) => {
    fireEvent.submit(
      panel.getByRole("button", { name: "Search" }).closest("form") as HTMLFormElement,
    );
    return within(await panel.findByRole("list", { name: "Free times" }));
  };

  it("in Portuguese: Find a time is worded in Portuguese", async () => {
    const { ui } = render("manager", "pt");
    await ui.findByRole("grid");
    fireEvent.click(await ui.findByRole("button", { name: "Procurar horário" }));
    const panel = within(await ui.findByRole("dialog", { name: "Procurar horário" }));
    expect((panel.getByLabelText("De") as HTMLInputElement).value).toBe(DAY);
    fireEvent.click(panel.getByRole("radio", { name: "Agendas escolhidas" }));
    fireEvent.click(panel.getByRole("checkbox", { name: "Ana Silva" }));
    fireEvent.click(panel.getByRole("button", { name: "Procurar" }));
    await panel.findByText(/^Horas livres encontradas: \d+\.$/);
    expect(panel.getByRole("list", { name: "Horas livres" })).toBeTruthy();
    expect(panel.getByRole("button", { name: "Fechar" })).toBeTruthy();
  });

  it("searches chosen calendars and opens the create panel at the chosen time and calendar", async () => {
    const { ui, mock } = render();
    await ui.findByRole("grid");
    fireEvent.click(ui.getByRole("button", { name: "Find a time" }));
    const panel = within(await ui.findByRole("dialog", { name: "Find a time" }));
    expect((panel.getByLabelText("From") as HTMLInputElement).value).toBe(DAY);
    expect((panel.getByLabelText("To") as HTMLInputElement).value).toBe("2026-03-15");
    fireEvent.click(panel.getByRole("radio", { name: "Chosen calendars" }));
    const search0 = panel.getByRole("button", { name: "Search" }) as HTMLButtonElement;
    // Nothing ticked yet: nothing to search.
    expect(search0.disabled).toBe(true);
    fireEvent.click(panel.getByRole("checkbox", { name: "Ana Silva" }));
    fireEvent.click(panel.getByRole("checkbox", { name: "Bruno Costa" }));
    const list = await search(panel);
    expect(list.getAllByRole("button").map((b) => b.textContent)).toEqual([
      "Mon, Mar 9 11:00–11:45, Ana Silva",
      "Mon, Mar 9 11:00–11:45, Bruno Costa",
      "Tue, Mar 10 14:00–14:45, Ana Silva",
      "Tue, Mar 10 14:00–14:45, Bruno Costa",
    ]);
    expect(panel.getByText("Free times found: 4.")).toBeTruthy();
    const asked = mock.requests.find((r) => r.path.endsWith("/v1/staff/slots"));
    expect(Object.fromEntries(new URLSearchParams(asked?.query))).toEqual({
      serviceId: "physio",
      from: DAY,
      to: "2026-03-15",
      calendarIds: "ana,bruno",
    });
    fireEvent.click(list.getByRole("button", { name: "Tue, Mar 10 14:00–14:45, Bruno Costa" }));
    const create = within(await ui.findByRole("dialog", { name: "New appointment" }));
    expect(create.getByText("Bruno Costa, Tuesday, March 10, 2026, 14:00")).toBeTruthy();
    expect((create.getByLabelText("Service") as HTMLSelectElement).value).toBe("physio");
    await ui.findByRole("heading", { name: "Tuesday, March 10, 2026" });
    newPatient(create, "Eva Rocha");
    fireEvent.submit(
      create.getByRole("button", { name: "Book" }).closest("form") as HTMLFormElement,
    );
    await create.findByRole("alert");
    expect(bookings(mock)[0]?.body).toEqual({
      serviceId: "physio",
      providerId: "bruno",
      start: "2026-03-10T14:00:00.000Z",
      clientId: "cli_new",
    });
  });

  it("searches any available by default, offers only calendars of the service's discipline and remembers the search", async () => {
    const { ui, mock } = render();
    await ui.findByRole("grid");
    fireEvent.click(ui.getByRole("button", { name: "Find a time" }));
    let panel = within(await ui.findByRole("dialog", { name: "Find a time" }));
    fireEvent.change(panel.getByLabelText("Service"), { target: { value: "massage" } });
    fireEvent.click(panel.getByRole("radio", { name: "Chosen calendars" }));
    // Only Bruno does massage.
    expect(panel.getAllByRole("checkbox").map((c) => c.parentElement?.textContent?.trim())).toEqual(
      ["Bruno Costa"],
    );
    fireEvent.click(panel.getByRole("radio", { name: "Any available" }));
    const list = await search(panel);
    expect(list.getAllByRole("button").map((b) => b.textContent)).toEqual([
      "Mon, Mar 9 11:00–12:00, Bruno Costa",
      "Tue, Mar 10 14:00–15:00, Ana Silva",
    ]);
    expect(new URLSearchParams(mock.requests.at(-1)?.query).has("calendarIds")).toBe(false);
    fireEvent.click(panel.getByRole("button", { name: "Close" }));
    await waitFor(() => expect(ui.queryByRole("dialog", { name: "Find a time" })).toBeNull());
    // Opened again: the same search, run again.
    fireEvent.click(ui.getByRole("button", { name: "Find a time" }));
    panel = within(await ui.findByRole("dialog", { name: "Find a time" }));
    await panel.findByRole("list", { name: "Free times" });
    expect((panel.getByLabelText("Service") as HTMLSelectElement).value).toBe("massage");
    expect(mock.requests.filter((r) => r.path.endsWith("/v1/staff/slots"))).toHaveLength(2);
    // The chosen time opens the create panel with the searched service.
    fireEvent.click(panel.getByRole("button", { name: "Mon, Mar 9 11:00–12:00, Bruno Costa" }));
    const create = within(await ui.findByRole("dialog", { name: "New appointment" }));
    expect((create.getByLabelText("Service") as HTMLSelectElement).value).toBe("massage");
    expect(create.getByText("Bruno Costa, Monday, March 9, 2026, 11:00")).toBeTruthy();
  });

  it("refuses a last day before the first and shows the server's refusal", async () => {
    const { ui } = render("provider");
    await ui.findByRole("grid");
    fireEvent.click(ui.getByRole("button", { name: "Find a time" }));
    const panel = within(await ui.findByRole("dialog", { name: "Find a time" }));
    fireEvent.input(panel.getByLabelText("To"), { target: { value: "2026-03-01" } });
    expect((panel.getByRole("button", { name: "Search" }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(panel.getByText("The last day must be a date on or after the first.")).toBeTruthy();
    fireEvent.input(panel.getByLabelText("To"), { target: { value: "2026-03-12" } });
    // A provider's list of calendars is only theirs; the server still has the last word.
    fireEvent.click(panel.getByRole("radio", { name: "Chosen calendars" }));
    expect(panel.getAllByRole("checkbox")).toHaveLength(1);
    server.use(
      http.get("*/v1/staff/slots", () =>
        HttpResponse.json(
          { status: 404, code: "NOT_FOUND", detail: "No provider calendar with id ana" },
          { status: 404, headers: { "access-control-allow-origin": "*" } },
        ),
      ),
    );
    fireEvent.click(panel.getByRole("checkbox", { name: "Ana Silva" }));
    fireEvent.submit(
      panel.getByRole("button", { name: "Search" }).closest("form") as HTMLFormElement,
    );
    const alert = await panel.findByRole("alert");
    expect(alert.textContent).toBe("Could not search: No provider calendar with id ana");
    expect(panel.queryByRole("list", { name: "Free times" })).toBeNull();
  });
});

describe("moving a visit", () => {
  it("regression: a visit that runs past midnight keeps its length while moved (it shrank to 15 minutes)", async () => {
    const { ui, root, mock } = render();
    const first = mock.appointments[0];
    if (!first) throw new Error("the mock has visits");
    mock.appointments.push({
      ...first,
      id: "late",
      start: `${DAY}T23:00:00Z`,
      end: "2026-03-10T00:30:00Z",
      contact: { name: "Noémia Tardia", email: "noemia@example.test" },
    });
    const grid = await ui.findByRole("grid");
    const late = await ui.findByRole("button", { name: /Noémia Tardia/ });
    expect(late.getAttribute("aria-label") ?? late.textContent).toMatch(/23:00–00:30/);
    late.focus();
    fireEvent.keyDown(late, { key: "m" });
    fireEvent.keyDown(root.activeElement ?? grid, { key: "ArrowUp" });
    fireEvent.keyDown(root.activeElement ?? grid, { key: "ArrowUp" });
    // 90 minutes from 22:30 end at 24:00 on this day's grid (past midnight it is the next day's).
    await ui.findByRole("button", { name: block(/^22:30–24:00 Noémia Tardia/) });
    fireEvent.keyDown(root.activeElement ?? grid, { key: "Escape" });
  });
});

describe("resizing a visit", () => {
  const moves = (mock: StaffMock) =>
    mock.requests.filter((r) => r.method === "POST" && r.path.endsWith("/move"));

  it("Shift+Down lengthens the focused visit by 15 minutes; Enter sends it; a conflict warns and can be overridden", async () => {
    const { ui, mock, root } = render();
    const grid = await ui.findByRole("grid");
    const joao = await ui.findByRole("button", { name: /João Lima/ });
    joao.focus();
    fireEvent.keyDown(joao, { key: "ArrowDown", shiftKey: true });
    fireEvent.keyDown(root.activeElement ?? grid, { key: "ArrowDown", shiftKey: true });
    // The pending end is shown (and named) before anything is sent.
    await ui.findByRole("button", {
      name: block("09:30–10:45 João Lima, Physiotherapy session, Confirmed"),
    });
    expect(root.activeElement?.getAttribute("data-appointment")).toBe("a2");
    expect(ui.getByRole("status").textContent).toBe(
      "Ends 10:45, 75 minutes. Enter saves, Escape cancels.",
    );
    expect(moves(mock)).toHaveLength(0);
    fireEvent.keyDown(root.activeElement ?? grid, { key: "Enter" });
    const alert = await ui.findByRole("alert");
    // Regression: the warning said "OVERLAP (soft): ana is busy then" (a code and an id).
    expect(alert.textContent).toMatch(
      /^Warning: Resize to end at 10:45 \(75 minutes\): That time .*Ana Silva already has a visit at that time\. Staff may book it anyway\./,
    );
    expect(alert.textContent).not.toMatch(/OVERLAP|\bana\b/);
    expect(moves(mock).map((r) => r.body)).toEqual([
      { start: `${DAY}T09:30:00Z`, durationMinutes: 75 },
    ]);
    fireEvent.click(within(alert).getByRole("button", { name: "Override and resize" }));
    await ui.findByRole("button", {
      name: block("09:30–10:45 João Lima, Physiotherapy session, Booked"),
    });
    expect(moves(mock).at(-1)?.body).toEqual({
      start: `${DAY}T09:30:00Z`,
      durationMinutes: 75,
      overrides: ["OVERLAP"],
    });
    await waitFor(() => expect(ui.queryByRole("alert")).toBeNull());
  });

  it("Ctrl+Shift steps by 5 minutes, Up shortens, Escape cancels without a request", async () => {
    const { ui, mock, root } = render();
    const grid = await ui.findByRole("grid");
    const maria = await ui.findByRole("button", { name: /Maria Santos/ });
    maria.focus();
    fireEvent.keyDown(maria, { key: "ArrowUp", shiftKey: true });
    await ui.findByRole("button", { name: block(/^09:00–09:30 Maria Santos/) });
    fireEvent.keyDown(root.activeElement ?? grid, { key: "Escape" });
    await ui.findByRole("button", { name: block(/^09:00–09:45 Maria Santos/) });
    expect(ui.getByRole("status").textContent).toBe("Resize canceled");
    expect(moves(mock)).toHaveLength(0);
    const again = ui.getByRole("button", { name: /Maria Santos/ });
    again.focus();
    fireEvent.keyDown(again, { key: "ArrowDown", shiftKey: true, ctrlKey: true });
    await ui.findByRole("button", { name: block(/^09:00–09:50 Maria Santos/) });
    // Never shorter than 5 minutes.
    for (let i = 0; i < 12; i++)
      fireEvent.keyDown(root.activeElement ?? grid, { key: "ArrowUp", ctrlKey: true });
    await ui.findByRole("button", { name: block(/^09:00–09:05 Maria Santos/) });
    fireEvent.keyDown(root.activeElement ?? grid, { key: "Enter" });
    await waitFor(() =>
      expect(moves(mock).map((r) => r.body)).toEqual([
        { start: `${DAY}T09:00:00Z`, durationMinutes: 5 },
      ]),
    );
  });

  it("'Change length with keyboard' in the visit's panel starts a resize on its block", async () => {
    const { ui, mock, root } = render();
    fireEvent.click(await ui.findByRole("button", { name: /Maria Santos/ }));
    const panel = within(await ui.findByRole("dialog", { name: "Maria Santos" }));
    fireEvent.click(panel.getByRole("button", { name: "Change length with keyboard" }));
    await waitFor(() => expect(root.activeElement?.getAttribute("data-appointment")).toBe("a1"));
    // The calendar's own live region (the panel has one of its own).
    expect(ui.getAllByRole("status")[0]?.textContent).toBe(
      "Ends 09:45, 45 minutes. Enter saves, Escape cancels.",
    );
    fireEvent.keyDown(root.activeElement as Element, { key: "ArrowDown" });
    await ui.findByRole("button", { name: block(/^09:00–10:00 Maria Santos/) });
    fireEvent.keyDown(root.activeElement as Element, { key: "Enter" });
    await waitFor(() =>
      expect(moves(mock).map((r) => r.body)).toEqual([
        { start: `${DAY}T09:00:00Z`, durationMinutes: 60 },
      ]),
    );
  });

  it("dragging the bottom edge changes the end in 5-minute steps; a hard refusal shows the reason only", async () => {
    const { ui, mock, root } = render();
    await ui.findByRole("grid");
    const sent: unknown[] = [];
    server.use(
      http.post("*/v1/staff/appointments/:id/move", async ({ request }) => {
        sent.push(await request.json());
        return HttpResponse.json(
          {
            status: 422,
            code: "BOOKING_RULE_VIOLATED",
            detail: "Ana Silva does not work there.",
            violations: [
              { code: "LOCATION_MISMATCH", severity: "hard", message: "another location" },
            ],
          },
          { status: 422, headers: { "access-control-allow-origin": "*" } },
        );
      }),
    );
    const maria = await ui.findByRole("button", { name: /Maria Santos/ });
    const grip = maria.querySelector("[data-resize]") as HTMLElement;
    expect(grip.getAttribute("aria-hidden")).toBe("true");
    const rowPx = 26;
    fireEvent.pointerDown(grip, { button: 0, clientX: 50, clientY: 100 });
    // Two rows (30 minutes) and a third of one (5 minutes) down.
    fireEvent.pointerMove(window, { clientX: 50, clientY: 100 + rowPx * 2 + rowPx / 3 });
    await ui.findByRole("button", { name: block(/^09:00–10:20 Maria Santos/) });
    fireEvent.pointerUp(window, { clientX: 50, clientY: 100 + rowPx * 2 + rowPx / 3 });
    const alert = await ui.findByRole("alert");
    expect(alert.textContent).toMatch(
      /^Not possible: Resize to end at 10:20 \(80 minutes\): Ana Silva does not work there\./,
    );
    expect(within(alert).queryByRole("button")).toBeNull();
    expect(sent).toEqual([{ start: `${DAY}T09:00:00Z`, durationMinutes: 80 }]);
    expect(moves(mock)).toHaveLength(0);
    // The visit is back at its stored length.
    await ui.findByRole("button", { name: block(/^09:00–09:45 Maria Santos/) });
    expect(root.querySelector('[data-moving="true"]')).toBeNull();
  });
});

describe("staff grid layout", () => {
  it("places overlapping visits in lanes and keeps separate ones full width", () => {
    const mk = (id: string, s: string, e: string) =>
      ({ id, start: `${DAY}T${s}:00Z`, end: `${DAY}T${e}:00Z` }) as never;
    const placed = placeLanes(
      [mk("a", "09:00", "10:00"), mk("b", "09:30", "10:30"), mk("c", "11:00", "11:30")],
      DAY,
    );
    expect(placed.map((p) => [p.appointment.id, p.lane, p.lanes])).toEqual([
      ["a", 0, 2],
      ["b", 1, 2],
      ["c", 0, 1],
    ]);
  });

  it("reads time off in the calendar's zone, clipped to the day", () => {
    const cal = {
      id: "x",
      kind: "provider",
      name: "X",
      timeZone: "Europe/Lisbon",
      weekly: [{ weekday: 3, start: "09:00", end: "17:00" }],
      // 14:00 Lisbon summer time is 13:00 UTC; a vacation from the evening before to noon.
      timeOff: [
        { start: "2026-07-01T13:00:00Z", end: "2026-07-01T15:30:00Z", reason: "Training" },
        { start: "2026-06-30T18:00:00Z", end: "2026-07-01T11:00:00Z" },
      ],
    };
    expect(hoursOn(cal, "2026-07-01").timeOff).toEqual([
      { start: 840, end: 990, reason: "Training" },
      { start: 0, end: 720 },
    ]);
    expect(hoursOn(cal, "2026-07-02").timeOff).toEqual([]);
  });

  it("reads shifts, breaks and overrides, and converts wall times in the clinic's zone", () => {
    const cal = {
      id: "x",
      kind: "provider",
      name: "X",
      weekly: [
        { weekday: 1, start: "09:00", end: "13:00", breaks: [{ start: "11:00", end: "11:30" }] },
      ],
      overrides: [{ type: "extra" as const, date: DAY, hours: [{ start: "15:00", end: "16:00" }] }],
    };
    expect(hoursOn(cal, DAY)).toEqual({
      shifts: [
        { start: 540, end: 780 },
        { start: 900, end: 960 },
      ],
      breaks: [{ start: 660, end: 690 }],
      closed: [],
      timeOff: [],
    });
    expect(visibleRange([cal], DAY)).toEqual({ start: 540, end: 960 });
    expect(instantOf("2026-07-01", 540, "Europe/Lisbon")).toBe("2026-07-01T08:00:00.000Z");
    expect(instantOf("2026-03-09", 540, "America/New_York")).toBe("2026-03-09T13:00:00.000Z");
  });
});
